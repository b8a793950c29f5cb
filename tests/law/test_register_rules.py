"""法60条3項: a file is a proposal target only if all three conditions hold, with reasons either way."""

from __future__ import annotations

import pytest

from tokumei.law.register import DeterminationInput, check_determination, subject_count_warning


def _answer(**kw: object) -> DeterminationInput:
    base: dict[str, object] = {
        "register_published": True,
        "disclosable": True,
        "no_hindrance": True,
        "selected": True,
        "reasons": "要件をすべて満たすため。",
    }
    base.update(kw)
    return DeterminationInput(**base)  # type: ignore[arg-type]


def test_all_conditions_and_reasons_may_be_selected() -> None:
    assert check_determination(_answer()) == []


@pytest.mark.parametrize("failing", ["register_published", "disclosable", "no_hindrance"])
def test_selecting_with_a_failing_condition_is_refused(failing: str) -> None:
    problems = check_determination(_answer(**{failing: False, f"{failing}_reason": "理由"}))
    assert [p.field for p in problems] == ["selected"]
    assert "法60条3項" in problems[0].message


def test_not_selecting_needs_reasons_too() -> None:
    problems = check_determination(_answer(selected=False, reasons=" "))
    assert [p.field for p in problems] == ["reasons"]


def test_a_failing_condition_needs_its_own_reason() -> None:
    problems = check_determination(_answer(selected=False, no_hindrance=False))
    assert [p.field for p in problems] == ["no_hindrance_reason"]


@pytest.mark.parametrize(("count", "warns"), [(None, True), (0, True), (999, True), (1000, False), (250_000, False)])
def test_subject_count_warning_at_the_rule_56_minimum(count: int | None, warns: bool) -> None:
    assert (subject_count_warning(count) is not None) == warns

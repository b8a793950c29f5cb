"""Change notifications, termination grounds and PPC report drafts (法120条; Fukuoka 第10-2, Nara §13〜15)."""

from __future__ import annotations

from datetime import date

import pytest

from tokumei.law.supervision import (
    HandlerChangeKind,
    PpcReportFacts,
    PpcReportStage,
    SupervisionRefused,
    TerminationGround,
    apply_handler_change,
    check_handler_change,
    end_of_use_overdue,
    ppc_report_lines,
)

K = HandlerChangeKind


def test_business_changes_are_routed_to_a_118_proposal() -> None:
    with pytest.raises(SupervisionRefused, match="法118条第1項後段"):
        check_handler_change(K.BUSINESS, reason="延長", before="", after="", current=["A"])


@pytest.mark.parametrize("kind", [K.ADD, K.REPLACE])
def test_add_and_replace_need_a_reason(kind: HandlerChangeKind) -> None:
    assert kind.needs_acceptance
    with pytest.raises(SupervisionRefused, match="理由が必要"):
        check_handler_change(kind, reason=" ", before="A", after="B", current=["A"])


def test_remove_and_contact_take_effect_without_acceptance() -> None:
    assert not K.REMOVE.needs_acceptance
    assert not K.CONTACT.needs_acceptance
    check_handler_change(K.REMOVE, reason="", before="A", after="", current=["A", "B"])
    with pytest.raises(SupervisionRefused, match="1人もいなくなる"):
        check_handler_change(K.REMOVE, reason="", before="A", after="", current=["A"])
    with pytest.raises(SupervisionRefused, match="現在の取扱者ではありません"):
        check_handler_change(K.REMOVE, reason="", before="C", after="", current=["A", "B"])


def test_apply() -> None:
    assert apply_handler_change(K.REPLACE, ["A", "B"], "A", "C") == ["C", "B"]
    assert apply_handler_change(K.ADD, ["A"], "", "B") == ["A", "B"]
    assert apply_handler_change(K.REMOVE, ["A", "B"], "A", "") == ["B"]
    assert apply_handler_change(K.CONTACT, ["A"], "x", "y") == ["A"]


def test_grounds_cite_article_120() -> None:
    assert "法120条1号" in TerminationGround.FALSE_MEANS.label
    assert "法113条" in TerminationGround.DISQUALIFIED.label
    assert "法120条3号" in TerminationGround.SERIOUS_BREACH.label


def test_ppc_report_names_the_party_only_and_the_two_years() -> None:
    facts = PpcReportFacts(
        "福岡県警察本部長",
        "福岡県警察匿契R8-001",
        "株式会社デモ分析",
        "7000012050002",
        "運転免許保有者ファイル（匿名加工）",
        "第三者に提供した。",
        TerminationGround.SERIOUS_BREACH,
        date(2026, 12, 3),
    )
    done = "\n".join(ppc_report_lines(PpcReportStage.DONE, facts))
    assert "株式会社デモ分析（法人番号 7000012050002）" in done
    assert "2026年12月03日" in done
    assert "法113条5号" in done
    intended = "\n".join(ppc_report_lines(PpcReportStage.INTENDED, facts))
    assert "改めて報告" in intended
    assert "解除の日" not in intended


def test_end_of_use_overdue() -> None:
    assert end_of_use_overdue(date(2026, 3, 31), False, date(2026, 4, 1))
    assert not end_of_use_overdue(date(2026, 3, 31), True, date(2026, 4, 1))
    assert not end_of_use_overdue(date(2026, 3, 31), False, date(2026, 3, 31))

"""Retention periods and disposal (Fukuoka 第13; 公文書管理法施行令8条 and 法8条2項 for national bodies)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from tokumei.law.organization import (
    Actor,
    OrganizationKind,
    OrganizationProfile,
    RecordSeries,
    RetentionStart,
    profile_problems,
)
from tokumei.law.retention import (
    DisposalRefusalCode,
    DisposalRefused,
    binder_for,
    check_disposal,
    consent_requirement,
    counting_start_day,
    disposal_due,
)
from tokumei.profiles import load_builtin_profiles


@pytest.fixture(scope="module")
def p() -> dict[str, OrganizationProfile]:
    return load_builtin_profiles()


GOLDEN_FILE = Path(__file__).parent / "golden" / "retention.csv"
"""profile, series, made/obtained on → counting start, last day of the period, binder (reviewed with legal staff)."""


def _golden() -> list[tuple[str, RecordSeries, date, date, date, str]]:
    with GOLDEN_FILE.open(encoding="utf-8") as fh:
        return [
            (
                row["profile"],
                RecordSeries(row["series"]),
                date.fromisoformat(row["made_on"]),
                date.fromisoformat(row["starts_on"]),
                date.fromisoformat(row["last_day"]),
                row["binder"],
            )
            for row in csv.DictReader(fh)
        ]


GOLDEN = _golden()


@pytest.mark.parametrize(("pid", "series", "made_on", "starts", "last", "path"), GOLDEN)
def test_disposal_due_golden(
    p: dict[str, OrganizationProfile],
    pid: str,
    series: RecordSeries,
    made_on: date,
    starts: date,
    last: date,
    path: str,
) -> None:
    due = disposal_due(p[pid], series, made_on)
    assert (due.starts_on, due.last_day, due.binder_path) == (starts, last, path)
    assert due.due_on == date(last.year + (1 if last.month == 12 else 0), 1 if last.month == 12 else 4, 1)
    assert not due.is_due(last)
    assert due.is_due(due.due_on)


def test_explanation_says_how_the_date_was_computed(p: dict[str, OrganizationProfile]) -> None:
    due = disposal_due(p["fukuoka-police"], RecordSeries.PLEDGE, date(2025, 6, 10))
    text = due.explanation
    assert "作成又は取得の日 2025年6月10日" in text
    assert "起算日 2026年1月1日（作成又は取得の日の属する年の翌年1月1日）から5年" in text
    assert "保存期間の満了 2030年12月31日" in text
    assert "行政機関等匿名加工情報提案事務関係書類" in text
    assert "デモ用の仮の値" in text  # Fukuoka's counting start is not stated in its 第13


def test_every_series_has_exactly_one_binder_in_every_profile(p: dict[str, OrganizationProfile]) -> None:
    for profile in p.values():
        for series in RecordSeries:
            _path, rule = binder_for(profile, series)
            assert series in rule.series, (profile.id, series)


def test_default_binder_is_a_placeholder_everywhere(p: dict[str, OrganizationProfile]) -> None:
    for profile in p.values():
        assert profile.is_placeholder("retention_default"), profile.id
        assert disposal_due(profile, RecordSeries.COMPLAINT, date(2025, 6, 1)).placeholder


def test_national_profiles_count_from_april_and_need_consent(p: dict[str, OrganizationProfile]) -> None:
    for pid in ("isa", "legacy-2017"):
        assert all(r.counts_from is RetentionStart.NEXT_FISCAL_YEAR for r in p[pid].retention)
        assert consent_requirement(p[pid].kind) is not None
    for pid in ("fukuoka-police", "nara-police", "kumamoto-city"):
        assert consent_requirement(p[pid].kind) is None
    requirement = consent_requirement(OrganizationKind.NATIONAL_AGENCY)
    assert requirement is not None
    assert "公文書等の管理に関する法律8条2項" in requirement.sentence


def test_a_national_profile_counting_from_january_is_refused(p: dict[str, OrganizationProfile]) -> None:
    import dataclasses

    isa = p["isa"]
    bad_rule = dataclasses.replace(
        isa.retention[0],
        counts_from=RetentionStart.NEXT_CALENDAR_YEAR,
        counting_start=RetentionStart.NEXT_CALENDAR_YEAR.label,
    )
    bad = dataclasses.replace(isa, retention=(bad_rule, *isa.retention[1:]))
    problems = dict(profile_problems(bad))
    assert "公文書管理法施行令8条" in problems["retention.0.counts_from"]


def test_unfiled_and_doubly_filed_series_are_refused(p: dict[str, OrganizationProfile]) -> None:
    import dataclasses

    fk = p["fukuoka-police"]
    assert fk.retention_default is not None
    no_default = dataclasses.replace(fk, retention_default=None)
    assert "consultation_record" in dict(profile_problems(no_default))["retention"]
    twice = dataclasses.replace(
        fk,
        retention_default=dataclasses.replace(
            fk.retention_default, series=(RecordSeries.PLEDGE, *fk.retention_default.series)
        ),
    )
    assert "pledge" in dict(profile_problems(twice))["retention_default.series"]
    mismatched = dataclasses.replace(fk.retention[0], counting_start=RetentionStart.NEXT_FISCAL_YEAR.label)
    assert "retention.0.counting_start" in dict(
        profile_problems(dataclasses.replace(fk, retention=(mismatched, fk.retention[1])))
    )


def test_counting_start_day_at_the_year_boundaries() -> None:
    assert counting_start_day(date(2026, 3, 31), RetentionStart.NEXT_FISCAL_YEAR) == date(2026, 4, 1)
    assert counting_start_day(date(2026, 4, 1), RetentionStart.NEXT_FISCAL_YEAR) == date(2027, 4, 1)
    assert counting_start_day(date(2026, 12, 31), RetentionStart.NEXT_CALENDAR_YEAR) == date(2027, 1, 1)


def test_check_disposal_refuses_early_and_unconsented(p: dict[str, OrganizationProfile]) -> None:
    fk, isa = p["fukuoka-police"], p["isa"]
    due = disposal_due(fk, RecordSeries.PLEDGE, date(2020, 6, 1))  # last day 2025-12-31
    with pytest.raises(DisposalRefused) as early:
        check_disposal(due, date(2025, 12, 31), kind=fk.kind, consent_recorded=False)
    assert early.value.code is DisposalRefusalCode.NOT_DUE
    check_disposal(due, date(2026, 1, 1), kind=fk.kind, consent_recorded=False)  # local: no consent needed
    national = disposal_due(isa, RecordSeries.PLEDGE, date(2020, 6, 1))
    with pytest.raises(DisposalRefused) as unconsented:
        check_disposal(national, date(2027, 1, 1), kind=isa.kind, consent_recorded=False)
    assert unconsented.value.code is DisposalRefusalCode.CONSENT_MISSING
    assert "内閣総理大臣" in unconsented.value.message
    check_disposal(national, date(2027, 1, 1), kind=isa.kind, consent_recorded=True)


def test_the_division_keeps_the_default_binder(p: dict[str, OrganizationProfile]) -> None:
    default = p["kumamoto-city"].retention_default
    assert default is not None
    assert default.holder is Actor.OWNING_DIVISION
    assert default.years == 5

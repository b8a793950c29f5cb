"""Solicitation rules (法111条, 規則53条) against golden tables reviewed with legal staff (STYLE.md habit 4)."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokumei.holidays import is_national_holiday
from tokumei.law.calendar import ClosedReason
from tokumei.law.organization import OrganizationKind, OrganizationProfile
from tokumei.law.solicitation import (
    FileSolicitationHistory,
    Severity,
    SolicitationCheck,
    SolicitationCode,
    SolicitationPeriod,
    SolicitationProblem,
    SolicitationRefused,
    SolicitationUsageError,
    acceptance_windows,
    check_period,
    earliest_valid_last_day,
    format_time_ja,
    is_within_period,
    missing_solicitations,
    must_solicit_every_year,
    validate_solicitation,
)
from tokumei.profiles import load_builtin_profiles

GOLDEN = Path(__file__).parent / "golden"
PROFILES: dict[str, OrganizationProfile] = load_builtin_profiles()


def _rows(name: str) -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _time(text: str) -> time | None:
    return time.fromisoformat(text) if text else None


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _period(row: dict[str, str]) -> SolicitationPeriod:
    return SolicitationPeriod(
        date.fromisoformat(row["first_day"]), date.fromisoformat(row["last_day"]), _time(row["closing_time"])
    )


@pytest.mark.parametrize("row", _rows("solicitation_periods.csv"), ids=lambda r: r["case"])
def test_validate_solicitation_golden(row: dict[str, str]) -> None:
    # given the golden row's profile and facts
    profile = PROFILES[row["profile"]]
    # when the solicitation is validated
    check = validate_solicitation(
        profile,
        _period(row),
        notice_date=_date(row["notice_date"]),
        today=date.fromisoformat(row["today"]),
        holidays=is_national_holiday,
        target_file_count=int(row["target_files"]),
    )
    # then exactly the expected codes are reported, in order, with the expected suggestion
    expected = tuple(SolicitationCode(code) for code in row["expected_codes"].split(";") if code)
    assert check.codes == expected, [p.message for p in check.problems]
    suggestions = [p.suggestion for p in check.problems if p.suggestion is not None]
    assert (suggestions[0] if suggestions else None) == _date(row["suggestion"])
    for problem in check.problems:
        assert problem.message.endswith("。")
        assert problem.message.isascii() is False


def test_golden_table_covers_every_code() -> None:
    listed = {code for row in _rows("solicitation_periods.csv") for code in row["expected_codes"].split(";") if code}
    listed.add(SolicitationCode.MISSING_FOR_FISCAL_YEAR.value)  # tested below with its own table
    listed.add(SolicitationCode.NOTICE_DATE_REQUIRED.value)  # tested below (publishing without a date)
    listed.add(SolicitationCode.GROUPING_NOT_ALLOWED.value)  # no seed profile forbids grouping: tested below
    assert listed == {code.value for code in SolicitationCode}


@pytest.mark.parametrize("profile_id", ["kumamoto-city", "isa"])
def test_seed_solicitations_validate(profile_id: str) -> None:
    # given the solicitation each seed notice published
    profile = PROFILES[profile_id]
    (seed,) = profile.solicitations
    period = SolicitationPeriod(seed.first_day, seed.last_day, seed.closing_time)
    # when validated as of the notice date
    assert seed.notice_date is not None
    check = validate_solicitation(
        profile, period, notice_date=seed.notice_date, today=seed.notice_date, holidays=is_national_holiday
    )
    # then there is nothing to report and it belongs to FY2025
    assert check.problems == ()
    assert period.fiscal_year == seed.fiscal_year == 2025


def test_twenty_nine_days_is_refused_with_the_valid_last_day_in_japanese() -> None:
    # given a period whose last day is 29 days after its first
    period = SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 10), time(17, 0))
    # when it is checked
    (problem,) = check_period(period)
    # then the refusal says why (規則53条1項, 民法140条) and which last day would be valid
    assert problem.code is SolicitationCode.PERIOD_TOO_SHORT
    assert problem.severity is Severity.ERROR
    assert "29日後" in problem.message
    assert "30日以上" in problem.message
    assert "規則53条1項" in problem.message
    assert "民法140条" in problem.message
    assert "令和8年3月11日（水）以降" in problem.message
    assert problem.suggestion == date(2026, 3, 11)


def test_thirty_days_is_accepted() -> None:
    assert check_period(SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 11))) == ()


@given(st.dates(min_value=date(2019, 5, 1), max_value=date(2060, 12, 31)), st.integers(min_value=-40, max_value=90))
def test_period_rule_is_last_minus_first_at_least_30(first: date, offset: int) -> None:
    period = SolicitationPeriod(first, first + timedelta(days=offset))
    problems = check_period(period)
    assert (not problems) == (offset >= 30)
    if problems:
        assert problems[0].suggestion == earliest_valid_last_day(first) == first + timedelta(days=30)


def test_refused_raises_with_every_error() -> None:
    # given a short period with a late notice
    check = validate_solicitation(
        PROFILES["nara-police"],
        SolicitationPeriod(date(2026, 5, 11), date(2026, 6, 9)),
        notice_date=date(2026, 5, 12),
        today=date(2026, 5, 1),
        holidays=is_national_holiday,
    )
    # when the caller asks for an exception
    with pytest.raises(SolicitationRefused) as caught:
        check.raise_for_errors()
    # then it holds both errors, and its code is the first one's
    assert caught.value.code is SolicitationCode.PERIOD_TOO_SHORT
    assert [p.code for p in caught.value.problems] == [
        SolicitationCode.PERIOD_TOO_SHORT,
        SolicitationCode.NOTICE_AFTER_FIRST_DAY,
    ]
    assert "規則53条2項" in str(caught.value)
    assert not check.ok


def test_warnings_do_not_refuse() -> None:
    check = SolicitationCheck(
        (SolicitationProblem(SolicitationCode.LAST_DAY_CLOSED, "last_day", "最終日が閉庁日です。"),)
    )
    check.raise_for_errors()
    assert check.ok
    assert check.warnings == check.problems


def test_publishing_needs_a_notice_date() -> None:
    check = validate_solicitation(
        PROFILES["isa"],
        SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 13), time(17, 0)),
        notice_date=None,
        today=date(2026, 1, 15),
        holidays=is_national_holiday,
        publishing=True,
    )
    assert check.codes == (SolicitationCode.NOTICE_DATE_REQUIRED,)


def test_grouping_refused_where_the_profile_forbids_it() -> None:
    profile = PROFILES["isa"]
    strict = dataclasses.replace(
        profile, procedure=dataclasses.replace(profile.procedure, grouped_solicitation_allowed=False)
    )
    args = {
        "notice_date": date(2026, 2, 2),
        "today": date(2026, 1, 15),
        "holidays": is_national_holiday,
    }
    period = SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 13), time(17, 0))
    check = validate_solicitation(strict, period, target_file_count=2, **args)  # type: ignore[arg-type]
    assert check.codes == (SolicitationCode.GROUPING_NOT_ALLOWED,)
    assert "2件" in check.errors[0].message
    assert validate_solicitation(strict, period, target_file_count=1, **args).ok  # type: ignore[arg-type]


def test_misuse_is_a_usage_error() -> None:
    with pytest.raises(SolicitationUsageError):
        validate_solicitation(
            PROFILES["isa"],
            SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 13)),
            notice_date=None,
            today=date(2026, 1, 15),
            holidays=is_national_holiday,
            target_file_count=-1,
        )
    with pytest.raises(SolicitationUsageError):
        SolicitationRefused(())


def test_last_day_on_a_closed_day_is_not_moved() -> None:
    # given a period ending on 2025-12-29 (行政機関の休日)
    period = SolicitationPeriod(date(2025, 11, 28), date(2025, 12, 29))
    # when the acceptance windows are computed
    schedule = acceptance_windows(period, PROFILES["kumamoto-city"].reception_desk.opening_hours, is_national_holiday)
    # then the period is unchanged, the warning names the reason and the last in-person day
    assert period.last_day == date(2025, 12, 29)
    (warning,) = schedule.warnings
    assert warning.code is SolicitationCode.LAST_DAY_CLOSED
    assert "年末年始の休日" in warning.message
    assert "令和7年12月26日（金）" in warning.message
    assert warning.suggestion == date(2026, 1, 5)
    assert (date(2025, 12, 29), ClosedReason.YEAR_END_CLOSURE) in schedule.closed_days


@pytest.mark.parametrize("row", _rows("solicitation_acceptance.csv"), ids=lambda r: r["case"])
def test_acceptance_windows_golden(row: dict[str, str]) -> None:
    profile = PROFILES[row["profile"]]
    schedule = acceptance_windows(_period(row), profile.reception_desk.opening_hours, is_national_holiday)
    assert len(schedule.windows) == int(row["windows"])
    assert len(schedule.closed_days) == int(row["closed_days"])
    last = schedule.last_window
    assert last is not None
    assert f"{last.day.isoformat()} {last.opens:%H:%M}-{last.closes:%H:%M}" == row["last_window"]
    assert all(is_national_holiday(w.day) is False and w.day.weekday() < 5 for w in schedule.windows)


def test_kumamoto_windows_skip_the_year_end_and_coming_of_age_day() -> None:
    profile = PROFILES["kumamoto-city"]
    (seed,) = profile.solicitations
    schedule = acceptance_windows(
        SolicitationPeriod(seed.first_day, seed.last_day), profile.reception_desk.opening_hours, is_national_holiday
    )
    days = {w.day for w in schedule.windows}
    assert date(2025, 12, 26) in days
    assert not days & {date(2025, 12, 29), date(2025, 12, 30), date(2026, 1, 2), date(2026, 1, 12)}
    assert date(2026, 1, 5) in days
    assert schedule.windows[0].describe() == "令和7年12月19日（金） 午前9時〜午後5時"


def test_organization_closures_are_closed() -> None:
    period = SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 13))
    hours = PROFILES["isa"].reception_desk.opening_hours
    schedule = acceptance_windows(period, hours, is_national_holiday, organization_closures={date(2026, 2, 10)})
    assert (date(2026, 2, 10), ClosedReason.ORGANIZATION_CLOSURE) in schedule.closed_days


@pytest.mark.parametrize(
    ("received_on", "received_at", "inside"),
    [
        (date(2026, 2, 8), None, False),
        (date(2026, 2, 9), time(9, 0), True),
        (date(2026, 3, 13), time(17, 0), True),
        (date(2026, 3, 13), time(17, 1), False),
        (date(2026, 3, 13), None, True),
        (date(2026, 3, 14), None, False),
    ],
)
def test_is_within_period_isa(received_on: date, received_at: time | None, inside: bool) -> None:
    period = SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 13), time(17, 0))
    assert is_within_period(period, received_on, received_at) is inside


def test_describe_period_like_the_seeds() -> None:
    assert (
        SolicitationPeriod(date(2025, 12, 19), date(2026, 1, 20)).describe()
        == "令和7年12月19日（金）から令和8年1月20日（火）まで"
    )
    assert (
        SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 13), time(17, 0)).describe()
        == "令和8年2月9日（月）から令和8年3月13日（金）午後5時まで"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [(time(9, 0), "午前9時"), (time(17, 0), "午後5時"), (time(17, 15), "午後5時15分"), (time(12, 0), "正午")],
)
def test_format_time_ja(value: time, text: str) -> None:
    assert format_time_ja(value) == text


def test_fiscal_year_is_that_of_the_first_day() -> None:
    assert SolicitationPeriod(date(2026, 3, 31), date(2026, 4, 30)).fiscal_year == 2025
    assert SolicitationPeriod(date(2026, 4, 1), date(2026, 5, 1)).fiscal_year == 2026


# --------------------------------------------------------------------------------------------------
# 法111条 / 規則53条1項: at least once every fiscal year
# --------------------------------------------------------------------------------------------------

FILES = (
    FileSolicitationHistory("f1", "健康診査受診者ファイル", (date(2025, 12, 19),)),
    FileSolicitationHistory("f2", "髙齢者保健事業ファイル", (date(2024, 12, 2),)),
    FileSolicitationHistory("f3", "交通事故統計ファイル", ()),
)


@pytest.mark.parametrize(
    ("profile_id", "today", "expected_fields"),
    [
        ("kumamoto-city", date(2026, 1, 10), ["files.f2", "files.f3"]),  # designated city: must
        ("isa", date(2026, 1, 10), ["files.f2", "files.f3"]),  # national agency: must
        ("nara-police", date(2026, 1, 10), ["files.f2", "files.f3"]),  # prefecture's police: must
        ("legacy-2017", date(2026, 1, 10), []),  # abolished: never
        ("kumamoto-city", date(2026, 4, 1), ["files.f1", "files.f2", "files.f3"]),  # FY2026 begins: nothing yet
    ],
)
def test_missing_solicitations(profile_id: str, today: date, expected_fields: list[str]) -> None:
    warnings = missing_solicitations(PROFILES[profile_id], FILES, today=today)
    assert [w.field for w in warnings] == expected_fields
    assert all(w.severity is Severity.WARNING for w in warnings)


def test_missing_solicitation_message_says_what_and_until_when() -> None:
    (warning, _) = missing_solicitations(PROFILES["nara-police"], FILES, today=date(2026, 1, 10))
    assert "髙齢者保健事業ファイル" in warning.message
    assert "令和7年度" in warning.message
    assert "法111条" in warning.message
    assert "令和8年3月31日までに募集を開始" in warning.message
    assert "公示は令和8年3月30日までに" in warning.message  # Nara: strictly before the first day
    assert "残り80日" in warning.message
    assert warning.suggestion == date(2026, 3, 31)


def test_missing_solicitations_for_a_past_year() -> None:
    warnings = missing_solicitations(PROFILES["isa"], FILES, today=date(2026, 5, 1), fiscal_year_to_check=2024)
    assert [w.field for w in warnings] == ["files.f1", "files.f3"]
    assert "令和6年度は終了しています" in warnings[0].message


def test_optional_municipality_is_not_warned() -> None:
    # given a municipality other than a designated city that has not chosen to solicit (法附則7条)
    town = dataclasses.replace(PROFILES["kumamoto-city"], kind=OrganizationKind.MUNICIPALITY, must_solicit=False)
    assert must_solicit_every_year(town) is False
    assert missing_solicitations(town, FILES, today=date(2026, 1, 10)) == ()
    chose = dataclasses.replace(town, must_solicit=True)
    assert must_solicit_every_year(chose) is True
    assert len(missing_solicitations(chose, FILES, today=date(2026, 1, 10))) == 2


def test_legacy_regime_refuses_new_solicitations_but_records_historical_ones() -> None:
    from tokumei.law.solicitation import (
        LEGACY_REGIME_ENDED,
        SolicitationCode,
        SolicitationPeriod,
        validate_solicitation,
    )
    from tokumei.profiles import load_builtin_profiles

    legacy = load_builtin_profiles()["legacy-2017"]
    new = validate_solicitation(
        legacy,
        SolicitationPeriod(date(2026, 6, 1), date(2026, 7, 1)),
        notice_date=date(2026, 5, 25),
        today=date(2026, 5, 20),
        holidays=lambda d: False,
    )
    assert SolicitationCode.REGIME_CLOSED in new.codes
    historical = validate_solicitation(
        legacy,
        SolicitationPeriod(date(2017, 10, 2), date(2017, 11, 1)),
        notice_date=date(2017, 9, 25),
        today=date(2026, 11, 22),
        holidays=lambda d: False,
    )
    assert SolicitationCode.REGIME_CLOSED not in historical.codes
    assert historical.ok
    last_day_before = SolicitationPeriod(
        LEGACY_REGIME_ENDED - timedelta(days=31), LEGACY_REGIME_ENDED - timedelta(days=1)
    )
    assert validate_solicitation(
        legacy, last_day_before, notice_date=last_day_before.first_day, today=date(2026, 1, 1), holidays=lambda d: False
    ).ok

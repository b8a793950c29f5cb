"""Golden tables for fiscal years, 和暦 and 行政機関の休日 (tokumei.law.calendar)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokumei.holidays import is_national_holiday, national_holidays
from tokumei.law.calendar import (
    ClosedReason,
    WarekiError,
    add_business_days,
    business_days_between,
    closed_reason,
    fiscal_year,
    fiscal_year_range,
    format_wareki,
    format_wareki_fiscal_year,
    format_wareki_with_weekday,
    format_wareki_year,
    is_administrative_holiday,
    is_business_day,
    next_business_day,
    parse_wareki,
)

GOLDEN = Path(__file__).parent / "golden"


def _rows(name: str) -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", _rows("fiscal_year.csv"), ids=lambda r: r["date"])
def test_fiscal_year_golden(row: dict[str, str]) -> None:
    # given a date, when its fiscal year is computed, then it matches the table (April–March)
    assert fiscal_year(date.fromisoformat(row["date"])) == int(row["fiscal_year"])


def test_fiscal_year_range_is_half_open() -> None:
    fy = fiscal_year_range(2025)
    assert (fy.start, fy.end, fy.last_day) == (date(2025, 4, 1), date(2026, 4, 1), date(2026, 3, 31))
    assert date(2026, 3, 31) in fy
    assert date(2026, 4, 1) not in fy
    assert date(2025, 3, 31) not in fy


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_lies_in_its_fiscal_year(day: date) -> None:
    assert day in fiscal_year_range(fiscal_year(day))


@pytest.mark.parametrize("row", _rows("wareki.csv"), ids=lambda r: r["date"])
def test_format_wareki_golden(row: dict[str, str]) -> None:
    assert format_wareki(date.fromisoformat(row["date"])) == row["wareki"]


@pytest.mark.parametrize("row", _rows("wareki.csv"), ids=lambda r: r["date"])
def test_parse_wareki_golden(row: dict[str, str]) -> None:
    assert parse_wareki(row["wareki"]) == date.fromisoformat(row["date"])


@given(st.dates(min_value=date(1873, 1, 1), max_value=date(2200, 12, 31)))
def test_wareki_round_trip(day: date) -> None:
    assert parse_wareki(format_wareki(day)) == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令 和 5 年 1 2 月 4 日", date(2023, 12, 4)),  # Nara 通達, spaced OCR
        ("令和7年（2025年）12月19日", date(2025, 12, 19)),  # Kumamoto, with the Gregorian year
        ("令和8年3月13日（金）", date(2026, 3, 13)),  # ISA, with the weekday
        ("令和８年２月２日", date(2026, 2, 2)),  # full-width digits
        ("R6. 12. 31", date(2024, 12, 31)),  # Nara header 「R6. 12. 31まで」
        ("H31.4.30", date(2019, 4, 30)),
        ("令和元年5月1日", date(2019, 5, 1)),
    ],
)
def test_parse_wareki_as_the_seeds_write_it(text: str, expected: date) -> None:
    assert parse_wareki(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "平成31年5月1日",
        "令和元年4月30日",
        "昭和64年1月8日",
        "大正15年12月25日",
        "令和7年2月30日",
        "令和0年1月1日",
    ],
)
def test_parse_wareki_refuses_dates_outside_their_era(text: str) -> None:
    with pytest.raises(WarekiError) as info:
        parse_wareki(text)
    assert text in str(info.value)


def test_parse_wareki_refuses_mismatched_gregorian_year() -> None:
    with pytest.raises(WarekiError, match="一致しません"):
        parse_wareki("令和7年（2024年）12月19日")


def test_parse_wareki_refuses_garbage() -> None:
    with pytest.raises(WarekiError, match="読めません"):
        parse_wareki("来週の金曜日")


def test_format_wareki_refuses_lunisolar_dates() -> None:
    with pytest.raises(WarekiError):
        format_wareki(date(1872, 12, 31))


def test_weekday_format_as_in_the_notices() -> None:
    assert format_wareki_with_weekday(date(2025, 12, 19)) == "令和7年12月19日（金）"
    assert format_wareki_with_weekday(date(2026, 1, 20)) == "令和8年1月20日（火）"


@pytest.mark.parametrize(
    ("fy", "as_of", "expected"),
    [
        (2025, None, "令和7年度"),
        (2025, date(2025, 12, 19), "令和7年度"),
        (2019, date(2019, 4, 10), "平成31年度"),
        (2019, date(2019, 6, 1), "令和元年度"),
        (2019, None, "平成31年度"),
        (1988, date(1989, 2, 1), "昭和63年度"),
        (1989, None, "平成元年度"),
        (2017, None, "平成29年度"),
    ],
)
def test_format_wareki_fiscal_year(fy: int, as_of: date | None, expected: str) -> None:
    assert format_wareki_fiscal_year(fy, as_of=as_of) == expected


def test_format_wareki_year() -> None:
    assert format_wareki_year(2025, as_of=date(2025, 12, 19)) == "令和7年"
    assert format_wareki_year(1988, as_of=date(2020, 1, 1)) == "昭和63年"


@pytest.mark.parametrize("row", _rows("business_days.csv"), ids=lambda r: f"{r['start']}+{r['days']}")
def test_add_business_days_golden(row: dict[str, str]) -> None:
    start = date.fromisoformat(row["start"])
    assert add_business_days(start, int(row["days"]), is_national_holiday) == date.fromisoformat(row["expected"])


def test_year_end_closure_is_closed_although_jpholiday_does_not_say_so() -> None:
    # given 2025-12-29 (Mon) .. 2026-01-02 (Fri): jpholiday knows only 1/1
    assert not is_national_holiday(date(2025, 12, 29))
    for day in (date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 2)):
        assert closed_reason(day, is_national_holiday) is ClosedReason.YEAR_END_CLOSURE
        assert is_administrative_holiday(day, is_national_holiday)
    assert closed_reason(date(2025, 12, 28), is_national_holiday) is ClosedReason.SUNDAY
    assert closed_reason(date(2026, 1, 12), is_national_holiday) is ClosedReason.NATIONAL_HOLIDAY
    assert closed_reason(date(2026, 1, 5), is_national_holiday) is None


def test_law_accepts_a_plain_set_of_holidays() -> None:
    # law needs no jpholiday: the caller may pass any collection of dates
    holidays = {date(2026, 1, 12)}
    assert not is_business_day(date(2026, 1, 12), holidays)
    assert is_business_day(date(2026, 1, 12), set())
    assert add_business_days(date(2026, 1, 9), 1, holidays) == date(2026, 1, 13)


def test_organization_closure_days() -> None:
    closure = {date(2026, 1, 5)}
    assert closed_reason(date(2026, 1, 5), set(), closure) is ClosedReason.ORGANIZATION_CLOSURE
    assert add_business_days(date(2025, 12, 26), 1, set(), closure) == date(2026, 1, 6)


def test_kumamoto_last_day_is_a_business_day_and_period_counts() -> None:
    # Kumamoto: 2025-12-19 .. 2026-01-20, across the year-end closure
    first, last = date(2025, 12, 19), date(2026, 1, 20)
    assert is_business_day(last, is_national_holiday)
    holidays = national_holidays(first, last)
    assert holidays == {date(2026, 1, 1), date(2026, 1, 12)}
    # business days in [first, last] inclusive = [first, last + 1 day)
    assert business_days_between(first, date(2026, 1, 21), holidays) == 17


def test_next_business_day_does_not_move_open_days() -> None:
    assert next_business_day(date(2026, 1, 20), set()) == date(2026, 1, 20)
    assert next_business_day(date(2025, 12, 29), set()) == date(2026, 1, 5)


def test_closed_reason_labels_are_japanese() -> None:
    assert ClosedReason.YEAR_END_CLOSURE.label == "年末年始の休日（12月29日〜1月3日）"

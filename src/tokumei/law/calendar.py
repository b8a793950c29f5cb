"""Dates of the procedure: fiscal years, 和暦, and the days an administrative office is closed.

Pure: "today" is always passed in and the national holidays are supplied by the caller (a set of dates or a
predicate); :mod:`tokumei.holidays` adapts ``jpholiday`` outside ``tokumei.law``.

- Fiscal year (年度): April to March (財政法11条; 規則53条1項 「毎年度一回以上」).
- 和暦: the era names of 元号法 and the 改元 days (大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08,
  令和 2019-05-01); year 1 is written 元年 (公用文の慣行), numerals unpadded.
- 行政機関の休日 (行政機関の休日に関する法律1条1項; 地方自治法4条の2 for local bodies): Sundays, Saturdays,
  国民の祝日に関する法律 holidays, and 12月29日〜1月3日. ``jpholiday`` does not treat 12/29–1/3 as closed.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta

# --------------------------------------------------------------------------------------------------
# Fiscal year
# --------------------------------------------------------------------------------------------------

FISCAL_YEAR_START_MONTH = 4
"""財政法11条: 国の会計年度は毎年四月一日に始まり、翌年三月三十一日に終る (地方自治法208条1項 alike)."""


def fiscal_year(day: date) -> int:
    """The fiscal year (年度) a date belongs to, named by the calendar year in which it starts (財政法11条).

    >>> fiscal_year(date(2026, 1, 20))
    2025
    >>> fiscal_year(date(2026, 4, 1))
    2026
    """
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


@dataclass(frozen=True, slots=True)
class FiscalYearRange:
    """A fiscal year as a half-open range ``[start, end)`` (STYLE.md: computed ranges are half-open)."""

    year: int
    start: date
    end: date

    @property
    def last_day(self) -> date:
        """The inclusive last day (3月31日)."""
        return self.end - timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end


def fiscal_year_range(year: int) -> FiscalYearRange:
    """The days of fiscal year ``year``: ``[year-04-01, (year+1)-04-01)`` (財政法11条).

    >>> r = fiscal_year_range(2025)
    >>> (r.start, r.last_day)
    (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    """
    return FiscalYearRange(
        year=year,
        start=date(year, FISCAL_YEAR_START_MONTH, 1),
        end=date(year + 1, FISCAL_YEAR_START_MONTH, 1),
    )


# --------------------------------------------------------------------------------------------------
# 和暦
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Era:
    """A Japanese era (元号) and the first day it is in force (元号法; 改元の政令)."""

    name: str
    letter: str
    start: date

    def year_of(self, day: date) -> int:
        """The era year of ``day`` (1 = 元年)."""
        return day.year - self.start.year + 1


ERAS: tuple[Era, ...] = (
    # 明治 is supported from the adoption of the Gregorian calendar (明治6年1月1日, 明治5年太政官布告第337号).
    Era("明治", "M", date(1873, 1, 1)),
    Era("大正", "T", date(1912, 7, 30)),
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)
"""Eras, oldest first. 明治's year numbers still count from 1868 (明治元年)."""

_MEIJI_FIRST_YEAR = 1868


class WarekiError(ValueError):
    """A 和暦 date that cannot be read or does not exist (e.g. 平成31年5月1日)."""

    code = "calendar.invalid_wareki"


def era_of(day: date) -> Era:
    """The era in force on ``day``; :class:`WarekiError` before 1873 (the lunisolar calendar)."""
    for era in reversed(ERAS):
        if day >= era.start:
            return era
    msg = f"{day.isoformat()}は和暦に変換できません（明治6年1月1日より前の日付は太陰太陽暦です）。"
    raise WarekiError(msg)


def _era_year(era: Era, day: date) -> int:
    first_year = _MEIJI_FIRST_YEAR if era.name == "明治" else era.start.year
    return day.year - first_year + 1


def _year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


def format_wareki(day: date) -> str:
    """A date in 和暦 as official documents write it: 元年 for year 1, unpadded numerals.

    >>> format_wareki(date(2019, 5, 1))
    '令和元年5月1日'
    >>> format_wareki(date(2019, 4, 30))
    '平成31年4月30日'
    """
    era = era_of(day)
    return f"{era.name}{_year_text(_era_year(era, day))}年{day.month}月{day.day}日"


def format_wareki_with_weekday(day: date) -> str:
    """和暦 with the weekday in parentheses, as the notices print periods: 「令和7年12月19日（金）」."""
    return f"{format_wareki(day)}（{'月火水木金土日'[day.weekday()]}）"


def format_wareki_year(year: int, *, as_of: date) -> str:
    """The 和暦 year (e.g. 「令和7年」) of calendar year ``year``, using the era in force on ``as_of``.

    If ``year`` began before that era, the era in force on 1 January of ``year`` is used instead.
    """
    era = era_of(as_of)
    if year < era.start.year:
        era = era_of(date(year, 12, 31))
    return f"{era.name}{_year_text(_era_year(era, date(year, 12, 31)))}年"


def format_wareki_fiscal_year(year: int, *, as_of: date | None = None) -> str:
    """The fiscal year in 和暦, e.g. 「令和7年度」 (the title of the seeds' notices).

    A fiscal year is named after the calendar year in which it starts. The era is the one in force on the
    later of its first day and ``as_of`` (the document's date), provided the fiscal year did not start before
    that era's first calendar year: so FY2019 is 「平成31年度」 in a document of 2019-04-10 and 「令和元年度」
    in one of 2019-06-01, while FY1988 stays 「昭和63年度」 even in a document of 1989-02.

    >>> format_wareki_fiscal_year(2025)
    '令和7年度'
    """
    first_day = date(year, FISCAL_YEAR_START_MONTH, 1)
    reference = first_day if as_of is None or as_of < first_day else as_of
    era = era_of(reference)
    if era.start.year > year:
        era = era_of(first_day)
    return f"{era.name}{_year_text(_era_year(era, first_day))}年度"


_WAREKI_PATTERN = re.compile(
    r"^(?P<era>明治|大正|昭和|平成|令和|[MTSHR])\.?"
    r"(?P<year>元|\d{1,3})(?:年|\.)"
    r"(?:[（(]\d{4}年[）)])?"
    r"(?P<month>\d{1,2})(?:月|\.)"
    r"(?P<day>\d{1,2})日?"
    r"(?:[（(][月火水木金土日][）)])?$"
)


def parse_wareki(text: str) -> date:
    """Read a 和暦 date as the seeds write it and return the Gregorian date.

    Accepts 「令和元年5月1日」, full-width digits, spaces (「令 和 5 年 1 2 月 4 日」, Nara's OCR), the
    Gregorian year in parentheses (「令和7年（2025年）12月19日」, Kumamoto), a weekday (「（金）」) and the
    abbreviated form 「R6. 12. 31」. Raises :class:`WarekiError` with a Japanese message for text that is
    not a date or for a date outside its era (「平成31年5月1日」, 「令和元年4月30日」).

    >>> parse_wareki("令和元年5月1日")
    datetime.date(2019, 5, 1)
    """
    normalized = unicodedata.normalize("NFKC", text)
    normalized = re.sub(r"\s+", "", normalized)
    match = _WAREKI_PATTERN.match(normalized)
    if match is None:
        msg = f"「{text}」は和暦の日付として読めません。「令和7年12月19日」の形で入力してください。"
        raise WarekiError(msg)
    era_text = match["era"]
    era = next(e for e in ERAS if era_text in (e.name, e.letter))
    era_year = 1 if match["year"] == "元" else int(match["year"])
    first_year = _MEIJI_FIRST_YEAR if era.name == "明治" else era.start.year
    try:
        day = date(first_year + era_year - 1, int(match["month"]), int(match["day"]))
    except ValueError:
        msg = f"「{text}」は存在しない日付です。"
        raise WarekiError(msg) from None
    if era_year < 1 or era_of(day) != era:
        msg = (
            f"「{text}」は{era.name}の期間外です（{era.name}は{format_wareki(era.start)}から）。"
            "元号と年を確認してください。"
        )
        raise WarekiError(msg)
    gregorian = re.search(r"[（(](\d{4})年[）)]", normalized)
    if gregorian is not None and int(gregorian.group(1)) != day.year:
        msg = f"「{text}」の和暦と西暦が一致しません（{format_wareki(day)}は{day.year}年です）。"
        raise WarekiError(msg)
    return day


# --------------------------------------------------------------------------------------------------
# 行政機関の休日 and business days
# --------------------------------------------------------------------------------------------------

HolidaySource = Callable[[date], bool] | Collection[date]
"""National holidays supplied by the caller: a predicate or a collection of dates."""


class ClosedReason(enum.StrEnum):
    """Why an administrative office is closed on a day (行政機関の休日に関する法律1条1項)."""

    SUNDAY = "sunday"
    SATURDAY = "saturday"
    NATIONAL_HOLIDAY = "national_holiday"
    YEAR_END_CLOSURE = "year_end_closure"
    ORGANIZATION_CLOSURE = "organization_closure"

    @property
    def label(self) -> str:
        """Japanese label for warnings, e.g. 「年末年始の休日（12月29日〜1月3日）」."""
        return _CLOSED_LABELS[self]


_CLOSED_LABELS = {
    ClosedReason.SUNDAY: "日曜日",
    ClosedReason.SATURDAY: "土曜日",
    ClosedReason.NATIONAL_HOLIDAY: "国民の祝日・休日",
    ClosedReason.YEAR_END_CLOSURE: "年末年始の休日（12月29日〜1月3日）",
    ClosedReason.ORGANIZATION_CLOSURE: "組織の閉庁日",
}


def is_year_end_closure(day: date) -> bool:
    """12月29日から翌年1月3日まで (行政機関の休日に関する法律1条1項3号)."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def _as_predicate(holidays: HolidaySource) -> Callable[[date], bool]:
    if callable(holidays):
        return holidays
    days = frozenset(holidays)
    return days.__contains__


def closed_reason(
    day: date,
    holidays: HolidaySource,
    organization_closures: Collection[date] = (),
) -> ClosedReason | None:
    """Why an office is closed on ``day``, or ``None`` on a business day (行政機関の休日に関する法律1条1項).

    ``holidays`` are the 国民の祝日に関する法律 holidays (incl. 振替休日 and 国民の休日);
    ``organization_closures`` adds days a profile declares closed.
    """
    if day.weekday() == 6:
        return ClosedReason.SUNDAY
    if day.weekday() == 5:
        return ClosedReason.SATURDAY
    if is_year_end_closure(day):
        return ClosedReason.YEAR_END_CLOSURE
    if _as_predicate(holidays)(day):
        return ClosedReason.NATIONAL_HOLIDAY
    if day in organization_closures:
        return ClosedReason.ORGANIZATION_CLOSURE
    return None


def is_administrative_holiday(day: date, holidays: HolidaySource, organization_closures: Collection[date] = ()) -> bool:
    """Whether ``day`` is a 行政機関の休日 (行政機関の休日に関する法律1条1項)."""
    return closed_reason(day, holidays, organization_closures) is not None


def is_business_day(day: date, holidays: HolidaySource, organization_closures: Collection[date] = ()) -> bool:
    """Whether the office is open on ``day`` (the complement of :func:`is_administrative_holiday`)."""
    return closed_reason(day, holidays, organization_closures) is None


def add_business_days(
    start: date,
    days: int,
    holidays: HolidaySource,
    organization_closures: Collection[date] = (),
) -> date:
    """The date ``days`` business days after ``start`` (before it when negative); ``start`` is not counted.

    With ``days == 0``, ``start`` itself is returned even if closed (nothing is moved silently; callers warn
    with :func:`closed_reason`). Business days exclude 行政機関の休日 (行政機関の休日に関する法律1条1項).

    >>> add_business_days(date(2025, 12, 26), 1, set())  # Fri -> the next business day is Mon 2026-01-05
    datetime.date(2026, 1, 5)
    """
    predicate = _as_predicate(holidays)
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    current = start
    while remaining:
        current += timedelta(days=step)
        if closed_reason(current, predicate, organization_closures) is None:
            remaining -= 1
    return current


def next_business_day(day: date, holidays: HolidaySource, organization_closures: Collection[date] = ()) -> date:
    """``day`` itself when open, otherwise the first business day after it."""
    predicate = _as_predicate(holidays)
    current = day
    while closed_reason(current, predicate, organization_closures) is not None:
        current += timedelta(days=1)
    return current


def business_days_between(
    start: date, end: date, holidays: HolidaySource, organization_closures: Collection[date] = ()
) -> int:
    """The number of business days in the half-open range ``[start, end)``."""
    predicate = _as_predicate(holidays)
    count = 0
    current = start
    while current < end:
        if closed_reason(current, predicate, organization_closures) is None:
            count += 1
        current += timedelta(days=1)
    return count

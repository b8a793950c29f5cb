"""National holidays from ``jpholiday``, adapted for :mod:`tokumei.law.calendar` (which does no I/O).

``jpholiday`` knows the 国民の祝日に関する法律 holidays (incl. 振替休日 and 国民の休日) but not the year-end
closure 12/29–1/3 of 行政機関の休日に関する法律1条1項3号; :func:`tokumei.law.calendar.closed_reason` adds that
itself, so this adapter supplies only what ``jpholiday`` knows. See ADR 0001.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import jpholiday

__all__ = ["holiday_name", "holiday_predicate", "is_national_holiday", "national_holidays"]


def is_national_holiday(day: date) -> bool:
    """Whether ``day`` is a national holiday (国民の祝日に関する法律).

    A predicate for ``tokumei.law.calendar``.
    """
    return bool(jpholiday.is_holiday(day))


def holiday_name(day: date) -> str | None:
    """The holiday's Japanese name (e.g. 元日), or ``None``."""
    name = jpholiday.is_holiday_name(day)
    return str(name) if name else None


def national_holidays(start: date, end: date) -> frozenset[date]:
    """National holidays in the inclusive range ``[start, end]`` as a set, for callers that prefer a set."""
    return frozenset(day for day, _name in jpholiday.between(start, end))


def holiday_predicate(extra_closures: frozenset[date] = frozenset()) -> Callable[[date], bool]:
    """A predicate for national holidays plus an organization's own closure days."""

    def predicate(day: date) -> bool:
        return day in extra_closures or is_national_holiday(day)

    return predicate

"""Retention of the procedure's records and their disposal (Fukuoka 第13; 公文書管理法 for national bodies).

Pure functions over the profile's retention table (:attr:`OrganizationProfile.retention` and
:attr:`OrganizationProfile.retention_default`): which binder files a record series, the day counting starts, the
last day of the period and the first day the record may be disposed of, each with a sentence saying how it was
computed. "Today" is always passed in.

- Fukuoka 第13-1: the owning division keeps proposal documents, the pledge, notice copies, the application, the
  contract and change notifications for 5 years; 第13-2: the desk keeps copies and solicitation papers for 1 year.
  The seeds count from the 1 January after the year a document was made or obtained (the seed's own header:
  「保存期間 3年（令和8年12月31日まで）」).
- National 行政機関 count from the 1 April after the fiscal year (公文書等の管理に関する法律施行令8条), and dispose
  of an expired 行政文書ファイル only with the consent of the 内閣総理大臣 (公文書等の管理に関する法律8条2項).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from tokumei.law.calendar import fiscal_year
from tokumei.law.organization import (
    NATIONAL_RECORD_KINDS,
    OrganizationKind,
    OrganizationProfile,
    RecordSeries,
    RetentionRule,
    RetentionStart,
)

__all__ = [
    "ConsentRequirement",
    "DisposalDue",
    "DisposalRefusalCode",
    "DisposalRefused",
    "binder_for",
    "check_disposal",
    "consent_requirement",
    "counting_start_day",
    "disposal_due",
]


def _ja(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def binder_for(profile: OrganizationProfile, series: RecordSeries) -> tuple[str, RetentionRule]:
    """The binder that files ``series``, with its profile path (``retention.N`` or ``retention_default``).

    The profile's own table wins; a series it does not list goes to ``retention_default`` (the records Fukuoka
    第13 does not name: consultation records, Rule-62 reports, …). ``KeyError`` naming the series when neither
    lists it (profile validation prevents that: :func:`tokumei.law.organization.profile_problems`).
    """
    for index, rule in enumerate(profile.retention):
        if series in rule.series:
            return f"retention.{index}", rule
    default = profile.retention_default
    if default is not None and series in default.series:
        return "retention_default", default
    msg = f"Profile {profile.id!r} files no retention binder for record series {series.value!r}."
    raise KeyError(msg)


def _counts_from(profile: OrganizationProfile, rule: RetentionRule) -> RetentionStart:
    """A binder's counting start; the default binder without one counts as the table's binder of its holder."""
    if rule.counts_from is not None:
        return rule.counts_from
    same_holder = [r for r in profile.retention if r.holder is rule.holder and r.counts_from is not None]
    others = [r for r in profile.retention if r.counts_from is not None]
    start = (same_holder or others)[0].counts_from
    if start is None:  # pragma: no cover - filtered above; profile validation requires a counted binder
        msg = f"Profile {profile.id!r} has no retention binder with a counting start."
        raise KeyError(msg)
    return start


def counting_start_day(made_on: date, start: RetentionStart) -> date:
    """The first day of the retention period of a document made or obtained on ``made_on`` (起算日).

    >>> counting_start_day(date(2025, 6, 10), RetentionStart.NEXT_CALENDAR_YEAR)
    datetime.date(2026, 1, 1)
    >>> counting_start_day(date(2026, 2, 10), RetentionStart.NEXT_FISCAL_YEAR)  # FY2025 → 2026-04-01
    datetime.date(2026, 4, 1)
    """
    if start is RetentionStart.NEXT_CALENDAR_YEAR:
        return date(made_on.year + 1, 1, 1)
    return date(fiscal_year(made_on) + 1, 4, 1)


@dataclass(frozen=True, slots=True)
class DisposalDue:
    """When one record may be disposed of, and how that was computed."""

    series: RecordSeries
    made_on: date
    binder_path: str
    """``retention.N`` or ``retention_default`` in the profile."""
    binder: RetentionRule
    counts_from: RetentionStart
    starts_on: date
    """起算日."""
    last_day: date
    """保存期間の満了する日 (inclusive)."""
    due_on: date
    """The first day disposal is allowed: the day after ``last_day``."""
    placeholder: bool
    """The period or its counting start is a demo value (「デモ用の仮の値」), not one from the seeds."""

    @property
    def explanation(self) -> str:
        """One sentence for the staff: the date made or obtained, the counting start, the period and the binder."""
        note = "（デモ用の仮の値を含む）" if self.placeholder else ""
        return (
            f"作成又は取得の日 {_ja(self.made_on)} → 起算日 {_ja(self.starts_on)}（{self.counts_from.label}）から"
            f"{self.binder.years}年 → 保存期間の満了 {_ja(self.last_day)}、{_ja(self.due_on)} から廃棄できます"
            f"（簿冊「{self.binder.binder_name}」、{self.binder.holder.label}）{note}。"
        )

    def is_due(self, today: date) -> bool:
        """Whether the period has expired on ``today``."""
        return today >= self.due_on


def disposal_due(profile: OrganizationProfile, series: RecordSeries, made_on: date) -> DisposalDue:
    """The disposal-due date of a record of ``series`` made or obtained on ``made_on`` (Fukuoka 第13).

    The period is the binder's ``years`` counted from the profile's counting start (the next 1 January, or the
    next 1 April for national 行政機関: 公文書管理法施行令8条); it ends the day before the same day ``years``
    later, and the record may be disposed of from that day.

    >>> # Fukuoka: a pledge received on 2025-06-10 → 2026-01-01 + 5 years → last day 2030-12-31.
    """
    path, rule = binder_for(profile, series)
    start = _counts_from(profile, rule)
    starts_on = counting_start_day(made_on, start)
    due_on = starts_on.replace(year=starts_on.year + rule.years)
    placeholder = profile.is_placeholder(f"{path}.years") or (
        profile.is_placeholder(f"{path}.counts_from") or profile.is_placeholder(f"{path}.counting_start")
    )
    return DisposalDue(
        series=series,
        made_on=made_on,
        binder_path=path,
        binder=rule,
        counts_from=start,
        starts_on=starts_on,
        last_day=due_on - timedelta(days=1),
        due_on=due_on,
        placeholder=placeholder,
    )


@dataclass(frozen=True, slots=True)
class ConsentRequirement:
    """A consent the body's law requires before it disposes of an expired record."""

    authority: str
    legal_basis: str

    @property
    def sentence(self) -> str:
        return f"廃棄の前に{self.authority}の同意を得て、その記録をしてください（{self.legal_basis}）。"


_PRIME_MINISTER_CONSENT = ConsentRequirement(authority="内閣総理大臣", legal_basis="公文書等の管理に関する法律8条2項")


def consent_requirement(kind: OrganizationKind) -> ConsentRequirement | None:
    """The consent needed before disposal, or ``None``.

    A national 行政機関 disposes of a 行政文書ファイル whose period has expired only after consulting the 内閣総理大臣
    and obtaining consent (公文書等の管理に関する法律8条2項). 独立行政法人等 (法11条) and local bodies follow their
    own rules (a prefecture's 公文書管理条例 or 文書管理規程), which the seeds do not make a consent.
    """
    return _PRIME_MINISTER_CONSENT if kind in NATIONAL_RECORD_KINDS else None


class DisposalRefusalCode(enum.StrEnum):
    """Stable codes of :class:`DisposalRefused` (docs/errors.md)."""

    NOT_DUE = "retention.not_due"
    CONSENT_MISSING = "retention.consent_missing"
    ALREADY_DISPOSED = "retention.already_disposed"


class DisposalRefused(Exception):
    """A disposal the retention rules do not allow yet; ``code`` says which rule."""

    def __init__(self, code: DisposalRefusalCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_disposal(due: DisposalDue, today: date, *, kind: OrganizationKind, consent_recorded: bool) -> None:
    """Refuse a disposal before the period ends (Fukuoka 第13) or, for a national 行政機関, before the consent of
    the 内閣総理大臣 is recorded (公文書等の管理に関する法律8条2項). Returns ``None`` when it may go ahead."""
    if not due.is_due(today):
        msg = f"保存期間が満了していません（{_ja(due.last_day)}まで）。{_ja(due.due_on)}以降に廃棄してください。"
        raise DisposalRefused(DisposalRefusalCode.NOT_DUE, msg)
    requirement = consent_requirement(kind)
    if requirement is not None and not consent_recorded:
        raise DisposalRefused(DisposalRefusalCode.CONSENT_MISSING, requirement.sentence)

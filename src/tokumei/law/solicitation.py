"""Rules of the solicitation of proposals (提案の募集): its period, its notice, its yearly duty and the desk's days.

- 法111条: 行政機関の長等 solicit proposals on the files chosen under 法110条 (法附則7条: optional for
  municipalities other than 指定都市 and for 地方独立行政法人).
- 規則53条1項: 「毎年度一回以上、…募集の開始の日から三十日以上の期間を定めて」. The period is stored as the law
  states it: an inclusive first day, an inclusive last day and an optional closing time of day (ISA:
  「令和8年3月13日（金）午後5時まで」). The first day is not counted (民法140条, 初日不算入), so a period is long
  enough iff ``last_day − first_day ≥ 30 days`` — the conservative count every published notice we know follows
  (Kumamoto 2025-12-19 → 2026-01-20, ISA 2026-02-09 → 2026-03-13).
- 規則53条2項: 「あらかじめ…公示」: the notice is dated on or before the first day; a profile may require strictly
  before (奈良県警察 要綱第2-2(1) 「募集開始の日よりも前に」).
- A solicitation belongs to the fiscal year of its first day (財政法11条; 規則53条1項 「毎年度」).
- In-person delivery is accepted on the desk's days and hours (Kumamoto 5(2)(注1), ISA 5(2)(注1): 「平日の午前9時
  から午後5時まで（年末年始を除く。）」), never on a 行政機関の休日 (行政機関の休日に関する法律1条1項). A last day
  that falls on a closed day is reported, never silently moved.

Pure: no clock ("today" is passed in), no I/O; national holidays are supplied by the caller
(:mod:`tokumei.holidays` adapts ``jpholiday``).
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from types import MappingProxyType

from tokumei.law.calendar import (
    ClosedReason,
    HolidaySource,
    closed_reason,
    fiscal_year,
    fiscal_year_range,
    format_wareki,
    format_wareki_fiscal_year,
    format_wareki_with_weekday,
    next_business_day,
)
from tokumei.law.organization import (
    MINIMUM_SOLICITATION_DAYS,
    LegalRegime,
    OpeningHours,
    OrganizationProfile,
    solicitation_mandatory,
)

__all__ = [
    "MINIMUM_SOLICITATION_DAYS",
    "AcceptanceSchedule",
    "AcceptanceWindow",
    "FileSolicitationHistory",
    "Severity",
    "SolicitationCheck",
    "SolicitationCode",
    "SolicitationError",
    "SolicitationPeriod",
    "SolicitationProblem",
    "SolicitationRefused",
    "SolicitationUsageError",
    "acceptance_windows",
    "check_notice_date",
    "check_period",
    "earliest_valid_last_day",
    "format_time_ja",
    "is_within_period",
    "missing_solicitations",
    "must_solicit_every_year",
    "validate_solicitation",
]


# --------------------------------------------------------------------------------------------------
# Codes, problems and errors (STYLE.md habit 6)
# --------------------------------------------------------------------------------------------------


class Severity(enum.StrEnum):
    """An error refuses the solicitation; a warning is shown and the staff decide."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """Japanese label for the UI."""
        return "エラー" if self is Severity.ERROR else "注意"


class SolicitationCode(enum.StrEnum):
    """Stable codes of every problem this module reports (documented in ``docs/errors.md``)."""

    PERIOD_REVERSED = "solicitation.period_reversed"
    """The last day is before the first day."""
    PERIOD_TOO_SHORT = "solicitation.period_too_short"
    """規則53条1項: fewer than 30 days after the first day (民法140条)."""
    NOTICE_DATE_REQUIRED = "solicitation.notice_date_required"
    """A solicitation cannot be published without the date of its notice (規則53条2項)."""
    NOTICE_AFTER_FIRST_DAY = "solicitation.notice_after_first_day"
    """規則53条2項 「あらかじめ公示」: the notice is dated after the first day."""
    NOTICE_NOT_BEFORE_FIRST_DAY = "solicitation.notice_not_before_first_day"
    """The profile requires the notice strictly before the first day (Nara 要綱第2-2(1)) and it is on it."""
    REGIME_CLOSED = "solicitation.regime_closed"
    """The organization's regime takes no new proposals (the abolished 2017 rule)."""
    NO_TARGET_FILE = "solicitation.no_target_file"
    """法111条: a solicitation is for at least one proposal-target file."""
    GROUPING_NOT_ALLOWED = "solicitation.grouping_not_allowed"
    """Several files in one solicitation where the profile does not allow grouping (cf. Nara 要綱第2-2(3))."""
    NOTICE_DATE_IN_PAST = "solicitation.notice_date_in_past"
    """Warning: the notice date is before today (fine for a record of a past notice, odd for a new one)."""
    FIRST_DAY_CLOSED = "solicitation.first_day_closed"
    """Warning: the first day is a day the desk is closed."""
    LAST_DAY_CLOSED = "solicitation.last_day_closed"
    """Warning: the last day is a day the desk is closed; in-person delivery ends earlier. Never moved silently."""
    CLOSING_TIME_OUTSIDE_HOURS = "solicitation.closing_time_outside_hours"
    """Warning: the closing time on the last day is outside the desk's hours."""
    MISSING_FOR_FISCAL_YEAR = "solicitation.missing_for_fiscal_year"
    """Warning: a proposal-target file has no solicitation in the fiscal year (法111条, 規則53条1項)."""


_SEVERITIES: Mapping[SolicitationCode, Severity] = MappingProxyType(
    {
        SolicitationCode.PERIOD_REVERSED: Severity.ERROR,
        SolicitationCode.PERIOD_TOO_SHORT: Severity.ERROR,
        SolicitationCode.NOTICE_DATE_REQUIRED: Severity.ERROR,
        SolicitationCode.NOTICE_AFTER_FIRST_DAY: Severity.ERROR,
        SolicitationCode.NOTICE_NOT_BEFORE_FIRST_DAY: Severity.ERROR,
        SolicitationCode.REGIME_CLOSED: Severity.ERROR,
        SolicitationCode.NO_TARGET_FILE: Severity.ERROR,
        SolicitationCode.GROUPING_NOT_ALLOWED: Severity.ERROR,
        SolicitationCode.NOTICE_DATE_IN_PAST: Severity.WARNING,
        SolicitationCode.FIRST_DAY_CLOSED: Severity.WARNING,
        SolicitationCode.LAST_DAY_CLOSED: Severity.WARNING,
        SolicitationCode.CLOSING_TIME_OUTSIDE_HOURS: Severity.WARNING,
        SolicitationCode.MISSING_FOR_FISCAL_YEAR: Severity.WARNING,
    }
)


@dataclass(frozen=True, slots=True)
class SolicitationProblem:
    """One finding: a stable code, the field it concerns, a Japanese sentence saying why and what to do.

    ``suggestion`` carries a machine-readable fix where there is one (e.g. the earliest valid last day), so a
    form can offer it with one click.
    """

    code: SolicitationCode
    field: str
    message: str
    suggestion: date | None = None

    @property
    def severity(self) -> Severity:
        """Error or warning, fixed per code."""
        return _SEVERITIES[self.code]


class SolicitationError(Exception):
    """Base of this module's exceptions."""


class SolicitationRefused(SolicitationError, ValueError):
    """A solicitation the law does not allow (規則53条): carries every error at once.

    ``code`` is the first error's code; ``problems`` holds all of them (errors only).
    """

    def __init__(self, problems: tuple[SolicitationProblem, ...]) -> None:
        if not problems:
            msg = "SolicitationRefused needs at least one problem."
            raise SolicitationUsageError(msg)
        self.problems = problems
        self.code = problems[0].code
        super().__init__("\n".join(p.message for p in problems))


class SolicitationUsageError(SolicitationError, TypeError):
    """Programmer misuse (a wrong argument), not a refusal the law anticipates. Messages in English."""


@dataclass(frozen=True, slots=True)
class SolicitationCheck:
    """The result of :func:`validate_solicitation`: every error and warning, in a stable order."""

    problems: tuple[SolicitationProblem, ...] = ()

    @property
    def errors(self) -> tuple[SolicitationProblem, ...]:
        """The problems that refuse the solicitation."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[SolicitationProblem, ...]:
        """The problems shown to the staff without refusing."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings may remain)."""
        return not self.errors

    @property
    def codes(self) -> tuple[SolicitationCode, ...]:
        """The codes, in order (handy in tests and logs)."""
        return tuple(p.code for p in self.problems)

    def raise_for_errors(self) -> None:
        """Raise :class:`SolicitationRefused` with every error when there is any."""
        if self.errors:
            raise SolicitationRefused(self.errors)


# --------------------------------------------------------------------------------------------------
# The period
# --------------------------------------------------------------------------------------------------


def format_time_ja(value: time) -> str:
    """A time of day as the notices print it: 午前9時, 午後5時, 午後5時15分, 正午.

    >>> format_time_ja(time(17, 0))
    '午後5時'
    """
    if value.hour == 12 and value.minute == 0:
        return "正午"
    half = "午前" if value.hour < 12 else "午後"
    hour = value.hour if value.hour <= 12 else value.hour - 12
    text = f"{half}{hour}時"
    if value.minute:
        text += f"{value.minute}分"
    return text


@dataclass(frozen=True, slots=True)
class SolicitationPeriod:
    """募集期間 as the law states it: inclusive first and last days, optional closing time on the last day.

    An exception to the project's half-open ranges (STYLE.md): legal periods are stored as the law states them.
    Construction does not validate; call :func:`check_period` or :func:`validate_solicitation`.
    """

    first_day: date
    last_day: date
    closing_time: time | None = None

    @property
    def fiscal_year(self) -> int:
        """The fiscal year of the first day: the year the solicitation counts for (規則53条1項 「毎年度」)."""
        return fiscal_year(self.first_day)

    @property
    def days_after_first_day(self) -> int:
        """``last_day − first_day`` in days: the length counted with the first day excluded (民法140条)."""
        return (self.last_day - self.first_day).days

    def describe(self) -> str:
        """Japanese text of the period as the notices print it.

        「令和7年12月19日（金）から令和8年1月20日（火）まで」, 「…令和8年3月13日（金）午後5時まで」.
        """
        end = format_wareki_with_weekday(self.last_day)
        if self.closing_time is not None:
            end += format_time_ja(self.closing_time)
        return f"{format_wareki_with_weekday(self.first_day)}から{end}まで"


def earliest_valid_last_day(first_day: date) -> date:
    """The first last day a period starting on ``first_day`` may have: ``first_day + 30 days`` (規則53条1項)."""
    return first_day + timedelta(days=MINIMUM_SOLICITATION_DAYS)


def check_period(period: SolicitationPeriod) -> tuple[SolicitationProblem, ...]:
    """Errors of the period alone (規則53条1項 「募集の開始の日から三十日以上の期間」, 民法140条).

    Valid iff ``last_day − first_day ≥ 30 days``; the refusal says why and which last day would be valid.
    """
    valid_last = earliest_valid_last_day(period.first_day)
    if period.last_day < period.first_day:
        return (
            SolicitationProblem(
                SolicitationCode.PERIOD_REVERSED,
                "last_day",
                f"募集期間の最終日（{format_wareki_with_weekday(period.last_day)}）が開始日"
                f"（{format_wareki_with_weekday(period.first_day)}）より前です。"
                f"最終日は{format_wareki_with_weekday(valid_last)}以降にしてください"
                "（規則53条1項：募集の開始の日から30日以上の期間）。",
                suggestion=valid_last,
            ),
        )
    if period.days_after_first_day < MINIMUM_SOLICITATION_DAYS:
        return (
            SolicitationProblem(
                SolicitationCode.PERIOD_TOO_SHORT,
                "last_day",
                f"募集期間が短すぎます。最終日の{format_wareki_with_weekday(period.last_day)}は開始日の"
                f"{period.days_after_first_day}日後ですが、募集期間は開始日を数えずに（民法140条）30日以上"
                "必要です（規則53条1項）。"
                f"開始日が{format_wareki_with_weekday(period.first_day)}の場合、最終日は"
                f"{format_wareki_with_weekday(valid_last)}以降にしてください。",
                suggestion=valid_last,
            ),
        )
    return ()


def check_notice_date(
    period: SolicitationPeriod, notice_date: date, *, strictly_before: bool
) -> tuple[SolicitationProblem, ...]:
    """Errors of the notice date (規則53条2項 「あらかじめ…公示」; strictly before: Nara 要綱第2-2(1)).

    The notice may be dated on the first day (Kumamoto: notice and start both 令和7年12月19日) unless the
    profile requires 「募集開始の日よりも前に」, in which case it must be at least one day earlier.
    """
    if notice_date > period.first_day:
        latest = period.first_day - timedelta(days=1) if strictly_before else period.first_day
        return (
            SolicitationProblem(
                SolicitationCode.NOTICE_AFTER_FIRST_DAY,
                "notice_date",
                f"公示日（{format_wareki(notice_date)}）が募集開始日（{format_wareki(period.first_day)}）より後です。"
                "募集はあらかじめ公示しなければなりません（規則53条2項）。"
                f"公示日を{format_wareki(latest)}以前にするか、募集開始日を遅らせてください。",
                suggestion=latest,
            ),
        )
    if strictly_before and notice_date == period.first_day:
        latest = period.first_day - timedelta(days=1)
        return (
            SolicitationProblem(
                SolicitationCode.NOTICE_NOT_BEFORE_FIRST_DAY,
                "notice_date",
                f"公示日が募集開始日（{format_wareki(period.first_day)}）と同じです。"
                "この組織では募集開始の日よりも前に公示することとされています（規則53条2項、要綱）。"
                f"公示日を{format_wareki(latest)}以前にしてください。",
                suggestion=latest,
            ),
        )
    return ()


# --------------------------------------------------------------------------------------------------
# Acceptance windows for delivery in person
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcceptanceWindow:
    """One day on which the desk accepts documents in person, and the hours (``closes`` may be the closing time)."""

    day: date
    opens: time
    closes: time

    def describe(self) -> str:
        """「令和8年3月13日（金） 午前9時〜午後5時」."""
        return f"{format_wareki_with_weekday(self.day)} {format_time_ja(self.opens)}〜{format_time_ja(self.closes)}"


@dataclass(frozen=True, slots=True)
class AcceptanceSchedule:
    """The days of a period on which in-person delivery is possible, and the closed days in it with reasons."""

    windows: tuple[AcceptanceWindow, ...]
    closed_days: tuple[tuple[date, ClosedReason], ...]
    warnings: tuple[SolicitationProblem, ...] = field(default=())

    @property
    def last_window(self) -> AcceptanceWindow | None:
        """The last moment documents can be handed in at the desk, or ``None`` if never."""
        return self.windows[-1] if self.windows else None


def _desk_closed_reason(
    day: date, hours: OpeningHours, holidays: HolidaySource, organization_closures: Collection[date]
) -> ClosedReason | None:
    """Why the desk is closed on ``day`` given its hours (weekdays only / year-end closure), or ``None``."""
    reason = closed_reason(day, holidays, organization_closures)
    if reason is None:
        return None
    if not hours.weekdays_only and reason in (
        ClosedReason.SATURDAY,
        ClosedReason.SUNDAY,
        ClosedReason.NATIONAL_HOLIDAY,
    ):
        return None
    if not hours.closed_year_end and reason is ClosedReason.YEAR_END_CLOSURE:
        return None
    return reason


def acceptance_windows(
    period: SolicitationPeriod,
    hours: OpeningHours,
    holidays: HolidaySource,
    organization_closures: Collection[date] = (),
) -> AcceptanceSchedule:
    """The desk's windows for delivery in person during ``period`` (Kumamoto/ISA 5(2)(注1)).

    Weekdays (unless the hours say otherwise) at the profile's hours, minus national holidays, 行政機関の休日
    12/29–1/3 (行政機関の休日に関する法律1条1項) and the organization's own closures. On the last day the desk
    closes at the period's closing time when that is earlier. A first or last day on a closed day is reported as
    a warning, never moved (issue 6 §1). Mail that arrives by the last day is not limited by these windows.
    """
    windows: list[AcceptanceWindow] = []
    closed: list[tuple[date, ClosedReason]] = []
    warnings: list[SolicitationProblem] = []
    day = period.first_day
    while day <= period.last_day:
        reason = _desk_closed_reason(day, hours, holidays, organization_closures)
        if reason is not None:
            closed.append((day, reason))
        else:
            closes = hours.closes
            if day == period.last_day and period.closing_time is not None and period.closing_time < closes:
                closes = period.closing_time
            if closes > hours.opens:
                windows.append(AcceptanceWindow(day, hours.opens, closes))
        day += timedelta(days=1)
    closed_map = dict(closed)
    if period.first_day in closed_map and period.first_day <= period.last_day:
        reason = closed_map[period.first_day]
        warnings.append(
            SolicitationProblem(
                SolicitationCode.FIRST_DAY_CLOSED,
                "first_day",
                f"募集開始日の{format_wareki_with_weekday(period.first_day)}は{reason.label}のため、"
                "窓口での持参による受付はできません（郵送は受け付けられます）。"
                "開始日はそのままです。必要なら開庁日に変更してください。",
            )
        )
    if period.last_day in closed_map and period.first_day <= period.last_day:
        reason = closed_map[period.last_day]
        previous = [w for w in windows if w.day < period.last_day]
        last_in_person = (
            f"持参による提出は{previous[-1].describe()}までとなります" if previous else "持参による提出はできません"
        )
        suggestion = next_business_day(period.last_day, holidays, organization_closures)
        warnings.append(
            SolicitationProblem(
                SolicitationCode.LAST_DAY_CLOSED,
                "last_day",
                f"募集期間の最終日の{format_wareki_with_weekday(period.last_day)}は{reason.label}のため窓口が"
                f"閉まっています。最終日は自動では移動しません。このままでは{last_in_person}。"
                f"最終日を開庁日（例：{format_wareki_with_weekday(suggestion)}）に変更するか、"
                "公示でその旨を明示してください。",
                suggestion=suggestion,
            )
        )
    return AcceptanceSchedule(windows=tuple(windows), closed_days=tuple(closed), warnings=tuple(warnings))


def is_within_period(period: SolicitationPeriod, received_on: date, received_at: time | None = None) -> bool:
    """Whether a proposal received on ``received_on`` (at ``received_at``) is within the period (Fukuoka 第6-2(1)).

    Mail counts on the day it arrives (「締切日当日必着」). On the last day a closing time, when set, is the
    limit: a document received at the closing time itself is late only after it (「午後5時まで」 includes 17:00).
    Without ``received_at`` the whole last day counts.
    """
    if received_on < period.first_day or received_on > period.last_day:
        return False
    if received_on == period.last_day and period.closing_time is not None and received_at is not None:
        return received_at <= period.closing_time
    return True


# --------------------------------------------------------------------------------------------------
# The whole solicitation
# --------------------------------------------------------------------------------------------------


def must_solicit_every_year(profile: OrganizationProfile) -> bool:
    """Whether this organization must solicit every fiscal year (法111条, 規則53条1項, 法附則7条).

    National organs, 独立行政法人等, prefectures (and their police) and 指定都市 must; other municipalities and
    地方独立行政法人 may choose to, and then ``profile.must_solicit`` records that choice; the abolished 2017
    regime takes no new proposals.
    """
    mandatory = solicitation_mandatory(profile.kind, profile.legal_regime)
    if mandatory is None:
        return profile.must_solicit
    return mandatory


#: 旧行政機関個人情報保護法 (and its 行政機関非識別加工情報 chapter) was repealed by the 2021 amendment
#: (令和3年法律第37号) with effect from this day; solicitations under it could be made before it only.
LEGACY_REGIME_ENDED = date(2022, 4, 1)


def is_historical_record(profile: OrganizationProfile, period: SolicitationPeriod) -> bool:
    """A solicitation of an abolished-regime organization that began before the regime ended: recorded as history
    (e.g. 国税庁's FY2017 solicitation under 旧法44条の4), never a new solicitation."""
    return profile.legal_regime is LegalRegime.LEGACY_2017 and period.first_day < LEGACY_REGIME_ENDED


def validate_solicitation(
    profile: OrganizationProfile,
    period: SolicitationPeriod,
    *,
    notice_date: date | None,
    today: date,
    holidays: HolidaySource,
    organization_closures: Collection[date] = (),
    target_file_count: int = 1,
    publishing: bool = False,
) -> SolicitationCheck:
    """Every error and warning for a solicitation of ``profile`` (法111条, 規則53条), all at once.

    Errors: the regime takes no new proposals (2017 rule); no target file, or several where grouping is not
    allowed; the period is reversed or shorter than 30 days after its first day (規則53条1項, 民法140条); the notice
    date is missing when ``publishing``, after the first day, or — where the profile says so — not strictly before
    it (規則53条2項; Nara 要綱第2-2(1)).
    Warnings: the notice date is before ``today``; the first or last day is a closed day for the desk; the
    closing time is outside the desk's hours.
    """
    if target_file_count < 0:
        msg = f"target_file_count must be >= 0, got {target_file_count}."
        raise SolicitationUsageError(msg)
    problems: list[SolicitationProblem] = []
    if solicitation_mandatory(profile.kind, profile.legal_regime) is False and not is_historical_record(
        profile, period
    ):
        problems.append(
            SolicitationProblem(
                SolicitationCode.REGIME_CLOSED,
                "organization",
                f"{profile.name}は廃止された制度（{profile.legal_regime.label}）の組織のため、新たな提案の募集は"
                f"できません（{format_wareki(LEGACY_REGIME_ENDED)}に廃止）。廃止前に行った募集の記録は、開始日を"
                "廃止前の日付にすると登録できます。",
            )
        )
    if target_file_count == 0:
        problems.append(
            SolicitationProblem(
                SolicitationCode.NO_TARGET_FILE,
                "target_files",
                "提案の募集の対象となる個人情報ファイルを1件以上選んでください（法111条）。",
            )
        )
    elif target_file_count > 1 and not profile.procedure.grouped_solicitation_allowed:
        problems.append(
            SolicitationProblem(
                SolicitationCode.GROUPING_NOT_ALLOWED,
                "target_files",
                f"{profile.name}のプロファイルでは複数の個人情報ファイルをまとめて募集することが認められていません。"
                f"選んだ{target_file_count}件のファイルは、ファイルごとに募集を作成してください。",
            )
        )
    problems.extend(check_period(period))
    if notice_date is None:
        if publishing:
            problems.append(
                SolicitationProblem(
                    SolicitationCode.NOTICE_DATE_REQUIRED,
                    "notice_date",
                    "公示日が入力されていません。募集はあらかじめ公示しなければなりません（規則53条2項）。"
                    "公示日を入力してから公開してください。",
                )
            )
    else:
        problems.extend(
            check_notice_date(period, notice_date, strictly_before=profile.procedure.notice_strictly_before_first_day)
        )
        if notice_date < today:
            problems.append(
                SolicitationProblem(
                    SolicitationCode.NOTICE_DATE_IN_PAST,
                    "notice_date",
                    f"公示日（{format_wareki(notice_date)}）が今日（{format_wareki(today)}）より前です。"
                    "過去の公示を記録する場合はこのままで構いません。新しく公示する場合は日付を確認してください。",
                )
            )
    if period.last_day >= period.first_day:
        hours = profile.reception_desk.opening_hours
        if profile.submission.in_person:
            problems.extend(acceptance_windows(period, hours, holidays, organization_closures).warnings)
        if period.closing_time is not None and not (hours.opens < period.closing_time <= hours.closes):
            problems.append(
                SolicitationProblem(
                    SolicitationCode.CLOSING_TIME_OUTSIDE_HOURS,
                    "closing_time",
                    f"最終日の締切時刻（{format_time_ja(period.closing_time)}）が窓口の受付時間"
                    f"（{format_time_ja(hours.opens)}〜{format_time_ja(hours.closes)}）の外にあります。"
                    "持参による提出は受付時間内に限られます。締切時刻を受付時間内にするか、公示で明示してください。",
                )
            )
    return SolicitationCheck(tuple(problems))


# --------------------------------------------------------------------------------------------------
# The yearly duty
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileSolicitationHistory:
    """A proposal-target file and the first days of its published (not draft) solicitations."""

    file_id: str
    file_name: str
    first_days: tuple[date, ...] = ()


def missing_solicitations(
    profile: OrganizationProfile,
    files: Iterable[FileSolicitationHistory],
    *,
    today: date,
    fiscal_year_to_check: int | None = None,
) -> tuple[SolicitationProblem, ...]:
    """Warnings for proposal-target files with no solicitation in a fiscal year (法111条, 規則53条1項).

    「毎年度一回以上」: a solicitation counts for the fiscal year of its first day. Checked for the fiscal year of
    ``today`` unless ``fiscal_year_to_check`` is given. Only for organizations that must solicit
    (:func:`must_solicit_every_year`; 法附則7条): others get no warning. The message says how long remains: the
    first day must fall in the fiscal year, and the notice must precede it (規則53条2項).
    """
    if not must_solicit_every_year(profile):
        return ()
    year = fiscal_year(today) if fiscal_year_to_check is None else fiscal_year_to_check
    fy = fiscal_year_range(year)
    year_label = format_wareki_fiscal_year(year, as_of=today)
    latest_first_day = fy.last_day
    warnings: list[SolicitationProblem] = []
    for file in files:
        if any(fiscal_year(day) == year for day in file.first_days):
            continue
        if today > fy.last_day:
            tail = f"{year_label}は終了しています。次の年度の募集を計画してください。"
        else:
            latest_notice = (
                latest_first_day - timedelta(days=1)
                if profile.procedure.notice_strictly_before_first_day
                else latest_first_day
            )
            tail = (
                f"{format_wareki(latest_first_day)}までに募集を開始してください"
                f"（公示は{format_wareki(latest_notice)}までに。残り{(latest_first_day - today).days}日）。"
            )
        warnings.append(
            SolicitationProblem(
                SolicitationCode.MISSING_FOR_FISCAL_YEAR,
                f"files.{file.file_id}",
                f"個人情報ファイル「{file.file_name}」は提案募集の対象ですが、{year_label}の提案の募集が"
                f"まだありません（法111条、規則53条1項「毎年度一回以上」）。{tail}",
                suggestion=latest_first_day if today <= fy.last_day else None,
            )
        )
    return tuple(warnings)

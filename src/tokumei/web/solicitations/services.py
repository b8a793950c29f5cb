"""Write use cases of solicitations: save a draft, publish, close, archive — each one transaction, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tokumei.holidays import holiday_predicate
from tokumei.law.calendar import fiscal_year, fiscal_year_range
from tokumei.law.organization import DocumentKind
from tokumei.law.solicitation import (
    SolicitationCheck,
    SolicitationCode,
    SolicitationPeriod,
    SolicitationRefused,
    validate_solicitation,
)
from tokumei.law.transitions import SolicitationState, check_solicitation_transition
from tokumei.web.accounts.models import Organization, User
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.core.document_numbers import DuplicateDocumentNumber, has_sequence, next_document_number
from tokumei.web.register.models import PersonalInformationFile

from .models import Solicitation, SolicitationTarget


class SolicitationNotEditable(Exception):
    def __init__(self, solicitation: Solicitation) -> None:
        super().__init__(
            f"「{solicitation.title}」は{solicitation.state_enum.label}のため変更できません。"
            "公示後の内容は変更できません（訂正が必要な場合は新たに公示してください）。"
        )


class SolicitationNotOver(Exception):
    pass


@dataclass(frozen=True)
class SolicitationInput:
    title: str
    first_day: date
    last_day: date
    closing_time: time | None
    notice_date: date | None
    notice_number: str
    in_person: bool
    by_mail: bool
    online: bool
    copies: int
    note: str
    file_ids: list[int]


def check(organization: Organization, data: SolicitationInput, *, publishing: bool = False) -> SolicitationCheck:
    """Every error and warning of the law for this solicitation (規則53条) at today's date."""
    return validate_solicitation(
        organization.profile,
        SolicitationPeriod(data.first_day, data.last_day, data.closing_time),
        notice_date=data.notice_date,
        today=timezone.localdate(),
        holidays=holiday_predicate(),
        target_file_count=len(data.file_ids),
        publishing=publishing,
    )


def _number_taken(
    organization: Organization, number: str, day: date, *, exclude: int | None = None
) -> Solicitation | None:
    """Another solicitation of the organization whose notice carries ``number`` in the fiscal year of ``day``
    (numbers restart each year, so 「匿提公第1号」 of another year is another number)."""
    year = fiscal_year_range(fiscal_year(day))
    dated = Q(notice_date__gte=year.start, notice_date__lte=year.last_day)
    undated = Q(notice_date__isnull=True, first_day__gte=year.start, first_day__lte=year.last_day)
    return (
        Solicitation.objects.filter(dated | undated, organization=organization, notice_number=number)
        .exclude(pk=exclude)
        .first()
    )


def _refuse_duplicate_number(organization: Organization, number: str, day: date, *, exclude: int | None) -> None:
    if number and (other := _number_taken(organization, number, day, exclude=exclude)) is not None:
        raise DuplicateDocumentNumber(number, other.title)


def _target_files(organization: Organization, file_ids: list[int]) -> list[PersonalInformationFile]:
    files = list(
        PersonalInformationFile.objects.filter(pk__in=file_ids, organization=organization, is_proposal_target=True)
    )
    if len(files) != len(set(file_ids)):
        msg = "募集の対象にできるのは、自機関の提案募集の対象とされた個人情報ファイルだけです。"
        raise ValueError(msg)
    return files


@transaction.atomic
def save_draft(
    organization: Organization,
    data: SolicitationInput,
    *,
    actor: User,
    origin: Origin,
    solicitation: Solicitation | None = None,
) -> tuple[Solicitation, SolicitationCheck]:
    """Create or update a draft. Errors of the law are returned with the draft (it may be fixed later) but
    refused at publishing; a draft with a period that is not even ordered is refused now."""
    if solicitation is not None and solicitation.state != SolicitationState.DRAFT:
        raise SolicitationNotEditable(solicitation)
    if data.online and not organization.profile.submission.online:
        msg = f"{organization.body_name}のプロファイルでは電子申請による提出は認められていません。"
        raise ValueError(msg)
    result = check(organization, data)
    reversed_period = [p for p in result.errors if p.code is SolicitationCode.PERIOD_REVERSED]
    if reversed_period:
        raise SolicitationRefused(tuple(reversed_period))
    files = _target_files(organization, data.file_ids)
    _refuse_duplicate_number(
        organization,
        data.notice_number.strip(),
        data.notice_date or data.first_day,
        exclude=solicitation.pk if solicitation is not None else None,
    )
    created = solicitation is None
    s = solicitation or Solicitation(organization=organization)
    s.title = data.title
    s.first_day, s.last_day, s.closing_time = data.first_day, data.last_day, data.closing_time
    s.fiscal_year = fiscal_year(data.first_day)
    s.notice_date, s.notice_number = data.notice_date, data.notice_number.strip()
    s.in_person, s.by_mail, s.online, s.copies, s.note = (
        data.in_person,
        data.by_mail,
        data.online,
        data.copies,
        data.note,
    )
    s.save()
    s.targets.exclude(file__in=files).delete()
    for f in files:
        SolicitationTarget.objects.get_or_create(solicitation=s, file=f)
    record_event(
        "solicitations.draft_saved",
        actor=actor,
        origin=origin,
        organization=organization,
        target=s,
        summary=f"提案の募集「{s.title}」を{'作成' if created else '更新'}しました（{s.period.describe()}）。",
        details={"files": [f.pk for f in files], "errors": [p.code.value for p in result.errors]},
    )
    return s, result


def _transition(s: Solicitation, to: SolicitationState) -> None:
    check_solicitation_transition(s.state_enum, to)
    s.state = to.value


def _input_of(s: Solicitation) -> SolicitationInput:
    return SolicitationInput(
        s.title,
        s.first_day,
        s.last_day,
        s.closing_time,
        s.notice_date,
        s.notice_number,
        s.in_person,
        s.by_mail,
        s.online,
        s.copies,
        s.note,
        list(s.targets.values_list("file_id", flat=True)),
    )


@transaction.atomic
def publish(solicitation: Solicitation, *, actor: User, origin: Origin) -> SolicitationCheck:
    """Publish the notice (公示). Refused with every error of 規則53条 at once; warnings are kept in the audit.

    A notice without a number gets the next one of the organization's sequence for the notice's fiscal year
    (文書番号) where the profile has one; a typed number is kept unless another solicitation already carries it."""
    s = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
    _transition(s, SolicitationState.PUBLISHED)
    result = check(s.organization, _input_of(s), publishing=True)
    result.raise_for_errors()
    allotted = not s.notice_number and has_sequence(s.organization, DocumentKind.SOLICITATION_NOTICE)
    day = s.notice_date or s.first_day
    if allotted:
        s.notice_number = next_document_number(
            s.organization,
            DocumentKind.SOLICITATION_NOTICE,
            day,
            taken=lambda number: _number_taken(s.organization, number, day, exclude=s.pk) is not None,
        )
    elif s.notice_number:
        _refuse_duplicate_number(s.organization, s.notice_number, day, exclude=s.pk)
    s.published_at = timezone.now()
    s.save(update_fields=["state", "published_at", "notice_number"])
    record_event(
        "solicitations.published",
        actor=actor,
        origin=origin,
        organization=s.organization,
        target=s,
        summary=(
            f"提案の募集「{s.title}」を公示しました（{s.notice_number or '文書番号なし'}、{s.period.describe()}）。"
        ),
        details={
            "warnings": [p.message for p in result.warnings],
            "notice_number": s.notice_number,
            "number_allotted": allotted,
        },
    )
    solicitation.refresh_from_db()
    return result


def period_is_over(s: Solicitation, now: datetime) -> bool:
    local = timezone.localtime(now)
    if local.date() > s.last_day:
        return True
    return local.date() == s.last_day and s.closing_time is not None and local.time() >= s.closing_time


@transaction.atomic
def close(solicitation: Solicitation, *, actor: User, origin: Origin) -> None:
    """Close after the period: the subject count of each target file is fixed now (審査基準②の上限; 「原則として」
    募集期間の終了時点, Fukuoka 第7)."""
    s = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
    _transition(s, SolicitationState.CLOSED)
    if not period_is_over(s, timezone.now()):
        msg = f"募集期間（{s.period.describe()}）が終わっていないため、締め切れません。"
        raise SolicitationNotOver(msg)
    counts = {}
    for target in s.targets.select_related("file"):
        target.subject_count_at_close = target.file.subject_count
        target.save(update_fields=["subject_count_at_close"])
        counts[target.file.name] = target.file.subject_count
    s.closed_at = timezone.now()
    s.save(update_fields=["state", "closed_at"])
    record_event(
        "solicitations.closed",
        actor=actor,
        origin=origin,
        organization=s.organization,
        target=s,
        summary=f"提案の募集「{s.title}」を締め切りました。対象ファイルの本人の数を確定しました。",
        details={"subject_counts": counts},
    )
    solicitation.refresh_from_db()


@transaction.atomic
def archive(solicitation: Solicitation, *, actor: User, origin: Origin) -> None:
    s = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
    _transition(s, SolicitationState.ARCHIVED)
    s.save(update_fields=["state"])
    record_event(
        "solicitations.archived",
        actor=actor,
        origin=origin,
        organization=s.organization,
        target=s,
        summary=f"提案の募集「{s.title}」を保存済みにしました。",
    )
    solicitation.refresh_from_db()

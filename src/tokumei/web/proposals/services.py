"""Write use cases of proposals: one function per use case, one transaction each, the audit event inside.

Drafts and corrections by the proposer (portal), online submission where the profile allows it, the paper's
arrival and paper entry by the desk, correction requests (規則54条7項), acceptance with a receipt number (Fukuoka
第6-3・4), non-acceptance, withdrawal, the owning division's detailed check (Nara 要綱第2-4), attachments and
consultation records (応接記録).
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from tokumei.law.calendar import fiscal_year
from tokumei.law.intake import (
    AttachmentKind,
    CheckStatus,
    IdentityDocumentType,
    ProposalKind,
    check_changed_contract,
    format_receipt_number,
    normalize_contract_number,
    parse_officer,
)
from tokumei.law.review import corporate_number_problem, division_check_required
from tokumei.law.transitions import ProposalState, check_proposal_transition
from tokumei.web.accounts.models import Organization, User
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.register.models import AnonymizedDataset, PersonalInformationFile
from tokumei.web.solicitations.models import Solicitation

from . import queries, uploads
from .models import Attachment, Channel, ConsultationRecord, CorrectionRequest, Proposal, ReceiptCounter
from .recipes import compile_yaml


class ProposalRefused(ValueError):
    """A step the procedure does not allow now; ``problems`` lists every reason (Japanese sentences); ``field``
    names the form field they concern, where there is one."""

    code = "proposal.refused"

    def __init__(self, problems: list[str], *, field: str | None = None) -> None:
        self.problems = problems
        self.field = field
        super().__init__("\n".join(problems))


class NotEditable(ProposalRefused):
    code = "proposal.not_editable"


@dataclass
class ProposalInput:
    """Every editable field of a proposal (法112条2項 1〜8号), as the form gives it."""

    proposer_kind: str = "corporation"
    proposer_name: str = ""
    proposer_address: str = ""
    proposer_representative: str = ""
    corporate_number: str = ""
    phone: str = ""
    email: str = ""
    department: str = ""
    person_in_charge: str = ""
    joint_proposers: list[dict[str, str]] = field(default_factory=list)
    officers: list[dict[str, str]] = field(default_factory=list)
    """Each ``{"name", "birth_date"}`` (ISO date or ""); a plain line 「氏名、生年月日」 is read as well."""
    proxy_kind: str = ""
    proxy_name: str = ""
    proxy_address: str = ""
    proxy_representative: str = ""
    subject_scope: str = ""
    sample_size: int | None = None
    processing: dict[str, str | None] = field(default_factory=dict)
    contract_number: str = ""
    """法118条後段: the number (契約番号) of the contract to change; resolved to the contract when saved."""
    purpose: str = ""
    method: str = ""
    business: str = ""
    use_from: date | None = None
    use_to: date | None = None
    handlers: list[dict[str, str]] = field(default_factory=list)
    place_of_use: str = ""
    environment: str = ""
    storage_management: str = ""
    delivery_medium: str = ""
    delivery_method: str = ""
    proposal_date: date | None = None


FIELDS = [name for name in ProposalInput.__dataclass_fields__ if name != "contract_number"]
"""The input's fields stored as they are on the proposal (the contract number is resolved to the contract)."""


def input_of(p: Proposal) -> ProposalInput:
    data = ProposalInput(**{name: getattr(p, name) for name in FIELDS})
    data.officers = [_officer_dict(o, strict=False) for o in data.officers or []]
    data.contract_number = p.contract_number
    return data


def _officer_dict(value: object, *, strict: bool = True) -> dict[str, str]:
    """An officer as stored: ``{"name", "birth_date"}``; a line of text (older drafts, direct callers) is parsed,
    and refused when its date cannot be read (``strict``) or kept whole as the name (reading an older draft)."""
    if isinstance(value, dict):
        return {"name": str(value.get("name", "")).strip(), "birth_date": str(value.get("birth_date") or "")}
    try:
        officer = parse_officer(str(value))
    except ValueError as exc:
        if not strict:
            return {"name": str(value).strip(), "birth_date": ""}
        raise ProposalRefused([str(exc)], field="officers") from None
    return {"name": officer.name, "birth_date": officer.birth_date.isoformat() if officer.birth_date else ""}


def _new_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        ref = "P-" + "".join(secrets.choice(alphabet) for _ in range(8))
        if not Proposal.objects.filter(reference=ref).exists():
            return ref


def _transition(p: Proposal, to: ProposalState) -> ProposalState:
    current = ProposalState(p.state)
    check_proposal_transition(current, to)
    p.state = to.value
    return current


def _locked(p: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",)).select_related("organization", "file", "dataset").get(pk=p.pk)
    )


def _apply(p: Proposal, data: ProposalInput) -> None:
    number = unicodedata.normalize("NFKC", data.corporate_number or "").replace("-", "").replace(" ", "")
    if number:
        problem = corporate_number_problem(number)
        if problem:
            raise ProposalRefused([problem], field="corporate_number")
    data.corporate_number = number
    data.officers = [o for o in (_officer_dict(x) for x in data.officers or []) if o["name"]]
    for name in FIELDS:
        setattr(p, name, getattr(data, name))
    _link_changed_contract(p, data.contract_number)
    if p.subject_scope != "sample":
        p.sample_size = None
    if p.kind == ProposalKind.NEW and p.file is not None:
        p.recipe_yaml = compile_yaml(
            p.file,
            dict(p.processing),
            sample_subjects=p.sample_size,
            reference=p.proposal_date or timezone.localdate(),
        )
    else:
        p.processing, p.recipe_yaml = {}, ""


def _link_changed_contract(p: Proposal, number: str) -> None:
    """法118条1項後段: the contract a change proposal names, found by its number among the organization's own
    contracts and checked by the law (the same party, the same created dataset, in force); its number and date of
    conclusion become the text the forms and notices print. Refused, on the field, with the reason otherwise."""
    p.changed_contract, p.contract_reference = None, ""
    if p.kind != ProposalKind.CHANGE or not normalize_contract_number(number):
        return
    contract = queries.find_contract(p.organization, number)
    facts = queries.changed_contract_facts(contract, p.dataset_id) if contract is not None else None
    problems = check_changed_contract(
        number,
        facts,
        proposer=queries.proposer_party(p),
        corporate_number=p.corporate_number,
        dataset_label=p.dataset.title if p.dataset else "",
    )
    if problems or contract is None or facts is None:
        raise ProposalRefused([x.message for x in problems], field="contract_number")
    p.changed_contract, p.contract_reference = contract, facts.reference


@transaction.atomic
def start_draft(
    *,
    owner: User,
    kind: ProposalKind,
    origin: Origin,
    solicitation: Solicitation | None = None,
    file: PersonalInformationFile | None = None,
    dataset: AnonymizedDataset | None = None,
) -> Proposal:
    """A new draft on the portal: a new proposal on a file of a solicitation, or a 法118条 proposal on a dataset."""
    if kind is ProposalKind.NEW:
        if solicitation is None or file is None or not solicitation.targets.filter(file=file).exists():
            raise ProposalRefused(["提案の募集の対象となる個人情報ファイルを選んでください。"])
        organization = solicitation.organization
    else:
        if dataset is None:
            raise ProposalRefused(["提案に係る作成済みの行政機関等匿名加工情報を選んでください。"])
        organization, file, solicitation = dataset.file.organization, None, None
    p = Proposal.objects.create(
        organization=organization,
        reference=_new_reference(),
        kind=kind.value,
        owner=owner,
        solicitation=solicitation,
        file=file,
        dataset=dataset,
        proposer_kind="corporation",
        proposer_name=owner.display_name if owner.display_name else "",
        email=owner.email,
    )
    record_event(
        "proposals.draft_started",
        actor=owner,
        origin=origin,
        organization=organization,
        target=p,
        summary=f"提案の下書き {p.reference}（{kind.label}、{p.target_label}）を作成しました。",
    )
    return p


@transaction.atomic
def save_draft(proposal: Proposal, data: ProposalInput, *, actor: User, origin: Origin) -> Proposal:
    """Save the proposer's draft (or correction); compiles item 4 into the engine recipe stored with it."""
    p = _locked(proposal)
    if not queries.editable_by_proposer(p):
        raise NotEditable([f"{p.reference} は「{ProposalState(p.state).label}」のため変更できません。"])
    _apply(p, data)
    p.save()
    record_event(
        "proposals.draft_saved",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} の内容を保存しました（{ProposalState(p.state).label}）。",
        details={"recipe": bool(p.recipe_yaml)},
    )
    return p


@dataclass
class AttachmentInput:
    kind: str
    holder: str = "proposer"
    document_type: str = ""
    issued_on: date | None = None
    valid_until: date | None = None
    name_on_document: str = ""
    address_on_document: str = ""
    front_side_only: bool = False
    alternative_reason: str = ""


def add_attachments(
    proposal: Proposal,
    files: list[tuple[str, bytes]],
    meta: AttachmentInput,
    *,
    actor: User,
    origin: Origin,
    scanned: bool = False,
    on_paper: bool = False,
) -> list[Attachment]:
    """Check every file first (content type, size, no 個人番号), then write the files and the rows in one
    transaction; a refusal or a failure leaves nothing behind (files written here are removed again)."""
    checked = [uploads.check_upload(name, data) for name, data in files]
    if not checked and not on_paper:
        raise ProposalRefused(["ファイルを選んでください。"])
    if meta.kind == AttachmentKind.IDENTITY and not meta.document_type:
        raise ProposalRefused(["本人確認書類の種類を選んでください。"])
    if meta.document_type == IdentityDocumentType.MY_NUMBER_CARD and not meta.front_side_only:
        raise ProposalRefused(
            [
                "個人番号カードの写しは表面だけにしてください。表面だけであることを確認して、その旨にチェックしてください。"
            ]
        )
    written: list[Path] = []
    try:
        with transaction.atomic():
            p = _locked(proposal)
            staff = actor.is_org_staff
            if not staff and not queries.editable_by_proposer(p):
                raise NotEditable([f"{p.reference} は「{ProposalState(p.state).label}」のため書類を追加できません。"])
            rows = []
            for c in checked or [None]:
                row = Attachment(
                    proposal=p,
                    kind=meta.kind,
                    holder=meta.holder if meta.kind in (AttachmentKind.IDENTITY,) else "",
                    document_type=meta.document_type if meta.kind == AttachmentKind.IDENTITY else "",
                    issued_on=meta.issued_on,
                    valid_until=meta.valid_until,
                    name_on_document=meta.name_on_document,
                    address_on_document=meta.address_on_document,
                    front_side_only=meta.front_side_only,
                    alternative_reason=meta.alternative_reason,
                    uploaded_by=actor,
                    scanned_by_staff=scanned,
                    on_paper=c is None,
                )
                if c is not None:
                    path, new = uploads.store(c, p.organization_id, p.pk)
                    if new:
                        written.append(path)
                    row.original_name, row.stored_name = c.original_name, c.stored_name
                    row.sha256, row.size, row.content_type = c.sha256, len(c.data), c.content_type
                row.save()
                rows.append(row)
            record_event(
                "proposals.attachment_added",
                actor=actor,
                origin=origin,
                organization=p.organization,
                target=p,
                summary=f"提案 {p.reference} に{AttachmentKind(meta.kind).label}を"
                + ("紙で受領したものとして記録しました。" if not checked else f"{len(rows)}件登録しました。"),
                details={"files": [{"name": r.original_name, "sha256": r.sha256, "size": r.size} for r in rows]},
            )
            return rows
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor: User, origin: Origin) -> None:
    """Withdraw an attachment from a draft or correction (the stored file is kept for the record)."""
    p = _locked(attachment.proposal)
    if not actor.is_org_staff and not queries.editable_by_proposer(p):
        raise NotEditable([f"{p.reference} は「{ProposalState(p.state).label}」のため書類を変更できません。"])
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])
    record_event(
        "proposals.attachment_removed",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} の{attachment.get_kind_display()}「{attachment.original_name}」を取り下げました。",
    )


def _errors(p: Proposal, today: date) -> list[str]:
    return [x.message for x in queries.precheck_problems(p, today) if x.severity == "error"]


@transaction.atomic
def submit_online(proposal: Proposal, *, actor: User, origin: Origin) -> Proposal:
    """Submit through the portal — only where the organization's profile allows online submission. A draft is
    submitted when the pre-check finds no error; a correction is resubmitted the same way (規則54条7項)."""
    p = _locked(proposal)
    profile = p.organization.profile
    if not profile.submission.online:
        raise ProposalRefused(
            [
                f"{p.organization.body_name}への提案は電子申請では受け付けていません。"
                "提出書類を印刷し、持参又は郵送・信書便で提出してください。"
            ]
        )
    today = timezone.localdate()
    errors = _errors(p, today)
    if errors:
        raise ProposalRefused(errors)
    now = timezone.localtime()
    previous = _transition(p, ProposalState.RECEIVED)
    if previous is ProposalState.DRAFT:
        p.channel, p.arrived_on, p.arrived_at = Channel.ONLINE, now.date(), now.time().replace(microsecond=0)
        p.proposal_date = p.proposal_date or today
    p.save()
    _resolve_corrections(p, "ポータルで訂正されました。")
    record_event(
        "proposals.submitted_online" if previous is ProposalState.DRAFT else "proposals.corrected",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} を電子申請で"
        + ("提出しました。" if previous is ProposalState.DRAFT else "訂正して再提出しました。"),
    )
    return p


def _resolve_corrections(p: Proposal, note: str) -> None:
    p.corrections.filter(resolved_at__isnull=True).update(resolved_at=timezone.now(), resolution_note=note)


@transaction.atomic
def resubmit_correction(proposal: Proposal, *, actor: User, origin: Origin) -> Proposal:
    """The proposer sends the corrected proposal back through the portal (規則54条7項)."""
    p = _locked(proposal)
    if p.state != ProposalState.CORRECTION_REQUESTED:
        raise ProposalRefused([f"{p.reference} には訂正の求めがありません。"])
    _transition(p, ProposalState.RECEIVED)
    p.save(update_fields=["state", "updated_at"])
    _resolve_corrections(p, "提案者がポータルで訂正しました。")
    record_event(
        "proposals.corrected",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} が訂正され、再提出されました（ポータル）。",
    )
    return p


@transaction.atomic
def record_paper_correction(proposal: Proposal, note: str, *, actor: User, origin: Origin) -> Proposal:
    """The desk records corrected documents received on paper or at the desk (Fukuoka 第6-2(3))."""
    p = _locked(proposal)
    _transition(p, ProposalState.RECEIVED)
    p.save(update_fields=["state", "updated_at"])
    _resolve_corrections(p, note or "紙で訂正を受けました。")
    record_event(
        "proposals.corrected",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} の訂正を紙で受けました。",
        details={"note": note},
    )
    return p


@transaction.atomic
def record_arrival(
    proposal: Proposal,
    *,
    channel: str,
    arrived_on: date,
    arrived_at: time | None,
    official_form: bool,
    proposal_date: date | None,
    actor: User,
    origin: Origin,
) -> Proposal:
    """The desk records that the printed proposal arrived (持参 or 郵送: mail counts on the day it arrives)."""
    p = _locked(proposal)
    _check_channel(p.organization, channel)
    _transition(p, ProposalState.RECEIVED)
    p.channel, p.arrived_on, p.arrived_at, p.official_form = channel, arrived_on, arrived_at, official_form
    p.proposal_date = proposal_date or p.proposal_date or arrived_on
    p.save()
    record_event(
        "proposals.arrival_recorded",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} の到達を記録しました（{Channel(channel).label}、{arrived_on.isoformat()}）。",
        details={"duplicates": list(queries.duplicates_of(p))},
    )
    return p


def _check_channel(org: Organization, channel: str) -> None:
    sub = org.profile.submission
    allowed = {Channel.IN_PERSON: sub.in_person, Channel.MAIL: sub.by_mail, Channel.ONLINE: sub.online}
    if not allowed.get(Channel(channel), False):
        raise ProposalRefused([f"{org.body_name}では「{Channel(channel).label}」による提出を受け付けていません。"])


@transaction.atomic
def enter_paper_proposal(
    organization: Organization,
    data: ProposalInput,
    *,
    kind: ProposalKind,
    solicitation: Solicitation | None,
    file: PersonalInformationFile | None,
    dataset: AnonymizedDataset | None,
    channel: str,
    arrived_on: date,
    arrived_at: time | None,
    official_form: bool,
    actor: User,
    origin: Origin,
) -> Proposal:
    """The desk enters a proposal that came on paper without a portal draft (持参 or 郵送)."""
    _check_channel(organization, channel)
    p = Proposal(
        organization=organization,
        reference=_new_reference(),
        kind=kind.value,
        entered_by_staff=True,
        solicitation=solicitation,
        file=file,
        dataset=dataset,
        state=ProposalState.RECEIVED.value,
        channel=channel,
        arrived_on=arrived_on,
        arrived_at=arrived_at,
        official_form=official_form,
    )
    _apply(p, data)
    p.proposal_date = p.proposal_date or arrived_on
    p.save()
    record_event(
        "proposals.paper_entered",
        actor=actor,
        origin=origin,
        organization=organization,
        target=p,
        summary=f"紙の提案 {p.reference}（{p.proposer_name}、{p.target_label}）を入力しました"
        f"（{Channel(channel).label}、到達 {arrived_on.isoformat()}）。",
        details={"duplicates": list(queries.duplicates_of(p))},
    )
    return p


@dataclass(frozen=True)
class CorrectionItem:
    what: str
    why: str


@transaction.atomic
def request_correction(
    proposal: Proposal,
    items: list[CorrectionItem],
    *,
    deadline: date,
    channel: str,
    actor: User,
    origin: Origin,
) -> CorrectionRequest:
    """訂正の求め (規則54条7項): what and why for each defect, and a deadline; the proposer sees it on the portal."""
    problems = []
    if not items or any(not i.what.strip() or not i.why.strip() for i in items):
        problems.append("訂正を求める事項ごとに、何を（事項）となぜ（理由）を記入してください。")
    if deadline < timezone.localdate():
        problems.append(f"訂正の期限（{deadline.isoformat()}）は今日以後の日にしてください。")
    if problems:
        raise ProposalRefused(problems)
    p = _locked(proposal)
    _transition(p, ProposalState.CORRECTION_REQUESTED)
    p.save(update_fields=["state", "updated_at"])
    c = CorrectionRequest.objects.create(
        proposal=p,
        items=[{"what": i.what, "why": i.why} for i in items],
        deadline=deadline,
        channel=channel,
        requested_by=actor,
    )
    record_event(
        "proposals.correction_requested",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} に訂正を求めました（{len(items)}件、期限 {deadline.isoformat()}）。",
        details={"items": c.items, "channel": channel},
    )
    return c


def _next_receipt_number(org: Organization, day: date) -> str:
    fy = fiscal_year(day)
    counter, _ = ReceiptCounter.objects.select_for_update().get_or_create(organization=org, fiscal_year=fy)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_receipt_number(fy, counter.last)


@transaction.atomic
def accept(proposal: Proposal, *, actor: User, origin: Origin) -> Proposal:
    """受付 (Fukuoka 第6-3・4): refused while any of the six checks finds a defect; assigns the receipt number and
    passes the proposal to the owning division, the desk keeping its copy."""
    p = _locked(proposal)
    check_proposal_transition(ProposalState(p.state), ProposalState.ACCEPTED)
    today = timezone.localdate()
    defects = [x.message for f in queries.findings(p, today) if f.status is CheckStatus.DEFECT for x in f.problems]
    if defects:
        raise ProposalRefused(["形式的な不備があるため受け付けられません。訂正を求めてください。", *defects])
    _transition(p, ProposalState.ACCEPTED)
    if not p.receipt_number:
        p.receipt_number = _next_receipt_number(p.organization, p.arrived_on or today)
    p.accepted_at, p.accepted_by = timezone.now(), actor
    p.save()
    division = p.file.division.name if p.file else (p.dataset.file.division.name if p.dataset else "")
    record_event(
        "proposals.accepted",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} を受け付けました（受付番号 {p.receipt_number}）。{division}へ送付しました。",
        details={"receipt_number": p.receipt_number, "division": division},
    )
    return p


@transaction.atomic
def not_accept(proposal: Proposal, reason: str, *, actor: User, origin: Origin) -> Proposal:
    """Not accepted (e.g. out of period, not a target file): the reason is recorded and shown to the proposer."""
    if not reason.strip():
        raise ProposalRefused(["受け付けない理由を記入してください（提案者に教示します）。"])
    p = _locked(proposal)
    _transition(p, ProposalState.NOT_ACCEPTED)
    p.closing_reason = reason
    p.save(update_fields=["state", "closing_reason", "updated_at"])
    record_event(
        "proposals.not_accepted",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} を受け付けませんでした。",
        details={"reason": reason},
    )
    return p


@transaction.atomic
def withdraw(proposal: Proposal, reason: str, *, actor: User, origin: Origin) -> Proposal:
    p = _locked(proposal)
    _transition(p, ProposalState.WITHDRAWN)
    p.closing_reason = reason
    p.save(update_fields=["state", "closing_reason", "updated_at"])
    record_event(
        "proposals.withdrawn",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} が取り下げられました。",
        details={"reason": reason},
    )
    return p


@transaction.atomic
def record_division_check(proposal: Proposal, note: str, *, actor: User, origin: Origin) -> Proposal:
    """The owning division's detailed check of items and attachments where the profile makes it a step of its own
    after the intake (Nara 要綱第2-4(1)〜(3)); the review waits for it. Recorded once."""
    p = _locked(proposal)
    if not division_check_required(p.organization.profile):
        raise ProposalRefused(
            [
                f"{p.organization.body_name}では、記載事項・添付書類の確認は受付の際に行います（主管課による確認の手順はありません）。"
            ]
        )
    if p.state != ProposalState.ACCEPTED:
        raise ProposalRefused(["主管課の確認は、受付済みの提案について行います。"])
    if p.division_checked_at is not None:
        raise ProposalRefused([f"提案 {p.reference} の主管課の確認は、すでに記録されています。"])
    p.division_checked_at = timezone.now()
    p.save(update_fields=["division_checked_at", "updated_at"])
    record_event(
        "proposals.division_checked",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} の記載事項・添付書類を主管課で確認しました。",
        details={"note": note},
    )
    return p


def record_staff_view(proposal: Proposal, *, actor: User, origin: Origin, what: str = "提案") -> None:
    """Every staff view of a proposal or of one of its documents is audited."""
    record_event(
        "proposals.viewed",
        actor=actor,
        origin=origin,
        organization=proposal.organization,
        target=proposal,
        summary=f"{what}（{proposal.reference}）を閲覧しました。",
    )


@dataclass
class ConsultationInput:
    occurred_on: date
    channel: str
    counterpart: str
    question: str
    answer: str
    oral_proposal: bool = False
    proposal: Proposal | None = None
    proposer: User | None = None


@transaction.atomic
def record_consultation(
    organization: Organization, data: ConsultationInput, *, actor: User, origin: Origin
) -> ConsultationRecord:
    """応接記録 (Fukuoka 第4). A phone or oral "proposal" is recorded here, never as a proposal (法112条2項)."""
    fields: dict[str, Any] = dict(data.__dict__)
    c = ConsultationRecord.objects.create(organization=organization, recorded_by=actor, **fields)
    record_event(
        "proposals.consultation_recorded",
        actor=actor,
        origin=origin,
        organization=organization,
        target=c,
        summary=f"応接記録（{c.occurred_on.isoformat()}、{c.get_channel_display()}、{c.counterpart}）を作成しました"
        + ("。口頭・電話による提案の申出のため、書面によることを教示しました。" if c.oral_proposal else "。"),
    )
    return c

"""Write use cases after delivery: change notifications, termination and its PPC reports, improper use, the end of
use, and complaints. Each is one transaction and one audit event; the rules are in tokumei.law.supervision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from tokumei.law.contracts import ContractState, check_contract_transition
from tokumei.law.intake import ProposerKind
from tokumei.law.review import corporate_number_problem
from tokumei.law.supervision import (
    HandlerChangeKind,
    PpcReportFacts,
    PpcReportStage,
    SupervisionRefused,
    TerminationGround,
    apply_handler_change,
    check_handler_change,
    ppc_report_lines,
)
from tokumei.law.transitions import InvalidTransition
from tokumei.web.accounts.models import User
from tokumei.web.contracts.models import Contract
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.reviews.models import ContractTermination

from .models import Complaint, EndOfUse, HandlerChange, PpcReport, Termination


def _locked(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("organization", "review__proposal")
        .get(pk=contract.pk)
    )


def _audit(action: str, contract: Contract, actor: User, origin: Origin, summary: str) -> None:
    record_event(
        action, actor=actor, origin=origin, organization=contract.organization, target=contract, summary=summary
    )


def handler_names(contract: Contract) -> list[str]:
    handlers = contract.handlers or contract.review.proposal.handlers or []
    return [str(h.get("name", "")) if isinstance(h, dict) else str(h) for h in handlers]


def _supervisable(c: Contract) -> None:
    if c.state not in (ContractState.CONCLUDED, ContractState.DELIVERED):
        msg = f"「{c.state_enum.label}」の契約には、この手続はできません。"
        raise SupervisionRefused(msg)


@dataclass(frozen=True)
class ChangeInput:
    kind: str
    before: str
    after: str
    after_post: str
    reason: str
    received_on: date


@transaction.atomic
def receive_change(contract: Contract, data: ChangeInput, *, actor: User, origin: Origin) -> HandlerChange:
    """Record a 記載事項変更申出書. Removals and contact/name changes take effect at once; additions and
    replacements wait for the division to accept the reason; a change of the business is refused and routed."""
    c = _locked(contract)
    _supervisable(c)
    kind = HandlerChangeKind(data.kind)
    check_handler_change(kind, reason=data.reason, before=data.before, after=data.after, current=handler_names(c))
    if data.received_on > timezone.localdate():
        msg = "到達日に未来の日付は入力できません。"
        raise SupervisionRefused(msg)
    change = HandlerChange.objects.create(
        contract=c,
        kind=kind.value,
        before=data.before.strip(),
        after=data.after.strip(),
        after_post=data.after_post.strip(),
        reason=data.reason.strip(),
        received_on=data.received_on,
        recorded_by=actor,
    )
    _audit("supervision.change_received", c, actor, origin, f"記載事項変更申出書（{kind.label}）を受け付けました。")
    if not kind.needs_acceptance:
        _take_effect(c, change, actor, origin)
    return change


def _take_effect(c: Contract, change: HandlerChange, actor: User, origin: Origin) -> None:
    kind = HandlerChangeKind(change.kind)
    if kind in (HandlerChangeKind.REMOVE, HandlerChangeKind.ADD, HandlerChangeKind.REPLACE):
        names = apply_handler_change(kind, handler_names(c), change.before, change.after)
        by_name = {
            str(h.get("name")): h for h in (c.handlers or c.review.proposal.handlers or []) if isinstance(h, dict)
        }
        c.handlers = [by_name.get(n) or {"name": n, "post": change.after_post, "title": ""} for n in names]
        c.save(update_fields=["handlers"])
    change.state = HandlerChange.State.EFFECTIVE
    change.effective_on = timezone.localdate()
    change.save()
    _audit(
        "supervision.change_effective",
        c,
        actor,
        origin,
        f"{kind.label}が効力を生じました"
        + (f"（{change.before} → {change.after}）" if change.before or change.after else "")
        + "。",
    )


@transaction.atomic
def decide_change(change: HandlerChange, *, accept: bool, note: str, actor: User, origin: Origin) -> HandlerChange:
    """The division accepts (the change takes effect now) or refuses the reason for adding/replacing a handler."""
    change = HandlerChange.objects.select_for_update().get(pk=change.pk)
    c = _locked(change.contract)
    if change.state != HandlerChange.State.PENDING:
        msg = "この申出は既に判断済みです。"
        raise SupervisionRefused(msg)
    if not note.strip():
        msg = "判断の理由を記入してください。"
        raise SupervisionRefused(msg)
    change.decided_by, change.decision_note = actor, note.strip()
    if accept:
        check_handler_change(
            HandlerChangeKind(change.kind),
            reason=change.reason,
            before=change.before,
            after=change.after,
            current=handler_names(c),
        )
        change.save()
        _take_effect(c, change, actor, origin)
    else:
        change.state = HandlerChange.State.REFUSED
        change.save()
        _audit("supervision.change_refused", c, actor, origin, f"取扱者の変更を認めませんでした: {note.strip()}")
    return change


def _facts(c: Contract, facts: str, ground: TerminationGround | None, day: date | None) -> PpcReportFacts:
    p = c.review.proposal
    corporate = c.termination.entry.corporate_number if hasattr(c, "termination") and c.termination.entry else None
    dataset = (
        c.run.dataset.title
        if c.run_id and c.run.dataset_id
        else (c.source_dataset.title if c.source_dataset_id else "")
    )
    return PpcReportFacts(
        organization=c.organization.profile.name,
        contract_number=c.number,
        party=p.proposer_name,
        corporate_number=corporate or None,
        dataset=dataset,
        facts=facts,
        ground=ground,
        termination_date=day,
    )


def _draft(c: Contract, stage: PpcReportStage, facts: PpcReportFacts, actor: User, origin: Origin) -> PpcReport:
    report = PpcReport.objects.create(
        contract=c,
        stage=stage.value,
        body=list(ppc_report_lines(stage, facts)),
        drafted_on=timezone.localdate(),
        drafted_by=actor,
    )
    _audit("supervision.ppc_report_drafted", c, actor, origin, f"個人情報保護委員会への{stage.label}を起案しました。")
    return report


@transaction.atomic
def intend_termination(contract: Contract, *, ground: str, facts: str, actor: User, origin: Origin) -> Termination:
    """Decide to terminate (法120条) and draft the first report to the PPC."""
    c = _locked(contract)
    _supervisable(c)
    if hasattr(c, "termination"):
        msg = "この契約の解除の手続は既に始まっています。"
        raise SupervisionRefused(msg)
    if not facts.strip():
        msg = "解除の事由に当たる事実を具体的に記入してください。"
        raise SupervisionRefused(msg)
    g = TerminationGround(ground)
    t = Termination.objects.create(
        contract=c, ground=g.value, facts=facts.strip(), intended_on=timezone.localdate(), recorded_by=actor
    )
    _audit("supervision.termination_intended", c, actor, origin, f"契約の解除をしようとしています（{g.label}）。")
    if c.organization.profile.procedure.ppc_report_on_intended_termination:
        _draft(c, PpcReportStage.INTENDED, _facts(c, t.facts, g, None), actor, origin)
    return t


@transaction.atomic
def record_desk_consultation(termination: Termination, day: date, *, actor: User, origin: Origin) -> Termination:
    t = Termination.objects.select_for_update().get(pk=termination.pk)
    t.desk_consulted_on = day
    t.save(update_fields=["desk_consulted_on"])
    _audit(
        "supervision.desk_consulted", t.contract, actor, origin, f"解除と報告について提案窓口と協議しました（{day}）。"
    )
    return t


@transaction.atomic
def terminate(
    termination: Termination,
    *,
    terminated_on: date,
    corporate_number: str,
    actor: User,
    origin: Origin,
) -> Termination:
    """Terminate: the contract ends, the party is entered for review ① (two years, 法113条5号), and the second PPC
    report is drafted. Where the profile requires it (Nara §14), the desk must have been consulted first."""
    t = Termination.objects.select_for_update().get(pk=termination.pk)
    c = _locked(t.contract)
    if t.terminated_on is not None:
        msg = "この契約は既に解除されています。"
        raise SupervisionRefused(msg)
    profile = c.organization.profile
    if profile.procedure.ppc_report_after_desk_consultation and t.desk_consulted_on is None:
        msg = "この機関では、解除と個人情報保護委員会への報告の前に提案窓口と協議します。協議の日を記録してください。"
        raise SupervisionRefused(msg)
    if terminated_on < t.intended_on:
        msg = "解除の日は、解除をしようとする旨の決定日以後にしてください。"
        raise SupervisionRefused(msg)
    p = c.review.proposal
    kind = ProposerKind(p.proposer_kind)
    number = corporate_number.strip() or None
    if kind is ProposerKind.CORPORATION:
        problem = corporate_number_problem(number or "")
        if problem:
            raise SupervisionRefused(problem)
    try:
        check_contract_transition(ContractState(c.state), ContractState.TERMINATED)
    except InvalidTransition as exc:
        raise SupervisionRefused(str(exc)) from None
    t.entry = ContractTermination.objects.create(
        organization=c.organization,
        party_kind=kind.value,
        name=p.proposer_name,
        corporate_number=number or "",
        termination_date=terminated_on,
        contract_reference=c.number,
        recorded_by=actor,
    )
    t.terminated_on = terminated_on
    t.save()
    c.state = ContractState.TERMINATED.value
    c.save(update_fields=["state"])
    _audit(
        "supervision.terminated",
        c,
        actor,
        origin,
        f"契約{c.number}を解除しました（{terminated_on}）。相手方「{p.proposer_name}」は2年間提案できません（法113条5号）。",
    )
    _draft(c, PpcReportStage.DONE, _facts(c, t.facts, TerminationGround(t.ground), terminated_on), actor, origin)
    return t


@transaction.atomic
def record_improper_use(contract: Contract, *, facts: str, actor: User, origin: Origin) -> PpcReport:
    """Improper use short of termination: recorded and its PPC report drafted."""
    c = _locked(contract)
    if not facts.strip():
        msg = "不適正な利用の事実を記入してください。"
        raise SupervisionRefused(msg)
    _audit("supervision.improper_use", c, actor, origin, f"不適正な利用を記録しました: {facts.strip()[:200]}")
    return _draft(c, PpcReportStage.IMPROPER_USE, _facts(c, facts.strip(), None, None), actor, origin)


@transaction.atomic
def confirm_end_of_use(
    contract: Contract,
    *,
    media_returned_on: date,
    deletion_confirmed_on: date,
    deletion_method: str,
    actor: User,
    origin: Origin,
) -> EndOfUse:
    """At the period's end the recipient returns the media and deletes the data irrecoverably; the division records
    the confirmation and the contract ends (Nara §15)."""
    c = _locked(contract)
    if c.state != ContractState.DELIVERED:
        msg = "提供済みの契約についてのみ、利用の終了を確認できます。"
        raise SupervisionRefused(msg)
    today = timezone.localdate()
    if media_returned_on > today or deletion_confirmed_on > today:
        msg = "未来の日付は入力できません。"
        raise SupervisionRefused(msg)
    if not deletion_method.strip():
        msg = "消去の方法と確認の方法（立会い・消去証明書等）を記入してください。"
        raise SupervisionRefused(msg)
    end = EndOfUse.objects.create(
        contract=c,
        media_returned_on=media_returned_on,
        deletion_confirmed_on=deletion_confirmed_on,
        deletion_method=deletion_method.strip(),
        confirmed_by=actor,
    )
    c.state = ContractState.ENDED.value
    c.save(update_fields=["state"])
    _audit(
        "supervision.use_ended",
        c,
        actor,
        origin,
        f"利用の終了を確認しました（媒体の返却 {media_returned_on}、消去の確認 {deletion_confirmed_on}）。",
    )
    return end


@dataclass(frozen=True)
class ComplaintInput:
    received_on: date
    complainant: str
    summary: str
    contract_id: int | None = None


@transaction.atomic
def receive_complaint(org, data: ComplaintInput, *, actor: User, origin: Origin) -> Complaint:  # type: ignore[no-untyped-def]
    if not data.summary.strip() or not data.complainant.strip():
        msg = "申出者と苦情の内容を記入してください。"
        raise SupervisionRefused(msg)
    contract = Contract.objects.filter(pk=data.contract_id, organization=org).first() if data.contract_id else None
    complaint = Complaint.objects.create(
        organization=org,
        contract=contract,
        received_on=data.received_on,
        complainant=data.complainant.strip(),
        summary=data.summary.strip(),
        recorded_by=actor,
    )
    record_event(
        "supervision.complaint_received",
        actor=actor,
        origin=origin,
        organization=org,
        target=complaint,
        summary="匿名加工情報の取扱いに関する苦情を受け付けました（法128条）。",
    )
    return complaint


@transaction.atomic
def answer_complaint(
    complaint: Complaint,
    *,
    handling: str,
    answer: str,
    handled_on: date,
    answered_on: date,
    actor: User,
    origin: Origin,
) -> Complaint:
    c = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if answered_on < c.received_on or handled_on < c.received_on:
        msg = "処理日・回答日は受付日以後にしてください。"
        raise SupervisionRefused(msg)
    if not handling.strip() or not answer.strip():
        msg = "処理の内容と回答の内容を記入してください。"
        raise SupervisionRefused(msg)
    c.handling, c.answer, c.handled_on, c.answered_on = handling.strip(), answer.strip(), handled_on, answered_on
    c.save()
    record_event(
        "supervision.complaint_answered",
        actor=actor,
        origin=origin,
        organization=c.organization,
        target=c,
        summary=f"苦情に回答しました（受付 {c.received_on}、回答 {answered_on}）。",
    )
    return c

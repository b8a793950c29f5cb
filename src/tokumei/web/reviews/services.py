"""Write use cases of the review (法114条), the fee estimate (法119条) and the decision notice (規則59条): one function
per use case, one transaction each, the audit event inside. The law decides (:mod:`tokumei.law.review`,
:mod:`tokumei.law.fees`, :mod:`tokumei.law.decision_notices`); these functions load, ask, write and record."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from tokumei.documents import render_pdf
from tokumei.engine import compile_recipe, parse_recipe
from tokumei.engine.errors import EngineError
from tokumei.engine.io import read_table
from tokumei.law.calendar import fiscal_year, fiscal_year_range
from tokumei.law.decision_notices import (
    ApprovalNoticeFacts,
    DecisionNoticeRefused,
    ProcessingLine,
    RejectionNoticeFacts,
    UseContractFacts,
    build_approval_package,
    build_rejection_notice,
    decision_document_kind,
)
from tokumei.law.fees import FeeBreakdown, FeeRefused, WorkEstimate, WorkItemKind, compute_fee, correct_formal_error
from tokumei.law.intake import DeliveryMedium, DeliveryMethod, Handler, Party, ProposalKind, ProposerKind
from tokumei.law.organization import Step
from tokumei.law.review import (
    CreationMode,
    CreationPlan,
    Criterion,
    Evidence,
    EvidenceCode,
    EvidenceLine,
    EvidenceSeverity,
    FailedCriterion,
    Finding,
    PanelFinding,
    PartyIdentity,
    ReviewCode,
    ReviewRefused,
    TerminationRecord,
    applicable_criteria,
    check_disqualification,
    check_hindrance_record,
    check_period_of_use,
    check_subject_count,
    decide_review,
    division_check_required,
    processing_evidence,
    review_problems,
)
from tokumei.law.transitions import InvalidTransition, ProposalState, ReviewState, check_review_transition
from tokumei.web.accounts.models import User
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.core.document_numbers import (
    DocumentNumberRefused,
    DuplicateDocumentNumber,
    has_sequence,
    next_document_number,
)
from tokumei.web.core.document_templates import render_organization_docx
from tokumei.web.core.vault import seal
from tokumei.web.proposals.models import Proposal
from tokumei.web.register.models import PersonalInformationFile

from .coarsening import least_coarsening
from .models import ContractTermination, DecisionDocument, ExplanationRequest, FeeCorrection, Panel, Review


class ReviewServiceRefused(ValueError):
    """A step the procedure does not allow now; ``problems`` lists every reason (Japanese sentences)."""

    code = "reviews.refused"

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


# --------------------------------------------------------------------------------------------------
# Evidence as stored JSON
# --------------------------------------------------------------------------------------------------


def evidence_to_json(evidence: Evidence) -> dict[str, Any]:
    return {
        "suggested": evidence.suggested.value if evidence.suggested else None,
        "lines": [{"code": x.code.value, "message": x.message, "severity": x.severity.value} for x in evidence.lines],
    }


def evidence_from_json(criterion: Criterion, data: dict[str, Any]) -> Evidence | None:
    if not data:
        return None
    lines = tuple(
        EvidenceLine(EvidenceCode(x["code"]), x["message"], EvidenceSeverity(x["severity"]))
        for x in data.get("lines", [])
    )
    suggested = Finding(data["suggested"]) if data.get("suggested") else None
    return Evidence(criterion, suggested, lines)


def _transition(review: Review, to: ReviewState) -> None:
    try:
        check_review_transition(ReviewState(review.state), to)
    except InvalidTransition as exc:
        raise ReviewServiceRefused([str(exc)]) from None
    review.state = to.value


def _locked(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("organization", "proposal__file", "proposal__dataset", "proposal__organization")
        .get(pk=review.pk)
    )


def _editable(review: Review) -> None:
    if review.state != ReviewState.IN_REVIEW:
        raise ReviewServiceRefused(
            [f"「{ReviewState(review.state).label}」の審査は変更できません（審査中の案件だけ変更できます）。"]
        )


# --------------------------------------------------------------------------------------------------
# The system's evidence (never typed in)
# --------------------------------------------------------------------------------------------------


def _party(p: Proposal) -> PartyIdentity:
    return PartyIdentity(
        ProposerKind(p.proposer_kind or "corporation"), p.proposer_name, corporate_number=p.corporate_number or None
    )


def _officers(p: Proposal) -> list[PartyIdentity]:
    """The declared officers as persons (法113条6号): by name, and by birth date where the proposer gave one."""
    out = []
    for o in p.officers or []:
        name = o.get("name", "") if isinstance(o, dict) else str(o)
        born = o.get("birth_date") if isinstance(o, dict) else None
        if name.strip():
            birth_date = date.fromisoformat(born) if born else None
            out.append(PartyIdentity(ProposerKind.INDIVIDUAL, name.strip(), birth_date))
    return out


def _joint(p: Proposal) -> list[PartyIdentity]:
    """The joint proposers (共同提案者), each a proposer under 法113条."""
    return [
        PartyIdentity(ProposerKind(j.get("kind") or "individual"), j.get("name", "").strip())
        for j in p.joint_proposers or []
        if j.get("name", "").strip()
    ]


def _terminations() -> list[TerminationRecord]:
    """Every termination recorded by any organization of the installation (法113条5号)."""
    return [
        TerminationRecord(
            PartyIdentity(ProposerKind(t.party_kind), t.name, t.birth_date, t.corporate_number or None),
            t.termination_date,
            t.organization.body_name,
            t.contract_reference,
        )
        for t in ContractTermination.objects.select_related("organization")
    ]


def requested_subjects(p: Proposal) -> int | None:
    if p.subject_scope == "sample":
        return p.sample_size
    if p.subject_scope == "all" and p.file is not None:
        return p.file.subject_count
    return None


def work_estimate(review: Review) -> WorkEstimate | None:
    hours = {WorkItemKind(k): v for k, v in (review.estimate_hours or {}).items() if str(v).strip() not in ("", "0")}
    return WorkEstimate.of(hours) if hours else None


def _plan(review: Review) -> CreationPlan:
    return CreationPlan(
        CreationMode(review.creation_mode) if review.creation_mode else None,
        work_estimate(review),
        review.processor_available,
        review.processor_name,
        review.processor_quote_yen,
    )


def _assessment_evidence(review: Review) -> Evidence:
    state = review.assessment_state
    if state == Review.AssessmentState.PASSED:
        return processing_evidence(True, report_reference=f"審査 {review.pk} 規則62条の報告")
    if state == Review.AssessmentState.FAILED:
        rule62 = (review.assessment_report or {}).get("rule62", {})
        failures = [f"規則62条{n}号" for n, item in sorted(rule62.items()) if not item.get("ok")]
        suggestion = review.assessment_suggestion or {}
        return processing_evidence(
            False,
            failures=failures,
            suggestion=suggestion.get("wording", ""),
            report_reference=f"審査 {review.pk} 規則62条の報告",
        )
    return processing_evidence(None)


def compute_evidence(review: Review) -> dict[Criterion, Evidence]:
    """The evidence for every applicable criterion the system can check (④⑥ are judgment only)."""
    p = review.proposal
    kind = ProposalKind(p.kind)
    out: dict[Criterion, Evidence] = {}
    applicable = {spec.criterion for spec in applicable_criteria(kind)}
    pledge = p.attachments.filter(kind="pledge", removed_at__isnull=True).exists()
    out[Criterion.C1] = check_disqualification(
        _party(p),
        _officers(p),
        _terminations(),
        proposal_date=p.proposal_date or timezone.localdate(),
        pledge_present=pledge,
        joint=_joint(p),
    )
    if Criterion.C2 in applicable:
        out[Criterion.C2] = check_subject_count(requested_subjects(p), p.file.subject_count if p.file else None)
    if Criterion.C3 in applicable:
        out[Criterion.C3] = _assessment_evidence(review)
    out[Criterion.C5] = check_period_of_use(p.use_from, p.use_to)
    out[Criterion.C7] = check_hindrance_record(_plan(review))
    return out


def _refresh_evidence(review: Review) -> None:
    for criterion, evidence in compute_evidence(review).items():
        Panel.objects.filter(review=review, criterion=criterion.value).update(evidence=evidence_to_json(evidence))


def panel_findings(review: Review) -> list[PanelFinding]:
    return [
        PanelFinding(
            panel.criterion_enum,
            Finding(panel.finding) if panel.finding else None,
            panel.reasoning,
            evidence_from_json(panel.criterion_enum, panel.evidence),
        )
        for panel in review.panels.all()
    ]


# --------------------------------------------------------------------------------------------------
# Starting, panels, consultation, explanation requests
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def start_review(proposal: Proposal, *, actor: User, origin: Origin) -> Review:
    """The owning division opens the review of an accepted proposal: one blank panel per applicable criterion."""
    p = Proposal.objects.select_for_update(of=("self",)).select_related("organization", "file").get(pk=proposal.pk)
    if p.state != ProposalState.ACCEPTED:
        raise ReviewServiceRefused(
            [f"審査は受付済みの提案について始めます（この提案は「{ProposalState(p.state).label}」です）。"]
        )
    if Review.objects.filter(proposal=p).exists():
        raise ReviewServiceRefused(["この提案の審査はすでに始まっています。"])
    profile = p.organization.profile
    if division_check_required(profile) and p.division_checked_at is None:
        source = profile.responsibility(Step.PROPOSAL_CHECK).source
        raise ReviewServiceRefused(
            [
                f"審査の前に、主管課による記載事項・添付書類の確認を記録してください（{source}）。"
                "提案の画面で確認したことを記録できます。"
            ]
        )
    review = Review.objects.create(proposal=p, organization=p.organization, started_by=actor)
    Panel.objects.bulk_create(
        [Panel(review=review, criterion=spec.criterion.value) for spec in applicable_criteria(ProposalKind(p.kind))]
    )
    _refresh_evidence(review)
    record_event(
        "reviews.started",
        actor=actor,
        origin=origin,
        organization=p.organization,
        target=review,
        summary=f"提案 {p.reference}（受付番号 {p.receipt_number}）の審査を始めました。",
    )
    return review


@transaction.atomic
def record_finding(
    review: Review, criterion: Criterion, finding: Finding | None, reasoning: str, *, actor: User, origin: Origin
) -> Panel:
    """A panel's finding and reasoning; a *meets* the system's evidence contradicts is refused at once."""
    r = _locked(review)
    _editable(r)
    panel = Panel.objects.select_for_update().filter(review=r, criterion=criterion.value).first()
    if panel is None:
        raise ReviewServiceRefused([f"{criterion.mark}はこの提案の審査基準ではありません（法118条2項）。"])
    _refresh_evidence(r)
    panel.refresh_from_db()
    evidence = evidence_from_json(criterion, panel.evidence)
    if finding is Finding.MEETS and evidence is not None and evidence.blocks_meets:
        blocking = [x.message for x in evidence.lines if x.severity is EvidenceSeverity.BLOCKING]
        raise ReviewServiceRefused([f"{criterion.mark}はシステムの確認結果と矛盾するため適合にできません。", *blocking])
    if finding is Finding.DOES_NOT_MEET and not reasoning.strip():
        raise ReviewServiceRefused(
            [f"{criterion.mark}が不適合である理由を具体的に記入してください（法114条3項、通知書に記載されます）。"]
        )
    panel.finding = finding.value if finding else ""
    panel.reasoning = reasoning
    panel.updated_by, panel.updated_at = actor, timezone.now()
    panel.save()
    record_event(
        "reviews.finding_recorded",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary=f"{criterion.mark}（{criterion.spec.title}）を「{finding.label if finding else '未判断'}」としました。",
        details={"criterion": criterion.value, "finding": finding.value if finding else None},
    )
    return panel


@transaction.atomic
def record_prior_consultation(review: Review, day: date, note: str, *, actor: User, origin: Origin) -> Review:
    """事前協議 with the desk (Nara 要綱第2-5), recorded where the profile requires it."""
    r = _locked(review)
    _editable(r)
    if not note.strip():
        raise ReviewServiceRefused(["事前協議の内容を記入してください。"])
    r.prior_consultation_on, r.prior_consultation_note = day, note
    r.save(update_fields=["prior_consultation_on", "prior_consultation_note"])
    record_event(
        "reviews.prior_consultation_recorded",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary=f"{r.organization.profile.reception_desk.short_name}との事前協議（{day.isoformat()}）を記録しました。",
    )
    return r


@transaction.atomic
def request_explanation(
    review: Review,
    criterion: Criterion | None,
    text: str,
    deadline: date,
    *,
    actor: User,
    origin: Origin,
) -> ExplanationRequest:
    """説明又は訂正の求め with a deadline (規則54条7項); the panel waits for the answer."""
    r = _locked(review)
    problems = []
    if not text.strip():
        problems.append("求める説明・訂正の内容を記入してください。")
    if deadline <= timezone.localdate():
        problems.append("期限は明日以降の日にしてください。")
    if problems:
        raise ReviewServiceRefused(problems)
    _transition(r, ReviewState.EXPLANATION_REQUESTED)
    r.save(update_fields=["state"])
    if criterion is not None:
        Panel.objects.filter(review=r, criterion=criterion.value).update(
            finding=Finding.NEEDS_EXPLANATION.value, updated_by=actor, updated_at=timezone.now()
        )
    req = ExplanationRequest.objects.create(
        review=r,
        criterion=criterion.value if criterion else "",
        request_text=text,
        deadline=deadline,
        requested_by=actor,
    )
    record_event(
        "reviews.explanation_requested",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary=f"提案者に説明・訂正を求めました（期限 {deadline.isoformat()}）。",
        details={"criterion": criterion.value if criterion else None},
    )
    return req


@transaction.atomic
def record_explanation_answer(request: ExplanationRequest, answer: str, *, actor: User, origin: Origin) -> Review:
    """The answer (or the deadline passing, noted as such) brings the case back to review."""
    r = _locked(request.review)
    req = ExplanationRequest.objects.select_for_update().get(pk=request.pk)
    if req.answered_at is not None:
        raise ReviewServiceRefused(["この求めへの回答はすでに記録されています。"])
    if not answer.strip():
        raise ReviewServiceRefused(["回答の内容（期限までに回答がなかった場合はその旨）を記入してください。"])
    req.answer, req.answered_at, req.answer_recorded_by = answer, timezone.now(), actor
    req.save()
    if not r.explanations.filter(answered_at__isnull=True).exists():
        _transition(r, ReviewState.IN_REVIEW)
        r.save(update_fields=["state"])
    record_event(
        "reviews.explanation_answered",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary="説明・訂正の求めに対する回答を記録しました。",
    )
    return r


# --------------------------------------------------------------------------------------------------
# ③ The assessment (background job)
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def request_assessment(review: Review, *, actor: User, origin: Origin) -> Review:
    """Queue ``assess`` of the proposal's recipe on the file's real data (criterion ③, 規則62条)."""
    r = _locked(review)
    _editable(r)
    p = r.proposal
    problems = []
    if p.kind != ProposalKind.NEW:
        problems.append("法118条の提案では加工の方法（③）を審査しません。")
    elif not p.recipe_yaml:
        problems.append(
            "提案の加工の方法がエンジンのレシピになっていません（記入の不足）。説明・訂正を求めてください。"
        )
    elif p.file is None or not (p.file.source_path or p.file.source_query):
        problems.append("個人情報ファイルのデータの所在が登録されていません。個人情報ファイル簿で登録してください。")
    if r.assessment_state in (Review.AssessmentState.QUEUED, Review.AssessmentState.RUNNING):
        problems.append("評価はすでに実行中です。")
    if problems:
        raise ReviewServiceRefused(problems)
    r.assessment_state = Review.AssessmentState.QUEUED
    r.assessment_step, r.assessment_progress, r.assessment_error = 0, "", ""
    r.save(update_fields=["assessment_state", "assessment_step", "assessment_progress", "assessment_error"])
    _refresh_evidence(r)
    record_event(
        "reviews.assessment_requested",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary=f"提案 {p.reference} の加工の方法を実際のファイルで評価します（規則62条）。",
    )
    from .tasks import assess_proposal

    review_id = r.pk
    transaction.on_commit(lambda: assess_proposal.enqueue(review_id))
    return r


def _progress(review_id: int) -> Any:
    step = {"n": 0}

    def say(message: str) -> None:
        step["n"] += 1
        Review.objects.filter(pk=review_id).update(
            assessment_step=min(step["n"], 10), assessment_progress=message[:200]
        )

    return say


def _read_source(file: PersonalInformationFile) -> Any:
    if file.source_kind == PersonalInformationFile.SourceKind.SQL:
        frame, _ = read_table(file.source_database_url, query=file.source_query)
    else:
        frame, _ = read_table(Path(file.source_path))
    return frame


def _wording(recipe: Any, coarsening: Any) -> str:
    """The suggestion in the register's level names (「住所を「都道府県」から「地方」に」)."""
    from tokumei.web.register.levels import level_label

    if not coarsening.feasible or not coarsening.raised:
        return coarsening.wording()
    parts = []
    for name, (old, new) in coarsening.raised.items():
        kind = recipe.columns[name].chain_kind or "value"
        parts.append(f"{name}を「{level_label(kind, str(old))}」から「{level_label(kind, str(new))}」に")
    return "、".join(parts)


def execute_assessment(review_id: int) -> Review:
    """The job: read the file, apply the proposal's recipe, keep the Rule-62 report; on failure search the least
    coarsening that would pass. Nothing of the data is kept but the report's statistics."""
    with transaction.atomic():
        r = Review.objects.select_for_update(of=("self",)).select_related("proposal__file").get(pk=review_id)
        if r.assessment_state != Review.AssessmentState.QUEUED:
            return r
        r.assessment_state = Review.AssessmentState.RUNNING
        r.save(update_fields=["assessment_state"])
    say = _progress(review_id)
    suggestion: dict[str, Any] = {}
    try:
        say("データを読み込んでいます / reading the data")
        frame = _read_source(r.proposal.file)
        recipe = parse_recipe(yaml.safe_load(r.proposal.recipe_yaml))
        result = compile_recipe(recipe, columns=frame.columns).run(frame, progress=say)
        report, ok = result.report, result.ok
        del result
        if not ok:
            say("基準を満たす最小の加工を探しています / searching")
            coarsening = least_coarsening(recipe, frame)
            suggestion = {**coarsening.as_dict(), "wording": _wording(recipe, coarsening)}
        del frame
    except (EngineError, ValueError, OSError) as exc:
        with transaction.atomic():
            r = Review.objects.select_for_update(of=("self",)).select_related("organization").get(pk=review_id)
            r.assessment_state = Review.AssessmentState.ERROR
            r.assessment_error = str(exc).split("\n")[0][:2000]
            r.assessment_finished_at = timezone.now()
            r.save()
            record_event(
                "reviews.assessment_failed",
                actor=None,
                origin=Origin.command("reviews"),
                organization=r.organization,
                target=r,
                summary=f"加工の方法の評価を実行できませんでした: {r.assessment_error[:300]}",
            )
        return r
    with transaction.atomic():
        r = (
            Review.objects.select_for_update(of=("self",))
            .select_related("organization", "proposal__file")
            .get(pk=review_id)
        )
        r.assessment_state = Review.AssessmentState.PASSED if ok else Review.AssessmentState.FAILED
        r.assessment_report, r.assessment_suggestion = report, suggestion
        r.assessment_finished_at = timezone.now()
        r.assessment_step, r.assessment_progress = 10, "完了 / done"
        r.save()
        _refresh_evidence(r)
        record_event(
            "reviews.assessed",
            actor=None,
            origin=Origin.command("reviews"),
            organization=r.organization,
            target=r,
            summary=(
                "提案の加工の方法は規則62条の基準を満たしました。"
                if ok
                else f"提案の加工の方法は規則62条の基準を満たしません。{suggestion.get('wording', '')}"
            ),
            details={"ok": ok, "suggestion": suggestion.get("levels", {})},
        )
    return r


# --------------------------------------------------------------------------------------------------
# ⑦ and the fee estimate
# --------------------------------------------------------------------------------------------------


@dataclass
class EstimateInput:
    creation_mode: str = ""
    hours: dict[str, str] = field(default_factory=dict)
    processor_available: bool | None = None
    processor_name: str = ""
    processor_quote_yen: int | None = None
    original_fee_yen: int | None = None


def original_fee_for(p: Proposal) -> int | None:
    """The fee of the original contract for the dataset a 法118条前段 proposal is about (Fukuoka 第11, Nara 第3-1):
    the fee of the contract whose production created the dataset; for datasets created without a contract (e.g.
    imported), the notified fee of the one approved `new` case on the dataset's file, when there is exactly one."""
    if p.dataset is None:
        return None
    from tokumei.web.contracts.models import Contract

    contract = (
        Contract.objects.filter(run__dataset=p.dataset, review__proposal__kind=ProposalKind.NEW)
        .exclude(number="")
        .first()
    )
    if contract is not None:
        return contract.fee_yen
    fees = list(
        Review.objects.filter(
            proposal__file=p.dataset.file,
            proposal__kind=ProposalKind.NEW,
            state=ReviewState.APPROVAL_NOTIFIED,
            fee_yen__isnull=False,
        ).values_list("fee_yen", flat=True)[:2]
    )
    return fees[0] if len(fees) == 1 else None


def fee_of(review: Review) -> FeeBreakdown:
    """The fee from the recorded estimate (法119条, 令31条 / the organization's ordinance)."""
    kind = ProposalKind(review.proposal.kind)
    profile = review.organization.profile
    if kind is ProposalKind.NEW:
        outsourcing = review.processor_quote_yen or 0 if review.creation_mode == CreationMode.OUTSOURCED else 0
        return compute_fee(profile, kind, estimate=work_estimate(review), outsourcing_yen=outsourcing)
    if kind is ProposalKind.REUSE:
        return compute_fee(profile, kind, original_fee_yen=review.original_fee_yen)
    return compute_fee(profile, kind)


def breakdown_json(fee: FeeBreakdown) -> dict[str, Any]:
    return {
        "total": fee.total_yen,
        "base": fee.base_yen,
        "hourly": fee.hourly_yen,
        "outsourcing": fee.outsourcing_yen,
        "per_started_hour": fee.per_started_hour_yen,
        "hours": str(fee.hours),
        "started_hours": fee.started_hours,
        "legal_basis": fee.legal_basis,
        "lines": [{"label": x.label, "amount": x.amount_yen, "detail": x.detail} for x in fee.lines],
    }


@transaction.atomic
def save_estimate(review: Review, data: EstimateInput, *, actor: User, origin: Origin) -> Review:
    """Record ⑦'s plan (in-house/outsourced, hours, processor) and compute the fee; refused once notified."""
    r = _locked(review)
    if r.fee_fixed_at is not None or r.notified:
        raise ReviewServiceRefused(
            ["通知した手数料の額は変更できません。誤記の場合は「手数料の額の訂正」で理由を付けて訂正してください。"]
        )
    kind = ProposalKind(r.proposal.kind)
    r.creation_mode = data.creation_mode
    r.estimate_hours = {k: str(v) for k, v in data.hours.items() if str(v).strip()}
    r.processor_available = data.processor_available
    r.processor_name = data.processor_name
    r.processor_quote_yen = data.processor_quote_yen
    if kind is ProposalKind.REUSE:
        r.original_fee_yen = original_fee_for(r.proposal) or data.original_fee_yen
    try:
        fee = fee_of(r)
    except FeeRefused as exc:
        raise ReviewServiceRefused([str(exc)]) from None
    r.fee_yen, r.fee_breakdown = fee.total_yen, breakdown_json(fee)
    r.save()
    _refresh_evidence(r)
    record_event(
        "reviews.estimate_saved",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary=f"作成の計画と手数料の見積り（{fee.total_yen:,}円）を記録しました。",
        details={"hours": r.estimate_hours, "total": fee.total_yen, "mode": r.creation_mode},
    )
    return r


# --------------------------------------------------------------------------------------------------
# 決裁 and the notice
# --------------------------------------------------------------------------------------------------


def _prior_done(r: Review) -> bool:
    return r.prior_consultation_on is not None


def open_problems(review: Review) -> list[str]:
    """What still stands between the review and a sign-off (for the workspace), approver aside."""
    problems = review_problems(
        review.organization.profile,
        ProposalKind(review.proposal.kind),
        panel_findings(review),
        preparer="preparer",
        approver="approver",
        prior_consultation_done=_prior_done(review),
    )
    return [x.message for x in problems]


@transaction.atomic
def submit_for_sign_off(review: Review, *, actor: User, origin: Origin) -> Review:
    """The preparer (起案者) sends the decided panels for sign-off; every problem is listed at once."""
    r = _locked(review)
    _refresh_evidence(r)
    problems = open_problems(r)
    if problems:
        raise ReviewServiceRefused(["決裁に回せません。", *problems])
    _transition(r, ReviewState.AWAITING_SIGN_OFF)
    r.prepared_by, r.prepared_at = actor, timezone.now()
    r.save(update_fields=["state", "prepared_by", "prepared_at"])
    record_event(
        "reviews.submitted",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary=f"提案 {r.proposal.reference} の審査結果を起案し、決裁に回しました。",
    )
    return r


@transaction.atomic
def sign_off(review: Review, *, approve: bool, note: str, actor: User, origin: Origin) -> Review:
    """決裁 by another official: the decision is recorded through :func:`tokumei.law.review.decide_review`, or the
    case goes back to review with the approver's note."""
    r = _locked(review)
    if r.state != ReviewState.AWAITING_SIGN_OFF:
        raise ReviewServiceRefused(["決裁待ちの審査ではありません。"])
    if not approve:
        if not note.strip():
            raise ReviewServiceRefused(["差し戻す理由を記入してください。"])
        _transition(r, ReviewState.IN_REVIEW)
        r.save(update_fields=["state"])
        record_event(
            "reviews.sent_back",
            actor=actor,
            origin=origin,
            organization=r.organization,
            target=r,
            summary="審査結果の起案を差し戻しました。",
            details={"note": note},
        )
        return r
    try:
        decision = decide_review(
            r.organization.profile,
            ProposalKind(r.proposal.kind),
            panel_findings(r),
            preparer=str(r.prepared_by_id),
            approver=str(actor.pk),
            prior_consultation_done=_prior_done(r),
        )
    except ReviewRefused as exc:
        messages = [
            "起案した職員とは別の職員が決裁してください。" if p.code is ReviewCode.SAME_APPROVER else p.message
            for p in exc.problems
        ]
        raise ReviewServiceRefused(messages) from None
    target = ReviewState.APPROVED if decision.outcome.value == "approved" else ReviewState.REJECTED
    _transition(r, target)
    r.approved_by, r.decided_at = actor, timezone.now()
    r.outcome = decision.outcome.value
    r.failed = [{"criterion": f.criterion.value, "reason": f.reason} for f in decision.failed]
    r.save()
    record_event(
        "reviews.signed_off",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary=f"審査結果（{decision.outcome.label}）を決裁しました。",
        details={"outcome": decision.outcome.value, "failed": r.failed, "note": note},
    )
    return r


@dataclass
class NoticeInput:
    notice_date: date
    payment_deadline: date | None = None
    number: str = ""
    other_matters: list[str] = field(default_factory=list)


def _proposer(p: Proposal) -> Party:
    return Party(
        ProposerKind(p.proposer_kind or "corporation"), p.proposer_name, p.proposer_address, p.proposer_representative
    )


def _processing_lines(p: Proposal) -> tuple[ProcessingLine, ...]:
    if p.kind != ProposalKind.NEW or p.file is None:
        return ()
    from tokumei.web.proposals.recipes import choice_lines

    out = []
    for line in choice_lines(p.file, dict(p.processing or {})):
        item, _, method = line.partition(": ")
        out.append(ProcessingLine(item, method))
    return tuple(out)


def _documents(r: Review, data: NoticeInput) -> list[tuple[str, Any]]:
    p = r.proposal
    profile = r.organization.profile
    kind = ProposalKind(p.kind)
    if r.state == ReviewState.REJECTED:
        facts = RejectionNoticeFacts(
            kind=kind,
            proposer=_proposer(p),
            proposal_date=p.proposal_date or p.arrived_on or data.notice_date,
            notice_date=data.notice_date,
            failed=tuple(FailedCriterion(Criterion(f["criterion"]), f["reason"]) for f in r.failed),
            target_label=p.target_label,
            number=data.number or None,
        )
        return [(DecisionDocument.Kind.REJECTION_NOTICE, build_rejection_notice(profile, facts))]
    if r.fee_yen is None:
        raise ReviewServiceRefused(["手数料の見積りを記録してから通知してください（法114条2項、規則59条2項）。"])
    if data.payment_deadline is None:
        raise ReviewServiceRefused(["手数料の納付期限を指定してください。"])
    fee = fee_of(r)
    if fee.total_yen != r.fee_yen:
        raise ReviewServiceRefused(["見積りから計算した手数料が記録と一致しません。見積りを保存し直してください。"])
    medium = DeliveryMedium(p.delivery_medium or "dvd_r")
    method = DeliveryMethod(p.delivery_method or "desk")
    notice = ApprovalNoticeFacts(
        kind=kind,
        proposer=_proposer(p),
        proposal_date=p.proposal_date or p.arrived_on or data.notice_date,
        notice_date=data.notice_date,
        target_label=p.target_label,
        fee=fee,
        payment_deadline=data.payment_deadline,
        delivery_medium=medium,
        delivery_method=method,
        number=data.number or None,
        other_matters=tuple(x for x in data.other_matters if x.strip()),
    )
    contract = UseContractFacts(
        kind=kind,
        proposer=_proposer(p),
        dataset_label=p.target_label,
        purpose=p.purpose,
        method=p.method,
        business=p.business,
        use_from=p.use_from or data.notice_date,
        use_to=p.use_to or data.notice_date,
        handlers=tuple(Handler(h.get("name", ""), h.get("post", ""), h.get("title", "")) for h in p.handlers or []),
        place_of_use=p.place_of_use,
        environment=p.environment,
        storage_management=p.storage_management,
        delivery_medium=medium,
        delivery_method=method,
        fee=fee,
        subject_count=requested_subjects(p) if kind is ProposalKind.NEW else None,
        processing=_processing_lines(p),
        original_contract_reference=p.contract_reference,
    )
    package = build_approval_package(profile, notice, contract)
    return [
        (DecisionDocument.Kind.APPROVAL_NOTICE, package.notice),
        (DecisionDocument.Kind.APPLICATION, package.application),
        *[(DecisionDocument.Kind.CONTRACT_COPY, c) for c in package.contract_copies],
    ]


def _number_taken(r: Review, number: str, day: date) -> Review | None:
    """Another review of the organization whose decision notice carries ``number`` in the fiscal year of ``day``
    (numbers restart each year)."""
    year = fiscal_year_range(fiscal_year(day))
    return (
        Review.objects.filter(
            organization=r.organization,
            notice_number=number,
            notice_date__gte=year.start,
            notice_date__lte=year.last_day,
        )
        .exclude(pk=r.pk)
        .select_related("proposal")
        .first()
    )


def _notice_number(r: Review, data: NoticeInput) -> str:
    """The typed number, refused when another decision notice has it; blank → the next of the sequence of this
    notice's form (第九/第十一/第十三/第十四) for the fiscal year of the notice date, or none where the profile
    has no sequence for it."""
    typed = data.number.strip()
    try:
        if typed:
            other = _number_taken(r, typed, data.notice_date)
            if other is not None:
                raise DuplicateDocumentNumber(typed, f"{other.proposal.reference}の審査結果通知書")
            return typed
        kind = decision_document_kind(ProposalKind(r.proposal.kind), approved=r.state == ReviewState.APPROVED)
        if not has_sequence(r.organization, kind):
            return ""
        return next_document_number(
            r.organization,
            kind,
            data.notice_date,
            taken=lambda number: _number_taken(r, number, data.notice_date) is not None,
        )
    except DocumentNumberRefused as exc:
        raise ReviewServiceRefused([str(exc)]) from None


@transaction.atomic
def issue_notice(review: Review, data: NoticeInput, *, actor: User, origin: Origin) -> Review:
    """Render and keep the decision notice (approval with the application and two unsigned contract copies, or
    rejection with reasons); the fee is fixed from now on. No 教示: the review is not an administrative disposition.

    The notice's 文書番号 is the one typed (refused if another notice has it) or the next of the organization's
    sequence; DOCX files use the organization's own Word template where it has one."""
    r = _locked(review)
    target = {ReviewState.APPROVED: ReviewState.APPROVAL_NOTIFIED, ReviewState.REJECTED: ReviewState.REJECTION_NOTIFIED}
    if r.state not in target:
        raise ReviewServiceRefused(["決裁が済んだ審査だけ通知できます。"])
    data = replace(data, number=_notice_number(r, data))
    try:
        documents = _documents(r, data)
    except (DecisionNoticeRefused, FeeRefused) as exc:
        raise ReviewServiceRefused([str(exc)]) from None
    for position, (kind, document) in enumerate(documents):
        DecisionDocument.objects.create(
            review=r,
            kind=kind,
            position=position,
            title=document.title,
            docx=seal(render_organization_docx(document)),
            pdf=seal(render_pdf(document)),
        )
    _transition(r, target[ReviewState(r.state)])
    r.notice_date, r.payment_deadline, r.notice_number = data.notice_date, data.payment_deadline, data.number
    r.notified_by, r.notified_at = actor, timezone.now()
    if r.state == ReviewState.APPROVAL_NOTIFIED:
        r.fee_fixed_at = r.notified_at
    r.save()
    approved = r.state == ReviewState.APPROVAL_NOTIFIED
    record_event(
        "reviews.notified",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary=(
            f"審査結果（適合）を通知しました（手数料 {r.fee_yen:,}円、契約の締結の申込書と利用契約書2通を同封）。"
            if approved
            else "審査結果（不適合）を理由を付して通知しました。"
        ),
        details={"documents": len(documents), "fee": r.fee_yen if approved else None},
    )
    return r


@transaction.atomic
def correct_fee(review: Review, corrected_yen: int, reason: str, *, actor: User, origin: Origin) -> FeeCorrection:
    """A formal error in the notified fee (a wrong digit), corrected with a reason and audited; never for actual
    hours (no refund or surcharge)."""
    r = _locked(review)
    if r.fee_fixed_at is None or r.fee_yen is None:
        raise ReviewServiceRefused(["通知前の手数料は見積りを直してください（訂正は通知後の誤記に限ります）。"])
    try:
        correction = correct_formal_error(r.fee_yen, corrected_yen, reason)
    except FeeRefused as exc:
        raise ReviewServiceRefused([str(exc)]) from None
    row = FeeCorrection.objects.create(
        review=r,
        notified_yen=correction.notified_yen,
        corrected_yen=correction.corrected_yen,
        reason=correction.reason,
        corrected_by=actor,
    )
    r.fee_yen = correction.corrected_yen
    r.save(update_fields=["fee_yen"])
    record_event(
        "reviews.fee_corrected",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary=f"通知した手数料の額を{correction.notified_yen:,}円から{correction.corrected_yen:,}円に訂正しました（誤記）。",
        details={"reason": correction.reason},
    )
    return row


def record_document_download(document: DecisionDocument, fmt: str, *, actor: User, origin: Origin) -> None:
    """Every download of a decision document (by staff or by the proposer) is audited."""
    r = document.review
    record_event(
        "reviews.document_downloaded",
        actor=actor,
        origin=origin,
        organization=r.organization,
        target=r,
        summary=f"「{document.title}」を{fmt.upper()}で出力しました。",
        details={"document": document.pk, "format": fmt},
    )


@transaction.atomic
def record_termination(
    *,
    party_kind: str,
    name: str,
    termination_date: date,
    corporate_number: str = "",
    birth_date: date | None = None,
    contract_reference: str = "",
    actor: User,
    origin: Origin,
) -> ContractTermination:
    """A contract terminated under 法120条 (until the contracts stage records them itself)."""
    if actor.organization is None:
        raise ReviewServiceRefused(["機関の職員だけが記録できます。"])
    t = ContractTermination.objects.create(
        organization=actor.organization,
        party_kind=party_kind,
        name=name,
        corporate_number=corporate_number,
        birth_date=birth_date,
        termination_date=termination_date,
        contract_reference=contract_reference,
        recorded_by=actor,
    )
    record_event(
        "reviews.termination_recorded",
        actor=actor,
        origin=origin,
        organization=actor.organization,
        target=t,
        summary=f"{name} との契約の解除（{termination_date.isoformat()}、法120条）を記録しました。",
    )
    return t

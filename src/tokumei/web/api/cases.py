"""Cases for staff API clients (an organization's document-management system): the proposals of the caller's
organization with their review and contract, and their transitions.

Every transition is one call of the same service function the staff UI calls, behind the same permission
(django-rules, from the organization's profile): the desk records arrivals, accepts, does not accept and asks for
corrections; the owning division starts the review, records findings and submits for sign-off; an approver other
than the preparer signs off; the profile's performer checks the payment and concludes the contract. Another
organization's case answers 404, a role that may not act 403, a step the service refuses (a repeated transition
included) 409 with its reasons. Every read of a case is audited as the UI's case page audits it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from ninja import Path, Query, Router

from tokumei.law.calendar import fiscal_year, fiscal_year_range
from tokumei.law.contracts import ContractState
from tokumei.law.intake import ProposalKind, ProposerKind
from tokumei.law.review import Criterion, Finding
from tokumei.law.transitions import InvalidTransition, ProposalState, ReviewState
from tokumei.web.accounts.models import User
from tokumei.web.contracts import services as contract_services
from tokumei.web.contracts.models import Contract
from tokumei.web.core.audit import Origin
from tokumei.web.proposals import queries as proposal_queries
from tokumei.web.proposals import services as proposal_services
from tokumei.web.proposals.models import Proposal
from tokumei.web.reviews import services as review_services
from tokumei.web.reviews.models import Review

from . import errors
from .auth import READ_AUTH, WRITE_AUTH
from .schemas import (
    ArrivalIn,
    CaseDetailOut,
    CasePageOut,
    CaseQuery,
    CaseRefusalOut,
    ConcludeIn,
    CorrectionIn,
    ErrorOut,
    FindingIn,
    PaymentIn,
    ReasonIn,
    SignOffIn,
)

router = Router(tags=["cases"])

CaseId = Path(..., ge=1, le=2_147_483_647, description="案件（提案）の ID")
READ = {200: CaseDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE = {200: CaseDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: CaseRefusalOut, 422: ErrorOut}

STATES: dict[str, str] = {
    **{s.value: s.label for s in ContractState},
    **{s.value: s.label for s in ReviewState},
    **{s.value: s.label for s in ProposalState if s is not ProposalState.DRAFT},
}
"""Every value of a case's current state (its contract's, else its review's, else its proposal's)."""

# The transitions a role may ask for (its permission; the service still decides on the case's state).
ACTIONS: dict[str, tuple[str, str]] = {
    "accept": ("proposal", "proposals.intake"),
    "not-accept": ("proposal", "proposals.intake"),
    "correction-request": ("proposal", "proposals.request_correction"),
    "review/start": ("proposal", "reviews.start"),
    "review/findings": ("review", "reviews.work"),
    "review/submit": ("review", "reviews.work"),
    "review/sign-off": ("review", "reviews.sign_off"),
    "contract/payment": ("contract", "contracts.payment"),
    "contract/conclude": ("contract", "contracts.conclude"),
}

T = TypeVar("T")


# --------------------------------------------------------------------------------------------------
# Loading and checking
# --------------------------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not getattr(user, "is_org_staff", False):
        raise errors.forbidden("このAPIは機関の職員だけが利用できます。")
    return user  # type: ignore[return-value]


def _cases(user: User) -> QuerySet[Proposal]:
    return (
        proposal_queries.staff_cases(user.organization)
        .select_related("organization", "review", "review__contract")
        .annotate(current_state=Coalesce(F("review__contract__state"), F("review__state"), F("state")))
        .order_by("-arrived_on", "-created_at", "-pk")
    )


def _case(request: HttpRequest, case_id: int) -> tuple[User, Proposal]:
    """The caller's organization's case, or 404 (another organization's case is not there for the caller)."""
    user = _staff(request)
    p = (
        Proposal.objects.select_related(
            "organization", "file__division", "dataset", "solicitation", "review", "review__contract"
        )
        .filter(pk=case_id)
        .first()
    )
    if p is None or not user.has_perm("proposals.view_case", p):
        raise errors.not_found()
    return user, p


def _need(user: User, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise errors.forbidden("この操作は、機関のプロファイルでこの手順を担当する部署・役割の職員が行います。")


def _review_of(p: Proposal) -> Review:
    review = Review.objects.filter(proposal=p).select_related("organization", "proposal").first()
    if review is None:
        raise errors.refused(["この提案の審査はまだ始まっていません。"], code="case.no_review")
    return review


def _contract_of(user: User, p: Proposal, perm: str, origin: Origin) -> Contract:
    """The case's contract once ``perm`` is checked; opened first (as the UI's contract page does on its first
    view) when the approval has been notified and no contract exists yet."""
    review = _review_of(p)
    if not user.has_perm("contracts.view_contract", review):
        raise errors.not_found()
    contract = Contract.objects.filter(review=review).first()
    _need(user, perm, contract if contract is not None else review)
    if contract is None:
        if review.state != ReviewState.APPROVAL_NOTIFIED:
            raise errors.refused(
                ["審査の結果（適合）を通知した提案についてのみ、契約の手続に進めます。"], code="case.no_contract"
            )
        contract = _call(lambda: contract_services.open_contract(review, actor=user, origin=origin))
    return contract


def _on_case(request: HttpRequest, case_id: int, perm: str, step: Callable[[User, Proposal, Origin], object]) -> Any:
    """One transition of the case by the same service function the page uses, refusals as 409, the case returned."""
    user, p = _case(request, case_id)
    _need(user, perm, p)
    _call(lambda: step(user, p, Origin.of(request)))
    return detail_out(user, p)


def _on_review(request: HttpRequest, case_id: int, perm: str, step: Callable[[User, Review, Origin], object]) -> Any:
    """One transition of the case's review (permission checked on the review), the case returned."""
    user, p = _case(request, case_id)
    review = _review_of(p)
    _need(user, perm, review)
    _call(lambda: step(user, review, Origin.of(request)))
    return detail_out(user, p)


def _call(fn: Callable[[], T]) -> T:
    """Run one service call; its refusals become 409 with every reason."""
    try:
        return fn()
    except InvalidTransition as exc:
        raise errors.refused([str(exc)], code="case.invalid_transition") from None
    except (proposal_services.ProposalRefused, review_services.ReviewServiceRefused) as exc:
        raise errors.refused(list(exc.problems)) from None
    except contract_services.ContractRefused as exc:
        raise errors.refused([str(exc)]) from None


# --------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------


def _stage_state(p: Proposal) -> tuple[str, str]:
    review = getattr(p, "review", None)
    contract = getattr(review, "contract", None) if review is not None else None
    if contract is not None:
        return "contract", contract.state
    if review is not None:
        return "review", review.state
    return "intake", p.state


def case_out(p: Proposal) -> dict[str, Any]:
    """A case as the API shows it: states, dates, the target and, for a corporation or group, its name. No
    personal data of individuals (names, addresses, contacts, handlers, identity documents) and no file content."""
    stage, state = _stage_state(p)
    review = getattr(p, "review", None)
    contract = getattr(review, "contract", None) if review is not None else None
    kind = ProposalKind(p.kind)
    if kind is ProposalKind.NEW:
        target = {"type": "file", "id": p.file_id, "name": p.file.name if p.file else ""}
    else:
        target = {"type": "dataset", "id": p.dataset_id, "name": p.dataset.title if p.dataset else ""}
    body = p.proposer_kind and ProposerKind(p.proposer_kind).is_body
    return {
        "id": p.pk,
        "reference": p.reference,
        "receipt_number": p.receipt_number,
        "kind": kind.value,
        "kind_label": kind.label,
        "organization": p.organization.profile_id,
        "fiscal_year": fiscal_year(p.arrived_on) if p.arrived_on else None,
        "stage": stage,
        "state": state,
        "state_label": STATES.get(state, state),
        "proposal_state": p.state,
        "proposal_state_label": ProposalState(p.state).label,
        "target": target,
        "solicitation_id": p.solicitation_id,
        "proposer_kind": p.proposer_kind,
        "proposer_name": p.proposer_name if body else None,
        "channel": p.channel,
        "arrived_on": p.arrived_on,
        "accepted_at": p.accepted_at,
        "review": None
        if review is None
        else {
            "id": review.pk,
            "state": review.state,
            "state_label": ReviewState(review.state).label,
            "outcome": review.outcome,
            "started_at": review.started_at,
            "prepared_at": review.prepared_at,
            "decided_at": review.decided_at,
            "fee_yen": review.fee_yen,
            "notice_number": review.notice_number,
            "notice_date": review.notice_date,
            "payment_deadline": review.payment_deadline,
        },
        "contract": None
        if contract is None
        else {
            "id": contract.pk,
            "state": contract.state,
            "state_label": ContractState(contract.state).label,
            "number": contract.number,
            "fee_yen": contract.fee_yen,
            "stamp_duty_yen": contract.stamp_duty_yen,
            "payment_deadline": contract.payment_deadline,
            "concluded_on": contract.concluded_on,
        },
    }


def _permitted(user: User, p: Proposal) -> list[str]:
    review = getattr(p, "review", None)
    contract = getattr(review, "contract", None) if review is not None else None
    objects = {"proposal": p, "review": review, "contract": contract}
    out = []
    for action, (what, perm) in ACTIONS.items():
        obj = objects[what]
        if what == "contract" and obj is None and review is not None and review.state == ReviewState.APPROVAL_NOTIFIED:
            obj = review  # the contract is opened on its first step; the same organization and performer rule
        if obj is not None and user.has_perm(perm, obj):
            out.append(action)
    return out


def detail_out(user: User, p: Proposal) -> dict[str, Any]:
    fresh = (
        Proposal.objects.select_related("organization", "file", "dataset", "solicitation", "review", "review__contract")
        .prefetch_related("corrections")
        .get(pk=p.pk)
    )
    review = getattr(fresh, "review", None)
    panels = list(review.panels.all()) if review is not None else []
    return {
        **case_out(fresh),
        "corrections": [
            {
                "requested_at": c.requested_at,
                "deadline": c.deadline,
                "items": len(c.items),
                "resolved_at": c.resolved_at,
            }
            for c in fresh.corrections.all()
        ],
        "panels": [
            {
                "criterion": x.criterion,
                "mark": Criterion(x.criterion).mark,
                "title": Criterion(x.criterion).spec.title,
                "finding": x.finding,
                "finding_label": Finding(x.finding).label if x.finding else "未判断",
            }
            for x in panels
        ],
        "permitted_actions": _permitted(user, fresh),
    }


# --------------------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------------------


@router.get(
    "/cases",
    response={200: CasePageOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=READ_AUTH,
    summary="自機関の案件の一覧（提案・審査・契約の状態）",
)
def staff_list_cases(request: HttpRequest, filters: Query[CaseQuery]) -> Any:
    user = _staff(request)
    qs = _cases(user)
    if filters.state:
        if filters.state not in STATES:
            raise errors.ApiError(
                422,
                "invalid_input",
                f"状態「{filters.state[:32]}」はありません。次のいずれかを指定してください: {', '.join(STATES)}。",
                f"Unknown state; use one of: {', '.join(STATES)}.",
            )
        qs = qs.filter(current_state=filters.state)
    if filters.fiscal_year is not None:
        fy = fiscal_year_range(filters.fiscal_year)
        qs = qs.filter(arrived_on__gte=fy.start, arrived_on__lt=fy.end)
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    page = list(qs[start : start + filters.page_size])
    origin = Origin.of(request)
    for p in page:
        proposal_services.record_staff_view(p, actor=user, origin=origin, what="提案（APIの一覧）")
    return {"count": count, "page": filters.page, "page_size": filters.page_size, "items": [case_out(p) for p in page]}


@router.get("/cases/{case_id}", response=READ, auth=READ_AUTH, summary="案件の詳細（個人の情報を含めない）")
def staff_get_case(request: HttpRequest, case_id: int = CaseId) -> Any:
    user, p = _case(request, case_id)
    proposal_services.record_staff_view(p, actor=user, origin=Origin.of(request))
    return detail_out(user, p)


# --------------------------------------------------------------------------------------------------
# Desk: arrival, acceptance, non-acceptance, correction request
# --------------------------------------------------------------------------------------------------


@router.post(
    "/arrivals",
    response=WRITE,
    auth=WRITE_AUTH,
    summary="提案書類の到達を記録（受付参照番号で指定、提案窓口）",
)
def staff_record_arrival(request: HttpRequest, payload: ArrivalIn) -> Any:
    user = _staff(request)
    _need(user, "proposals.enter_paper", None)
    p = proposal_queries.find_by_reference(user.organization, payload.reference)
    if p is None:
        raise errors.not_found()
    _call(
        lambda: proposal_services.record_arrival(
            p,
            channel=payload.channel,
            arrived_on=payload.arrived_on,
            arrived_at=payload.arrived_at,
            official_form=payload.official_form,
            proposal_date=payload.proposal_date,
            actor=user,
            origin=Origin.of(request),
        )
    )
    return detail_out(user, p)


@router.post("/cases/{case_id}/accept", response=WRITE, auth=WRITE_AUTH, summary="受付（受付番号を付け主管課へ送付）")
def staff_accept(request: HttpRequest, case_id: int = CaseId) -> Any:
    return _on_case(
        request, case_id, "proposals.intake", lambda u, p, o: proposal_services.accept(p, actor=u, origin=o)
    )


@router.post("/cases/{case_id}/not-accept", response=WRITE, auth=WRITE_AUTH, summary="受け付けない（理由を記録）")
def staff_not_accept(request: HttpRequest, payload: ReasonIn, case_id: int = CaseId) -> Any:
    return _on_case(
        request,
        case_id,
        "proposals.intake",
        lambda u, p, o: proposal_services.not_accept(p, payload.reason, actor=u, origin=o),
    )


@router.post(
    "/cases/{case_id}/correction-request", response=WRITE, auth=WRITE_AUTH, summary="訂正の求め（規則54条7項）"
)
def staff_request_correction(request: HttpRequest, payload: CorrectionIn, case_id: int = CaseId) -> Any:
    items = [proposal_services.CorrectionItem(i.what, i.why) for i in payload.items]
    return _on_case(
        request,
        case_id,
        "proposals.request_correction",
        lambda u, p, o: proposal_services.request_correction(
            p, items, deadline=payload.deadline, channel=payload.channel, actor=u, origin=o
        ),
    )


# --------------------------------------------------------------------------------------------------
# Owning division and approver: the review
# --------------------------------------------------------------------------------------------------


@router.post("/cases/{case_id}/review/start", response=WRITE, auth=WRITE_AUTH, summary="審査の開始（主管課）")
def staff_start_review(request: HttpRequest, case_id: int = CaseId) -> Any:
    return _on_case(
        request, case_id, "reviews.start", lambda u, p, o: review_services.start_review(p, actor=u, origin=o)
    )


@router.post(
    "/cases/{case_id}/review/findings/{criterion}",
    response=WRITE,
    auth=WRITE_AUTH,
    summary="審査基準（法114条1項各号）の判断と理由を記録",
)
def staff_record_finding(request: HttpRequest, criterion: Criterion, payload: FindingIn, case_id: int = CaseId) -> Any:
    return _on_review(
        request,
        case_id,
        "reviews.work",
        lambda u, r, o: review_services.record_finding(
            r, criterion, payload.finding, payload.reasoning, actor=u, origin=o
        ),
    )


@router.post("/cases/{case_id}/review/submit", response=WRITE, auth=WRITE_AUTH, summary="審査結果を起案し決裁に回す")
def staff_submit_review(request: HttpRequest, case_id: int = CaseId) -> Any:
    return _on_review(
        request, case_id, "reviews.work", lambda u, r, o: review_services.submit_for_sign_off(r, actor=u, origin=o)
    )


@router.post(
    "/cases/{case_id}/review/sign-off",
    response=WRITE,
    auth=WRITE_AUTH,
    summary="決裁（起案者以外の決裁者）: 承認又は差戻し",
)
def staff_sign_off(request: HttpRequest, payload: SignOffIn, case_id: int = CaseId) -> Any:
    return _on_review(
        request,
        case_id,
        "reviews.sign_off",
        lambda u, r, o: review_services.sign_off(r, approve=payload.approve, note=payload.note, actor=u, origin=o),
    )


# --------------------------------------------------------------------------------------------------
# The contract: payment check and conclusion
# --------------------------------------------------------------------------------------------------


@router.post(
    "/cases/{case_id}/contract/payment",
    response=WRITE,
    auth=WRITE_AUTH,
    summary="申込書と手数料の納付の確認（過不足があれば返戻）",
)
def staff_record_payment(request: HttpRequest, payload: PaymentIn, case_id: int = CaseId) -> Any:
    user, p = _case(request, case_id)
    origin = Origin.of(request)
    contract = _contract_of(user, p, "contracts.payment", origin)
    data = contract_services.PaymentInput(
        payload.received_on,
        payload.received_via,
        payload.method.value,
        payload.tendered_yen,
        payload.duty_affixed_yen,
        payload.reference,
        payload.contract_copies,
    )
    _call(lambda: contract_services.record_payment(contract, data, actor=user, origin=origin))
    return detail_out(user, p)


@router.post("/cases/{case_id}/contract/conclude", response=WRITE, auth=WRITE_AUTH, summary="利用契約の締結（法115条）")
def staff_conclude(request: HttpRequest, payload: ConcludeIn, case_id: int = CaseId) -> Any:
    user, p = _case(request, case_id)
    origin = Origin.of(request)
    contract = _contract_of(user, p, "contracts.conclude", origin)
    _call(
        lambda: contract_services.conclude(
            contract,
            concluded_on=payload.concluded_on,
            copy_returned_on=payload.copy_returned_on,
            actor=user,
            origin=origin,
        )
    )
    return detail_out(user, p)

"""Staff pages of proposals: cases, the six intake checks, arrival of paper, paper entry, correction requests,
acceptance, the owning division's check, consultation records. Every view of a case is audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tokumei.law.calendar import format_wareki
from tokumei.law.intake import ProposalKind
from tokumei.law.review import division_check_required
from tokumei.law.transitions import InvalidTransition, ProposalState
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.register.models import AnonymizedDataset, PersonalInformationFile
from tokumei.web.solicitations.models import Solicitation

from . import queries, services, uploads
from .forms import (
    ArrivalForm,
    AttachmentForm,
    ConsultationForm,
    CorrectionForm,
    PaperArrivalForm,
    ProposalForm,
    ReasonForm,
)
from .models import Attachment, Proposal
from .public_views import attachment_response, refused_on


def _staff(request: HttpRequest) -> None:
    if not getattr(request.user, "is_org_staff", False):
        raise PermissionDenied("職員として登録されていません。")


def _case(request: HttpRequest, pk: int) -> Proposal:
    p = (
        Proposal.objects.select_related("organization", "file__division", "dataset", "solicitation")
        .filter(pk=pk)
        .first()
    )
    if p is None or not request.user.has_perm("proposals.view_case", p):
        raise Http404
    return p


def _need(request: HttpRequest, perm: str, p: object = None) -> None:
    if not request.user.has_perm(perm, p):
        raise PermissionDenied("この操作は、機関のプロファイルでこの手順を担当する部署の職員が行います。")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    org = request.user.organization  # type: ignore[union-attr]
    form = ArrivalForm(initial={"arrived_on": timezone.localdate()})
    return render(
        request,
        "proposals/staff_list.html",
        {
            "cases": queries.staff_cases(org),
            "arrival_form": form,
            "can_intake": request.user.has_perm("proposals.enter_paper"),
            "targets": queries.open_targets(timezone.localdate(), org) + queries.closed_targets(org),
            "datasets": queries.paper_datasets(org),
        },
    )


@login_required
def record_arrival(request: HttpRequest) -> HttpResponse:
    _staff(request)
    _need(request, "proposals.enter_paper")
    org = request.user.organization  # type: ignore[union-attr]
    form = ArrivalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        p = queries.find_by_reference(org, d["reference"])
        if p is None:
            form.add_error("reference", "この受付参照番号の提案は、この機関にはありません。番号を確かめてください。")
        else:
            try:
                services.record_arrival(
                    p,
                    channel=d["channel"],
                    arrived_on=d["arrived_on"],
                    arrived_at=d["arrived_at"],
                    official_form=d["official_form"],
                    proposal_date=d["proposal_date"],
                    actor=request.user,  # type: ignore[arg-type]
                    origin=Origin.of(request),
                )
            except (services.ProposalRefused, InvalidTransition) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"{p.reference} の到達を記録しました。受付時の確認をしてください。")
                return redirect("proposals_staff:detail", p.pk)
    return render(request, "proposals/staff_arrival.html", {"form": form})


@login_required
def paper_entry(request: HttpRequest, solicitation_id: int, file_id: int) -> HttpResponse:
    """Enter a proposal that came on paper without a portal draft."""
    _staff(request)
    org = request.user.organization  # type: ignore[union-attr]
    s = Solicitation.objects.filter(pk=solicitation_id, organization=org).first()
    f = PersonalInformationFile.objects.filter(pk=file_id, organization=org).first()
    if s is None or f is None:
        raise Http404
    _need(request, "proposals.enter_paper")
    form = ProposalForm(request.POST or None, kind=ProposalKind.NEW, file=f)
    arrival = PaperArrivalForm(request.POST or None, initial={"arrived_on": timezone.localdate()}, prefix="arrival")
    done = _enter_paper(request, form, arrival, kind=ProposalKind.NEW, solicitation=s, file=f, dataset=None)
    if done is not None:
        return done
    context = {"form": form, "arrival": arrival, "heading": f.name, "subheading": f"{s.title}（{s.period.describe}）"}
    return render(request, "proposals/staff_paper.html", context)


def _enter_paper(
    request: HttpRequest,
    form: ProposalForm,
    arrival: PaperArrivalForm,
    *,
    kind: ProposalKind,
    solicitation: Solicitation | None,
    file: PersonalInformationFile | None,
    dataset: AnonymizedDataset | None,
) -> HttpResponse | None:
    """Save a paper proposal when both forms are valid: the redirect to its case, or ``None`` (show the forms)."""
    if request.method != "POST" or not (form.is_valid() and arrival.is_valid()):
        return None
    a = arrival.cleaned_data
    try:
        p = services.enter_paper_proposal(
            request.user.organization,  # type: ignore[union-attr]
            form.to_input(),
            kind=kind,
            solicitation=solicitation,
            file=file,
            dataset=dataset,
            channel=a["channel"],
            arrived_on=a["arrived_on"],
            arrived_at=a["arrived_at"],
            official_form=a["official_form"],
            actor=request.user,  # type: ignore[arg-type]
            origin=Origin.of(request),
        )
    except services.ProposalRefused as exc:
        refused_on(form, exc)
        return None
    messages.success(request, f"紙の提案 {p.reference} を入力しました。提出書類をスキャンして登録してください。")
    return redirect("proposals_staff:detail", p.pk)


_PAPER_118 = {"reuse": ProposalKind.REUSE, "change": ProposalKind.CHANGE}


@login_required
def paper_dataset_entry(request: HttpRequest, dataset_id: int, kind: str) -> HttpResponse:
    """Enter a 法118条 proposal that came on paper: 前段 (``reuse``, another party) or 後段 (``change``, a recipient
    changing the business under its contract, named by its number) on one of the organization's created datasets."""
    _staff(request)
    org = request.user.organization  # type: ignore[union-attr]
    ds = AnonymizedDataset.objects.filter(pk=dataset_id, file__organization=org).select_related("file").first()
    if ds is None or kind not in _PAPER_118:
        raise Http404
    _need(request, "proposals.enter_paper")
    proposal_kind = _PAPER_118[kind]
    form = ProposalForm(request.POST or None, kind=proposal_kind, file=None)
    arrival = PaperArrivalForm(request.POST or None, initial={"arrived_on": timezone.localdate()}, prefix="arrival")
    done = _enter_paper(request, form, arrival, kind=proposal_kind, solicitation=None, file=None, dataset=ds)
    if done is not None:
        return done
    first, last = (format_wareki(d) for d in (ds.proposal_period_first_day, ds.proposal_period_last_day))
    period = f"提案をすることができる期間: {first}から{last}まで（法第117条第3号）"
    context = {
        "form": form,
        "arrival": arrival,
        "heading": f"{ds.title}（{proposal_kind.label}）",
        "subheading": f"{ds.file.name}から作成した行政機関等匿名加工情報。{period}",
    }
    return render(request, "proposals/staff_paper.html", context)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = _case(request, pk)
    services.record_staff_view(p, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
    today = timezone.localdate()
    defects = [x for f in queries.findings(p, today) for x in f.problems if x.severity == "error"]
    profile = p.organization.profile
    return render(
        request,
        "proposals/staff_detail.html",
        {
            "p": p,
            "findings": queries.findings(p, today),
            "attachments": p.attachments.all(),
            "corrections": p.corrections.all(),
            "consultations": p.consultations.all(),
            "duplicates": queries.duplicates_of(p),
            "correction_form": CorrectionForm(
                initial={"deadline": today + timezone.timedelta(days=14)}
                | {f"what_{i}": x.message.split("を")[0] for i, x in enumerate(defects[:5])}
                | {f"why_{i}": x.message for i, x in enumerate(defects[:5])},
            ),
            "upload_form": AttachmentForm(staff=True),
            "reason_form": ReasonForm(),
            "can_intake": request.user.has_perm("proposals.intake", p),
            "can_correct": request.user.has_perm("proposals.request_correction", p),
            "can_division_check": request.user.has_perm("proposals.division_check", p),
            "division_checks": division_check_required(profile),
            "facts": queries.proposal_facts(p, today),
        },
    )


@login_required
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    p = _case(request, pk)
    if request.method != "POST":
        return redirect("proposals_staff:detail", p.pk)
    user, origin = request.user, Origin.of(request)
    try:
        if action == "accept":
            _need(request, "proposals.intake", p)
            services.accept(p, actor=user, origin=origin)  # type: ignore[arg-type]
            messages.success(request, "受け付けました。受付番号を付け、主管課へ送付しました。")
        elif action == "correction":
            _need(request, "proposals.request_correction", p)
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                messages.error(request, "訂正の期限と伝える方法を入力してください。")
                return redirect("proposals_staff:detail", p.pk)
            d = form.cleaned_data
            items = [
                services.CorrectionItem(d[f"what_{i}"], d[f"why_{i}"])
                for i in range(form.rows)
                if d.get(f"what_{i}") or d.get(f"why_{i}")
            ]
            services.request_correction(
                p,
                items,
                deadline=d["deadline"],
                channel=d["channel"],
                actor=user,
                origin=origin,  # type: ignore[arg-type]
            )
            messages.success(request, "訂正を求めました。")
        elif action == "paper-correction":
            _need(request, "proposals.request_correction", p)
            services.record_paper_correction(p, request.POST.get("reason", ""), actor=user, origin=origin)  # type: ignore[arg-type]
            messages.success(request, "紙による訂正を記録しました。")
        elif action == "not-accept":
            _need(request, "proposals.intake", p)
            services.not_accept(p, request.POST.get("reason", ""), actor=user, origin=origin)  # type: ignore[arg-type]
            messages.success(request, "受け付けないことを記録しました。")
        elif action == "division-check":
            _need(request, "proposals.division_check", p)
            services.record_division_check(p, request.POST.get("reason", ""), actor=user, origin=origin)  # type: ignore[arg-type]
            messages.success(request, "主管課の確認を記録しました。")
        elif action == "upload":
            _need(request, "proposals.intake", p)
            form = AttachmentForm(request.POST, request.FILES, staff=True)
            if not form.is_valid():
                messages.error(request, "書類の種類を選んでください。")
                return redirect("proposals_staff:detail", p.pk)
            d = form.cleaned_data
            services.add_attachments(
                p,
                [(f.name, f.read()) for f in request.FILES.getlist("files")],
                services.AttachmentInput(
                    kind=d["kind"],
                    holder=d["holder"] or "proposer",
                    document_type=d["document_type"],
                    issued_on=d["issued_on"],
                    valid_until=d["valid_until"],
                    name_on_document=d["name_on_document"],
                    address_on_document=d["address_on_document"],
                    front_side_only=d["front_side_only"],
                    alternative_reason=d["alternative_reason"],
                ),
                actor=user,  # type: ignore[arg-type]
                origin=origin,
                scanned=True,
                on_paper=d.get("on_paper", False),
            )
            messages.success(request, "書類を登録しました。")
        else:
            raise Http404
    except (services.ProposalRefused, uploads.UploadRefused, InvalidTransition) as exc:
        for line in str(exc).splitlines():
            messages.error(request, line)
    return redirect("proposals_staff:detail", p.pk)


@login_required
def case_attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    p = _case(request, pk)
    a = Attachment.objects.filter(pk=attachment_id, proposal=p).exclude(stored_name="").first()
    if a is None:
        raise Http404
    record_event(
        "proposals.attachment_downloaded",
        actor=request.user,  # type: ignore[arg-type]
        origin=Origin.of(request),
        organization=p.organization,
        target=p,
        summary=f"提案 {p.reference} の{a.get_kind_display()}「{a.original_name}」を閲覧しました。",
        details={"attachment": a.pk, "sha256": a.sha256},
    )
    return attachment_response(a)


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    org = request.user.organization  # type: ignore[union-attr]
    can_record = request.user.has_perm("proposals.record_consultation")
    form = ConsultationForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("応接記録を作成できるのは、相談を担当する部署の職員です。")
        if form.is_valid():
            d = form.cleaned_data
            reference = request.POST.get("proposal_reference", "").strip()
            proposal = queries.find_by_reference(org, reference) if reference else None
            services.record_consultation(
                org,
                services.ConsultationInput(
                    occurred_on=d["occurred_on"],
                    channel=d["channel"],
                    counterpart=d["counterpart"],
                    question=d["question"],
                    answer=d["answer"],
                    oral_proposal=d["oral_proposal"],
                    proposal=proposal,
                    proposer=proposal.owner if proposal else None,
                ),
                actor=request.user,  # type: ignore[arg-type]
                origin=Origin.of(request),
            )
            messages.success(request, "応接記録を作成しました。")
            return redirect("proposals_staff:consultations")
    return render(
        request,
        "proposals/staff_consultations.html",
        {"records": queries.consultations(org), "form": form, "can_record": can_record},
    )


__all__ = ["ProposalState"]

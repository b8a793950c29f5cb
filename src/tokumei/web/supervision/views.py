"""Staff pages after delivery: one page per contract (handlers and their history, change notifications,
termination and PPC reports, improper use, end of use) and the complaints register (法128条)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from tokumei.documents import render_pdf
from tokumei.law.contracts import ContractState
from tokumei.law.notices import ChangeNotificationFacts, build_change_notification
from tokumei.law.supervision import HandlerChangeKind, SupervisionRefused, TerminationGround, end_of_use_overdue
from tokumei.web.contracts.models import Contract
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.core.document_templates import render_organization_docx
from tokumei.web.core.form_messages import report_form_errors

from . import services
from .models import Complaint, HandlerChange

DATE = forms.DateInput(attrs={"type": "date"})


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label="変更の内容", choices=[(k.value, k.label) for k in HandlerChangeKind])
    before = forms.CharField(label="変更前（現在の取扱者の氏名等）", max_length=200, required=False)
    after = forms.CharField(label="変更後（新たな取扱者の氏名等）", max_length=200, required=False)
    after_post = forms.CharField(label="新たな取扱者の所属・役職", max_length=200, required=False)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    received_on = forms.DateField(label="申出書の到達日", widget=DATE)


class DecideForm(forms.Form):
    change_id = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="理由の判断", choices=[("accept", "認める（効力発生）"), ("refuse", "認めない")], widget=forms.RadioSelect
    )
    note = forms.CharField(label="判断の理由", max_length=500)


class IntendForm(forms.Form):
    ground = forms.ChoiceField(label="解除の事由", choices=[(g.value, g.label) for g in TerminationGround])
    facts = forms.CharField(label="事実の概要", widget=forms.Textarea(attrs={"rows": 3}))


class ConsultForm(forms.Form):
    day = forms.DateField(label="提案窓口と協議した日", widget=DATE)


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(label="解除の日", widget=DATE)
    corporate_number = forms.CharField(label="相手方の法人番号（法人の場合、13桁）", max_length=20, required=False)


class ImproperForm(forms.Form):
    facts = forms.CharField(label="不適正な利用の事実", widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(forms.Form):
    media_returned_on = forms.DateField(label="媒体の返却日", widget=DATE)
    deletion_confirmed_on = forms.DateField(label="消去を確認した日", widget=DATE)
    deletion_method = forms.CharField(label="消去の方法・確認の方法", max_length=300)


class ComplaintForm(forms.Form):
    received_on = forms.DateField(label="受付日", widget=DATE)
    complainant = forms.CharField(label="申出者", max_length=200)
    summary = forms.CharField(label="苦情の内容", widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    handling = forms.CharField(label="処理の内容", widget=forms.Textarea(attrs={"rows": 2}))
    handled_on = forms.DateField(label="処理日", widget=DATE)
    answer = forms.CharField(label="回答の内容", widget=forms.Textarea(attrs={"rows": 2}))
    answered_on = forms.DateField(label="回答日", widget=DATE)


def _contract(request: HttpRequest, review_pk: int) -> Contract:
    c = (
        Contract.objects.select_related("organization", "review__proposal__file", "run__dataset")
        .filter(review_id=review_pk)
        .first()
    )
    if c is None or not request.user.has_perm("supervision.view", c):
        raise Http404
    return c


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_org_staff", False):
        raise PermissionDenied("職員のみが利用できます。")
    today = timezone.localdate()
    contracts = (
        Contract.objects.filter(
            organization_id=request.user.organization_id,  # type: ignore[union-attr]
            state__in=[ContractState.CONCLUDED, ContractState.DELIVERED, ContractState.ENDED, ContractState.TERMINATED],
        )
        .select_related("review__proposal")
        .order_by("-concluded_on")
    )
    rows = [
        {
            "contract": c,
            "use_to": c.review.proposal.use_to,
            "overdue": c.state == ContractState.DELIVERED
            and end_of_use_overdue(c.review.proposal.use_to, False, today),
        }
        for c in contracts
    ]
    return render(request, "supervision/overview.html", {"rows": rows})


@login_required
def case(request: HttpRequest, review_pk: int) -> HttpResponse:
    c = _contract(request, review_pk)
    user = request.user
    record_event(
        "contracts.viewed",
        actor=user,  # type: ignore[arg-type]
        origin=Origin.of(request),
        organization=c.organization,
        target=c,
        summary=f"利用契約（{c}）の監督の画面を閲覧しました。",
    )
    today = timezone.localdate()
    termination = getattr(c, "termination", None)
    context = {
        "contract": c,
        "proposal": c.review.proposal,
        "profile": c.organization.profile,
        "handlers": c.handlers or c.review.proposal.handlers or [],
        "changes": c.handler_changes.select_related("recorded_by", "decided_by"),
        "pending": c.handler_changes.filter(state=HandlerChange.State.PENDING),
        "termination": termination,
        "reports": c.ppc_reports.all(),
        "end": getattr(c, "end_of_use", None),
        "overdue": c.state == ContractState.DELIVERED and end_of_use_overdue(c.review.proposal.use_to, False, today),
        "active": c.state in (ContractState.CONCLUDED, ContractState.DELIVERED),
        "perms": {name: user.has_perm(f"supervision.{name}", c) for name in ("change", "terminate", "end_of_use")},
        "forms": {
            "change": ChangeForm(initial={"received_on": today}),
            "intend": IntendForm(),
            "consult": ConsultForm(initial={"day": today}),
            "terminate": TerminateForm(initial={"terminated_on": today}),
            "improper": ImproperForm(),
            "end": EndForm(initial={"media_returned_on": today, "deletion_confirmed_on": today}),
        },
        "decide_forms": [
            (ch, DecideForm(initial={"change_id": ch.pk}, prefix=f"c{ch.pk}"))
            for ch in c.handler_changes.filter(state=HandlerChange.State.PENDING)
        ],
    }
    return render(request, "supervision/case.html", context)


def _decide(c: Contract, d: dict, u, o):  # type: ignore[no-untyped-def]
    change = HandlerChange.objects.filter(pk=d["change_id"], contract=c).first()
    if change is None:
        raise Http404
    return services.decide_change(change, accept=d["decision"] == "accept", note=d["note"], actor=u, origin=o)


def _termination(c: Contract):  # type: ignore[no-untyped-def]
    t = getattr(c, "termination", None)
    if t is None:
        msg = "先に、解除をしようとする旨を記録してください。"
        raise SupervisionRefused(msg)
    return t


ACTIONS: dict[str, tuple[str, type[forms.Form], Callable[..., object], str]] = {
    "change": (
        "change",
        ChangeForm,
        lambda c, d, u, o: services.receive_change(c, services.ChangeInput(**d), actor=u, origin=o),
        "記載事項変更申出書を受け付けました。",
    ),
    "decide": ("change", DecideForm, _decide, "判断を記録しました。"),
    "intend": (
        "terminate",
        IntendForm,
        lambda c, d, u, o: services.intend_termination(c, ground=d["ground"], facts=d["facts"], actor=u, origin=o),
        "解除をしようとする旨を記録し、報告を起案しました。",
    ),
    "consult": (
        "terminate",
        ConsultForm,
        lambda c, d, u, o: services.record_desk_consultation(_termination(c), d["day"], actor=u, origin=o),
        "提案窓口との協議を記録しました。",
    ),
    "terminate": (
        "terminate",
        TerminateForm,
        lambda c, d, u, o: services.terminate(
            _termination(c),
            terminated_on=d["terminated_on"],
            corporate_number=d["corporate_number"],
            actor=u,
            origin=o,
        ),
        "契約を解除しました。",
    ),
    "improper": (
        "terminate",
        ImproperForm,
        lambda c, d, u, o: services.record_improper_use(c, facts=d["facts"], actor=u, origin=o),
        "不適正な利用を記録し、報告を起案しました。",
    ),
    "end": (
        "end_of_use",
        EndForm,
        lambda c, d, u, o: services.confirm_end_of_use(c, **d, actor=u, origin=o),
        "利用の終了を確認しました。",
    ),
}


FORM_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _handler_label(h: object) -> str:
    if not isinstance(h, dict):
        return str(h)
    where = "・".join(str(h[k]) for k in ("post", "title") if h.get(k))
    return f"{h.get('name', '')}（{where}）" if where else str(h.get("name", ""))


@login_required
def change_form(request: HttpRequest, review_pk: int, fmt: str) -> HttpResponse:
    """The organization's 記載事項変更申出書 filled with the contract and its current handlers, for the division to
    hand to the recipient (Nara 要綱第2-13(1) 第7号様式, Fukuoka 要綱第10-2(1)ア 標準様式第二)."""
    c = _contract(request, review_pk)
    if fmt not in FORM_TYPES:
        raise Http404
    p = c.review.proposal
    facts = ChangeNotificationFacts(
        contract_number=c.number,
        concluded_on=c.concluded_on,
        recipient_name=p.proposer_name,
        recipient_address=p.proposer_address,
        handlers=tuple(_handler_label(h) for h in (c.handlers or p.handlers or [])),
    )
    document = build_change_notification(c.organization.profile, facts)
    data = render_pdf(document) if fmt == "pdf" else render_organization_docx(document)
    record_event(
        "supervision.change_form_issued",
        actor=request.user,  # type: ignore[arg-type]
        origin=Origin.of(request),
        organization=c.organization,
        target=c,
        summary=f"利用契約（{c}）の{document.title}を{fmt.upper()}で出力しました。",
        details={"format": fmt},
    )
    response = HttpResponse(data, content_type=FORM_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{c.number or c.pk}-change-notification.{fmt}"'
    return response


@login_required
def case_action(request: HttpRequest, review_pk: int, action: str) -> HttpResponse:
    """POST only; the permission is checked first, so a GET tells who may act (405) from who may not (403)."""
    if action not in ACTIONS:
        raise Http404
    c = _contract(request, review_pk)
    perm, form_class, call, done = ACTIONS[action]
    if not request.user.has_perm(f"supervision.{perm}", c):
        raise PermissionDenied("この操作を行う権限がありません（担当の課・役割を確認してください）。")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    prefix = None
    if action == "decide":
        prefix = next((k.split("-")[0] for k in request.POST if k.endswith("-change_id")), None)
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("supervision:case", review_pk)
    try:
        call(c, form.cleaned_data, request.user, Origin.of(request))
    except SupervisionRefused as exc:
        messages.error(request, str(exc))
        return redirect("supervision:case", review_pk)
    messages.success(request, done)
    return redirect("supervision:case", review_pk)


@login_required
def complaints(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_org_staff", False):
        raise PermissionDenied("職員のみが利用できます。")
    org = request.user.organization  # type: ignore[union-attr]
    may_record = request.user.has_perm("supervision.complaints")
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied("苦情の受付は提案窓口又は主管課が行います。")
        form = ComplaintForm(request.POST)
        if form.is_valid():
            try:
                services.receive_complaint(
                    org, services.ComplaintInput(**form.cleaned_data), actor=request.user, origin=Origin.of(request)
                )
            except SupervisionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "苦情を受け付けました。")
                return redirect("supervision:complaints")
    else:
        form = ComplaintForm(initial={"received_on": timezone.localdate()})
    items = Complaint.objects.filter(organization=org).select_related("recorded_by")
    answer_form = AnswerForm(initial={"handled_on": timezone.localdate(), "answered_on": timezone.localdate()})
    return render(
        request,
        "supervision/complaints.html",
        {"form": form, "items": items, "may_record": may_record, "answer_form": answer_form},
    )


@login_required
def complaint_answer(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = Complaint.objects.filter(pk=pk, organization_id=getattr(request.user, "organization_id", None)).first()
    if complaint is None or not getattr(request.user, "is_org_staff", False):
        raise Http404
    if not request.user.has_perm("supervision.complaints"):
        raise PermissionDenied("苦情への回答は提案窓口又は主管課が行います。")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_complaint(complaint, **form.cleaned_data, actor=request.user, origin=Origin.of(request))
        except SupervisionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "回答を記録しました。")
    else:
        messages.error(request, "入力を確認してください。")
    return redirect("supervision:complaints")

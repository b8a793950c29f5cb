"""Staff pages of the use contract: one page per approved case, with a form for each step the profile gives the
user (payment check, conclusion, outsourcing, 法122条, production, inspection, register, package, delivery)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from tokumei.law.contracts import (
    STAMP_DUTY_LEGAL_BASIS,
    STAMP_DUTY_REASON,
    ContractState,
    payment_label,
    payment_overdue,
)
from tokumei.law.intake import ProposalKind
from tokumei.law.review import CreationMode
from tokumei.law.transitions import ReviewState
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.core.form_messages import report_form_errors
from tokumei.web.register.exchange import desk_label
from tokumei.web.reviews.models import Review

from . import services
from .models import Contract, DeliveryRecord, Outsourcing, PaymentAttempt

DATE = forms.DateInput(attrs={"type": "date"})


class PaymentForm(forms.Form):
    received_on = forms.DateField(label="申込書等の到達日", widget=DATE)
    received_via = forms.ChoiceField(label="提出の方法", choices=PaymentAttempt._meta.get_field("received_via").choices)
    method = forms.ChoiceField(label="納付の方法")
    tendered_yen = forms.IntegerField(label="貼付・納付された手数料の額（円）", min_value=0, max_value=10**10)
    duty_affixed_yen = forms.IntegerField(
        label="契約書（行政機関等の控え）に貼付された収入印紙（円）", min_value=0, max_value=10**9
    )
    reference = forms.CharField(label="納付の番号等（納付書・電子納付の場合）", required=False, max_length=100)
    contract_copies = forms.IntegerField(label="受け取った契約書の通数", min_value=0, max_value=9, initial=2)

    def __init__(self, *args, contract: Contract, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        payment = contract.organization.profile.payment
        self.fields["method"].choices = [(m.value, payment_label(m, payment)) for m in payment.methods]


class DeadlineForm(forms.Form):
    new_deadline = forms.DateField(label="延長後の納付期限", widget=DATE)
    reason = forms.CharField(label="延長の理由", max_length=500)


class CloseForm(forms.Form):
    reason = forms.CharField(label="終了の理由", max_length=500)


class ConcludeForm(forms.Form):
    concluded_on = forms.DateField(label="締結日（記名した日）", widget=DATE)
    copy_returned_on = forms.DateField(label="契約書1通を返送した日", widget=DATE, required=False)


class OutsourcingForm(forms.Form):
    processor_name = forms.CharField(label="委託先", max_length=200)
    estimate_yen = forms.IntegerField(label="委託料（見積額、円）", min_value=0, required=False)
    conditional_on_use_contract = forms.BooleanField(label="利用契約の締結を停止条件とする", required=False)
    confidentiality = forms.BooleanField(label="秘密の保持を定めた", required=False)
    subcontracting_limited = forms.BooleanField(label="再委託を制限した", required=False)
    management_confirmed_in_writing = forms.BooleanField(label="委託先の管理体制と検査を書面で確認した", required=False)
    contracted_on = forms.DateField(label="委託契約の日", widget=DATE)


class InspectForm(forms.Form):
    decision = forms.ChoiceField(
        label="点検の結果",
        choices=[("approve", "適正に加工されている（承認）"), ("reject", "差し戻す")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="点検の所見", widget=forms.Textarea(attrs={"rows": 3}))
    proposal_office = forms.CharField(label="法118条の提案を受ける組織の名称及び所在地（法117条2号）", max_length=300)
    period_first_day = forms.DateField(label="提案をすることができる期間（初日）（法117条3号）", widget=DATE)
    period_last_day = forms.DateField(label="提案をすることができる期間（末日）", widget=DATE)


class RegisterForm(forms.Form):
    proposal_office = forms.CharField(label="法118条の提案を受ける組織の名称及び所在地", max_length=300)
    period_first_day = forms.DateField(label="提案をすることができる期間（初日）", widget=DATE)
    period_last_day = forms.DateField(label="提案をすることができる期間（末日）", widget=DATE)


class DeletionForm(forms.Form):
    confirmed_on = forms.DateField(label="消去を確認した日", widget=DATE)
    evidence = forms.ChoiceField(
        label="確認の方法", choices=Outsourcing.DeletionEvidence.choices, widget=forms.RadioSelect
    )
    items = forms.MultipleChoiceField(
        label="消去を確認したもの",
        choices=list(services.DELETION_ITEMS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class PackageForm(forms.Form):
    medium = forms.ChoiceField(label="媒体", choices=[("cd-r", "CD-R（700MB）"), ("dvd-r", "DVD-R（4.7GB）")])
    encoding = forms.ChoiceField(
        label="CSV の文字コード",
        choices=[("utf-8-sig", "UTF-8（BOM付き）"), ("cp932", "CP932（Shift_JIS）— 表せない文字の一覧を添付")],
    )
    password = forms.CharField(
        label="暗号化ZIPのパスワード（12文字以上）",
        min_length=12,
        max_length=128,
        help_text="保存されません。媒体とは別の方法（電話・別送）で提案者に伝えてください。",
    )


class ConsultForm(forms.Form):
    day = forms.DateField(label="提案窓口と協議した日", widget=DATE)


class DeliveryForm(forms.Form):
    package_id = forms.TypedChoiceField(label="提供する媒体", coerce=int)
    delivered_on = forms.DateField(label="提供日", widget=DATE)
    method = forms.ChoiceField(label="提供の方法", choices=DeliveryRecord.Method.choices)
    recipient = forms.CharField(label="受領者（氏名・所属）", max_length=200)
    attended_by = forms.CharField(label="立会者（主管課の職員等）", max_length=300, required=False)
    receipt_received = forms.BooleanField(label="受領書を受け取った", required=False)
    password_channel = forms.CharField(label="パスワードの伝達方法（媒体とは別）", max_length=200)

    def __init__(self, *args, packages, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["package_id"].choices = [
            (p.pk, f"{p.built_at:%Y-%m-%d %H:%M} {p.medium.upper()}（{len(p.volumes)}枚）") for p in packages
        ]


def _review(request: HttpRequest, review_pk: int) -> Review:
    review = Review.objects.select_related("organization", "proposal__file").filter(pk=review_pk).first()
    if review is None or review.organization_id != getattr(request.user, "organization_id", None):
        raise Http404
    if not request.user.has_perm("contracts.view_contract", review):
        raise Http404
    return review


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_org_staff", False):
        raise PermissionDenied("職員のみが利用できます。")
    org_id = request.user.organization_id  # type: ignore[union-attr]
    reviews = (
        Review.objects.filter(organization_id=org_id, state=ReviewState.APPROVAL_NOTIFIED)
        .select_related("proposal", "contract")
        .order_by("-notified_at")
    )
    today = timezone.localdate()
    rows = []
    for r in reviews:
        c = getattr(r, "contract", None)
        state = c.state_enum if c else ContractState.AWAITING_APPLICATION
        deadline = c.payment_deadline if c else r.payment_deadline
        overdue = state in (ContractState.AWAITING_APPLICATION, ContractState.RETURNED) and payment_overdue(
            deadline, today
        )
        rows.append({"review": r, "contract": c, "state": state, "deadline": deadline, "overdue": overdue})
    return render(request, "contracts/list.html", {"rows": rows})


def _context(request: HttpRequest, review: Review, contract: Contract) -> dict[str, object]:
    user = request.user
    run = services.delivery_run(contract)
    packages = list(run.packages.all()) if run else []
    ds = run.dataset if run else None
    today = timezone.localdate()
    default_period = (today, date(today.year + 1, today.month, min(today.day, 28)))
    office = desk_label(contract.organization)
    perms = {
        name: user.has_perm(f"contracts.{name}", contract)
        for name in ("payment", "conclude", "outsourcing", "acknowledge", "produce", "inspect", "register", "deliver")
    }
    overdue = contract.state in (ContractState.AWAITING_APPLICATION, ContractState.RETURNED) and payment_overdue(
        contract.payment_deadline, today
    )
    return {
        "review": review,
        "contract": contract,
        "proposal": review.proposal,
        "profile": contract.organization.profile,
        "perms": perms,
        "overdue": overdue,
        "outsourced": review.creation_mode == CreationMode.OUTSOURCED,
        "outsourcing": getattr(contract, "outsourcing", None),
        "acknowledged": services.acknowledged(contract, user),  # type: ignore[arg-type]
        "acknowledgements": contract.acknowledgements.select_related("user"),
        "run": run,
        "dataset": ds,
        "packages": packages,
        "letters": [(pk, services.delivery_letter(contract, pk)) for pk in packages],
        "deliveries": contract.deliveries.select_related("package"),
        "payments": contract.payments.select_related("checked_by"),
        "stamp_duty_reason": STAMP_DUTY_REASON,
        "stamp_duty_basis": STAMP_DUTY_LEGAL_BASIS,
        "is_new": contract.kind == ProposalKind.NEW,
        "is_change": contract.kind == ProposalKind.CHANGE,
        "forms": {
            "payment": PaymentForm(contract=contract, initial={"received_on": today, "contract_copies": 2}),
            "deadline": DeadlineForm(),
            "close": CloseForm(),
            "conclude": ConcludeForm(initial={"concluded_on": today, "copy_returned_on": today}),
            "outsourcing": OutsourcingForm(
                initial={
                    "processor_name": review.processor_name,
                    "estimate_yen": review.processor_quote_yen,
                    "contracted_on": today,
                }
            ),
            "inspect": InspectForm(
                initial={
                    "proposal_office": office,
                    "period_first_day": default_period[0],
                    "period_last_day": default_period[1],
                }
            ),
            "register": RegisterForm(
                initial={
                    "proposal_office": ds.proposal_office if ds else office,
                    "period_first_day": ds.proposal_period_first_day if ds else default_period[0],
                    "period_last_day": ds.proposal_period_last_day if ds else default_period[1],
                }
            ),
            "deletion": DeletionForm(initial={"confirmed_on": today}),
            "package": PackageForm(
                initial={"password": secrets.token_urlsafe(12), "medium": services.requested_medium(contract) or "cd-r"}
            ),
            "delivery": DeliveryForm(packages=packages, initial={"delivered_on": today}),
            "consult": ConsultForm(initial={"day": today}),
        },
    }


@login_required
def contract_detail(request: HttpRequest, review_pk: int) -> HttpResponse:
    review = _review(request, review_pk)
    contract = Contract.objects.filter(review=review).first()
    origin = Origin.of(request)
    if contract is None:
        if review.state != ReviewState.APPROVAL_NOTIFIED:
            raise Http404
        contract = services.open_contract(review, actor=request.user, origin=origin)  # type: ignore[arg-type]
    record_event(
        "contracts.viewed",
        actor=request.user,  # type: ignore[arg-type]
        origin=origin,
        organization=contract.organization,
        target=contract,
        summary=f"利用契約（{contract}）を閲覧しました。",
    )
    return render(request, "contracts/detail.html", _context(request, review, contract))


def _dates(form: forms.Form) -> tuple[date, date]:
    return form.cleaned_data["period_first_day"], form.cleaned_data["period_last_day"]


ACTIONS: dict[str, tuple[str, type[forms.Form] | None, Callable[..., object]]] = {
    "payment": (
        "payment",
        PaymentForm,
        lambda c, d, u, o: services.record_payment(
            c,
            services.PaymentInput(
                d["received_on"],
                d["received_via"],
                d["method"],
                d["tendered_yen"],
                d["duty_affixed_yen"],
                d["reference"],
                d["contract_copies"],
            ),
            actor=u,
            origin=o,
        ),
    ),
    "extend": (
        "payment",
        DeadlineForm,
        lambda c, d, u, o: services.extend_deadline(c, d["new_deadline"], d["reason"], actor=u, origin=o),
    ),
    "close": ("payment", CloseForm, lambda c, d, u, o: services.close_unpaid(c, d["reason"], actor=u, origin=o)),
    "conclude": (
        "conclude",
        ConcludeForm,
        lambda c, d, u, o: services.conclude(
            c, concluded_on=d["concluded_on"], copy_returned_on=d["copy_returned_on"], actor=u, origin=o
        ),
    ),
    "outsourcing": (
        "outsourcing",
        OutsourcingForm,
        lambda c, d, u, o: services.record_outsourcing(c, services.OutsourcingInput(**d), actor=u, origin=o),
    ),
    "acknowledge": ("acknowledge", None, lambda c, d, u, o: services.acknowledge_duty(c, actor=u, origin=o)),
    "produce": ("produce", None, lambda c, d, u, o: services.start_production(c, actor=u, origin=o)),
    "inspect": (
        "inspect",
        InspectForm,
        lambda c, d, u, o: services.inspect(
            c,
            approve=d["decision"] == "approve",
            note=d["note"],
            proposal_office=d["proposal_office"],
            period=(d["period_first_day"], d["period_last_day"]),
            actor=u,
            origin=o,
        ),
    ),
    "register": (
        "register",
        RegisterForm,
        lambda c, d, u, o: services.update_register(
            c,
            proposal_office=d["proposal_office"],
            period=(d["period_first_day"], d["period_last_day"]),
            actor=u,
            origin=o,
        ),
    ),
    "deletion": (
        "outsourcing",
        DeletionForm,
        lambda c, d, u, o: services.confirm_processor_deletion(
            c, confirmed_on=d["confirmed_on"], evidence=d["evidence"], items=list(d["items"]), actor=u, origin=o
        ),
    ),
    "package": (
        "deliver",
        PackageForm,
        lambda c, d, u, o: services.build_package(
            c, medium=d["medium"], password=d["password"], encoding=d["encoding"], actor=u, origin=o
        ),
    ),
    "consult": (
        "deliver",
        ConsultForm,
        lambda c, d, u, o: services.record_delivery_consultation(c, d["day"], actor=u, origin=o),
    ),
    "deliver": (
        "deliver",
        DeliveryForm,
        lambda c, d, u, o: services.record_delivery(c, services.DeliveryInput(**d), actor=u, origin=o),
    ),
}

DONE = {
    "payment": "申込書と納付を確認しました。",
    "extend": "納付期限を延長しました。",
    "close": "契約の手続を終了しました。",
    "conclude": "利用契約を締結しました。",
    "outsourcing": "委託契約を記録しました。",
    "acknowledge": "従事者の義務（法122条）の確認を記録しました。",
    "produce": "作成を依頼しました。進捗は作成の画面で確認できます。",
    "inspect": "点検の結果を記録しました。",
    "register": "個人情報ファイル簿の記載を更新しました。",
    "deletion": "委託先による消去の確認を記録しました。",
    "package": "提供用の媒体を作成しました。",
    "deliver": "提供を記録しました。",
    "consult": "提案窓口との協議を記録しました。",
}


@login_required
def contract_action(request: HttpRequest, review_pk: int, action: str) -> HttpResponse:
    """POST only; the permission is checked first, so a GET tells who may act (405) from who may not (403)."""
    if action not in ACTIONS:
        raise Http404
    review = _review(request, review_pk)
    contract = Contract.objects.filter(review=review).first()
    if contract is None:
        raise Http404
    perm, form_class, call = ACTIONS[action]
    if not request.user.has_perm(f"contracts.{perm}", contract):
        raise PermissionDenied("この操作を行う権限がありません（担当の課・役割を確認してください）。")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    data: dict[str, object] = {}
    if form_class is not None:
        kwargs: dict[str, object] = {}
        if form_class is PaymentForm:
            kwargs["contract"] = contract
        if form_class is DeliveryForm:
            run = services.delivery_run(contract)
            kwargs["packages"] = list(run.packages.all()) if run else []
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect("contracts:detail", review.pk)
        data = form.cleaned_data
    try:
        result = call(contract, data, request.user, Origin.of(request))
    except services.ContractRefused as exc:
        messages.error(request, str(exc))
        return redirect("contracts:detail", review.pk)
    if isinstance(result, PaymentAttempt) and result.outcome == PaymentAttempt.Outcome.RETURNED:
        for line in result.messages:
            messages.warning(request, line)
    else:
        messages.success(request, DONE[action])
    return redirect("contracts:detail", review.pk)

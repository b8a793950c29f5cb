"""Staff pages of the review workspace: the panels with the system's evidence, the assessment's progress, the
estimate and fee, the sign-off and the notice. Each POST view parses one form and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tokumei.law.review import Criterion, Finding, division_check_required
from tokumei.web.core.audit import Origin
from tokumei.web.proposals.models import Proposal

from . import queries, services
from .forms import (
    AnswerForm,
    ConsultationForm,
    EstimateForm,
    ExplanationForm,
    FeeCorrectionForm,
    NoticeForm,
    PanelForm,
    SignOffForm,
)
from .models import DecisionDocument, Review

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _review(request: HttpRequest, pk: int, perm: str | None = None) -> Review:
    review = (
        Review.objects.select_related("organization", "proposal__file", "proposal__dataset", "proposal__organization")
        .filter(pk=pk)
        .first()
    )
    if review is None or not request.user.has_perm("reviews.view_review", review):
        raise Http404
    if perm is not None and not request.user.has_perm(perm, review):
        raise PermissionDenied("この操作を行う権限がありません。")
    return review


def _act(
    request: HttpRequest,
    review: Review,
    form_class: type[forms.Form] | None,
    call: Callable[[Any], object],
    done: str,
) -> HttpResponse:
    """POST: validate the form, call the service once, report; GET: back to the workspace."""
    if request.method == "POST":
        form = form_class(request.POST) if form_class else None
        if form is not None and not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for e in errors:
                    messages.error(request, f"{label}: {e}" if label else e)
        else:
            try:
                call(form)
            except services.ReviewServiceRefused as exc:
                for m in exc.problems:
                    messages.error(request, m)
            else:
                messages.success(request, done)
    return redirect("reviews:detail", review.pk)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_org_staff:  # type: ignore[union-attr]
        raise PermissionDenied("職員として登録されていません。")
    user = request.user
    return render(
        request,
        "reviews/list.html",
        {
            "reviews": queries.reviews_of(user),  # type: ignore[arg-type]
            "awaiting": queries.awaiting_review(user),  # type: ignore[arg-type]
            "can_start": user.has_perm("reviews.start", user.organization),  # type: ignore[union-attr]
            "division_checks": division_check_required(user.organization.profile),  # type: ignore[union-attr]
        },
    )


@login_required
def review_start(request: HttpRequest, proposal_id: int) -> HttpResponse:
    p = Proposal.objects.select_related("organization").filter(pk=proposal_id).first()
    if p is None or not request.user.has_perm("proposals.view_case", p):
        raise Http404
    if not request.user.has_perm("reviews.start", p):
        raise PermissionDenied("審査を始められるのは主管課の担当者です。")
    if request.method != "POST":
        return redirect("reviews:list")
    try:
        review = services.start_review(p, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
    except services.ReviewServiceRefused as exc:
        for m in exc.problems:
            messages.error(request, m)
        return redirect("reviews:list")
    messages.success(request, "審査を始めました。")
    return redirect("reviews:detail", review.pk)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    user = request.user
    context = {
        "review": review,
        "p": review.proposal,
        "panels": queries.panel_views(review),
        "explanations": review.explanations.all(),
        "documents": review.documents.all(),
        "corrections": review.fee_corrections.all(),
        "open_problems": services.open_problems(review) if review.state == "in_review" else [],
        "needs_prior": review.organization.profile.procedure.review_requires_prior_consultation,
        "desk": review.organization.profile.reception_desk,
        "rule62": sorted((review.assessment_report or {}).get("rule62", {}).items()),
        "can_work": user.has_perm("reviews.work", review),
        "can_estimate": user.has_perm("reviews.estimate", review),
        "can_sign_off": user.has_perm("reviews.sign_off", review),
        "can_notify": user.has_perm("reviews.notify", review),
        "panel_form": PanelForm(),
        "explanation_form": ExplanationForm(),
        "answer_form": AnswerForm(),
        "consultation_form": ConsultationForm(),
        "estimate_form": EstimateForm(initial=EstimateForm.initial_of(review)),
        "sign_off_form": SignOffForm(),
        "notice_form": NoticeForm(),
        "fee_correction_form": FeeCorrectionForm(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "reviews/_assessment.html", context)
    return render(request, "reviews/detail.html", context)


@login_required
def review_panel(request: HttpRequest, pk: int, criterion: str) -> HttpResponse:
    review = _review(request, pk, "reviews.work")
    if criterion not in Criterion._value2member_map_:
        raise Http404

    def call(form: Any) -> object:
        value = form.cleaned_data["finding"]
        return services.record_finding(
            review,
            Criterion(criterion),
            Finding(value) if value else None,
            form.cleaned_data["reasoning"],
            actor=request.user,  # type: ignore[arg-type]
            origin=Origin.of(request),
        )

    return _act(request, review, PanelForm, call, f"{Criterion(criterion).mark}の判断を記録しました。")


@login_required
def review_explanation(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.work")

    def call(form: Any) -> object:
        return services.request_explanation(
            review,
            form.criterion_value(),
            form.cleaned_data["request_text"],
            form.cleaned_data["deadline"],
            actor=request.user,  # type: ignore[arg-type]
            origin=Origin.of(request),
        )

    return _act(request, review, ExplanationForm, call, "説明・訂正を求めました。")


@login_required
def review_answer(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    review = _review(request, pk, "reviews.work")
    req = review.explanations.filter(pk=request_id).first()
    if req is None:
        raise Http404

    def call(form: Any) -> object:
        return services.record_explanation_answer(
            req,
            form.cleaned_data["answer"],
            actor=request.user,  # type: ignore[arg-type]
            origin=Origin.of(request),
        )

    return _act(request, review, AnswerForm, call, "回答を記録しました。審査を続けてください。")


@login_required
def review_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.work")

    def call(form: Any) -> object:
        return services.record_prior_consultation(
            review,
            form.cleaned_data["day"],
            form.cleaned_data["note"],
            actor=request.user,  # type: ignore[arg-type]
            origin=Origin.of(request),
        )

    return _act(request, review, ConsultationForm, call, "事前協議を記録しました。")


@login_required
def review_assess(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.work")

    def call(form: Any) -> object:
        return services.request_assessment(review, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]

    return _act(request, review, None, call, "加工の方法の評価を始めました。進捗はこの画面に表示されます。")


@login_required
def review_estimate(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.estimate")

    def call(form: Any) -> object:
        return services.save_estimate(review, form.to_input(), actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]

    return _act(request, review, EstimateForm, call, "作成の計画と手数料の見積りを記録しました。")


@login_required
def review_submit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.work")

    def call(form: Any) -> object:
        return services.submit_for_sign_off(review, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]

    return _act(request, review, None, call, "決裁に回しました。")


@login_required
def review_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.sign_off")

    def call(form: Any) -> object:
        return services.sign_off(
            review,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
            actor=request.user,  # type: ignore[arg-type]
            origin=Origin.of(request),
        )

    return _act(request, review, SignOffForm, call, "決裁の結果を記録しました。")


@login_required
def review_notify(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.notify")

    def call(form: Any) -> object:
        return services.issue_notice(review, form.to_input(), actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]

    return _act(request, review, NoticeForm, call, "審査結果を通知しました。提案者のポータルにも表示されます。")


@login_required
def review_fee_correction(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.correct_fee")

    def call(form: Any) -> object:
        return services.correct_fee(
            review,
            form.cleaned_data["corrected_yen"],
            form.cleaned_data["reason"],
            actor=request.user,  # type: ignore[arg-type]
            origin=Origin.of(request),
        )

    return _act(request, review, FeeCorrectionForm, call, "手数料の額を訂正しました。")


def document_response(request: HttpRequest, document: DecisionDocument, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    services.record_document_download(document, fmt, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
    data = document.pdf_content() if fmt == "pdf" else document.docx_content()
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"{document.review.proposal.reference}-{document.position + 1}-{document.kind}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def review_document(request: HttpRequest, pk: int, document_id: int, fmt: str) -> HttpResponse:
    review = _review(request, pk)
    document = review.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document_response(request, document, fmt)

"""Disposal list and its two actions; the annual statistics page, CSV and chart. Views parse input, call one
service or query, and render."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from tokumei.law.calendar import format_wareki_fiscal_year
from tokumei.law.retention import DisposalRefused, consent_requirement
from tokumei.law.statistics import FIGURE_ROWS, AnnualFigures
from tokumei.web.core.audit import Origin, record_event

from . import services
from .chart import bar_chart
from .forms import ConsentForm, ItemForm
from .queries import disposed, due_records
from .statistics import organization_statistics


def _require(request: HttpRequest, perm: str, message: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied(message)


@login_required
def disposal_list(request: HttpRequest) -> HttpResponse:
    _require(request, "retention.view_disposals", "関係書類の保存・廃棄は職員のみ閲覧できます。")
    org = request.user.organization  # type: ignore[union-attr]
    today = timezone.localdate()
    return render(
        request,
        "retention/disposals.html",
        {
            "organization": org,
            "today": today,
            "due": due_records(org, today),
            "disposed": disposed(org),
            "consent": consent_requirement(org.profile.kind),
            "retention": org.profile.retention,
            "retention_default": org.profile.retention_default,
            "profile": org.profile,
        },
    )


def _post_only(request: HttpRequest) -> HttpResponse | None:
    return HttpResponseNotAllowed(["POST"]) if request.method != "POST" else None


def _split(item: str) -> tuple[str, int]:
    source, _, pk = item.partition(":")
    return source, int(pk)


@login_required
def record_consent(request: HttpRequest) -> HttpResponse:
    _require(request, "retention.record_consent", "同意の記録は提案窓口又は主管課の職員が行います。")
    if (refusal := _post_only(request)) is not None:
        return refusal
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "同意の日と文書番号等を入力してください。")
        return redirect("retention:list")
    source, pk = _split(form.cleaned_data["item"])
    try:
        services.record_consent(
            request.user,
            source,
            pk,
            consented_on=form.cleaned_data["consented_on"],
            reference=form.cleaned_data["reference"],
            origin=Origin.of(request),
            today=timezone.localdate(),
        )
    except services.RecordNotFound as exc:
        raise Http404 from exc
    except DisposalRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "同意を記録しました。決裁者が廃棄を承認できます。")
    return redirect("retention:list")


@login_required
def dispose(request: HttpRequest) -> HttpResponse:
    _require(request, "retention.dispose", "関係書類の廃棄は決裁者が承認します。")
    if (refusal := _post_only(request)) is not None:
        return refusal
    form = ItemForm(request.POST)
    if not form.is_valid():
        raise Http404
    source, pk = _split(form.cleaned_data["item"])
    try:
        disposal = services.approve_disposal(
            request.user, source, pk, origin=Origin.of(request), today=timezone.localdate()
        )
    except services.RecordNotFound as exc:
        raise Http404 from exc
    except DisposalRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"「{disposal.title}」を廃棄しました。")
    return redirect("retention:list")


# --- statistics -------------------------------------------------------------------------------------------------


def _statistics(request: HttpRequest) -> tuple[Any, list[AnnualFigures]]:
    _require(request, "retention.view_statistics", "統計は職員のみ閲覧できます。")
    org = request.user.organization  # type: ignore[union-attr]
    return org, organization_statistics(org, timezone.localdate())


def _rows(figures: list[AnnualFigures]) -> list[tuple[str, str, list[int]]]:
    return [(code, label, [f.value(code) for f in figures]) for code, label in FIGURE_ROWS]


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    org, figures = _statistics(request)
    return render(
        request,
        "retention/statistics.html",
        {
            "organization": org,
            "years": [(f.fiscal_year, format_wareki_fiscal_year(f.fiscal_year)) for f in figures],
            "rows": _rows(figures),
            "chart": bar_chart(figures, title=f"{org.body_name} 年度別の件数"),
        },
    )


@login_required
def statistics_csv(request: HttpRequest) -> HttpResponse:
    org, figures = _statistics(request)
    record_event(
        "retention.statistics_exported",
        actor=request.user,  # type: ignore[arg-type]
        origin=Origin.of(request),
        summary=f"{org.body_name} の年度別の統計をCSV出力しました。",
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="statistics-{org.profile_id}-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["項目", *(f"{format_wareki_fiscal_year(f.fiscal_year)}（{f.fiscal_year}年度）" for f in figures)])
    for _code, label, values in _rows(figures):
        writer.writerow([label.strip("　"), *values])
    return response

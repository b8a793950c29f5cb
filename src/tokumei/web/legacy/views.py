"""Staff pages of the historic cases: the list, one case with its documents (PDF / DOCX), and the CSV import.

Only staff of a ``legacy_2017`` organization reach them; to anyone else the pages do not exist (404).
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from tokumei.law.legacy import COLUMNS, MAX_ROWS, LegacyImportRefused, legacy_fee
from tokumei.law.review import CRITERIA
from tokumei.web.core.audit import Origin

from . import queries, services
from .forms import CaseSearchForm, LegacyImportForm
from .models import HistoricCase


def _staff_of_legacy_organization(request: HttpRequest) -> None:
    if not request.user.is_org_staff:  # type: ignore[union-attr]
        raise PermissionDenied("職員として登録されていません。")
    if not request.user.has_perm("legacy.view_cases"):
        raise Http404


def _case(request: HttpRequest, pk: int) -> HistoricCase:
    """The case if the user may read it; 404 for another organization's case (nothing leaked)."""
    case = queries.case_of(pk)
    if case is None or not request.user.has_perm("legacy.view_case", case):
        raise Http404
    return case


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    _staff_of_legacy_organization(request)
    organization = request.user.organization  # type: ignore[union-attr]
    form = CaseSearchForm(request.GET or None)
    text = status = ""
    if form.is_valid():
        text, status = form.cleaned_data["q"].strip(), form.cleaned_data["status"]
    return render(
        request,
        "legacy/list.html",
        {
            "form": form,
            "cases": queries.cases_of(organization, text=text, status=status),
            "imports": queries.imports_of(organization)[:10],
            "can_import": request.user.has_perm("legacy.import_cases"),
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    facts = case.to_case()
    profile = case.organization.profile
    services.record_case_view(case, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
    return render(
        request,
        "legacy/detail.html",
        {
            "case": case,
            "facts": facts,
            "fee": legacy_fee(profile, facts),
            "failed": [(c.mark, CRITERIA[c].title, c.number) for c in facts.failed_criteria],
            "documents": services.documents_of(case),
        },
    )


@login_required
def case_document(request: HttpRequest, pk: int, code: str, fmt: str) -> HttpResponse:
    case = _case(request, pk)
    rendered = services.render_document(case, code, fmt, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
    if rendered is None:
        raise Http404
    response = HttpResponse(rendered.data, content_type=rendered.content_type)
    safe_name = re.sub(r"[^\w.\-]", "_", rendered.file_name)
    response["Content-Disposition"] = content_disposition_header(True, safe_name)
    return response


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    _staff_of_legacy_organization(request)
    if not request.user.has_perm("legacy.import_cases"):
        raise PermissionDenied("旧制度の案件を取り込めるのは、提案窓口又は主管課の担当者です。")
    organization = request.user.organization  # type: ignore[union-attr]
    form = LegacyImportForm(request.POST or None, request.FILES or None)
    problems = None
    checked = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        data = upload.read(services.MAX_BYTES + 1)
        today = timezone.localdate()
        try:
            if form.cleaned_data["check_only"]:
                checked = services.check_cases(organization, data, today=today)
            else:
                batch = services.import_cases(
                    organization,
                    data,
                    file_name=upload.name,
                    actor=request.user,  # type: ignore[arg-type]
                    origin=Origin.of(request),
                    today=today,
                )
                messages.success(request, f"旧制度の案件を{batch.case_count}件取り込みました（{batch.file_name}）。")
                return redirect("legacy:list")
        except LegacyImportRefused as exc:
            problems = exc.problems
    return render(
        request,
        "legacy/import.html",
        {
            "form": form,
            "problems": problems,
            "checked": checked,
            "columns": COLUMNS,
            "max_rows": MAX_ROWS,
            "max_mib": services.MAX_BYTES // 1024 // 1024,
        },
    )

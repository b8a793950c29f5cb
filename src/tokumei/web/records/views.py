"""The auditor's view of the audit log, and its CSV export (UTF-8 with BOM, so Excel opens it)."""

from __future__ import annotations

import csv
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tokumei.web.core.audit import Origin, record_event
from tokumei.web.core.audit_codes import AUDIT_ACTIONS

from .queries import audit_events_for


def _parse_day(raw: str | None, label: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(f"{label}「{raw}」は日付として読めません。YYYY-MM-DD の形式で入力してください。")
        return None


def _filters(request: HttpRequest) -> tuple[dict[str, object], list[str]]:
    errors: list[str] = []
    action = request.GET.get("action", "")
    if action and action not in AUDIT_ACTIONS:
        errors.append(f"操作「{action}」は選択肢にありません。")
        action = ""
    day_from = _parse_day(request.GET.get("from"), "開始日", errors)
    day_to = _parse_day(request.GET.get("to"), "終了日", errors)
    if day_from and day_to and day_from > day_to:
        errors.append("開始日は終了日以前の日付にしてください。")
        day_from = day_to = None
    return {"action": action, "day_from": day_from, "day_to": day_to}, errors


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("records.view_audit_log"):
        raise PermissionDenied("監査ログは監査担当のみ閲覧できます。")
    filters, errors = _filters(request)
    events = audit_events_for(request.user, **filters)  # type: ignore[arg-type]
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    record_event(
        "records.audit_viewed",
        actor=request.user,  # type: ignore[arg-type]
        origin=Origin.of(request),
        summary="監査ログを閲覧しました。",
        details={k: str(v) for k, v in filters.items() if v},
    )
    return render(
        request,
        "records/audit_log.html",
        {"page": page, "errors": errors, "filters": filters, "actions": sorted(AUDIT_ACTIONS.items())},
    )


@login_required
def audit_log_csv(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("records.export_audit_log"):
        raise PermissionDenied("監査ログは監査担当のみ出力できます。")
    filters, errors = _filters(request)
    if errors:
        return HttpResponse("\n".join(errors), status=400, content_type="text/plain; charset=utf-8")
    events = list(audit_events_for(request.user, **filters))  # type: ignore[arg-type]
    record_event(
        "records.audit_exported",
        actor=request.user,  # type: ignore[arg-type]
        origin=Origin.of(request),
        summary=f"監査ログをCSV出力しました（{len(events)}件）。",
        details={"rows": len(events), **{k: str(v) for k, v in filters.items() if v}},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["ID", "日時", "操作者", "操作コード", "操作", "対象の種類", "対象のID", "概要", "接続元", "画面"])
    for e in events:
        writer.writerow(
            [
                e.pk,
                timezone.localtime(e.occurred_at).isoformat(timespec="seconds"),
                e.actor_label,
                e.action,
                e.action_label,
                e.target_type,
                e.target_id,
                e.summary,
                e.ip_address or "",
                e.request_path,
            ]
        )
    return response

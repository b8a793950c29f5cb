"""The JSON API: the register and solicitations (public, read-only) and, for staff, the cases of their organization
with the same transitions as the UI (one service call each, no logic of its own; :mod:`.cases`), authenticated by
an API token (:mod:`.tokens`) or, for reads, the staff session. OpenAPI at /api/openapi.json, docs offline at
/api/docs (Swagger UI bundled in the django-ninja wheel)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import django_auth

from tokumei.law.register import DeterminationInput
from tokumei.web.core.audit import Origin
from tokumei.web.register import services as register_services
from tokumei.web.register.models import PersonalInformationFile
from tokumei.web.register.queries import RegisterFilter, public_files, staff_files
from tokumei.web.solicitations.models import Solicitation

from .auth import READ_AUTH, token_auth
from .cases import router as cases_router
from .errors import ApiError
from .schemas import (
    DeterminationIn,
    DeterminationOut,
    ErrorOut,
    FileOut,
    RefusalOut,
    SolicitationOut,
)

api = NinjaAPI(
    title="tokumei API",
    version="1",
    description="行政機関等匿名加工情報の手続のAPI（個人情報ファイル簿・提案の募集・案件）。 "
    "Errors: {code, message (Japanese), message_en}.",
    urls_namespace="api",
)

MESSAGES = {
    404: ("not_found", "見つかりません。", "Not found."),
    403: ("forbidden", "この操作を行う権限がありません。", "You may not do this."),
    401: (
        "unauthorized",
        "ログイン又は有効なAPIトークンが必要です。",
        "Authentication required (a valid API token or a staff session).",
    ),
    422: ("invalid_input", "入力内容に誤りがあります。", "The input is invalid."),
}


def _error(request: HttpRequest, status: int, detail: Any = None) -> HttpResponse:
    code, ja, en = MESSAGES.get(status, ("error", "処理できませんでした。", "The request could not be processed."))
    body: dict[str, Any] = {"code": code, "message": ja, "message_en": en}
    if detail is not None:
        body["detail"] = detail
    return api.create_response(request, body, status=status)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return api.create_response(request, exc.body(), status=exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, exc.errors)


def _org(o: Any) -> dict[str, str]:
    return {"id": o.profile_id, "name": o.name, "body_name": o.body_name}


def _file(f: PersonalInformationFile) -> dict[str, Any]:
    return {
        "id": f.pk,
        "organization": _org(f.organization),
        "register_number": f.register_number,
        "name": f.name,
        "division": f.division.name,
        "purpose": f.purpose,
        "subjects_scope": f.subjects_scope,
        "collection_method": f.collection_method,
        "contains_sensitive": f.contains_sensitive,
        "file_type": f.file_type,
        "is_proposal_target": f.is_proposal_target,
        "subject_count": f.subject_count,
        "record_items": [
            {"name": r.name, "offered_levels": r.offered_levels if r.is_offered else [], "withheld": r.withheld}
            for r in f.record_items.all()
        ],
        "datasets": list(
            f.datasets.values(
                "title",
                "subject_count",
                "information_items",
                "proposal_office",
                "proposal_period_first_day",
                "proposal_period_last_day",
            )
        ),
    }


def _solicitation(s: Solicitation) -> dict[str, Any]:
    return {
        "id": s.pk,
        "organization": _org(s.organization),
        "title": s.title,
        "fiscal_year": s.fiscal_year,
        "first_day": s.first_day,
        "last_day": s.last_day,
        "closing_time": s.closing_time,
        "notice_date": s.notice_date,
        "state": s.state,
        "period": s.period.describe(),
        "target_file_ids": [t.file_id for t in s.targets.all()],
    }


class RegisterQuery(Schema):
    q: str = ""
    organization: str = ""
    targets_only: bool = False
    with_datasets: bool = False


@api.get("/register/files", response=list[FileOut], tags=["register"], summary="個人情報ファイル簿（公開）")
def list_files(request: HttpRequest, filters: Query[RegisterQuery]) -> list[dict[str, Any]]:
    flt = RegisterFilter(filters.q[:100], filters.organization[:64], filters.targets_only, filters.with_datasets)
    return [_file(f) for f in public_files(flt)[:500]]


@api.get("/register/files/{file_id}", response={200: FileOut, 404: ErrorOut}, tags=["register"])
def get_file(request: HttpRequest, file_id: int) -> Any:
    f = public_files(RegisterFilter()).filter(pk=file_id).first()
    if f is None:
        raise HttpError(404, "not found")
    return _file(f)


@api.get("/solicitations", response=list[SolicitationOut], tags=["solicitations"], summary="提案の募集（公開）")
def list_solicitations(request: HttpRequest) -> list[dict[str, Any]]:
    qs = Solicitation.objects.public().select_related("organization").prefetch_related("targets")
    return [_solicitation(s) for s in qs[:500]]


@api.get("/solicitations/{solicitation_id}", response={200: SolicitationOut, 404: ErrorOut}, tags=["solicitations"])
def get_solicitation(request: HttpRequest, solicitation_id: int) -> Any:
    s = Solicitation.objects.public().select_related("organization").filter(pk=solicitation_id).first()
    if s is None:
        raise HttpError(404, "not found")
    return _solicitation(s)


@api.get(
    "/staff/register/files",
    response={200: list[FileOut], 401: ErrorOut, 403: ErrorOut},
    auth=READ_AUTH,
    tags=["staff"],
    summary="自機関の個人情報ファイル（職員）",
)
def staff_list_files(request: HttpRequest) -> Any:
    user = request.user
    if not getattr(user, "is_org_staff", False):
        raise HttpError(403, "forbidden")
    return [_file(f) for f in staff_files(user.organization)]  # type: ignore[union-attr]


@api.post(
    "/staff/register/files/{file_id}/determination",
    response={201: DeterminationOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: RefusalOut},
    auth=[token_auth, django_auth],  # the session (with its CSRF token) as before, or an API token
    tags=["staff"],
    summary="提案募集の対象の判断を記録（法60条3項）",
)
def staff_determine(request: HttpRequest, file_id: int, payload: DeterminationIn) -> Any:
    f = PersonalInformationFile.objects.select_related("organization").filter(pk=file_id).first()
    if f is None or not request.user.has_perm("register.view_file", f):
        raise HttpError(404, "not found")
    if not request.user.has_perm("register.change_file", f):
        raise HttpError(403, "forbidden")
    try:
        d = register_services.determine_proposal_target(
            f,
            DeterminationInput(**payload.dict()),
            actor=request.user,
            origin=Origin.of(request),  # type: ignore[arg-type]
        )
    except register_services.RegisterRefusal as exc:
        return Status(
            409,
            {
                "code": "register.determination_refused",
                "message": str(exc),
                "message_en": "The determination was refused under Art. 60(3); see problems.",
                "problems": [{"field": p.field, "message": p.message} for p in exc.problems],
            },
        )
    return Status(201, {"file_id": f.pk, "version": d.version, "selected": d.selected, "decided_at": d.decided_at})


api.add_router("/staff", cases_router)

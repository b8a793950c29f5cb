"""Public pages of solicitations: the notices (公示) and the blank official forms, in HTML, DOCX and PDF."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from tokumei.documents import render_pdf
from tokumei.law.notices import (
    Document,
    NoticeRefused,
    NoticeTargetFile,
    SolicitationNoticeFacts,
    build_blank_form,
    build_blank_forms,
    build_solicitation_notice,
)
from tokumei.law.organization import DocumentKind
from tokumei.web.core.document_templates import render_organization_docx

from .models import Solicitation
from .queries import open_solicitations

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _public(pk: int) -> Solicitation:
    s = Solicitation.objects.public().select_related("organization").filter(pk=pk).first()
    if s is None:
        raise Http404
    return s


def notice_document(s: Solicitation, request: HttpRequest) -> Document:
    files = tuple(
        NoticeTargetFile(
            name=t.file.name,
            summary=t.file.purpose,
            register_location=request.build_absolute_uri(reverse("register:detail", args=[t.file.pk])),
            owning_division=t.file.division.name,
        )
        for t in s.targets.select_related("file__division").order_by("file__name")
    )
    facts = SolicitationNoticeFacts(
        period=s.period,
        notice_date=s.notice_date or s.first_day,
        target_files=files,
        number=s.notice_number or None,
        register_page=request.build_absolute_uri(reverse("register:list")),
        forms_download=request.build_absolute_uri(reverse("portal_solicitations:detail", args=[s.pk])),
    )
    return build_solicitation_notice(s.organization.profile, facts)


def solicitation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    open_now = list(open_solicitations(today))
    others = Solicitation.objects.public().select_related("organization").exclude(pk__in=[s.pk for s in open_now])
    return render(request, "solicitations/public_list.html", {"open_now": open_now, "others": others[:50]})


def solicitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = _public(pk)
    forms = [
        {"kind": d.kind.value, "title": d.title, "designation": d.designation}
        for d in build_blank_forms(s.organization.profile)
    ]
    today = timezone.localdate()
    try:
        doc = notice_document(s, request)
    except NoticeRefused:
        doc = None  # a historical record of the abolished 2017 regime: shown as facts, no generated notice
    return render(
        request,
        "solicitations/public_detail.html",
        {
            "s": s,
            "doc": doc,
            "forms": forms,
            "is_open": s.state == "published" and s.first_day <= today <= s.last_day,
        },
    )


def _file_response(document: Document, fmt: str, stem: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    data = render_pdf(document) if fmt == "pdf" else render_organization_docx(document)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def notice_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    s = _public(pk)
    try:
        document = notice_document(s, request)
    except NoticeRefused:
        raise Http404 from None
    return _file_response(document, fmt, f"notice-{s.organization.profile_id}-{s.pk}")


def blank_form(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    s = _public(pk)
    try:
        document_kind = DocumentKind(kind)
        document = build_blank_form(s.organization.profile, document_kind)
    except ValueError:
        raise Http404 from None
    return _file_response(document, fmt, f"form-{s.organization.profile_id}-{kind}")

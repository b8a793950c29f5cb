"""The public register on the portal (no login): search, a page per file, exports (法110条・117条・127条)."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from tokumei.web.accounts.models import Organization

from .exchange import desk_label, export_csv, export_json
from .forms import RegisterSearchForm
from .levels import GENERALIZER_LABELS, level_label
from .models import PersonalInformationFile
from .queries import RegisterFilter, public_files


def _filter(request: HttpRequest) -> tuple[RegisterSearchForm, RegisterFilter]:
    orgs = [(o.profile_id, o.body_name) for o in Organization.objects.all()]
    form = RegisterSearchForm(request.GET or None, organizations=orgs)
    if form.is_valid():
        d = form.cleaned_data
        return form, RegisterFilter(d["q"], d["organization"], d["targets_only"], d["with_datasets"])
    return form, RegisterFilter()


def register_list(request: HttpRequest) -> HttpResponse:
    form, flt = _filter(request)
    # the list shows no record items or datasets (only their count): skip the exports' prefetches
    page = Paginator(public_files(flt).prefetch_related(None), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "register/public_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "invalid": bool(request.GET) and not form.is_valid()},
    )


def file_detail(request: HttpRequest, file_id: int) -> HttpResponse:
    file = (
        PersonalInformationFile.objects.published()
        .select_related("organization", "division")
        .filter(pk=file_id)
        .first()
    )
    if file is None:
        raise Http404
    items = [
        {
            "item": item,
            "generalizer_label": GENERALIZER_LABELS.get(item.generalizer, ""),
            "levels": [level_label(item.generalizer, lv) for lv in item.offered_levels] if item.is_offered else [],
        }
        for item in file.record_items.order_by("position")
    ]
    return render(
        request,
        "register/public_detail.html",
        {
            "file": file,
            "items": items,
            "datasets": file.datasets.all(),
            "proposal_office": desk_label(file.organization),
            "profile": file.organization.profile,
        },
    )


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    _, flt = _filter(request)
    files = list(public_files(flt))
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "json":
        response = JsonResponse(
            {"exported_on": timezone.localdate().isoformat(), "files": export_json(files)},
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
        response["Content-Disposition"] = f'attachment; filename="register-{stamp}.json"'
        return response
    encoding = request.GET.get("encoding", "utf-8")
    if encoding not in ("utf-8", "cp932"):
        return HttpResponse(
            "文字コードは utf-8 又は cp932 を指定してください。", status=400, content_type="text/plain; charset=utf-8"
        )
    data, lost = export_csv(files, encoding)
    response = HttpResponse(data, content_type=f"text/csv; charset={'shift_jis' if encoding == 'cp932' else 'utf-8'}")
    response["Content-Disposition"] = f'attachment; filename="register-{stamp}-{encoding}.csv"'
    if lost:
        response["X-Tokumei-Unencodable"] = json.dumps(lost, ensure_ascii=True)
    return response

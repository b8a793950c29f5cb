"""Staff home and organization pages. Views parse input, call one service or query, and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tokumei.web.core.audit import Origin, record_event

from .deadlines import home_deadlines
from .models import Organization
from .roles import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The staff home page: the user's organization, departments and roles. Proposers go to the portal."""
    user = request.user
    if user.has_role(Role.PROPOSER) and not user.is_org_staff:  # type: ignore[union-attr]
        return redirect("portal:home")
    if not user.is_org_staff:  # type: ignore[union-attr]
        raise PermissionDenied("職員として登録されていません。")
    org = user.organization  # type: ignore[union-attr]
    from tokumei.web.production.models import ProductionRun

    awaiting = ProductionRun.objects.filter(file__organization=org, state=ProductionRun.State.SUCCEEDED)

    return render(
        request,
        "accounts/home.html",
        {
            "organization": org,
            "profile": org.profile,
            "departments": org.departments.all(),
            **home_deadlines(org, timezone.localdate()),
            "awaiting_inspection": [
                r for r in awaiting.select_related("file") if user.has_perm("production.inspect", r)
            ],
        },
    )


@login_required
def organization_detail(request: HttpRequest, profile_id: str) -> HttpResponse:
    """An organization's page: staff of that organization only; anyone else gets 404 (nothing leaked)."""
    org = Organization.objects.filter(profile_id=profile_id).first()
    if org is None or not request.user.has_perm("accounts.view_organization", org):
        raise Http404
    record_event(
        "accounts.organization_viewed",
        actor=request.user,  # type: ignore[arg-type]
        origin=Origin.of(request),
        organization=org,
        target=org,
        summary=f"機関情報「{org.body_name}」を閲覧しました。",
    )
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": org,
            "profile": org.profile,
            "departments": org.departments.all(),
            "staff": org.users.order_by("username").prefetch_related("groups"),
        },
    )

"""The staff page 「APIトークン」: a staff member lists, issues and revokes their own API tokens.

A new token is shown once, in the response to the POST that issued it (never put in the session or in a message,
and the page is not cached); afterwards only its identifier is shown. Each issue and revocation is audited.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from tokumei.web.core.audit import Origin

from . import tokens
from .models import ApiToken


class IssueForm(forms.Form):
    name = forms.CharField(label="用途（接続するシステムの名称など）", max_length=100)
    days = forms.IntegerField(
        label="有効期間（日）", min_value=1, max_value=tokens.MAX_DAYS, initial=tokens.DEFAULT_DAYS
    )


def _staff(request: HttpRequest) -> None:
    if not getattr(request.user, "is_org_staff", False):
        raise PermissionDenied("職員として登録されていません。")


def _page(request: HttpRequest, form: IssueForm, issued: tokens.IssuedToken | None = None) -> HttpResponse:
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user),
            "form": form,
            "issued": issued,
            "max_days": tokens.MAX_DAYS,
        },
    )


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = tokens.issue_token(
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                actor=request.user,  # type: ignore[arg-type]
                origin=Origin.of(request),
            )
        except tokens.ApiTokenRefused as exc:
            form.add_error(None, str(exc))
        else:
            return _page(request, IssueForm(), issued)
    return _page(request, form)


@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """POST only; the staff check comes first, so a GET tells staff (405) from others (403)."""
    _staff(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404
    try:
        tokens.revoke_token(token, actor=request.user, origin=Origin.of(request))  # type: ignore[arg-type]
    except tokens.ApiTokenRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"APIトークン {token.key_id} を失効させました。")
    return redirect("api_tokens:list")

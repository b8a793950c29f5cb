"""Optional TOTP two-factor login for staff (issue 12 §6), on django-otp.

A staff member may register one authenticator app (TOTP, RFC 6238) on 「二要素認証」. From then on the password
alone is not enough: after it, :class:`RequireSecondFactorMiddleware` sends every request to the code page until a
current code from the device is entered (``django_otp.login`` marks the session verified). ``STAFF_REQUIRE_2FA=1``
makes the device compulsory for every staff member. Wrong codes are audited (``auth.otp_failed``) and count
towards the same lockout as wrong passwords; django-otp's own throttling slows guessing further. Proposers
(portal users) are not affected.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tokumei.web.core.audit import Origin, record_event

from .lockout import recent_failures

DEVICE_NAME = "認証アプリ"
# Paths a half-logged-in user (password given, code not yet) may still reach; the set-up page only while
# STAFF_REQUIRE_2FA makes them enrol.
_OPEN_PREFIXES = ("/static/", "/staff/login/", "/staff/logout/", "/staff/two-factor/verify/")
_ENROL_PATH = "/staff/two-factor/"


def confirmed_device(user: Any) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False) or not user.pk:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()  # type: ignore[no-any-return]


def _needs_code(user: Any) -> bool:
    return bool(getattr(user, "is_org_staff", False)) and confirmed_device(user) is not None


def _must_enrol(user: Any) -> bool:
    return bool(getattr(user, "is_org_staff", False)) and settings.STAFF_REQUIRE_2FA and confirmed_device(user) is None


class RequireSecondFactorMiddleware:
    """Password-only sessions of staff with a device reach only the code page (and logout)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            verified = bool(getattr(user, "is_verified", lambda: False)())
            needs_code = not verified and _needs_code(user)
            must_enrol = not verified and not needs_code and _must_enrol(user) and request.path != _ENROL_PATH
            if needs_code or must_enrol:
                target = "accounts:otp_verify" if needs_code else "accounts:two_factor"
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {
                            "code": "auth.second_factor_required",
                            "message": "ワンタイムパスワードを入力してからご利用ください。",
                            "message_en": "Enter your one-time password first.",
                        },
                        status=401,
                    )
                return HttpResponseRedirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)


class CodeForm(forms.Form):
    token = forms.CharField(
        label="確認コード（6桁）",
        min_length=6,
        max_length=6,
        strip=True,
        error_messages={
            "required": "認証アプリに表示された6桁の確認コードを入力してください。",
            "min_length": "確認コードは6桁の数字です。",
            "max_length": "確認コードは6桁の数字です。",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"]
        if not token.isdigit():
            raise forms.ValidationError("確認コードは6桁の数字です。")
        return token


def _safe_next(request: HttpRequest) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return reverse(settings.LOGIN_REDIRECT_URL)


def _check(device: TOTPDevice, token: str) -> tuple[bool, str]:
    """Verify ``token`` on ``device`` honouring django-otp's throttle; (ok, Japanese message when not)."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return False, "確認コードの誤りが続いたため、しばらく受け付けません。少し待ってから、もう一度入力してください。"
    if device.verify_token(token):
        return True, ""
    return False, "確認コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。"


def _failed(request: HttpRequest, user: Any) -> None:
    record_event(
        "auth.otp_failed",
        actor=user,
        origin=Origin.of(request),
        summary="ワンタイムパスワードが正しくありませんでした。",
        details={"username": user.get_username()},
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login: the code from the staff member's authenticator app."""
    user = request.user
    device = confirmed_device(user)
    if device is None:
        return redirect(_safe_next(request))
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        ip = request.META.get("REMOTE_ADDR")
        if recent_failures(user.get_username(), ip) >= settings.LOGIN_MAX_FAILURES:
            error = (
                "ログインの失敗が続いたため、一時的にログインできません。"
                f"{settings.LOGIN_LOCKOUT_MINUTES}分ほど待ってから、もう一度お試しください。"
            )
        else:
            ok, error = _check(device, form.cleaned_data["token"])
            if ok:
                otp_login(request, device)
                record_event(
                    "auth.otp_verified", actor=user, origin=Origin.of(request), summary="二要素認証を確認しました。"
                )
                return redirect(_safe_next(request))
            _failed(request, user)
    return render(
        request, "accounts/otp_verify.html", {"form": form, "error": error, "next": _safe_next(request)}, status=200
    )


def _qr_data_uri(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """「二要素認証」: set up, confirm or remove the staff member's authenticator app."""
    user = request.user
    if not getattr(user, "is_org_staff", False):
        return redirect("portal:home")
    origin = Origin.of(request)
    confirmed = confirmed_device(user)
    pending = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    form = CodeForm(request.POST or None)
    error = ""
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "start" and confirmed is None:
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            pending = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
            record_event("auth.otp_device_started", actor=user, origin=origin, summary="二要素認証の設定を始めました。")
        form = CodeForm()
    elif request.method == "POST" and action == "confirm" and pending is not None and form.is_valid():
        ok, error = _check(pending, form.cleaned_data["token"])
        if ok:
            with transaction.atomic():
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                record_event(
                    "auth.otp_device_confirmed",
                    actor=user,
                    origin=origin,
                    summary="二要素認証（認証アプリ）を設定しました。",
                )
            otp_login(request, pending)
            return redirect(_safe_next(request) if request.POST.get("next") else reverse("accounts:two_factor"))
        _failed(request, user)
    elif request.method == "POST" and action == "remove" and confirmed is not None and form.is_valid():
        if settings.STAFF_REQUIRE_2FA:
            error = "この組織では二要素認証が必須のため、解除できません。"
        else:
            ok, error = _check(confirmed, form.cleaned_data["token"])
            if ok:
                with transaction.atomic():
                    confirmed.delete()
                    record_event(
                        "auth.otp_device_removed", actor=user, origin=origin, summary="二要素認証を解除しました。"
                    )
                return redirect("accounts:two_factor")
            _failed(request, user)
    confirmed = confirmed_device(user)
    pending = None if confirmed else TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return render(
        request,
        "accounts/two_factor.html",
        {
            "confirmed": confirmed,
            "pending": pending,
            "qr": _qr_data_uri(pending) if pending else "",
            "secret": _secret(pending) if pending else "",
            "form": form,
            "error": error,
            "required": settings.STAFF_REQUIRE_2FA,
            "next": request.GET.get("next", ""),
        },
    )


def reset_for(user: Any, *, origin: Origin) -> int:
    """An administrator removes a staff member's devices (a lost phone); returns how many were removed."""
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        if count:
            record_event(
                "auth.otp_device_removed",
                actor=None,
                origin=origin,
                organization=getattr(user, "organization", None),
                target=user,
                summary=f"管理者が利用者「{user.get_username()}」の二要素認証を解除しました。",
            )
    return int(count)

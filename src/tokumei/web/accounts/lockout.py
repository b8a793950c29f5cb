"""Login throttling from the audit log itself: failed logins are already recorded (auth.login_failed), so a user
name or a client address with too many recent failures is refused for a while — no extra table, and the
evidence of an attack stays in the append-only log."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils import timezone

from tokumei.web.core.models import AuditEvent

# Wrong passwords and wrong one-time codes (two-factor login) count towards the same lockout.
FAILURE_ACTIONS = ("auth.login_failed", "auth.otp_failed")


def recent_failures(username: str, ip_address: str | None) -> int:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    match = Q(details__username=username)
    if ip_address:
        match |= Q(ip_address=ip_address)
    failures = AuditEvent.objects.filter(action__in=FAILURE_ACTIONS, occurred_at__gte=since)
    return failures.filter(match).count()


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "利用者名またはパスワードが正しくありません。",
        "locked": (
            "ログインの失敗が続いたため、一時的にログインできません。{minutes}分ほど待ってから、もう一度お試しください。"
        ),
    }

    def clean(self) -> dict[str, object]:
        username = (self.data.get("username") or "")[:150]
        ip = self.request.META.get("REMOTE_ADDR") if self.request is not None else None
        if recent_failures(username, ip) >= settings.LOGIN_MAX_FAILURES:
            raise forms.ValidationError(
                self.error_messages["locked"].format(minutes=settings.LOGIN_LOCKOUT_MINUTES), code="locked"
            )
        return super().clean()

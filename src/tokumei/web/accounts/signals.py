"""Logins, failed logins and logouts go to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tokumei.web.core.audit import Origin, record_event


def _origin(request: Any) -> Origin:
    return Origin.of(request) if request is not None else Origin.command("auth")


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event("auth.login", actor=user, origin=_origin(request), summary="ログインしました。")


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event("auth.logout", actor=user, origin=_origin(request), summary="ログアウトしました。")


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    record_event(
        "auth.login_failed",
        actor=None,
        origin=_origin(request),
        summary=f"ログインに失敗しました（利用者名: {username}）。",
        details={"username": username},
    )

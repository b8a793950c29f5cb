"""Issuing, revoking and checking API tokens (one transaction and one audit event per write).

A token is ``tkm_``, an identifier of 8 letters and digits (``key_id``: shown in lists, used to revoke it), and 43
random URL-safe characters (256 bits from :mod:`secrets`). Only the
SHA-256 of the whole token is stored, so a copy of the database does not give anyone a usable token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tokumei.web.accounts.models import User
from tokumei.web.core.audit import Origin, record_event

from .models import ApiToken

PREFIX = "tkm_"
MAX_DAYS = 366
DEFAULT_DAYS = 90
_KEY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


class ApiTokenRefused(ValueError):
    """A token that cannot be issued or revoked; the message is a Japanese sentence saying what to do."""

    code = "api.token_refused"


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str
    """The token itself: shown once, never stored."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def issue_token(user: User, name: str, *, days: int = DEFAULT_DAYS, actor: User | None, origin: Origin) -> IssuedToken:
    """A new token for a staff user, valid for ``days`` days (1 to 366)."""
    if not user.is_active or not user.is_org_staff:
        msg = f"「{user.username}」は機関の職員ではない（又は無効な）利用者のため、APIトークンを発行できません。"
        raise ApiTokenRefused(msg)
    if not name.strip():
        raise ApiTokenRefused("用途（接続するシステムの名称など）を入力してください。")
    if not 1 <= days <= MAX_DAYS:
        msg = f"有効期間は1日から{MAX_DAYS}日までの日数で指定してください（指定: {days}日）。"
        raise ApiTokenRefused(msg)
    while True:
        key_id = "".join(secrets.choice(_KEY_ALPHABET) for _ in range(8))
        if not ApiToken.objects.filter(key_id=key_id).exists():
            break
    secret = PREFIX + key_id + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        key_id=key_id,
        token_sha256=digest(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    record_event(
        "api.token_issued",
        actor=actor,
        origin=origin,
        organization=user.organization,
        target=token,
        summary=f"{user.username} のAPIトークン {key_id}（{token.name}）を発行しました"
        f"（有効期限 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}）。",
        details={"user": user.username, "key_id": key_id, "days": days},
    )
    return IssuedToken(token, secret)


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: User | None, origin: Origin) -> ApiToken:
    """Revoke a token at once; it answers 401 from the next request on."""
    t = ApiToken.objects.select_for_update(of=("self",)).select_related("user__organization").get(pk=token.pk)
    if t.revoked_at is not None:
        msg = f"APIトークン {t.key_id} は既に失効しています。"
        raise ApiTokenRefused(msg)
    t.revoked_at = timezone.now()
    t.save(update_fields=["revoked_at"])
    record_event(
        "api.token_revoked",
        actor=actor,
        origin=origin,
        organization=t.user.organization,
        target=t,
        summary=f"{t.user.username} のAPIトークン {t.key_id}（{t.name}）を失効させました。",
        details={"user": t.user.username, "key_id": t.key_id},
    )
    return t


def user_for(secret: str) -> User | None:
    """The active user a presented token stands for, or None (unknown, revoked or expired token, inactive user).
    Records the time of use."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = ApiToken.objects.usable().select_related("user__organization").filter(token_sha256=digest(secret)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user

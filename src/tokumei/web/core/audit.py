"""Writing audit events. Call :func:`record_event` inside the transaction of the change it records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from .audit_codes import AUDIT_ACTIONS, UnknownAuditAction
from .models import AuditEvent

if TYPE_CHECKING:
    from tokumei.web.accounts.models import Organization, User


@dataclass(frozen=True)
class Origin:
    """Where an action came from: the client address, browser and path (or the command that ran it)."""

    ip_address: str | None = None
    user_agent: str = ""
    path: str = ""

    @classmethod
    def of(cls, request: HttpRequest) -> Origin:
        return cls(
            ip_address=request.META.get("REMOTE_ADDR") or None,
            user_agent=(request.META.get("HTTP_USER_AGENT") or "")[:300],
            path=request.path[:300],
        )

    @classmethod
    def command(cls, name: str) -> Origin:
        return cls(path=f"command:{name}"[:300])


def actor_label(user: User | None) -> str:
    if user is None:
        return "システム"
    name = getattr(user, "display_name", "") or user.get_username()
    return f"{name} ({user.get_username()})"


def record_event(
    action: str,
    *,
    actor: User | None,
    origin: Origin,
    summary: str,
    organization: Organization | None = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. Raises UnknownAuditAction for an undeclared code."""
    if action not in AUDIT_ACTIONS:
        raise UnknownAuditAction(action)
    if organization is None and actor is not None:
        organization = getattr(actor, "organization", None)
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label(actor),
        organization=organization,
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary[:500],
        details=details or {},
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
        request_path=origin.path,
    )

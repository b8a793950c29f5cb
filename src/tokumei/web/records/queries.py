"""Reads of the audit log: an auditor sees the events of their own organization only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from tokumei.web.core.models import AuditEvent

TOKYO = ZoneInfo("Asia/Tokyo")


def audit_events_for(
    user: Any, *, action: str = "", day_from: date | None = None, day_to: date | None = None
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.for_organization(user.organization_id).select_related("actor")
    if action:
        qs = qs.filter(action=action)
    if day_from is not None:
        qs = qs.filter(occurred_at__gte=datetime.combine(day_from, time.min, tzinfo=TOKYO))
    if day_to is not None:  # inclusive last day → half-open range
        qs = qs.filter(occurred_at__lt=datetime.combine(day_to + timedelta(days=1), time.min, tzinfo=TOKYO))
    return qs

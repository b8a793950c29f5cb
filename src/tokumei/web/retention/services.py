"""Writes: record the consent a national body's law requires, and dispose of an expired record (one transaction
each, with its audit event)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from tokumei.law.retention import (
    DisposalRefusalCode,
    DisposalRefused,
    check_disposal,
    consent_requirement,
    disposal_due,
)
from tokumei.web.core.audit import Origin, record_event

from .models import Disposal
from .queries import find_record


class RecordNotFound(LookupError):
    """No stored record of that source and id in the organization (the caller answers 404)."""


def _load(organization: Any, source_code: str, object_id: int) -> tuple[Any, Any]:
    found = find_record(organization, source_code, object_id)
    if found is None:
        raise RecordNotFound(f"{source_code}:{object_id}")
    return found


def record_consent(
    actor: Any,
    source_code: str,
    object_id: int,
    *,
    consented_on: date,
    reference: str,
    origin: Origin,
    today: date,
) -> Disposal:
    """Record the 内閣総理大臣's consent to dispose of one expired record (公文書等の管理に関する法律8条2項)."""
    org = actor.organization
    source, obj = _load(org, source_code, object_id)
    requirement = consent_requirement(org.profile.kind)
    if requirement is None:
        msg = "この機関の関係書類の廃棄には同意の記録は必要ありません。"
        raise DisposalRefused(DisposalRefusalCode.CONSENT_MISSING, msg)
    due = disposal_due(org.profile, source.series(obj), source.made_on(obj))
    check_disposal(due, today, kind=org.profile.kind, consent_recorded=True)  # only the period can refuse here
    with transaction.atomic():
        disposal, _ = Disposal.objects.select_for_update().get_or_create(
            source=source.code,
            object_id=obj.pk,
            defaults=_row(org, source, obj, due, Disposal.State.CONSENTED),
        )
        if disposal.state == Disposal.State.DISPOSED:
            raise DisposalRefused(DisposalRefusalCode.ALREADY_DISPOSED, "この記録は既に廃棄されています。")
        disposal.consented_on, disposal.consent_reference, disposal.consent_recorded_by = consented_on, reference, actor
        disposal.save(update_fields=["consented_on", "consent_reference", "consent_recorded_by"])
        record_event(
            "retention.consent_recorded",
            actor=actor,
            origin=origin,
            target=disposal,
            summary=f"「{disposal.title}」の廃棄について{requirement.authority}の同意（{reference}）を記録しました。",
            details={"source": source.code, "object_id": obj.pk, "consented_on": consented_on.isoformat()},
        )
    return disposal


def _row(org: Any, source: Any, obj: Any, due: Any, state: str) -> dict[str, Any]:
    return {
        "organization": org,
        "title": source.title(obj)[:300],
        "series": due.series.value,
        "binder_name": due.binder.binder_name,
        "made_on": due.made_on,
        "due_on": due.due_on,
        "computation": due.explanation,
        "state": state,
    }


def approve_disposal(actor: Any, source_code: str, object_id: int, *, origin: Origin, today: date) -> Disposal:
    """The approver disposes of one expired record: its stored file or bytes are cleared, the row stays, and a
    :class:`Disposal` and an audit event record what was removed (Fukuoka 第13; for national bodies only after
    the consent of 公文書等の管理に関する法律8条2項 is recorded)."""
    org = actor.organization
    source, obj = _load(org, source_code, object_id)
    due = disposal_due(org.profile, source.series(obj), source.made_on(obj))
    with transaction.atomic():
        disposal = Disposal.objects.select_for_update().filter(source=source.code, object_id=obj.pk).first()
        if disposal is not None and disposal.state == Disposal.State.DISPOSED:
            raise DisposalRefused(DisposalRefusalCode.ALREADY_DISPOSED, "この記録は既に廃棄されています。")
        consented = disposal is not None and disposal.consented_on is not None
        check_disposal(due, today, kind=org.profile.kind, consent_recorded=consented)
        if disposal is None:
            disposal = Disposal(
                source=source.code, object_id=obj.pk, **_row(org, source, obj, due, Disposal.State.DISPOSED)
            )
        removed = source.purge(obj)
        disposal.state = Disposal.State.DISPOSED
        disposal.disposed_by, disposal.disposed_at, disposal.removed = actor, timezone.now(), removed
        disposal.computation = due.explanation
        disposal.save()
        record_event(
            "retention.disposed",
            actor=actor,
            origin=origin,
            target=disposal,
            summary=f"保存期間の満了した「{disposal.title}」を廃棄しました（{due.series.label}、{due.binder.binder_name}）。",
            details={
                "source": source.code,
                "object_id": obj.pk,
                "series": due.series.value,
                "made_on": due.made_on.isoformat(),
                "due_on": due.due_on.isoformat(),
                "removed": removed,
                "consent_reference": disposal.consent_reference,
            },
        )
    return disposal

"""The audit log is append-only: through the ORM and through raw SQL, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tokumei.web.core.audit import Origin, record_event
from tokumei.web.core.audit_codes import UnknownAuditAction
from tokumei.web.core.models import AuditEvent, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> AuditEvent:
    return record_event("demo.loaded", actor=None, origin=Origin.command("test"), summary="元の記録")


def test_record_event_stores_who_what_when_where(personas, client) -> None:
    client.force_login(personas["kumamoto_desk"])
    e = AuditEvent.objects.filter(action="auth.login").latest("id")
    assert e.actor == personas["kumamoto_desk"]
    assert e.organization == personas["kumamoto_desk"].organization
    assert e.occurred_at is not None
    assert "kumamoto_desk" in e.actor_label


def test_unknown_action_is_refused() -> None:
    with pytest.raises(UnknownAuditAction, match="Allowed"):
        record_event("no.such.action", actor=None, origin=Origin(), summary="x")


def test_orm_cannot_change_an_event(event: AuditEvent) -> None:
    event.summary = "改ざん"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(summary="改ざん")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "元の記録"


def test_raw_sql_update_is_refused_by_the_database(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET summary = %s WHERE id = %s", ["改ざん", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).summary == "元の記録"


def test_raw_sql_delete_is_refused_by_the_database(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_bulk_update_through_queryset_is_refused(event: AuditEvent) -> None:
    event.summary = "改ざん"
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["summary"])

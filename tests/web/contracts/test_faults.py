"""Faults (issue 12 §4): a database error in the middle of a transition leaves the case as it was."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.utils import timezone

from tokumei.law.contracts import ContractState
from tokumei.web.contracts import services
from tokumei.web.contracts.models import PaymentAttempt
from tokumei.web.core.models import AuditEvent

from ..conftest import ORIGIN

pytestmark = pytest.mark.django_db


def test_database_error_mid_transition_leaves_the_contract_unchanged(fukuoka_approved, fukuoka, monkeypatch) -> None:
    desk = fukuoka["desk"]
    contract = services.open_contract(fukuoka_approved, actor=desk, origin=ORIGIN)
    events = AuditEvent.objects.count()

    def broken(*args, **kwargs):
        raise DatabaseError("disk I/O error (simulated)")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(DatabaseError):
        services.record_payment(
            contract,
            services.PaymentInput(timezone.localdate(), "desk", "prefectural_stamp", contract.fee_yen, 200),
            actor=desk,
            origin=ORIGIN,
        )
    contract.refresh_from_db()
    assert contract.state == ContractState.AWAITING_APPLICATION
    assert PaymentAttempt.objects.count() == 0
    assert AuditEvent.objects.count() == events
    monkeypatch.undo()
    # and the same submission goes through once the database is back
    services.record_payment(
        contract,
        services.PaymentInput(timezone.localdate(), "desk", "prefectural_stamp", contract.fee_yen, 200),
        actor=desk,
        origin=ORIGIN,
    )
    contract.refresh_from_db()
    assert contract.state == ContractState.PAID

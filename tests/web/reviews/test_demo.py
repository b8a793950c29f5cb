"""The demo has an approved and a rejected case for each seed organization that can still solicit, and the
approved one is delivered (issue 9): the portal shows its created dataset with the 法117条 items. One test, because
loading the whole demo takes minutes."""

from __future__ import annotations

import pytest
from django.test import Client

from tokumei.law.contracts import ContractState
from tokumei.web.contracts.models import Contract
from tokumei.web.demo import load_demo
from tokumei.web.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_demo_has_approved_and_rejected_cases(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    assert load_demo()
    states: dict[str, set[str]] = {}
    for r in Review.objects.select_related("organization"):
        states.setdefault(r.organization.profile_id, set()).add(r.state)
    # legacy-2017 (the abolished regime) cannot open a new solicitation
    assert set(states) == {"kumamoto-city", "isa", "nara-police", "fukuoka-police"}
    assert all(s == {"approval_notified", "rejection_notified"} for s in states.values()), states
    assert Review.objects.filter(state="approval_notified", fee_yen=40_750).count() == 4
    # every approved case was paid, concluded, produced, inspected, recorded and delivered
    delivered = Contract.objects.filter(state=ContractState.DELIVERED).select_related("organization", "run__dataset")
    assert {c.organization.profile_id for c in delivered} == set(states)
    client = Client()
    for contract in delivered:
        assert contract.deliveries.get().receipt_received
        assert contract.payments.get().outcome == "accepted"
        ds = contract.run.dataset
        page = client.get(f"/register/{ds.file_id}/").content.decode()
        assert ds.title in page
        assert f"{ds.subject_count} 人" in page
        assert ds.proposal_office in page

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
    # the statistics page shows each seed organization its own demo figures (issue 10 item 6)
    _assert_demo_statistics(set(states))


def _row_sum(html: str, code: str) -> int:
    row = html.split(f'data-row="{code}"')[1].split("</tr>")[0]
    return sum(int(cell.split("</td>")[0]) for cell in row.split("<td>")[1:])


def _assert_demo_statistics(soliciting: set[str]) -> None:
    from tokumei.web.accounts.models import Organization, User
    from tokumei.web.contracts.models import PaymentAttempt
    from tokumei.web.register.models import AnonymizedDataset

    for org in Organization.objects.all():
        staff = User.objects.filter(organization=org, groups__name="reception_desk").first()
        assert staff is not None, org.profile_id
        client = Client()
        client.force_login(staff)
        html = client.get("/staff/statistics/").content.decode()
        assert f'data-organization="{org.profile_id}"' in html
        fees = sum(
            PaymentAttempt.objects.filter(contract__organization=org, outcome="accepted").values_list(
                "tendered_yen", flat=True
            )
        )
        assert _row_sum(html, "fees_received_yen") == fees
        assert (
            _row_sum(html, "contracts") == Contract.objects.filter(organization=org, concluded_on__isnull=False).count()
        )
        assert _row_sum(html, "datasets_created") == AnonymizedDataset.objects.filter(file__organization=org).count()
        if org.profile_id in soliciting:
            assert fees >= 40_750, org.profile_id
            assert _row_sum(html, "solicitations") >= 1
            assert _row_sum(html, "proposals.new.approved") >= 1
            assert _row_sum(html, "proposals.new.rejected") >= 1
            assert _row_sum(html, "contracts") >= 1
        else:
            assert _row_sum(html, "proposals.") == 0
        csv = client.get("/staff/statistics/statistics.csv").content
        assert csv.startswith(b"\xef\xbb\xbf")
        assert org.body_name.encode() in client.get("/staff/statistics/").content

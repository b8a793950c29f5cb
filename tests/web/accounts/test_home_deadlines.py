"""The staff home page lists deadlines first, each linked to its case with how its date was computed (issue 10
item 7)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tokumei.web.contracts.models import Contract
from tokumei.web.proposals.models import Proposal
from tokumei.web.reviews.models import ExplanationRequest, Review

from ..factories import make_file

pytestmark = pytest.mark.django_db


def test_home_lists_explanation_payment_and_use_deadlines_with_links(personas: dict[str, Any]) -> None:
    division = personas["kumamoto_division"]
    org = division.organization
    file = make_file(org, division.department, division)
    today = timezone.localdate()
    reviews = []
    for i, state in enumerate(["awaiting_application", "delivered"]):
        proposal = Proposal.objects.create(
            organization=org,
            reference=f"P-HOME{i}",
            kind="new",
            state="accepted",
            receipt_number=f"R-HOME{i}",
            proposer_kind="corporation",
            proposer_name=f"株式会社期限{i}",
            file=file,
            use_to=today + timedelta(days=30),
        )
        review = Review.objects.create(
            proposal=proposal, organization=org, started_by=division, state="approval_notified"
        )
        Contract.objects.create(
            review=review, organization=org, fee_yen=21_000, state=state, payment_deadline=today + timedelta(days=10)
        )
        reviews.append(review)
    ExplanationRequest.objects.create(
        review=reviews[0], request_text="説明", deadline=today - timedelta(days=1), requested_by=division
    )
    client = Client()
    client.force_login(personas["kumamoto_desk"])
    html = client.get("/staff/").content.decode()
    deadlines = html.split('id="deadlines"')[1].split("</section>")[0]
    # the explanation deadline (past) first, then the payment deadline, then the end of the period of use
    first = deadlines.index("説明・資料の提出の期限")
    payment = deadlines.index("手数料の納付期限")
    use = deadlines.index("利用期間の末日")
    assert first < payment < use
    assert "（経過）" in deadlines
    assert f"/staff/reviews/{reviews[0].pk}/" in deadlines
    assert f"/staff/contracts/{reviews[0].pk}/" in deadlines
    assert "規則59条1項2号" in deadlines
    assert "法112条2項6号" in deadlines
    # the delivered contract's payment is done: only its use period is listed
    assert deadlines.count("手数料の納付期限") == 1
    assert (today + timedelta(days=10)).isoformat() in deadlines
    assert date.today().year > 2000

"""The annual statistics page, its CSV and its chart (issue 10 item 6)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tokumei.web.contracts.models import Contract, PaymentAttempt
from tokumei.web.proposals.models import Proposal
from tokumei.web.reviews.models import Review

from ..factories import make_file

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def figures(personas: dict[str, Any]) -> None:
    division = personas["kumamoto_division"]
    org = division.organization
    file = make_file(org, division.department, division)
    for i, (arrived, outcome) in enumerate([(date(2025, 5, 1), "approved"), (date(2025, 6, 1), "rejected")]):
        proposal = Proposal.objects.create(
            organization=org,
            reference=f"P-STAT{i}",
            kind="new",
            state="accepted",
            receipt_number=f"R-STAT{i}",
            proposer_kind="corporation",
            proposer_name="株式会社統計",
            file=file,
            arrived_on=arrived,
        )
        review = Review.objects.create(
            proposal=proposal, organization=org, started_by=division, state="approval_notified", outcome=outcome
        )
        if outcome == "approved":
            contract = Contract.objects.create(
                review=review, organization=org, fee_yen=48_650, concluded_on=date(2025, 8, 1), state="concluded"
            )
            PaymentAttempt.objects.create(
                contract=contract,
                received_on=date(2025, 7, 20),
                received_via="desk",
                method="revenue_stamp",
                tendered_yen=48_650,
                duty_affixed_yen=200,
                outcome="accepted",
                checked_by=division,
            )


def test_statistics_page_shows_the_organizations_figures_and_an_inline_svg_chart(
    personas: dict[str, Any], figures: None
) -> None:
    html = _login(personas["kumamoto_auditor"]).get("/staff/statistics/").content.decode()
    assert "熊本市" in html
    assert "令和7年度" in html
    chart = html.split('<figure class="chart-figure">')[1].split("</figure>")[0]
    assert chart.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<script" not in chart
    assert "<rect" in chart
    assert "令和7年度 提案: 2" in chart
    assert "cdn" not in html.lower()
    row = html.split('data-row="proposals.new.approved"')[1].split("</tr>")[0]
    assert "<td>1</td>" in row
    fees = html.split('data-row="fees_received_yen"')[1].split("</tr>")[0]
    assert "<td>48650</td>" in fees
    # Nara's staff see Nara's (empty) figures, not Kumamoto's
    nara = _login(personas["nara_desk"]).get("/staff/statistics/").content.decode()
    assert "48650" not in nara
    assert "奈良県警察" in nara


def test_statistics_csv_is_utf8_with_bom(personas: dict[str, Any], figures: None) -> None:
    response = _login(personas["kumamoto_desk"]).get("/staff/statistics/statistics.csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("項目,令和7年度（2025年度）")
    fees = next(line for line in lines if line.startswith("手数料の収入"))
    assert fees.split(",")[1] == "48650"
    contracts = next(line for line in lines if line.startswith("利用契約の締結"))
    assert contracts.split(",")[1] == "1"


def test_proposers_cannot_see_statistics(personas: dict[str, Any]) -> None:
    assert _login(personas["proposer"]).get("/staff/statistics/").status_code == 403

"""The review workspace over HTTP: the division works the panels, the approver signs off, the proposer downloads the
notice on the portal (audited)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tokumei.web.core.models import AuditEvent
from tokumei.web.reviews.models import Review

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_http_walk_to_approval_notice_and_portal_download(
    nara_proposal, personas, django_capture_on_commit_callbacks
) -> None:
    division, approver, proposer = (_client(personas[k]) for k in ("nara_division", "nara_approver", "proposer"))
    assert nara_proposal.receipt_number in division.get(reverse("reviews:list")).content.decode()
    response = division.post(reverse("reviews:start", args=[nara_proposal.pk]))
    review = Review.objects.get(proposal=nara_proposal)
    assert response.url == reverse("reviews:detail", args=[review.pk])
    page = division.get(response.url).content.decode()
    assert "誓約書" in page
    assert "①" in page
    assert "⑦" in page
    with django_capture_on_commit_callbacks(execute=True):
        division.post(reverse("reviews:assess", args=[review.pk]))
    hours = {
        "creation_mode": "in_house",
        "hours_extraction_design": "1",
        "hours_extraction_run": "0.5",
        "hours_processing_design": "1",
        "hours_processing_run": "1",
        "hours_inspection": "1",
    }
    division.post(reverse("reviews:estimate", args=[review.pk]), hours)
    for criterion in ("c1", "c2", "c3", "c4", "c5", "c6", "c7"):
        division.post(reverse("reviews:panel", args=[review.pk, criterion]), {"finding": "meets", "reasoning": "適合"})
    today = timezone.localdate()
    division.post(reverse("reviews:consultation", args=[review.pk]), {"day": today.isoformat(), "note": "協議済み"})
    division.post(reverse("reviews:submit", args=[review.pk]))
    # the preparer may not sign off; the approver does
    assert division.post(reverse("reviews:sign_off", args=[review.pk]), {"decision": "approve"}).status_code == 403
    approver.post(reverse("reviews:sign_off", args=[review.pk]), {"decision": "approve"})
    division.post(
        reverse("reviews:notify", args=[review.pk]),
        {"notice_date": today.isoformat(), "payment_deadline": (today + timedelta(days=30)).isoformat()},
    )
    review.refresh_from_db()
    assert review.state == "approval_notified"
    assert review.fee_yen == 40_750
    page = proposer.get(reverse("decisions:detail", args=[nara_proposal.pk])).content.decode()
    assert "40,750円" in page
    document = review.documents.first()
    pdf = proposer.get(reverse("decisions:document", args=[nara_proposal.pk, document.pk, "pdf"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    staff_copy = division.get(reverse("reviews:document", args=[review.pk, document.pk, "docx"]))
    assert staff_copy.status_code == 200
    assert AuditEvent.objects.filter(action="reviews.document_downloaded").count() == 2
    # another organization's review is not found
    assert _client(personas["kumamoto_division"]).get(reverse("reviews:detail", args=[review.pk])).status_code == 404


def test_proposer_sees_nothing_before_notice(nara_proposal, personas) -> None:
    _client(personas["nara_division"]).post(reverse("reviews:start", args=[nara_proposal.pk]))
    assert _client(personas["proposer"]).get(reverse("decisions:detail", args=[nara_proposal.pk])).status_code == 404


def test_a_sampled_assessment_says_production_draws_its_own_sample(nara_proposal, personas) -> None:
    """Review ③ on a recipe with ``sample``: the figures come from one random draw; the seed is processing-method
    information (法121条2項) and is not kept, so production draws again and the inspection re-checks the output.
    The workspace says so (and says nothing of it when the whole file was assessed)."""
    division = _client(personas["nara_division"])
    division.post(reverse("reviews:start", args=[nara_proposal.pk]))
    review = Review.objects.get(proposal=nara_proposal)
    review.assessment_state = Review.AssessmentState.PASSED
    review.assessment_report = {"subjects_out": 500, "targets": {"sampled": False}, "rule62": {}}
    review.save()
    page = division.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert 'id="assessment-sample"' not in page
    review.assessment_report = {"subjects_out": 500, "targets": {"sampled": True}, "rule62": {}}
    review.save()
    page = division.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert 'id="assessment-sample"' in page
    assert "500人分" in page
    assert "法第121条第2項" in page

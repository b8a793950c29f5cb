"""Review use cases: evidence computed by the system, the background assessment (③), the fee, 決裁 and notices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tokumei.law.review import Criterion, Finding
from tokumei.law.transitions import ReviewState
from tokumei.web.core.models import AuditEvent
from tokumei.web.reviews import services
from tokumei.web.reviews.models import DecisionDocument, Review

from ..conftest import ORIGIN

pytestmark = pytest.mark.django_db

HOURS_4_5 = {
    "extraction_design": "1",
    "extraction_run": "0.5",
    "processing_design": "1",
    "processing_run": "1",
    "inspection": "1",
}


def _assess(review, user, capture):
    with capture(execute=True):
        services.request_assessment(review, actor=user, origin=ORIGIN)
    review.refresh_from_db()
    return review


def _meet_all(review, user, *, except_=()):
    for panel in review.panels.all():
        if panel.criterion_enum in except_:
            continue
        services.record_finding(
            review, panel.criterion_enum, Finding.MEETS, "基準に適合する。", actor=user, origin=ORIGIN
        )


def test_nara_review_to_approval_notice_with_40750_yen(
    nara_proposal, personas, django_capture_on_commit_callbacks
) -> None:
    # given an accepted Nara Police proposal and its owning division
    division, approver = personas["nara_division"], personas["nara_approver"]
    review = services.start_review(nara_proposal, actor=division, origin=ORIGIN)
    # then one panel per criterion with the system's evidence for ①②⑤⑦ (and ③ waiting for the job)
    assert sorted(review.panels.values_list("criterion", flat=True)) == [c.value for c in Criterion]
    c1 = review.panels.get(criterion="c1").evidence
    assert c1["suggested"] == "meets"
    assert any("誓約書" in line["message"] for line in c1["lines"])  # the pledge is the basis for the rest
    with pytest.raises(services.ReviewServiceRefused, match="矛盾"):
        services.record_finding(review, Criterion.C3, Finding.MEETS, "", actor=division, origin=ORIGIN)
    # when the assessment runs as the background job
    review = _assess(review, division, django_capture_on_commit_callbacks)
    assert review.assessment_state == Review.AssessmentState.PASSED, review.assessment_error
    assert review.assessment_report["rule62"]
    # and the estimate of 4.5 hours in-house is recorded
    review = services.save_estimate(
        review, services.EstimateInput(creation_mode="in_house", hours=HOURS_4_5), actor=division, origin=ORIGIN
    )
    assert review.fee_yen == 40_750  # 21,000 + 5 × 3,950
    _meet_all(review, division)
    # Nara requires the prior consultation with the desk
    with pytest.raises(services.ReviewServiceRefused, match="事前協議"):
        services.submit_for_sign_off(review, actor=division, origin=ORIGIN)
    services.record_prior_consultation(
        review, timezone.localdate(), "県民サービス課と協議済み。", actor=division, origin=ORIGIN
    )
    review = services.submit_for_sign_off(review, actor=division, origin=ORIGIN)
    assert review.state == ReviewState.AWAITING_SIGN_OFF
    # the preparer cannot sign off their own draft
    with pytest.raises(services.ReviewServiceRefused, match="別の職員"):
        services.sign_off(review, approve=True, note="", actor=division, origin=ORIGIN)
    review = services.sign_off(review, approve=True, note="", actor=approver, origin=ORIGIN)
    assert review.state == ReviewState.APPROVED
    today = timezone.localdate()
    review = services.issue_notice(
        review,
        services.NoticeInput(today, today + timedelta(days=30), "県警第1号"),
        actor=division,
        origin=ORIGIN,
    )
    # then the approval notice, the application and two unsigned contract copies are kept, the fee fixed
    assert review.state == ReviewState.APPROVAL_NOTIFIED
    kinds = list(review.documents.values_list("kind", flat=True))
    assert kinds == ["approval_notice", "application", "contract_copy", "contract_copy"]
    notice = review.documents.get(kind=DecisionDocument.Kind.APPROVAL_NOTICE)
    assert notice.pdf_content().startswith(b"%PDF")
    assert notice.docx_content().startswith(b"PK")
    # kept sealed at rest (they carry the proposer's name and address): the stored bytes are no PDF or ZIP and
    # do not contain the proposer's name in any encoding
    stored = bytes(notice.pdf) + bytes(notice.docx)
    assert stored.startswith(b"TKENC")
    assert b"%PDF" not in stored
    assert review.proposal.proposer_name.encode() not in stored
    assert review.fee_fixed_at is not None
    with pytest.raises(services.ReviewServiceRefused, match="変更できません"):
        services.save_estimate(
            review, services.EstimateInput("in_house", {"inspection": "9"}), actor=division, origin=ORIGIN
        )
    # a formal error is corrected with a reason, audited
    services.correct_fee(review, 40_700, "40,700円とすべきところを誤記した。", actor=division, origin=ORIGIN)
    actions = set(AuditEvent.objects.filter(target_id=str(review.pk)).values_list("action", flat=True))
    assert {
        "reviews.started",
        "reviews.assessed",
        "reviews.signed_off",
        "reviews.notified",
        "reviews.fee_corrected",
    } <= actions


def test_unique_records_fail_c3_with_report_and_suggestion_then_rejection(
    kumamoto_unique_proposal, personas, django_capture_on_commit_callbacks
) -> None:
    division, approver = personas["kumamoto_division"], personas["kumamoto_approver"]
    review = services.start_review(kumamoto_unique_proposal, actor=division, origin=ORIGIN)
    review = _assess(review, division, django_capture_on_commit_callbacks)
    assert review.assessment_state == Review.AssessmentState.FAILED, review.assessment_error
    assert any(not item["ok"] for item in review.assessment_report["rule62"].values())
    assert review.assessment_suggestion["wording"]
    c3 = review.panels.get(criterion="c3").evidence
    assert c3["suggested"] == "does_not_meet"
    assert "基準を満たす最小の加工の例" in c3["lines"][0]["message"]
    # a "does not meet" needs a concrete reason
    with pytest.raises(services.ReviewServiceRefused, match="具体的"):
        services.record_finding(review, Criterion.C3, Finding.DOES_NOT_MEET, " ", actor=division, origin=ORIGIN)
    services.record_finding(
        review,
        Criterion.C3,
        Finding.DOES_NOT_MEET,
        "提案の加工の方法では特定の個人を識別できるレコードが残るため（規則62条5号）。",
        actor=division,
        origin=ORIGIN,
    )
    services.save_estimate(
        review, services.EstimateInput("in_house", {"inspection": "1"}), actor=division, origin=ORIGIN
    )
    _meet_all(review, division, except_=(Criterion.C3,))
    services.submit_for_sign_off(review, actor=division, origin=ORIGIN)
    review = services.sign_off(review, approve=True, note="", actor=approver, origin=ORIGIN)
    assert review.state == ReviewState.REJECTED
    assert review.failed[0]["criterion"] == "c3"
    review = services.issue_notice(review, services.NoticeInput(timezone.localdate()), actor=division, origin=ORIGIN)
    assert list(review.documents.values_list("kind", flat=True)) == ["rejection_notice"]


def test_explanation_request_pauses_and_answer_resumes(nara_proposal, personas) -> None:
    division = personas["nara_division"]
    review = services.start_review(nara_proposal, actor=division, origin=ORIGIN)
    with pytest.raises(services.ReviewServiceRefused, match="期限"):
        services.request_explanation(review, Criterion.C5, "理由", timezone.localdate(), actor=division, origin=ORIGIN)
    req = services.request_explanation(
        review,
        Criterion.C5,
        "利用期間が必要な理由を説明してください。",
        timezone.localdate() + timedelta(days=14),
        actor=division,
        origin=ORIGIN,
    )
    review.refresh_from_db()
    assert review.state == ReviewState.EXPLANATION_REQUESTED
    assert review.panels.get(criterion="c5").finding == Finding.NEEDS_EXPLANATION
    with pytest.raises(services.ReviewServiceRefused):
        services.record_finding(review, Criterion.C4, Finding.MEETS, "", actor=division, origin=ORIGIN)
    review = services.record_explanation_answer(req, "研究計画書の期間に合わせた。", actor=division, origin=ORIGIN)
    assert review.state == ReviewState.IN_REVIEW


def test_termination_recorded_by_another_organization_disqualifies(nara_proposal, personas) -> None:
    # given a contract with the same company terminated by Kumamoto City last year
    services.record_termination(
        party_kind="corporation",
        name="株式会社デモ分析",
        termination_date=timezone.localdate() - timedelta(days=300),
        actor=personas["kumamoto_division"],
        origin=ORIGIN,
    )
    review = services.start_review(nara_proposal, actor=personas["nara_division"], origin=ORIGIN)
    c1 = review.panels.get(criterion="c1").evidence
    codes = [line["code"] for line in c1["lines"]]
    assert "review.c1.termination_possible_match" in codes  # no 法人番号: matched by name, to be confirmed
    assert c1["suggested"] == "needs_explanation"


def test_review_starts_only_on_accepted_proposals(nara_proposal, personas) -> None:
    services.start_review(nara_proposal, actor=personas["nara_division"], origin=ORIGIN)
    with pytest.raises(services.ReviewServiceRefused, match="すでに"):
        services.start_review(nara_proposal, actor=personas["nara_division"], origin=ORIGIN)

"""Fixtures: an approved Fukuoka Police case (outsourced creation, notified fee) on a file with generated data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tokumei.law.review import Criterion, Finding
from tokumei.web.accounts.roles import Role
from tokumei.web.reviews import services as review_services

from ..conftest import ORIGIN, _staff
from ..proposals.conftest import data_file, file_with_policy, open_solicitation  # noqa: F401 - shared fixture
from ..reviews.conftest import accepted_proposal

HOURS = {"extraction_design": "1", "extraction_run": "0.5", "processing_design": "1", "inspection": "1"}


@pytest.fixture
def fukuoka(personas, orgs):
    org = orgs["fukuoka-police"]
    people = {
        "desk": _staff(org, "fukuoka_desk", Role.RECEPTION_DESK),
        "division": _staff(org, "fukuoka_division", Role.OWNING_DIVISION),
        "division2": _staff(org, "fukuoka_division2", Role.OWNING_DIVISION),
        "approver": _staff(org, "fukuoka_approver", Role.APPROVER),
        "auditor": _staff(org, "fukuoka_auditor", Role.AUDITOR),
    }
    personas.update({f"fukuoka_{k}" if k != "desk" else "fukuoka_desk": v for k, v in people.items()})
    return people


def approve(review, division, approver, *, outsourced: bool, processor_quote: int = 30_000):
    if review.panels.filter(criterion="c3").exists():
        review_services.request_assessment(review, actor=division, origin=ORIGIN)
        review = review_services.execute_assessment(review.pk)
        assert review.assessment_state == review.AssessmentState.PASSED, review.assessment_error
    review_services.save_estimate(
        review,
        review_services.EstimateInput(
            creation_mode="outsourced" if outsourced else "in_house",
            hours=HOURS,
            processor_available=True if outsourced else None,
            processor_name="株式会社テスト加工" if outsourced else "",
            processor_quote_yen=processor_quote if outsourced else None,
        ),
        actor=division,
        origin=ORIGIN,
    )
    review.refresh_from_db()
    for panel in review.panels.all():
        review_services.record_finding(
            review, panel.criterion_enum, Finding.MEETS, "基準に適合する。", actor=division, origin=ORIGIN
        )
    if review.organization.profile.procedure.review_requires_prior_consultation:
        review_services.record_prior_consultation(
            review, timezone.localdate(), "協議済み。", actor=division, origin=ORIGIN
        )
    review_services.submit_for_sign_off(review, actor=division, origin=ORIGIN)
    review_services.sign_off(review, approve=True, note="", actor=approver, origin=ORIGIN)
    today = timezone.localdate()
    return review_services.issue_notice(
        review,
        review_services.NoticeInput(today, today + timedelta(days=30), f"福警総第{review.pk}号"),
        actor=division,
        origin=ORIGIN,
    )


@pytest.fixture
def fukuoka_target(fukuoka, data_file):  # noqa: F811 - the shared fixture
    f = file_with_policy(fukuoka["division"], name="運転免許保有者ファイル", data_path=data_file)
    s = open_solicitation(f.organization, fukuoka["desk"], [f])
    return s, f


@pytest.fixture
def fukuoka_approved(personas, fukuoka, fukuoka_target, django_capture_on_commit_callbacks):
    proposal = accepted_proposal(
        personas,
        fukuoka_target,
        "fukuoka",
        processing={"住所": None, "生年月日": "band10"},
        subject_scope="all",
        sample_size=None,
    )
    with django_capture_on_commit_callbacks(execute=False):
        review = review_services.start_review(proposal, actor=fukuoka["division"], origin=ORIGIN)
    return approve(review, fukuoka["division"], fukuoka["approver"], outsourced=True)


def accepted_reuse_proposal(personas, dataset, desk):
    """A 法118条前段 proposal by another party on a created dataset, entered and accepted."""
    from tokumei.law.intake import ProposalKind
    from tokumei.web.proposals import services as proposal_services

    from ..proposals.conftest import attach_all, complete_input

    proposer = personas["proposer"]
    today = timezone.localdate()
    p = proposal_services.start_draft(owner=proposer, kind=ProposalKind.REUSE, dataset=dataset, origin=ORIGIN)
    p = proposal_services.save_draft(
        p,
        complete_input(proposer_name="株式会社再利用", processing={}, subject_scope="", sample_size=None),
        actor=proposer,
        origin=ORIGIN,
    )
    attach_all(p, proposer)
    proposal_services.record_arrival(
        p,
        channel="mail",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        proposal_date=today,
        actor=desk,
        origin=ORIGIN,
    )
    return proposal_services.accept(p, actor=desk, origin=ORIGIN)


__all__ = ["Criterion"]


def deliver(review, people, capture):
    """Take an approved (outsourced) case through payment, conclusion, production, inspection and delivery."""
    from datetime import timedelta as _td

    from tokumei.web.contracts import services

    desk, division, approver = people["desk"], people["division"], people["approver"]
    today = timezone.localdate()
    contract = services.open_contract(review, actor=desk, origin=ORIGIN)
    services.record_payment(
        contract,
        services.PaymentInput(today, "desk", "prefectural_stamp", contract.fee_yen, contract.stamp_duty_yen),
        actor=desk,
        origin=ORIGIN,
    )
    services.record_outsourcing(
        contract,
        services.OutsourcingInput("株式会社テスト加工", 30_000, True, True, True, True, today),
        actor=division,
        origin=ORIGIN,
    )
    contract = services.conclude(contract, concluded_on=today, copy_returned_on=today, actor=division, origin=ORIGIN)
    services.acknowledge_duty(contract, actor=division, origin=ORIGIN)
    services.acknowledge_duty(contract, actor=approver, origin=ORIGIN)
    with capture(execute=True):
        services.start_production(contract, actor=division, origin=ORIGIN)
    contract.refresh_from_db()
    services.inspect(
        contract,
        approve=True,
        note="確認した。",
        proposal_office="福岡県警察本部 総務部総務課情報公開室",
        period=(today, today + _td(days=180)),
        actor=approver,
        origin=ORIGIN,
    )
    services.confirm_processor_deletion(
        contract,
        confirmed_on=today,
        evidence="report",
        items=list(services.DELETION_ITEMS),
        actor=division,
        origin=ORIGIN,
    )
    package = services.build_package(contract, medium="dvd-r", password="delivery-password", actor=desk, origin=ORIGIN)
    services.record_delivery(
        contract,
        services.DeliveryInput(package.pk, today, "desk", "株式会社デモ分析", "", True, "電話"),
        actor=desk,
        origin=ORIGIN,
    )
    contract.refresh_from_db()
    return contract


@pytest.fixture
def fukuoka_delivered(fukuoka_approved, fukuoka, django_capture_on_commit_callbacks):
    return deliver(fukuoka_approved, fukuoka, django_capture_on_commit_callbacks)

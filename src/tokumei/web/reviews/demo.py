"""Demo reviews: for each seed organization with an open solicitation, one proposal reviewed to an approval notice
(4.5 estimated hours in-house) and one reviewed to a rejection notice (④ not met), entered on paper by the desk
through the proposals services. The assessment (③) runs synchronously here instead of on the worker. All names are
invented for the demo."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tokumei.engine.hierarchies.chains import CHAINS
from tokumei.law.intake import ProposalKind
from tokumei.law.review import Criterion, Finding, division_check_required
from tokumei.law.transitions import ReviewState
from tokumei.web.accounts.models import Department, Organization, User
from tokumei.web.accounts.roles import Role
from tokumei.web.core.audit import Origin
from tokumei.web.proposals import services as proposal_services
from tokumei.web.proposals.demo import _input, _open_solicitation, _paper_attachments
from tokumei.web.register.models import PersonalInformationFile

from . import services
from .models import Review

logger = logging.getLogger(__name__)

DEMO_HOURS = {
    "extraction_design": "1",
    "extraction_run": "0.5",
    "processing_design": "1",
    "processing_run": "1",
    "inspection": "1",
}


def _user(org: Organization, role: Role) -> User | None:
    users = User.objects.filter(organization=org, groups__name=role.value)
    if role is Role.RECEPTION_DESK:
        users = users.filter(department__kind=Department.Kind.RECEPTION_DESK)
    return users.first()


def _coarsest(file: PersonalInformationFile, *, single: bool) -> dict[str, str | None]:
    """Every offered item at its coarsest level, or (``single``) only the coarsest of one item, e.g. age bands."""
    choices: dict[str, str | None] = {}
    items = list(file.record_items.all())
    if single:
        items = sorted((i for i in items if i.is_offered), key=lambda i: i.generalizer != "age")[:1]
    for item in items:
        if item.is_offered and item.offered_levels:
            chain = CHAINS.get(item.generalizer, ())
            choices[item.name] = max(item.offered_levels, key=lambda x: chain.index(x) if x in chain else -1)
    return choices


def _case(org, solicitation, desk, name, today, origin, *, single):
    file = solicitation.targets.first().file
    p = proposal_services.enter_paper_proposal(
        org,
        _input(name, "東京都千代田区丸の内1-1-1", today, processing=_coarsest(file, single=single)),
        kind=ProposalKind.NEW,
        solicitation=solicitation,
        file=file,
        dataset=None,
        channel="mail",
        arrived_on=today - timedelta(days=1),
        arrived_at=None,
        official_form=True,
        actor=desk,
        origin=origin,
    )
    _paper_attachments(p, desk, origin, today)
    p = proposal_services.accept(p, actor=desk, origin=origin)
    if division_check_required(org.profile):  # Nara 要綱第2-4: the division checks before the review
        checker = _user(org, Role.OWNING_DIVISION)
        note = "記載事項・添付書類を確認した（デモ）。"
        p = proposal_services.record_division_check(p, note, actor=checker, origin=origin)
    return p


def _review(proposal, division, approver, *, reject: bool, today, origin) -> Review:
    review = services.start_review(proposal, actor=division, origin=origin)
    try:
        services.request_assessment(review, actor=division, origin=origin)
        review = services.execute_assessment(review.pk)
    except services.ReviewServiceRefused:
        pass
    review.refresh_from_db()
    services.save_estimate(review, services.EstimateInput("in_house", DEMO_HOURS), actor=division, origin=origin)
    if review.organization.profile.procedure.review_requires_prior_consultation:
        services.record_prior_consultation(
            review, today, "審査の方針について協議した（デモ）。", actor=division, origin=origin
        )
    for panel in review.panels.all():
        criterion = panel.criterion_enum
        if reject and criterion is Criterion.C4:
            services.record_finding(
                review,
                criterion,
                Finding.DOES_NOT_MEET,
                "事業計画書から、事業が新たな産業の創出等に資する内容を確認できないため（デモ）。",
                actor=division,
                origin=origin,
            )
        elif criterion is Criterion.C3 and review.assessment_state != Review.AssessmentState.PASSED:
            services.record_finding(
                review,
                criterion,
                Finding.DOES_NOT_MEET,
                "提案の加工の方法では規則62条の基準を満たさないため（デモ）。"
                + (review.assessment_suggestion or {}).get("wording", ""),
                actor=division,
                origin=origin,
            )
        else:
            services.record_finding(
                review, criterion, Finding.MEETS, "基準に適合する（デモ）。", actor=division, origin=origin
            )
    services.submit_for_sign_off(review, actor=division, origin=origin)
    services.sign_off(review, approve=True, note="", actor=approver, origin=origin)
    review.refresh_from_db()
    deadline = today + timedelta(days=30) if review.state == ReviewState.APPROVED else None
    # no number typed: the organization's sequence gives it (文書番号, demo prefixes from the profile defaults)
    return services.issue_notice(review, services.NoticeInput(today, deadline), actor=division, origin=origin)


def load_review_demo(origin: Origin) -> int:
    """Reviews with approval and rejection notices per seed organization; returns the number of reviews."""
    if Review.objects.exists():
        return 0
    today = timezone.localdate()
    count = 0
    for org in Organization.objects.order_by("pk"):
        desk, division, approver = (_user(org, r) for r in (Role.RECEPTION_DESK, Role.OWNING_DIVISION, Role.APPROVER))
        if None in (desk, division, approver):
            continue
        try:
            with transaction.atomic():
                solicitation = _open_solicitation(org, today, origin)
        except ValueError:  # e.g. the abolished 2017 regime: no new solicitation (SolicitationRefused)
            continue
        if solicitation is None:
            continue
        for name, reject in (("株式会社デモ統計", False), ("デモ興味本位商会", True)):
            try:
                with transaction.atomic():
                    proposal = _case(org, solicitation, desk, name, today, origin, single=not reject)
                    _review(proposal, division, approver, reject=reject, today=today, origin=origin)
            except ValueError as exc:  # a refusal of the procedure: leave this case out of the demo, say why
                logger.warning("demo review for %s skipped: %s", org.profile_id, exc)
                continue
            count += 1
    return count

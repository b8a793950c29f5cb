"""Demo contracts: every demo case approved by a notice is taken through payment (the profile's method, the exact
fee and the stamp duty), conclusion, production (run here, not on the worker), inspection by the approver, the
register entries (法117条) and delivery, so that each seed organization has one delivered case and the portal shows
its created dataset. All names are invented for the demo."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tokumei.law.intake import ProposalKind
from tokumei.law.organization import Actor, Step
from tokumei.law.transitions import ReviewState
from tokumei.web.accounts.roles import Role
from tokumei.web.core.audit import Origin
from tokumei.web.production import services as production
from tokumei.web.production.demo import _staff
from tokumei.web.production.models import ProductionRun
from tokumei.web.register.exchange import desk_label
from tokumei.web.reviews.demo import _user
from tokumei.web.reviews.models import Review

from . import services
from .models import Contract

logger = logging.getLogger(__name__)


def _deliver(review: Review, origin: Origin) -> bool:
    org = review.organization
    profile = org.profile
    file = review.proposal.file
    desk, approver = _user(org, Role.RECEPTION_DESK), _user(org, Role.APPROVER)
    division = _staff(file, Role.OWNING_DIVISION) or _user(org, Role.OWNING_DIVISION)
    if None in (desk, division, approver):
        return False
    by_desk = profile.responsibility(Step.PAYMENT_CHECK).performer is Actor.RECEPTION_DESK
    performer = desk if by_desk else division
    contract = services.open_contract(review, actor=performer, origin=origin)
    today = timezone.localdate()
    services.record_payment(
        contract,
        services.PaymentInput(
            today, "mail", profile.payment.methods[0].value, contract.fee_yen, contract.stamp_duty_yen
        ),
        actor=performer,
        origin=origin,
    )
    contract = services.conclude(contract, concluded_on=today, copy_returned_on=today, actor=division, origin=origin)
    services.acknowledge_duty(contract, actor=division, origin=origin)
    services.acknowledge_duty(contract, actor=approver, origin=origin)
    run = services.start_production(contract, actor=division, origin=origin)
    run = production.execute(run.pk)
    if run.state != ProductionRun.State.SUCCEEDED:
        logger.warning("demo contract for %s: production failed: %s", org.profile_id, run.error)
        return False
    contract.refresh_from_db()
    services.inspect(
        contract,
        approve=True,
        note="規則62条の各号、本人の数と契約の一致を確認した（デモ）。",
        proposal_office=desk_label(org),
        period=(today, today + timedelta(days=365)),
        actor=approver,
        origin=origin,
    )
    package = services.build_package(
        contract,
        medium=services.requested_medium(contract) or "cd-r",
        password=secrets.token_urlsafe(12),
        actor=desk,
        origin=origin,
    )
    if profile.procedure.delivery_requires_desk_consultation:
        services.record_delivery_consultation(contract, today, actor=division, origin=origin)
    services.record_delivery(
        contract,
        services.DeliveryInput(
            package.pk,
            today,
            "desk",
            f"{review.proposal.proposer_name} 担当者（デモ）",
            "主管課 職員（デモ）",
            True,
            "電話（デモ）",
        ),
        actor=desk,
        origin=origin,
    )
    return True


def load_contract_demo(origin: Origin) -> int:
    """One delivered case per organization with an approved demo case; returns the number delivered."""
    if Contract.objects.exists():
        return 0
    delivered = 0
    reviews = Review.objects.filter(state=ReviewState.APPROVAL_NOTIFIED, proposal__kind=ProposalKind.NEW)
    for review in reviews.select_related("organization", "proposal__file").order_by("pk"):
        try:
            with transaction.atomic():
                delivered += int(_deliver(review, origin))
        except (services.ContractRefused, production.ProductionRefused) as exc:
            logger.warning("demo contract for %s skipped: %s", review.organization.profile_id, exc)
    return delivered

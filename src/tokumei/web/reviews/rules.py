"""Who may do what in a review. Staff of the proposal's organization read it (another organization's → 404); the
performer of Step.REVIEW (the owning division in every seed) works the panels, the performer of Step.FEE_ESTIMATE
the estimate, an approver other than the preparer signs off (決裁), the performer of Step.DECISION_NOTICE sends
the notice; the proposer reads the notices of their own proposal once sent; the auditor reads, never writes."""

from __future__ import annotations

from typing import Any

import rules

from tokumei.law.organization import Step
from tokumei.web.accounts.permissions import is_approver, is_org_staff, performs, same_organization


@rules.predicate
def not_preparer(user: Any, review: Any) -> bool:
    return review is not None and review.prepared_by_id != user.pk


@rules.predicate
def owns_reviewed_proposal(user: Any, review: Any) -> bool:
    return (
        review is not None
        and bool(getattr(user, "is_authenticated", False))
        and review.proposal.owner_id == user.pk
        and review.notified
    )


rules.add_perm("reviews.view_review", is_org_staff & same_organization)
rules.add_perm("reviews.start", performs(Step.REVIEW) & same_organization)
rules.add_perm("reviews.work", performs(Step.REVIEW) & same_organization)
rules.add_perm("reviews.estimate", performs(Step.FEE_ESTIMATE) & same_organization)
rules.add_perm("reviews.sign_off", is_approver & same_organization & not_preparer)
rules.add_perm("reviews.notify", performs(Step.DECISION_NOTICE) & same_organization)
rules.add_perm("reviews.correct_fee", performs(Step.DECISION_NOTICE) & same_organization)
rules.add_perm("reviews.view_decision", owns_reviewed_proposal)

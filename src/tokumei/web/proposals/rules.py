"""Who may do what with a proposal. Proposers see only their own; staff only their organization's cases (others
answer 404); intake by the performer of Step.INTAKE, correction requests by the performer of
Step.CORRECTION_REQUEST, the detailed check by the performer of Step.PROPOSAL_CHECK (Nara: the owning division),
consultation records by the performers of the consultation steps; the auditor reads, never writes."""

from __future__ import annotations

from typing import Any

import rules

from tokumei.law.organization import Step
from tokumei.web.accounts.permissions import is_org_staff, performs, same_organization


@rules.predicate
def owns_proposal(user: Any, proposal: Any) -> bool:
    return proposal is not None and bool(user.is_authenticated) and proposal.owner_id == user.pk


@rules.predicate
def is_case(user: Any, proposal: Any) -> bool:
    """Staff see a proposal once it has arrived (a draft belongs to the proposer alone)."""
    return proposal is not None and proposal.state != "draft"


consults = performs(Step.GENERAL_CONSULTATION) | performs(Step.FILE_CONTENT_CONSULTATION)

rules.add_perm("proposals.view_own", owns_proposal)
rules.add_perm("proposals.view_case", is_org_staff & same_organization & is_case)
rules.add_perm("proposals.intake", performs(Step.INTAKE) & same_organization)
rules.add_perm(
    "proposals.request_correction",
    (performs(Step.CORRECTION_REQUEST) | performs(Step.INTAKE)) & same_organization,
)
rules.add_perm("proposals.division_check", performs(Step.PROPOSAL_CHECK) & same_organization)
rules.add_perm("proposals.enter_paper", performs(Step.INTAKE))
rules.add_perm("proposals.view_consultations", is_org_staff)
rules.add_perm("proposals.record_consultation", consults | performs(Step.INTAKE))

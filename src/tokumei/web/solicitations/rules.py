"""Who runs solicitations: the step's performer per the organization's profile (提案窓口 in all five seeds)."""

from __future__ import annotations

import rules

from tokumei.law.organization import Step
from tokumei.web.accounts.permissions import is_org_staff, performs, same_organization

rules.add_perm("solicitations.view", is_org_staff & same_organization)
rules.add_perm("solicitations.manage", performs(Step.SOLICITATION) & same_organization)
rules.add_perm("solicitations.add", performs(Step.SOLICITATION))

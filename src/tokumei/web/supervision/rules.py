"""Supervision after delivery is the owning division's (Fukuoka 第10-2, Nara §13〜15); staff of the organization,
including the auditor, read it; complaints are received by the desk or the division."""

from __future__ import annotations

import rules

from tokumei.law.organization import Step
from tokumei.web.accounts.permissions import is_desk, is_org_staff, performs, same_organization
from tokumei.web.contracts.rules import holds_contract_file
from tokumei.web.register.rules import is_owning_division_staff

division_of_file = is_owning_division_staff & holds_contract_file

rules.add_perm("supervision.view", is_org_staff & same_organization)
rules.add_perm("supervision.change", same_organization & (division_of_file | (is_desk & performs(Step.SUPERVISION))))
rules.add_perm("supervision.terminate", same_organization & (division_of_file | (is_desk & performs(Step.TERMINATION))))
rules.add_perm(
    "supervision.end_of_use", same_organization & (division_of_file | (is_desk & performs(Step.END_OF_USE_CHECK)))
)
rules.add_perm("supervision.complaints", is_org_staff & (is_desk | is_owning_division_staff))

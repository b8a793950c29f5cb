"""Who may do what on a use contract: staff of the organization read it; the performer the profile names for each
step acts (Fukuoka: the desk receives the application and checks the 領収証紙; Nara: the owning division does); the
owning division that holds the file produces; another person inspects; the auditor reads, never writes."""

from __future__ import annotations

from typing import Any

import rules

from tokumei.law.organization import Step
from tokumei.web.accounts.permissions import is_approver, is_org_staff, performs, same_organization
from tokumei.web.register.rules import is_owning_division_staff


@rules.predicate
def holds_contract_file(user: Any, contract: Any) -> bool:
    file = contract.review.proposal.file if contract is not None else None
    if file is None and contract is not None and contract.source_dataset_id:
        file = contract.source_dataset.file
    return file is not None and file.division_id is not None and file.division_id == user.department_id


division_of_file = is_owning_division_staff & holds_contract_file

rules.add_perm("contracts.view_contract", is_org_staff & same_organization)
rules.add_perm(
    "contracts.payment",
    same_organization & (performs(Step.PAYMENT_CHECK) | performs(Step.CONTRACT_APPLICATION_RECEIPT)),
)
rules.add_perm("contracts.conclude", same_organization & performs(Step.CONTRACT_SIGNING))
rules.add_perm("contracts.outsourcing", same_organization & division_of_file)
rules.add_perm("contracts.acknowledge", same_organization & (division_of_file | is_approver))
rules.add_perm("contracts.produce", same_organization & division_of_file)
rules.add_perm("contracts.inspect", same_organization & (division_of_file | is_approver))
rules.add_perm("contracts.register", same_organization & division_of_file)
rules.add_perm("contracts.deliver", same_organization & (performs(Step.DELIVERY) | division_of_file))

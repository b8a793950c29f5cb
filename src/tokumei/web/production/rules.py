"""Who may produce and inspect: only the owning division that holds the file runs production (the role that must
see the data); inspection by an approver or another member of that division, never the one who ran it."""

from __future__ import annotations

from typing import Any

import rules

from tokumei.law.organization import Step
from tokumei.web.accounts.permissions import is_org_staff, performs, same_organization
from tokumei.web.accounts.roles import Role
from tokumei.web.register.rules import holds_the_file, is_owning_division_staff


@rules.predicate
def holds_run_file(user: Any, run: Any) -> bool:
    return run is not None and holds_the_file(user, run.file)


@rules.predicate
def run_same_organization(user: Any, run: Any) -> bool:
    return run is not None and same_organization(user, run.file)


@rules.predicate
def may_inspect(user: Any, run: Any) -> bool:
    if run is None or run.requested_by_id == user.pk:
        return False
    return bool(user.has_role(Role.APPROVER) or (user.has_role(Role.OWNING_DIVISION) and holds_run_file(user, run)))


rules.add_perm("production.view_run", is_org_staff & run_same_organization)
rules.add_perm("production.run", is_owning_division_staff & same_organization & holds_the_file)
rules.add_perm("production.inspect", is_org_staff & run_same_organization & may_inspect)
rules.add_perm("production.rerun", is_owning_division_staff & run_same_organization & holds_run_file)
rules.add_perm(
    "production.deliver",
    is_org_staff & run_same_organization & (performs(Step.DELIVERY) | (is_owning_division_staff & holds_run_file)),
)

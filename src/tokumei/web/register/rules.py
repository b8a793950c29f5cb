"""Permissions on register entries: the desk, approvers and auditors of the organization read every file; owning-
division staff (主管課) read only the files their division holds, and only that division edits a file, decides
whether it is a proposal target, sets its anonymization policy and counts it."""

from __future__ import annotations

from typing import Any

import rules

from tokumei.web.accounts.permissions import is_org_staff, same_organization
from tokumei.web.accounts.roles import Role


@rules.predicate
def is_owning_division_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.OWNING_DIVISION)


@rules.predicate
def holds_the_file(user: Any, file: Any) -> bool:
    return file is not None and file.division_id == getattr(user, "department_id", None)


@rules.predicate
def sees_every_file(user: Any) -> bool:
    """Roles whose work spans the whole organization: the desk (solicitation, intake), approvers and auditors."""
    return bool(getattr(user, "is_authenticated", False)) and any(
        user.has_role(r) for r in (Role.RECEPTION_DESK, Role.APPROVER, Role.AUDITOR)
    )


rules.add_perm("register.view_file", is_org_staff & same_organization & (sees_every_file | holds_the_file))
rules.add_perm("register.change_file", is_owning_division_staff & same_organization & holds_the_file)
rules.add_perm("register.add_file", is_owning_division_staff)
rules.add_perm("register.import_files", is_owning_division_staff)

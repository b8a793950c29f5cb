"""Permissions on register entries: staff of the organization read them; only the owning division that holds a
file (主管課) edits it, decides whether it is a proposal target, sets its anonymization policy and counts it."""

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


rules.add_perm("register.view_file", is_org_staff & same_organization)
rules.add_perm("register.change_file", is_owning_division_staff & same_organization & holds_the_file)
rules.add_perm("register.add_file", is_owning_division_staff)
rules.add_perm("register.import_files", is_owning_division_staff)

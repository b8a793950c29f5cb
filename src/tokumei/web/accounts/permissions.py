"""Object-level permission predicates (django-rules), testable as a matrix.

Staff see only their own organization's data; owning-division staff only their division's files (file-level
predicates arrive with the register); proposers only their own proposals; the auditor reads, never writes.
"""

from __future__ import annotations

from typing import Any

import rules

from tokumei.law.organization import Actor, Step

from .roles import Role


@rules.predicate
def is_org_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_org_staff", False))


@rules.predicate
def is_auditor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.AUDITOR)


def has_role(*roles: Role) -> rules.Predicate:
    """The logged-in user holds one of ``roles``."""

    def _has(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and any(user.has_role(r) for r in roles)

    return rules.Predicate(_has, name="has_role_" + "_".join(r.value for r in roles))


is_approver = has_role(Role.APPROVER)
is_desk = has_role(Role.RECEPTION_DESK)


@rules.predicate
def same_organization(user: Any, obj: Any) -> bool:
    """The object (an Organization, or anything with ``organization_id``) belongs to the user's organization."""
    if obj is None or getattr(user, "organization_id", None) is None:
        return False
    org_id = obj.pk if obj.__class__.__name__ == "Organization" else getattr(obj, "organization_id", None)
    return org_id is not None and org_id == user.organization_id


@rules.predicate
def same_department(user: Any, obj: Any) -> bool:
    """The object belongs to the user's own department (the owning division that holds it)."""
    dept_id = getattr(obj, "department_id", None)
    return dept_id is not None and dept_id == getattr(user, "department_id", None)


rules.add_perm("accounts.view_organization", is_org_staff & same_organization)
rules.add_perm("records.view_audit_log", is_auditor)
rules.add_perm("records.export_audit_log", is_auditor)


def performs(step: Step) -> rules.Predicate:
    """The user's role is the one the organization's profile makes responsible for ``step`` (the responsibility
    matrix: e.g. in Fukuoka the desk receives the contract application, in Nara the owning division does)."""

    def _performs(user: Any) -> bool:
        org = getattr(user, "organization", None)
        if not getattr(user, "is_authenticated", False) or org is None:
            return False
        actor = org.profile.responsibility(step).performer
        role = Role.RECEPTION_DESK if actor is Actor.RECEPTION_DESK else Role.OWNING_DIVISION
        return bool(user.has_role(role))

    return rules.Predicate(_performs, name=f"performs_{step.value}")

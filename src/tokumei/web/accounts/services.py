"""Write use cases for organizations and users: one function, one transaction, audit inside."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.db import transaction

from tokumei.web.core.audit import Origin, record_event

from .models import Department, Organization, User
from .roles import Role

if TYPE_CHECKING:
    from tokumei.law.organization import OrganizationProfile


def ensure_role_groups() -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def sync_organization(profile: OrganizationProfile, *, origin: Origin, actor: User | None = None) -> Organization:
    """Create or update an organization and its departments from its profile (profiles are the source)."""
    org, created = Organization.objects.update_or_create(
        profile_id=profile.id,
        defaults={"name": profile.name, "body_name": profile.body_name, "kind": str(profile.kind.value)},
    )
    desk = profile.reception_desk
    Department.objects.update_or_create(
        organization=org,
        code=desk.code,
        defaults={"name": desk.name, "kind": Department.Kind.RECEPTION_DESK},
    )
    for division in profile.owning_divisions:
        Department.objects.update_or_create(
            organization=org,
            code=division.code,
            defaults={"name": division.name, "kind": Department.Kind.OWNING_DIVISION},
        )
    record_event(
        "accounts.organization_synced",
        actor=actor,
        origin=origin,
        organization=org,
        target=org,
        summary=f"機関プロファイル「{profile.id}」を{'登録' if created else '反映'}しました。",
        details={"profile_id": profile.id, "created": created},
    )
    return org


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    display_name: str,
    roles: Iterable[Role],
    origin: Origin,
    organization: Organization | None = None,
    department: Department | None = None,
    email: str = "",
    actor: User | None = None,
    password_hash: str | None = None,
) -> User:
    """Create a user with roles. Staff roles need an organization; a proposer has none.

    ``password_hash`` (a value of ``make_password``) replaces hashing ``password`` again: the demo gives its users
    one password, and hashing it once instead of twenty times saves ten seconds of ``make demo``."""
    role_set = frozenset(roles)
    if role_set - {Role.PROPOSER} and organization is None:
        msg = "職員の役割（提案窓口・主管課・決裁者・監査）には所属機関が必要です。"
        raise ValueError(msg)
    if Role.PROPOSER in role_set and organization is not None:
        msg = "提案者は行政機関の職員として登録できません。"
        raise ValueError(msg)
    if department is not None and department.organization_id != getattr(organization, "pk", None):
        msg = "部署は所属機関のものを指定してください。"
        raise ValueError(msg)
    ensure_role_groups()
    user = User.objects.create_user(
        username=username,
        password=None if password_hash else password,
        email=email,
        display_name=display_name,
        organization=organization,
        department=department,
    )
    if password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    user.groups.set(Group.objects.filter(name__in=[r.value for r in role_set]))
    role_names = "、".join(r.label for r in role_set)
    record_event(
        "accounts.user_created",
        actor=actor,
        origin=origin,
        organization=organization,
        target=user,
        summary=f"利用者「{display_name}」({username}) を登録しました（役割: {role_names}）。",
        details={"username": username, "roles": sorted(r.value for r in role_set)},
    )
    return user


@transaction.atomic
def deactivate_user(user: User, *, origin: Origin, actor: User | None = None) -> User:
    """Stop a user from logging in; the account and everything it did stay on record (the audit log refers to it)."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    record_event(
        "accounts.user_deactivated",
        actor=actor,
        origin=origin,
        organization=user.organization,
        target=user,
        summary=f"利用者「{user.display_name}」({user.username}) を無効にしました。",
    )
    return user

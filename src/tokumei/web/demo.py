"""Demo content for `make demo`: the five seed organizations, their desks and divisions, and a few users per
role. Loaded once (idempotent); later stages add their own demo content here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from tokumei.profiles import load_builtin_profiles
from tokumei.web.accounts.models import Department, Organization, User
from tokumei.web.accounts.roles import Role
from tokumei.web.accounts.services import create_user, ensure_role_groups, sync_organization
from tokumei.web.contracts.demo import load_contract_demo
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.legacy.demo import load_legacy_demo
from tokumei.web.production.demo import load_production_demo
from tokumei.web.proposals.demo import load_proposal_demo
from tokumei.web.register.demo import load_register_demo
from tokumei.web.reviews.demo import load_review_demo
from tokumei.web.solicitations.demo import load_solicitation_demo

DEMO_PASSWORD = "tokumei-demo-2026"  # noqa: S105 - printed for the demo; demo users only
DEMO_PROPOSER = "proposer-demo"

# Short login prefix per seed organization.
LOGIN_PREFIX = {
    "kumamoto-city": "kumamoto",
    "isa": "isa",
    "nara-police": "nara",
    "fukuoka-police": "fukuoka",
    "legacy-2017": "nta",
}

ROLE_SUFFIX = {
    Role.RECEPTION_DESK: ("desk", "窓口担当"),
    Role.OWNING_DIVISION: ("division", "主管課担当"),
    Role.APPROVER: ("approver", "決裁者"),
    Role.AUDITOR: ("auditor", "監査担当"),
}


def is_loaded() -> bool:
    return User.objects.filter(username=DEMO_PROPOSER).exists()


@transaction.atomic
def load_demo() -> bool:
    """Load the demo once. Returns False when it was already loaded (nothing is changed then)."""
    origin = Origin.command("demo")
    ensure_role_groups()
    profiles = load_builtin_profiles()
    for profile in profiles.values():
        sync_organization(profile, origin=origin)
    if is_loaded():
        return False
    hashed = make_password(DEMO_PASSWORD)
    for profile_id, prefix in LOGIN_PREFIX.items():
        org = Organization.objects.get(profile_id=profile_id)
        desk = org.departments.filter(kind=Department.Kind.RECEPTION_DESK).first()
        division = org.departments.filter(kind=Department.Kind.OWNING_DIVISION).first()
        for role, (suffix, label) in ROLE_SUFFIX.items():
            department = desk if role == Role.RECEPTION_DESK else division
            if role == Role.AUDITOR:
                department = None
            create_user(
                username=f"{prefix}-{suffix}",
                password=DEMO_PASSWORD,
                display_name=f"{org.body_name} {label}（デモ）",
                roles=[role],
                organization=org,
                department=department,
                origin=origin,
                password_hash=hashed,
            )
    create_user(
        username=DEMO_PROPOSER,
        password=DEMO_PASSWORD,
        password_hash=hashed,
        display_name="株式会社デモ分析（デモ提案者）",
        roles=[Role.PROPOSER],
        email="proposer@example.invalid",
        origin=origin,
    )
    files = load_register_demo(settings.DATA_DIR, origin)
    solicitations = load_solicitation_demo(origin)
    datasets = load_production_demo(origin)
    proposals = load_proposal_demo(origin)
    load_review_demo(origin)
    delivered = load_contract_demo(origin)
    historic = load_legacy_demo(origin)
    record_event(
        "demo.loaded",
        actor=None,
        origin=origin,
        summary=(
            f"デモデータを投入しました（個人情報ファイル {files} 件、提案の募集 {solicitations} 件、"
            f"作成した匿名加工情報 {datasets} 件、提案 {proposals} 件、提供済みの契約 {delivered} 件、"
            f"旧制度の案件 {historic} 件）。"
        ),
    )
    return True


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, organization, department, roles) of every demo user, for the printed login table."""
    rows = []
    for user in User.objects.select_related("organization", "department").order_by("organization", "username"):
        rows.append(
            (
                user.username,
                user.organization.body_name if user.organization else "（外部）",
                user.department.name if user.department else "",
                "、".join(user.role_labels),
            )
        )
    return rows

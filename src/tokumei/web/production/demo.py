"""Demo production: every proposal-target demo file gets one created dataset (run, encrypted, inspected by the
approver, recorded in the register), so the portal shows created datasets with the 法117条 items; and
`tokumei demo` queues one more run for the worker — the main job, with its progress on the page."""

from __future__ import annotations

from typing import Any

import yaml

from tokumei.web.accounts.models import User
from tokumei.web.accounts.roles import Role
from tokumei.web.core.audit import Origin
from tokumei.web.register.models import PersonalInformationFile

from . import services
from .models import ProductionRun

# The organization's own processing for the demo files (coarser than what proposers may choose: region, 20-year
# bands), so that every demo run meets 規則62条 with the files' policy (k=5, 2 % suppression).
BASE: dict[str, Any] = {
    "管理番号": "delete",
    "氏名": "delete",
    "電話番号": "delete",
    "個人番号": "delete",
    "郵便番号": "delete",
    "性別": {"keep": "quasi"},
    "生年月日": {"generalize": "age", "level": "band20", "reference": "2026-04-01"},
    "住所": {"generalize": "address", "level": "region"},
    "傷病名": {"keep": "sensitive", "suppress_rare": 5},
    "年収": {"band": 1000000, "top_code": 10000000, "role": "sensitive"},
    "国籍・地域": {"keep": "quasi", "suppress_rare": 5},
    "職業": {"keep": "quasi", "suppress_rare": 5},
}


def demo_recipe(file: PersonalInformationFile) -> str:
    columns_in_file = {r.source_column for r in file.record_items.all()}
    columns = {c: rule for c, rule in BASE.items() if c in columns_in_file}
    document: dict[str, Any] = {"version": 1, "columns": columns, "privacy": {"k": 5, "max_suppression": 0.02}}
    policy = file.current_policy
    if policy is not None and policy.person_key:
        document["person_key"] = policy.person_key
        columns[policy.person_key] = "pseudonymize"
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def _staff(file: PersonalInformationFile, role: Role) -> User | None:
    users = User.objects.filter(organization=file.organization, groups__name=role.value)
    if role == Role.OWNING_DIVISION:
        users = users.filter(department=file.division)
    return users.order_by("username").first()


def load_production_demo(origin: Origin) -> int:
    created = 0
    for file in PersonalInformationFile.objects.filter(is_proposal_target=True).select_related("organization"):
        if file.datasets.exists():
            continue
        runner, approver = _staff(file, Role.OWNING_DIVISION), _staff(file, Role.APPROVER)
        if runner is None or approver is None:
            continue
        run = ProductionRun.objects.create(
            file=file, title=f"{file.name}（匿名加工・デモ）", recipe_yaml=demo_recipe(file), requested_by=runner
        )
        run = services.execute(run.pk)
        if run.state == ProductionRun.State.SUCCEEDED:
            services.inspect(
                run, approve=True, note="デモ: 規則62条の各号と k=5 を確認した。", actor=approver, origin=origin
            )
            created += 1
    return created


def queue_main_job(origin: Origin) -> ProductionRun | None:
    """Queue one production run for the worker (unless one is already waiting or running)."""
    if ProductionRun.objects.filter(state__in=[ProductionRun.State.QUEUED, ProductionRun.State.RUNNING]).exists():
        return None
    file = PersonalInformationFile.objects.filter(
        organization__profile_id="kumamoto-city", is_proposal_target=True
    ).first()
    if file is None:
        return None
    runner = _staff(file, Role.OWNING_DIVISION)
    if runner is None:
        return None
    return services.request_run(
        file,
        title=f"{file.name}（匿名加工・ワーカーで実行）",
        recipe_yaml=demo_recipe(file),
        actor=runner,
        origin=origin,
    )

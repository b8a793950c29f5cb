"""Write use cases of the register: one function, one transaction, the audit event inside."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tokumei.law.register import DeterminationInput, DeterminationProblem, check_determination
from tokumei.web.accounts.models import User
from tokumei.web.core.audit import Origin, record_event

from .levels import check_offered_levels
from .models import AnonymizationPolicy, PersonalInformationFile, ProposalTargetDetermination, RecordItem


class RegisterRefusal(Exception):
    """A change the rules refuse; ``problems`` say which field and why (Japanese)."""

    def __init__(self, problems: list[DeterminationProblem]) -> None:
        self.problems = problems
        super().__init__(" ".join(p.message for p in problems))


FILE_FIELDS = (
    "register_number",
    "name",
    "purpose",
    "subjects_scope",
    "collection_method",
    "contains_sensitive",
    "contains_ordinance_sensitive",
    "regular_recipients",
    "request_office",
    "special_procedures",
    "file_type",
    "has_related_manual_file",
    "remarks",
    "published",
    "source_kind",
    "source_path",
    "source_query",
    "source_database_url",
)


def _snapshot(file: PersonalInformationFile) -> dict[str, Any]:
    return {name: getattr(file, name) for name in FILE_FIELDS}


@transaction.atomic
def save_file(file: PersonalInformationFile, *, actor: User, origin: Origin) -> PersonalInformationFile:
    """Create or update a register entry; the audit event lists the changed items (before → after)."""
    created = file.pk is None
    before = {} if created else _snapshot(PersonalInformationFile.objects.get(pk=file.pk))
    file.save()
    after = _snapshot(file)
    changes = {k: [before.get(k), v] for k, v in after.items() if created or before.get(k) != v}
    record_event(
        "register.file_created" if created else "register.file_changed",
        actor=actor,
        origin=origin,
        organization=file.organization,
        target=file,
        summary=f"個人情報ファイル「{file.name}」を{'登録' if created else '変更'}しました。",
        details={"changes": {k: [str(a) if a is not None else None, str(b)] for k, (a, b) in changes.items()}},
    )
    return file


@dataclass
class RecordItemInput:
    name: str
    description: str = ""
    source_column: str = ""
    classification: str = RecordItem.Classification.OTHER
    classification_confirmed: bool = False
    generalizer: str = ""
    offered_levels: list[str] = field(default_factory=list)
    withheld: bool = False
    withheld_reason: str = ""


def check_record_items(items: list[RecordItemInput]) -> list[DeterminationProblem]:
    problems: list[DeterminationProblem] = []
    seen: set[str] = set()
    for i, item in enumerate(items, start=1):
        where = f"record_items.{i}"
        if not item.name.strip():
            problems.append(DeterminationProblem(where, f"{i}番目の記録項目の名称を入力してください。"))
        elif item.name in seen:
            problems.append(DeterminationProblem(where, f"記録項目「{item.name}」が重複しています。"))
        seen.add(item.name)
        if item.offered_levels:
            for message in check_offered_levels(item.generalizer, item.offered_levels):
                problems.append(DeterminationProblem(where, f"記録項目「{item.name}」: {message}"))
            if item.classification in {
                RecordItem.Classification.DIRECT_IDENTIFIER,
                RecordItem.Classification.IDENTIFICATION_CODE,
            }:
                problems.append(
                    DeterminationProblem(
                        where,
                        f"記録項目「{item.name}」は個人を識別する記述又は個人識別符号のため、提供できる詳細度を設定できません"
                        "（規則62条1号・2号）。",
                    )
                )
        if item.withheld and not item.withheld_reason.strip():
            problems.append(
                DeterminationProblem(
                    where, f"記録項目「{item.name}」を提供しない理由（不開示情報の内容）を記入してください。"
                )
            )
    return problems


@transaction.atomic
def replace_record_items(
    file: PersonalInformationFile, items: list[RecordItemInput], *, actor: User, origin: Origin
) -> list[RecordItem]:
    problems = check_record_items(items)
    if problems:
        raise RegisterRefusal(problems)
    before = list(file.record_items.values("name", "classification", "generalizer", "offered_levels", "withheld"))
    file.record_items.all().delete()
    created = [
        RecordItem.objects.create(
            file=file,
            position=i,
            name=item.name.strip(),
            description=item.description,
            source_column=item.source_column,
            classification=item.classification,
            classification_confirmed=item.classification_confirmed,
            generalizer=item.generalizer,
            offered_levels=list(item.offered_levels),
            withheld=item.withheld,
            withheld_reason=item.withheld_reason,
        )
        for i, item in enumerate(items, start=1)
    ]
    record_event(
        "register.record_items_changed",
        actor=actor,
        origin=origin,
        organization=file.organization,
        target=file,
        summary=f"個人情報ファイル「{file.name}」の記録項目を更新しました（{len(created)}項目）。",
        details={
            "before": before,
            "after": [
                {
                    "name": r.name,
                    "classification": r.classification,
                    "generalizer": r.generalizer,
                    "offered_levels": r.offered_levels,
                    "withheld": r.withheld,
                }
                for r in created
            ],
        },
    )
    return created


@transaction.atomic
def determine_proposal_target(
    file: PersonalInformationFile, answer: DeterminationInput, *, actor: User, origin: Origin
) -> ProposalTargetDetermination:
    """Record a new version of the 法60条3項 determination and mirror it on the register entry (法110条1号)."""
    problems = check_determination(answer)
    if problems:
        raise RegisterRefusal(problems)
    locked = PersonalInformationFile.objects.select_for_update().get(pk=file.pk)
    version = (locked.determinations.aggregate(v=Max("version"))["v"] or 0) + 1
    determination = ProposalTargetDetermination.objects.create(
        file=locked,
        version=version,
        register_published=answer.register_published,
        register_published_reason=answer.register_published_reason,
        disclosable=answer.disclosable,
        disclosable_reason=answer.disclosable_reason,
        no_hindrance=answer.no_hindrance,
        no_hindrance_reason=answer.no_hindrance_reason,
        selected=answer.selected,
        reasons=answer.reasons,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    previous = locked.is_proposal_target
    locked.is_proposal_target = answer.selected
    locked.save(update_fields=["is_proposal_target", "updated_at"])
    file.is_proposal_target = answer.selected
    record_event(
        "register.determination_recorded",
        actor=actor,
        origin=origin,
        organization=locked.organization,
        target=locked,
        summary=(
            f"個人情報ファイル「{locked.name}」を提案募集の対象と{'する' if answer.selected else 'しない'}と"
            "判断しました"
            f"（第{version}版）。"
        ),
        details={"version": version, "selected": answer.selected, "previous": previous, "reasons": answer.reasons},
    )
    return determination


@dataclass(frozen=True)
class PolicyInput:
    k: int
    l_diversity: int | None
    sensitive_columns: list[str]
    max_suppression: Decimal
    rare_threshold: int | None
    person_key: str
    note: str = ""


def check_policy(file: PersonalInformationFile, policy: PolicyInput) -> list[DeterminationProblem]:
    problems: list[DeterminationProblem] = []
    if policy.k < 2:
        problems.append(DeterminationProblem("k", "k は 2 以上にしてください（1 では匿名化の効果がありません）。"))
    if policy.l_diversity is not None and policy.l_diversity < 2:
        problems.append(DeterminationProblem("l_diversity", "l は 2 以上にするか、空欄にしてください。"))
    if policy.l_diversity is not None and not policy.sensitive_columns:
        problems.append(
            DeterminationProblem("sensitive_columns", "l を設定するときは機微な属性の列を指定してください。")
        )
    if not (Decimal(0) <= policy.max_suppression <= Decimal("0.2")):
        problems.append(
            DeterminationProblem(
                "max_suppression", "レコード削除の上限は 0 以上 0.2（20%）以下の割合で指定してください。"
            )
        )
    columns = {c for c in file.record_items.values_list("source_column", flat=True) if c}
    for column in [*policy.sensitive_columns, *([policy.person_key] if policy.person_key else [])]:
        if columns and column not in columns:
            problems.append(
                DeterminationProblem(
                    "sensitive_columns" if column != policy.person_key else "person_key",
                    f"列「{column}」は記録項目のデータの列名にありません（{'、'.join(sorted(columns))}）。",
                )
            )
    return problems


@transaction.atomic
def set_policy(
    file: PersonalInformationFile, policy: PolicyInput, *, actor: User, origin: Origin
) -> AnonymizationPolicy:
    """Record a new version of the file's anonymization policy (set by the owning division)."""
    problems = check_policy(file, policy)
    if problems:
        raise RegisterRefusal(problems)
    locked = PersonalInformationFile.objects.select_for_update().get(pk=file.pk)
    version = (locked.policies.aggregate(v=Max("version"))["v"] or 0) + 1
    row = AnonymizationPolicy.objects.create(
        file=locked,
        version=version,
        k=policy.k,
        l_diversity=policy.l_diversity,
        sensitive_columns=list(policy.sensitive_columns),
        max_suppression=policy.max_suppression,
        rare_threshold=policy.rare_threshold,
        person_key=policy.person_key,
        note=policy.note,
        set_by=actor,
        set_at=timezone.now(),
    )
    record_event(
        "register.policy_set",
        actor=actor,
        origin=origin,
        organization=locked.organization,
        target=locked,
        summary=f"個人情報ファイル「{locked.name}」の匿名加工の方針を設定しました（第{version}版、k={policy.k}）。",
        details={
            "version": version,
            "k": policy.k,
            "l": policy.l_diversity,
            "sensitive_columns": policy.sensitive_columns,
            "max_suppression": str(policy.max_suppression),
            "rare_threshold": policy.rare_threshold,
            "person_key": policy.person_key,
        },
    )
    return row

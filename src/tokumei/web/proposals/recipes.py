"""The proposal's processing specification compiled to an engine recipe (法112条2項4号; ARCHITECTURE principle 3).

The rules (what is deleted, pseudonymized, generalized) are in :mod:`tokumei.law.processing`; this module reads the
register and validates the document with the engine, so the stored YAML is exactly what ``tokumei assess`` reads.
"""

from __future__ import annotations

from datetime import date

from tokumei.engine import parse_recipe
from tokumei.law.processing import ItemSpec, PolicySpec, compile_recipe_document
from tokumei.web.register.levels import level_label
from tokumei.web.register.models import PersonalInformationFile


def item_specs(file: PersonalInformationFile) -> tuple[ItemSpec, ...]:
    return tuple(
        ItemSpec(
            name=i.name,
            source_column=i.source_column,
            classification=i.classification,
            generalizer=i.generalizer,
            offered_levels=tuple(i.offered_levels) if i.is_offered else (),
            withheld=i.withheld,
        )
        for i in file.record_items.all()
    )


def policy_spec(file: PersonalInformationFile) -> PolicySpec | None:
    p = file.current_policy
    if p is None:
        return None
    return PolicySpec(
        k=p.k,
        l_diversity=p.l_diversity,
        sensitive_columns=tuple(p.sensitive_columns),
        max_suppression=float(p.max_suppression),
        rare_threshold=p.rare_threshold,
        person_key=p.person_key,
    )


def compile_yaml(
    file: PersonalInformationFile, choices: dict[str, str | None], *, sample_subjects: int | None, reference: date
) -> str:
    """The recipe YAML for these choices, or "" while the choices are incomplete/invalid or the file has no policy
    (the pre-check tells the proposer what is missing)."""
    policy = policy_spec(file)
    items = item_specs(file)
    if policy is None or not any(v for v in choices.values()):
        return ""
    offered = {i.name: i.offered_levels for i in items}
    if any(level is not None and level not in offered.get(name, ()) for name, level in choices.items()):
        return ""
    document = compile_recipe_document(items, policy, choices, sample_subjects=sample_subjects, reference=reference)
    return parse_recipe(document).to_yaml()


def choice_lines(file: PersonalInformationFile, choices: dict[str, str | None]) -> tuple[str, ...]:
    """Item 4 as the printed form shows it: one line per record item."""
    lines = []
    for item in file.record_items.all():
        if not item.is_offered:
            continue
        level = choices.get(item.name)
        text = level_label(item.generalizer, level) if level else "提供を求めない"
        lines.append(f"{item.name}: {text}")
    return tuple(lines)

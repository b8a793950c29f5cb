"""The processing specification of a proposal (法112条2項4号) and the engine recipe it compiles to.

A proposal chooses, for each record item the register offers, either "not wanted" or one of the offered detail
levels (named by the engine's level aliases). Together with the file's anonymization policy this *is* the
processing method (ARCHITECTURE.md principle 3), written as a recipe document (``docs/engine.md``, version 1)
that ``tokumei assess`` accepts unchanged:

- 規則62条1号: descriptions that identify a person (``direct_identifier``) → ``delete``;
- 規則62条2号: individual identification codes (``identification_code``) → ``delete``;
- 規則62条3号: codes linking to other data (``linking_code``) → ``pseudonymize`` (random, unrecoverable) when the
  proposal asks for it, or when it is the policy's person key; otherwise ``delete``;
- 法60条3項 (withheld information) and items not wanted → left out (the engine drops unnamed columns);
- chosen items → ``{generalize: …, level: …}`` or ``{keep: quasi|sensitive|other}``;
- privacy targets from the policy (k, l, max_suppression, rare), the person key, and ``sample: {subjects: N}``
  for a random sample (法112条2項3号).

Pure: returns a plain ``dict``; the web layer validates it with ``tokumei.engine.parse_recipe`` (law never imports
the engine).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["GENERALIZERS", "ItemSpec", "PolicySpec", "compile_recipe_document", "describe_choice"]

GENERALIZERS = frozenset({"address", "date", "age", "postal"})
"""Record-item generalizers that map to the engine's ``generalize`` chains; ``value`` means keep as recorded."""

_ALWAYS_DELETED = frozenset({"direct_identifier", "identification_code"})


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """A record item with its engine metadata, as the register holds it."""

    name: str
    source_column: str
    classification: str
    generalizer: str
    offered_levels: tuple[str, ...]
    withheld: bool = False


@dataclass(frozen=True, slots=True)
class PolicySpec:
    """The file's anonymization policy (set by the owning division; the PPC sets no number)."""

    k: int
    l_diversity: int | None
    sensitive_columns: tuple[str, ...]
    max_suppression: float
    rare_threshold: int | None
    person_key: str


def _rule(item: ItemSpec, level: str, sensitive: bool, reference: date) -> str | dict[str, Any]:
    if item.generalizer in GENERALIZERS:
        rule: dict[str, Any] = {"generalize": item.generalizer, "level": level}
        if item.generalizer == "age":
            rule["reference"] = reference.isoformat()
        if sensitive:
            rule["role"] = "sensitive"
        return rule
    if sensitive:
        return {"keep": "sensitive"}
    return {"keep": "quasi" if item.classification == "quasi_identifier" else "other"}


def compile_recipe_document(
    items: tuple[ItemSpec, ...],
    policy: PolicySpec,
    choices: Mapping[str, str | None],
    *,
    sample_subjects: int | None,
    reference: date,
) -> dict[str, Any]:
    """The recipe document (version 1) for a proposal's choices over ``items`` under ``policy``.

    ``choices`` maps item name → chosen level alias, or ``None`` / absent for "not wanted". A level the item does
    not offer is a programmer error here (the pre-check reports it to the proposer first): ``ValueError``.
    ``reference`` is the date ages are computed at (the proposal date).
    """
    columns: dict[str, Any] = {}
    for item in items:
        column = item.source_column or item.name
        level = choices.get(item.name)
        if item.classification in _ALWAYS_DELETED:
            columns[column] = "delete"  # 規則62条1号・2号
            continue
        if item.classification == "linking_code":
            wanted = level is not None and not item.withheld
            columns[column] = "pseudonymize" if wanted or column == policy.person_key else "delete"  # 3号
            continue
        if item.withheld or level is None:
            if column == policy.person_key:
                columns[column] = "pseudonymize"
            continue
        if level not in item.offered_levels:
            msg = f"level {level!r} is not offered for item {item.name!r}; offered: {', '.join(item.offered_levels)}"
            raise ValueError(msg)
        sensitive = item.classification == "sensitive" or column in policy.sensitive_columns
        columns[column] = _rule(item, level, sensitive, reference)
    privacy: dict[str, Any] = {"k": policy.k, "max_suppression": float(policy.max_suppression)}
    has_sensitive = any(
        isinstance(rule, dict) and (rule.get("keep") == "sensitive" or rule.get("role") == "sensitive")
        for rule in columns.values()
    )
    if policy.l_diversity is not None and has_sensitive:
        privacy["l"] = policy.l_diversity
    if policy.rare_threshold is not None:
        privacy["rare"] = policy.rare_threshold
    document: dict[str, Any] = {"version": 1, "columns": columns, "privacy": privacy}
    if policy.person_key and policy.person_key in columns:
        document["person_key"] = policy.person_key
    if sample_subjects is not None:
        document["sample"] = {"subjects": sample_subjects}
    return document


def describe_choice(item: ItemSpec, level: str | None, level_label: str) -> str:
    """How the proposal form prints one item's choice, e.g. 「住所: 都道府県」 or 「氏名: 提供を求めない」."""
    if item.classification in _ALWAYS_DELETED:
        return f"{item.name}: 削除（規則62条）"
    if level is None:
        return f"{item.name}: 提供を求めない"
    return f"{item.name}: {level_label}"

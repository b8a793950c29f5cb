"""The least coarsening of a proposal's recipe that would meet the file's policy (criterion ③, 規則62条).

When the proposer's levels fail the assessment, the division explains to the proposer what would pass. This runs
the engine's lattice search (:func:`tokumei.engine.search.search`) with the proposal's levels as the floor, the same
way the ``tokumei search`` command prepares the hierarchies (kept here so that the web layer does not import CLI
modules). It returns plain data for the review to store and the panel to word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from tokumei.engine.errors import EngineError
from tokumei.engine.hierarchies import generalizer_for
from tokumei.engine.hierarchies.chains import level_alias
from tokumei.engine.search import LatticeError, SearchParameterError, search

_COUNT = "__tokumei_count"


@dataclass(frozen=True)
class Coarsening:
    """The search's answer: the levels that would pass (``None``: nothing within the offered levels passes)."""

    feasible: bool
    levels: dict[str, str | int] = field(default_factory=dict)
    raised: dict[str, tuple[str | int, str | int]] = field(default_factory=dict)
    """Only the columns whose level must go up: column → (proposed level, level needed)."""
    suppressed: int = 0
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "feasible": self.feasible,
            "levels": self.levels,
            "raised": {k: list(v) for k, v in self.raised.items()},
            "suppressed": self.suppressed,
            "note": self.note,
        }

    def wording(self) -> str:
        """「住所: prefecture → region」 etc., for the panel's evidence sentence."""
        if not self.feasible:
            return "提案された詳細度を上げる範囲では基準を満たす加工が見つかりません（記録項目の削除等を検討）"
        if not self.raised:
            return "詳細度の変更なし（抑制のみで満たせます）"
        return "、".join(f"{name}を「{old}」から「{new}」に" for name, (old, new) in self.raised.items())


def _hierarchies(
    recipe: Any, counted: pl.DataFrame
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame], dict[str, int], dict[str, int]]:
    columns: dict[str, pl.Series] = {}
    tables: dict[str, pl.DataFrame] = {}
    floor: dict[str, int] = {}
    ceiling: dict[str, int] = {}
    for name in recipe.quasi_identifiers:
        rule = recipe.columns[name]
        if rule.generalize == "hierarchy":
            from tokumei.engine.hierarchies.arx import read_arx_hierarchy

            table = read_arx_hierarchy(recipe.hierarchy_path(name))
            raw = counted.get_column(name).cast(pl.String).str.strip_chars()
            known = raw.is_in(table.get_column(table.columns[0]).implode()).fill_null(False)
            values = pl.select(pl.when(known).then(raw).alias(name)).to_series()
        else:
            generalizer = generalizer_for(rule)
            prepared = generalizer.prepare(counted.get_column(name))
            values = prepared.values.cast(pl.String)
            table = generalizer.hierarchy_table(values, prepared=True)
        depth = table.width
        if values.null_count():
            table = pl.concat([table, pl.DataFrame({c: [""] for c in table.columns})], how="vertical")
            values = values.fill_null("")
        columns[name] = values
        tables[name] = table
        floor[name] = rule.level_index(depth)
        ceiling[name] = depth - 1
    return pl.DataFrame(columns), tables, floor, ceiling


def least_coarsening(recipe: Any, frame: pl.DataFrame) -> Coarsening:
    """Search upwards from the recipe's levels for the least-loss levels meeting its k / l / suppression budget."""
    privacy = recipe.privacy
    sensitive = [c for c in recipe.sensitive_columns if c not in recipe.quasi_identifiers] if privacy.l else []
    needed = [c for c in dict.fromkeys([*recipe.quasi_identifiers, *sensitive]) if c in frame.columns]
    if not recipe.quasi_identifiers:
        return Coarsening(False, note="準識別子がないため、詳細度の探索はできません。")
    try:
        counted = frame.select(needed).group_by(needed).agg(pl.len().alias(_COUNT))
        data, tables, floor, ceiling = _hierarchies(recipe, counted)
        data = data.with_columns(*[counted.get_column(n) for n in sensitive], counted.get_column(_COUNT))
        result = search(
            data,
            tables,
            k=privacy.k,
            max_suppression=privacy.max_suppression,
            l=privacy.l,
            sensitive=sensitive or None,
            floor=floor,
            ceiling=ceiling,
            count_column=_COUNT,
            time_budget=20.0,
        )
    except (EngineError, LatticeError, SearchParameterError, ValueError) as exc:
        return Coarsening(False, note=str(exc).split("\n")[0])
    if result.levels is None:
        return Coarsening(False, suppressed=int(result.suppressed or 0))
    levels: dict[str, str | int] = {}
    raised: dict[str, tuple[str | int, str | int]] = {}
    for name, index in result.levels.items():
        kind = recipe.columns[name].chain_kind or "value"
        levels[name] = level_alias(kind, index)
        if index > floor[name]:
            raised[name] = (level_alias(kind, floor[name]), levels[name])
    return Coarsening(True, levels, raised, int(result.suppressed or 0))

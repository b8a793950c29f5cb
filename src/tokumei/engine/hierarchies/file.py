"""The ``hierarchy`` generalizer: levels read from an ARX-format CSV (value, then one column per level)."""

from __future__ import annotations

import polars as pl

from tokumei.engine.hierarchies.base import Generalizer, Prepared
from tokumei.engine.hierarchies.chains import SUPPRESSED
from tokumei.engine.hierarchies.table import level_columns, validate_hierarchy

__all__ = ["HierarchyGeneralizer"]


class HierarchyGeneralizer(Generalizer):
    """Levels 0 … n-1 are the columns of ``table`` (``level_0`` … ``level_{n-1}``); a value that the table does
    not list is unparseable (cell-suppressed and reported)."""

    kind = "hierarchy"

    def __init__(self, table: pl.DataFrame, *, name: str = "hierarchy") -> None:
        validate_hierarchy(table, name=name)
        self.table = table
        self.name = name

    @property
    def levels(self) -> list[str]:
        return [str(i) for i in range(self.table.width)]

    def prepare(self, values: pl.Series) -> Prepared:
        raw = values.cast(pl.String).str.strip_chars()
        known = raw.is_in(self.table["level_0"].implode())
        out = raw.zip_with(known.fill_null(False), pl.Series([None] * raw.len(), dtype=pl.String))
        return Prepared(out.rename(values.name), (raw.is_not_null() & ~known.fill_null(False)).rename(values.name))

    def generalize(self, level0: pl.Series, level: int | str) -> pl.Series:
        idx = self.level_index(level)
        if idx == 0:
            return level0.cast(pl.String)
        return level0.cast(pl.String).replace_strict(
            self.table["level_0"], self.table[f"level_{idx}"], default=None, return_dtype=pl.String
        )

    def _chain(self, level0: pl.Series) -> list[pl.Series]:
        frame = pl.DataFrame({"level_0": level0.cast(pl.String)}).join(self.table, on="level_0", how="left")
        return [frame[c] for c in level_columns(self.table.width)]

    @property
    def root(self) -> str:
        roots = self.table[f"level_{self.table.width - 1}"].unique()
        return str(roots[0]) if roots.len() == 1 else SUPPRESSED

"""The generalizer protocol: one ordered level chain per column.

A :class:`Generalizer` works in two steps:

1. :meth:`Generalizer.prepare` parses the raw column into its **level-0 labels** (a date becomes ``2026-04-01``,
   a birth date becomes an age ``45歳``, a number is top-coded/banded, …). A blank stays null (a missing value); a
   non-blank value that cannot be parsed becomes null too and is flagged in ``unparseable`` (cell suppression).
2. :meth:`Generalizer.generalize` maps level-0 labels to the labels of any level of the chain.

:meth:`Generalizer.hierarchy_table` materializes the chain for a column as a ``level_0 … level_n`` frame, the shape
ARX hierarchy files are read into (:mod:`tokumei.engine.hierarchies.table`), so that the lattice search can treat
shipped chains and user files alike.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import polars as pl

from tokumei.engine.hierarchies.chains import CHAINS, SUPPRESSED, level_index
from tokumei.engine.hierarchies.table import level_columns

__all__ = ["Generalizer", "Prepared", "ValueGeneralizer"]


@dataclass(frozen=True)
class Prepared:
    """Level-0 labels of a column (String, row-aligned) and the mask of cells that could not be parsed."""

    values: pl.Series
    unparseable: pl.Series

    @property
    def unparseable_count(self) -> int:
        return int(self.unparseable.sum())


class Generalizer(ABC):
    """An ordered chain of levels for one column: index 0 = the original (parsed) value, last = ``*``."""

    kind: str = "value"

    @property
    def levels(self) -> list[str]:
        """The aliases of the levels, in order (``levels[i]`` names level i)."""
        return list(CHAINS[self.kind])

    @property
    def depth(self) -> int:
        return len(self.levels)

    def level_index(self, level: int | str) -> int:
        """The index of a level given by alias or index; ``ValueError`` if it is not in the chain."""
        idx = level_index(self.kind, level, self.depth)
        if idx is None:
            raise ValueError(f"level {level!r} is not one of {self.levels}")
        return idx

    @abstractmethod
    def prepare(self, values: pl.Series) -> Prepared:
        """Parse raw values (any dtype) into level-0 labels; see the module docstring."""

    @abstractmethod
    def _chain(self, level0: pl.Series) -> list[pl.Series]:
        """For distinct, non-null level-0 labels, the labels at every level (index 0 = the input itself)."""

    def hierarchy_table(self, values: pl.Series, *, prepared: bool = False) -> pl.DataFrame:
        """The explicit hierarchy of this column: one row per distinct level-0 label, columns ``level_0`` …
        ``level_{depth-1}`` (strings; the last is ``*``). ``values`` are raw column values unless ``prepared``;
        missing and unparseable values have no row.
        """
        level0 = values if prepared else self.prepare(values).values
        distinct = level0.cast(pl.String).drop_nulls().unique().sort()
        chain = self._chain(distinct)
        cols = level_columns(len(chain))
        return pl.DataFrame(
            [s.cast(pl.String).rename(name) for s, name in zip(chain, cols, strict=True)],
        )

    def generalize(self, level0: pl.Series, level: int | str) -> pl.Series:
        """Row-aligned labels at ``level`` for prepared level-0 labels (nulls stay null)."""
        idx = self.level_index(level)
        name = level0.name
        if idx == 0:
            return level0.cast(pl.String)
        if idx == self.depth - 1:  # "*" for every present value; a missing value stays missing
            return pl.select(pl.when(level0.is_null()).then(None).otherwise(pl.lit(SUPPRESSED)).alias(name)).to_series()
        table = self.hierarchy_table(level0, prepared=True)
        return (
            level0.cast(pl.String)
            .replace_strict(table["level_0"], table[f"level_{idx}"], default=None, return_dtype=pl.String)
            .rename(name)
        )


class ValueGeneralizer(Generalizer):
    """Two levels: the value as it is, or ``*``. Used for ``keep`` columns; subclasses code numbers first."""

    kind = "value"

    def prepare(self, values: pl.Series) -> Prepared:
        out = values.cast(pl.String)
        return Prepared(out, pl.Series(values.name, [False] * values.len(), dtype=pl.Boolean))

    def _chain(self, level0: pl.Series) -> list[pl.Series]:
        return [level0, pl.Series([SUPPRESSED] * level0.len(), dtype=pl.String)]

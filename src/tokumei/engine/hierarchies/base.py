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

__all__ = ["MISSING_KEY", "Generalizer", "Keys", "Prepared", "ValueGeneralizer"]

MISSING_KEY = "\x00missing"
"""The key of a missing value (keys are never null inside a scan, so that a join can match them)."""


@dataclass(frozen=True)
class Prepared:
    """Level-0 labels of a column (String, row-aligned) and the mask of cells that could not be parsed."""

    values: pl.Series
    unparseable: pl.Series

    @property
    def unparseable_count(self) -> int:
        return int(self.unparseable.sum())


class Keys(ABC):
    """A generalizer's column reduced to **keys**: from level :attr:`floor` up, the labels — and whether a value
    parses at all — are a function of a key of the value with far fewer distinct values than the column (an
    address's head: its prefecture and municipality, not the street). A search or a streaming assessment whose
    level is at or above the floor reduces the column to its keys inside the scan and never holds its distinct
    raw values (100M street addresses)."""

    floor: int

    @abstractmethod
    def level0(self, raw: pl.Expr) -> pl.Expr:
        """The level-0 label of raw values as an expression, for the values that parse (to count the original
        values under a key; a value that does not parse may get any label)."""

    @abstractmethod
    def key(self, level0: pl.Expr) -> pl.Expr:
        """The key of level-0 labels (null for a missing value)."""

    @abstractmethod
    def chain(self, keys: pl.Series) -> tuple[list[pl.Series], pl.Series]:
        """The labels at levels :attr:`floor` … last (aligned with ``keys``), and the mask of keys whose values
        parse (False for the others, unparseable as :meth:`Generalizer.prepare` flags them, and for a null or
        missing key)."""

    def source(self, raw: pl.Expr) -> pl.Expr:
        """The key of raw values, :data:`MISSING_KEY` for a missing one."""
        return self.key(self.level0(raw)).fill_null(MISSING_KEY)


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

    def keys_at(self, level: int | str) -> Keys | None:
        """How a column generalized at ``level`` reduces to keys inside a scan (:class:`Keys`), or None when its
        labels there need the raw values themselves (no key, or ``level`` below the key floor)."""
        keys = self.keys()
        return keys if keys is not None and self.level_index(level) >= keys.floor else None

    def keys(self) -> Keys | None:
        """The generalizer's :class:`Keys`; None (the default) when it has none."""
        return None

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

"""Privacy models computed on frequency tables (ARCHITECTURE principle 4).

A **frequency table** has one row per distinct combination of quasi-identifier values (nulls are a value of their
own), a ``count`` column (records) and a ``subjects`` column (distinct persons; equal to ``count`` unless the file
has several records per person). Every function here is pure and takes such a table, so that the lattice search
can evaluate candidate generalizations without touching the rows.

* k-anonymity: the smallest number of subjects in a class (:func:`k_anonymity`).
* distinct l-diversity: per class, the number of distinct non-null values of a sensitive column
  (:func:`l_diversity`, computed on a table grouped by the quasi-identifiers *and* the sensitive column).
* t-closeness: the largest distance between a class's distribution of a sensitive column and the whole table's
  (equal ground distance — total variation — for categories, ordered EMD for numbers; :func:`t_closeness`).
* record suppression within a budget (:func:`plan_suppression`), as ARX does: whole classes that fail are removed,
  and the run is acceptable only if the removed records fit ``floor(max_suppression × N)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

__all__ = [
    "COUNT",
    "SUBJECTS",
    "SuppressionPlan",
    "class_size_histogram",
    "frequency_table",
    "k_anonymity",
    "l_diversity",
    "l_per_class",
    "plan_suppression",
    "suppression_limit",
    "t_closeness",
    "t_per_class",
]

COUNT = "count"
SUBJECTS = "subjects"


def frequency_table(
    frame: pl.DataFrame | pl.LazyFrame,
    quasi: Sequence[str],
    *,
    person_key: str | None = None,
) -> pl.DataFrame:
    """Group rows by the quasi-identifiers: QI columns + ``count`` (records) + ``subjects`` (distinct persons).

    With no quasi-identifier the whole table is one class. ``person_key`` values that are null count as one person
    per record.
    """
    for reserved in (COUNT, SUBJECTS):
        if reserved in quasi or reserved == person_key:
            raise ValueError(f"column name {reserved!r} is reserved in frequency tables; rename the column")
    lf = frame.lazy()
    if person_key is None:
        subjects = pl.len().alias(SUBJECTS)
    else:
        subjects = (pl.col(person_key).drop_nulls().n_unique() + pl.col(person_key).is_null().sum()).alias(SUBJECTS)
    aggs = [pl.len().alias(COUNT), subjects]
    if not quasi:
        out = lf.select(aggs).collect()
    else:
        out = lf.group_by(list(quasi)).agg(aggs).collect()
    return out.with_columns(pl.col(COUNT).cast(pl.Int64), pl.col(SUBJECTS).cast(pl.Int64))


def k_anonymity(freq: pl.DataFrame, *, count: str = SUBJECTS) -> int:
    """The k of a frequency table: the smallest class (in ``count``); 0 for an empty table."""
    if freq.height == 0:
        return 0
    value = freq[count].min()
    return int(value) if isinstance(value, int | float) else 0


def class_size_histogram(freq: pl.DataFrame, *, count: str = SUBJECTS) -> dict[int, int]:
    """Class size → number of classes of that size, ascending."""
    hist = freq.group_by(count).agg(pl.len().alias("classes")).sort(count)
    return {int(s): int(n) for s, n in hist.iter_rows()}


def l_per_class(freq_s: pl.DataFrame, quasi: Sequence[str], sensitive: str) -> pl.DataFrame:
    """Per class (QI columns), the number of distinct non-null values of ``sensitive`` as column ``l``.

    ``freq_s`` is a table with the QIs, the sensitive column and any count columns — e.g.
    ``frequency_table(df, [*quasi, sensitive])`` — or the rows themselves.
    """
    agg = pl.col(sensitive).drop_nulls().n_unique().cast(pl.Int64).alias("l")
    if not quasi:
        return freq_s.select(agg)
    return freq_s.group_by(list(quasi)).agg(agg)


def l_diversity(freq_s: pl.DataFrame, quasi: Sequence[str], sensitive: str) -> int:
    """Distinct l-diversity of one sensitive column: the smallest number of distinct values in any class."""
    per = l_per_class(freq_s, quasi, sensitive)
    if per.height == 0:
        return 0
    value = per["l"].min()
    return int(value) if isinstance(value, int | float) else 0


_LEADING_NUMBER = r"^[+\-]?\d+(?:\.\d+)?"


def _order_key(values: pl.Series) -> pl.Series | None:
    """Numeric sort keys when every value starts with a number (``1200``, ``30-39``, ``8000000以上``, ``40-59歳``),
    else ``None`` (the values are categories)."""
    present = values.drop_nulls().cast(pl.String)
    if present.len() == 0:
        return None
    keys = values.cast(pl.String).str.extract(_LEADING_NUMBER, 0).cast(pl.Float64)
    if keys.drop_nulls().len() != present.len():
        return None
    # "B以下" sorts before B, "T以上" after T
    bump = (
        pl.when(values.cast(pl.String).str.ends_with("以上"))
        .then(0.5)
        .when(values.cast(pl.String).str.ends_with("以下"))
        .then(-0.5)
        .otherwise(0.0)
    )
    return pl.select(pl.lit(keys) + bump).to_series()


def t_per_class(
    freq_s: pl.DataFrame,
    quasi: Sequence[str],
    sensitive: str,
    *,
    count: str | None = COUNT,
    ordered: bool | None = None,
) -> pl.DataFrame:
    """Per class, the distance ``t`` between the class's distribution of ``sensitive`` and the overall one.

    Categories use the equal ground distance (total variation distance, ½ Σ|p − q|); numbers and numeric labels
    (every value starts with a number: ``1200``, ``30-39``, ``8000000以上``) use the ordered EMD of Li et al.
    (Σ|cumulative difference| / (m − 1)); ``ordered=False`` forces categories.
    ``count`` names a column of weights (``None``: one per row).
    """
    weight = pl.col(count) if count is not None and count in freq_s.columns else pl.lit(1, dtype=pl.Int64)
    base = freq_s.filter(pl.col(sensitive).is_not_null()).select(
        *[pl.col(q) for q in quasi], pl.col(sensitive), weight.alias("__w")
    )
    values = base.group_by(sensitive).agg(pl.col("__w").sum().alias("__total"))
    key = _order_key(values[sensitive])
    if ordered is None:
        ordered = key is not None
    if ordered and key is not None:
        values = values.with_columns(key.alias("__key")).sort("__key", sensitive)
    else:
        ordered = False
        values = values.sort(sensitive)
    values = values.with_row_index("__pos")
    m = values.height
    grand = float(values["__total"].sum()) if m else 0.0
    keys = list(quasi)
    if not keys:
        base = base.with_columns(pl.lit(0).alias("__class"))
        keys = ["__class"]
    cls = base.group_by([*keys, sensitive]).agg(pl.col("__w").sum().alias("__n"))
    classes = cls.select(keys).unique()
    grid = classes.join(values.select(sensitive, "__pos", "__total"), how="cross")
    grid = grid.join(cls, on=[*keys, sensitive], how="left", nulls_equal=True).with_columns(pl.col("__n").fill_null(0))
    grid = grid.with_columns(
        (pl.col("__n") / pl.col("__n").sum().over(keys)).alias("__p"),
        (pl.col("__total") / grand).alias("__q"),
    ).sort([*keys, "__pos"], nulls_last=True)
    if ordered and m > 1:
        dist = (((pl.col("__p") - pl.col("__q")).cum_sum().over(keys, order_by="__pos")).abs().sum() / (m - 1)).alias(
            "t"
        )
    else:
        dist = ((pl.col("__p") - pl.col("__q")).abs().sum() / 2).alias("t")
    out = grid.group_by(keys).agg(dist)
    return out if quasi else out.drop("__class")


def t_closeness(
    freq_s: pl.DataFrame,
    quasi: Sequence[str],
    sensitive: str,
    *,
    count: str | None = COUNT,
    ordered: bool | None = None,
) -> float:
    """The t of a table: the largest per-class distance (0.0 for an empty table)."""
    per = t_per_class(freq_s, quasi, sensitive, count=count, ordered=ordered)
    if per.height == 0:
        return 0.0
    value = per["t"].max()
    return float(value) if isinstance(value, int | float) else 0.0


def suppression_limit(records: int, max_suppression: float) -> int:
    """Records that may be removed: ``floor(max_suppression × records)`` (ARX's rule), guarded against float
    noise (0.07 × 100 is 7, not 7.000000000000001 → 7 either way, and 0.29 × 100 = 28.999… → 29)."""
    return math.floor(max_suppression * records + 1e-9)


@dataclass(frozen=True)
class SuppressionPlan:
    """Which classes to remove. ``freq`` is the input table with a boolean ``suppress`` column."""

    freq: pl.DataFrame
    required: int
    """Records in classes that fail the targets."""
    suppressed: int
    """Records actually removed (≤ ``limit``)."""
    limit: int
    within_budget: bool
    """True when every failing class could be removed within the limit."""


def plan_suppression(
    freq: pl.DataFrame,
    *,
    k: int,
    limit: int,
    fails: pl.Series | None = None,
    count: str = COUNT,
    size: str = SUBJECTS,
) -> SuppressionPlan:
    """Remove every class smaller than ``k`` (in ``size``) or flagged in ``fails`` (row-aligned with ``freq``),
    if their records (``count``) fit in ``limit``. When they do not fit, remove the smallest failing classes first
    while they fit, so that the output never exceeds the budget; ``within_budget`` is then false.
    """
    failing = pl.col(size) < k
    frame = freq.with_columns(failing.alias("__fail"))
    if fails is not None:
        frame = frame.with_columns((pl.col("__fail") | fails.fill_null(False)).alias("__fail"))
    required = int(frame.filter(pl.col("__fail"))[count].sum())
    if required <= limit:
        out = frame.rename({"__fail": "suppress"})
        return SuppressionPlan(out, required, required, limit, True)
    order = (
        frame.with_row_index("__i")
        .filter(pl.col("__fail"))
        .sort([size, count, "__i"])
        .with_columns(pl.col(count).cum_sum().alias("__cum"))
        .filter(pl.col("__cum") <= limit)
    )
    chosen = order["__i"]
    out = (
        frame.with_row_index("__i")
        .with_columns(pl.col("__i").is_in(chosen.implode()).alias("suppress"))
        .drop("__i", "__fail")
    )
    done = int(order[count].sum()) if order.height else 0
    return SuppressionPlan(out, required, done, limit, False)

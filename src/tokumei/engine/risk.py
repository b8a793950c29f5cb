"""Re-identification risk and information loss, on frequency tables.

Risk models (per subject; a class of size f among n subjects):

* **prosecutor** — the attacker knows the person is in the released data: risk 1/f; max = 1/min f,
  mean = classes / n.
* **journalist** — the attacker only knows the person is in the population (the whole file when the release is a
  sample, ``sample: {subjects: N}``): risk 1/F with F the size of the matching class in the population.
* **marketer** — the share of subjects an attacker re-identifies when linking everybody: (1/n) Σ f/F; the same
  number is reported as max and mean.

Information loss (per quasi-identifier j, over all input records): a kept record costs
(leaves − 1)/(D_j − 1), where D_j is the number of distinct original values and leaves the number of distinct
original values that share the record's output label (Iyengar's loss metric, as ARX uses it); a removed record
costs 1. ``loss`` aggregates the columns with ARX's geometric mean, Π(1 + l_j)^(1/m) − 1, and ``granularity``
is 1 − the arithmetic mean of the l_j.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from tokumei.engine.privacy import SUBJECTS

__all__ = ["column_loss", "information_loss", "risk_metrics", "uniques"]


def _ratio(a: float, b: float) -> float:
    return float(a) / float(b) if b else 0.0


def risk_metrics(
    freq: pl.DataFrame,
    quasi: Sequence[str],
    *,
    population: pl.DataFrame | None = None,
    size: str = SUBJECTS,
) -> dict[str, dict[str, float]]:
    """``{"prosecutor": {"max", "mean"}, "journalist": {…}, "marketer": {…}}`` for a released frequency table.

    ``population`` is the frequency table of the population with the same QI columns (default: the release
    itself, so journalist risk equals prosecutor risk).
    """
    n = float(freq[size].sum()) if freq.height else 0.0
    if n == 0:
        zero = {"max": 0.0, "mean": 0.0}
        return {"prosecutor": dict(zero), "journalist": dict(zero), "marketer": dict(zero)}
    classes = freq.height
    smallest = int(freq[size].min())  # type: ignore[arg-type]
    prosecutor = {"max": _ratio(1, smallest), "mean": _ratio(classes, n)}
    if population is None:
        # the release is its own population: each class (a row) meets only itself, so the journalist's risk is the
        # prosecutor's (no self-join of a table of tens of millions of classes)
        return {
            "prosecutor": prosecutor,
            "journalist": dict(prosecutor),
            "marketer": {"max": prosecutor["mean"], "mean": prosecutor["mean"]},
        }
    big = population.select(*quasi, pl.col(size).alias("__F")) if quasi else freq.select(pl.col(size).alias("__F"))
    joined = freq.select(*quasi, pl.col(size).alias("__f"))
    if quasi:
        joined = joined.join(big, on=list(quasi), how="left", nulls_equal=True)
    else:
        joined = joined.with_columns(pl.lit(big["__F"].sum()).alias("__F"))
    joined = joined.with_columns(pl.max_horizontal(pl.col("__F").fill_null(pl.col("__f")), pl.col("__f")))
    max_j = float(joined.select((1.0 / pl.col("__F")).max()).item())
    mean_j = float(joined.select((pl.col("__f") / pl.col("__F")).sum()).item()) / n
    return {
        "prosecutor": prosecutor,
        "journalist": {"max": max_j, "mean": mean_j},
        "marketer": {"max": mean_j, "mean": mean_j},
    }


def uniques(freq: pl.DataFrame, *, size: str = SUBJECTS) -> int:
    """Number of classes holding exactly one subject (sample uniques)."""
    return int(freq.filter(pl.col(size) == 1).height)


def column_loss(original: pl.Series, labels: pl.Series, kept: pl.Series) -> float:
    """Iyengar/ARX loss of one column: mean over records of (leaves − 1)/(D − 1) for kept records, 1 for removed.

    ``original`` are the parsed original values, ``labels`` the output labels, ``kept`` a boolean mask;
    all row-aligned. Missing originals cost 0 when kept.
    """
    n = original.len()
    if n == 0:
        return 0.0
    frame = pl.DataFrame({"o": original.cast(pl.String), "g": labels.cast(pl.String), "k": kept})
    domain = frame["o"].drop_nulls().n_unique()
    removed = int((~frame["k"]).sum())
    if domain <= 1:
        return removed / n
    leaves = frame.filter(pl.col("o").is_not_null()).group_by("g").agg(pl.col("o").n_unique().alias("leaves"))
    kept_rows = frame.filter(pl.col("k") & pl.col("o").is_not_null()).join(leaves, on="g", how="left", nulls_equal=True)
    cost = float(((kept_rows["leaves"] - 1) / (domain - 1)).sum()) if kept_rows.height else 0.0
    return (cost + removed) / n


def information_loss(per_column: Mapping[str, float]) -> dict[str, Any]:
    """Aggregate column losses: ``{"columns": {…}, "loss": geometric, "granularity": 1 − mean}``."""
    values = list(per_column.values())
    if not values:
        return {"columns": {}, "loss": 0.0, "granularity": 1.0}
    product = 1.0
    for v in values:
        product *= (1.0 + v) ** (1.0 / len(values))
    return {
        "columns": {k: round(v, 10) for k, v in per_column.items()},
        "loss": round(product - 1.0, 10),
        "granularity": round(1.0 - sum(values) / len(values), 10),
    }

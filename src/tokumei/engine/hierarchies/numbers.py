"""Numbers: top/bottom coding, rounding, banding and microaggregation — parameters, not levels.

The coded value is the level-0 label of a two-level chain (``value`` → ``*``). Labels are readable: ``6以上``,
``0以下``, ``30-39`` (integer bands), ``2.5以上5未満`` (other bands), ``12000`` (rounded to a multiple).
Numbers may be written with full-width digits, thousands separators and a trailing unit (円, 人, 歳, 件, 回,
日, 時間, kg, cm); anything else is unparseable.
"""

from __future__ import annotations

import math

import polars as pl

from tokumei.engine.hierarchies.base import Prepared, ValueGeneralizer
from tokumei.engine.text import normalize_expr

__all__ = ["NumberCoder", "format_number", "parse_numbers"]

_UNITS = r"(?:円|人|歳|才|件|回|日|時間|kg|cm|㎏|㎝)$"


def parse_numbers(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(Float64 values, unparseable mask) for a raw column; each distinct value is cleaned once."""
    raw = values.cast(pl.String)
    distinct = raw.drop_nulls().unique()
    if distinct.len() * 2 > raw.len():
        nums, bad = _parse_numbers(raw)
    else:
        parsed, _ = _parse_numbers(distinct)
        nums = raw.replace_strict(distinct, parsed, default=None, return_dtype=pl.Float64)
        bad = raw.is_not_null() & nums.is_null()
    return nums.rename(values.name), bad.rename(values.name)


def _parse_numbers(raw: pl.Series) -> tuple[pl.Series, pl.Series]:
    cleaned = pl.DataFrame({"r": raw}).select(
        normalize_expr(pl.col("r")).str.replace_all(r"[,\s]", "").str.replace(_UNITS, "").alias("c")
    )["c"]
    ok = cleaned.str.contains(r"^[+\-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+\-]?\d+)?$").fill_null(False)
    nums = cleaned.zip_with(ok, pl.Series([None] * len(cleaned), dtype=pl.String)).cast(pl.Float64)
    return nums, cleaned.is_not_null() & ~ok


def format_number(value: float) -> str:
    """``6.0`` → ``6``; ``2.50`` → ``2.5``; never scientific notation."""
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text


def _fmt_expr(expr: pl.Expr, integral: bool) -> pl.Expr:
    if integral:
        return expr.round(0).cast(pl.Int64).cast(pl.String)
    return expr.round(6).cast(pl.String).str.replace(r"\.0$", "")


class NumberCoder(ValueGeneralizer):
    """``top_code``, ``bottom_code``, ``round``, ``band`` and ``microaggregate`` applied in that spirit:
    microaggregate/round/band first, then values at or beyond the codes collapse to ``T以上`` / ``B以下``."""

    def __init__(
        self,
        *,
        top_code: float | None = None,
        bottom_code: float | None = None,
        round_to: float | None = None,
        band: float | None = None,
        microaggregate: int | None = None,
    ) -> None:
        self.top_code = top_code
        self.bottom_code = bottom_code
        self.round_to = round_to
        self.band = band
        self.microaggregate = microaggregate

    def prepare(self, values: pl.Series) -> Prepared:
        nums, unparseable = parse_numbers(values)
        return Prepared(self.code(nums).rename(values.name), unparseable)

    def code(self, nums: pl.Series) -> pl.Series:
        """Code parsed numbers (Float64, nulls allowed) into labels."""
        present = nums.drop_nulls()
        integral = bool((present == present.round(0)).all()) if present.len() else True
        for p in (self.top_code, self.bottom_code, self.round_to, self.band):
            if p is not None and p != int(p):
                integral = False
        x = nums
        if self.microaggregate is not None:
            x = _microaggregate(x, self.microaggregate)
            xs = x.drop_nulls()
            integral = integral and bool((xs == xs.round(0)).all())
        frame = pl.DataFrame({"x": x})
        v = pl.col("x")
        if self.round_to is not None:
            r = self.round_to
            label = _fmt_expr((v / r).round(0) * r, integral)
        elif self.band is not None:
            w = self.band
            lo = (v / w).floor() * w
            if integral and w == int(w):
                label = _fmt_expr(lo, True) + pl.lit("-") + _fmt_expr(lo + w - 1, True)
            else:
                label = _fmt_expr(lo, False) + pl.lit("以上") + _fmt_expr(lo + w, False) + pl.lit("未満")
        else:
            label = _fmt_expr(v, integral)
        if self.top_code is not None:
            label = pl.when(v >= self.top_code).then(pl.lit(format_number(self.top_code) + "以上")).otherwise(label)
        if self.bottom_code is not None:
            label = (
                pl.when(v <= self.bottom_code).then(pl.lit(format_number(self.bottom_code) + "以下")).otherwise(label)
            )
        return frame.select(pl.when(v.is_null()).then(None).otherwise(label).alias("x"))["x"]


def _microaggregate(nums: pl.Series, size: int) -> pl.Series:
    """Sort the values, cut them into groups of ``size`` consecutive values (the remainder joins the last group)
    and replace each value by its group's mean."""
    frame = pl.DataFrame({"x": nums}).with_row_index("__row")
    present = frame.filter(pl.col("x").is_not_null()).sort("x", "__row")
    n = present.height
    if n == 0:
        return nums
    groups = max(1, n // size)
    present = present.with_row_index("__rank").with_columns(
        pl.min_horizontal(pl.col("__rank") // size, pl.lit(groups - 1)).alias("__g")
    )
    present = present.with_columns(pl.col("x").mean().over("__g").round(2).alias("__m"))
    joined = frame.join(present.select("__row", "__m"), on="__row", how="left").sort("__row")
    return joined["__m"].rename(nums.name)

"""Postal codes. Chain ``postal``: 0 ``digits7`` (``123-4567``) → 1 ``digits5`` (``123-45``) → 2 ``digits3``
(``123``) → 3 ``*``. ``〒``, full-width digits, dashes and a missing hyphen are accepted; anything that is not seven
digits is unparseable."""

from __future__ import annotations

import polars as pl

from tokumei.engine.hierarchies.base import Generalizer, Prepared
from tokumei.engine.hierarchies.chains import SUPPRESSED
from tokumei.engine.text import normalize_expr

__all__ = ["PostalGeneralizer"]


class PostalGeneralizer(Generalizer):
    kind = "postal"

    def prepare(self, values: pl.Series) -> Prepared:
        raw = values.cast(pl.String)
        frame = pl.DataFrame({"raw": raw}).select(
            normalize_expr(pl.col("raw")).str.replace_all(r"[〒\s\-]", "").alias("d"),
            pl.col("raw").is_not_null().alias("present"),
        )
        digits = frame["d"]
        ok = digits.str.contains(r"^\d{7}$").fill_null(False)
        label = digits.str.slice(0, 3) + "-" + digits.str.slice(3, 4)
        out = label.zip_with(ok, pl.Series([None] * len(label), dtype=pl.String)).rename(values.name)
        unparseable = frame["d"].is_not_null() & ~ok
        return Prepared(out, unparseable.rename(values.name))

    def _chain(self, level0: pl.Series) -> list[pl.Series]:
        return [
            level0,
            level0.str.slice(0, 6),
            level0.str.slice(0, 3),
            pl.Series([SUPPRESSED] * level0.len(), dtype=pl.String),
        ]

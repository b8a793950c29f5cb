"""Dates (ISO, slashes, 年月日, compact, 和暦 incl. 元年) and ages at a reference date.

Chains:

* ``date``: 0 ``day`` (``2026-04-01``) → 1 ``month`` (``2026-04``) → 2 ``year`` (``2026``) → 3 ``*``
* ``age``: 0 ``years`` (``45歳``) → 1 ``band5`` (``45-49歳``) → 2 ``band10`` (``40-49歳``) → 3 ``band20``
  (``40-59歳``) → 4 ``*``; with ``top_code: T`` every age ≥ T reads ``T歳以上`` and bands stop below T.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import polars as pl

from tokumei.engine.hierarchies.base import Generalizer, Prepared
from tokumei.engine.hierarchies.chains import SUPPRESSED
from tokumei.engine.text import normalize, normalize_expr

__all__ = ["AgeGeneralizer", "DateGeneralizer", "age_at", "fast_dates", "parse_age", "parse_date"]

# era: (first day, Latin initial)
ERAS: dict[str, tuple[dt.date, dt.date, str]] = {
    "令和": (dt.date(2019, 5, 1), dt.date(9999, 12, 31), "R"),
    "平成": (dt.date(1989, 1, 8), dt.date(2019, 4, 30), "H"),
    "昭和": (dt.date(1926, 12, 25), dt.date(1989, 1, 7), "S"),
    "大正": (dt.date(1912, 7, 30), dt.date(1926, 12, 25), "T"),
    "明治": (dt.date(1868, 1, 25), dt.date(1912, 7, 30), "M"),
}
_INITIALS = {v[2]: k for k, v in ERAS.items()}

_WAREKI = re.compile(
    r"^(?P<era>令和|平成|昭和|大正|明治|[RHSTM])\s*(?P<y>元|\d{1,2})\s*(?:年|[./\-])\s*(?P<m>\d{1,2})\s*"
    r"(?:月|[./\-])\s*(?P<d>\d{1,2})\s*日?$",
    re.IGNORECASE,
)
_SEPARATED = re.compile(r"^(?P<y>\d{4})\s*(?:年|[./\-])\s*(?P<m>\d{1,2})\s*(?:月|[./\-])\s*(?P<d>\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_TIME_SUFFIX = re.compile(r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+\-]\d{2}:?\d{2})?)$")


def parse_date(value: str) -> dt.date | None:
    """Parse one date; ``None`` when it is not a valid calendar date (or outside its era).

    >>> parse_date("令和元年5月1日"), parse_date("H31.4.30"), parse_date("２０２６／４／１")
    (datetime.date(2019, 5, 1), datetime.date(2019, 4, 30), datetime.date(2026, 4, 1))
    """
    text = normalize(value)
    text = _TIME_SUFFIX.sub("", text).strip()
    m = _WAREKI.match(text)
    try:
        if m:
            era = m.group("era")
            era = _INITIALS.get(era.upper(), era)
            start, end, _ = ERAS[era]
            year_in_era = 1 if m.group("y") == "元" else int(m.group("y"))
            if year_in_era < 1:
                return None
            day = dt.date(start.year + year_in_era - 1, int(m.group("m")), int(m.group("d")))
            return day if start <= day <= end else None
        m = _SEPARATED.match(text) or _COMPACT.match(text)
        if m:
            return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    return None


def age_at(birth: dt.date, reference: dt.date) -> int:
    """Completed years at ``reference`` (年齢計算ニ関スル法律: a 29 February birthday completes on 1 March in
    common years)."""
    years = reference.year - birth.year
    if (reference.month, reference.day) < (birth.month, birth.day):
        years -= 1
    return years


_AGE = re.compile(r"^(?P<n>\d{1,3})\s*(?:歳|才)?$")


def parse_age(value: str, reference: dt.date) -> int | None:
    """An age in years from either a birth date or an age written as a number (``45``, ``45歳``)."""
    text = normalize(value)
    m = _AGE.match(text)
    if m:
        n = int(m.group("n"))
        return n if n <= 150 else None
    born = parse_date(text)
    if born is None:
        return None
    years = age_at(born, reference)
    return years if 0 <= years <= 150 else None


def _map_distinct(values: pl.Series, fn: dict[str, str | None]) -> pl.Series:
    return values.replace_strict(
        pl.Series(list(fn.keys()), dtype=pl.String),
        pl.Series(list(fn.values()), dtype=pl.String),
        default=None,
        return_dtype=pl.String,
    )


_FAST_SEPARATED = r"^(\d{4})\s*(?:年|[./\-])\s*(\d{1,2})\s*(?:月|[./\-])\s*(\d{1,2})\s*日?$"
_FAST_COMPACT = r"^(\d{4})(\d{2})(\d{2})$"
_FAST_WAREKI = (
    r"^(令和|平成|昭和|大正|明治|[RHSTMrhstm])\s*(元|\d{1,2})\s*(?:年|[./\-])\s*(\d{1,2})\s*"
    r"(?:月|[./\-])\s*(\d{1,2})\s*日?$"
)
_ERA_BY_INITIAL = {v[2]: k for k, v in ERAS.items()}


def fast_dates(values: pl.Series) -> pl.Series:
    """Vectorized :func:`parse_date` for the common Western forms (ISO, slashes, 年月日, ``YYYYMMDD``): a Date
    series, null where the fast path does not apply (和暦, times, odd dashes …) or the date is invalid — those
    values are left to :func:`parse_date`. Whatever the fast path accepts, :func:`parse_date` reads the same way.
    """
    text = pl.DataFrame({"r": values.cast(pl.String)}).select(normalize_expr(pl.col("r")).alias("t"))
    sep = pl.col("t").str.extract_groups(_FAST_SEPARATED)
    compact = pl.col("t").str.extract_groups(_FAST_COMPACT)
    parts = text.select(sep.alias("a"), compact.alias("b")).select(
        *[
            pl.coalesce(pl.col("a").struct.field(str(i)), pl.col("b").struct.field(str(i))).alias(n)
            for i, n in ((1, "y"), (2, "m"), (3, "d"))
        ]
    )
    iso = pl.concat_str(
        pl.col("y"), pl.lit("-"), pl.col("m").str.zfill(2), pl.lit("-"), pl.col("d").str.zfill(2)
    ).str.to_date("%Y-%m-%d", strict=False)
    western = parts.select(pl.when(pl.col("y").cast(pl.Int32, strict=False) >= 1).then(iso).alias("date"))["date"]
    # 和暦 (令和元年5月1日, H31.4.30 …): the era's first year + year − 1, inside the era's first and last day
    era = text.select(pl.col("t").str.extract_groups(_FAST_WAREKI).alias("w")).unnest("w")
    era = era.with_columns(
        pl.col("1").str.to_uppercase().replace(_ERA_BY_INITIAL).alias("era"),
        pl.when(pl.col("2") == "元").then(pl.lit("1")).otherwise(pl.col("2")).cast(pl.Int32, strict=False).alias("n"),
    )
    starts = {name: v[0] for name, v in ERAS.items()}
    ends = {name: v[1] for name, v in ERAS.items()}
    start = pl.col("era").replace_strict(starts, default=None, return_dtype=pl.Date)
    end = pl.col("era").replace_strict(ends, default=None, return_dtype=pl.Date)
    year = (start.dt.year().cast(pl.Int32) + pl.col("n") - 1).cast(pl.String).str.zfill(4)
    day = pl.concat_str(year, pl.lit("-"), pl.col("3").str.zfill(2), pl.lit("-"), pl.col("4").str.zfill(2))
    day = day.str.to_date("%Y-%m-%d", strict=False)
    japanese = era.select(pl.when((pl.col("n") >= 1) & (day >= start) & (day <= end)).then(day).alias("date"))["date"]
    return western.fill_null(japanese).rename(values.name)


def prepare_with(
    values: pl.Series,
    fn: Callable[[str], str | None],
    fast: Callable[[pl.Series], pl.Series] | None = None,
) -> Prepared:
    """Prepare a column by parsing each *distinct* value with ``fn`` (``None`` = unparseable). ``fast`` maps a
    series of distinct values to labels (String, null = let ``fn`` decide) in one vectorized step first."""
    raw = values.cast(pl.String)
    distinct = raw.drop_nulls().unique()
    if fast is not None and distinct.len():
        labels = fast(distinct).cast(pl.String)
        pending = distinct.filter(labels.is_null())
        if pending.len():
            slow = pl.Series([fn(v) for v in pending.to_list()], dtype=pl.String)
            looked_up = distinct.replace_strict(pending, slow, default=None, return_dtype=pl.String)
            labels = labels.fill_null(looked_up)
        out = raw.replace_strict(distinct, labels, default=None, return_dtype=pl.String).rename(values.name)
    else:
        mapping: dict[str, str | None] = {v: fn(v) for v in distinct.to_list()}
        out = _map_distinct(raw, mapping).rename(values.name)
    return Prepared(out, (raw.is_not_null() & out.is_null()).rename(values.name))


class DateGeneralizer(Generalizer):
    kind = "date"

    def prepare(self, values: pl.Series) -> Prepared:
        def fn(v: str) -> str | None:
            d = parse_date(v)
            return d.isoformat() if d is not None else None

        return prepare_with(values, fn, lambda distinct: fast_dates(distinct).dt.strftime("%Y-%m-%d"))

    def _chain(self, level0: pl.Series) -> list[pl.Series]:
        return [
            level0,
            level0.str.slice(0, 7),
            level0.str.slice(0, 4),
            pl.Series([SUPPRESSED] * level0.len(), dtype=pl.String),
        ]


class AgeGeneralizer(Generalizer):
    kind = "age"

    def __init__(self, reference: dt.date, top_code: int | float | None = None) -> None:
        self.reference = reference
        self.top_code = None if top_code is None else int(top_code)

    def _years_label(self, years: int) -> str:
        if self.top_code is not None and years >= self.top_code:
            return f"{self.top_code}歳以上"
        return f"{years}歳"

    def prepare(self, values: pl.Series) -> Prepared:
        def fn(v: str) -> str | None:
            years = parse_age(v, self.reference)
            return None if years is None else self._years_label(years)

        return prepare_with(values, fn, lambda distinct: self._labels(self._fast_years(distinct)))

    def years(self, values: pl.Series) -> pl.Series:
        """Completed years at the reference date for raw values (Int64; null when unparseable), as
        :func:`parse_age` reads them, computed once per distinct value."""
        raw = values.cast(pl.String)
        distinct = raw.drop_nulls().unique()
        years = self._fast_years(distinct)
        pending = distinct.filter(years.is_null())
        if pending.len():
            slow = pl.Series([parse_age(v, self.reference) for v in pending.to_list()], dtype=pl.Int64)
            years = years.fill_null(distinct.replace_strict(pending, slow, default=None, return_dtype=pl.Int64))
        return raw.replace_strict(distinct, years, default=None, return_dtype=pl.Int64).rename(values.name)

    def _fast_years(self, distinct: pl.Series) -> pl.Series:
        """Ages of Western-form birth dates and plain numbers (``45``, ``45歳``); null = ask :func:`parse_age`."""
        ref = self.reference
        born = fast_dates(distinct)
        text = pl.DataFrame({"r": distinct}).select(normalize_expr(pl.col("r")).alias("t"))
        number = text.select(pl.col("t").str.extract(r"^(\d{1,3})(?:歳|才)?$", 1).cast(pl.Int64))["t"]
        frame = pl.DataFrame({"b": born, "n": number})
        month_day = pl.col("b").dt.month().cast(pl.Int32) * 100 + pl.col("b").dt.day().cast(pl.Int32)
        before_birthday = month_day > ref.month * 100 + ref.day
        age = pl.lit(ref.year) - pl.col("b").dt.year().cast(pl.Int64) - before_birthday.cast(pl.Int64)
        out = frame.select(
            pl.when(pl.col("n").is_not_null())
            .then(pl.when(pl.col("n") <= 150).then(pl.col("n")))
            .otherwise(pl.when((age >= 0) & (age <= 150)).then(age))
            .alias("years")
        )["years"]
        # out of range (None from parse_age as well) and non-matching values both fall back; the former are rare
        return out

    def _labels(self, years: pl.Series) -> pl.Series:
        frame = pl.DataFrame({"y": years})
        label: pl.Expr = pl.col("y").cast(pl.String) + "歳"
        if self.top_code is not None:
            label = pl.when(pl.col("y") >= self.top_code).then(pl.lit(f"{self.top_code}歳以上")).otherwise(label)
        return frame.select(label.alias("label"))["label"]

    def _band(self, label: str, width: int) -> str:
        if label.endswith("以上"):
            return label
        years = int(label.removesuffix("歳"))
        lo = years // width * width
        hi = lo + width - 1
        if self.top_code is not None:
            hi = min(hi, self.top_code - 1)
        return f"{lo}-{hi}歳"

    def _chain(self, level0: pl.Series) -> list[pl.Series]:
        labels = level0.to_list()
        out = [level0]
        for width in (5, 10, 20):
            out.append(pl.Series([self._band(v, width) for v in labels], dtype=pl.String))
        out.append(pl.Series([SUPPRESSED] * level0.len(), dtype=pl.String))
        return out

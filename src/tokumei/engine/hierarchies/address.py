"""Japanese addresses: free text → prefecture, municipality and designated-city ward.

Chain ``address``: 0 ``original`` → 1 ``ward`` (市区町村; designated-city wards kept: 福岡県北九州市小倉北区) →
2 ``municipality`` (wards folded into their city: 福岡県北九州市) → 3 ``prefecture`` → 4 ``region`` (the 8 地方区分)
→ 5 ``*``. Labels at levels 1–2 start with the prefecture so that namesakes (東京都府中市 / 広島県府中市) stay
apart.

Parsing is vectorized (Polars regexes over the shipped municipality table) and handles addresses with or without
the prefecture, with or without the 郡, full-width digits, 丁目/番地/号 and dash variants, ケ/ヶ spellings, and
京都府 vs 京都市 (the prefecture is matched against the 47 exact names, never with ``.+?[都道府県]``). An address
whose prefecture cannot be determined (e.g. ``府中市1-1`` without a prefecture, ambiguous between two prefectures)
is unparseable. When the prefecture is known but the municipality is not, the finer levels fall back to the
prefecture. When only a designated city is given without its ward, the ``ward`` level falls back to the city.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import polars as pl

from tokumei.engine.hierarchies.base import Generalizer, Keys, Prepared
from tokumei.engine.hierarchies.chains import SUPPRESSED
from tokumei.engine.hierarchies.japan import PREFECTURE_REGION, PREFECTURES, municipalities
from tokumei.engine.text import normalize_expr

__all__ = ["AddressGeneralizer", "parse_addresses"]

_STREET = re.compile(r"\d|丁目|番地|番|号|通|上る|下る|[東西]入")


@dataclass(frozen=True)
class _Tables:
    pref_pattern: str
    muni_pattern: str
    by_pref: pl.DataFrame  # pref, alias, ward, municipality
    unique_alias: pl.DataFrame  # alias, pref, ward, municipality (aliases found in one prefecture only)
    head_length: int  # the longest prefecture + the longest alias: the part of an address that is parsed


def _variants(name: str) -> set[str]:
    out = {name}
    out.add(name.replace("ケ", "ヶ"))
    out.add(name.replace("ヶ", "ケ"))
    return out


@functools.cache
def _tables() -> _Tables:
    rows: dict[tuple[str, str], tuple[str, str]] = {}
    for m in municipalities():
        targets = {m.city: (m.ward_label, m.municipality_label), m.name: (m.ward_label, m.municipality_label)}
        if m.designated_ward:
            city_label = m.prefecture + m.municipality
            targets[m.municipality] = (city_label, city_label)
        for alias, target in targets.items():
            for variant in _variants(alias):
                rows.setdefault((m.prefecture, variant), target)
    by_pref = pl.DataFrame(
        {
            "pref": [k[0] for k in rows],
            "alias": [k[1] for k in rows],
            "ward": [v[0] for v in rows.values()],
            "municipality": [v[1] for v in rows.values()],
        }
    )
    unique_alias = (
        by_pref.group_by("alias")
        .agg(pl.col("pref").first(), pl.col("ward").first(), pl.col("municipality").first(), pl.len().alias("n"))
        .filter(pl.col("n") == 1)
        .drop("n")
    )
    prefs = sorted((p for p, _ in PREFECTURES), key=lambda p: (-len(p), p))
    aliases = sorted({k[1] for k in rows}, key=lambda a: (-len(a), a))
    return _Tables(
        pref_pattern="^(" + "|".join(re.escape(p) for p in prefs) + ")",
        muni_pattern="^(" + "|".join(re.escape(a) for a in aliases) + ")",
        by_pref=by_pref,
        unique_alias=unique_alias,
        head_length=max(len(p) for p in prefs) + max(len(a) for a in aliases),
    )


def parse_addresses(values: pl.Series) -> pl.DataFrame:
    """Parse addresses; one row per input row with columns ``normalized``, ``prefecture``, ``ward``,
    ``municipality``, ``region`` and ``street`` (True when the text goes below the municipality: 丁目, 番地, digits).
    Unparsed rows have a null ``prefecture``.
    """
    return _parse(values, normalized=False)


def _compact(normalized: pl.Expr) -> pl.Expr:
    """The normalized text without spaces, a leading postal code or 日本(国)."""
    return normalized.str.replace_all(r"\s+", "").str.replace(r"^〒?\d{3}-?\d{4}", "").str.replace(r"^日本国?", "")


def _head(compact: pl.Expr) -> pl.Expr:
    """The part of the compacted text the prefecture and the municipality depend on: up to its first digit (no
    prefecture or municipality name holds an ASCII digit), at most the longest prefecture plus the longest alias."""
    return compact.str.replace(r"\d.*$", "").str.slice(0, _tables().head_length)


def _parse_heads(keys: pl.Series) -> pl.DataFrame:
    """One row per distinct non-null head (column ``__key``): ``prefecture`` (null when it cannot be determined),
    ``ward``, ``municipality``, ``region`` and ``__consumed`` (the characters the matched names take)."""
    t = _tables()
    heads = pl.DataFrame({"__key": keys.cast(pl.String)}).unique().filter(pl.col("__key").is_not_null())
    heads = heads.with_columns(pl.col("__key").str.extract(t.pref_pattern, 1).alias("__pref"))
    heads = heads.with_columns(
        pl.when(pl.col("__pref").is_not_null())
        .then(pl.col("__key").str.slice(pl.col("__pref").str.len_chars()))
        .otherwise(pl.col("__key"))
        .alias("__rest")
    )
    heads = heads.with_columns(pl.col("__rest").str.extract(t.muni_pattern, 1).alias("__alias"))
    heads = heads.join(
        t.by_pref.rename({"pref": "__pref", "alias": "__alias", "ward": "__w1", "municipality": "__m1"}),
        on=["__pref", "__alias"],
        how="left",
    ).join(
        t.unique_alias.rename({"alias": "__alias", "pref": "__p2", "ward": "__w2", "municipality": "__m2"}),
        on="__alias",
        how="left",
    )
    pref = pl.coalesce("__pref", "__p2")
    # a matched municipality only counts when it belongs to the prefecture written (or none was written)
    ward = pl.when(pl.col("__pref").is_not_null()).then(pl.col("__w1")).otherwise(pl.col("__w2"))
    muni = pl.when(pl.col("__pref").is_not_null()).then(pl.col("__m1")).otherwise(pl.col("__m2"))
    consumed = pl.col("__pref").str.len_chars().fill_null(0) + pl.col("__alias").str.len_chars()
    return heads.select(
        pl.col("__key"),
        pref.alias("prefecture"),
        pl.coalesce(ward, pref).alias("ward"),
        pl.coalesce(muni, pref).alias("municipality"),
        pref.replace_strict(PREFECTURE_REGION, default=None, return_dtype=pl.String).alias("region"),
        pl.when(ward.is_not_null()).then(consumed).otherwise(None).cast(pl.Int64).alias("__consumed"),
    )


def _parse(values: pl.Series, *, normalized: bool) -> pl.DataFrame:
    """:func:`parse_addresses`; ``normalized`` skips the normalization of values that are level-0 labels already.

    The prefecture and the municipality depend only on the head of the compacted text (:func:`_head`); that head
    is parsed once per *distinct* value and mapped back with a join, so that a file of a million street addresses
    parses a few ten thousand heads.
    """
    raw = values.cast(pl.String)
    norm = pl.col("raw") if normalized else normalize_expr(pl.col("raw"))
    frame = pl.DataFrame({"raw": raw}).select(norm.alias("normalized"))
    frame = frame.with_columns(_compact(pl.col("normalized")).alias("__c"))
    frame = frame.with_columns(_head(pl.col("__c")).alias("__key"))
    heads = _parse_heads(frame.get_column("__key"))
    joined = frame.join(heads, on="__key", how="left", maintain_order="left")
    rest_after = (
        pl.when(pl.col("__consumed").is_not_null())
        .then(pl.col("__c").str.slice(pl.col("__consumed")))
        .otherwise(pl.lit(""))
    )
    return joined.select(
        pl.col("normalized"),
        pl.col("prefecture"),
        pl.col("ward"),
        pl.col("municipality"),
        pl.col("region"),
        rest_after.str.contains(_STREET.pattern).fill_null(False).alias("street"),
    )


class AddressGeneralizer(Generalizer):
    kind = "address"

    def prepare(self, values: pl.Series) -> Prepared:
        parsed = parse_addresses(values)
        ok = parsed["prefecture"].is_not_null()
        out = parsed["normalized"].zip_with(ok, pl.Series([None] * parsed.height, dtype=pl.String))
        raw_present = values.cast(pl.String).is_not_null() & parsed["normalized"].is_not_null()
        return Prepared(out.rename(values.name), (raw_present & ~ok).rename(values.name))

    def generalize(self, level0: pl.Series, level: int | str) -> pl.Series:
        """Row-aligned labels at ``level``: the parsed levels come straight from a row-aligned parse (each
        distinct head once), without materializing the hierarchy of a million distinct street addresses."""
        idx = self.level_index(level)
        if idx in (0, self.depth - 1):
            return super().generalize(level0, level)
        parsed = _parse(level0, normalized=True)
        column = ("normalized", "ward", "municipality", "prefecture", "region")[idx]
        return parsed[column].rename(level0.name)

    def _chain(self, level0: pl.Series) -> list[pl.Series]:
        parsed = _parse(level0, normalized=True)
        return [
            level0,
            parsed["ward"],
            parsed["municipality"],
            parsed["prefecture"],
            parsed["region"],
            pl.Series([SUPPRESSED] * level0.len(), dtype=pl.String),
        ]

    def keys(self) -> Keys:
        return _AddressKeys()


class _AddressKeys(Keys):
    """An address's head (:func:`_head`): every level from ``ward`` up, and whether the address parses, depend on
    it alone."""

    floor = 1

    def level0(self, raw: pl.Expr) -> pl.Expr:
        return normalize_expr(raw)

    def key(self, level0: pl.Expr) -> pl.Expr:
        return _head(_compact(level0))

    def chain(self, keys: pl.Series) -> tuple[list[pl.Series], pl.Series]:
        heads = _parse_heads(keys)
        frame = pl.DataFrame({"__key": keys.cast(pl.String)}).join(heads, on="__key", how="left", maintain_order="left")
        parsed = frame.get_column("prefecture").is_not_null()
        chain = [
            frame.get_column("ward"),
            frame.get_column("municipality"),
            frame.get_column("prefecture"),
            frame.get_column("region"),
            pl.Series([SUPPRESSED] * keys.len(), dtype=pl.String),
        ]
        return chain, parsed

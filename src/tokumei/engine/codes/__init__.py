"""Detectors for 個人識別符号 (令1条, 規則2–4条; LAW-NOTES §4) and other identifying formats.

Each :class:`CodeDetector` says whether one normalized value *validates* as a code of its type. Detectors are
**strong** when a random value is very unlikely to validate (a check digit, or letters in fixed places) and
**weak** when the format is a bare digit string that ordinary numbers can share (10-digit pension numbers, the
11-digit 住民票コード whose check-digit formula is not published): a weak detector counts only when most values of
a column validate (:func:`column_code_matches`). Biometric templates (1号) have no text format and are found by
header only (see :mod:`tokumei.engine.profile`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from tokumei.engine.text import normalize, normalize_expr

__all__ = [
    "DETECTORS",
    "CodeDetector",
    "CodeMatch",
    "column_code_matches",
    "driver_licence_check_digit",
    "insurer_check_digit",
    "is_driver_licence",
    "is_my_number",
    "matching_codes",
    "my_number_check_digit",
]

_MY_NUMBER_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_LICENCE_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def my_number_check_digit(first11: str) -> int:
    """Check digit of an Individual Number (番号法施行令… 平成26年総務省令第85号5条).

    >>> my_number_check_digit("12345678901")
    8
    """
    if len(first11) != 11 or not first11.isdigit():
        raise ValueError(f"expected 11 digits, got {first11!r}")
    r = sum(int(d) * w for d, w in zip(first11, _MY_NUMBER_WEIGHTS, strict=True)) % 11
    return 0 if r <= 1 else 11 - r


def is_my_number(value: str) -> bool:
    """12 digits (hyphens/spaces allowed between groups) whose last digit is the check digit."""
    d = _compact(value)
    return len(d) == 12 and d.isdigit() and int(d[11]) == my_number_check_digit(d[:11])


def driver_licence_check_digit(first10: str) -> int:
    """Check digit (11th digit) of a driver's licence number (weights 5,4,3,2,7,6,5,4,3,2, mod 11)."""
    if len(first10) != 10 or not first10.isdigit():
        raise ValueError(f"expected 10 digits, got {first10!r}")
    r = sum(int(d) * w for d, w in zip(first10, _LICENCE_WEIGHTS, strict=True)) % 11
    return (11 - r) % 10


def is_driver_licence(value: str) -> bool:
    """12 digits: 2 issuing commission (10–97) + 2 year + 6 serial + check + reissue count."""
    d = _compact(value)
    return len(d) == 12 and d.isdigit() and 10 <= int(d[:2]) <= 97 and int(d[10]) == driver_licence_check_digit(d[:10])


def insurer_check_digit(body: str) -> int:
    """検証番号 of a 保険者番号: weights 2,1,2,1… from the left, sum of the digits of the products, 10 − last digit."""
    total = 0
    for i, ch in enumerate(body):
        p = int(ch) * (2 if i % 2 == 0 else 1)
        total += p // 10 + p % 10
    return (10 - total % 10) % 10


def _is_insurer(value: str, length: int, prefix: str | None = None) -> bool:
    d = _compact(value)
    if len(d) != length or not d.isdigit() or (prefix is not None and not d.startswith(prefix)):
        return False
    pref = int(d[-6:-4]) if length == 8 else int(d[:2])
    return 1 <= pref <= 47 and int(d[-1]) == insurer_check_digit(d[:-1])


def _compact(value: str) -> str:
    return re.sub(r"[\s\-]", "", normalize(value))


# n digits with any hyphens or white space around and between them: exactly what the validators accept after
# removing them (_compact), so that no value the validator would accept escapes the prefilter ("-1234 5678 9012").
_DIGITS = r"^[\s\-]*(?:\d[\s\-]*){{{n}}}$"


def _full(pattern: str) -> Callable[[str], bool]:
    rx = re.compile(pattern)
    return lambda v: rx.fullmatch(normalize(v)) is not None


@dataclass(frozen=True)
class CodeDetector:
    """One code type: ``code_type`` is stable (used in reports), ``label`` is the Japanese name with its source."""

    code_type: str
    label: str
    validate: Callable[[str], bool]
    strong: bool
    candidate: str
    """A regex (Rust syntax, on the normalized value) that every valid value matches: a cheap prefilter."""
    vector: Callable[[pl.Expr], pl.Expr] | None = None
    """The same test as ``validate`` as a Polars expression over the normalized values that match ``candidate``
    (a whole column checked at once instead of value by value); ``None``: validate value by value."""


def _digit(e: pl.Expr, i: int) -> pl.Expr:
    return e.str.slice(i, 1).cast(pl.Int64, strict=False)


def _compact_expr(e: pl.Expr) -> pl.Expr:
    return e.str.replace_all(r"[\s\-]", "")


def _my_number_expr(norm: pl.Expr) -> pl.Expr:
    """:func:`is_my_number` over a column of normalized 12-digit candidates."""
    d = _compact_expr(norm)
    r = pl.sum_horizontal([_digit(d, i) * w for i, w in enumerate(_MY_NUMBER_WEIGHTS)]) % 11
    check = pl.when(r <= 1).then(0).otherwise(11 - r)
    return _digit(d, 11) == check


def _driver_licence_expr(norm: pl.Expr) -> pl.Expr:
    """:func:`is_driver_licence` over a column of normalized 12-digit candidates."""
    d = _compact_expr(norm)
    r = pl.sum_horizontal([_digit(d, i) * w for i, w in enumerate(_LICENCE_WEIGHTS)]) % 11
    commission = d.str.slice(0, 2).cast(pl.Int64, strict=False)
    return commission.is_between(10, 97) & (_digit(d, 10) == (11 - r) % 10)


def _insurer_expr(length: int) -> Callable[[pl.Expr], pl.Expr]:
    """:func:`_is_insurer` over a column of normalized candidates of ``length`` digits."""

    def expr(norm: pl.Expr) -> pl.Expr:
        d = _compact_expr(norm)
        products = [_digit(d, i) * (2 if i % 2 == 0 else 1) for i in range(length - 1)]
        total = pl.sum_horizontal([p // 10 + p % 10 for p in products])
        pref = d.str.slice(length - 6, 2) if length == 8 else d.str.slice(0, 2)
        return pref.cast(pl.Int64, strict=False).is_between(1, 47) & (_digit(d, length - 1) == (10 - total % 10) % 10)

    return expr


def _format_only(_: pl.Expr) -> pl.Expr:
    """The candidate regex is the whole test (a format without a check digit)."""
    return pl.lit(True)


DETECTORS: tuple[CodeDetector, ...] = (
    CodeDetector("my_number", "個人番号（令1条9号）", is_my_number, True, _DIGITS.format(n=12), _my_number_expr),
    CodeDetector(
        "driver_licence",
        "運転免許証番号（令1条5号）",
        is_driver_licence,
        True,
        _DIGITS.format(n=12),
        _driver_licence_expr,
    ),
    CodeDetector("passport", "旅券番号（令1条2号）", _full(r"[A-Z]{2}\d{7}"), True, r"^[A-Z]{2}\d{7}$", _format_only),
    CodeDetector(
        "residence_card",
        "在留カード・特別永住者証明書番号（規則4条4号・9号）",
        _full(r"[A-Z]{2}\d{8}[A-Z]{2}"),
        True,
        r"^[A-Z]{2}\d{8}[A-Z]{2}$",
        _format_only,
    ),
    CodeDetector(
        "basic_pension_number",
        "基礎年金番号（令1条4号）",
        _full(r"\d{4}-\d{6}"),
        True,
        r"^\d{4}-\d{6}$",
        _format_only,
    ),
    CodeDetector(
        "employment_insurance",
        "雇用保険被保険者番号（規則4条8号）",
        _full(r"\d{4}-\d{6}-\d"),
        True,
        r"^\d{4}-\d{6}-\d$",
        _format_only,
    ),
    CodeDetector(
        "health_insurer",
        "健康保険等の保険者番号（令1条3号・7号、規則4条1号）",
        lambda v: _is_insurer(v, 8),
        False,
        _DIGITS.format(n=8),
        _insurer_expr(8),
    ),
    CodeDetector(
        "nhi_insurer",
        "国民健康保険・介護保険の保険者番号（令1条3号・8号）",
        lambda v: _is_insurer(v, 6),
        False,
        _DIGITS.format(n=6),
        _insurer_expr(6),
    ),
    CodeDetector(
        "basic_pension_number_digits",
        "基礎年金番号（10桁、令1条4号）",
        _full(r"\d{10}"),
        False,
        r"^\d{10}$",
        _format_only,
    ),
    CodeDetector(
        "resident_record_code", "住民票コード（令1条6号）", _full(r"\d{11}"), False, r"^\d{11}$", _format_only
    ),
)

_BY_TYPE = {d.code_type: d for d in DETECTORS}


def matching_codes(value: str) -> list[str]:
    """Code types that ``value`` validates as (strong and weak)."""
    return [d.code_type for d in DETECTORS if d.validate(value)]


@dataclass(frozen=True)
class CodeMatch:
    code_type: str
    label: str
    share: float
    matches: int
    strong: bool


def column_code_matches(
    values: pl.Series | Iterable[str | None],
    *,
    weak_share: float = 0.5,
    strong_share: float = 0.0,
    counts: pl.Series | None = None,
) -> list[CodeMatch]:
    """Code types found among the non-null distinct values, with the share of values (by row) that validate.

    A strong detector is reported when its share exceeds ``strong_share`` (by default: any value); a weak one only
    when its share is at least ``weak_share``. Sorted by share, best first. ``counts``: ``values`` are distinct
    values and ``counts`` how many rows hold each (a column summarized without its rows, as the streaming path has).
    """
    series = values if isinstance(values, pl.Series) else pl.Series(list(values), dtype=pl.String)
    series = series.cast(pl.String)
    if counts is None:
        series = series.drop_nulls()
        table = series.value_counts(name="__n")
    else:
        table = pl.DataFrame({series.name: series, "__n": counts.cast(pl.Int64)}).filter(
            pl.col(series.name).is_not_null()
        )
    total = int(table["__n"].sum()) if table.height else 0
    if total == 0:
        return []
    normalized = table.with_columns(normalize_expr(pl.col(series.name)).fill_null("").alias("__norm"))
    found: list[CodeMatch] = []
    for det in DETECTORS:
        candidates = normalized.filter(pl.col("__norm").str.contains(det.candidate))
        if det.vector is not None:
            # ASCII candidates at once; the rare others (digits of other scripts, which the regex's \d accepts)
            # value by value, so that the result is exactly that of ``validate``
            ascii_only = pl.col("__norm").str.contains(r"^[\x00-\x7F]*$")
            n = int(candidates.filter(ascii_only & det.vector(pl.col("__norm")).fill_null(False))["__n"].sum())
            others = candidates.filter(~ascii_only)
        else:
            n, others = 0, candidates
        n += sum(c for value, c in others.select(series.name, "__n").iter_rows() if det.validate(value))
        if n == 0:
            continue
        share = n / total
        if (det.strong and share > strong_share) or (not det.strong and share >= weak_share):
            found.append(CodeMatch(det.code_type, det.label, share, n, det.strong))
    found.sort(key=lambda m: (-m.share, not m.strong))
    return found


def detector(code_type: str) -> CodeDetector:
    return _BY_TYPE[code_type]

"""Normalization of Japanese text cells: width (NFKC), blanks, and the dash family.

Every detector and parser works on normalized text, so that full-width digits (１２３), full-width letters and the
many dashes of office files (－ ― ‐ ー after a digit) compare equal to their ASCII forms.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

# Dash-like characters seen between digits in addresses, phone numbers and codes.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\u2500\u2501\u02d7\u2043\uff70"
_DASH_CLASS = "[" + _DASHES + "]"
_DASH_AFTER_DIGIT = re.compile(r"(?<=\d)" + _DASH_CLASS + r"(?=\d)")


def normalize(value: str) -> str:
    """NFKC, dashes between digits to ``-``, collapse inner whitespace, strip the ends.

    >>> normalize("　東京都千代田区１－２－３ ")
    '東京都千代田区1-2-3'
    """
    text = unicodedata.normalize("NFKC", value)
    text = _DASH_AFTER_DIGIT.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text


def normalize_expr(expr: pl.Expr) -> pl.Expr:
    """The vectorized counterpart of :func:`normalize` for a string column (blank → null).

    Polars has no NFKC, so full-width ASCII (U+FF01–U+FF5E) and the ideographic space are mapped explicitly; that
    covers digits, letters and punctuation in office files. Half-width katakana are left as they are.
    """
    full = "".join(chr(c) for c in range(0xFF01, 0xFF5F))
    half = "".join(chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F))
    e = expr.cast(pl.String)
    e = e.str.replace_many([*list(full), "\u3000"], [*list(half), " "])
    e = e.str.replace_all(r"(\d)" + _DASH_CLASS + r"(\d)", "${1}-${2}")
    e = e.str.replace_all(r"\s+", " ").str.strip_chars()
    # blank → null with one evaluation of ``e`` (a when/then would compute it twice in eager frames) and
    # elementwise, so that the streaming engine runs it chunk by chunk (``replace("", None)`` gathers the column)
    return e.str.extract(r"(?s)^(.+)$", 1)


_BLANK = "^[ \t\r\n\u3000]*$"


def blank_as_null(name: str, dtype: pl.DataType) -> pl.Expr:
    """Column ``name`` (of ``dtype``) as a string, null where it is empty or only whitespace (a missing value)."""
    col = pl.col(name) if dtype == pl.String else pl.col(name).cast(pl.String)
    # a regex test allocates nothing (stripping every cell did): blank = only spaces, tabs, newlines, U+3000
    return pl.when(col.str.contains(_BLANK)).then(None).otherwise(col).alias(name)


def blank_to_null(df: pl.DataFrame) -> pl.DataFrame:
    """Every column as a string; cells that are empty or only whitespace become null (a missing value)."""
    return df.select(blank_as_null(name, dtype) for name, dtype in df.schema.items())


def digits_only(value: str) -> str:
    """Normalize and drop hyphens and spaces: ``'１２３４－５６７８－９０１２'`` → ``'123456789012'``."""
    return re.sub(r"[\s\-]", "", normalize(value))

"""Column transforms that are not level chains: pseudonyms, rare-category suppression, subject sampling.

Generalization, top/bottom coding, rounding, banding and microaggregation live in
:mod:`tokumei.engine.hierarchies` (they are level-0 preparation or level chains).
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from tokumei.engine.hierarchies.chains import SUPPRESSED

__all__ = [
    "PSEUDONYM_PREFIX",
    "PseudonymReport",
    "RareReport",
    "lookup",
    "pseudonymize",
    "sample_subjects",
    "suppress_rare",
]

PSEUDONYM_PREFIX = "T"
_TOKEN_BYTES = 15  # 120 random bits → 24 base32 characters
_B32 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", dtype=np.uint8)  # RFC 4648 base32
_SHIFTS = np.arange(35, -1, -5, dtype=np.uint64)


def lookup(name: str, table: pl.DataFrame, value: str, *, key: str = "raw", default: float | None = None) -> pl.Expr:
    """Column ``name`` replaced by ``table[value]`` where it equals ``table[key]`` (a hash lookup); a null cell
    takes the entry whose key is null, if any; a value the table lacks takes ``default``. Polars runs
    ``replace_strict`` on the whole column: in a streaming query use :func:`joined_lookup`."""
    column = pl.col(name)
    dtype = table.schema[value]
    present = table.filter(pl.col(key).is_not_null())
    nulls = table.filter(pl.col(key).is_null()).get_column(value)
    expr = column.cast(pl.String).replace_strict(present[key], present[value], default=default, return_dtype=dtype)
    if nulls.len():
        expr = pl.when(column.is_null()).then(pl.lit(nulls[0], dtype=dtype)).otherwise(expr)
    return expr


def joined_lookup(
    frame: pl.LazyFrame,
    source: str | pl.Expr,
    table: pl.DataFrame,
    value: str,
    alias: str,
    *,
    key: str = "raw",
    default: float | None = None,
) -> pl.LazyFrame:
    """``frame`` with a column ``alias`` holding ``table[value]`` where ``source`` (a column or an expression)
    equals ``table[key]``: :func:`lookup` as a left join with the small table, which the streaming engine runs
    chunk by chunk on a file larger than memory (``replace_strict`` gathers the whole column first). ``source`` is
    cast to the key's dtype; a null source takes the entry whose key is null, if any; a value the table lacks gets
    ``default`` (null if None). ``table`` must hold each key once. The rows come in no particular order (carry an
    index to restore it)."""
    tmp = f"__tokumei_lookup_{alias}"
    expr = (pl.col(source) if isinstance(source, str) else source).cast(table.schema[key])
    right = table.select(pl.col(key).alias(tmp), pl.col(value).alias(alias)).lazy()
    out = frame.with_columns(expr.alias(tmp)).join(right, on=tmp, how="left", nulls_equal=True).drop(tmp)
    if default is not None:
        out = out.with_columns(pl.col(alias).fill_null(default))
    return out


def count_keys(lazy: pl.LazyFrame, key: pl.Expr, leaf: pl.Expr) -> pl.DataFrame:
    """Per distinct ``key`` (an expression that is never null, with few distinct values — an address's head):
    ``count``, its records, and ``leaves``, the distinct values of ``leaf`` among them (a near-unique expression —
    the full address).

    One streaming scan codes each record's key (a categorical: the key strings are interned once, not held per
    record) and hashes its leaf to 64 bits; the distinct hashes are then found by one sort. Memory: 12 bytes per
    record (100M records: 1.2 GB, 3.6 GB at the sort), where counting distinct values per key inside a streaming
    ``group_by`` held over 10 GB at 100M records. Two different leaves with the same 64-bit hash would be counted
    once: at 100M distinct leaves the chance that any such pair exists is about 3 in 10,000."""
    categories = pl.Categories.random()
    return keys_counted(key_codes(lazy, key, leaf, categories).collect(engine="streaming"), categories)


def key_codes(lazy: pl.LazyFrame, key: pl.Expr, leaf: pl.Expr, categories: pl.Categories) -> pl.LazyFrame:
    """The scan of :func:`count_keys` (to collect beside other queries): per record its key's code ``k`` in
    ``categories`` (a set of its own, :meth:`pl.Categories.random`: dense codes, and nothing added to the
    process-wide string cache of a long-lived worker) and its leaf's 64-bit hash ``h``."""
    return lazy.select(key_code_exprs(key, leaf, categories))


def key_code_exprs(key: pl.Expr, leaf: pl.Expr, categories: pl.Categories) -> list[pl.Expr]:
    """The two columns of :func:`key_codes`, ``k`` and ``h``, to select beside others."""
    return [key.cast(pl.Categorical(categories)).alias("k"), leaf.hash(seed=0).alias("h")]


def keys_counted(coded: pl.DataFrame, categories: pl.Categories) -> pl.DataFrame:
    """:func:`count_keys` from the collected :func:`key_codes` (the frame is consumed)."""
    labels = categories.to_series()  # first: the set is emptied once no column of it is left
    codes = coded.drop_in_place("k").to_physical().to_numpy()
    return codes_counted(codes, labels, coded.drop_in_place("h"))


def codes_counted(
    codes: npt.NDArray[np.integer[Any]], labels: pl.Series, hashes: pl.Series | None = None
) -> pl.DataFrame:
    """Per label that some record holds: ``key``, ``count`` (its records) and, given each record's leaf hash,
    ``leaves`` (its distinct leaves), from each record's code (an index into ``labels``; ``labels`` may hold null
    for an index no record holds)."""
    size = labels.len()
    counts = np.bincount(codes, minlength=size)[:size].astype(np.int64)
    columns = {"key": labels.cast(pl.String).rename("key"), "count": pl.Series("count", counts)}
    if hashes is not None:
        columns["leaves"] = pl.Series("leaves", leaves_per_code(codes, hashes, size))
    return pl.DataFrame(columns).filter(pl.col("count") > 0)


def leaves_per_code(codes: npt.NDArray[np.integer[Any]], hashes: pl.Series, size: int) -> npt.NDArray[np.int64]:
    """Per code (``0 … size-1``), the distinct leaves among the records holding it, from each record's code and its
    leaf's 64-bit hash (a leaf belongs to one code: the code is a function of the leaf). The hashes are ordered by
    Polars (0.5 s at 10M records on 2 cores, numpy's stable argsort 1.3 s)."""
    order = hashes.arg_sort().to_numpy()
    sorted_hashes = hashes.to_numpy()[order]
    first = np.empty(sorted_hashes.shape[0], dtype=np.bool_)
    if first.size:
        first[0] = True
        np.not_equal(sorted_hashes[1:], sorted_hashes[:-1], out=first[1:])
    del sorted_hashes
    return np.bincount(codes[order[first]], minlength=size)[:size].astype(np.int64)


def _token() -> str:
    return PSEUDONYM_PREFIX + base64.b32encode(secrets.token_bytes(_TOKEN_BYTES)).decode("ascii")


@dataclass(frozen=True)
class PseudonymReport:
    """What happened to one pseudonymized column; the mapping itself is never kept."""

    column: str
    distinct_values: int
    token_format: str
    mapping_destroyed: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "column": self.column,
            "distinct_values": self.distinct_values,
            "token_format": self.token_format,
            "mapping_destroyed": self.mapping_destroyed,
        }


def _tokens(n: int) -> pl.Series:
    """``n`` distinct tokens ``T`` + base32 of 15 bytes from :mod:`secrets` (the same text as
    ``base64.b32encode``), encoded in one vectorized step: each 5-byte group is 40 bits = 8 base32 characters."""
    while True:
        pool = np.frombuffer(secrets.token_bytes(_TOKEN_BYTES * n), dtype=np.uint8).reshape(n, 3, 5).astype(np.uint64)
        groups = (pool[:, :, 0] << 32) | (pool[:, :, 1] << 24) | (pool[:, :, 2] << 16) | (pool[:, :, 3] << 8)
        groups |= pool[:, :, 4]
        del pool
        index = ((groups[:, :, None] >> _SHIFTS) & np.uint64(31)).reshape(n, 24)
        del groups
        text = np.empty((n, 25), dtype=np.uint8)
        text[:, 0] = ord(PSEUDONYM_PREFIX)
        text[:, 1:] = _B32[index]
        del index
        tokens = pl.Series(text.view("S25").ravel()).cast(pl.String)
        del text
        if tokens.n_unique() == n:  # a collision of 120-bit tokens: practically never
            return tokens


def keyed_tokens(secret: bytes) -> Callable[[pl.Series], pl.Series]:
    """A token function for a file too large to hold its value→token table: ``T`` + base32 of a 120-bit keyed
    BLAKE2b of the value under ``secret`` (random, one per run), so the same value gets the same token in every
    chunk of a streaming write without a table. The tokens look like :func:`pseudonymize`'s; once the caller drops
    ``secret`` they are as unlinkable to the values as random ones (a keyed hash is a pseudo-random function; 規則
    62条3号: the key is 加工方法情報 and is never written anywhere). Nulls stay null."""

    def tokens(values: pl.Series) -> pl.Series:
        out: list[str | None] = []
        append = out.append
        for value in values.cast(pl.String).to_list():
            if value is None:
                append(None)
                continue
            digest = hashlib.blake2b(value.encode("utf-8"), key=secret, digest_size=_TOKEN_BYTES).digest()
            append(PSEUDONYM_PREFIX + base64.b32encode(digest).decode("ascii"))
        return pl.Series(values.name, out, dtype=pl.String)

    return tokens


def pseudonymize(values: pl.Series) -> tuple[pl.Series, PseudonymReport]:
    """Replace each distinct value by a cryptographically random token (``T`` + 24 base32 characters, 120 bits
    from :mod:`secrets`), the same token for the same value within this call; nulls stay null.

    The value→token mapping exists only inside this function and is dropped before it returns (規則62条3号;
    GL-ANON 3-2-3-1: the table must be destroyed). Tokens contain letters in places no identification-code format
    allows and are 25 characters long, so no code detector accepts them.
    """
    raw = values.cast(pl.String)
    distinct = raw.drop_nulls().unique()
    n = distinct.len()
    tokens = _tokens(n) if n else pl.Series([], dtype=pl.String)
    mapped = raw.replace_strict(distinct, tokens, default=None, return_dtype=pl.String).rename(values.name)
    # destroy the mapping: drop every reference to the pairing
    del distinct, tokens
    return mapped, PseudonymReport(values.name, n, f"{PSEUDONYM_PREFIX} + base32 (24 chars)", True)


@dataclass(frozen=True)
class RareReport:
    column: str
    threshold: int
    values_suppressed: int
    cells_suppressed: int


def suppress_rare(labels: pl.Series, subjects: pl.Series, threshold: int) -> tuple[pl.Series, RareReport]:
    """Replace values held by fewer than ``threshold`` subjects with ``*`` (nulls and ``*`` are left alone)."""
    frame = pl.DataFrame({"v": labels.cast(pl.String), "s": subjects})
    counts = (
        frame.filter(pl.col("v").is_not_null() & (pl.col("v") != SUPPRESSED))
        .group_by("v")
        .agg(pl.col("s").n_unique().alias("n"))
    )
    rare = counts.filter(pl.col("n") < threshold)["v"]
    mask = frame["v"].is_in(rare.implode()).fill_null(False)
    out = frame["v"].zip_with(~mask, pl.Series([SUPPRESSED] * frame.height, dtype=pl.String))
    return out.rename(labels.name), RareReport(labels.name, threshold, rare.len(), int(mask.sum()))


def sample_subjects(subjects: pl.Series, n: int, *, seed: int | None = None) -> pl.Series:
    """Boolean mask keeping the records of ``n`` randomly chosen subjects (all of them if there are fewer).

    Without a seed the choice uses the operating system's random source; with one it is reproducible.
    """
    distinct = subjects.unique().sort().to_list()
    if n >= len(distinct):
        return pl.Series([True] * subjects.len())
    rng: random.Random = random.Random(seed) if seed is not None else secrets.SystemRandom()  # noqa: S311
    chosen = rng.sample(distinct, n)
    return subjects.is_in(pl.Series(chosen, dtype=subjects.dtype).implode())


def fold_strides(radix: Sequence[int]) -> list[int]:
    """Each column's weight when codes of ``radix`` values each are folded into one integer (the first column is
    the most significant digit, so the folded keys sort as the code tuples do)."""
    return [math.prod(radix[i + 1 :]) for i in range(len(radix))]


def folded(codes: Sequence[pl.Expr], radix: Sequence[int]) -> pl.Expr:
    """The code columns folded into one ``UInt64`` (mixed radix; the caller checks that the product of ``radix``
    fits). A null code makes the key null."""
    key = pl.lit(0, dtype=pl.UInt64)
    for code, stride in zip(codes, fold_strides(radix), strict=True):
        key = key + code.cast(pl.UInt64) * pl.lit(stride, dtype=pl.UInt64)
    return key


def unfolded(key: pl.Expr, radix: Sequence[int], i: int) -> pl.Expr:
    """Column ``i``'s code (``UInt32``) of keys made by :func:`folded` with the same ``radix``."""
    stride = fold_strides(radix)[i]
    digit = key // pl.lit(stride, dtype=pl.UInt64) % pl.lit(radix[i], dtype=pl.UInt64)
    return digit.cast(pl.UInt32)

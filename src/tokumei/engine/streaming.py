"""Out-of-core ``assess`` / ``anonymize`` for Parquet and UTF-8 CSV files larger than memory (issue 4, item 4).

Nothing here holds the records. The file is scanned lazily, only the recipe's columns; every generalized column is
reduced once to its distinct values with counts (a streaming ``group_by``), those values are parsed and generalized
(the generalizers work on distinct values anyway), and the result is a small mapping ``raw value → integer code``.
A column generalized at or above its generalizer's key floor (an address at ``ward`` or coarser) is reduced to
keys inside the scan instead (an address's head: prefecture and municipality, not the street), so a near-unique
column of 100M street addresses maps a few hundred thousand keys, and its leaves (distinct raw values per key)
are counted by 64-bit hashes.
The frequency table of the quasi-identifiers is then one more streaming ``group_by`` over the integer codes
(``UInt32``, 4 bytes per cell), with ``count`` (records) and ``subjects`` (persons, :mod:`tokumei.engine.privacy`).
k, l, the suppression plan, uniques and the re-identification risks are computed on that table with the same
functions ``assess`` uses, so both paths agree on every figure they share (tested).

``anonymize_streaming`` writes the release with ``sink_parquet`` / ``sink_csv``: generalized values come from
joins with (or lookups in) the mappings, pseudonyms from a keyed BLAKE2b under a random key of the run
(:func:`tokumei.engine.transforms.keyed_tokens`; no value→token table, which would hold every ID of the file),
suppressed classes are dropped by a join with the kept classes on their class key.

規則62条 is checked item by item as ``assess`` does (``report["rule62"]``). Items 1–3: the input columns are
profiled on the first records; every released column except pseudonyms comes from a small mapping, so its distinct
output values and their record counts are known and checked exactly (before record suppression: a superset of the
release); original linking values are looked for in the output with a streaming semi join. Item 4 (rare values,
numeric outliers) and item 5 (k, l, t, suppression) agree with the in-memory path evidence for evidence: per
sensitive column one streaming ``group_by`` gives the records per (class, label), the outlier fences come from the
weighted distinct values, and subjects per label from the kept classes (one pass per column with a person key).
The information loss is computed from the mappings (the leaves of a label are its distinct parsed raw values).

Not covered (listed under ``not_evaluated``): the whole-file column profile. Recipes with
``sample`` are refused.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl

from tokumei.engine.codes import column_code_matches
from tokumei.engine.errors import ErrorCode, Problem, RecipeError, UnparseableValuesError
from tokumei.engine.hierarchies.base import MISSING_KEY, Keys
from tokumei.engine.hierarchies.chains import SUPPRESSED
from tokumei.engine.hierarchies.numbers import parse_numbers
from tokumei.engine.io import as_text, scan_table
from tokumei.engine.pipeline import UNPARSEABLE_LIMIT, ColumnPlan, compile_recipe, numeric_input
from tokumei.engine.privacy import (
    COUNT,
    SUBJECTS,
    class_size_histogram,
    k_anonymity,
    l_per_class,
    plan_suppression,
    suppression_limit,
    t_per_class,
)
from tokumei.engine.profile import SAMPLE_ROWS, Profile, classify_column, profile_frame
from tokumei.engine.recipe import Recipe
from tokumei.engine.risk import information_loss, risk_metrics, uniques
from tokumei.engine.transforms import count_keys, folded, joined_lookup, keyed_tokens, unfolded
from tokumei.engine.verify import OUTLIER_IQR, outlier_evidence, rare_value_evidence

__all__ = ["StreamedResult", "anonymize_streaming", "assess_streaming", "profile_streaming", "scan_table"]

_ROW = "__tokumei_row"
_PERSON = "__tokumei_person"
_CODE = "__c"

NOT_EVALUATED = ["the column profile of the whole input (items 1–3 profile the first records)"]
PROFILE_ROWS = 50_000
"""The input columns are profiled (direct identifiers, linking codes) on the file's first records."""
_CROSS_MIN_LEN = 6
_OPAQUE = "__output_column__"


def _subjects(person: str | None) -> pl.Expr:
    if person is None:
        return pl.len().cast(pl.Int64).alias(SUBJECTS)
    return (pl.col(person).drop_nulls().n_unique() + pl.col(person).is_null().sum()).cast(pl.Int64).alias(SUBJECTS)


@dataclass(frozen=True)
class _Mapping:
    """Distinct raw values of one column → the generalized label and its integer code."""

    table: pl.DataFrame  # columns: raw (String), label (String), count (Int64), parsed (Boolean), num?, code (UInt32)
    labels: list[str | None]
    unparseable: int
    rare: tuple[int, int, int] | None = None
    """``suppress_rare``: (threshold, labels suppressed, records whose label was suppressed)."""
    numeric: bool = False
    """The column's output is numeric (``num`` holds the parsed input number of each raw value)."""
    keyed: Keys | None = None
    """When set, ``raw`` holds keys of the raw values (:class:`~tokumei.engine.hierarchies.base.Keys`, an
    address's head), not the values themselves: the column's level is at or above the key floor, so its label is
    a function of the key and the near-unique raw values are never held."""

    def decode(self, codes: pl.Series) -> pl.Series:
        """Labels of integer codes."""
        return pl.Series(self.labels, dtype=pl.String).gather(codes)

    def source(self, name: str) -> pl.Expr:
        """What the ``raw`` column of the table is matched against: the column itself, or its key."""
        return pl.col(name) if self.keyed is None else self.keyed.source(pl.col(name))


def _keyed_distinct(lazy: pl.LazyFrame, col: ColumnPlan, keys: Keys) -> tuple[pl.DataFrame, pl.Series, pl.Series]:
    """The keys of one column with their records and distinct raw values (counted by 64-bit hashes, so memory holds
    integers, not the strings), the labels at the column's level and the mask of keys whose values parse."""
    assert col.generalizer is not None
    counted = count_keys(lazy, keys.source(pl.col(col.name)), pl.col(col.name))
    distinct = counted.select(pl.col("key").alias("raw"), pl.col("count").alias(COUNT), "leaves")
    chain, parsed = keys.chain(distinct.get_column("raw"))
    labels = chain[col.generalizer.level_index(col.level) - keys.floor].cast(pl.String)
    return distinct, pl.select(pl.when(parsed).then(labels)).to_series(), parsed


def _mapping(lazy: pl.LazyFrame, col: ColumnPlan, person: str | None, say: Callable[[str], None]) -> _Mapping:
    assert col.generalizer is not None
    say(f"列「{col.name}」の値を集計しています / distinct values of {col.name}")
    generalizer = col.generalizer
    keyed = generalizer.keys_at(col.level)
    nums = None
    if keyed is not None:
        distinct, labels, parsed = _keyed_distinct(lazy, col, keyed)
        present = distinct.get_column("raw") != MISSING_KEY
        bad = int(distinct.get_column(COUNT).filter(present & ~parsed).sum())
        table = distinct.with_columns(labels.alias("label"), parsed.alias("parsed")).select(
            "raw", "label", COUNT, "parsed", "leaves"
        )
    else:
        distinct = lazy.group_by(col.name).agg(pl.len().cast(pl.Int64).alias(COUNT)).collect(engine="streaming")
        raw = distinct.get_column(col.name)
        prepared = generalizer.prepare(raw)
        bad = int(distinct.get_column(COUNT).filter(prepared.unparseable).sum())
        labels = generalizer.generalize(prepared.values, col.level).cast(pl.String)
        table = pl.DataFrame(
            {
                "raw": raw,
                "label": labels,
                COUNT: distinct.get_column(COUNT),
                "parsed": prepared.values.is_not_null(),
                "leaves": pl.Series([1] * raw.len(), dtype=pl.Int64),
            }
        )
        nums = numeric_input(col, raw, prepared.values, distinct.get_column(COUNT))
    if nums is not None:
        table = table.with_columns(nums.alias("num"))
    source = pl.col(col.name) if keyed is None else keyed.source(pl.col(col.name))
    rare_figures = None
    if col.rule.suppress_rare:
        # persons per label: one more streaming pass (a person may hold several raw values with the same label)
        keyed_frame = lazy.select(source.alias("raw"), *([pl.col(person)] if person else []))
        per = (
            keyed_frame.join(table.lazy(), on="raw", how="left", nulls_equal=True)
            .group_by("label")
            .agg(_subjects(person))
            .collect(engine="streaming")
        )
        rare = per.filter(
            pl.col("label").is_not_null()
            & (pl.col("label") != SUPPRESSED)
            & (pl.col(SUBJECTS) < col.rule.suppress_rare)
        ).get_column("label")
        cells = int(table.filter(pl.col("label").is_in(rare.implode()))[COUNT].sum())
        rare_figures = (col.rule.suppress_rare, rare.len(), cells)
        table = table.with_columns(
            pl.when(pl.col("label").is_in(rare.implode()))
            .then(pl.lit(SUPPRESSED))
            .otherwise(pl.col("label"))
            .alias("label")
        )
    # codes in label order (nulls last): sorting classes by their codes sorts them by their labels
    uniq = table.get_column("label").unique().sort(nulls_last=True)
    table = table.with_columns(
        pl.col("label")
        .replace_strict(uniq, pl.Series(range(uniq.len()), dtype=pl.UInt32), return_dtype=pl.UInt32)
        .alias("code")
    )
    return _Mapping(table, uniq.to_list(), bad, rare_figures, nums is not None, keyed)


_CLASS = "__tokumei_class"
_KEPT = "__tokumei_kept"
_FOLD_LIMIT = 2**63
"""Classes are named by one folded integer when the product of the quasi-identifiers' code counts is below this."""


@dataclass(frozen=True)
class _ClassKey:
    """How an equivalence class is named in the frequency tables: the quasi-identifiers' codes folded into one
    ``UInt64`` (``_CLASS``) when the product of their code counts fits, else the code columns themselves. Grouping
    and joining tens of millions of classes on one 8-byte column instead of eight 4-byte ones keeps the hash tables
    and the frequency table small (100M records, ~30M classes). The first quasi-identifier is the most significant
    digit and codes are in label order, so sorting by the key sorts the classes by their labels."""

    qcols: tuple[str, ...]
    radix: tuple[int, ...]
    """Codes per quasi-identifier, plus one for a missing code (the last digit value)."""
    folded: bool

    @classmethod
    def of(cls, qcols: Sequence[str], codes: Sequence[int]) -> _ClassKey:
        radix = tuple(n + 1 for n in codes)
        fits = bool(qcols) and math.prod(radix) < _FOLD_LIMIT
        return cls(tuple(qcols), radix, fits)

    @property
    def columns(self) -> list[str]:
        """The columns naming a class."""
        return [_CLASS] if self.folded else list(self.qcols)

    def attach(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """``frame`` (holding the code columns) with the class key added."""
        if not self.folded:
            return frame
        codes = [pl.col(q).fill_null(r - 1) for q, r in zip(self.qcols, self.radix, strict=True)]
        return frame.with_columns(folded(codes, self.radix).alias(_CLASS))

    def code(self, q: str) -> pl.Expr:
        """The code column ``q`` of a table keyed by class."""
        if not self.folded:
            return pl.col(q)
        i = self.qcols.index(q)
        digit = unfolded(pl.col(_CLASS), self.radix, i)
        return pl.when(digit == self.radix[i] - 1).then(None).otherwise(digit).alias(q)

    def only_kept(self, frame: pl.LazyFrame, kept: pl.DataFrame) -> pl.LazyFrame:
        """The records of ``frame`` (key attached) in the classes of ``kept``: the kept classes marked by a left join
        and the others filtered out (a semi join held more memory in Polars' streaming engine: 10M records, the
        write of ``anonymize``, 2.75 → 2.25 GB)."""
        if not self.qcols:
            return frame
        marks = kept.select(self.columns).with_columns(pl.lit(True).alias(_KEPT)).lazy()
        joined = frame.join(marks, on=self.columns, how="left", nulls_equal=True)
        return joined.filter(pl.col(_KEPT).is_not_null()).drop(_KEPT)


@dataclass(frozen=True)
class StreamedResult:
    """The report of a streaming run (a subset of ``assess``'s keys, plus ``streaming``) and what it decided."""

    report: dict[str, Any]
    ok: bool
    kept_classes: pl.DataFrame
    """The classes kept, one row per class, in the columns of ``classes``."""
    classes: _ClassKey
    """How ``kept_classes`` names a class."""


def _prepare(recipe: Recipe, lazy: pl.LazyFrame, say: Callable[[str], None]) -> tuple[Any, ...]:
    if recipe.sample is not None:
        raise RecipeError(
            ErrorCode.RECIPE_CONFLICT,
            "ストリーミング処理は sample（抽出）に対応していません。sample を外すか、通常の処理を使ってください。",
            "streaming does not support sample; remove it or use the in-memory path.",
        )
    schema = lazy.collect_schema()
    plan = compile_recipe(recipe, columns=list(schema))
    person = recipe.person_key
    if person is not None:
        lazy = lazy.with_row_index(_ROW).with_columns(
            pl.coalesce(pl.col(person), pl.lit("\x00row:") + pl.col(_ROW).cast(pl.String)).alias(_PERSON)
        )
    key = _PERSON if person is not None else None
    generalized = [c for c in plan.columns if c.generalizer is not None]
    mappings = {c.name: _mapping(lazy, c, key, say) for c in generalized}
    return plan, lazy, key, mappings


def assess_streaming(
    path: Path | str,
    recipe: Recipe,
    *,
    separator: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> StreamedResult:
    """k, l, suppression, uniques and risks of ``recipe`` on a file larger than memory (see the module doc).

    Raises:
        InputError, RecipeError, UnparseableValuesError: as ``assess``.
    """
    return _assess(path, recipe, separator, progress or _quiet)[0]


def profile_streaming(
    path: Path | str, *, separator: str | None = None, sample_rows: int = SAMPLE_ROWS
) -> tuple[Profile, pl.DataFrame]:
    """``profile`` of a file larger than memory: the records are counted with a streaming pass, and the columns are
    classified (as :func:`tokumei.engine.profile.profile_frame` does on its sample) on a systematic sample of at
    most ``sample_rows`` records drawn across the whole file, so a file sorted by date or area is sampled from end
    to end (CSV: every n-th record; Parquet: every n-th record of up to 200 evenly spaced row groups). Returns the
    profile and the sample (for ``--recipe-out``).

    Raises:
        InputError: as :func:`scan_table`.
    """
    lazy = scan_table(path, separator=separator)
    rows = int(lazy.select(pl.len()).collect(engine="streaming").item())
    step = max(1, rows // max(sample_rows, 1))
    if Path(path).suffix.lower() == ".parquet":
        sample = _parquet_sample(Path(path), rows, sample_rows)
    else:  # a CSV is read once from end to end; the records between the drawn ones are dropped as they stream by
        sample = (
            lazy.with_row_index("__tokumei_i")
            .filter(pl.col("__tokumei_i") % step == 0)
            .drop("__tokumei_i")
            .head(sample_rows)
            .collect(engine="streaming")
        )
    found = profile_frame(sample, sample_rows=sample_rows)
    return Profile(rows, found.columns), sample


_SAMPLE_ROW_GROUPS = 200


def _parquet_sample(path: Path, rows: int, sample_rows: int) -> pl.DataFrame:
    """A systematic sample of a Parquet file read row group by row group: up to 200 row groups evenly spaced over the
    file, every n-th record of each, copied out of its group (a streaming scan that keeps every n-th record pins
    the buffers the kept strings point into: 9.5 GB for 100M records of 17 text columns)."""
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    groups = handle.metadata.num_row_groups
    chosen = sorted({i * groups // min(groups, _SAMPLE_ROW_GROUPS) for i in range(min(groups, _SAMPLE_ROW_GROUPS))})
    per_group = -(-sample_rows // max(len(chosen), 1))
    parts = []
    for index in chosen:
        group = handle.read_row_group(index)
        picks = list(range(0, group.num_rows, max(1, group.num_rows // per_group)))[:per_group]
        # ``take`` copies the drawn records: a slice of the group would keep the whole group's buffers alive
        table = pl.from_arrow(group.take(picks))
        del group
        assert isinstance(table, pl.DataFrame)
        parts.append(table)
    frame = pl.concat(parts, how="vertical_relaxed").head(sample_rows) if parts else pl.DataFrame()
    return as_text(frame.lazy()).collect()


def _quiet(_: str) -> None:
    return None


def _assess(
    path: Path | str, recipe: Recipe, separator: str | None, say: Callable[[str], None]
) -> tuple[StreamedResult, Any, pl.LazyFrame, dict[str, _Mapping]]:
    lazy = scan_table(path, separator=separator)
    plan, lazy, person, mappings = _prepare(recipe, lazy, say)
    privacy = recipe.privacy
    qis = plan.quasi_identifiers
    sens = [s for s in plan.sensitive if s in mappings]
    rows = int(lazy.select(pl.len()).collect(engine="streaming").item())
    problems = []
    for name, m in mappings.items():
        if m.unparseable > UNPARSEABLE_LIMIT * max(rows, 1):
            problems.append(
                Problem(
                    ErrorCode.UNPARSEABLE_VALUES,
                    f"column {name}",
                    f"列「{name}」の {m.unparseable} 件の値を解釈できません。",
                    f"column {name!r}: {m.unparseable} value(s) cannot be parsed.",
                    received=m.unparseable,
                    allowed=f"<= {UNPARSEABLE_LIMIT:.0%} of the column",
                )
            )
    if problems:
        raise UnparseableValuesError(
            ErrorCode.UNPARSEABLE_VALUES,
            "解釈できない値が多すぎるため処理を中止しました（列の 1 % 超）。",
            "too many unparseable values (over 1 % of a column).",
            problems,
        )
    qcols = [f"q{i}" for i in range(len(qis))]
    scols = [f"s{i}" for i in range(len(sens))]
    classes = _ClassKey.of(qcols, [len(mappings[n].labels) for n in qis])
    keys = classes.columns
    coded = classes.attach(_coded(lazy, mappings, [*qis, *sens], [*qcols, *scols], person))
    say("等価クラスを集計しています / computing equivalence classes (streaming)")
    agg = [pl.len().cast(pl.Int64).alias(COUNT), _subjects(person)]
    freq = (coded.group_by(keys).agg(agg) if qcols else coded.select(agg)).collect(engine="streaming")
    if qcols:  # in label order, as the in-memory path (ties in the suppression plan resolve the same way)
        freq = freq.sort(keys, nulls_last=True)
    fails = pl.Series([False] * freq.height)
    # per sensitive column, records per (class, output label): l, t and the rare labels all come from it
    joint: dict[str, pl.DataFrame] = {}
    if scols:
        say("機微な項目の分布を集計しています / sensitive values per class (streaming)")
        frames = pl.collect_all(
            [coded.group_by([*keys, s]).agg(pl.len().cast(pl.Int64).alias(COUNT)) for s in scols],
            engine="streaming",
        )
        keyed = freq.select(keys).with_row_index("__i")
        for name, s, table in zip(sens, scols, frames, strict=True):
            joint[name] = table.with_columns(mappings[name].decode(table.get_column(s)).alias(s))
            fail_checks: list[pl.Expr] = []
            if privacy.l is not None:
                fail_checks.append(pl.col("l").fill_null(0) < privacy.l)
                per = l_per_class(joint[name], keys, s)
            if privacy.t is not None:
                per_t = t_per_class(joint[name], keys, s)
                if not fail_checks:
                    per = per_t
                elif qcols:
                    per = per.join(per_t, on=keys, how="full", coalesce=True, nulls_equal=True)
                else:
                    per = pl.concat([per, per_t], how="horizontal")
                fail_checks.append(pl.col("t").fill_null(0.0) > privacy.t + 1e-12)
            if fail_checks and not qcols:  # one class: the whole table
                fails = fails | per.select(pl.any_horizontal(fail_checks)).to_series()
            elif fail_checks:
                joined = keyed.join(per, on=keys, how="left", nulls_equal=True).sort("__i")
                fails = fails | joined.select(pl.any_horizontal(fail_checks)).to_series()
                del per, joined
        del keyed, frames
    limit = suppression_limit(rows, privacy.max_suppression)
    decided = plan_suppression(freq, k=privacy.k, limit=limit, fails=fails)
    del freq, fails
    kept = decided.freq.filter(~pl.col("suppress")).drop("suppress")
    suppressed, required, within_budget = decided.suppressed, decided.required, decided.within_budget
    del decided
    kept_joint = {
        name: (table.join(kept.select(keys), on=keys, how="semi", nulls_equal=True) if qcols else table)
        if kept.height
        else table.clear()
        for name, table in joint.items()
    }
    l_values: dict[str, int] = {}
    t_values: dict[str, float] = {}
    for name, s in zip(sens, scols, strict=True):
        table = kept_joint[name]
        per_l = l_per_class(table, keys, s)
        l_values[name] = int(per_l["l"].min()) if table.height and per_l.height else 0  # type: ignore[arg-type]
        if privacy.t is not None:
            per_t = t_per_class(table, keys, s)
            t_values[name] = float(per_t["t"].max()) if per_t.height else 0.0  # type: ignore[arg-type]
    k_value = k_anonymity(kept) if kept.height else 0
    subjects_in = int(lazy.select(_subjects(person)).collect(engine="streaming").item())
    kept_rows = int(kept.get_column(COUNT).sum()) if kept.height else 0
    report: dict[str, Any] = {
        "rows_in": rows,
        "rows_out": kept_rows,
        "subjects_in": subjects_in,
        "subjects_out": _subjects_out(coded, classes, kept, person, kept_rows),
        "k": k_value,
        "class_sizes": {str(s): n for s, n in class_size_histogram(kept).items()},
        "suppressed": suppressed,
        "l": l_values,
        "risk": {m: {a: round(v, 10) for a, v in d.items()} for m, d in risk_metrics(kept, keys).items()},
        "uniques": uniques(kept),
        "unparseable": {n: m.unparseable for n, m in mappings.items() if m.unparseable},
        "targets": {
            "k": privacy.k,
            "l": privacy.l,
            "t": privacy.t,
            "max_suppression": privacy.max_suppression,
            "suppression_limit": limit,
            "rare": privacy.rare_threshold,
            "records": rows,
            "sampled": False,
        },
        "suppression": {"required": required, "within_budget": within_budget},
        "streaming": {"not_evaluated": NOT_EVALUATED},
    }
    say("情報損失を計算しています / information loss (streaming)")
    report["loss"] = information_loss(_losses(lazy, mappings, qis, classes, kept, rows))
    say("規則62条の各号を確認しています / checking Rule 62 (streaming)")
    rule62 = _rule62(recipe, plan, lazy, mappings)
    counts = _subjects_per_label(
        recipe,
        plan,
        lazy,
        mappings,
        classes,
        kept,
        kept_joint,
        person,
        [name for name in plan.sensitive if name in joint],
    )
    rule62["4"] = _item4(recipe, plan, lazy, mappings, counts, classes, kept, kept_joint, suppressed)
    checks: dict[str, Any] = {"k": {"target": privacy.k, "value": k_value, "ok": k_value >= privacy.k}}
    if privacy.l is not None:
        checks["l"] = {
            "target": privacy.l,
            "values": l_values,
            "ok": all(val >= privacy.l for val in l_values.values()),
        }
    if privacy.t is not None:
        checks["t"] = {
            "target": privacy.t,
            "values": {n: round(val, 6) for n, val in t_values.items()},
            "ok": all(val <= privacy.t + 1e-12 for val in t_values.values()),
        }
    checks["suppression"] = {
        "suppressed": suppressed,
        "limit": limit,
        "ok": within_budget and suppressed <= limit,
        "required": required,
    }
    rule62["5"] = {"ok": all(c["ok"] for c in checks.values()), "evidence": checks}
    report["rule62"] = {item: rule62[item] for item in ("1", "2", "3", "4", "5")}
    ok = all(item["ok"] for item in rule62.values())
    say("完了 / done")
    return StreamedResult(report, ok, kept.select(keys), classes), plan, lazy, mappings


def _output_values(mapping: _Mapping) -> pl.DataFrame:
    """The distinct output labels of one column with the records holding each (before record suppression: a superset
    of what the release holds, so every check below errs on the safe side)."""
    return (
        mapping.table.filter(pl.col("label").is_not_null() & (pl.col("label") != SUPPRESSED))
        .group_by("label")
        .agg(pl.col(COUNT).sum())
        .sort("label")
    )


def _weighted_sample(values: pl.DataFrame, n: int = 5_000) -> pl.Series:
    """Up to ``n`` output values drawn in proportion to their records (deterministic), for the content classifier."""
    total = int(values[COUNT].sum()) if values.height else 0
    if total == 0:
        return pl.Series(_OPAQUE, [], dtype=pl.String)
    if total <= n:
        return values.select(pl.col("label").repeat_by(pl.col(COUNT)).explode())["label"].alias(_OPAQUE)
    weights = (values[COUNT] / total).to_numpy()
    import numpy as np

    picks = np.random.default_rng(0).choice(values.height, size=n, p=weights)
    return values["label"].gather(pl.Series(picks, dtype=pl.UInt32)).alias(_OPAQUE)


def _rule62(recipe: Recipe, plan: Any, lazy: pl.LazyFrame, mappings: dict[str, _Mapping]) -> dict[str, Any]:
    """規則62条1〜3号 without holding the records: the input is profiled on its first :data:`PROFILE_ROWS` records;
    every released column other than pseudonyms comes from a small mapping (raw value → label), so its distinct
    output values and their record counts are known exactly; original linking values are looked for in the output
    with a streaming semi join."""
    columns = [c for c in lazy.collect_schema().names() if not c.startswith("__tokumei_")]
    head = lazy.select(pl.col(c).cast(pl.String) for c in columns).head(PROFILE_ROWS).collect(engine="streaming")
    profile = profile_frame(head)
    released = [c.name for c in plan.columns if c.rule.action not in ("delete", "pseudonymize")]
    outputs = {name: _output_values(mappings[name]) for name in released if name in mappings}

    def action(name: str) -> str:
        rule = recipe.columns.get(name)
        if rule is None:
            return "dropped (not in recipe)"
        if rule.action == "generalize":
            return f"generalize {rule.generalize}:{rule.level}"
        return rule.action

    # 1号
    flagged: dict[str, str] = {}
    for name, values in outputs.items():
        verdict = classify_column(_OPAQUE, _weighted_sample(values))
        if verdict.category == "direct_identifier":
            flagged[name] = verdict.code_type or "direct_identifier"
    item1 = {
        "ok": not flagged,
        "evidence": {
            "input_direct_identifiers": {
                c.name: action(c.name) for c in profile.columns if c.category == "direct_identifier"
            },
            "output_columns_classified_as_direct_identifier": flagged,
            "input_profiled_on_records": head.height,
        },
    }
    # 2号: every distinct output value, weighted by its records
    matches: dict[str, list[dict[str, Any]]] = {}
    for name, values in outputs.items():
        found = column_code_matches(values["label"], weak_share=0.5, counts=values[COUNT])
        if found:
            matches[name] = [{"code_type": m.code_type, "values": m.matches, "share": round(m.share, 4)} for m in found]
    item2 = {
        "ok": not matches,
        "evidence": {
            "input_identification_codes": {
                c.name: action(c.name) for c in profile.columns if c.category == "identification_code"
            },
            "output_values_validating_as_codes": matches,
        },
    }
    # 3号
    linking = {c.name: action(c.name) for c in profile.columns if c.category == "linking_code"}
    linking |= {n: "pseudonymize" for n, r in recipe.columns.items() if r.action == "pseudonymize"}
    if recipe.person_key is not None:
        linking[recipe.person_key] = action(recipe.person_key)
    cross = [n for n in outputs if (r := recipe.columns.get(n)) is not None and r.action == "keep"]
    surviving: dict[str, dict[str, int]] = {}
    for name in linking:
        if name not in columns:
            continue
        hits: dict[str, int] = {}
        for target, values in outputs.items():
            if target != name and target not in cross:
                continue
            labels = values.select(pl.col("label").alias("__v"))
            if target != name:
                labels = labels.filter(pl.col("__v").str.len_chars() >= _CROSS_MIN_LEN)
            if labels.height == 0:
                continue
            found = (
                lazy.select(pl.col(name).cast(pl.String).alias("__v"))
                .join(labels.lazy(), on="__v", how="semi")
                .select(pl.col("__v").n_unique())
                .collect(engine="streaming")
                .item()
            )
            if found:
                hits[target] = int(found)
        if hits:
            surviving[name] = hits
    item3 = {
        "ok": not surviving,
        "evidence": {
            "linking_columns": linking,
            "original_values_in_output": surviving,
            # the tokens are a keyed hash under a random key drawn when the release is written and dropped right
            # after it (anonymize): no value→token table exists, and the key is never written
            "mapping_destroyed": True,
        },
    }
    return {"1": item1, "2": item2, "3": item3}


def _subjects_out(
    coded: pl.LazyFrame, classes: _ClassKey, kept: pl.DataFrame, person: str | None, kept_rows: int
) -> int:
    """Persons in the release: its records without a person key, else one streaming pass over the kept classes
    (``coded`` carries the class key)."""
    if person is None or not kept.height:
        return kept_rows
    frame = classes.only_kept(coded, kept)
    return int(frame.select(pl.col(person).n_unique()).collect(engine="streaming").item())


def _losses(
    lazy: pl.LazyFrame,
    mappings: dict[str, _Mapping],
    qis: Sequence[str],
    classes: _ClassKey,
    kept: pl.DataFrame,
    rows: int,
) -> dict[str, float]:
    """ARX/Iyengar loss of every quasi-identifier as ``tokumei.engine.risk.column_loss`` defines it: the mean over
    records of (leaves − 1)/(D − 1) for kept records and 1 for removed ones. The leaves of a label are the distinct
    parsed raw values mapping to it, so each record's cost is a function of its label; the kept records per label
    come from the kept frequency table, without another pass (a label mixing parsed and unparsed raw values costs
    one more streaming pass)."""
    if rows == 0:
        return dict.fromkeys(qis, 0.0)
    kept_rows = int(kept.get_column(COUNT).sum()) if kept.height else 0
    removed = rows - kept_rows
    losses: dict[str, float] = {}
    mixed: dict[str, pl.DataFrame] = {}
    qcols = classes.qcols
    for name, q in zip(qis, qcols, strict=True):
        table = mappings[name].table
        parsed = table.filter(pl.col("parsed"))
        domain = int(parsed.get_column("leaves").sum())
        if domain <= 1:
            losses[name] = removed / rows
            continue
        leaves = parsed.group_by("code").agg(pl.col("leaves").sum().alias("__leaves"))
        weights = table.join(leaves, on="code", how="left").select(
            "raw",
            "code",
            pl.when(pl.col("parsed"))
            .then((pl.col("__leaves") - 1) / (domain - 1))
            .otherwise(0.0)
            .cast(pl.Float64)
            .alias("__w"),
        )
        per_code = weights.group_by("code").agg(pl.col("__w").min().alias("lo"), pl.col("__w").max().alias("hi"))
        if per_code.filter(pl.col("lo") != pl.col("hi")).height:
            mixed[name] = weights
            continue
        if not kept.height:
            losses[name] = removed / rows
            continue
        cost = (
            kept.group_by(classes.code(q))
            .agg(pl.col(COUNT).sum())
            .join(per_code.select(pl.col("code").alias(q), "lo"), on=q, how="left")
            .select((pl.col(COUNT) * pl.col("lo")).sum())
            .item()
        )
        losses[name] = (float(cost or 0.0) + removed) / rows
    if mixed:
        frame = classes.attach(_coded(lazy, mappings, qis, qcols, None, keep=list(mixed)))
        for name, weights in mixed.items():
            frame = joined_lookup(frame, mappings[name].source(name), weights, "__w", f"__w_{name}", default=0.0)
        frame = classes.only_kept(frame, kept)
        sums = frame.select(pl.col(f"__w_{n}").sum() for n in mixed).collect(engine="streaming")
        for name in mixed:
            cost = float(sums[f"__w_{name}"][0] or 0.0) if kept.height else 0.0
            losses[name] = (cost + removed) / rows
    return {name: losses[name] for name in qis}


def _subjects_per_label(
    recipe: Recipe,
    plan: Any,
    lazy: pl.LazyFrame,
    mappings: dict[str, _Mapping],
    classes: _ClassKey,
    kept: pl.DataFrame,
    kept_joint: dict[str, pl.DataFrame],
    person: str | None,
    sensitive: Sequence[str],
) -> Callable[[str], pl.DataFrame]:
    """``counts(name)``: the subjects holding each output label of a column among the released records, as
    ``{"v": label, "n": subjects}`` without nulls and ``*`` (``tokumei.engine.verify._subject_counts``). Without a
    person key a subject is a record, so the quasi-identifiers' and sensitive columns' counts come from the kept
    tables; otherwise (and for other columns) one streaming pass per column counts distinct persons."""
    qis = plan.quasi_identifiers
    qcols = list(classes.qcols)
    cache: dict[str, pl.DataFrame] = {}

    def tidy(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(pl.col("v").is_not_null() & (pl.col("v") != SUPPRESSED))

    def counts(name: str) -> pl.DataFrame:
        if name in cache:
            return cache[name]
        mapping = mappings[name]
        if not kept.height:
            out = pl.DataFrame({"v": [], "n": []}, schema={"v": pl.String, "n": pl.Int64})
        elif person is None and name in qis:
            q = qcols[qis.index(name)]
            per = kept.group_by(classes.code(q)).agg(pl.col(COUNT).sum().alias("n"))
            out = per.select(mapping.decode(per[q]).alias("v"), "n")
        elif person is None and name in sensitive:
            s = f"s{list(sensitive).index(name)}"
            out = kept_joint[name].group_by(s).agg(pl.col(COUNT).sum().alias("n")).select(pl.col(s).alias("v"), "n")
        else:
            frame = classes.only_kept(
                classes.attach(_coded(lazy, mappings, [*qis, name], [*qcols, _CODE], person)), kept
            )
            per = frame.group_by(_CODE).agg(_subjects(person).alias("n")).collect(engine="streaming")
            out = per.select(mapping.decode(per[_CODE]).alias("v"), "n")
        cache[name] = tidy(out)
        return cache[name]

    return counts


def _weighted_quantile(values: pl.Series, weights: pl.Series, q: float) -> float | None:
    """Polars' ``quantile(q, "linear")`` of the multiset holding each value ``weight`` times."""
    frame = pl.DataFrame({"v": values, "w": weights}).filter(pl.col("v").is_not_null() & (pl.col("w") > 0)).sort("v")
    n = int(frame["w"].sum()) if frame.height else 0
    if n == 0:
        return None
    cum = frame["w"].cum_sum().to_numpy()
    import numpy as np

    pos = q * (n - 1)
    lo, hi = int(np.floor(pos)), int(np.ceil(pos))
    v = frame["v"].to_numpy()
    lower = float(v[int(np.searchsorted(cum, lo + 1))])
    upper = float(v[int(np.searchsorted(cum, hi + 1))])
    return lower + (upper - lower) * (pos - lo)


def _item4(
    recipe: Recipe,
    plan: Any,
    lazy: pl.LazyFrame,
    mappings: dict[str, _Mapping],
    counts: Callable[[str], pl.DataFrame],
    classes: _ClassKey,
    kept: pl.DataFrame,
    kept_joint: dict[str, pl.DataFrame],
    suppressed: int,
) -> dict[str, Any]:
    """規則62条4号 as ``tokumei.engine.verify`` checks it in memory, from the mappings (distinct raw values with their
    records) and the kept classes: rare output values per quasi-identifier and categorical sensitive column, and
    numeric outliers (Tukey's far-out fences over every record, from the weighted distinct values) held by an
    output value rarer than the threshold."""
    privacy = recipe.privacy
    released = {c.name for c in plan.columns if c.generalizer is not None}
    qis = plan.quasi_identifiers
    rarity: dict[str, dict[str, Any]] = {}
    ok = True
    for name, rule in recipe.columns.items():
        if name not in released:
            continue
        role = rule.effective_role
        categorical_sensitive = False
        if role == "sensitive" and rule.action != "number" and name in kept_joint:
            s = kept_joint[name].columns[len(classes.columns)]
            per_label = kept_joint[name].group_by(s).agg(pl.col(COUNT).sum()).rename({s: "label"})
            categorical_sensitive = not _numeric_labels(per_label)
        if role != "quasi" and not categorical_sensitive:
            continue
        rarity[name] = rare_value_evidence(counts(name), rule.suppress_rare or privacy.rare_threshold)
        if rarity[name]["values_below_threshold"]:
            ok = False
    outliers: dict[str, dict[str, Any]] = {}
    for name in (c.name for c in plan.columns):
        mapping = mappings.get(name)
        num_rule = recipe.columns.get(name)
        if mapping is None or not mapping.numeric or num_rule is None:
            continue
        table = mapping.table.filter(pl.col("num").is_not_null())
        if int(table[COUNT].sum()) < 4:
            continue
        q1 = _weighted_quantile(table["num"], table[COUNT], 0.25)
        q3 = _weighted_quantile(table["num"], table[COUNT], 0.75)
        if q1 is None or q3 is None:
            continue
        iqr = q3 - q1
        low, high = q1 - OUTLIER_IQR * iqr, q3 + OUTLIER_IQR * iqr
        outside = table.filter((pl.col("num") < low) | (pl.col("num") > high))
        n_out = int(outside[COUNT].sum())
        threshold = num_rule.suppress_rare or privacy.rare_threshold
        entry = outlier_evidence(num_rule, low, high, n_out, threshold)
        held_codes = _kept_codes_of(outside, name, lazy, mappings, qis, classes, kept, suppressed) if n_out else None
        if held_codes is not None and held_codes.len():
            labels = mapping.decode(held_codes).drop_nulls().unique()
            labels = labels.filter(labels != SUPPRESSED)
            held = counts(name).filter(pl.col("v").is_in(labels.implode()))
            smallest = int(held["n"].min()) if held.height else threshold  # type: ignore[arg-type]
            entry["rarest_output_value_holding_an_outlier"] = smallest
            entry["ok"] = smallest >= threshold
            ok = ok and entry["ok"]
        else:
            entry["ok"] = True
        outliers[name] = entry
    evidence: dict[str, Any] = {"rare_values": rarity, "numeric_outliers": outliers}
    rare_figures = {n: m.rare for n, m in mappings.items() if m.rare is not None}
    if rare_figures:
        evidence["suppress_rare"] = {
            n: {"threshold": t, "values": v, "cells": c} for n, (t, v, c) in rare_figures.items()
        }
    return {"ok": ok, "evidence": evidence}


def _kept_codes_of(
    outside: pl.DataFrame,
    name: str,
    lazy: pl.LazyFrame,
    mappings: dict[str, _Mapping],
    qis: Sequence[str],
    classes: _ClassKey,
    kept: pl.DataFrame,
    suppressed: int,
) -> pl.Series:
    """Codes of the output values that released records with an outlying raw value hold (all of the outliers'
    codes when nothing was suppressed; otherwise one streaming pass over the outlying records)."""
    if not kept.height:
        return pl.Series([], dtype=pl.UInt32)
    if suppressed == 0:
        return outside["code"].unique()
    raws = outside["raw"].drop_nulls()
    qcols = list(classes.qcols)
    picked = lazy.filter(pl.col(name).is_in(raws.implode()))
    frame = classes.only_kept(classes.attach(_coded(picked, mappings, [*qis, name], [*qcols, _CODE], None)), kept)
    return frame.select(pl.col(_CODE).unique()).collect(engine="streaming")[_CODE]


def _numeric_labels(per: pl.DataFrame) -> bool:
    """``tokumei.engine.verify._is_numeric_text`` on labels with their record counts: at least 95 % of the released
    non-null values parse as numbers."""
    per = per.filter(pl.col("label").is_not_null())
    present = int(per[COUNT].sum()) if per.height else 0
    if present == 0:
        return False
    nums, _ = parse_numbers(per["label"])
    return int(per[COUNT].filter(nums.is_not_null()).sum()) >= 0.95 * present


def _coded(
    lazy: pl.LazyFrame,
    mappings: dict[str, _Mapping],
    names: Sequence[str],
    aliases: Sequence[str],
    person: str | None,
    *,
    keep: Sequence[str] = (),
) -> pl.LazyFrame:
    """The named columns as their UInt32 codes under ``aliases`` (left joins with the small mappings, which the
    streaming engine runs chunk by chunk), with the person column and the raw columns in ``keep``."""
    sources = [f"__tokumei_source_{i}" for i in range(len(names))]
    carried = [*([person] if person else []), *[c for c in keep if c != person]]
    out = lazy.select(*[mappings[n].source(n).alias(src) for n, src in zip(names, sources, strict=True)], *carried)
    for n, a, src in zip(names, aliases, sources, strict=True):
        out = joined_lookup(out, src, mappings[n].table, "code", a).drop(src)
    return out.select(*aliases, *carried)


def anonymize_streaming(
    path: Path | str,
    recipe: Recipe,
    out: Path | str,
    *,
    fmt: Literal["parquet", "csv"] = "parquet",
    separator: str | None = None,
    allow_unsafe: bool = False,
    progress: Callable[[str], None] | None = None,
) -> StreamedResult:
    """Assess, then (when the checked targets hold, or ``allow_unsafe``) stream the release to ``out``.

    The output holds the recipe's kept columns: generalized labels, pseudonyms (a keyed hash of the value under a
    random key of this run, dropped after the write: :func:`tokumei.engine.transforms.keyed_tokens`), suppressed
    classes removed.
    """
    say = progress or _quiet
    result, plan, lazy, mappings = _assess(path, recipe, separator, say)
    if not result.ok and not allow_unsafe:
        return result
    qis = plan.quasi_identifiers
    qcols = [f"q{i}" for i in range(len(qis))]
    frame = lazy
    for name, q in zip(qis, qcols, strict=True):
        frame = joined_lookup(frame, mappings[name].source(name), mappings[name].table, "code", q)
    classes = result.classes
    frame = classes.only_kept(classes.attach(frame), result.kept_classes)
    exprs: list[pl.Expr] = []
    # One random key per run for every pseudonymized column: the same value gets the same token in every chunk
    # without a value→token table (which would hold every distinct ID of a file larger than memory). The key is
    # 加工方法情報 (規則62条3号): it lives in this function only and is dropped after the write.
    secret = secrets.token_bytes(32)
    for col in plan.columns:
        if col.rule.action == "delete":
            continue
        if col.rule.action == "pseudonymize":
            exprs.append(
                pl.col(col.name)
                .map_batches(
                    keyed_tokens(hashlib.blake2b(col.name.encode(), key=secret).digest()),
                    return_dtype=pl.String,
                    is_elementwise=True,
                )
                .alias(col.name)
            )
        elif col.name in qis:
            # a quasi-identifier's label from its code, already in the frame (a 4-byte key; an address's key is not
            # computed twice)
            labels = mappings[col.name].labels
            table = pl.DataFrame(
                {"code": pl.Series(range(len(labels)), dtype=pl.UInt32), "label": pl.Series(labels, dtype=pl.String)}
            )
            frame = joined_lookup(frame, qcols[qis.index(col.name)], table, "label", f"__g_{col.name}", key="code")
            exprs.append(pl.col(f"__g_{col.name}").alias(col.name))
        else:
            mapping = mappings[col.name]
            frame = joined_lookup(frame, mapping.source(col.name), mapping.table, "label", f"__g_{col.name}")
            exprs.append(pl.col(f"__g_{col.name}").alias(col.name))
    frame = frame.select(exprs)
    say("書き出し中 / writing (streaming)")
    target = Path(out)
    if fmt == "parquet":
        frame.sink_parquet(target, compression="zstd")
    else:
        frame.sink_csv(target, null_value="")
    del secret, frame  # the pseudonym key is not kept (規則62条3号)
    return result

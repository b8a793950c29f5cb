"""Out-of-core ``assess`` / ``anonymize`` for Parquet and UTF-8 CSV files larger than memory (issue 4, item 4).

Nothing here holds the records. The file is scanned lazily, only the recipe's columns; every generalized column is
reduced once to its distinct values with counts (a streaming ``group_by``), those values are parsed and generalized
(the generalizers work on distinct values anyway), and the result is a small mapping ``raw value → integer code``.
The frequency table of the quasi-identifiers is then one more streaming ``group_by`` over the integer codes
(``UInt32``, 4 bytes per cell), with ``count`` (records) and ``subjects`` (persons, :mod:`tokumei.engine.privacy`).
k, l, the suppression plan, uniques and the re-identification risks are computed on that table with the same
functions ``assess`` uses, so both paths agree on every figure they share (tested).

``anonymize_streaming`` writes the release with ``sink_parquet`` / ``sink_csv``: generalized values and pseudonyms
come from joins with the mappings, suppressed classes are dropped by a semi join on the kept class codes.

規則62条 items 1–3 are checked too (``report["rule62"]``, with item 5): the input columns are profiled on the first
records; every released column except pseudonyms comes from a small mapping, so its distinct output values and
their record counts are known and checked exactly (before record suppression: a superset of the release); original
linking values are looked for in the output with a streaming semi join.

Not covered (reported under ``not_evaluated``; ``ok`` reflects only what was checked): 規則62条 item 4 (rare
values and outliers per column), t-closeness, the information-loss figures and ``sample``. Recipes with ``sample``
are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl

from tokumei.engine.codes import column_code_matches
from tokumei.engine.errors import ErrorCode, Problem, RecipeError, UnparseableValuesError
from tokumei.engine.hierarchies.chains import SUPPRESSED
from tokumei.engine.io import scan_table
from tokumei.engine.pipeline import UNPARSEABLE_LIMIT, ColumnPlan, compile_recipe
from tokumei.engine.privacy import (
    COUNT,
    SUBJECTS,
    class_size_histogram,
    k_anonymity,
    plan_suppression,
    suppression_limit,
)
from tokumei.engine.profile import classify_column, profile_frame
from tokumei.engine.recipe import Recipe
from tokumei.engine.risk import risk_metrics, uniques
from tokumei.engine.transforms import _tokens

__all__ = ["StreamedResult", "anonymize_streaming", "assess_streaming", "scan_table"]

_ROW = "__tokumei_row"
_PERSON = "__tokumei_person"
_CODE = "__c"

NOT_EVALUATED = [
    "rule62 item 4 (rare values and outliers per column)",
    "t-closeness",
    "information loss",
]
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

    table: pl.DataFrame  # columns: raw (String), label (String), code (UInt32)
    labels: list[str | None]
    unparseable: int


def _mapping(lazy: pl.LazyFrame, col: ColumnPlan, person: str | None, say: Callable[[str], None]) -> _Mapping:
    assert col.generalizer is not None
    say(f"列「{col.name}」の値を集計しています / distinct values of {col.name}")
    distinct = lazy.group_by(col.name).agg(pl.len().cast(pl.Int64).alias(COUNT)).collect(engine="streaming")
    raw = distinct.get_column(col.name)
    prepared = col.generalizer.prepare(raw)
    bad = int(distinct.get_column(COUNT).filter(prepared.unparseable).sum())
    labels = col.generalizer.generalize(prepared.values, col.level).cast(pl.String)
    table = pl.DataFrame({"raw": raw, "label": labels, COUNT: distinct.get_column(COUNT)})
    if col.rule.suppress_rare:
        # persons per label: one more streaming pass (a person may hold several raw values with the same label)
        keyed = lazy.select(pl.col(col.name).alias("raw"), *([pl.col(person)] if person else []))
        per = (
            keyed.join(table.lazy(), on="raw", how="left", nulls_equal=True)
            .group_by("label")
            .agg(_subjects(person))
            .collect(engine="streaming")
        )
        rare = per.filter(
            pl.col("label").is_not_null()
            & (pl.col("label") != SUPPRESSED)
            & (pl.col(SUBJECTS) < col.rule.suppress_rare)
        ).get_column("label")
        table = table.with_columns(
            pl.when(pl.col("label").is_in(rare.implode()))
            .then(pl.lit(SUPPRESSED))
            .otherwise(pl.col("label"))
            .alias("label")
        )
    uniq = table.get_column("label").unique(maintain_order=True)
    table = table.with_columns(
        pl.col("label")
        .replace_strict(uniq, pl.Series(range(uniq.len()), dtype=pl.UInt32), return_dtype=pl.UInt32)
        .alias("code")
    )
    return _Mapping(table, uniq.to_list(), bad)


@dataclass(frozen=True)
class StreamedResult:
    """The report of a streaming run (a subset of ``assess``'s keys, plus ``streaming``) and what it decided."""

    report: dict[str, Any]
    ok: bool
    kept_classes: pl.DataFrame
    """QI codes of the classes kept (one row per class)."""


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
    coded = _coded(lazy, mappings, [*qis, *sens], [*qcols, *scols], person)
    say("等価クラスを集計しています / computing equivalence classes (streaming)")
    agg = [pl.len().cast(pl.Int64).alias(COUNT), _subjects(person)]
    freq = (coded.group_by(qcols).agg(agg) if qcols else coded.select(agg)).collect(engine="streaming")
    fails = pl.Series([False] * freq.height)
    l_columns: dict[str, pl.Series] = {}
    if scols:
        keyed = freq.select(qcols).with_row_index("__i")
        for name, s in zip(sens, scols, strict=True):
            per = (
                coded.filter(pl.col(s).is_not_null())
                .group_by(qcols)
                .agg(pl.col(s).n_unique().cast(pl.Int64).alias("l"))
                .collect(engine="streaming")
            )
            joined = keyed.join(per, on=qcols, how="left", nulls_equal=True).sort("__i")
            l_columns[name] = joined["l"].fill_null(0)
            if privacy.l is not None:
                fails = fails | (l_columns[name] < privacy.l)
    limit = suppression_limit(rows, privacy.max_suppression)
    decided = plan_suppression(freq, k=privacy.k, limit=limit, fails=fails)
    kept = decided.freq.filter(~pl.col("suppress")).drop("suppress")
    keep_mask = ~decided.freq.get_column("suppress")
    l_values: dict[str, int] = {}
    for name, l_col in l_columns.items():
        kept_l = l_col.filter(keep_mask)
        l_values[name] = int(kept_l.min()) if kept_l.len() else 0  # type: ignore[arg-type]
    k_value = k_anonymity(kept) if kept.height else 0
    subjects_in = int(lazy.select(_subjects(person)).collect(engine="streaming").item())
    kept_rows = int(kept.get_column(COUNT).sum()) if kept.height else 0
    report: dict[str, Any] = {
        "rows_in": rows,
        "rows_out": kept_rows,
        "subjects_in": subjects_in,
        "k": k_value,
        "class_sizes": {str(s): n for s, n in class_size_histogram(kept).items()},
        "suppressed": decided.suppressed,
        "l": l_values,
        "risk": {m: {a: round(v, 10) for a, v in d.items()} for m, d in risk_metrics(kept, qcols).items()},
        "uniques": uniques(kept),
        "unparseable": {n: m.unparseable for n, m in mappings.items() if m.unparseable},
        "targets": {
            "k": privacy.k,
            "l": privacy.l,
            "t": privacy.t,
            "max_suppression": privacy.max_suppression,
            "suppression_limit": limit,
            "records": rows,
            "sampled": False,
        },
        "suppression": {"required": decided.required, "within_budget": decided.within_budget},
        "streaming": {"not_evaluated": NOT_EVALUATED + (["t"] if privacy.t is not None else [])},
    }
    say("規則62条の各号を確認しています / checking Rule 62 (streaming)")
    rule62 = _rule62(recipe, plan, lazy, mappings)
    rule62["5"] = {
        "ok": decided.within_budget and k_value >= privacy.k and all(v >= (privacy.l or 0) for v in l_values.values()),
        "evidence": {
            "k": {"target": privacy.k, "value": k_value},
            "l": {"target": privacy.l, "values": l_values},
            "suppression": {"suppressed": decided.suppressed, "limit": limit, "ok": decided.within_budget},
        },
    }
    report["rule62"] = rule62
    ok = all(item["ok"] for item in rule62.values())
    say("完了 / done")
    return StreamedResult(report, ok, kept.select(qcols)), plan, lazy, mappings


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
            # the tokens are drawn when the release is written and their pairs dropped right after (anonymize)
            "mapping_destroyed": True,
        },
    }
    return {"1": item1, "2": item2, "3": item3}


def _code_expr(mapping: _Mapping, name: str, what: str = "code") -> pl.Expr:
    """``raw value → code`` (or label) of one column as an expression; a null raw value maps to its own entry."""
    table = mapping.table
    present = table.filter(pl.col("raw").is_not_null())
    nulls = table.filter(pl.col("raw").is_null()).get_column(what)
    expr = pl.col(name).replace_strict(
        present.get_column("raw"), present.get_column(what), default=None, return_dtype=table.schema[what]
    )
    if nulls.len():
        expr = pl.when(pl.col(name).is_null()).then(pl.lit(nulls[0], dtype=table.schema[what])).otherwise(expr)
    return expr


def _coded(
    lazy: pl.LazyFrame,
    mappings: dict[str, _Mapping],
    names: Sequence[str],
    aliases: Sequence[str],
    person: str | None,
) -> pl.LazyFrame:
    """The lazy frame with the named columns replaced by their UInt32 codes (hash lookups in the small mappings,
    elementwise, so the streaming engine runs them chunk by chunk)."""
    exprs = [_code_expr(mappings[n], n).alias(a) for n, a in zip(names, aliases, strict=True)]
    out = lazy.select(*exprs, *([pl.col(person)] if person else []))
    return out


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

    The output holds the recipe's kept columns: generalized labels, pseudonyms (a fresh random token per distinct
    value; the mapping is dropped after the write), suppressed classes removed.
    """
    say = progress or _quiet
    result, plan, lazy, mappings = _assess(path, recipe, separator, say)
    if not result.ok and not allow_unsafe:
        return result
    qis = plan.quasi_identifiers
    qcols = [f"q{i}" for i in range(len(qis))]
    frame = lazy
    for name, q in zip(qis, qcols, strict=True):
        table = mappings[name].table.select(pl.col("raw").alias(name), pl.col("code").alias(q)).lazy()
        frame = frame.join(table, on=name, how="left", nulls_equal=True)
    if qcols:
        frame = frame.join(result.kept_classes.lazy(), on=qcols, how="semi", nulls_equal=True)
    exprs: list[pl.Expr] = []
    pseudonyms: list[pl.LazyFrame] = []
    for col in plan.columns:
        if col.rule.action == "delete":
            continue
        if col.rule.action == "pseudonymize":
            distinct = (
                lazy.select(pl.col(col.name).drop_nulls().unique()).collect(engine="streaming").get_column(col.name)
            )
            tokens = _tokens(distinct.len()) if distinct.len() else pl.Series([], dtype=pl.String)
            pairs = pl.DataFrame({col.name: distinct, f"__t_{col.name}": tokens})
            del distinct, tokens
            pseudonyms.append(pairs.lazy())
            exprs.append(pl.col(f"__t_{col.name}").alias(col.name))
        else:
            labels = mappings[col.name].table.select(
                pl.col("raw").alias(col.name), pl.col("label").alias(f"__g_{col.name}")
            )
            frame = frame.join(labels.lazy(), on=col.name, how="left", nulls_equal=True)
            exprs.append(pl.col(f"__g_{col.name}").alias(col.name))
    for pairs_lazy in pseudonyms:
        frame = frame.join(pairs_lazy, on=pairs_lazy.collect_schema().names()[0], how="left")
    frame = frame.select(exprs)
    say("書き出し中 / writing (streaming)")
    target = Path(out)
    if fmt == "parquet":
        frame.sink_parquet(target, compression="zstd")
    else:
        frame.sink_csv(target, null_value="")
    del pseudonyms  # the value → token pairs are not kept (規則62条3号)
    return result

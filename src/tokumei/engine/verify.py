"""規則第62条 verification: one check per item, each with its evidence.

The checks look at the **output** (what would be released), not at the recipe's intentions:

1. 1号 — no direct identifier remains: every input column profiled as a direct identifier is deleted,
   pseudonymized or generalized, and no output column is classified as a direct identifier by content.
2. 2号 — no output value validates as any identification code (My Number with its check digit, licence, passport,
   residence card, pension, insurance …; digit-only formats count when most values of a column validate).
3. 3号 — no original linking value survives: the values of every linking column (profiled linking codes,
   pseudonymized columns, the person key) appear nowhere in the output; pseudonym mappings were destroyed.
4. 4号 — no quasi-identifier or categorical sensitive value is held by fewer subjects than the threshold
   (``suppress_rare`` of the column, else ``privacy.rare``, else k); numeric columns with outliers (Tukey fences) are
   top/bottom-coded or banded so that no output value holding an outlier (beyond Tukey's far-out fences,
   3 × IQR) is rarer than the threshold.
5. 5号 — the dataset-level targets hold: k, distinct l per sensitive column, t when asked, and the removed records
   fit the suppression budget.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from tokumei.engine.codes import column_code_matches
from tokumei.engine.hierarchies.chains import SUPPRESSED
from tokumei.engine.hierarchies.numbers import parse_numbers
from tokumei.engine.profile import Profile, classify_column
from tokumei.engine.recipe import ColumnRule, Recipe
from tokumei.engine.transforms import PseudonymReport

__all__ = ["Rule62Input", "outlier_evidence", "rare_value_evidence", "verify_rule62"]

_OPAQUE = "__output_column__"
_CROSS_MIN_LEN = 6
OUTLIER_IQR = 3.0
"""Tukey's far-out fences: a value below Q1 − 3·IQR or above Q3 + 3·IQR is an outlier."""


@dataclass
class Rule62Input:
    """Everything the checks need. Row-aligned series are aligned with ``output``."""

    recipe: Recipe
    profile: Profile
    source: pl.DataFrame
    """The input records that entered the run (text columns, after sampling)."""
    output: pl.DataFrame
    subjects: pl.Series
    """Subject id of each output row."""
    numeric_source: dict[str, pl.Series]
    """Parsed input numbers (Float64) of numeric output columns, aligned with ``output``."""
    numeric_all: dict[str, pl.Series]
    """Parsed input numbers of the same columns over every record that entered (for the fences)."""
    pseudonyms: list[PseudonymReport]
    k: int
    l_values: dict[str, int]
    t_values: dict[str, float]
    suppressed: int
    suppression_limit: int
    within_budget: bool
    sample_size: int = 5_000


def _sample(series: pl.Series, n: int) -> pl.Series:
    return series if series.len() <= n else series.sample(n=n, seed=0)


def _item1(v: Rule62Input) -> dict[str, Any]:
    inputs: dict[str, str] = {}
    ok = True
    for col in v.profile.columns:
        if col.category != "direct_identifier":
            continue
        rule = v.recipe.columns.get(col.name)
        action: str = "dropped (not in recipe)" if rule is None else rule.action
        if rule is not None and rule.action == "generalize":
            action = f"generalize {rule.generalize}:{rule.level}"
        inputs[col.name] = action
    flagged: dict[str, str] = {}
    for name in v.output.columns:
        rule = v.recipe.columns.get(name)
        if rule is not None and rule.action == "pseudonymize":
            continue  # random tokens: checked by 3号
        verdict = classify_column(_OPAQUE, _sample(v.output[name], v.sample_size))
        if verdict.category == "direct_identifier":
            flagged[name] = verdict.code_type or "direct_identifier"
            ok = False
    return {
        "ok": ok,
        "evidence": {
            "input_direct_identifiers": inputs,
            "output_columns_classified_as_direct_identifier": flagged,
        },
    }


def _item2(v: Rule62Input) -> dict[str, Any]:
    inputs: dict[str, str] = {}
    for col in v.profile.columns:
        if col.category == "identification_code":
            rule = v.recipe.columns.get(col.name)
            inputs[col.name] = "dropped (not in recipe)" if rule is None else rule.action
    matches: dict[str, list[dict[str, Any]]] = {}
    for name in v.output.columns:
        found = column_code_matches(v.output[name], weak_share=0.5)
        if found:
            matches[name] = [{"code_type": m.code_type, "values": m.matches, "share": round(m.share, 4)} for m in found]
    return {
        "ok": not matches,
        "evidence": {"input_identification_codes": inputs, "output_values_validating_as_codes": matches},
    }


def _item3(v: Rule62Input) -> dict[str, Any]:
    linking: dict[str, str] = {}
    for col in v.profile.columns:
        if col.category == "linking_code":
            rule = v.recipe.columns.get(col.name)
            linking[col.name] = "dropped (not in recipe)" if rule is None else rule.action
    for name, rule in v.recipe.columns.items():
        if rule.action == "pseudonymize":
            linking[name] = "pseudonymize"
    if v.recipe.person_key is not None:
        key_rule = v.recipe.columns.get(v.recipe.person_key)
        linking[v.recipe.person_key] = key_rule.action if key_rule is not None else "dropped (not in recipe)"
    cross_targets = [
        n
        for n in v.output.columns
        if (r := v.recipe.columns.get(n)) is not None and r.action in ("keep", "pseudonymize")
    ]
    surviving: dict[str, dict[str, int]] = {}
    for name in linking:
        if name not in v.source.columns:
            continue
        originals = v.source[name].drop_nulls().unique()
        hits: dict[str, int] = {}
        for target in v.output.columns:
            if target != name and target not in cross_targets:
                continue
            values = originals if target == name else originals.filter(originals.str.len_chars() >= _CROSS_MIN_LEN)
            if values.len() == 0:
                continue
            out_values = v.output[target].cast(pl.String).drop_nulls().unique()
            n = int(out_values.is_in(values.implode()).sum())
            if n:
                hits[target] = n
        if hits:
            surviving[name] = hits
    destroyed = all(p.mapping_destroyed for p in v.pseudonyms)
    return {
        "ok": not surviving and destroyed,
        "evidence": {
            "linking_columns": linking,
            "original_values_in_output": surviving,
            "pseudonyms": [p.as_dict() for p in v.pseudonyms],
            "mapping_destroyed": destroyed,
        },
    }


def _subject_counts(values: pl.Series, subjects: pl.Series) -> pl.DataFrame:
    return (
        pl.DataFrame({"v": values.cast(pl.String), "s": subjects})
        .filter(pl.col("v").is_not_null() & (pl.col("v") != SUPPRESSED))
        .group_by("v")
        .agg(pl.col("s").n_unique().alias("n"))
    )


def _is_numeric_text(values: pl.Series) -> bool:
    present = values.drop_nulls()
    if present.len() == 0:
        return False
    nums, _ = parse_numbers(present)
    return nums.drop_nulls().len() >= 0.95 * present.len()


def rare_value_evidence(counts: pl.DataFrame, threshold: int) -> dict[str, Any]:
    """4号 evidence of one column from the subjects holding each output value (``v``, ``n``; no nulls, no ``*``)."""
    rare = counts.filter(pl.col("n") < threshold)
    smallest = int(counts["n"].min()) if counts.height else 0  # type: ignore[arg-type]
    return {
        "threshold": threshold,
        "values": counts.height,
        "rarest_subjects": smallest,
        "values_below_threshold": rare.height,
    }


def outlier_evidence(rule: ColumnRule, low: float, high: float, outliers: int, threshold: int) -> dict[str, Any]:
    """4号 evidence of a numeric column: Tukey's far-out fences, the records beyond them and how the column is coded
    (the caller adds whether every output value holding a released outlier is shared by ``threshold`` subjects)."""
    coding = [k for k in ("top_code", "bottom_code", "band", "round", "microaggregate") if getattr(rule, k)]
    if rule.generalize is not None:
        coding.append(f"generalize {rule.generalize}:{rule.level}")
    return {"fences": [round(low, 6), round(high, 6)], "outliers": outliers, "coding": coding, "threshold": threshold}


def _item4(v: Rule62Input) -> dict[str, Any]:
    privacy = v.recipe.privacy
    rarity: dict[str, dict[str, Any]] = {}
    ok = True
    for name, rule in v.recipe.columns.items():
        if name not in v.output.columns:
            continue
        role = rule.effective_role
        categorical_sensitive = role == "sensitive" and rule.action != "number" and not _is_numeric_text(v.output[name])
        if role != "quasi" and not categorical_sensitive:
            continue
        counts = _subject_counts(v.output[name], v.subjects)
        rarity[name] = rare_value_evidence(counts, rule.suppress_rare or privacy.rare_threshold)
        if rarity[name]["values_below_threshold"]:
            ok = False
    outliers: dict[str, dict[str, Any]] = {}
    for name, values in v.numeric_all.items():
        num_rule = v.recipe.columns.get(name)
        if num_rule is None or name not in v.output.columns:
            continue
        present = values.drop_nulls()
        if present.len() < 4:
            continue
        q1 = present.quantile(0.25, "linear")
        q3 = present.quantile(0.75, "linear")
        if q1 is None or q3 is None:
            continue
        iqr = float(q3) - float(q1)
        low, high = float(q1) - OUTLIER_IQR * iqr, float(q3) + OUTLIER_IQR * iqr
        aligned = v.numeric_source[name]
        is_out = ((aligned < low) | (aligned > high)).fill_null(False)
        n_out = int(((present < low) | (present > high)).sum())
        threshold = num_rule.suppress_rare or privacy.rare_threshold
        entry = outlier_evidence(num_rule, low, high, n_out, threshold)
        if n_out and is_out.any():
            counts = _subject_counts(v.output[name], v.subjects)
            labels = v.output[name].filter(is_out).cast(pl.String).drop_nulls().unique()
            labels = labels.filter(labels != SUPPRESSED)
            held = counts.filter(pl.col("v").is_in(labels.implode()))
            smallest = int(held["n"].min()) if held.height else threshold  # type: ignore[arg-type]
            entry["rarest_output_value_holding_an_outlier"] = smallest
            if smallest < threshold:
                ok = False
                entry["ok"] = False
            else:
                entry["ok"] = True
        else:
            entry["ok"] = True
        outliers[name] = entry
    return {"ok": ok, "evidence": {"rare_values": rarity, "numeric_outliers": outliers}}


def _item5(v: Rule62Input) -> dict[str, Any]:
    p = v.recipe.privacy
    checks: dict[str, Any] = {"k": {"target": p.k, "value": v.k, "ok": v.k >= p.k}}
    if p.l is not None:
        checks["l"] = {
            "target": p.l,
            "values": v.l_values,
            "ok": all(val >= p.l for val in v.l_values.values()),
        }
    if p.t is not None:
        checks["t"] = {
            "target": p.t,
            "values": {k: round(val, 6) for k, val in v.t_values.items()},
            "ok": all(val <= p.t + 1e-12 for val in v.t_values.values()),
        }
    checks["suppression"] = {
        "suppressed": v.suppressed,
        "limit": v.suppression_limit,
        "ok": v.within_budget and v.suppressed <= v.suppression_limit,
    }
    ok = all(c["ok"] for c in checks.values())
    return {"ok": ok, "evidence": checks}


def verify_rule62(v: Rule62Input) -> dict[str, dict[str, Any]]:
    """The five items, keyed ``"1"`` … ``"5"``, each ``{"ok": bool, "evidence": …}``."""
    return {"1": _item1(v), "2": _item2(v), "3": _item3(v), "4": _item4(v), "5": _item5(v)}


def all_ok(rule62: Mapping[str, Mapping[str, Any]], items: Sequence[str] = ("1", "2", "3", "4", "5")) -> bool:
    return all(bool(rule62[i]["ok"]) for i in items)

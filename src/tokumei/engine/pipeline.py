"""Compile a recipe into a plan, run it on a table, and report (assess) or write (anonymize) the result.

    >>> plan = compile_recipe(recipe, columns=frame.columns)   # doctest: +SKIP
    >>> print(plan.explain())                                   # doctest: +SKIP
    >>> result = plan.run(frame)                                # doctest: +SKIP
    >>> result.ok, result.report["k"]                           # doctest: +SKIP

Steps of :meth:`Plan.run`:

1. columns the recipe does not name are dropped (listed in ``dropped_columns``);
2. ``sample`` keeps a random subset of subjects;
3. every kept column is parsed to its level-0 labels; non-blank values that cannot be parsed are cell-suppressed
   and counted (the run fails when they exceed 1 % of a column, or at all with ``strict``);
4. generalization to the recipe's level, rare-category suppression, pseudonyms;
5. the frequency table of quasi-identifier combinations (subjects and records per class) decides which classes
   fail k, l or t; they are removed if they fit the suppression budget (else the smallest ones that fit);
6. metrics (k, class sizes, l, t, risk, loss) on what is released and the 規則62条 checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from tokumei.engine.errors import ErrorCode, Problem, UnparseableValuesError
from tokumei.engine.hierarchies import Generalizer, generalizer_for
from tokumei.engine.hierarchies.dates import AgeGeneralizer
from tokumei.engine.hierarchies.numbers import NumberCoder, parse_numbers
from tokumei.engine.privacy import (
    class_size_histogram,
    frequency_table,
    k_anonymity,
    l_per_class,
    plan_suppression,
    suppression_limit,
    t_per_class,
)
from tokumei.engine.profile import Profile, profile_frame
from tokumei.engine.recipe import ColumnRule, Recipe
from tokumei.engine.risk import column_loss, information_loss, risk_metrics, uniques
from tokumei.engine.text import blank_to_null
from tokumei.engine.transforms import PseudonymReport, pseudonymize, sample_subjects, suppress_rare
from tokumei.engine.verify import Rule62Input, all_ok, verify_rule62

__all__ = ["REPORT_KEYS", "ColumnPlan", "Plan", "Result", "assess", "compile_recipe", "with_targets"]

REPORT_KEYS: tuple[str, ...] = (
    "rows_in",
    "rows_out",
    "subjects_in",
    "subjects_out",
    "k",
    "class_sizes",
    "suppressed",
    "l",
    "risk",
    "uniques",
    "loss",
    "dropped_columns",
    "unparseable",
    "targets",
    "rule62",
)
UNPARSEABLE_LIMIT = 0.01
_ROW = "__row"
_SUBJECT = "__subject"

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class ColumnPlan:
    name: str
    rule: ColumnRule
    generalizer: Generalizer | None
    level: int

    def describe(self) -> str:
        r = self.rule
        if r.action == "delete":
            return "削除 / delete"
        if r.action == "pseudonymize":
            return "仮ID（暗号論的乱数、対応表は実行後に破棄）/ pseudonymize"
        role = r.effective_role or ""
        if self.generalizer is not None and r.generalize is not None:
            alias = self.generalizer.levels[self.level]
            text = f"一般化 {r.generalize} → level {self.level} ({alias})"
            if r.generalize == "age" and r.reference is not None:
                text += f", 基準日 {r.reference.isoformat()}"
            if r.top_code is not None:
                text += f", top_code {r.top_code}"
        elif r.action == "number":
            parts = [f"{k} {getattr(r, k)}" for k in ("top_code", "bottom_code", "round", "band", "microaggregate")]
            text = "数値 " + ", ".join(p for p in parts if not p.endswith(" None"))
        else:
            text = "そのまま / keep"
        if r.suppress_rare:
            text += f", 希少値抑制 < {r.suppress_rare}"
        return f"{text} [{role}]"


def with_targets(
    recipe: Recipe,
    *,
    k: int | None = None,
    l: int | None = None,  # noqa: E741
    t: float | None = None,
    max_suppression: float | None = None,
) -> Recipe:
    """The recipe with privacy targets overridden (CLI flags win over the recipe)."""
    update: dict[str, Any] = {}
    if k is not None:
        update["k"] = k
    if l is not None:
        update["l"] = l
    if t is not None:
        update["t"] = t
    if max_suppression is not None:
        update["max_suppression"] = max_suppression
    if not update:
        return recipe
    privacy = recipe.privacy.model_validate({**recipe.privacy.model_dump(), **update})
    new = recipe.model_copy(update={"privacy": privacy})
    return new.with_base_dir(recipe.base_dir)


@dataclass
class Result:
    """Output of :meth:`Plan.run`: the records to release, the report, and what was cell-suppressed."""

    data: pl.DataFrame
    report: dict[str, Any]
    unparseable_rows: dict[str, list[int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when all five 規則62条 items hold."""
        return all_ok(self.report["rule62"])

    @property
    def failed_items(self) -> list[str]:
        return [i for i, item in self.report["rule62"].items() if not item["ok"]]


@dataclass(frozen=True)
class Plan:
    recipe: Recipe
    columns: tuple[ColumnPlan, ...]

    @property
    def quasi_identifiers(self) -> list[str]:
        return [c.name for c in self.columns if c.rule.is_quasi]

    @property
    def sensitive(self) -> list[str]:
        return [c.name for c in self.columns if c.rule.effective_role == "sensitive"]

    def generalizers(self) -> dict[str, Generalizer]:
        """Generalizer of every kept, non-pseudonymized column (the search uses those of the QIs)."""
        return {c.name: c.generalizer for c in self.columns if c.generalizer is not None}

    def explain(self) -> str:
        """A readable plan: one line per column, then the targets."""
        p = self.recipe.privacy
        lines = ["列ごとの処理 / per column:"]
        width = max((len(c.name) for c in self.columns), default=0)
        lines.extend(f"  {c.name.ljust(width)}  {c.describe()}" for c in self.columns)
        lines.append(f"準識別子 / quasi-identifiers: {', '.join(self.quasi_identifiers) or '（なし）'}")
        lines.append(f"要配慮等 / sensitive: {', '.join(self.sensitive) or '（なし）'}")
        targets = f"k={p.k}"
        if p.l is not None:
            targets += f", l={p.l}"
        if p.t is not None:
            targets += f", t={p.t}"
        targets += f", max_suppression={p.max_suppression}"
        lines.append(f"目標 / targets: {targets}")
        if self.recipe.person_key:
            lines.append(f"本人キー / person_key: {self.recipe.person_key}")
        if self.recipe.sample:
            lines.append(f"抽出 / sample: {self.recipe.sample.subjects} subjects")
        lines.append("レシピにない列は削除されます / columns not in the recipe are dropped.")
        return "\n".join(lines)

    # ------------------------------------------------------------------------------------------------------------
    def run(
        self,
        frame: pl.DataFrame,
        *,
        strict: bool = False,
        progress: Progress | None = None,
        profile: Profile | None = None,
    ) -> Result:
        """Apply the plan to a table of text columns (as :func:`tokumei.engine.io.read_table` returns)."""
        say = progress or _quiet
        recipe = self.recipe
        privacy = recipe.privacy
        recipe.check(frame.columns)
        frame = blank_to_null(frame)
        rows_in = frame.height
        dropped = [c for c in frame.columns if c not in recipe.columns]

        say("入力の列を分類しています / profiling input columns")
        if profile is None:
            profile = profile_frame(frame)

        work = frame.select(list(recipe.columns)).with_row_index(_ROW, offset=1)
        if recipe.person_key is not None:
            subject = pl.coalesce(pl.col(recipe.person_key), pl.lit("\x00row:") + pl.col(_ROW).cast(pl.String))
        else:
            subject = pl.col(_ROW).cast(pl.String)
        work = work.with_columns(subject.alias(_SUBJECT))
        subjects_in = work[_SUBJECT].n_unique()

        # 3. parse every kept column on the whole file (so unparseable cells are reported by input row)
        say("値を解析しています / parsing values")
        level0: dict[str, pl.Series] = {}
        labels: dict[str, pl.Series] = {}
        unparseable: dict[str, int] = {}
        bad_rows: dict[str, list[int]] = {}
        problems: list[Problem] = []
        for col in self.columns:
            if col.generalizer is None:
                continue
            prepared = col.generalizer.prepare(work[col.name])
            n_bad = prepared.unparseable_count
            unparseable[col.name] = n_bad
            if n_bad:
                rows = work[_ROW].filter(prepared.unparseable).head(20).to_list()
                bad_rows[col.name] = rows
                share = n_bad / rows_in if rows_in else 0.0
                if strict or share > UNPARSEABLE_LIMIT:
                    shown = ", ".join(str(r) for r in rows) + (" …" if n_bad > len(rows) else "")
                    problems.append(
                        Problem(
                            ErrorCode.UNPARSEABLE_VALUES,
                            f"column {col.name}",
                            f"列「{col.name}」の {n_bad} 件（{share:.1%}）の値を解釈できません（行 {shown}）。"
                            "元データを直すか、レシピの処理を見直してください。",
                            f"column {col.name!r}: {n_bad} value(s) ({share:.1%}) cannot be parsed (rows {shown}).",
                            received=n_bad,
                            allowed="0" if strict else f"<= {UNPARSEABLE_LIMIT:.0%} of the column",
                        )
                    )
            level0[col.name] = prepared.values
            labels[col.name] = col.generalizer.generalize(prepared.values, col.level)
        if problems:
            raise UnparseableValuesError(
                ErrorCode.UNPARSEABLE_VALUES,
                "解釈できない値が多すぎるため処理を中止しました"
                + ("（--strict: 1 件でも中止）。" if strict else "（列の 1 % 超）。")
                + "行番号はヘッダーを除くデータの行番号です。",
                "too many unparseable values" + (" (strict)" if strict else " (over 1 % of a column)") + ".",
                problems,
            )
        population_labels = {n: labels[n] for n in self.quasi_identifiers}

        # 2. sample subjects
        mask = pl.Series([True] * rows_in)
        if recipe.sample is not None:
            say(f"{recipe.sample.subjects} 人を無作為抽出しています / sampling subjects")
            mask = sample_subjects(work[_SUBJECT], recipe.sample.subjects, seed=recipe.sample.seed)
        sampled = recipe.sample is not None and not bool(mask.all())
        if sampled:
            work = work.filter(mask)
            level0 = {n: s.filter(mask) for n, s in level0.items()}
            labels = {n: s.filter(mask) for n, s in labels.items()}
        records = work.height
        subjects = work[_SUBJECT]

        # 4. rare categories and pseudonyms
        say("一般化・希少値抑制・仮ID化 / generalizing, rare values, pseudonyms")
        rare_reports = []
        for col in self.columns:
            if col.generalizer is not None and col.rule.suppress_rare:
                labels[col.name], rep = suppress_rare(labels[col.name], subjects, col.rule.suppress_rare)
                rare_reports.append(rep)
        pseudonym_reports: list[PseudonymReport] = []
        out_columns: dict[str, pl.Series] = {}
        for col in self.columns:
            if col.rule.action == "delete":
                continue
            if col.rule.action == "pseudonymize":
                tokens, token_report = pseudonymize(work[col.name])
                pseudonym_reports.append(token_report)
                out_columns[col.name] = tokens
            else:
                out_columns[col.name] = labels[col.name]

        # 5. equivalence classes and suppression
        say("等価クラスを集計しています / computing equivalence classes")
        qis = self.quasi_identifiers
        qcols = [f"q{i}" for i in range(len(qis))]
        qframe = pl.DataFrame({**{q: labels[n] for q, n in zip(qcols, qis, strict=True)}, _SUBJECT: subjects})
        sens = self.sensitive
        scols = [f"s{i}" for i in range(len(sens))]
        sframe = qframe.with_columns([labels[n].alias(s) for s, n in zip(scols, sens, strict=True)])
        # classes in label order: when the budget cannot remove every failing class, ties between equally small
        # classes go to the first in this order, so the same data always gives the same release
        freq = frequency_table(qframe, qcols, person_key=_SUBJECT)
        if qcols:
            freq = freq.sort(qcols, nulls_last=True)
        fails = pl.Series([False] * freq.height)
        if scols and (privacy.l is not None or privacy.t is not None):
            keyed = freq.select(qcols).with_row_index("__i")
            for s in scols:
                if privacy.l is not None:
                    per = l_per_class(sframe, qcols, s)
                    joined = keyed.join(per, on=qcols, how="left", nulls_equal=True).sort("__i")
                    fails = fails | (joined["l"].fill_null(0) < privacy.l)
                if privacy.t is not None:
                    per_t = t_per_class(sframe, qcols, s, count=None)
                    joined = keyed.join(per_t, on=qcols, how="left", nulls_equal=True).sort("__i")
                    fails = fails | (joined["t"].fill_null(0.0) > privacy.t + 1e-12)
        limit = suppression_limit(records, privacy.max_suppression)
        plan = plan_suppression(freq, k=privacy.k, limit=limit, fails=fails)
        decided = (
            qframe.select(qcols)
            .with_row_index("__i")
            .join(plan.freq.select(*qcols, "suppress"), on=qcols, how="left", nulls_equal=True)
        )
        keep_mask = ~decided.sort("__i")["suppress"].fill_null(False)
        kept_freq = plan.freq.filter(~pl.col("suppress")).drop("suppress")

        output = pl.DataFrame([s.filter(keep_mask).rename(n) for n, s in out_columns.items()])
        kept_subjects = subjects.filter(keep_mask)
        kept_sframe = sframe.filter(keep_mask)

        # 6. metrics
        say("指標を計算しています / computing metrics")
        k_value = k_anonymity(kept_freq) if output.height else 0
        l_values = {n: _min_l(kept_sframe, qcols, s) for n, s in zip(sens, scols, strict=True)}
        t_values: dict[str, float] = {}
        if privacy.t is not None:
            for n, s in zip(sens, scols, strict=True):
                per_t = t_per_class(kept_sframe, qcols, s, count=None)
                t_values[n] = float(per_t["t"].max()) if per_t.height else 0.0  # type: ignore[arg-type]
        population = None
        if sampled:
            pop = pl.DataFrame(
                {
                    **{q: population_labels[n] for q, n in zip(qcols, qis, strict=True)},
                    _SUBJECT: frame.select(list(recipe.columns))
                    .with_row_index(_ROW, offset=1)
                    .select(subject.alias(_SUBJECT))[_SUBJECT],
                }
            )
            population = frequency_table(pop, qcols, person_key=_SUBJECT)
        risk = risk_metrics(kept_freq, qcols, population=population)
        losses = {}
        for n in qis:
            original = work[n].zip_with(level0[n].is_not_null(), pl.Series([None] * records, dtype=pl.String))
            losses[n] = column_loss(original, labels[n], keep_mask)

        numeric_all: dict[str, pl.Series] = {}
        numeric_source: dict[str, pl.Series] = {}
        for col in self.columns:
            nums = numeric_input(col, work[col.name], level0.get(col.name))
            if nums is not None:
                numeric_all[col.name] = nums
                numeric_source[col.name] = nums.filter(keep_mask)

        say("規則62条の各号を確認しています / verifying 規則62条")
        rule62 = verify_rule62(
            Rule62Input(
                recipe=recipe,
                profile=profile,
                source=work.drop(_ROW, _SUBJECT),
                output=output,
                subjects=kept_subjects,
                numeric_source=numeric_source,
                numeric_all=numeric_all,
                pseudonyms=pseudonym_reports,
                k=k_value,
                l_values=l_values,
                t_values=t_values,
                suppressed=plan.suppressed,
                suppression_limit=limit,
                within_budget=plan.within_budget,
            )
        )
        rule62["5"]["evidence"]["suppression"]["required"] = plan.required
        if rare_reports:
            rule62["4"]["evidence"]["suppress_rare"] = {
                r.column: {"threshold": r.threshold, "values": r.values_suppressed, "cells": r.cells_suppressed}
                for r in rare_reports
            }

        report: dict[str, Any] = {
            "rows_in": rows_in,
            "rows_out": output.height,
            "subjects_in": subjects_in,
            "subjects_out": kept_subjects.n_unique(),
            "k": k_value,
            "class_sizes": {str(s): n for s, n in class_size_histogram(kept_freq).items()},
            "suppressed": plan.suppressed,
            "l": l_values,
            "risk": {m: {a: round(v, 10) for a, v in d.items()} for m, d in risk.items()},
            "uniques": uniques(kept_freq),
            "loss": information_loss(losses),
            "dropped_columns": dropped,
            "unparseable": {n: c for n, c in unparseable.items() if c},
            "targets": {
                "k": privacy.k,
                "l": privacy.l,
                "t": privacy.t,
                "max_suppression": privacy.max_suppression,
                "suppression_limit": limit,
                "rare": privacy.rare_threshold,
                "records": records,
                "sampled": sampled,
            },
            "rule62": rule62,
        }
        say("完了 / done")
        return Result(output, report, bad_rows)


def _min_l(frame: pl.DataFrame, qcols: Sequence[str], s: str) -> int:
    if frame.height == 0:
        return 0
    per = l_per_class(frame, qcols, s)
    value = per["l"].min()
    return int(value) if isinstance(value, int | float) else 0


def numeric_input(
    col: ColumnPlan, raw: pl.Series, level0: pl.Series | None, counts: pl.Series | None = None
) -> pl.Series | None:
    """Parsed input numbers for columns whose output is numeric (numbers, ages, kept columns whose values are at
    least 95 % numbers), aligned with ``raw``; ``None`` for other columns. ``raw`` may be the distinct values of a
    column with ``counts`` (aligned) weighing the 95 % share by records (the streaming path)."""
    if col.generalizer is None or col.rule.action in ("delete", "pseudonymize"):
        return None
    if isinstance(col.generalizer, NumberCoder):
        nums, _ = parse_numbers(raw)
        return nums
    if isinstance(col.generalizer, AgeGeneralizer):
        return col.generalizer.years(raw).cast(pl.Float64)
    if col.rule.action == "keep" and level0 is not None:
        nums, _ = parse_numbers(level0)
        weights = counts if counts is not None else pl.Series([1] * level0.len(), dtype=pl.Int64)
        present = int(weights.filter(level0.is_not_null()).sum())
        if present and int(weights.filter(nums.is_not_null()).sum()) / present >= 0.95:
            return nums
    return None


def compile_recipe(recipe: Recipe, *, columns: Sequence[str] | None = None) -> Plan:
    """Check the recipe (against ``columns`` when given) and build the generalizer of every kept column."""
    if columns is not None:
        recipe.check(columns)
    plans = []
    for name, rule in recipe.columns.items():
        if rule.action in ("delete", "pseudonymize"):
            plans.append(ColumnPlan(name, rule, None, 0))
            continue
        path = recipe.hierarchy_path(name) if rule.generalize == "hierarchy" else None
        gen = generalizer_for(rule, hierarchy_path=path)
        plans.append(ColumnPlan(name, rule, gen, rule.level_index(gen.depth)))
    return Plan(recipe, tuple(plans))


def assess(
    frame: pl.DataFrame,
    recipe: Recipe,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Result:
    """Apply ``recipe`` in memory and return the result (report + records); nothing is written."""
    if overrides:
        recipe = with_targets(recipe, **dict(overrides))
    plan = compile_recipe(recipe, columns=frame.columns)
    return plan.run(frame, strict=strict, progress=progress)

"""k, l, t, suppression and risk on frequency tables; k and l cross-checked with pycanon (subprocess)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pytest

from tokumei.engine.privacy import (
    class_size_histogram,
    frequency_table,
    k_anonymity,
    l_diversity,
    plan_suppression,
    suppression_limit,
    t_closeness,
)
from tokumei.engine.risk import column_loss, information_loss, risk_metrics, uniques

if TYPE_CHECKING:
    from tests.engine.conftest import PycanonCheck

ROWS = pl.DataFrame(
    {
        "age": ["30-39", "30-39", "30-39", "40-49", "40-49", None, None],
        "sex": ["男", "男", "男", "女", "女", "女", "女"],
        "disease": ["高血圧", "糖尿病", "高血圧", "喘息", "喘息", "骨折", "高血圧"],
        "pid": ["a", "a", "b", "c", "d", "e", "f"],
    }
)


def test_frequency_table_counts_records_and_subjects() -> None:
    freq = frequency_table(ROWS, ["age", "sex"], person_key="pid").sort("age", nulls_last=True)
    assert freq.to_dict(as_series=False) == {
        "age": ["30-39", "40-49", None],
        "sex": ["男", "女", "女"],
        "count": [3, 2, 2],
        "subjects": [2, 2, 2],
    }
    assert k_anonymity(freq) == 2
    assert k_anonymity(freq, count="count") == 2
    assert class_size_histogram(freq) == {2: 3}


def test_l_diversity_and_t_closeness() -> None:
    assert l_diversity(ROWS, ["age", "sex"], "disease") == 1  # 40-49/女 has only 喘息
    assert l_diversity(ROWS, ["sex"], "disease") == 2  # 男: 高血圧, 糖尿病; 女: 喘息, 骨折, 高血圧
    t = t_closeness(ROWS, ["age", "sex"], "disease", count=None)
    assert 0.0 < t <= 1.0
    assert t_closeness(ROWS, [], "disease", count=None) == 0.0


def test_suppression_within_and_beyond_the_budget() -> None:
    freq = pl.DataFrame({"q": ["a", "b", "c", "d"], "count": [10, 1, 2, 3], "subjects": [10, 1, 2, 3]})
    plan = plan_suppression(freq, k=3, limit=3)
    assert plan.within_budget
    assert plan.suppressed == 3
    assert plan.required == 3
    assert plan.freq["suppress"].to_list() == [False, True, True, False]
    tight = plan_suppression(freq, k=4, limit=3)
    assert not tight.within_budget
    assert tight.required == 6
    assert tight.suppressed == 3  # the smallest classes first, never beyond the limit
    assert tight.suppressed <= tight.limit


def test_suppression_limit_is_arx_floor() -> None:
    assert suppression_limit(30162, 0.05) == 1508
    assert suppression_limit(100, 0.29) == 29
    assert suppression_limit(100, 0.0) == 0


def test_risk_metrics() -> None:
    freq = pl.DataFrame({"q": ["a", "b"], "count": [1, 4], "subjects": [1, 4]})
    risk = risk_metrics(freq, ["q"])
    assert risk["prosecutor"] == {"max": 1.0, "mean": 2 / 5}
    assert risk["journalist"] == risk["prosecutor"]
    assert risk["marketer"]["mean"] == pytest.approx(2 / 5)
    population = pl.DataFrame({"q": ["a", "b"], "count": [10, 8], "subjects": [10, 8]})
    sampled = risk_metrics(freq, ["q"], population=population)
    assert sampled["journalist"]["max"] == pytest.approx(1 / 8)
    assert sampled["marketer"]["mean"] == pytest.approx((1 / 10 + 4 / 8) / 5)
    assert uniques(freq) == 1


def test_column_loss() -> None:
    original = pl.Series(["1", "2", "3", "4"])
    assert column_loss(original, original, pl.Series([True] * 4)) == 0.0
    assert column_loss(original, pl.Series(["*"] * 4), pl.Series([True] * 4)) == 1.0
    half = column_loss(original, pl.Series(["a", "a", "b", "b"]), pl.Series([True] * 4))
    assert half == pytest.approx(1 / 3)
    assert column_loss(original, original, pl.Series([True, True, True, False])) == 0.25
    agg = information_loss({"a": 0.0, "b": 1.0})
    assert agg["loss"] == pytest.approx(2**0.5 - 1)
    assert agg["granularity"] == 0.5


def test_k_and_l_agree_with_pycanon(pycanon: PycanonCheck, tmp_path: Path) -> None:
    rows = pl.DataFrame(
        {
            "age": ["30-39"] * 6 + ["40-49"] * 4 + ["50-59"] * 5,
            "sex": ["男", "女"] * 7 + ["男"],
            "disease": ["a", "b", "c", "a", "b", "c", "a", "a", "b", "c", "d", "d", "e", "d", "e"],
        }
    )
    path = tmp_path / "x.csv"
    rows.write_csv(path)
    ours_k = k_anonymity(frequency_table(rows, ["age", "sex"]))
    ours_l = l_diversity(rows, ["age", "sex"], "disease")
    theirs = pycanon(path, ["age", "sex"], ["disease"])
    assert (ours_k, ours_l) == (theirs["k"], theirs["disease"])

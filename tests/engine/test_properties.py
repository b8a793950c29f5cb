"""Hypothesis properties of a run: no input identifier value in the output, the reported k is the k of the output,
suppression never exceeds the budget; and pycanon agrees on k and l of real outputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tokumei.engine import assess, parse_recipe
from tokumei.engine.codes import my_number_check_digit

if TYPE_CHECKING:
    from tests.engine.conftest import PycanonCheck


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ["髙橋　一郎", "山﨑　花子", "佐藤　太郎", "鈴木　陽子", "田中　誠", "伊藤　さくら"]
CITIES = ["東京都千代田区", "京都府京都市中京区", "福岡県北九州市小倉北区", "北海道札幌市中央区", "沖縄県那覇市"]
DISEASES = ["高血圧症", "糖尿病", "喘息", "骨折"]


@st.composite
def files(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(min_value=1, max_value=60))
    rows = []
    for i in range(n):
        body = f"{draw(st.integers(min_value=0, max_value=10**11 - 1)):011d}"
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=draw(st.integers(min_value=0, max_value=30000)))
        rows.append(
            {
                "管理番号": f"K{i:06d}",
                "氏名": draw(st.sampled_from(NAMES)),
                "個人番号": body + str(my_number_check_digit(body)),
                "生年月日": birth.isoformat(),
                "住所": draw(st.sampled_from(CITIES)) + f"{draw(st.integers(1, 9))}-{draw(st.integers(1, 30))}",
                "性別": draw(st.sampled_from(["男", "女"])),
                "傷病名": draw(st.sampled_from(DISEASES)),
            }
        )
    return pl.DataFrame(rows)


def _recipe(k: int, level: str, max_suppression: float) -> object:
    return parse_recipe(
        {
            "version": 1,
            "columns": {
                "管理番号": "pseudonymize",
                "氏名": "delete",
                "個人番号": "delete",
                "生年月日": {"generalize": "age", "level": level, "reference": "2026-04-01"},
                "住所": {"generalize": "address", "level": "prefecture"},
                "性別": {"keep": "quasi"},
                "傷病名": {"keep": "sensitive"},
            },
            "privacy": {"k": k, "max_suppression": max_suppression},
        }
    )


@SETTINGS
@given(
    frame=files(),
    k=st.integers(min_value=1, max_value=6),
    level=st.sampled_from(["band10", "band20", "*"]),
    budget=st.sampled_from([0.0, 0.1, 0.5, 1.0]),
)
def test_run_properties(frame: pl.DataFrame, k: int, level: str, budget: float) -> None:
    result = assess(frame, _recipe(k, level, budget))  # type: ignore[arg-type]
    out, report = result.data, result.report
    # no input identifier value (names, My Numbers, management numbers, street addresses) appears in the output
    identifiers = set(frame["管理番号"]) | set(frame["氏名"]) | set(frame["個人番号"]) | set(frame["住所"])
    cells = {v for col in out.columns for v in out[col].drop_nulls().to_list()}
    assert not identifiers & cells
    # the reported k is the k of the output, recomputed independently
    qis = ["生年月日", "住所", "性別"]
    if out.height:
        recomputed = min(len(g) for _, g in out.group_by(qis))
        assert report["k"] == recomputed
    else:
        assert report["k"] == 0
    # suppression never exceeds the budget, and the records add up
    limit = int(budget * frame.height + 1e-9)
    assert report["suppressed"] <= limit
    assert report["rows_out"] + report["suppressed"] == frame.height == out.height + report["suppressed"]
    # item 5 holds exactly when k is met within the budget
    assert report["rule62"]["5"]["ok"] == (report["k"] >= k and report["rule62"]["5"]["evidence"]["suppression"]["ok"])


def test_pycanon_agrees_on_the_outputs_k_and_l(gen: ModuleType, pycanon: PycanonCheck, tmp_path: Path) -> None:
    frame = gen.generate(3000, seed=5)
    recipe = parse_recipe(
        {
            "version": 1,
            "columns": {
                "管理番号": "pseudonymize",
                "生年月日": {"generalize": "age", "level": "band20", "reference": "2026-04-01", "top_code": 80},
                "住所": {"generalize": "address", "level": "region"},
                "性別": {"keep": "quasi", "suppress_rare": 5},
                "傷病名": {"keep": "sensitive", "suppress_rare": 5},
                "職業": {"keep": "sensitive", "suppress_rare": 5},
            },
            "privacy": {"k": 5, "l": 2, "max_suppression": 0.05},
        }
    )
    result = assess(frame, recipe)
    qis = ["生年月日", "住所", "性別"]
    # pycanon reads CSV without nulls: missing values become "" (a value of their own, as in tokumei)
    path = tmp_path / "out.csv"
    result.data.fill_null("").write_csv(path)
    theirs = pycanon(path, qis, ["傷病名", "職業"])
    assert theirs["k"] == result.report["k"]
    assert theirs["傷病名"] == result.report["l"]["傷病名"]
    assert theirs["職業"] == result.report["l"]["職業"]

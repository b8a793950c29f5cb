"""Plan.run end to end on generated Japanese data: report keys, the five items of 規則62条, cell suppression."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import polars as pl
import pytest
import yaml

from tokumei.engine import REPORT_KEYS, assess, compile_recipe, parse_recipe
from tokumei.engine.errors import ErrorCode, UnparseableValuesError
from tokumei.engine.pipeline import with_targets

SAFE = """
version: 1
columns:
  氏名: delete
  個人番号: delete
  管理番号: pseudonymize
  生年月日: {generalize: age, level: band20, reference: 2026-04-01, top_code: 80}
  住所: {generalize: address, level: region}
  性別: {keep: quasi, suppress_rare: 5}
  年収: {top_code: 8000000, role: sensitive}
  傷病名: {keep: sensitive, suppress_rare: 5}
privacy: {k: 5, l: 2, max_suppression: 0.05}
"""


def recipe(text: str = SAFE, **changes: Any) -> Any:
    doc = yaml.safe_load(text)
    for name, rule in changes.items():
        if rule is None:
            doc["columns"].pop(name, None)
        else:
            doc["columns"][name] = rule
    return parse_recipe(doc)


@pytest.fixture(scope="module")
def data(gen: ModuleType) -> pl.DataFrame:
    frame: pl.DataFrame = gen.generate(2000, seed=2)
    return frame


def test_safe_recipe_meets_all_five_items(data: pl.DataFrame) -> None:
    result = assess(data, recipe())
    report = result.report
    assert tuple(report) == REPORT_KEYS
    assert result.ok, {k: v for k, v in report["rule62"].items() if not v["ok"]}
    assert set(report["rule62"]) == {"1", "2", "3", "4", "5"}
    assert report["rows_in"] == report["subjects_in"] == 2000
    assert report["rows_out"] == 2000 - report["suppressed"]
    assert report["k"] >= 5
    assert report["suppressed"] <= report["targets"]["suppression_limit"] == 100
    assert report["uniques"] == 0
    assert set(report["l"]) == {"年収", "傷病名"}
    assert min(report["l"].values()) >= 2
    assert report["risk"]["prosecutor"]["max"] <= 1 / 5
    assert report["dropped_columns"] == [
        "氏名カナ",
        "郵便番号",
        "電話番号",
        "メールアドレス",
        "基礎年金番号",
        "世帯人数",
        "職業",
        "受診日",
        "備考",
    ]
    assert report["rule62"]["3"]["evidence"]["mapping_destroyed"] is True
    assert result.data.columns == ["管理番号", "生年月日", "住所", "性別", "年収", "傷病名"]
    assert result.data["管理番号"].str.contains(r"^T[A-Z2-7]{24}$").all()
    assert set(result.data["住所"].drop_nulls()) <= {"北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州"}
    assert set(result.data["生年月日"].drop_nulls()) <= {"0-19歳", "20-39歳", "40-59歳", "60-79歳", "80歳以上"}


def test_item1_fails_when_a_name_is_kept(data: pl.DataFrame) -> None:
    result = assess(data, recipe(氏名={"keep": "other"}))
    item = result.report["rule62"]["1"]
    assert not item["ok"]
    assert item["evidence"]["output_columns_classified_as_direct_identifier"] == {"氏名": "name"}
    assert item["evidence"]["input_direct_identifiers"]["氏名"] == "keep"


def test_item2_fails_when_my_numbers_are_kept(data: pl.DataFrame) -> None:
    result = assess(data, recipe(個人番号={"keep": "other"}))
    item = result.report["rule62"]["2"]
    assert not item["ok"]
    assert item["evidence"]["output_values_validating_as_codes"]["個人番号"][0]["code_type"] == "my_number"


def test_item2_holds_when_my_numbers_are_pseudonymized(data: pl.DataFrame) -> None:
    result = assess(data, recipe(個人番号="pseudonymize"))
    assert result.report["rule62"]["2"]["ok"]
    assert result.report["rule62"]["3"]["ok"]


def test_item3_fails_when_the_management_number_is_kept(data: pl.DataFrame) -> None:
    result = assess(data, recipe(管理番号={"keep": "other"}))
    item = result.report["rule62"]["3"]
    assert not item["ok"]
    assert item["evidence"]["original_values_in_output"]["管理番号"]["管理番号"] > 1000


def test_item4_fails_on_a_rare_diagnosis_or_a_rare_top_code(data: pl.DataFrame) -> None:
    rare = data.with_columns(
        pl.when(pl.int_range(pl.len()) == 7).then(pl.lit("ファブリー病")).otherwise(pl.col("傷病名")).alias("傷病名")
    )
    result = assess(rare, recipe(傷病名={"keep": "sensitive"}))
    item = result.report["rule62"]["4"]
    assert not item["ok"]
    assert item["evidence"]["rare_values"]["傷病名"]["values_below_threshold"] >= 1
    fixed = assess(rare, recipe())
    assert fixed.report["rule62"]["4"]["ok"]
    assert "ファブリー病" not in fixed.data["傷病名"].to_list()
    # an income outlier kept as a raw number is a rare value too
    rich = data.with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("300000000")).otherwise(pl.col("年収")).alias("年収")
    )
    raw = assess(rich, recipe(年収={"keep": "sensitive"}))
    assert not raw.report["rule62"]["4"]["ok"]
    assert raw.report["rule62"]["4"]["evidence"]["numeric_outliers"]["年収"]["ok"] is False
    assert assess(rich, recipe()).report["rule62"]["4"]["evidence"]["numeric_outliers"]["年収"]["ok"] is True


def test_item5_fails_when_k_cannot_be_met_within_the_budget(data: pl.DataFrame) -> None:
    result = assess(data, with_targets(recipe(), k=200, max_suppression=0.01))
    item = result.report["rule62"]["5"]
    assert not item["ok"]
    evidence = item["evidence"]
    assert evidence["k"]["target"] == 200
    assert evidence["suppression"]["suppressed"] <= evidence["suppression"]["limit"] == 20
    assert evidence["suppression"]["required"] > 20
    assert result.report["targets"]["k"] == 200


def test_unparseable_cells_are_suppressed_and_reported(data: pl.DataFrame) -> None:
    broken = data.with_columns(
        pl.when(pl.int_range(pl.len()).is_in([4, 9]))
        .then(pl.lit("不詳"))
        .otherwise(pl.col("生年月日"))
        .alias("生年月日")
    )
    plan = compile_recipe(recipe(), columns=broken.columns)
    result = plan.run(broken)
    assert result.report["unparseable"]["生年月日"] == 2
    assert result.unparseable_rows["生年月日"] == [5, 10]
    assert "不詳" not in result.data["生年月日"].to_list()
    with pytest.raises(UnparseableValuesError) as info:
        plan.run(broken, strict=True)
    assert info.value.code == ErrorCode.UNPARSEABLE_VALUES
    assert "5, 10" in info.value.problems[0].message


def test_more_than_one_percent_unparseable_fails(data: pl.DataFrame) -> None:
    broken = data.with_columns(
        pl.when(pl.int_range(pl.len()) < 30).then(pl.lit("？")).otherwise(pl.col("住所")).alias("住所")
    )
    with pytest.raises(UnparseableValuesError) as info:
        assess(broken, recipe())
    assert "住所" in info.value.problems[0].message


def test_blank_values_stay_missing_and_form_their_own_class() -> None:
    frame = pl.DataFrame(
        {"性別": ["男", "女", None, None, "男", "女", None, "男", "女", "女"], "x": [str(i) for i in range(10)]}
    )
    rec = parse_recipe({"version": 1, "columns": {"性別": {"keep": "quasi"}}, "privacy": {"k": 3}})
    result = assess(frame, rec)
    assert result.report["k"] == 3
    assert result.report["class_sizes"] == {"3": 2, "4": 1}
    assert result.data["性別"].null_count() == 3
    assert result.report["unparseable"] == {}


def test_person_key_counts_subjects_not_rows() -> None:
    frame = pl.DataFrame(
        {
            "id": ["a", "a", "a", "b", "c", "c", "d", "e"],
            "sex": ["男", "男", "男", "男", "女", "女", "女", "女"],
        }
    )
    rec = parse_recipe(
        {
            "version": 1,
            "person_key": "id",
            "columns": {"id": "pseudonymize", "sex": {"keep": "quasi"}},
            "privacy": {"k": 2},
        }
    )
    result = assess(frame, rec)
    report = result.report
    assert (report["rows_in"], report["subjects_in"]) == (8, 5)
    assert report["k"] == 2  # 男: a, b; 女: c, d, e — although 男 has 4 rows
    assert report["class_sizes"] == {"2": 1, "3": 1}
    # the same person keeps the same token within the release
    tokens = result.data.filter(pl.col("sex") == "男")["id"]
    assert tokens.n_unique() == 2


def test_sample_of_subjects_uses_the_file_as_population(data: pl.DataFrame) -> None:
    doc = yaml.safe_load(SAFE)
    doc["sample"] = {"subjects": 500, "seed": 7}
    result = assess(data, parse_recipe(doc))
    report = result.report
    assert report["subjects_in"] == 2000
    assert report["targets"]["records"] == 500
    assert report["rows_out"] == 500 - report["suppressed"]
    assert report["risk"]["journalist"]["max"] <= report["risk"]["prosecutor"]["max"]


def test_explain_lists_every_column_and_the_targets() -> None:
    text = compile_recipe(recipe()).explain()
    assert "住所" in text
    assert "region" in text
    assert "k=5, l=2" in text
    assert "仮ID" in text


def test_t_closeness_is_optional_and_reported(data: pl.DataFrame) -> None:
    result = assess(data, with_targets(recipe(), t=0.9))
    assert result.report["rule62"]["5"]["evidence"]["t"]["ok"]
    strict = assess(data, with_targets(recipe(), t=0.0, max_suppression=0.0))
    assert not strict.report["rule62"]["5"]["ok"]

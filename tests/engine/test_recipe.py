"""The recipe: the issue's form, every problem at once, aliases and indexes, checking against a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from tokumei.engine.errors import ErrorCode, RecipeError
from tokumei.engine.recipe import Recipe, load_recipe, parse_recipe

ISSUE_RECIPE = """
version: 1
columns:
  氏名: delete                                   # 規則62条1号
  個人番号: delete                               # 2号
  管理番号: pseudonymize                         # 3号: random tokens; never a quasi-identifier
  生年月日: {generalize: age, level: band10, reference: 2026-04-01}
  住所: {generalize: address, level: prefecture}
  郵便番号: {generalize: postal, level: digits3}
  年収: {top_code: 20000000, role: sensitive}
  世帯人数: {top_code: 6}
  性別: {keep: quasi}
  傷病名: {keep: sensitive}
privacy: {k: 5, l: 2, max_suppression: 0.02}
"""


def _problems(doc: Any) -> list[tuple[str, ErrorCode]]:
    with pytest.raises(RecipeError) as info:
        parse_recipe(doc)
    return [(p.where, p.code) for p in info.value.problems]


def test_the_issue_recipe() -> None:
    recipe = parse_recipe(yaml.safe_load(ISSUE_RECIPE))
    assert recipe.quasi_identifiers == ["生年月日", "住所", "郵便番号", "世帯人数", "性別"]
    assert recipe.sensitive_columns == ["年収", "傷病名"]
    assert recipe.columns["管理番号"].action == "pseudonymize"
    assert not recipe.columns["管理番号"].is_quasi
    assert recipe.columns["生年月日"].reference == dt.date(2026, 4, 1)
    assert recipe.columns["生年月日"].level_index() == 2
    assert recipe.columns["住所"].level_index() == 3
    assert recipe.privacy.k == 5
    assert recipe.privacy.l == 2
    assert recipe.privacy.max_suppression == 0.02


def test_same_recipe_as_json(tmp_path: Path) -> None:
    import json

    doc = yaml.safe_load(ISSUE_RECIPE)
    doc["columns"]["生年月日"]["reference"] = "2026-04-01"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert load_recipe(path).columns == parse_recipe(yaml.safe_load(ISSUE_RECIPE)).columns


def test_every_problem_is_reported_at_once_with_column_value_and_allowed() -> None:
    doc = {
        "version": 2,
        "columns": {
            "氏名": "remove",
            "生年月日": {"generalize": "age", "level": "band15"},
            "住所": {"generalize": "adress", "level": 1},
            "x": {"top_code": "abc", "round": 10, "band": 5},
            "y": {"keep": "quasi", "role": "other", "foo": 1},
            "z": {},
        },
        "privacy": {"k": 0, "max_suppression": 2},
    }
    with pytest.raises(RecipeError) as info:
        parse_recipe(doc)
    err = info.value
    wheres = {p.where for p in err.problems}
    assert {
        "version",
        "columns.氏名",
        "columns.生年月日.level",
        "columns.生年月日.reference",
        "columns.住所.generalize",
        "columns.x.top_code",
        "columns.x",
        "columns.y.foo",
        "columns.y",
        "columns.z",
        "privacy.k",
        "privacy.max_suppression",
    } <= wheres
    level = next(p for p in err.problems if p.where == "columns.生年月日.level")
    assert level.code == ErrorCode.RECIPE_BAD_LEVEL
    assert level.received == "band15"
    assert "band10" in level.allowed
    assert "列「生年月日」" in level.message
    assert "band15" in level.message
    assert "band20" in level.message
    assert "12 件" in err.message


def test_model_validate_raises_the_same_error() -> None:
    with pytest.raises(RecipeError):
        Recipe.model_validate({"version": 1, "columns": {"a": "keep"}, "privacy": {"k": 2}})


@pytest.mark.parametrize(
    ("rule", "where"),
    [
        ({"generalize": "hierarchy", "level": 1}, "columns.c.file"),
        ({"generalize": "address"}, "columns.c.level"),
        ({"generalize": "date", "level": 4}, "columns.c.level"),
        ({"generalize": "postal", "level": "digits4"}, "columns.c.level"),
        ({"generalize": "date", "level": "month", "reference": "2026-04-01"}, "columns.c"),
        ({"generalize": "age", "level": 1, "reference": "2026-13-01"}, "columns.c.reference"),
        ({"generalize": "address", "level": 1, "top_code": 5}, "columns.c"),
        ({"top_code": 5, "bottom_code": 10}, "columns.c"),
        ({"microaggregate": 1}, "columns.c.microaggregate"),
        ({"keep": "secret"}, "columns.c.keep"),
        ({"delete": True, "keep": "quasi"}, "columns.c"),
        ({"suppress_rare": 0}, "columns.c.suppress_rare"),
        ({"keep": "quasi", "level": "prefecture"}, "columns.c.level"),
    ],
)
def test_rule_problems(rule: dict[str, Any], where: str) -> None:
    problems = _problems({"version": 1, "columns": {"c": rule}, "privacy": {"k": 2}})
    assert where in [w for w, _ in problems]


def test_missing_privacy_and_columns() -> None:
    problems = dict(_problems({"version": 1}))
    assert problems["columns"] == ErrorCode.RECIPE_MISSING_KEY
    assert problems["privacy"] == ErrorCode.RECIPE_MISSING_KEY


def test_person_key_must_be_removed_or_pseudonymized() -> None:
    problems = _problems({"version": 1, "person_key": "id", "columns": {"id": {"keep": "other"}}, "privacy": {"k": 2}})
    assert ("columns.id", ErrorCode.RECIPE_CONFLICT) in problems


def test_levels_by_alias_or_index() -> None:
    by_alias = parse_recipe(
        {"version": 1, "columns": {"a": {"generalize": "address", "level": "municipality"}}, "privacy": {"k": 2}}
    )
    by_index = parse_recipe(
        {"version": 1, "columns": {"a": {"generalize": "address", "level": 2}}, "privacy": {"k": 2}}
    )
    assert by_alias.columns["a"].level_index() == by_index.columns["a"].level_index() == 2


def test_with_levels_keeps_the_users_style() -> None:
    recipe = parse_recipe(yaml.safe_load(ISSUE_RECIPE))
    doc = yaml.safe_load(recipe.with_levels({"住所": 4, "生年月日": 3}).to_yaml())
    assert doc["columns"]["住所"] == {"generalize": "address", "level": "region"}
    assert doc["columns"]["生年月日"]["level"] == "band20"
    assert doc["columns"]["生年月日"]["reference"] == dt.date(2026, 4, 1)
    assert doc["columns"]["氏名"] == "delete"
    numeric = parse_recipe({"version": 1, "columns": {"a": {"generalize": "date", "level": 0}}, "privacy": {"k": 2}})
    assert numeric.with_levels({"a": 2}).columns["a"].level == 2
    # round trip
    assert parse_recipe(yaml.safe_load(recipe.to_yaml())).columns == recipe.columns


def test_check_against_the_file_lists_missing_columns_and_what_exists() -> None:
    recipe = parse_recipe(yaml.safe_load(ISSUE_RECIPE))
    with pytest.raises(RecipeError) as info:
        recipe.check(["氏名", "住所", "性別"])
    missing = [p for p in info.value.problems if p.code == ErrorCode.RECIPE_COLUMN_MISSING]
    assert len(missing) == 7
    assert missing[0].allowed == ["氏名", "住所", "性別"]
    assert "ファイルの列: 氏名, 住所, 性別" in missing[0].message


def test_hierarchy_rules_resolve_relative_to_the_recipe(tmp_path: Path) -> None:
    (tmp_path / "h").mkdir()
    (tmp_path / "h" / "age.csv").write_text("1;0-4;*\n2;0-4;*\n5;5-9;*\n", encoding="utf-8")
    path = tmp_path / "r.yaml"
    path.write_text(
        "version: 1\ncolumns:\n  age: {generalize: hierarchy, file: h/age.csv, level: 1}\n"
        "  sex: {generalize: hierarchy, file: missing.csv, level: 0}\n"
        "  x: {generalize: hierarchy, file: h/age.csv, level: 3}\nprivacy: {k: 2}\n",
        encoding="utf-8",
    )
    recipe = load_recipe(path)
    assert recipe.hierarchy_path("age") == tmp_path / "h" / "age.csv"
    with pytest.raises(RecipeError) as info:
        recipe.check(["age", "sex", "x"])
    codes = {(p.where, p.code) for p in info.value.problems}
    assert ("columns.sex.file", ErrorCode.RECIPE_HIERARCHY_FILE) in codes
    assert ("columns.x.level", ErrorCode.RECIPE_BAD_LEVEL) in codes
    assert len(codes) == 2


def test_load_recipe_reports_yaml_syntax(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("version: 1\ncolumns: {a: [\n", encoding="utf-8")
    with pytest.raises(RecipeError) as info:
        load_recipe(path)
    assert info.value.code == ErrorCode.RECIPE_SYNTAX

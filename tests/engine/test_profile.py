"""Column classification by header and by content (opaque headers), and the starting recipe."""

from __future__ import annotations

import datetime as dt
from types import ModuleType

import polars as pl
import pytest
import yaml

from tokumei.engine import assess, parse_recipe, profile_frame, starting_recipe
from tokumei.engine.profile import classify_column

EXPECTED = {
    "管理番号": ("linking_code", None),
    "氏名": ("direct_identifier", "name"),
    "氏名カナ": ("direct_identifier", "name"),
    "性別": ("quasi_identifier", None),
    "生年月日": ("quasi_identifier", None),
    "郵便番号": ("quasi_identifier", None),
    "住所": ("direct_identifier", "street_address"),
    "電話番号": ("direct_identifier", "phone"),
    "メールアドレス": ("direct_identifier", "email"),
    "個人番号": ("identification_code", "my_number"),
    "基礎年金番号": ("identification_code", "basic_pension_number"),
    "世帯人数": ("quasi_identifier", None),
    "職業": ("quasi_identifier", None),
    "年収": ("sensitive", None),
    "傷病名": ("sensitive", None),
    "受診日": ("quasi_identifier", None),
    "備考": ("other", None),
}
# what content alone can tell (opaque headers)
EXPECTED_OPAQUE = {
    "管理番号": "linking_code",
    "氏名": "direct_identifier",
    "氏名カナ": "direct_identifier",
    "性別": "quasi_identifier",
    "生年月日": "quasi_identifier",
    "郵便番号": "quasi_identifier",
    "住所": "direct_identifier",
    "電話番号": "direct_identifier",
    "メールアドレス": "direct_identifier",
    "個人番号": "identification_code",
    "基礎年金番号": "identification_code",
    "受診日": "quasi_identifier",
    # by content alone: occupations, disease names, household sizes, annual incomes
    "世帯人数": "quasi_identifier",
    "職業": "quasi_identifier",
    "年収": "sensitive",
    "傷病名": "sensitive",
}


@pytest.fixture(scope="module")
def frame(gen: ModuleType) -> pl.DataFrame:
    data: pl.DataFrame = gen.generate(1500, seed=11)
    return data


def test_japanese_headers(frame: pl.DataFrame) -> None:
    profile = profile_frame(frame)
    assert profile.rows == 1500
    got = {c.name: (c.category, c.code_type) for c in profile.columns}
    assert got == EXPECTED
    doc = profile.as_dict()
    assert set(doc) == {"rows", "columns"}
    assert set(doc["columns"][0]) == {"name", "category", "code_type", "evidence"}
    my_number = profile.by_name()["個人番号"]
    assert any(e.detector == "code:my_number" and e.share == 1.0 for e in my_number.evidence)


def test_opaque_headers_are_classified_by_content(frame: pl.DataFrame) -> None:
    opaque = frame.rename({c: f"col{i + 1:02d}" for i, c in enumerate(frame.columns)})
    profile = profile_frame(opaque)
    names = dict(zip(opaque.columns, frame.columns, strict=True))
    got = {names[c.name]: c.category for c in profile.columns}
    for column, category in EXPECTED_OPAQUE.items():
        assert got[column] == category, column
    assert profile.by_name()["col10"].code_type == "my_number"
    assert profile.by_name()["col07"].code_type == "street_address"


@pytest.mark.parametrize(
    ("header", "values", "category", "code_type"),
    [
        ("x", ["TK1234567", "TZ7654321", "MA0000001"], "identification_code", "passport"),
        ("x", ["AB12345678CD", "ZX00000000YY"], "identification_code", "residence_card"),
        ("住民票コード", ["12345678901", "23456789012"], "identification_code", "resident_record_code"),
        ("指紋データ", ["0x1f2e", "0x2a3b"], "identification_code", "biometric"),
        ("x", ["東京都千代田区", "京都府京都市", "大阪府大阪市北区"], "quasi_identifier", None),
        ("住所", ["東京都千代田区", "京都府京都市", "大阪府大阪市北区"], "quasi_identifier", None),
        ("x", ["やまだ たろう", "すずき はなこ"], "direct_identifier", "name"),
        ("FAX", ["03-1234-5678", "06-1234-5678"], "direct_identifier", "phone"),
        ("病名", ["高血圧症", "糖尿病"], "sensitive", None),
        ("col", [None, None], "other", None),
    ],
)
def test_single_columns(header: str, values: list[str | None], category: str, code_type: str | None) -> None:
    col = classify_column(header, pl.Series(header, values, dtype=pl.String))
    assert (col.category, col.code_type) == (category, code_type)


def _ints(values: list[int]) -> pl.Series:
    return pl.Series("x", [str(v) for v in values], dtype=pl.String)


@pytest.mark.parametrize(
    ("label", "values", "category"),
    [
        # household sizes: 1-10, small mode, a rare tail reaching 6 or more
        ("household", [1] * 30 + [2] * 30 + [3] * 20 + [4] * 12 + [5] * 5 + [6] * 2 + [8], "quasi_identifier"),
        # ages are not household sizes (max above 20), nor is a Likert scale (never reaches 6)
        ("ages", list(range(18, 98)) * 3, "other"),
        ("likert", [1, 2, 3, 4, 5] * 20, "other"),
        # annual incomes: median in the millions with a long right tail
        ("income", [2_000_000 + 97_000 * i for i in range(60)] + [25_000_000, 40_000_000], "sensitive"),
        # prices of goods are not income (median below a million yen)
        ("prices", [980 + 100 * (i % 30) for i in range(90)] + [9_800, 19_800], "other"),
    ],
)
def test_numeric_content_without_headers(label: str, values: list[int], category: str) -> None:
    col = classify_column("col", _ints(values))
    assert col.category == category, (label, col.evidence)


def test_occupation_and_illness_by_content() -> None:
    jobs = ["会社員", "公務員", "自営業", "パート・アルバイト", "無職", "学生", "看護師", "農業"] * 10
    assert classify_column("c1", pl.Series("c1", jobs)).category == "quasi_identifier"
    ills = ["高血圧症", "糖尿病", "気管支炎", "胃がん", "大腿骨骨折", "腰椎椎間板ヘルニア", "白内障"] * 10
    assert classify_column("c2", pl.Series("c2", ills)).category == "sensitive"
    free_text = ["特になし", "次回確認", "電話連絡済み", "書類不備のため返送", "来所予定"] * 10
    assert classify_column("c3", pl.Series("c3", free_text)).category == "other"


def test_starting_recipe_is_valid_and_safe(frame: pl.DataFrame) -> None:
    profile = profile_frame(frame)
    text = starting_recipe(profile, frame, reference=dt.date(2026, 4, 1))
    recipe = parse_recipe(yaml.safe_load(text))
    for name in ("氏名", "個人番号", "基礎年金番号", "住所", "電話番号", "メールアドレス", "管理番号", "備考"):
        assert recipe.columns[name].action == "delete", name
    assert recipe.columns["生年月日"].generalize == "age"
    assert recipe.columns["受診日"].generalize == "date"
    result = assess(frame, recipe)
    for item in ("1", "2", "3"):
        assert result.report["rule62"][item]["ok"], item

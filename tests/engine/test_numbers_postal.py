"""Numbers (top/bottom coding, rounding, bands, microaggregation) and postal codes."""

from __future__ import annotations

import polars as pl

from tokumei.engine.hierarchies import NumberCoder, PostalGeneralizer, parse_numbers


def test_parse_numbers_full_width_separators_units() -> None:
    nums, bad = parse_numbers(pl.Series("v", ["１２", "3,000", "7人", "5000000円", "-1.5", "x", None, "1e3"]))
    assert nums.to_list() == [12.0, 3000.0, 7.0, 5000000.0, -1.5, None, None, 1000.0]
    assert bad.to_list() == [False, False, False, False, False, True, False, False]


def test_top_and_bottom_coding_labels() -> None:
    coder = NumberCoder(top_code=6, bottom_code=1)
    prepared = coder.prepare(pl.Series("世帯人数", ["1", "2", "6", "12", "0", None]))
    assert prepared.values.to_list() == ["1以下", "2", "6以上", "6以上", "1以下", None]
    assert coder.levels == ["value", "*"]


def test_integer_bands_and_rounding() -> None:
    assert NumberCoder(band=10).prepare(pl.Series(["0", "9", "10", "35"])).values.to_list() == [
        "0-9",
        "0-9",
        "10-19",
        "30-39",
    ]
    assert NumberCoder(round_to=1000).prepare(pl.Series(["1499", "1500", "123456"])).values.to_list() == [
        "1000",
        "2000",
        "123000",
    ]
    assert NumberCoder(band=2.5).prepare(pl.Series(["1", "3.2"])).values.to_list() == [
        "0以上2.5未満",
        "2.5以上5未満",
    ]


def test_bands_under_a_top_code() -> None:
    coder = NumberCoder(band=10, top_code=100)
    assert coder.prepare(pl.Series(["95", "100", "116"])).values.to_list() == ["90-99", "100以上", "100以上"]


def test_microaggregation_replaces_values_by_group_means() -> None:
    coder = NumberCoder(microaggregate=3)
    out = coder.prepare(pl.Series(["1", "2", "3", "10", "11", "12", "13", None])).values.to_list()
    assert out[:3] == ["2", "2", "2"]
    assert out[3:7] == ["11.5", "11.5", "11.5", "11.5"]  # the remainder joins the last group
    assert out[7] is None


def test_postal_chain() -> None:
    gen = PostalGeneralizer()
    prepared = gen.prepare(pl.Series("郵便番号", ["〒１００－０００１", "1000001", "100-0001", "12-345", None]))
    assert prepared.values.to_list() == ["100-0001", "100-0001", "100-0001", None, None]
    assert prepared.unparseable.to_list() == [False, False, False, True, False]
    assert gen.levels == ["digits7", "digits5", "digits3", "*"]
    assert gen.generalize(prepared.values, "digits5").to_list() == ["100-00", "100-00", "100-00", None, None]
    assert gen.generalize(prepared.values, "digits3").to_list() == ["100", "100", "100", None, None]

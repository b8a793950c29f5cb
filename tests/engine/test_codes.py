"""Detectors for 個人識別符号 (LAW-NOTES §4)."""

from __future__ import annotations

import random

import polars as pl
import pytest
from stdnum.jp import in_ as stdnum_my_number

from tokumei.engine.codes import (
    column_code_matches,
    driver_licence_check_digit,
    insurer_check_digit,
    is_driver_licence,
    is_my_number,
    matching_codes,
    my_number_check_digit,
)
from tokumei.engine.transforms import pseudonymize


def _valid_my_number(body: str) -> str:
    return body + str(my_number_check_digit(body))


def test_my_number_check_digit_matches_the_ministerial_ordinance_example() -> None:
    # weights 6,5,4,3,2,7,6,5,4,3,2: 1*6+2*5+3*4+4*3+5*2+6*7+7*6+8*5+9*4+0*3+1*2 = 212; 212 mod 11 = 3 → 11 − 3
    assert my_number_check_digit("12345678901") == 8
    assert is_my_number("123456789018")


@pytest.mark.parametrize("seed", range(5))
def test_my_number_agrees_with_python_stdnum(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        body = "".join(rng.choice("0123456789") for _ in range(11))
        number = _valid_my_number(body)
        assert is_my_number(number)
        assert stdnum_my_number.is_valid(number)
        wrong = body + str((int(number[-1]) + 1) % 10)
        assert not is_my_number(wrong)
        assert not stdnum_my_number.is_valid(wrong)


@pytest.mark.parametrize(
    "text",
    ["1234 5678 9018", "1234-5678-9018", "１２３４５６７８９０１８", "１２３４－５６７８－９０１８"],
)
def test_my_number_accepts_grouping_and_full_width(text: str) -> None:
    assert is_my_number(text)


@pytest.mark.parametrize("text", ["12345678901", "1234567890189", "12345678901X", "", "123456789017"])
def test_my_number_rejects_wrong_length_letters_and_bad_check_digit(text: str) -> None:
    assert not is_my_number(text)


def test_driver_licence_check_digit() -> None:
    body = "3012345678"
    check = driver_licence_check_digit(body)
    assert is_driver_licence(body + str(check) + "0")
    assert not is_driver_licence(body + str((check + 1) % 10) + "0")
    assert not is_driver_licence("0912345678" + "00")  # commission code below 10


def test_insurer_number_check_digit() -> None:
    # 協会けんぽ 東京支部 01130012: body 0113001 → check digit 2
    assert insurer_check_digit("0113001") == 2
    assert "health_insurer" in matching_codes("01130012")
    assert "health_insurer" not in matching_codes("01130013")


@pytest.mark.parametrize(
    ("value", "code_type"),
    [
        ("TK1234567", "passport"),
        ("AB12345678CD", "residence_card"),
        ("1234-567890", "basic_pension_number"),
        ("1234-567890-1", "employment_insurance"),
        ("12345678901", "resident_record_code"),
    ],
)
def test_pattern_detectors(value: str, code_type: str) -> None:
    assert code_type in matching_codes(value)


def test_weak_detectors_only_count_for_most_of_a_column() -> None:
    # A column of amounts where a few 10-digit numbers appear is not a pension-number column.
    values = pl.Series("v", ["1200000", "350000", "9800000", "1234567890", "500"])
    assert column_code_matches(values) == []
    column = pl.Series("v", ["1234567890", "2234567890", "3234567890"])
    assert [m.code_type for m in column_code_matches(column)] == ["basic_pension_number_digits"]


def test_strong_detectors_report_any_single_value() -> None:
    values = pl.Series("v", ["a", "b", "123456789018", None])
    found = column_code_matches(values)
    assert found[0].code_type == "my_number"
    assert found[0].matches == 1


def test_pseudonyms_never_validate_as_a_code() -> None:
    values = pl.Series("id", [f"K{i:09d}" for i in range(2000)])
    tokens, report = pseudonymize(values)
    assert report.mapping_destroyed
    assert tokens.n_unique() == 2000
    assert tokens.str.contains(r"^T[A-Z2-7]{24}$").all()
    assert column_code_matches(tokens) == []

"""The column-at-once code checks (Polars expressions) give exactly the per-value validators' answers."""

from __future__ import annotations

import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tokumei.engine.codes import DETECTORS, column_code_matches, is_my_number, my_number_check_digit
from tokumei.engine.text import normalize_expr

DIGITS = "0123456789０１２３４５６７８９٣"


def _by_value(values: list[str]) -> dict[str, int]:
    """What column_code_matches counted before the column-at-once checks: the values whose normalized form matches
    the detector's prefilter and that validate() accepts, one by one."""
    counts = {d.code_type: 0 for d in DETECTORS}
    if not values:
        return counts
    norm = pl.DataFrame({"v": values}, schema={"v": pl.String}).with_columns(normalize_expr(pl.col("v")).alias("n"))
    for d in DETECTORS:
        candidates = norm.filter(pl.col("n").fill_null("").str.contains(d.candidate))["v"].to_list()
        counts[d.code_type] = sum(1 for v in candidates if d.validate(v))
    return counts


def _counted(values: list[str]) -> dict[str, int]:
    got = {d.code_type: 0 for d in DETECTORS}
    for m in column_code_matches(pl.Series("x", values, dtype=pl.String), weak_share=0.0, strong_share=-1.0):
        got[m.code_type] = m.matches
    return got


code_like = st.one_of(
    st.text(alphabet=DIGITS + "- ", min_size=5, max_size=16),
    st.text(alphabet="ABZ0123456789-", min_size=9, max_size=14),
    st.text(max_size=14),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(code_like, min_size=1, max_size=40))
def test_vectorized_counts_equal_the_per_value_validators(values: list[str]) -> None:
    assert _counted(values) == _by_value(values)


def test_realistic_codes_are_counted_exactly() -> None:
    rng = random.Random(5)
    values = []
    for _ in range(2000):
        first = "".join(rng.choice("0123456789") for _ in range(11))
        good = first + str(my_number_check_digit(first))
        values.append(rng.choice([good, good[:4] + "-" + good[4:8] + "-" + good[8:], first + "0", first[:8]]))
    assert _counted(values) == _by_value(values)
    assert _counted(values)["my_number"] > 500


def test_separators_anywhere_do_not_hide_a_code() -> None:
    """The prefilter accepts what the validators accept: hyphens and spaces before, between and after the digits."""
    first = "12345678901"
    good = first + str(my_number_check_digit(first))
    for value in (f"-{good}", f"{good[:4]}--{good[4:8]}  {good[8:]}", f" {good} ", "-000000000000"):
        assert is_my_number(value)
        assert _counted([value])["my_number"] == 1, value

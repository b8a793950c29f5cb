"""The column-at-once code checks (Polars expressions) give exactly the per-value validators' answers."""

from __future__ import annotations

import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tokumei.engine.codes import DETECTORS, column_code_matches, my_number_check_digit

DIGITS = "0123456789０１２３４５６７８９٣"


def _by_value(values: list[str]) -> dict[str, int]:
    """What column_code_matches must count: validate() applied to every value."""
    return {d.code_type: sum(1 for v in values if d.validate(v)) for d in DETECTORS}


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

"""The streaming building blocks behind search and the out-of-core assess/anonymize (issue 4, item 4): a lookup as
a join, and keys counted with their distinct leaves."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tokumei.engine._lattice import LatticeError, encode_frame, prepare_hierarchy
from tokumei.engine.transforms import count_keys, joined_lookup, lookup


def test_joined_lookup_agrees_with_lookup_on_nulls_defaults_and_dtypes() -> None:
    table = pl.DataFrame({"raw": ["1", "2", None], "code": pl.Series([10, 20, 99], dtype=pl.UInt32)})
    frame = pl.DataFrame({"v": [2, 1, None, 2]}).with_row_index()  # integers: cast to the table's string keys
    # a streaming join keeps no row order: the index restores it
    joined = joined_lookup(frame.lazy(), "v", table, "code", "c").collect(engine="streaming").sort("index")
    assert joined.get_column("c").to_list() == [20, 10, 99, 20]
    assert joined.get_column("c").to_list() == frame.select(lookup("v", table, "code")).to_series().to_list()
    missing = joined_lookup(pl.LazyFrame({"v": ["3", "1"]}), "v", table, "code", "c", default=0).collect()
    assert sorted(missing.get_column("c").to_list()) == [0, 10]
    unknown = joined_lookup(pl.LazyFrame({"v": ["3"]}), pl.col("v"), table, "code", "c").collect()
    assert unknown.get_column("c").to_list() == [None]  # no default: null, for the caller to refuse


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["東京都", "北海道", "沖縄県"]), st.integers(0, 30)), max_size=200))
def test_count_keys_counts_records_and_distinct_leaves(rows: list[tuple[str, int]]) -> None:
    frame = pl.DataFrame(
        {"k": [k for k, _ in rows], "v": [f"{k}{v}番地" for k, v in rows]}, schema=[("k", pl.String), ("v", pl.String)]
    )
    counted = count_keys(frame.lazy(), pl.col("k"), pl.col("v")).sort("key")
    expected = frame.group_by("k").agg(pl.len().alias("count"), pl.col("v").n_unique().alias("leaves")).sort("k")
    assert counted.get_column("key").to_list() == expected.get_column("k").to_list()
    assert counted.get_column("count").to_list() == expected.get_column("count").to_list()
    assert counted.get_column("leaves").to_list() == expected.get_column("leaves").to_list()


def test_a_coded_table_with_a_code_outside_its_hierarchy_is_refused() -> None:
    """A search reads the file twice; a value the first read did not see (the file changed) has no code, and the
    search stops with an error instead of counting it somewhere."""
    h = prepare_hierarchy("a", pl.DataFrame({"level_0": ["x", "y"], "level_1": ["*", "*"]}))

    def coded(codes: list[int | None]) -> pl.DataFrame:
        return pl.DataFrame({"a": pl.Series(codes, dtype=pl.UInt32), "n": [3, 4]})

    good = coded([0, 1])
    table = encode_frame(good, [h], count_column="n", coded=True)
    assert table.records == 7
    assert table.sorted_distinct
    assert good.width == 0  # the columns were moved into the table, not copied
    assert not encode_frame(coded([1, 0]), [h], count_column="n", coded=True).sorted_distinct
    for bad in ([0, None], [0, 2]):
        with pytest.raises(LatticeError, match="outside its hierarchy"):
            encode_frame(coded(bad), [h], count_column="n", coded=True)

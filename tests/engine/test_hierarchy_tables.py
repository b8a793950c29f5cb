"""Every generalizer as an explicit level_0 … level_n table, and ARX-format files (the contract with search)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tokumei.engine.errors import HierarchyError
from tokumei.engine.hierarchies import (
    AddressGeneralizer,
    AgeGeneralizer,
    DateGeneralizer,
    HierarchyGeneralizer,
    NumberCoder,
    PostalGeneralizer,
    ValueGeneralizer,
    generalizer_for,
    read_arx_hierarchy,
    write_arx_hierarchy,
)
from tokumei.engine.recipe import parse_recipe

ADULT_AGE = Path(__file__).parents[2] / ".." / "shared" / "data" / "adult" / "adult_hierarchy_age.csv"


@pytest.mark.parametrize(
    ("gen", "values"),
    [
        (AddressGeneralizer(), ["東京都千代田区千代田1-1", "京都市中京区", "北九州市小倉北区1-1", "x"]),
        (DateGeneralizer(), ["2020-01-02", "令和2年1月2日", "H1.1.8"]),
        (AgeGeneralizer(dt.date(2026, 4, 1)), ["1980-04-01", "45", "100"]),
        (PostalGeneralizer(), ["100-0001", "9012345"]),
        (NumberCoder(top_code=6), ["1", "7", "3"]),
        (ValueGeneralizer(), ["男", "女"]),
    ],
)
def test_hierarchy_table_shape(gen: object, values: list[str]) -> None:
    from tokumei.engine.hierarchies import Generalizer

    assert isinstance(gen, Generalizer)
    table = gen.hierarchy_table(pl.Series("c", [*values, None]))
    assert table.columns == [f"level_{i}" for i in range(len(gen.levels))]
    assert all(dtype == pl.String for dtype in table.dtypes)
    assert table["level_0"].is_unique().all()
    assert table[f"level_{len(gen.levels) - 1}"].to_list() == ["*"] * table.height
    assert table.null_count().sum_horizontal().item() == 0
    # the table agrees with generalize() level by level
    prepared = gen.prepare(pl.Series("c", values))
    for i in range(len(gen.levels)):
        direct = gen.generalize(prepared.values, i).drop_nulls().unique().sort().to_list()
        assert sorted(set(table[f"level_{i}"].to_list())) == direct


def test_read_adult_hierarchy_and_round_trip(tmp_path: Path) -> None:
    table = read_arx_hierarchy(ADULT_AGE)
    assert table.shape == (100, 5)
    assert table.row(38) == ("39", "35-39", "30-39", "20-39", "*")
    target = tmp_path / "age.csv"
    write_arx_hierarchy(table, target)
    assert read_arx_hierarchy(target).equals(table)


@pytest.mark.parametrize(
    "text",
    [
        "1;a;*\n2;b\n",  # ragged
        "1;a;*\n1;b;*\n",  # value twice
        "1;a;*\n2;;*\n",  # empty label
        "1;a;x\n2;a;y\n",  # not a tree
    ],
)
def test_malformed_hierarchies(tmp_path: Path, text: str) -> None:
    path = tmp_path / "h.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HierarchyError):
        read_arx_hierarchy(path)


def test_hierarchy_generalizer_from_a_recipe(tmp_path: Path) -> None:
    (tmp_path / "sex.csv").write_text("男;*\n女;*\n", encoding="cp932")
    recipe = parse_recipe(
        {
            "version": 1,
            "columns": {"性別": {"generalize": "hierarchy", "file": "sex.csv", "level": 0}},
            "privacy": {"k": 2},
        },
        base_dir=tmp_path,
    )
    gen = generalizer_for(recipe.columns["性別"], hierarchy_path=recipe.hierarchy_path("性別"))
    assert isinstance(gen, HierarchyGeneralizer)
    assert gen.levels == ["0", "1"]
    prepared = gen.prepare(pl.Series("性別", ["男", "女", "不明", None]))
    assert prepared.unparseable.to_list() == [False, False, True, False]
    assert gen.generalize(prepared.values, 1).to_list() == ["*", "*", None, None]
    assert gen.hierarchy_table(prepared.values, prepared=True).height == 2

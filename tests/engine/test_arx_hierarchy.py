"""ARX hierarchy CSV files are read and written unchanged (issue 4, item 2)."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

from tokumei.engine.hierarchies.arx import (
    ArxHierarchyError,
    ArxHierarchyErrorCode,
    level_column_names,
    read_arx_hierarchy,
    write_arx_hierarchy,
)

ADULT = Path(__file__).parents[2] / ".." / "shared" / "data" / "adult"


@pytest.mark.parametrize(
    "name",
    ["age", "education", "marital-status", "native-country", "occupation", "race", "salary-class", "sex", "workclass"],
)
def test_adult_hierarchies_round_trip_byte_for_byte(name: str, tmp_path: Path) -> None:
    source = ADULT / f"adult_hierarchy_{name}.csv"
    original = source.read_text(encoding="utf-8")

    table = read_arx_hierarchy(source)
    write_arx_hierarchy(table, tmp_path / "out.csv")

    assert table.columns == level_column_names(table.width)
    assert all(dtype == pl.String for dtype in table.dtypes)
    assert table.get_column("level_0").is_unique().all()
    written = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert written.rstrip("\n") == original.rstrip("\n")
    assert written.endswith("\n")


def test_age_hierarchy_shape() -> None:
    table = read_arx_hierarchy(ADULT / "adult_hierarchy_age.csv")

    assert table.shape == (100, 5)
    assert table.row(0) == ("1", "0-4", "0-9", "0-19", "*")
    # The file's bins are offset by one (5 -> "0-4", 96..100 -> "95-99"); METRIC.md §2's "6 rows" example is
    # off, the leaf counts used by the search come from the file.
    assert table.filter(pl.col("level_1") == "95-99").get_column("level_0").to_list() == ["96", "97", "98", "99", "100"]


def test_quoting_separator_and_bom_survive_a_round_trip(tmp_path: Path) -> None:
    table = pl.DataFrame(
        {"level_0": ["a;b", 'say "hi"', "東京都"], "level_1": ["x;y", "x;y", "関東"], "level_2": ["*", "*", "*"]}
    )
    path = tmp_path / "h.csv"

    write_arx_hierarchy(table, path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    back = read_arx_hierarchy(path)

    assert back.rows() == table.rows()


def test_other_separator_and_streams() -> None:
    back = read_arx_hierarchy(io.StringIO("1,1-5,*\n2,1-5,*\n"), separator=",")
    out = io.StringIO()
    write_arx_hierarchy(back, out, separator="\t")

    assert back.rows() == [("1", "1-5", "*"), ("2", "1-5", "*")]
    assert out.getvalue() == "1\t1-5\t*\n2\t1-5\t*\n"


def test_nulls_are_written_as_empty_fields() -> None:
    out = io.StringIO()
    write_arx_hierarchy(pl.DataFrame({"a": ["x", None], "b": ["*", "*"]}), out)

    assert out.getvalue() == "x;*\n;*\n"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", ArxHierarchyErrorCode.EMPTY),
        ("\n\n", ArxHierarchyErrorCode.EMPTY),
        ("a;b;*\nc;*\n", ArxHierarchyErrorCode.RAGGED),
        ("a;*\na;*\n", ArxHierarchyErrorCode.DUPLICATE_VALUE),
    ],
)
def test_malformed_files_are_refused_with_a_code(text: str, code: ArxHierarchyErrorCode) -> None:
    with pytest.raises(ArxHierarchyError) as info:
        read_arx_hierarchy(io.StringIO(text))

    assert info.value.code is code
    assert str(info.value).endswith(".")


def test_writing_an_empty_table_is_refused() -> None:
    with pytest.raises(ArxHierarchyError) as info:
        write_arx_hierarchy(pl.DataFrame(), io.StringIO())

    assert info.value.code is ArxHierarchyErrorCode.NOT_A_TABLE

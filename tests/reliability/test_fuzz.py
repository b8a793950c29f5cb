"""Fuzzing of the parsers that read what users give us (issue 12 §2): the CSV/Excel readers, the date and address
parsers, the recipe validator and the profile loader. Any input either parses or fails with the module's own
clear error — never another exception. Counts are in docs/reliability.md."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tokumei.engine import parse_recipe
from tokumei.engine.errors import EngineError
from tokumei.engine.hierarchies.address import parse_addresses
from tokumei.engine.hierarchies.dates import parse_date
from tokumei.engine.io import decode_bytes, read_csv_text, read_table
from tokumei.law.calendar import WarekiError, parse_wareki
from tokumei.profiles import ProfileError, load_profile_text

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
JAPANESE = st.text(
    alphabet=st.sampled_from(
        list(
            "髙橋山﨑①㈱都道府県市区町村丁目番地号0123456789０１２３４５６７８９-ー 令和平成昭和大正元年月日/,;\t\n\"'"
        )
    )
)


@FUZZ
@given(st.binary(max_size=2000))
def test_decoding_any_bytes(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except EngineError:
        return
    assert encoding in {"utf-8", "utf-8-sig", "cp932"}
    assert isinstance(text, str)


@FUZZ
@given(st.one_of(st.text(max_size=500), JAPANESE))
def test_reading_any_csv_text(text: str) -> None:
    try:
        frame, separator = read_csv_text(text)
    except EngineError:
        return
    assert separator in {",", ";", "\t"}
    assert all(dtype == pl.String for dtype in frame.schema.values())


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from([".csv", ".xlsx", ".parquet", ".tsv", ".xls"]))
def test_reading_any_file(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = Path(tmp_path_factory.mktemp("f")) / f"input{suffix}"
    path.write_bytes(data)
    try:
        read_table(path)
    except EngineError:
        return


@FUZZ
@given(st.one_of(st.text(max_size=60), JAPANESE))
def test_date_parser(value: str) -> None:
    result = parse_date(value)
    assert result is None or 1800 <= result.year <= 2200


@FUZZ
@given(st.lists(st.one_of(st.none(), st.text(max_size=40), JAPANESE), max_size=30))
def test_address_parser(values: list[str | None]) -> None:
    table = parse_addresses(pl.Series("住所", values, dtype=pl.String))
    assert table.height == len(values)


@FUZZ
@given(JAPANESE)
def test_wareki_parser(text: str) -> None:
    try:
        parse_wareki(text)
    except WarekiError:
        return


RECIPE_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 10**9),
        st.floats(allow_nan=True),
        st.text(max_size=12),
        st.sampled_from(["delete", "pseudonymize", "keep", "generalize", "address", "age", "band10", "*"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "version",
                    "columns",
                    "privacy",
                    "k",
                    "l",
                    "level",
                    "generalize",
                    "keep",
                    "top_code",
                    "sample",
                    "person_key",
                    "生年月日",
                    "住所",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@FUZZ
@given(RECIPE_VALUES)
def test_recipe_validator(document: object) -> None:
    try:
        parse_recipe(document)
    except EngineError as exc:
        message = str(exc)
        assert message


@FUZZ
@given(st.one_of(st.text(max_size=300), RECIPE_VALUES.map(lambda v: yaml.safe_dump(v, allow_unicode=True))))
def test_profile_loader(text: str) -> None:
    try:
        load_profile_text(text, "fuzz.yaml")
    except ProfileError as exc:
        names_the_file = "fuzz.yaml" in str(exc) or exc.file == "fuzz.yaml"
        assert names_the_file


def test_excel_bomb_like_input_is_refused(tmp_path: Path) -> None:
    """A file named .xlsx that is not a workbook fails with the engine's error, not a crash."""
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "0" * 5_000_000)
    try:
        read_table(path)
    except EngineError:
        pass

"""The out-of-core path agrees with the in-memory ``assess``/``anonymize`` on every figure they share."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest
import yaml

from tokumei.engine.errors import InputError, RecipeError
from tokumei.engine.pipeline import REPORT_KEYS, assess
from tokumei.engine.recipe import parse_recipe
from tokumei.engine.streaming import anonymize_streaming, assess_streaming, scan_table

RECIPE = """
version: 1
columns:
  氏名: delete
  個人番号: delete
  管理番号: pseudonymize
  生年月日: {generalize: age, level: band20, reference: 2026-04-01, top_code: 80}
  住所: {generalize: address, level: region}
  性別: {keep: quasi, suppress_rare: 5}
  年収: {top_code: 8000000, role: sensitive}
  傷病名: {keep: sensitive, suppress_rare: 5}
privacy: {k: 5, l: 2, max_suppression: 0.05}
"""
# every figure of assess's report but the column list (the streaming path never holds the records it drops)
SHARED = [key for key in REPORT_KEYS if key not in ("dropped_columns", "rule62")]


def _recipe(**changes: Any) -> Any:
    doc = yaml.safe_load(RECIPE)
    for key, value in changes.items():
        if key in ("privacy", "person_key", "sample"):
            doc[key] = value
        else:
            doc["columns"][key] = value
    return parse_recipe(doc)


@pytest.fixture(scope="module")
def files(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("streaming")
    frame: pl.DataFrame = gen.generate(3000, seed=5)
    # repeated persons: every 3rd record re-uses the previous 管理番号
    ids = frame["管理番号"].to_list()
    ids = [ids[i - 1] if i % 3 == 2 else v for i, v in enumerate(ids)]
    frame = frame.with_columns(pl.Series("管理番号", ids))
    # messy addresses: the streaming path reduces addresses to their heads in the scan, the in-memory one parses
    # every value; missing, unparseable (不明, 府中市 without its prefecture), full-width and prefecture-less ones
    address = frame["住所"].to_list()
    messy = [None, "不明", "府中市1-1", "東京都千代田区千代田１－１", "千代田区千代田1-1", "福岡県北九州市", "北海道"]
    for i, value in enumerate(messy * 3):
        address[i * 131] = value
    frame = frame.with_columns(pl.Series("住所", address, dtype=pl.String))
    csv, parquet = folder / "data.csv", folder / "data.parquet"
    frame.write_csv(csv, separator=";")
    frame.write_parquet(parquet)
    return {"csv": csv, "parquet": parquet, "folder": folder}


@pytest.mark.parametrize(
    ("kind", "folded"),
    [("csv", True), ("parquet", True), ("parquet", False)],
    ids=["csv", "parquet", "parquet-classes-as-code-columns"],
)
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"privacy": {"k": 10, "max_suppression": 0.02}},
        {"person_key": "管理番号"},
        {"住所": {"generalize": "address", "level": "prefecture"}, "privacy": {"k": 3, "l": 2, "max_suppression": 0.1}},
        # t-closeness decides suppression too; rare diagnoses and a quasi age kept to the year (rare values, 4号)
        {
            "privacy": {"k": 3, "l": 2, "t": 0.4, "max_suppression": 0.2},
            "生年月日": {"generalize": "age", "level": "years", "reference": "2026-04-01"},
        },
        # numeric outliers: income released as is (far-out fences), a person key counting persons, not records
        {"年収": {"keep": "sensitive"}, "person_key": "管理番号", "privacy": {"k": 2, "max_suppression": 0.3}},
        {"年収": {"band": 1000000, "role": "quasi"}, "住所": "delete"},
        {"住所": {"generalize": "address", "level": "ward"}, "privacy": {"k": 2, "max_suppression": 0.5}},
    ],
)
def test_streaming_assess_matches_assess(
    files: dict[str, Path], kind: str, folded: bool, changes: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Classes are named by one folded integer, or (when the quasi-identifiers have too many codes for one
    integer) by their code columns: the same figures either way."""
    if not folded:
        monkeypatch.setattr("tokumei.engine.streaming._FOLD_LIMIT", 0)
    rec = _recipe(**changes)
    frame = pl.read_csv(files["csv"], separator=";", infer_schema=False)
    memory = assess(frame, rec).report
    streamed = assess_streaming(files[kind], rec)
    for key in SHARED:
        assert streamed.report[key] == memory[key], key
    for item in ("1", "2", "3"):
        assert streamed.report["rule62"][item]["ok"] == memory["rule62"][item]["ok"], item
    for item in ("4", "5"):  # the evidence too: rare values, outliers, k, l, t, suppression
        assert streamed.report["rule62"][item] == memory["rule62"][item], item
    assert streamed.ok == all(memory["rule62"][item]["ok"] for item in ("1", "2", "3", "4", "5"))
    assert not any("item 4" in n or "t-closeness" in n for n in streamed.report["streaming"]["not_evaluated"])


@pytest.mark.parametrize("folded", [True, False], ids=["folded", "classes-as-code-columns"])
def test_streaming_anonymize_writes_the_same_release(
    files: dict[str, Path], folded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not folded:
        monkeypatch.setattr("tokumei.engine.streaming._FOLD_LIMIT", 0)
    rec = _recipe(person_key="管理番号")
    frame = pl.read_csv(files["csv"], separator=";", infer_schema=False)
    memory = assess(frame, rec)
    out = files["folder"] / "out.parquet"
    result = anonymize_streaming(files["parquet"], rec, out)
    assert result.ok
    written = pl.read_parquet(out)
    assert written.columns == memory.data.columns
    assert written.height == memory.report["rows_out"]
    key = [c for c in written.columns if c != "管理番号"]
    assert written.select(key).sort(key, nulls_last=True).equals(memory.data.select(key).sort(key, nulls_last=True))
    # one token per person, never the original value
    assert written["管理番号"].str.contains(r"^T[A-Z2-7]{24}$").all()
    assert written["管理番号"].n_unique() == memory.data["管理番号"].n_unique()
    csv_out = files["folder"] / "out.csv"
    anonymize_streaming(files["csv"], rec, csv_out, fmt="csv")
    assert pl.read_csv(csv_out, infer_schema=False).height == written.height


@pytest.mark.parametrize(
    ("changes", "item", "evidence"),
    [
        # an identification code released as it is: 2号 (and the run writes nothing)
        ({"個人番号": {"keep": "quasi"}}, "2", "output_values_validating_as_codes"),
        # names released as they are: 1号
        ({"氏名": {"keep": "quasi"}}, "1", "output_columns_classified_as_direct_identifier"),
        # the linking ID released as it is: 3号
        ({"管理番号": {"keep": "quasi"}}, "3", "original_values_in_output"),
    ],
)
def test_streaming_rule62_items_1_to_3_refuse_a_release(
    files: dict[str, Path], changes: dict[str, Any], item: str, evidence: str
) -> None:
    rec = _recipe(**changes, privacy={"k": 1, "max_suppression": 0.0})
    frame = pl.read_csv(files["csv"], separator=";", infer_schema=False)
    memory = assess(frame, rec).report
    out = files["folder"] / f"refused-{item}.parquet"
    result = anonymize_streaming(files["parquet"], rec, out)
    assert not result.ok
    assert not out.exists()
    assert result.report["rule62"][item]["ok"] is False
    assert result.report["rule62"][item]["evidence"][evidence]
    assert memory["rule62"][item]["ok"] is False  # the in-memory path says the same


def test_streaming_refuses_what_it_cannot_do(files: dict[str, Path], tmp_path: Path) -> None:
    unsafe = _recipe(privacy={"k": 50, "max_suppression": 0.0})
    out = tmp_path / "nothing.parquet"
    result = anonymize_streaming(files["parquet"], unsafe, out)
    assert not result.ok
    assert not out.exists()
    with pytest.raises(RecipeError):
        assess_streaming(files["parquet"], _recipe(sample={"subjects": 10, "seed": 1}))
    cp932 = tmp_path / "sjis.csv"
    cp932.write_bytes("氏名,性別\n山田,男\n".encode("cp932"))
    with pytest.raises(InputError):
        scan_table(cp932)
    only = scan_table(files["parquet"], columns=["性別", "住所"]).collect()
    assert only.columns == ["性別", "住所"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_chunked_generator_resumes_and_joins_one_scannable_file(gen: ModuleType, tmp_path: Path, suffix: str) -> None:
    """bench-large's generator: an interrupted run keeps its finished chunks, the joined file equals the one-shot
    file, appears whole (no partial target), and the parts are removed."""
    target = tmp_path / f"jp{suffix}"
    parts = tmp_path / f"jp{suffix}.parts"
    parts.mkdir()
    first = gen.generate(300, seed=3, start=0)
    sentinel = parts / f"part-00000{suffix}"
    if suffix == ".parquet":
        first.write_parquet(sentinel)
    else:
        sentinel.write_bytes(first.write_csv(null_value="").encode())
    seen: list[int] = []
    real = gen.generate

    def counting(n: int, **kw: Any) -> pl.DataFrame:
        seen.append(kw["start"])
        return real(n, **kw)

    gen.generate = counting
    try:
        path = gen.write_chunked(1000, target, chunk=300, seed=3, progress=False)
    finally:
        gen.generate = real
    assert seen == [300, 600, 900]  # the finished chunk was not generated again
    assert path == target
    assert not parts.exists()
    joined = scan_table(target).collect()
    whole = gen.generate(1000, seed=3).cast(pl.String)
    assert joined.height == 1000
    assert joined.get_column("管理番号").to_list() == whole.get_column("管理番号").to_list()
    assert gen.write_chunked(1000, target, chunk=300, seed=3, progress=False) == target  # already there: kept


def test_keyed_tokens_are_consistent_across_chunks_and_unlinkable_across_keys() -> None:
    """The streaming release pseudonymizes without a value→token table: the same value gets the same token in
    every chunk under one run's key, another key gives other tokens, and the tokens look like pseudonymize's."""
    import secrets

    from tokumei.engine.transforms import keyed_tokens

    values = pl.Series("id", ["A-1", "A-2", None, "A-1", "１２３"])
    one = keyed_tokens(secrets.token_bytes(32))
    first, again = one(values), one(values.slice(3, 2))
    assert first.null_count() == 1
    assert first[0] == first[3] == again[0]  # the same value, other chunk
    assert first[0] != first[1]
    assert first.drop_nulls().str.contains(r"^T[A-Z2-7]{24}$").all()
    other = keyed_tokens(secrets.token_bytes(32))(values)
    assert not set(other.drop_nulls()) & set(first.drop_nulls())

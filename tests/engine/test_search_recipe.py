"""``search_recipe``: the library entry point the web review calls to suggest the least coarsening (issue 4)."""

from __future__ import annotations

import inspect
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest

from tokumei.engine.errors import RecipeError, UnparseableValuesError
from tokumei.engine.pipeline import assess
from tokumei.engine.recipe import Recipe, parse_recipe
from tokumei.engine.search import SearchResult, search_recipe

ADULT = (Path(__file__).parents[2] / ".." / "shared" / "data" / "adult").resolve()
QIS = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation"]


def _frame() -> pl.DataFrame:
    # 12 records of 6 persons; ages spread so that k=2 needs banding
    return pl.DataFrame(
        {
            "id": ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e", "f", "f"],
            "性別": ["男", "男", "男", "男", "男", "男", "女", "女", "女", "女", "女", "女"],
            # ages 31, 33, 45 (men) and 31, 38, 47 (women) on 2026-04-01
            "生年月日": [d for y in (1995, 1993, 1981, 1995, 1988, 1979) for d in [f"{y}-01-01"] * 2],
        }
    )


def _recipe(person_key: bool) -> Recipe:
    doc: dict[str, object] = {
        "version": 1,
        "columns": {
            "性別": {"keep": "quasi"},
            "生年月日": {"generalize": "age", "level": "years", "reference": "2026-04-01"},
        },
        "privacy": {"k": 2, "max_suppression": 0.0},
    }
    if person_key:
        doc["person_key"] = "id"
        doc["columns"] = {"id": "pseudonymize", **doc["columns"]}  # type: ignore[dict-item]
    return parse_recipe(doc)


def test_signature_is_the_one_the_web_layer_calls() -> None:
    params = inspect.signature(search_recipe).parameters
    assert list(params) == ["frame", "recipe", "k", "l", "max_suppression", "metric", "time_budget"]
    assert all(params[p].kind is inspect.Parameter.KEYWORD_ONLY for p in list(params)[2:])
    assert [params[p].default for p in list(params)[2:]] == [None, None, None, "loss", None]


def test_rows_pass_persons_fail_and_the_chosen_recipe_passes_assess() -> None:
    frame = _frame()
    by_rows, chosen_rows = search_recipe(frame.drop("id"), _recipe(False))
    by_persons, chosen = search_recipe(frame, _recipe(True))

    assert isinstance(by_rows, SearchResult)
    assert by_rows.levels is not None
    assert by_rows.levels["生年月日"] == by_rows.floor["生年月日"]  # every row pair is a class
    assert by_persons.levels is not None
    assert by_persons.levels["生年月日"] > by_persons.floor["生年月日"]
    assert by_persons.person_key == "id"
    assert chosen_rows is not None
    assert chosen is not None
    assert by_persons.level_names["生年月日"] == chosen.columns["生年月日"].level
    # the suggested recipe meets k in assess, which counts persons the same way
    report = assess(frame, chosen).report
    assert report["k"] >= 2
    assert report["suppressed"] == by_persons.suppressed == 0
    # and the floor recipe does not
    assert assess(frame, _recipe(True)).report["k"] == 1


def test_overrides_lazy_input_and_infeasible() -> None:
    frame = _frame()
    lazy, _ = search_recipe(frame.lazy(), _recipe(True), k=2)
    eager, _ = search_recipe(frame, _recipe(True), k=2)
    assert lazy.levels == eager.levels

    impossible, chosen = search_recipe(frame, _recipe(True), k=7)
    assert chosen is None
    assert not impossible.feasible
    assert impossible.blockers

    loose, chosen = search_recipe(frame, _recipe(True), k=7, max_suppression=1.0, metric="discernibility")
    assert loose.feasible
    assert chosen is not None
    assert loose.metric == "discernibility"


def test_errors_are_engine_errors() -> None:
    with pytest.raises(RecipeError):
        search_recipe(_frame().drop("生年月日"), _recipe(False))
    bad = _frame().with_columns(pl.lit("不明").alias("生年月日"))
    with pytest.raises(UnparseableValuesError):
        search_recipe(bad, _recipe(False))


def test_adult_reproduces_arx_through_the_recipe() -> None:
    columns = {
        qi: {"generalize": "hierarchy", "file": str(ADULT / f"adult_hierarchy_{qi}.csv"), "level": 0} for qi in QIS
    }
    rec = parse_recipe({"version": 1, "columns": columns, "privacy": {"k": 5, "max_suppression": 0.05}})
    frame = pl.read_csv(ADULT / "adult.csv", separator=";", infer_schema=False)
    result, chosen = search_recipe(frame, rec)
    assert result.levels is not None
    assert list(result.levels.values()) == [0, 3, 0, 0, 1, 1, 1, 2]
    assert round(result.quality, 3) == 0.700
    assert result.suppressed == 1458
    assert chosen is not None
    assert chosen.columns["age"].level == 3


@pytest.mark.parametrize(
    ("k", "l", "suppression"),
    [(5, None, 0.05), (3, 2, 0.1), (10, None, 0.0), (2, 3, 0.02)],
)
def test_the_chains_cut_at_the_floor_give_the_whole_chains_answer(
    gen: ModuleType,
    k: int,
    l: int | None,  # noqa: E741 - the name of the model
    suppression: float,
) -> None:
    """search_recipe cuts each chain at the recipe's level (records collapse to their floor labels, rows carry
    the original values they stand for): the answer — node, Loss, Granularity, suppressed records, nodes
    evaluated — is the one the uncut chains give."""
    from tokumei.engine.search import recipe_chains, run_search_recipe, search

    options: dict[str, Any] = {"k": None, "l": None, "max_suppression": None, "metric": "loss", "time_budget": None}
    frame = gen.generate(4000, seed=11)
    doc = {
        "version": 1,
        "columns": {
            "性別": {"keep": "quasi"},
            "生年月日": {"generalize": "age", "level": "band10", "reference": "2026-04-01"},
            "郵便番号": {"generalize": "postal", "level": "digits3"},
            "住所": {"generalize": "address", "level": "prefecture"},
            "受診日": {"generalize": "date", "level": "month"},
            "傷病名": {"keep": "sensitive"},
        },
        "privacy": {"k": k, "l": l, "max_suppression": suppression},
    }
    rec = parse_recipe(doc)
    found, _ = search_recipe(frame, rec)
    data, tables, floor, ceiling, _bad = recipe_chains(rec, frame)
    if l is not None:
        data = data.with_columns(frame.get_column("傷病名"))
    whole = search(
        data,
        tables,
        k=k,
        l=l,
        sensitive="傷病名" if l is not None else None,
        max_suppression=suppression,
        floor=floor,
        ceiling=ceiling,
    )
    assert max(floor.values()) > 0
    # a lazy frame is reduced column by column (memory follows the distinct values), an eager one combinations
    # first: the same answer either way
    by_column, _ = search_recipe(frame.lazy(), rec)
    # read once and held as codes: from a lazy frame when asked, from an eager one reduced column by column
    by_codes = [
        run_search_recipe(source, rec, combinations_first=False, resident_codes=True, **options)[0]
        for source in (frame.lazy(), frame)
    ]
    for other in [by_column, *by_codes]:
        assert (other.levels, other.suppressed, other.nodes_evaluated) == (
            found.levels,
            found.suppressed,
            found.nodes_evaluated,
        )
        assert other.quality == pytest.approx(found.quality, abs=1e-12, nan_ok=True)
    assert found.levels == whole.levels
    assert found.quality == pytest.approx(whole.quality, abs=1e-12, nan_ok=True)
    assert found.value == pytest.approx(whole.value, abs=1e-12, nan_ok=True)
    assert found.suppressed == whole.suppressed
    assert found.nodes_evaluated == whole.nodes_evaluated


@pytest.mark.parametrize("resident", [False, True], ids=["two-scans", "resident-codes"])
@pytest.mark.parametrize("level", ["ward", "municipality", "prefecture", "region"])
def test_addresses_reduced_to_their_heads_in_the_scan_give_the_same_answer(
    gen: ModuleType, level: str, resident: bool
) -> None:
    """A lazy frame's addresses are reduced to their heads inside the scan (the street part never held): with
    missing, blank, unparseable, full-width and prefecture-less addresses mixed in, the answer — node, quality,
    suppressed records, nodes evaluated, unparseable count — is the one of the combinations-first path, which
    parses every distinct address. The same whether the records are scanned twice or read once and held as
    codes (``resident_codes``), with missing values in the other columns too."""
    from tokumei.engine.search import run_search_recipe

    frame = gen.generate(3000, seed=5)
    messy = [
        None,
        "",
        "　",
        "不明",  # no prefecture, no municipality: unparseable
        "府中市1-1",  # 東京都 or 広島県: unparseable
        "東京都千代田区千代田１－１",  # full-width digits and dash
        "千代田区千代田1-1",  # no prefecture
        "〒100-0001 東京都千代田区千代田1-1",
        "福岡県北九州市小倉北区城内1-1",
        "福岡県北九州市",  # designated city without its ward
        "京都府京都市中京区寺町通御池上る",
        "北海道",
    ]
    address = frame.get_column("住所").to_list()
    for i, value in enumerate(messy * 2):  # few unparseable: under the 1 % limit
        address[i * 97] = value
    sex = frame.get_column("性別").to_list()
    illness = frame.get_column("傷病名").to_list()
    for i in range(0, len(sex), 211):
        sex[i] = None
        illness[i + 1] = None
    frame = frame.with_columns(
        pl.Series("住所", address, dtype=pl.String),
        pl.Series("性別", sex, dtype=pl.String),
        pl.Series("傷病名", illness, dtype=pl.String),
    )
    doc = {
        "version": 1,
        "columns": {
            "性別": {"keep": "quasi"},
            "生年月日": {"generalize": "age", "level": "band10", "reference": "2026-04-01"},
            "住所": {"generalize": "address", "level": level},
            "傷病名": {"keep": "sensitive"},
        },
        "privacy": {"k": 3, "l": 2, "max_suppression": 0.05},
    }
    rec = parse_recipe(doc)
    keyed, _ = run_search_recipe(
        frame.lazy(),
        rec,
        k=None,
        l=None,
        max_suppression=None,
        metric="loss",
        time_budget=None,
        combinations_first=False,
        resident_codes=resident,
    )
    parsed, _ = run_search_recipe(
        frame, rec, k=None, l=None, max_suppression=None, metric="loss", time_budget=None, combinations_first=True
    )
    from tokumei.engine.hierarchies.address import AddressGeneralizer

    bad = AddressGeneralizer().prepare(frame.get_column("住所")).unparseable_count
    assert bad >= 4  # 不明 and 府中市1-1, twice each
    assert keyed.unparseable == parsed.unparseable == {"住所": bad}
    assert (keyed.levels, keyed.suppressed, keyed.nodes_evaluated) == (
        parsed.levels,
        parsed.suppressed,
        parsed.nodes_evaluated,
    )
    assert keyed.quality == pytest.approx(parsed.quality, abs=1e-12, nan_ok=True)
    assert keyed.value == pytest.approx(parsed.value, abs=1e-12, nan_ok=True)


def test_typed_parquet_columns_give_the_same_answer_held_as_codes(gen: ModuleType, tmp_path: Path) -> None:
    """A Parquet file keeps its column types (integers, dates): read once and held as codes, whose values are
    text in the scan, the search gives the two-scan answer, missing values included."""
    from tokumei.engine.search import run_search_recipe

    frame = gen.generate(3000, seed=8).select("性別", "生年月日", "世帯人数", "傷病名")
    size = frame.get_column("世帯人数").cast(pl.Int64).to_list()
    for i in range(0, len(size), 97):
        size[i] = None
    frame = frame.with_columns(
        pl.Series("世帯人数", size, dtype=pl.Int64), pl.col("生年月日").str.to_date(strict=False)
    )
    path = tmp_path / "typed.parquet"
    frame.write_parquet(path)
    rec = parse_recipe(
        {
            "version": 1,
            "columns": {
                "性別": {"keep": "quasi"},
                "生年月日": {"generalize": "age", "level": "band10", "reference": "2026-04-01"},
                "世帯人数": {"top_code": 6},
                "傷病名": {"keep": "sensitive"},
            },
            "privacy": {"k": 4, "l": 2, "max_suppression": 0.05},
        }
    )
    options: dict[str, Any] = {"k": None, "l": None, "max_suppression": None, "metric": "loss", "time_budget": None}
    results = [
        run_search_recipe(
            pl.scan_parquet(path), rec, combinations_first=False, resident_codes=resident, columnar=True, **options
        )[0]
        for resident in (False, True)
    ]
    assert results[0].records == results[1].records == 3000
    assert results[0].levels is not None
    assert (results[0].levels, results[0].suppressed, results[0].nodes_evaluated, results[0].classes) == (
        results[1].levels,
        results[1].suppressed,
        results[1].nodes_evaluated,
        results[1].classes,
    )
    assert results[0].quality == pytest.approx(results[1].quality, abs=1e-12)

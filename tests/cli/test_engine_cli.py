"""`tokumei profile`, `assess` and `anonymize` on generated Japanese files (Japanese and opaque headers, UTF-8 and
CP932)."""

from __future__ import annotations

import importlib.util
import json
import sys
import warnings
from pathlib import Path
from types import ModuleType

import pytest

with warnings.catch_warnings():
    # typer 0.23 touches click.utils.get_binary_stream, deprecated in click 8.5 (warnings are errors here)
    warnings.simplefilter("ignore", DeprecationWarning)
    from typer.testing import CliRunner

    from tokumei.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
RECIPE = """version: 1
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
UNSAFE = RECIPE.replace("level: region", "level: ward").replace("level: band20", "level: years")
KEYS = [
    "rows_in",
    "rows_out",
    "subjects_in",
    "subjects_out",
    "k",
    "class_sizes",
    "suppressed",
    "l",
    "risk",
    "uniques",
    "loss",
    "dropped_columns",
    "unparseable",
    "targets",
    "rule62",
]


def _generator() -> ModuleType:
    name = "tokumei_bench_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "src" / "tokumei" / "engine" / "synthetic.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    gen = _generator()
    base = tmp_path_factory.mktemp("cli")
    frame = gen.generate(2000, seed=2)
    out = {
        "utf8": base / "jp-utf8.csv",
        "cp932": base / "jp-cp932.csv",
        "opaque": base / "opaque-cp932.csv",
        "recipe": base / "recipe.yaml",
        "unsafe": base / "unsafe.yaml",
    }
    gen.write(frame, out["utf8"])
    gen.write(frame, out["cp932"], encoding="cp932", separator=";")
    gen.write(gen.generate(2000, seed=2, opaque_headers=True), out["opaque"], encoding="cp932", separator="\t")
    out["recipe"].write_text(RECIPE, encoding="utf-8")
    out["unsafe"].write_text(UNSAFE, encoding="utf-8")
    return out


runner = CliRunner()


@pytest.mark.parametrize("key", ["utf8", "cp932"])
def test_profile_json_japanese_headers(files: dict[str, Path], key: str) -> None:
    result = runner.invoke(app, ["profile", str(files[key]), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["rows"] == 2000
    cats = {c["name"]: (c["category"], c["code_type"]) for c in doc["columns"]}
    assert cats["個人番号"] == ("identification_code", "my_number")
    assert cats["氏名"] == ("direct_identifier", "name")
    assert cats["管理番号"][0] == "linking_code"
    assert cats["傷病名"][0] == "sensitive"


def test_profile_opaque_headers_and_recipe_out(files: dict[str, Path], tmp_path: Path) -> None:
    recipe_out = tmp_path / "start.yaml"
    result = runner.invoke(
        app, ["profile", str(files["opaque"]), "--json", "--recipe-out", str(recipe_out), "--reference", "2026-04-01"]
    )
    assert result.exit_code == 0, result.output
    cats = {c["name"]: c["category"] for c in json.loads(result.stdout)["columns"]}
    assert cats["col02"] == "direct_identifier"
    assert cats["col10"] == "identification_code"
    assert recipe_out.read_text(encoding="utf-8").startswith("# tokumei のレシピ")
    assessed = runner.invoke(app, ["assess", str(files["opaque"]), "-r", str(recipe_out), "--json", "-q"])
    assert assessed.exit_code in (0, 1)
    report = json.loads(assessed.stdout)
    assert all(report["rule62"][i]["ok"] for i in ("1", "2", "3"))


def test_profile_recipe_out_writes_integer_yen_and_search_meets_the_targets(
    files: dict[str, Path], tmp_path: Path
) -> None:
    import re

    import yaml

    plain, searched = tmp_path / "start.yaml", tmp_path / "searched.yaml"
    base = ["profile", str(files["utf8"]), "--reference", "2026-04-01", "--recipe-out"]
    assert runner.invoke(app, [*base, str(plain)]).exit_code == 0
    text = plain.read_text(encoding="utf-8")
    tops = re.findall(r"top_code: ([^,}]+)", text)
    assert tops, text
    assert all(re.fullmatch(r"\d+", t) for t in tops), tops  # integer yen, never 7.117e+06
    assert "e+" not in text

    result = runner.invoke(app, [*base, str(searched), "--search"])
    assert result.exit_code == 0, result.output
    assert "探索しました" in result.stderr
    doc = yaml.safe_load(searched.read_text(encoding="utf-8"))
    assert doc["version"] == 1
    assessed = runner.invoke(app, ["assess", str(files["utf8"]), "-r", str(searched), "--json", "-q"])
    report = json.loads(assessed.stdout)
    assert report["rule62"]["5"]["evidence"]["suppression"]["required"] <= report["targets"]["suppression_limit"]
    assert report["k"] >= report["targets"]["k"]

    lone = runner.invoke(app, ["profile", str(files["utf8"]), "--search"])
    assert lone.exit_code == 2


@pytest.mark.parametrize("key", ["utf8", "cp932"])
def test_assess_json_keys_and_exit_zero(files: dict[str, Path], key: str) -> None:
    result = runner.invoke(app, ["assess", str(files[key]), "--recipe", str(files["recipe"]), "--json", "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert list(report) == KEYS
    assert list(report["rule62"]) == ["1", "2", "3", "4", "5"]
    assert all(set(v) == {"ok", "evidence"} for v in report["rule62"].values())
    assert report["k"] >= 5


def test_assess_flags_override_the_recipe_and_fail(files: dict[str, Path]) -> None:
    result = runner.invoke(
        app, ["assess", str(files["utf8"]), "-r", str(files["recipe"]), "--json", "-q", "--k", "500"]
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["targets"]["k"] == 500
    assert report["rule62"]["5"]["ok"] is False


def test_anonymize_writes_data_and_report(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["anonymize", str(files["cp932"]), "-r", str(files["recipe"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    raw = (out / "data.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    header = text.splitlines()[0]
    assert header == "管理番号,生年月日,住所,性別,年収,傷病名"
    assert "20-39歳" in text or "40-59歳" in text
    assert "8000000以上" in text
    assert "関東" in text
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert list(report) == KEYS
    assert report["rows_out"] == len(text.splitlines()) - 1
    assert report["rule62"]["3"]["evidence"]["mapping_destroyed"] is True
    # no identifier from the input survives
    source = files["utf8"].read_text(encoding="utf-8")
    for line in source.splitlines()[1:50]:
        name, number = line.split(",")[1], line.split(",")[9]
        assert name not in text
        assert number not in text


def test_anonymize_writes_parquet(files: dict[str, Path], tmp_path: Path) -> None:
    import polars as pl

    csv_out, pq_out, both = tmp_path / "csv", tmp_path / "pq", tmp_path / "both"
    for out, fmt in ((csv_out, "csv"), (pq_out, "parquet"), (both, "both")):
        args = ["anonymize", str(files["utf8"]), "-r", str(files["recipe"]), "--out", str(out), "--format", fmt, "-q"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in pq_out.iterdir()) == ["data.parquet", "report.json"]
    assert sorted(p.name for p in both.iterdir()) == ["data.csv", "data.parquet", "report.json"]
    parquet = pl.read_parquet(pq_out / "data.parquet")
    csv = pl.read_csv(csv_out / "data.csv", infer_schema=False)
    assert parquet.columns == csv.columns == ["管理番号", "生年月日", "住所", "性別", "年収", "傷病名"]
    # same rows apart from the pseudonyms, which are drawn afresh on every run
    assert parquet.drop("管理番号").equals(csv.drop("管理番号"))
    report = json.loads((pq_out / "report.json").read_text(encoding="utf-8"))
    assert report["rows_out"] == parquet.height
    # the output reads back as input (Parquet in and out)
    again = runner.invoke(app, ["profile", str(pq_out / "data.parquet"), "--json"])
    assert again.exit_code == 0, again.output


def test_anonymize_rejects_an_unknown_format(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["anonymize", str(files["utf8"]), "-r", str(files["recipe"]), "--out", str(out), "--format", "xlsx"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert not out.exists()


def test_anonymize_writes_nothing_when_unsafe(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["anonymize", str(files["utf8"]), "-r", str(files["unsafe"]), "--out", str(out)])
    assert result.exit_code == 1
    assert "何も書き出していません" in result.stderr
    assert not out.exists()


def test_anonymize_allow_unsafe_writes_and_exits_3(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["anonymize", str(files["utf8"]), "-r", str(files["unsafe"]), "--out", str(out), "--allow-unsafe", "-q"]
    )
    assert result.exit_code == 3
    assert (out / "data.csv").exists()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["rule62"]["5"]["ok"] is False


def test_recipe_errors_exit_2_with_every_problem(files: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\ncolumns:\n  住所: {generalize: address, level: city}\n  存在しない列: delete\nprivacy: {k: 0}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["assess", str(files["utf8"]), "-r", str(bad), "--json", "-q"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "recipe_invalid"
    wheres = {p["where"] for p in error["problems"]}
    assert wheres == {"columns.住所.level", "privacy.k"}
    assert "列「住所」" in result.stderr


def test_missing_column_is_named(files: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "missing.yaml"
    bad.write_text("version: 1\ncolumns:\n  存在しない列: {keep: quasi}\nprivacy: {k: 2}\n", encoding="utf-8")
    result = runner.invoke(app, ["assess", str(files["utf8"]), "-r", str(bad), "-q"])
    assert result.exit_code == 2
    assert "存在しない列" in result.stderr
    assert "ファイルの列" in result.stderr


def test_progress_goes_to_stderr(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["assess", str(files["utf8"]), "-r", str(files["recipe"]), "--json"])
    assert "規則62条" in result.stderr
    json.loads(result.stdout)  # stdout stays pure JSON


def test_streaming_assess_and_anonymize(files: dict[str, Path], tmp_path: Path) -> None:
    import polars as pl

    parquet = tmp_path / "in.parquet"
    pl.read_csv(files["utf8"], infer_schema=False).write_parquet(parquet)
    assessed = runner.invoke(app, ["assess", str(parquet), "-r", str(files["recipe"]), "--streaming", "--json", "-q"])
    memory = runner.invoke(app, ["assess", str(files["utf8"]), "-r", str(files["recipe"]), "--json", "-q"])
    assert assessed.exit_code == 0, assessed.output
    streamed, full = json.loads(assessed.stdout), json.loads(memory.stdout)
    for key in ("rows_in", "rows_out", "k", "suppressed", "l", "class_sizes", "risk"):
        assert streamed[key] == full[key], key
    out = tmp_path / "out"
    written = runner.invoke(
        app,
        [
            "anonymize",
            str(files["utf8"]),
            "-r",
            str(files["recipe"]),
            "--out",
            str(out),
            "--streaming",
            "-q",
            "--format",
            "parquet",
        ],
    )
    assert written.exit_code == 0, written.output
    assert sorted(p.name for p in out.iterdir()) == ["data.parquet", "report.json"]
    assert pl.read_parquet(out / "data.parquet").height == full["rows_out"]
    unsafe_out = tmp_path / "unsafe"
    unsafe = runner.invoke(
        app, ["anonymize", str(files["utf8"]), "-r", str(files["unsafe"]), "--out", str(unsafe_out), "--streaming"]
    )
    assert unsafe.exit_code == 1
    assert not unsafe_out.exists()


def test_streaming_profile_classifies_like_the_in_memory_profile(files: dict[str, Path], tmp_path: Path) -> None:
    """``profile --streaming`` counts every record and classifies a sample drawn across the whole file; on a file
    whose sample is the whole file it says what the in-memory profile says, and it writes a starting recipe."""
    import polars as pl

    parquet = tmp_path / "in.parquet"
    pl.read_csv(files["utf8"], infer_schema=False).write_parquet(parquet)
    memory = json.loads(runner.invoke(app, ["profile", str(files["utf8"]), "--json"]).stdout)
    for path in (files["utf8"], parquet):
        streamed = runner.invoke(app, ["profile", str(path), "--json", "--streaming"])
        assert streamed.exit_code == 0, streamed.output
        assert json.loads(streamed.stdout) == memory
    recipe = tmp_path / "start.yaml"
    made = runner.invoke(app, ["profile", str(parquet), "--streaming", "--recipe-out", str(recipe)])
    assert made.exit_code == 0, made.output
    assert "系統抽出" in made.stderr
    assert "2,000 行" in made.stderr
    assessed = runner.invoke(app, ["assess", str(parquet), "-r", str(recipe), "--streaming", "--json", "-q"])
    assert assessed.exit_code in (0, 1), assessed.output
    assert json.loads(assessed.stdout)["rows_in"] == 2000
    cp932 = runner.invoke(app, ["profile", str(files["cp932"]), "--streaming"])
    assert cp932.exit_code != 0
    assert "UTF-8" in cp932.stderr

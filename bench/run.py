"""`make bench`: the search benchmarks of issue 4, side by side with anjana and pycanon, appended to docs/benchmarks.md.

Runs (all on this machine, same data, same hierarchies, same targets, same run):

1. Adult (shared/data/adult), k=5, 5 %: ``search()`` in-process, the whole ``tokumei search --json`` command
   (process start to exit), anjana's ``k_anonymity`` (its result scored with ARX's Granularity), pycanon's
   ``k_anonymity`` check of the raw quasi-identifiers.
2. A 300,000-row ``;``-separated CSV (Adult rows resampled with a fixed seed, the Adult ARX hierarchies), k=5, 5 %:
   the whole ``tokumei search --json`` command against pycanon's check of the raw quasi-identifiers.

3. The same file with 30 % of every QI's cells redrawn from its hierarchy (~250,000 combinations, a real search),
   and the full risk profile of the raw QIs on both.
4. The synthetic Japanese 1M-row file (``tokumei.engine.synthetic``, kept in ``bench/data``): profile, assess,
   anonymize and search (k=5, 8 QIs) as whole CLI runs with peak RSS, the out-of-core ``--streaming`` verbs, and
   pycanon's check of k on the same raw quasi-identifiers.

``--large`` (``make bench-large``) adds the 10M-row CSV and the 100M-row Parquet file (generated once, resumably);
on those only the out-of-core verbs and ``search`` run. ``--only-synthetic`` skips 1–3. Medians of several runs;
``--runs`` sets how many.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
ADULT = ROOT / ".." / "shared" / "data" / "adult"
QIS = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation"]
PEERS = os.environ.get("TOKUMEI_PEERS_PYTHON", str(ROOT / ".venv-peers" / "bin" / "python"))
TOKUMEI = str(Path(sys.executable).with_name("tokumei"))
RESULTS = ROOT / "docs" / "benchmarks.md"


def median_of(runs: int, fn: Callable[[], float]) -> tuple[float, list[float]]:
    samples = [fn() for _ in range(runs)]
    return statistics.median(samples), samples


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    import numpy

    peers = subprocess.run(
        [
            PEERS,
            "-c",
            "import importlib.metadata as m; print(m.version('anjana'), m.version('pycanon'), m.version('pandas'))",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "numpy": numpy.__version__,
        "anjana": peers[0] if peers else "missing",
        "pycanon": peers[1] if len(peers) > 1 else "missing",
        "pandas (peers)": peers[2] if len(peers) > 2 else "missing",
    }


def write_recipe(folder: Path, k: int, suppression: float) -> Path:
    lines = ["version: 1", "columns:"]
    for qi in QIS:
        file = (ADULT / f"adult_hierarchy_{qi}.csv").resolve()
        lines.append(f"  {qi}: {{generalize: hierarchy, file: '{file}', level: 0}}")
    lines.append("  salary-class: {keep: sensitive}")
    lines.append(f"privacy: {{k: {k}, max_suppression: {suppression}}}")
    path = folder / "recipe.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(file: Path, recipe: Path) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    proc = subprocess.run(
        [TOKUMEI, "search", str(file), "--recipe", str(recipe), "--json"], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(proc.stderr)
    return seconds, json.loads(proc.stdout)


def run_peer(*args: str, timeout: float | None = None) -> dict[str, Any]:
    """One peer run; ``{"timeout": seconds}`` when it did not finish within ``timeout``."""
    try:
        proc = subprocess.run(
            [PEERS, str(ROOT / "bench" / "peers.py"), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def in_process_search(path: Path, runs: int) -> tuple[Any, float, list[float], pl.DataFrame, dict[str, pl.DataFrame]]:
    """Our search called in-process on the read table with the ARX hierarchies loaded (k=5, 5 %) — what anjana's
    figure measures of it (its call, not reading the files): (result, median seconds incl. coding the data,
    samples, the table, the hierarchies). One warm-up call first (imports, thread pools), as ARX's "warm"."""
    from tokumei.engine.hierarchies.arx import read_arx_hierarchy
    from tokumei.engine.search import search

    data = pl.read_csv(path, separator=";", infer_schema=False, columns=QIS)
    hierarchies = {qi: read_arx_hierarchy(ADULT / f"adult_hierarchy_{qi}.csv") for qi in QIS}
    results = []

    def once() -> float:
        started = time.perf_counter()
        results.append(search(data, hierarchies, k=5, max_suppression=0.05))
        return time.perf_counter() - started

    once()
    median, samples = median_of(runs, once)
    return results[-1], median, samples, data, hierarchies


def bench_adult(runs: int, folder: Path) -> dict[str, Any]:
    from tokumei.engine.search import search

    ours, search_median, search_samples, data, hierarchies = in_process_search(ADULT / "adult.csv", runs)
    recipe = write_recipe(folder, 5, 0.05)
    cli: list[float] = []
    for _ in range(runs):
        seconds, report = run_cli(ADULT / "adult.csv", recipe)
        cli.append(seconds)
    anjana_runs = [
        run_peer("anjana", str(ADULT / "adult.csv"), str(ADULT), "5", "5", *QIS) for _ in range(max(1, runs // 2))
    ]
    anjana_levels = anjana_runs[-1]["levels"]
    node = dict(zip(QIS, anjana_levels, strict=True))
    anjana_scored = search(data, hierarchies, k=5, max_suppression=0.05, floor=node, ceiling=node)
    pycanon_runs = [run_peer("pycanon", str(ADULT / "adult.csv"), "-", "0", "0", *QIS) for _ in range(runs)]
    return {
        "ours": ours,
        "search_median": search_median,
        "search_samples": search_samples,
        "cli_median": statistics.median(cli),
        "cli_samples": cli,
        "cli_report": report,
        "anjana_median": statistics.median(r["seconds"] for r in anjana_runs),
        "anjana_levels": anjana_levels,
        "anjana_quality": anjana_scored.quality,
        "anjana_suppressed_ours": anjana_scored.suppressed,
        "anjana_rows_out": anjana_runs[-1]["rows_out"],
        "pycanon_median": statistics.median(r["seconds"] for r in pycanon_runs),
    }


def make_300k(folder: Path, *, varied: bool) -> Path:
    """Adult rows resampled (seed 20260401); ``varied`` also replaces 30 % of every QI's cells by a uniformly
    drawn value of its hierarchy (seed 20260402), so that there are ~250,000 combinations and the search must
    generalize (the plain resample has 18,109 combinations and its optimum is the bottom node)."""
    import numpy as np

    adult = pl.read_csv(ADULT / "adult.csv", separator=";", infer_schema=False)
    big = adult.sample(n=300_000, with_replacement=True, seed=20260401)
    if varied:
        rng = np.random.default_rng(20260402)
        cols = {}
        for qi in QIS:
            hierarchy = ADULT / f"adult_hierarchy_{qi}.csv"
            leaves = pl.read_csv(hierarchy, separator=";", has_header=False, infer_schema=False)[:, 0].to_numpy()
            swap = pl.Series(rng.random(big.height) < 0.3)
            pick = pl.Series(leaves[rng.integers(0, len(leaves), big.height)])
            cols[qi] = pl.select(pl.when(pl.lit(swap)).then(pl.lit(pick)).otherwise(pl.lit(big[qi]))).to_series()
        big = big.with_columns(**cols)
    path = folder / ("adult300k-varied.csv" if varied else "adult300k.csv")
    big.write_csv(path, separator=";")
    return path


def risk_profile_seconds(path: Path, runs: int) -> tuple[float, float, dict[str, Any]]:
    """The full risk profile of the raw QIs (classes, uniques, class sizes, prosecutor/journalist/marketer):
    (median seconds of the profile on the read table, seconds of the read, the figures)."""
    from tokumei.engine.io import read_table
    from tokumei.engine.privacy import class_size_histogram, frequency_table
    from tokumei.engine.risk import risk_metrics, uniques

    started = time.perf_counter()
    frame, _ = read_table(path, columns=QIS)
    read_seconds = time.perf_counter() - started
    out: dict[str, Any] = {}

    def once() -> float:
        t0 = time.perf_counter()
        freq = frequency_table(frame, QIS)
        out["classes"] = freq.height
        out["uniques"] = uniques(freq)
        out["histogram_sizes"] = len(class_size_histogram(freq))
        out["risk"] = risk_metrics(freq, QIS)
        return time.perf_counter() - t0

    median, _ = median_of(runs, once)
    return median, read_seconds, out


def bench_300k(runs: int, folder: Path, *, varied: bool = False) -> dict[str, Any]:
    path = make_300k(folder, varied=varied)
    recipe = write_recipe(folder, 5, 0.05)
    cli: list[float] = []
    report: dict[str, Any] = {}
    pycanon: list[float] = []
    for _ in range(runs):  # interleaved, so both see the same machine state
        seconds, report = run_cli(path, recipe)
        cli.append(seconds)
        pycanon.append(run_peer("pycanon", str(path), "-", "0", "0", *QIS)["seconds"])
    risk_median, read_seconds, risk = risk_profile_seconds(path, runs)
    _, search_median, _, _, _ = in_process_search(path, runs)
    anjana = run_peer("anjana", str(path), str(ADULT), "5", "5", *QIS, timeout=ANJANA_TIMEOUT)
    return {
        "anjana": anjana,
        "search_median": search_median,
        "cli_median": statistics.median(cli),
        "cli_samples": cli,
        "report": report,
        "pycanon_median": statistics.median(pycanon),
        "pycanon_samples": pycanon,
        "risk_median": risk_median,
        "risk_read": read_seconds,
        "risk": risk,
        "varied": varied,
    }


JP_RECIPE = """version: 1
columns:
  管理番号: pseudonymize
  氏名: delete
  氏名カナ: delete
  性別: {keep: quasi}
  生年月日: {generalize: age, level: band10, reference: 2026-04-01, top_code: 90}
  郵便番号: {generalize: postal, level: digits3}
  住所: {generalize: address, level: prefecture}
  電話番号: delete
  メールアドレス: delete
  個人番号: delete
  基礎年金番号: delete
  世帯人数: {top_code: 6}
  職業: {keep: quasi, suppress_rare: 5}
  年収: {top_code: 20000000, band: 2000000}
  傷病名: {keep: sensitive, suppress_rare: 5}
  受診日: {generalize: date, level: year}
  備考: delete
privacy: {k: 5, l: 2, max_suppression: 0.05}
"""
JP_QIS = ["性別", "生年月日", "郵便番号", "住所", "世帯人数", "職業", "年収", "受診日"]
ANJANA_TIMEOUT = 600.0
PYCANON_TIMEOUT = 1800.0
VERB_TIMEOUT = 1800.0
"""Per verb on the 100M-row file, so that bench-large ends; a verb that takes longer is reported as unfinished."""


def run_timed(args: list[str], timeout: float | None = None) -> tuple[float, int, int]:
    """(seconds, peak RSS in KiB of the child, exit code) of a command, measured with /usr/bin/time; exit code -1
    when it did not finish within ``timeout`` (the seconds are then the timeout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", stats.name, *args],
                capture_output=True,
                text=True,
                check=False,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return float(timeout or 0.0), 0, -1
        seconds = time.perf_counter() - started
        text = Path(stats.name).read_text().split()
        rss = int(text[-1]) if text and text[-1].isdigit() else 0
    if proc.returncode not in (0, 1, 3):
        raise RuntimeError(f"{args[:2]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds, rss, proc.returncode


def bench_synthetic(rows: int, runs: int, folder: Path, data_dir: Path) -> dict[str, Any]:
    """profile, assess, anonymize and search (k=5, 8 QIs) on the synthetic Japanese file of ``rows`` rows, each
    as a whole CLI run with its peak RSS, and pycanon's k check of the raw QIs. Files up to 10M rows are UTF-8 CSV;
    larger ones are Parquet (generated chunk by chunk, resumable)."""
    from tokumei.engine.synthetic import write_chunked

    data_dir.mkdir(parents=True, exist_ok=True)
    fmt = "csv" if rows <= 10_000_000 else "parquet"
    path = data_dir / f"jp-{rows // 1_000_000}m.{fmt}"
    if not path.exists():
        write_chunked(rows, path, chunk=min(rows, 1_000_000 if fmt == "csv" else 5_000_000))
    floor_recipe = folder / "jp-recipe.yaml"
    floor_recipe.write_text(JP_RECIPE, encoding="utf-8")
    # the flow of a real case: search coarsens the proposal's recipe until it meets k / l / suppression, and that
    # recipe is assessed and anonymized (the floor recipe itself fails its targets on these files)
    searched = folder / "jp-searched.yaml"
    search_args = [TOKUMEI, "search", str(path), "--recipe", str(floor_recipe), "--json", "--out", str(searched)]
    searched.unlink(missing_ok=True)
    subprocess.run(search_args, capture_output=True, check=False)
    recipe = searched if searched.exists() else floor_recipe
    out = folder / "jp-out"
    commands = {
        "profile": [TOKUMEI, "profile", str(path), "--json"],
        "assess": [TOKUMEI, "assess", str(path), "--recipe", str(recipe), "--json", "--quiet"],
        "anonymize": [
            TOKUMEI,
            "anonymize",
            str(path),
            "--recipe",
            str(recipe),
            "--out",
            str(out),
            "--allow-unsafe",
            "-q",
        ],
        "search": search_args,
        "profile --streaming": [TOKUMEI, "profile", str(path), "--json", "--streaming"],
        "assess --streaming": [TOKUMEI, "assess", str(path), "--recipe", str(recipe), "--json", "-q", "--streaming"],
        "anonymize --streaming": [
            TOKUMEI,
            "anonymize",
            str(path),
            "--recipe",
            str(recipe),
            "--out",
            str(folder / "jp-out-streaming"),
            "--format",
            "parquet",
            "--allow-unsafe",
            "--quiet",
            "--streaming",
        ],
    }
    if rows > 1_000_000:  # the in-memory paths are not the ones meant for files this size
        for verb in ("profile", "assess", "anonymize"):
            del commands[verb]
    results: dict[str, Any] = {"rows": rows, "path": path.name, "format": fmt, "searched": recipe == searched}
    limit = VERB_TIMEOUT if rows > 10_000_000 else None
    for verb, args in commands.items():
        samples = [run_timed(args, limit) for _ in range(runs)]
        results[verb] = {
            "median": statistics.median(s[0] for s in samples),
            "samples": [s[0] for s in samples],
            "rss_mib": max(s[1] for s in samples) / 1024,
            "exit": samples[-1][2],
        }
        print(f"  {verb}: {results[verb]['median']:.2f} s", file=sys.stderr)
        if verb in ("assess --streaming", "search") and results[verb]["exit"] in (0, 1):
            proc = subprocess.run(args, capture_output=True, text=True, check=False)
            key = "assess_report" if verb.startswith("assess") else "search_report"
            results[key] = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}
    if fmt == "csv":
        print("  pycanon …", file=sys.stderr)
        results["pycanon"] = run_peer("pycanon", str(path), "-", "0", "0", *JP_QIS, timeout=PYCANON_TIMEOUT)
    return results


def render_synthetic(res: dict[str, Any]) -> list[str]:
    rep = res.get("search_report", {})
    kind = "UTF-8 CSV" if res.get("format", "csv") == "csv" else "Parquet"
    lines = [
        f"### Synthetic Japanese file, {res['rows']:,} rows (`{res['path']}`, {kind}), 8 QIs, k=5, l=2, 5 %",
        "",
        "Whole CLI runs (process start to exit), medians; peak RSS of the process. "
        + (
            "`assess` and `anonymize` take the recipe `search --out` wrote (the proposal's recipe coarsened until it "
            "meets its targets)."
            if res.get("searched")
            else "The search found no recipe: `assess` and `anonymize` take the floor recipe."
        ),
        "",
        "| verb | seconds | peak RSS (MiB) | exit | samples |",
        "|---|---|---|---|---|",
    ]
    verbs = ("profile", "assess", "anonymize", "search", "profile --streaming", "assess --streaming")
    for verb in (*verbs, "anonymize --streaming"):
        if verb not in res:
            lines.append(f"| {verb} | not run (in-memory path; files this size use `--streaming`) | | | |")
            continue
        r = res[verb]
        if r["exit"] == -1:
            lines.append(f"| {verb} | did not finish within {r['median']:.0f} s | | | |")
            continue
        lines.append(
            f"| {verb} | {r['median']:.2f} | {r['rss_mib']:.0f} | {r['exit']} | "
            f"{', '.join(f'{x:.2f}' for x in r['samples'])} |"
        )
    peer = res.get("pycanon")
    if peer is not None:
        figure = (
            f"did not finish within {peer['timeout']:.0f} s"
            if "timeout" in peer
            else f"{peer['seconds']:.2f} s (k of the raw QIs = {peer['k']}; reading the CSV with pandas not counted)"
        )
        lines += ["", f"pycanon `k_anonymity` on the same 8 raw QIs (peers' venv, same run): {figure}."]
    if rep:
        lines += [
            "",
            f"search result: levels {rep.get('levels')}, Granularity {rep.get('quality')}, suppressed "
            f"{rep.get('suppressed')}, {rep.get('nodes_evaluated')} nodes evaluated, "
            f"search {rep.get('seconds', 0):.2f} s.",
        ]
    assessed = res.get("assess_report", {})
    if assessed:
        rule62 = assessed.get("rule62", {})
        lines += [
            "",
            f"assess --streaming: k {assessed.get('k')}, l {assessed.get('l')}, "
            f"suppressed {assessed.get('suppressed')}, "
            f"loss {assessed.get('loss', {}).get('loss')}, 規則62条 "
            + ", ".join(f"{i}号 {'ok' if item.get('ok') else 'NG'}" for i, item in rule62.items())
            + ".",
        ]
    lines.append("")
    return lines


def render(
    info: dict[str, str],
    adult: dict[str, Any] | None,
    bigs: list[dict[str, Any]],
    synthetic: list[dict[str, Any]],
    extra: list[str],
    runs: int,
) -> str:
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        f"## Run of {now}",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
        f"Medians of {runs} runs (anjana: {max(1, runs // 2)}); times in seconds; ratio = ours / theirs.",
        "",
    ]
    if adult is not None:
        lines += render_adult(adult)
    lines += render_bigs(bigs)
    for res in synthetic:
        lines += render_synthetic(res)
    lines += [*extra, ""]
    return "\n".join(lines)


def render_adult(adult: dict[str, Any]) -> list[str]:
    ours = adult["ours"]
    levels = list(ours.levels.values())
    return [
        "### Adult (30,162 rows, 8 QIs, ARX hierarchies), k=5, 5 % suppression",
        "",
        "| what | ours | anjana 1.2.3 | pycanon 1.3.5 | ARX 3.9.2 (REFERENCE.md) | target |",
        "|---|---|---|---|---|---|",
        f"| search (in-process, incl. coding the data) | {adult['search_median']:.3f} | {adult['anjana_median']:.2f} "
        f"(ratio {adult['search_median'] / adult['anjana_median']:.3f}) | — | 0.75 warm | ≤ 0.35 |",
        f"| whole `tokumei search --json` (process start to exit) | {adult['cli_median']:.3f} | — | — | 3–5 | ≤ 1.5 |",
        f"| check k of the raw QIs | — | — | {adult['pycanon_median']:.3f} | — | — |",
        f"| transformation | {levels} | {adult['anjana_levels']} | — | [0, 3, 0, 0, 1, 1, 1, 2] | same as ARX |",
        f"| Granularity (ARX, METRIC.md §7) | {ours.quality:.4f} | {adult['anjana_quality']:.4f} | — | 0.7000 "
        "| ≥ ARX |",
        f"| suppressed records | {ours.suppressed} | {adult['anjana_suppressed_ours']} (rows out "
        f"{adult['anjana_rows_out']}) | — | 1,458 | |",
        f"| nodes evaluated / pruned of 6,480 | {ours.nodes_evaluated} / {ours.nodes_pruned} | — | — | 844 checked | |",
        "",
        f"Search samples: {', '.join(f'{s:.3f}' for s in adult['search_samples'])}; "
        f"CLI samples: {', '.join(f'{s:.3f}' for s in adult['cli_samples'])}.",
        "",
    ]


def render_bigs(bigs: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for big in bigs:
        rep = big["report"]
        ratio = big["cli_median"] / big["pycanon_median"]
        what = (
            "Adult resampled (seed 20260401) + 30 % of every QI's cells redrawn from its hierarchy (seed 20260402)"
            if big["varied"]
            else "Adult resampled, seed 20260401"
        )
        risk = big["risk"]
        lines += [
            f"### 300,000-row `;` CSV ({what}), 8 QIs, ARX hierarchies, k=5, 5 %",
            "",
            "| what | ours | pycanon 1.3.5 | ratio | target |",
            "|---|---|---|---|---|",
            f"| whole `tokumei search --json` vs pycanon `k_anonymity` on the raw QIs | {big['cli_median']:.3f} | "
            f"{big['pycanon_median']:.3f} | {ratio:.2f} | ≤ 1.2 (ARX ≈ 2–3) |",
            f"| result | {list(rep['levels'].values()) if rep.get('levels') else None}, Granularity "
            f"{rep.get('quality') or float('nan'):.4f}, suppressed {rep['suppressed']}, "
            f"{rep['nodes_evaluated']} nodes evaluated, search {rep['seconds']:.3f} s | — | | |",
            f"| full risk profile of the raw QIs (frequency table, {risk['classes']:,} classes, {risk['uniques']:,} "
            f"uniques, class-size histogram, prosecutor/journalist/marketer) on the read table | "
            f"{big['risk_median']:.3f} (read of the 8 columns: {big['risk_read']:.3f}) | — | | ≤ 0.5 |",
            "",
            f"CLI samples: {', '.join(f'{s:.3f}' for s in big['cli_samples'])}; "
            f"pycanon samples: {', '.join(f'{s:.3f}' for s in big['pycanon_samples'])}.",
            "",
        ]
        anjana = big.get("anjana", {})
        if "timeout" in anjana:
            lines += [
                f"anjana `k_anonymity` (same hierarchies, k=5, 5 %): did not finish within {anjana['timeout']:.0f} s.",
                "",
            ]
        elif anjana:
            lines += [
                f"anjana `k_anonymity` (same hierarchies, k=5, 5 %): {anjana['seconds']:.2f} s, "
                f"levels {anjana['levels']}, "
                f"{anjana['rows_out']:,} rows out; anjana's call / our search called the same way (in-process on "
                f"the read table, incl. coding it: {big['search_median']:.3f} s) = "
                f"{anjana['seconds'] / big['search_median']:.1f}×; anjana's call / our whole command = "
                f"{anjana['seconds'] / big['cli_median']:.1f}×.",
                "",
            ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large", action="store_true", help="add the opt-in 10M-row CSV and 100M-row Parquet runs")
    parser.add_argument("--only-synthetic", action="store_true", help="skip Adult and the 300k files")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of appending it")
    parser.add_argument("--skip-300k", action="store_true")
    parser.add_argument("--synthetic", default="1000000", help="comma-separated row counts of synthetic files")
    parser.add_argument("--synthetic-runs", type=int, default=3)
    parser.add_argument("--data-dir", default=str(ROOT / "bench" / "data"), help="where synthetic files are kept")
    args = parser.parse_args()
    # every CLI run starts from bytecode, as with an installed package (an editable install under
    # PYTHONDONTWRITEBYTECODE=1 would compile tokumei's modules again in every run)
    compileall.compile_dir(str(ROOT / "src" / "tokumei"), quiet=1)
    info = machine()
    load = os.getloadavg()
    info["load (1/5/15 min) at start"] = "/".join(f"{x:.2f}" for x in load)
    data_dir = Path(args.data_dir)
    adult = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bigs = []
        if not args.only_synthetic:
            print("Adult …", file=sys.stderr)
            adult = bench_adult(args.runs, folder)
            if not args.skip_300k:
                for varied in (False, True):
                    print(f"300k{' varied' if varied else ''} …", file=sys.stderr)
                    bigs.append(bench_300k(max(3, args.runs // 2 + 1), folder, varied=varied))
        synthetic = []
        sizes = [int(x) for x in args.synthetic.split(",") if x] if args.synthetic else []
        if args.large:
            sizes += [n for n in (10_000_000, 100_000_000) if n not in sizes]
        for rows in sizes:
            print(f"synthetic {rows:,} …", file=sys.stderr)
            synthetic.append(bench_synthetic(rows, args.synthetic_runs if rows <= 1_000_000 else 1, folder, data_dir))
            print("\n".join(render_synthetic(synthetic[-1])), file=sys.stderr)  # kept if a later size fails
    extra = [] if args.large else ["- Large runs (10M/100M rows): opt-in, `make bench-large`."]
    section = render(info, adult, bigs, synthetic, extra, args.runs)
    print(section)
    if not args.no_write:
        if not RESULTS.exists():
            RESULTS.write_text(
                "# Benchmarks\n\nAppended by `make bench` (bench/run.py). Each section is one run on the machine it "
                "names; the peers run in their own venv on the same data in the same run.\n\n",
                encoding="utf-8",
            )
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write(section + "\n")


if __name__ == "__main__":
    main()

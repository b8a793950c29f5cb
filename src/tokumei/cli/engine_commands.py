"""``tokumei profile``, ``tokumei assess`` and ``tokumei anonymize``: thin commands over :mod:`tokumei.engine`.

Exit codes:

* 0 — done; for ``assess``/``anonymize``: all five items of 規則第62条 hold (``anonymize`` wrote ``data.csv`` and
  ``report.json``);
* 1 — a target or a 規則62条 item is not met (``anonymize`` wrote nothing);
* 2 — the input, the recipe or the options are wrong (every problem is listed);
* 3 — ``anonymize --allow-unsafe`` wrote the files although a target is not met.

Messages for users are Japanese and go to stderr together with progress; ``--json`` prints machine-readable
output (the report, or the error with its stable code) on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:  # the engine and rich are imported inside the commands: `tokumei search` must start fast
    import polars as pl
    from rich.console import Console

    from tokumei.engine import EngineError, Result, TableSource

EXIT_OK = 0
EXIT_UNSAFE = 1
EXIT_INPUT = 2
EXIT_WRITTEN_UNSAFE = 3

_ITEM_TITLES = {
    "1": "1号 特定の個人を識別できる記述等の削除",
    "2": "2号 個人識別符号の削除",
    "3": "3号 連結する符号の削除",
    "4": "4号 特異な記述等の削除",
    "5": "5号 ファイルの性質を踏まえた措置（k・l・t・抑制）",
}

FileArg = Annotated[Path, typer.Argument(help="入力ファイル（CSV / .xlsx / .parquet）またはデータベース URL")]
EncodingOpt = Annotated[
    str | None, typer.Option("--encoding", help="文字コード（utf-8, cp932 …）。省略時は判別します。")
]
SeparatorOpt = Annotated[str | None, typer.Option("--separator", help="区切り文字（, ; \\t）。省略時は判別します。")]
SheetOpt = Annotated[str | None, typer.Option("--sheet", help="Excel のシート名（省略時は最初のシート）")]
QueryOpt = Annotated[str | None, typer.Option("--query", help="データベース URL から読むときの SQL")]
JsonOpt = Annotated[bool, typer.Option("--json", help="結果を JSON で標準出力に書く")]
RecipeOpt = Annotated[Path, typer.Option("--recipe", "-r", help="レシピ（YAML / JSON）")]
KOpt = Annotated[int | None, typer.Option("--k", min=1, help="k の目標（レシピより優先）")]
LOpt = Annotated[int | None, typer.Option("--l", min=1, help="l の目標（レシピより優先）")]
TOpt = Annotated[float | None, typer.Option("--t", min=0.0, max=1.0, help="t の目標（レシピより優先）")]
SuppressionOpt = Annotated[
    float | None,
    typer.Option("--max-suppression", min=0.0, max=1.0, help="削除してよいレコードの割合（レシピより優先）"),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="解釈できない値が 1 件でもあれば中止する")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="進捗を表示しない")]
StreamingOpt = Annotated[
    bool,
    typer.Option(
        "--streaming",
        help="メモリに載らないファイル向け（Parquet / UTF-8 CSV）。profile は全件から系統抽出した記録で分類し、"
        "assess / anonymize は全件を集計して同じ指標と規則62条1〜5号を評価する（sample は指定不可）",
    ),
]


class _Progress:
    """Progress lines on stderr with the elapsed time."""

    def __init__(self, console: Console, quiet: bool) -> None:
        self.console = console
        self.quiet = quiet
        self.start = time.monotonic()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            self.console.print(f"[dim]{time.monotonic() - self.start:7.1f}s[/dim] {message}", highlight=False)


def _err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True)


def _fail(err: EngineError, *, as_json: bool) -> typer.Exit:
    console = _err_console()
    console.print(f"[bold red]エラー[/bold red] [{err.code}] {err.message}", highlight=False)
    for p in err.problems:
        console.print(f"  - {p.where}: {p.message}", highlight=False)
    if as_json:
        typer.echo(json.dumps({"error": err.as_dict()}, ensure_ascii=False, indent=2))
    return typer.Exit(EXIT_INPUT)


def _read(
    file: Path, encoding: str | None, separator: str | None, sheet: str | None, query: str | None
) -> tuple[Any, TableSource]:
    from tokumei.engine import read_table

    return read_table(file, encoding=encoding, separator=separator, sheet=sheet, query=query)


def _report_unparseable(result: Result, console: Console) -> None:
    for column, rows in result.unparseable_rows.items():
        count = result.report["unparseable"].get(column, len(rows))
        shown = ", ".join(str(r) for r in rows) + (" …" if count > len(rows) else "")
        console.print(
            f"[yellow]注意[/yellow] 列「{column}」: 解釈できない値 {count} 件をセル削除しました（データ行 {shown}）。",
            highlight=False,
        )


def _summary(result: Result, console: Console) -> None:
    from rich.table import Table

    r = result.report
    table = Table(title="評価結果 / assessment", show_header=True)
    table.add_column("項目")
    table.add_column("値", justify="right")
    table.add_row("行数 rows (in → out)", f"{r['rows_in']:,} → {r['rows_out']:,}")
    table.add_row("本人数 subjects (in → out)", f"{r['subjects_in']:,} → {r['subjects_out']:,}")
    table.add_row("k（目標）", f"{r['k']}（{r['targets']['k']}）")
    if r["l"]:
        table.add_row("l（目標）", f"{r['l']}（{r['targets']['l']}）")
    table.add_row("削除レコード suppressed（上限）", f"{r['suppressed']:,}（{r['targets']['suppression_limit']:,}）")
    table.add_row("一意なクラス uniques", f"{r['uniques']:,}")
    risk = r["risk"]["prosecutor"]
    table.add_row("再識別リスク prosecutor max / mean", f"{risk['max']:.4f} / {risk['mean']:.4f}")
    table.add_row("情報損失 loss", f"{r['loss']['loss']:.4f}")
    if r["dropped_columns"]:
        table.add_row("レシピにない列（削除）", ", ".join(r["dropped_columns"]))
    console.print(table)
    for item, value in r["rule62"].items():
        mark = "[green]✓[/green]" if value["ok"] else "[red]✗[/red]"
        console.print(f"{mark} 規則62条{_ITEM_TITLES[item]}", highlight=False)
        if not value["ok"]:
            console.print(f"    {json.dumps(value['evidence'], ensure_ascii=False)[:600]}", highlight=False)


def profile(
    file: FileArg,
    as_json: JsonOpt = False,
    recipe_out: Annotated[Path | None, typer.Option("--recipe-out", help="安全側の初期レシピを書き出すパス")] = None,
    reference: Annotated[
        str | None, typer.Option("--reference", help="初期レシピの年齢の基準日（YYYY-MM-DD、省略時は今日）")
    ] = None,
    search: Annotated[
        bool,
        typer.Option(
            "--search", help="--recipe-out の初期レシピを tokumei search で目標（k・l・削除率）を満たすまで粗くする"
        ),
    ] = False,
    encoding: EncodingOpt = None,
    separator: SeparatorOpt = None,
    sheet: SheetOpt = None,
    query: QueryOpt = None,
    streaming: StreamingOpt = False,
) -> None:
    """列を分類する（直接識別子・個人識別符号・連結符号・準識別子・要配慮等・その他）。"""
    from rich.console import Console
    from rich.table import Table

    from tokumei.engine import EngineError, profile_frame, starting_recipe

    console = _err_console()
    described: str | None = None
    try:
        if streaming:
            from tokumei.engine.streaming import profile_streaming, scan_table

            result, frame = profile_streaming(file, separator=separator)
            described = f"{file}（ストリーミング・{frame.height:,} 行の系統抽出で分類）"
        else:
            frame, source = _read(file, encoding, separator, sheet, query)
            result = profile_frame(frame)
    except EngineError as err:
        raise _fail(err, as_json=as_json) from None
    if recipe_out is not None:
        try:
            ref = dt.date.fromisoformat(reference) if reference else dt.date.today()  # noqa: DTZ011
        except ValueError:
            console.print(f"[red]エラー[/red] --reference は YYYY-MM-DD にしてください（受け取った値: {reference}）。")
            raise typer.Exit(EXIT_INPUT) from None
        text = starting_recipe(result, frame, reference=ref)
        if search:
            data = scan_table(file, separator=separator) if streaming else frame
            text = _searched_recipe(text, recipe_out, data, console)
        recipe_out.write_text(text, encoding="utf-8")
        console.print(f"初期レシピを書きました: {recipe_out}", highlight=False)
    elif search:
        console.print("[red]エラー[/red] --search には --recipe-out が必要です。", highlight=False)
        raise typer.Exit(EXIT_INPUT)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    head = described if described is not None else f"{source.path}（{source.describe()}）"
    console.print(f"{head}: {result.rows:,} 行", highlight=False)
    table = Table(show_header=True)
    for head in ("列", "分類 category", "符号 code_type", "根拠 evidence"):
        table.add_column(head)
    for col in result.columns:
        evidence = ", ".join(
            e.detector + ("" if e.share is None else f" {e.share:.0%}")
            for e in col.evidence
            if e.detector != "uniqueness"
        )
        table.add_row(col.name, col.category, col.code_type or "", evidence)
    Console().print(table)


def _searched_recipe(text: str, path: Path, frame: pl.DataFrame | pl.LazyFrame, console: Console) -> str:
    """The starting recipe coarsened by the lattice search until it meets its k / l / suppression targets."""
    from tokumei.engine import EngineError, load_recipe
    from tokumei.engine.search import LatticeError, SearchParameterError, search_recipe

    try:
        rec = load_recipe(path, text=text)
        found, chosen = search_recipe(frame, rec)
    except (EngineError, LatticeError, SearchParameterError) as err:
        console.print(
            f"[yellow]警告[/yellow] 探索できませんでした（初期レシピをそのまま書きます）: {err}", highlight=False
        )
        return text
    if chosen is None:
        blockers = ", ".join(b.qi for b in found.blockers[:3])
        console.print(
            f"[yellow]警告[/yellow] 準識別子を最も粗くしても目標を満たしません（主な原因: {blockers}）。"
            "初期レシピをそのまま書きます。",
            highlight=False,
        )
        return text
    levels = ", ".join(f"{name}: {alias}" for name, alias in found.level_names.items())
    console.print(
        f"探索しました: {levels}（削除 {found.suppressed:,} 件、Granularity {found.quality:.4f}）", highlight=False
    )
    header = [line for line in text.splitlines() if line.startswith("#")]
    header.append(
        f"# tokumei search で目標を満たすまで粗くしました / coarsened by `tokumei search` to meet the targets: "
        f"{levels}; suppressed {found.suppressed} of {found.records}."
    )
    return "\n".join(header) + "\n" + chosen.to_yaml()


def assess(
    file: FileArg,
    recipe: RecipeOpt,
    as_json: JsonOpt = False,
    k: KOpt = None,
    l: LOpt = None,  # noqa: E741
    t: TOpt = None,
    max_suppression: SuppressionOpt = None,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
    streaming: StreamingOpt = False,
    encoding: EncodingOpt = None,
    separator: SeparatorOpt = None,
    sheet: SheetOpt = None,
    query: QueryOpt = None,
) -> None:
    """レシピをメモリ上で適用し、k・l・リスク・規則62条各号を評価する（何も書き出さない）。"""
    from tokumei.engine import EngineError, compile_recipe, load_recipe, with_targets

    console = _err_console()
    progress = _Progress(console, quiet)
    if streaming:
        from tokumei.engine.streaming import assess_streaming

        try:
            rec = with_targets(load_recipe(recipe), k=k, l=l, t=t, max_suppression=max_suppression)
            streamed = assess_streaming(file, rec, separator=separator, progress=progress)
        except EngineError as err:
            raise _fail(err, as_json=as_json) from None
        _print_streamed(streamed.report, streamed.ok, console, as_json)
        raise typer.Exit(EXIT_OK if streamed.ok else EXIT_UNSAFE)
    try:
        progress("読み込み中 / reading")
        frame, _ = _read(file, encoding, separator, sheet, query)
        rec = with_targets(load_recipe(recipe), k=k, l=l, t=t, max_suppression=max_suppression)
        plan = compile_recipe(rec, columns=frame.columns)
        result = plan.run(frame, strict=strict, progress=progress)
    except EngineError as err:
        raise _fail(err, as_json=as_json) from None
    _report_unparseable(result, console)
    if as_json:
        typer.echo(json.dumps(result.report, ensure_ascii=False, indent=2))
    else:
        _summary(result, console)
    raise typer.Exit(EXIT_OK if result.ok else EXIT_UNSAFE)


def _print_streamed(report: dict[str, Any], ok: bool, console: Console, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    verdict = "[green]満たす[/green]" if ok else "[red]満たさない[/red]"
    console.print(
        f"k={report['k']}（目標 {report['targets']['k']}）, l={report['l']}, 削除 {report['suppressed']:,} 件"
        f"（上限 {report['targets']['suppression_limit']:,}）, {report['rows_out']:,}/{report['rows_in']:,} 行: "
        f"{verdict}",
        highlight=False,
    )
    console.print(
        "評価していない項目 / not evaluated: " + "; ".join(report["streaming"]["not_evaluated"]), highlight=False
    )


_FORMATS = {"csv": ("data.csv",), "parquet": ("data.parquet",), "both": ("data.csv", "data.parquet")}


def _write_atomically(out: Path, result: Result, fmt: str = "csv") -> list[Path]:
    """Write DIR/data.csv and/or DIR/data.parquet and DIR/report.json; each appears whole or not at all."""
    from tokumei.engine.io import write_csv, write_parquet

    names = _FORMATS[fmt]
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tokumei-", dir=out))
    try:
        for name in names:
            (write_csv if name.endswith(".csv") else write_parquet)(result.data, staging / name)
        (staging / "report.json").write_text(
            json.dumps(result.report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        for name in names:
            os.replace(staging / name, out / name)
        os.replace(staging / "report.json", out / "report.json")
    finally:
        for leftover in staging.iterdir():
            leftover.unlink()
        staging.rmdir()
    return [out / name for name in names]


def anonymize(
    file: FileArg,
    recipe: RecipeOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="出力先ディレクトリ（data.csv と report.json）")],
    fmt: Annotated[
        str, typer.Option("--format", help="出力形式: csv（data.csv）, parquet（data.parquet）, both")
    ] = "csv",
    allow_unsafe: Annotated[
        bool, typer.Option("--allow-unsafe", help="目標を満たさなくても書き出す（終了コード 3）")
    ] = False,
    as_json: JsonOpt = False,
    k: KOpt = None,
    l: LOpt = None,  # noqa: E741
    t: TOpt = None,
    max_suppression: SuppressionOpt = None,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
    streaming: StreamingOpt = False,
    encoding: EncodingOpt = None,
    separator: SeparatorOpt = None,
    sheet: SheetOpt = None,
    query: QueryOpt = None,
) -> None:
    """規則62条を満たすときだけ DIR/data.csv（--format parquet: data.parquet）と DIR/report.json を書き出す。"""
    from tokumei.engine import EngineError, compile_recipe, load_recipe, with_targets

    console = _err_console()
    if fmt not in _FORMATS:
        console.print(
            f"[red]エラー[/red] --format は csv, parquet, both のいずれかにしてください（受け取った値: {fmt}）。"
        )
        raise typer.Exit(EXIT_INPUT)
    progress = _Progress(console, quiet)
    if streaming:
        _anonymize_streaming(
            file, recipe, out, fmt, allow_unsafe, as_json, separator, progress, console, k, l, t, max_suppression
        )
        return
    try:
        progress("読み込み中 / reading")
        frame, _ = _read(file, encoding, separator, sheet, query)
        rec = with_targets(load_recipe(recipe), k=k, l=l, t=t, max_suppression=max_suppression)
        plan = compile_recipe(rec, columns=frame.columns)
        result = plan.run(frame, strict=strict, progress=progress)
    except EngineError as err:
        raise _fail(err, as_json=as_json) from None
    _report_unparseable(result, console)
    if as_json:
        typer.echo(json.dumps(result.report, ensure_ascii=False, indent=2))
    else:
        _summary(result, console)
    if not result.ok and not allow_unsafe:
        console.print(
            "[bold red]目標を満たさないため、何も書き出していません。[/bold red] "
            f"満たしていない号: {', '.join(result.failed_items)}。レシピを粗くする（tokumei search）か、"
            "内容を確認したうえで --allow-unsafe を付けてください。",
            highlight=False,
        )
        raise typer.Exit(EXIT_UNSAFE)
    progress("書き出し中 / writing")
    written = _write_atomically(out, result, fmt)
    console.print(
        f"書き出しました: {', '.join(str(p) for p in written)}（{result.report['rows_out']:,} 行）, "
        f"{out / 'report.json'}。"
        "仮IDの対応表は破棄しました。",
        highlight=False,
    )
    if not result.ok:
        console.print(
            f"[bold yellow]警告[/bold yellow] --allow-unsafe: 満たしていない号 {', '.join(result.failed_items)} "
            "のまま書き出しました。",
            highlight=False,
        )
        raise typer.Exit(EXIT_WRITTEN_UNSAFE)


def _anonymize_streaming(
    file: Path,
    recipe: Path,
    out: Path,
    fmt: str,
    allow_unsafe: bool,
    as_json: bool,
    separator: str | None,
    progress: _Progress,
    console: Console,
    *targets: Any,
) -> None:
    """``anonymize --streaming``: DIR/data.parquet (or data.csv) written by a streaming sink, and DIR/report.json."""
    from tokumei.engine import EngineError, load_recipe, with_targets
    from tokumei.engine.streaming import anonymize_streaming

    if fmt == "both":
        console.print("[red]エラー[/red] --streaming では --format csv か parquet のどちらかにしてください。")
        raise typer.Exit(EXIT_INPUT)
    k, l, t, max_suppression = targets  # noqa: E741
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tokumei-", dir=out))
    name = "data.parquet" if fmt == "parquet" else "data.csv"
    try:
        rec = with_targets(load_recipe(recipe), k=k, l=l, t=t, max_suppression=max_suppression)
        result = anonymize_streaming(
            file,
            rec,
            staging / name,
            fmt="parquet" if fmt == "parquet" else "csv",
            separator=separator,
            allow_unsafe=allow_unsafe,
            progress=progress,
        )
        _print_streamed(result.report, result.ok, console, as_json)
        if (staging / name).exists():
            (staging / "report.json").write_text(
                json.dumps(result.report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            os.replace(staging / name, out / name)
            os.replace(staging / "report.json", out / "report.json")
    except EngineError as err:
        raise _fail(err, as_json=as_json) from None
    finally:
        for leftover in staging.iterdir():
            leftover.unlink()
        staging.rmdir()
        if not any(out.iterdir()):
            out.rmdir()
    if not result.ok and not allow_unsafe:
        console.print("[bold red]目標を満たさないため、何も書き出していません。[/bold red]", highlight=False)
        raise typer.Exit(EXIT_UNSAFE)
    console.print(f"書き出しました: {out / name}, {out / 'report.json'}（ストリーミング）", highlight=False)
    if not result.ok:
        raise typer.Exit(EXIT_WRITTEN_UNSAFE)


def register(app: typer.Typer) -> None:
    """Add the engine verbs to the ``tokumei`` command."""
    app.command("profile")(profile)
    app.command("assess")(assess)
    app.command("anonymize")(anonymize)


if __name__ == "__main__":  # pragma: no cover
    _app = typer.Typer()
    register(_app)
    _app(sys.argv[1:])

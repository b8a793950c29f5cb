"""``tokumei search``: the least coarsening of a recipe that meets its privacy targets (issue 4).

The recipe's levels are the floor; every quasi-identifier's level chain is searched upwards and the node with the
least information loss (ARX's Loss by default) that meets k (and l) within the suppression budget is reported,
optionally written back as a recipe with the same aliases the input used (``--out``).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer

SMALL_FILE_BYTES = 128 << 20
"""Up to this size the records are grouped by their raw combinations first (one scan); larger files are reduced
column by column, so that memory follows the distinct values (see ``run_search_recipe``)."""


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def search(
    file: Annotated[Path, typer.Argument(help="CSV (, ; or tab), Excel or Parquet file.")],
    recipe: Annotated[Path, typer.Option("--recipe", "-r", help="The recipe whose levels are the floor.")],
    k: Annotated[int | None, typer.Option("--k", help="Override the recipe's k.")] = None,
    l: Annotated[int | None, typer.Option("--l", help="Override the recipe's distinct l.")] = None,  # noqa: E741
    max_suppression: Annotated[
        float | None, typer.Option("--max-suppression", help="Override the suppression budget (fraction).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the chosen recipe here (YAML, or .json).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    separator: Annotated[str | None, typer.Option("--separator", help="CSV separator (detected if omitted).")] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="File encoding (detected if omitted).")] = None,
    metric: Annotated[str, typer.Option("--metric", help="loss (ARX default), discernibility or precision.")] = "loss",
    time_budget: Annotated[
        float | None, typer.Option("--time-budget", help="Seconds; the anytime heuristic's limit.")
    ] = None,
    strategy: Annotated[str, typer.Option("--strategy", help="auto, exact or heuristic.")] = "auto",
) -> None:
    """Find the least coarsening of the recipe that meets its k / l / suppression targets."""
    started = time.perf_counter()
    import polars as pl

    from tokumei.engine.errors import EngineError, ErrorCode, InputError
    from tokumei.engine.io import read_table, scan_table
    from tokumei.engine.memory import fits_in_memory
    from tokumei.engine.recipe import load_recipe
    from tokumei.engine.search import LatticeError, SearchParameterError, run_search_recipe

    def progress(message: str) -> None:
        typer.echo(f"search: {message}", err=True)

    try:
        rec = load_recipe(recipe)
        target_l = l if l is not None else rec.privacy.l
        sensitive = [c for c in rec.sensitive_columns if c not in rec.quasi_identifiers] if target_l is not None else []
        person = [rec.person_key] if rec.person_key is not None else []
        needed = list(dict.fromkeys([*rec.quasi_identifiers, *sensitive, *person]))
        options: dict[str, Any] = {
            "k": k,
            "l": l,
            "max_suppression": max_suppression,
            "metric": metric,
            "time_budget": time_budget,
            "strategy": strategy,
            "progress": None if as_json else progress,
        }
        try:
            # Parquet / UTF-8 CSV: a lazy scan reduced to distinct combinations by the streaming engine, so that
            # memory follows the number of combinations, not the rows. Anything else (CP932, Excel, an irregular
            # CSV) is read into memory by read_table, which detects encodings and reports bad files precisely.
            if encoding not in (None, "utf-8", "utf8"):
                raise InputError(ErrorCode.INPUT_ENCODING, "", "")
            # a file that fits easily in memory usually has far fewer combinations than records: group them first
            # (its cells as they are; blanks become null on the combinations); a larger one whose codes fit in
            # memory is read once and held as 4-byte codes; anything larger is scanned twice, holding only
            # distinct values and combinations
            small = file.is_file() and file.stat().st_size <= SMALL_FILE_BYTES
            blanks_grouped = small and rec.person_key is None
            lazy = scan_table(file, separator=separator, raw=blanks_grouped)
            header = list(lazy.collect_schema())
            if not as_json:
                progress(f"{file} (streaming scan)")
            resident = not small and fits_in_memory(file)
            if resident and not as_json:
                progress("one scan, codes held in memory")
            result, chosen = run_search_recipe(
                lazy.select([c for c in needed if c in header]),
                rec,
                header=header,
                combinations_first=small,
                resident_codes=resident,
                columnar=file.suffix.lower() == ".parquet",
                blanks_grouped=blanks_grouped,
                **options,
            )
        except (InputError, pl.exceptions.PolarsError):
            frame, source = read_table(file, encoding=encoding, separator=separator, columns=needed)
            if not as_json:
                progress(source.describe())
            header_read = list(source.header) if source.header is not None else None
            result, chosen = run_search_recipe(frame, rec, header=header_read, **options)
    except (EngineError, LatticeError, SearchParameterError) as exc:
        raise _fail(str(exc)) from None
    if chosen is not None and out is not None:
        text = (
            json.dumps(chosen.to_document(), ensure_ascii=False, indent=2)
            if out.suffix.lower() == ".json"
            else chosen.to_yaml()
        )
        out.write_text(text, encoding="utf-8")
    report = result.to_dict()
    report["total_seconds"] = time.perf_counter() - started
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, default=str))
    else:
        _print_human(report)
    raise typer.Exit(0 if result.feasible else 1)


def _print_human(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not report["feasible"]:
        l_text = "" if report["l"] is None else f", l={report['l']}"
        console.print(
            f"[red]No generalization within the recipe's limits meets k={report['k']}{l_text} with at most "
            f"{report['budget']} suppressed records.[/red]"
        )
        table = Table("quasi-identifier", "ceiling", "suppressed if lifted", "level needed", "over budget")
        for b in report["blockers"]:
            table.add_row(
                b["qi"],
                str(b["ceiling"]),
                str(b["suppressed_if_lifted"]),
                "-" if b["level_needed"] is None else str(b["level_needed"]),
                str(b["excess"]),
            )
        console.print(table)
        return
    table = Table("quasi-identifier", "floor", "chosen level", "name")
    for name, idx in report["levels"].items():
        table.add_row(name, str(report["floor"][name]), str(idx), str(report["level_names"][name]))
    console.print(table)
    console.print(
        f"quality (Granularity) {report['quality']:.4f}; {report['metric']} {report['value']:.6g}; "
        f"suppressed {report['suppressed']} of {report['records']} (budget {report['budget']}); "
        f"{report['classes']} classes"
    )
    console.print(
        f"{report['strategy']} search{' (proven optimal)' if report['optimal'] else ''}: "
        f"{report['nodes_evaluated']} nodes evaluated, {report['nodes_pruned']} pruned of {report['lattice_size']}, "
        f"{report['seconds']:.3f} s (total {report['total_seconds']:.3f} s)"
    )
    if report.get("person_key"):
        console.print(f"k counts distinct persons (person_key {report['person_key']}); suppression counts records")
    for note in report["notes"]:
        console.print(f"note: {note}")


def register(app: typer.Typer) -> None:
    """Add the ``search`` verb to the ``tokumei`` command."""
    app.command(name="search")(search)

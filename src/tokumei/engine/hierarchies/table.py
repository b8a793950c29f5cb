"""Explicit hierarchy tables and ARX's CSV format.

An ARX hierarchy file has one line per original value: the value, then its label at each coarser level, separated
by ``;`` (ARX's default), e.g. ``39;35-39;30-39;30-49;*``. In memory a hierarchy is a :class:`polars.DataFrame`
with string columns ``level_0`` … ``level_n``: row = one original value, column i = its label at level i (the same
shape :meth:`tokumei.engine.hierarchies.Generalizer.hierarchy_table` returns).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl

from tokumei.engine.errors import ErrorCode, HierarchyError

__all__ = ["level_columns", "read_arx_hierarchy", "validate_hierarchy", "write_arx_hierarchy"]


def level_columns(depth: int) -> list[str]:
    """Column names of a hierarchy table with ``depth`` levels: ``level_0`` … ``level_{depth-1}``."""
    return [f"level_{i}" for i in range(depth)]


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp932")
    except UnicodeDecodeError:
        raise HierarchyError(
            ErrorCode.HIERARCHY_FORMAT,
            f"階層ファイル「{path.name}」の文字コードを判別できません（UTF-8 または CP932 で保存してください）。",
            f"cannot decode hierarchy file {path.name!r} (expected UTF-8 or CP932).",
        ) from None


def read_arx_hierarchy(source: Path | str, *, separator: str = ";") -> pl.DataFrame:
    """Read an ARX-format hierarchy (``;``-separated, no header) into a ``level_0 … level_n`` frame.

    Raises :class:`HierarchyError` when the file is missing, ragged (rows of different lengths), has empty cells or
    lists a value twice.
    """
    path = Path(source)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise HierarchyError(
            ErrorCode.HIERARCHY_FORMAT,
            f"階層ファイル「{path}」が見つかりません。",
            f"hierarchy file {str(path)!r} not found.",
        ) from None
    text = _decode(raw, path)
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=separator) if row and any(c.strip() for c in row)]
    if not rows:
        raise HierarchyError(
            ErrorCode.HIERARCHY_FORMAT,
            f"階層ファイル「{path.name}」が空です。",
            f"hierarchy file {path.name!r} is empty.",
        )
    depth = len(rows[0])
    for number, row in enumerate(rows, start=1):
        if len(row) != depth:
            raise HierarchyError(
                ErrorCode.HIERARCHY_FORMAT,
                f"階層ファイル「{path.name}」の {number} 行目は {len(row)} 列です（1 行目は {depth} 列）。"
                "すべての行を同じ列数にしてください。",
                f"hierarchy {path.name!r} line {number} has {len(row)} fields, line 1 has {depth}.",
            )
    frame = pl.DataFrame(
        {name: [row[i] for row in rows] for i, name in enumerate(level_columns(depth))},
        schema=dict.fromkeys(level_columns(depth), pl.String),
    )
    validate_hierarchy(frame, name=path.name)
    return frame


def validate_hierarchy(table: pl.DataFrame, *, name: str = "hierarchy") -> None:
    """Check the shape of a hierarchy table: string ``level_i`` columns, no empty label, unique ``level_0``, and
    each label at level i+1 determined by the label at level i (a tree, not a lattice)."""
    expected = level_columns(table.width)
    if table.columns != expected:
        raise HierarchyError(
            ErrorCode.HIERARCHY_FORMAT,
            f"階層表「{name}」の列名は {', '.join(expected)} にしてください。",
            f"hierarchy {name!r} must have columns {expected}, has {table.columns}.",
        )
    for col in table.columns:
        empty = table.filter(pl.col(col).is_null() | (pl.col(col).str.strip_chars() == ""))
        if empty.height:
            raise HierarchyError(
                ErrorCode.HIERARCHY_FORMAT,
                f"階層表「{name}」の {col} に空の欄があります（値「{empty['level_0'][0]}」の行）。",
                f"hierarchy {name!r} has an empty label in {col}.",
            )
    dup = table["level_0"].is_duplicated()
    if dup.any():
        value = table.filter(dup)["level_0"][0]
        raise HierarchyError(
            ErrorCode.HIERARCHY_FORMAT,
            f"階層表「{name}」で値「{value}」が 2 回以上出てきます。",
            f"hierarchy {name!r} lists value {value!r} more than once.",
        )
    for i in range(1, table.width - 1):
        a, b = f"level_{i}", f"level_{i + 1}"
        bad = table.group_by(a).agg(pl.col(b).n_unique().alias("n")).filter(pl.col("n") > 1)
        if bad.height:
            raise HierarchyError(
                ErrorCode.HIERARCHY_FORMAT,
                f"階層表「{name}」で {a} のラベル「{bad[a][0]}」が {b} で複数のラベルに分かれています。",
                f"hierarchy {name!r}: label {bad[a][0]!r} at {a} maps to several labels at {b}.",
            )


def write_arx_hierarchy(table: pl.DataFrame, target: Path | str, *, separator: str = ";") -> None:
    """Write a ``level_0 … level_n`` frame in ARX's format (UTF-8, no header)."""
    with Path(target).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=separator, lineterminator="\n")
        for row in table.select(level_columns(table.width)).iter_rows():
            writer.writerow(["" if v is None else str(v) for v in row])

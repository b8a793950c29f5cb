"""Generalization hierarchies in ARX's CSV format, read and written unchanged.

ARX (https://arx.deidentifier.org) stores a materialized hierarchy as a header-less CSV file, ``;``-separated:
one row per original value, the value in the first column, then its label at each generalization level, the
last column normally being ``*`` (fully suppressed). tokumei's level chains have exactly that shape, so a
hierarchy moves between the tools without conversion.

In memory a hierarchy is the engine's *hierarchy table*: a :class:`polars.DataFrame` of String columns where
column ``i`` holds the label at level ``i`` for each original value (column 0 = the original value). The
columns are named ``level_0`` … ``level_n`` by this module; consumers address them by position.

Example:
    >>> import io
    >>> table = read_arx_hierarchy(io.StringIO("Male;*\\nFemale;*\\n"))
    >>> table.columns
    ['level_0', 'level_1']
    >>> table.row(1)
    ('Female', '*')
    >>> out = io.StringIO()
    >>> write_arx_hierarchy(table, out)
    >>> out.getvalue()
    'Male;*\\nFemale;*\\n'
"""

from __future__ import annotations

import csv
import enum
import io
from pathlib import Path
from typing import IO

import polars as pl

__all__ = [
    "ArxHierarchyError",
    "ArxHierarchyErrorCode",
    "level_column_names",
    "read_arx_hierarchy",
    "write_arx_hierarchy",
]


class ArxHierarchyErrorCode(enum.StrEnum):
    """Stable codes of the problems an ARX hierarchy file can have."""

    EMPTY = "arx_hierarchy_empty"
    RAGGED = "arx_hierarchy_ragged"
    DUPLICATE_VALUE = "arx_hierarchy_duplicate_value"
    NOT_A_TABLE = "arx_hierarchy_not_a_table"


class ArxHierarchyError(ValueError):
    """An ARX hierarchy file or table that cannot be used; ``code`` says which rule it breaks."""

    def __init__(self, code: ArxHierarchyErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


def level_column_names(levels: int) -> list[str]:
    """Return the column names used for a hierarchy table with ``levels`` levels (``level_0`` …).

    >>> level_column_names(3)
    ['level_0', 'level_1', 'level_2']
    """
    return [f"level_{i}" for i in range(levels)]


def _source_name(source: object) -> str:
    return str(source) if isinstance(source, str | Path) else "<stream>"


def read_arx_hierarchy(
    source: str | Path | IO[str],
    *,
    separator: str = ";",
    encoding: str = "utf-8-sig",
) -> pl.DataFrame:
    """Read an ARX hierarchy CSV into a hierarchy table.

    Args:
        source: a path or an open text stream.
        separator: the field separator (ARX writes ``;``).
        encoding: the file's encoding when ``source`` is a path; the default also strips a UTF-8 BOM.

    Returns:
        A DataFrame with String columns ``level_0`` … ``level_n``, one row per original value, in file order.

    Raises:
        ArxHierarchyError: the file has no rows, rows of different lengths, or an original value twice.
    """
    name = _source_name(source)
    if isinstance(source, str | Path):
        with Path(source).open(encoding=encoding, newline="") as handle:
            rows = list(csv.reader(handle, delimiter=separator))
    else:
        rows = list(csv.reader(source, delimiter=separator))
    rows = [row for row in rows if row and any(cell != "" for cell in row)]
    if not rows:
        raise ArxHierarchyError(
            ArxHierarchyErrorCode.EMPTY,
            f"The hierarchy {name} has no rows. Give one row per original value, then one column per level.",
        )
    width = len(rows[0])
    ragged = [i + 1 for i, row in enumerate(rows) if len(row) != width]
    if ragged:
        raise ArxHierarchyError(
            ArxHierarchyErrorCode.RAGGED,
            f"The hierarchy {name} has rows of different lengths: row 1 has {width} columns but rows "
            f"{ragged[:5]} do not. Give every original value a label at every level.",
        )
    columns = level_column_names(width)
    table = pl.DataFrame(
        {col: [row[i] for row in rows] for i, col in enumerate(columns)},
        schema=dict.fromkeys(columns, pl.String),
    )
    _check_unique_originals(table, name)
    return table


def _check_unique_originals(table: pl.DataFrame, name: str) -> None:
    first = table.get_column(table.columns[0])
    duplicated = first.filter(first.is_duplicated()).unique(maintain_order=True).to_list()
    if duplicated:
        raise ArxHierarchyError(
            ArxHierarchyErrorCode.DUPLICATE_VALUE,
            f"The hierarchy {name} lists the original value(s) {duplicated[:5]} more than once. "
            "Keep one row per original value.",
        )


def write_arx_hierarchy(
    table: pl.DataFrame,
    target: str | Path | IO[str],
    *,
    separator: str = ";",
) -> None:
    """Write a hierarchy table as an ARX hierarchy CSV (no header, one row per original value).

    Missing labels are written as empty fields. The level columns are taken by position, whatever their names.

    Raises:
        ArxHierarchyError: the table has no columns or an original value twice.
    """
    if table.width == 0:
        raise ArxHierarchyError(
            ArxHierarchyErrorCode.NOT_A_TABLE,
            "A hierarchy table needs at least one column (the original values).",
        )
    as_text = table.select(pl.all().cast(pl.String).fill_null(""))
    _check_unique_originals(as_text, _source_name(target))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\n")
    writer.writerows(as_text.iter_rows())
    if isinstance(target, str | Path):
        Path(target).write_text(buffer.getvalue(), encoding="utf-8")
    else:
        target.write(buffer.getvalue())

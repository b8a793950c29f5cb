"""Reading and writing tables: CSV (UTF-8, UTF-8 with BOM, CP932), Excel, Parquet and SQL queries.

Every column is read as **text** (codes keep their leading zeros; the recipe decides what is a number or a date).
Blank cells become null. The Shift_JIS family is always decoded as ``cp932`` — Python's ``shift_jis`` rejects
髙, 﨑, ①, ㈱ and other characters common in office exports — whatever name the user gives
(``shift_jis``, ``sjis``, ``ms932``, ``windows-31j``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from tokumei.engine.errors import ErrorCode, InputError, Problem
from tokumei.engine.text import blank_as_null, blank_to_null

__all__ = [
    "ENCODING_ALIASES",
    "TableSource",
    "as_text",
    "decode_bytes",
    "detect_encoding",
    "detect_separator",
    "read_csv_text",
    "read_sql",
    "read_table",
    "scan_table",
    "write_csv",
    "write_parquet",
]

ENCODING_ALIASES: dict[str, str] = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "utf-8-bom": "utf-8-sig",
    "cp932": "cp932",
    "ms932": "cp932",
    "windows-31j": "cp932",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "s-jis": "cp932",
    "euc-jp": "euc_jp",
    "euc_jp": "euc_jp",
    "eucjp": "euc_jp",
}
SEPARATORS: tuple[str, ...] = (",", ";", "\t")
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class TableSource:
    """How a table was read (echoed in reports and the CLI)."""

    path: str
    format: str
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    header: tuple[str, ...] | None = None
    """Every column name of the file when only some columns were read (``read_table(columns=…)``)."""

    def describe(self) -> str:
        parts = [self.format]
        if self.encoding:
            parts.append(self.encoding)
        if self.separator:
            parts.append(_SEPARATOR_NAMES.get(self.separator, repr(self.separator)))
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        return ", ".join(parts)


def _encoding_error(path: str, tried: str, exc: UnicodeDecodeError, data: bytes) -> InputError:
    line = data[: exc.start].count(b"\n") + 1
    return InputError(
        ErrorCode.INPUT_ENCODING,
        f"「{Path(path).name}」を {tried} として読めません（{line} 行目）。文字コードを --encoding で指定してください"
        "（utf-8 / cp932 / euc-jp）。",
        f"cannot decode {Path(path).name!r} as {tried} (line {line}); pass --encoding (utf-8, cp932, euc-jp).",
        [
            Problem(
                ErrorCode.INPUT_ENCODING, f"line {line}", f"{line} 行目で文字コードの誤り", f"bad bytes at line {line}"
            )
        ],
    )


def canonical_encoding(name: str) -> str:
    key = name.strip().lower().replace(" ", "")
    if key not in ENCODING_ALIASES:
        allowed = "utf-8, utf-8-sig, cp932 (shift_jis, sjis, ms932), euc-jp"
        raise InputError(
            ErrorCode.INPUT_ENCODING,
            f"文字コード「{name}」には対応していません。指定できる値: {allowed}。",
            f"unsupported encoding {name!r}; allowed: {allowed}.",
        )
    return ENCODING_ALIASES[key]


def detect_encoding(data: bytes) -> str:
    """``utf-8-sig`` (BOM), ``utf-8`` if the bytes decode strictly, else ``cp932``; raises if neither decodes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    data.decode("cp932")  # raises UnicodeDecodeError when it is not CP932 either
    return "cp932"


def decode_bytes(data: bytes, encoding: str | None = None, *, path: str = "input") -> tuple[str, str]:
    """Decode a whole file; return (text, encoding used)."""
    if encoding is None:
        try:
            encoding = detect_encoding(data)
        except UnicodeDecodeError as exc:
            raise _encoding_error(path, "UTF-8/CP932", exc, data) from None
    else:
        encoding = canonical_encoding(encoding)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _encoding_error(path, encoding, exc, data) from None
    return text.removeprefix("\ufeff"), encoding


def detect_separator(text: str, *, sample_lines: int = 50) -> str:
    """The separator among ``,`` ``;`` and tab that splits the first lines into the same number (> 1) of fields;
    the one giving most fields wins. A file with a single column reads as ``,``."""
    lines = text[:65536].splitlines()[:sample_lines]  # never split a whole large file
    best: tuple[int, str] | None = None
    for sep in SEPARATORS:
        try:
            rows = [r for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=sep) if r]
        except csv.Error:
            continue
        if not rows:
            continue
        widths = {len(r) for r in rows[: max(1, len(rows) - 1)]}  # the last sampled line may be cut
        width = len(rows[0])
        if width > 1 and widths == {width} and (best is None or width > best[0]):
            best = (width, sep)
    return best[1] if best else ","


def _check_header(columns: list[str], path: str) -> None:
    seen: set[str] = set()
    problems = []
    for i, name in enumerate(columns, start=1):
        if not name.strip():
            problems.append(
                Problem(
                    ErrorCode.INPUT_DUPLICATE_HEADER,
                    f"column {i}",
                    f"{i} 列目の見出しが空です。",
                    f"column {i} has an empty header.",
                )
            )
        elif name in seen:
            problems.append(
                Problem(
                    ErrorCode.INPUT_DUPLICATE_HEADER,
                    f"column {i}",
                    f"見出し「{name}」が重複しています（{i} 列目）。",
                    f"duplicate header {name!r} (column {i}).",
                    received=name,
                )
            )
        seen.add(name)
    if problems:
        raise InputError(
            ErrorCode.INPUT_DUPLICATE_HEADER,
            f"「{Path(path).name}」の見出し行に問題があります。見出しは空でなく、重複しない名前にしてください。",
            f"the header row of {Path(path).name!r} has empty or duplicate names.",
            problems,
        )


def read_csv_text(text: str, *, separator: str | None = None, path: str = "input") -> tuple[pl.DataFrame, str]:
    """Parse decoded CSV text into an all-text frame; return (frame, separator)."""
    if not text.strip():
        raise InputError(
            ErrorCode.INPUT_EMPTY,
            f"「{Path(path).name}」は空です。",
            f"{Path(path).name!r} is empty.",
        )
    sep = separator if separator is not None else detect_separator(text)
    if sep in ("\\t", "tab", "TAB"):
        sep = "\t"
    if len(sep) != 1:
        raise InputError(
            ErrorCode.INPUT_SEPARATOR,
            f"区切り文字「{sep}」は 1 文字にしてください（, ; またはタブ）。",
            f"separator must be one character; received {sep!r}.",
        )
    try:
        header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=sep), [])
    except csv.Error as exc:
        raise InputError(
            ErrorCode.INPUT_FORMAT,
            f"「{Path(path).name}」の見出し行を CSV として読めません: {exc}",
            f"cannot parse the header of {Path(path).name!r}: {exc}",
        ) from None
    _check_header([h.strip() for h in header], path)
    try:
        frame = pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            separator=sep,
            infer_schema=False,
            empty_string_is_null=True,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError as exc:
        raise InputError(
            ErrorCode.INPUT_FORMAT,
            f"「{Path(path).name}」を CSV として読めません（区切り文字 {_SEPARATOR_NAMES.get(sep, sep)}）: "
            f"{str(exc).splitlines()[0]}",
            f"cannot parse {Path(path).name!r} as CSV: {str(exc).splitlines()[0]}",
        ) from None
    frame = frame.rename({c: c.strip() for c in frame.columns})
    return blank_to_null(frame), sep


def _excel_cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_excel(path: Path, sheet: str | None) -> tuple[pl.DataFrame, str]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds (BadZipFile, KeyError, …) on broken files
        raise InputError(
            ErrorCode.INPUT_FORMAT,
            f"「{path.name}」を Excel（.xlsx）として読めません。ファイルが壊れているか、別の形式です。",
            f"cannot read {path.name!r} as an .xlsx workbook ({type(exc).__name__}).",
        ) from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise InputError(
                ErrorCode.INPUT_FORMAT,
                f"シート「{sheet}」はありません。シート: {', '.join(wb.sheetnames)}。",
                f"no sheet {sheet!r}; sheets: {', '.join(wb.sheetnames)}.",
            )
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise InputError(ErrorCode.INPUT_EMPTY, f"「{path.name}」は空です。", f"{path.name!r} is empty.")
        header = [("" if h is None else str(h)).strip() for h in header_row]
        while header and not header[-1]:
            header.pop()
        _check_header(header, str(path))
        data: list[list[str | None]] = [[] for _ in header]
        for row in rows:
            cells = [_excel_cell(v) for v in row[: len(header)]]
            if all(c is None for c in cells):
                continue
            cells += [None] * (len(header) - len(cells))
            for i, c in enumerate(cells):
                data[i].append(c)
        frame = pl.DataFrame({h: data[i] for i, h in enumerate(header)}, schema=dict.fromkeys(header, pl.String))
        return blank_to_null(frame), ws.title
    finally:
        wb.close()


def read_sql(url: str, query: str) -> pl.DataFrame:
    """Run a query on a database URL (``sqlite:///path``; ``postgresql://…`` when psycopg is installed)."""
    if url.startswith("sqlite:///"):
        db = url.removeprefix("sqlite:///")
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise InputError(
                ErrorCode.INPUT_SQL, f"データベースを開けません: {exc}", f"cannot open database: {exc}"
            ) from None
        try:
            lite = con.execute(query)
            names = [str(d[0]) for d in lite.description or []]
            rows = lite.fetchall()
        except sqlite3.Error as exc:
            raise InputError(ErrorCode.INPUT_SQL, f"SQL を実行できません: {exc}", f"query failed: {exc}") from None
        finally:
            con.close()
    elif url.startswith(("postgresql://", "postgres://")):
        try:
            import psycopg
        except ImportError:
            raise InputError(
                ErrorCode.INPUT_SQL,
                "PostgreSQL から読むには psycopg が必要です（pip install 'psycopg[binary]'）。",
                "reading PostgreSQL needs psycopg.",
            ) from None
        try:
            with psycopg.connect(url) as pg, pg.cursor() as pg_cursor:
                pg_cursor.execute(query)
                names = [d.name for d in pg_cursor.description or []]
                rows = pg_cursor.fetchall()
        except psycopg.Error as exc:
            raise InputError(ErrorCode.INPUT_SQL, f"SQL を実行できません: {exc}", f"query failed: {exc}") from None
    else:
        raise InputError(
            ErrorCode.INPUT_SQL,
            f"データベース URL「{url.split(':', 1)[0]}:…」には対応していません。sqlite:///パス か postgresql://… "
            "を指定してください。",
            "unsupported database URL; use sqlite:///path or postgresql://…",
        )
    _check_header(names, "query")
    frame = pl.DataFrame(
        {n: [_excel_cell(r[i]) for r in rows] for i, n in enumerate(names)},
        schema=dict.fromkeys(names, pl.String),
    )
    return blank_to_null(frame)


def read_table(
    source: Path | str,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    sheet: str | None = None,
    query: str | None = None,
    columns: Sequence[str] | None = None,
) -> tuple[pl.DataFrame, TableSource]:
    """Read a table as text columns (blank → null). ``source`` is a file (.csv/.tsv/.txt, .xlsx, .parquet) or a
    database URL together with ``query``.

    ``columns`` reads only those columns of a CSV or Parquet file (names missing from the file are left out;
    ``TableSource.header`` then lists every column of the file). UTF-8 CSV files are read by Polars straight from
    disk; other encodings are decoded in Python first (the same strict UTF-8 check decides, so CP932 is never
    read as UTF-8).
    """
    text_source = str(source)
    if query is not None or "://" in text_source:
        if query is None:
            raise InputError(
                ErrorCode.INPUT_SQL,
                "データベースから読むときは --query で SQL を指定してください。",
                "a database URL needs --query.",
            )
        return read_sql(text_source, query), TableSource(text_source.split("?")[0], "sql")
    path = Path(source)
    if not path.exists():
        raise InputError(
            ErrorCode.INPUT_NOT_FOUND,
            f"ファイル「{path}」が見つかりません。",
            f"file {str(path)!r} not found.",
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame, title = _read_excel(path, sheet)
        return frame, TableSource(str(path), "xlsx", sheet=title)
    if suffix == ".xls":
        raise InputError(
            ErrorCode.INPUT_FORMAT,
            "古い Excel 形式（.xls）は読めません。.xlsx か CSV で保存し直してください。",
            "legacy .xls is not supported; save as .xlsx or CSV.",
        )
    if suffix == ".parquet":
        try:
            schema = pl.read_parquet_schema(path)
            wanted = None if columns is None else [c for c in columns if c in schema]
            frame = pl.read_parquet(path, columns=wanted)
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise InputError(
                ErrorCode.INPUT_FORMAT,
                f"「{path.name}」を Parquet として読めません。ファイルが壊れているか、別の形式です。",
                f"cannot read {path.name!r} as Parquet ({type(exc).__name__}).",
            ) from None
        header = tuple(schema) if columns is not None else None
        return blank_to_null(_to_text(frame)), TableSource(str(path), "parquet", header=header)
    if separator is None and suffix == ".tsv":
        separator = "\t"
    if encoding is None or canonical_encoding(encoding) in ("utf-8", "utf-8-sig"):
        fast = _read_csv_native(path, separator=separator, columns=columns)
        if fast is not None:
            return fast
    data = path.read_bytes()
    text, used = decode_bytes(data, encoding, path=str(path))
    frame, sep = read_csv_text(text, separator=separator, path=str(path))
    if columns is not None:
        header = tuple(frame.columns)
        frame = frame.select([c for c in columns if c in frame.columns])
        return frame, TableSource(str(path), "csv", encoding=used, separator=sep, header=header)
    return frame, TableSource(str(path), "csv", encoding=used, separator=sep)


_HEAD_BYTES = 65536


def _read_csv_native(
    path: Path, *, separator: str | None, columns: Sequence[str] | None
) -> tuple[pl.DataFrame, TableSource] | None:
    """A UTF-8 CSV read by Polars straight from the file (no decoding in Python; only the needed columns).
    ``None`` when the file is not UTF-8 or anything is unusual: the general path then decides and reports."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if not head.strip():
        return None
    try:
        head_text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not merely a character cut at the end of the sample
            return None
        head_text = head[: exc.start].decode("utf-8")
    bom = head_text.startswith("\ufeff")
    head_text = head_text.removeprefix("\ufeff")
    sep = separator if separator is not None else detect_separator(head_text)
    if sep in ("\\t", "tab", "TAB"):
        sep = "\t"
    if len(sep) != 1 or "\n" not in head_text:
        return None
    try:
        header = next(csv.reader(io.StringIO(head_text.split("\n", 1)[0]), delimiter=sep), [])
    except csv.Error:
        return None
    names = [h.strip() for h in header]
    _check_header(names, str(path))
    raw_names = dict(zip(names, header, strict=True))
    wanted = None if columns is None else [raw_names[c] for c in columns if c in raw_names]
    try:
        frame = pl.read_csv(
            path,
            separator=sep,
            infer_schema=False,
            empty_string_is_null=True,
            truncate_ragged_lines=False,
            columns=wanted,
            encoding="utf8",
        )
    except pl.exceptions.PolarsError:
        return None
    if frame.columns != (header if wanted is None else wanted):
        return None
    frame = frame.rename({c: c.strip() for c in frame.columns})
    source = TableSource(
        str(path),
        "csv",
        encoding="utf-8-sig" if bom else "utf-8",
        separator=sep,
        header=tuple(names) if columns is not None else None,
    )
    return blank_to_null(frame), source


def _to_text(frame: pl.DataFrame) -> pl.DataFrame:
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype == pl.Datetime:
            col = col.dt.strftime("%Y-%m-%d %H:%M:%S").str.replace(r" 00:00:00$", "")
        elif dtype.is_float():
            col = col.cast(pl.String).str.replace(r"\.0$", "")
        exprs.append(col.cast(pl.String).alias(name))
    return frame.select(exprs)


def write_csv(frame: pl.DataFrame, target: Path | str) -> None:
    """UTF-8 without BOM, with a header; nulls as empty cells."""
    frame.write_csv(Path(target), include_header=True, null_value="")


def write_parquet(frame: pl.DataFrame, target: Path | str) -> None:
    """Parquet (zstd), the columns as they are (text after generalization); nulls stay null."""
    frame.write_parquet(Path(target), compression="zstd", statistics=True)


def scan_table(
    path: Path | str, *, separator: str | None = None, columns: Sequence[str] | None = None, raw: bool = False
) -> pl.LazyFrame:
    """A lazy scan of a Parquet or UTF-8 CSV file as text columns (blank → null), only ``columns`` when given.

    ``raw``: the cells as the file holds them (a CSV's as strings, blanks kept; Parquet's typed), for a caller that
    groups the records first and applies :func:`as_text` to the far fewer distinct rows.

    Raises:
        InputError: the file is missing, not Parquet/CSV, or a CSV that is not UTF-8 (convert it, or use the
            in-memory path, which detects CP932 and others).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(
            ErrorCode.INPUT_NOT_FOUND,
            f"ファイル「{path}」が見つかりません。",
            f"file {str(path)!r} not found.",
        )
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        lazy = pl.scan_parquet(path)
    elif suffix in {".csv", ".tsv", ".txt"}:
        with path.open("rb") as fh:
            head = fh.read(65536)
        try:
            # a multi-byte character may be cut at the end of the sample
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError:
            raise InputError(
                ErrorCode.INPUT_ENCODING,
                f"「{path}」は UTF-8 ではありません。ストリーミング処理は UTF-8 の CSV か Parquet のみ扱えます。",
                f"{str(path)!r} is not UTF-8; streaming reads UTF-8 CSV or Parquet only.",
            ) from None
        sep = separator or detect_separator(text)
        lazy = pl.scan_csv(path, separator=sep, infer_schema=False, encoding="utf8")
    else:
        raise InputError(
            ErrorCode.INPUT_FORMAT,
            f"「{path}」はストリーミング処理できません（.parquet / .csv / .tsv / .txt）。",
            f"{str(path)!r}: streaming reads .parquet, .csv, .tsv or .txt.",
        )
    if raw:
        schema = lazy.collect_schema()
        return lazy if columns is None else lazy.select([c for c in columns if c in schema])
    return as_text(lazy, columns)


def as_text(lazy: pl.LazyFrame, columns: Sequence[str] | None = None) -> pl.LazyFrame:
    """The columns (all, or only ``columns`` present) as text, blank cells as null — as :func:`read_table` gives."""
    schema = lazy.collect_schema()
    names = list(schema) if columns is None else [c for c in columns if c in schema]
    return lazy.select(blank_as_null(name, schema[name]) for name in names)

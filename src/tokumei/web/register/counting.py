"""Counting the subjects of a file from its configured data source, through the engine's readers."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tokumei.engine.errors import ErrorCode, InputError
from tokumei.engine.io import read_table

from .models import PersonalInformationFile


def count_subjects(file: PersonalInformationFile, person_key: str) -> tuple[int, int]:
    """(persons, rows) of the file's data. One record is one person when there is no person key."""
    kind = file.source_kind
    if kind == PersonalInformationFile.SourceKind.PATH and file.source_path:
        frame, _ = read_table(Path(file.source_path))
    elif kind == PersonalInformationFile.SourceKind.SQL and file.source_database_url and file.source_query:
        frame, _ = read_table(file.source_database_url, query=file.source_query)
    else:
        raise InputError(
            ErrorCode.INPUT_NOT_FOUND,
            "データの所在が設定されていません。ファイルの場所、又はデータベースの接続先と問合せを設定してください。",
            "the file has no data source configured.",
        )
    rows = frame.height
    if not person_key:
        return rows, rows
    if person_key not in frame.columns:
        raise InputError(
            ErrorCode.RECIPE_COLUMN_MISSING,
            f"本人を表す列「{person_key}」がデータにありません（列: {'、'.join(frame.columns[:20])}）。",
            f"person key column {person_key!r} not in the data.",
        )
    persons = frame.select(pl.col(person_key).drop_nulls().n_unique()).item()
    return int(persons), rows

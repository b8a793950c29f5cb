"""Fixtures for the lifecycle walks: a small generated data file and the names in it (for the audit check)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tokumei.engine.synthetic import generate, write

#: 3,000 records of 2,500 persons: enough for review ② (≥ 1,000 subjects, 規則56条), small enough to run in seconds.
ROWS = 3000
RECORDS_PER_PERSON = 1.2


@pytest.fixture
def data_frame() -> pl.DataFrame:
    return generate(ROWS, seed=11, records_per_person=RECORDS_PER_PERSON)


@pytest.fixture
def data_path(tmp_path: Path, data_frame: pl.DataFrame) -> Path:
    path = tmp_path / "source.csv"
    write(data_frame, path)
    return path


@pytest.fixture
def personal_values(data_frame: pl.DataFrame) -> set[str]:
    """The raw personal values of the data file that must never reach the audit log: names (kanji and kana, with
    and without the space), My Numbers, e-mail addresses and addresses."""
    values: set[str] = set()
    for column in ("氏名", "氏名カナ", "個人番号", "メールアドレス", "住所"):
        for value in data_frame[column].drop_nulls().unique().to_list():
            text = str(value).strip()
            if text:
                values.add(text)
                values.add("".join(text.split()))
    return values

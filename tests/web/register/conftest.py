from __future__ import annotations

from pathlib import Path

import pytest

from ..factories import make_file  # noqa: F401 - re-exported for the tests of this package


@pytest.fixture
def data_csv(tmp_path: Path) -> Path:
    path = tmp_path / "data.csv"
    rows = ["管理番号,氏名,住所"] + [
        f"P{i // 2:05d},氏名{i},熊本県熊本市中央区手取本町{i % 9 + 1}" for i in range(2400)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="cp932")
    return path

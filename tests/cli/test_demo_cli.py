"""`tokumei demo` sets up SQLite under DATA_DIR, loads the demo once, and prints the logins."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("django", reason="the demo verb needs the web extra")


def _run_demo(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"DATA_DIR": str(data_dir), "COLUMNS": "200"})
    return subprocess.run(
        [sys.executable, "-m", "tokumei.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def test_demo_loads_once_into_sqlite_and_prints_logins(tmp_path: Path) -> None:
    first = _run_demo(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "デモデータを投入しました" in first.stderr
    assert "kumamoto-desk" in first.stdout
    assert "proposer-demo" in first.stdout
    assert "tokumei-demo-2026" in first.stdout
    db = tmp_path / "tokumei.sqlite3"
    assert db.exists()
    with sqlite3.connect(db) as conn:
        users = conn.execute("select count(*) from accounts_user").fetchone()[0]
        orgs = {r[0] for r in conn.execute("select profile_id from accounts_organization")}
    assert orgs == {"kumamoto-city", "isa", "nara-police", "fukuoka-police", "legacy-2017"}
    second = _run_demo(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "投入済み" in second.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from accounts_user").fetchone()[0] == users

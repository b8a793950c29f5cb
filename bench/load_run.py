"""`make bench-load`: the whole load test of issue 12 §5 in one command, on this machine only (loopback).

Creates a fresh PostgreSQL database, loads the demo into it (`tokumei demo --no-serve`), starts `tokumei serve`
(waitress) with DEBUG off, waits until it answers, runs `bench/load.py` (which appends its table to
docs/benchmarks.md), then stops the server and drops the database. Bounded in time: the load itself runs for
--seconds, and every step has a timeout.

    python bench/load_run.py --users 50 --seconds 60 --think 3
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _psql(sql: str, pg: str) -> None:
    subprocess.run(["psql", pg, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, timeout=120)


def _wait_until_up(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"the server did not answer at {url} within {seconds:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=3.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--pg", default=os.environ.get("LOAD_PG", "postgresql://postgres@127.0.0.1:5432"))
    args = parser.parse_args()
    database = f"tokumei_load_{os.getpid()}"
    url = f"http://127.0.0.1:{args.port}"
    data_dir = Path(tempfile.mkdtemp(prefix="tokumei-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.pg}/{database}",
        "DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "tokumei.web.settings.dev",
        "DEBUG": "0",
    }
    _psql(f"CREATE DATABASE {database}", f"{args.pg}/postgres")
    server = None
    try:
        subprocess.run([str(BIN / "tokumei"), "demo", "--no-serve"], env=env, check=True, timeout=1200)
        server = subprocess.Popen(
            [str(BIN / "tokumei"), "serve", "--port", str(args.port), "--threads", str(args.threads)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_until_up(url, 120)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "load.py"),
                "--url",
                url,
                "--users",
                str(args.users),
                "--seconds",
                str(args.seconds),
                "--think",
                str(args.think),
                "--threads",
                str(args.threads),
            ],
            env=env,
            check=True,
            timeout=args.seconds + 600,
        )
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        _psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)", f"{args.pg}/postgres")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

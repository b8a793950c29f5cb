"""Shared fixtures for the engine tests: the synthetic generator (bench/generate.py) and the peers' interpreter."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_generator() -> ModuleType:
    """Import ``bench/generate.py`` (bench/ is not a package)."""
    name = "tokumei_bench_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "src" / "tokumei" / "engine" / "synthetic.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def gen() -> ModuleType:
    return load_generator()


def peers_python() -> Path:
    return Path(os.environ.get("TOKUMEI_PEERS_PYTHON", str(ROOT / ".venv-peers" / "bin" / "python")))


@pytest.fixture(scope="session")
def peers() -> Path:
    path = peers_python()
    if not path.exists():
        pytest.skip(f"the peers' interpreter {path} does not exist (set TOKUMEI_PEERS_PYTHON or run `make peers`)")
    return path


# pycanon runs in the peers' venv (its pins clash with ours): k and, per sensitive column, distinct l of a CSV.
PYCANON = """
import json, sys
import pandas as pd
from pycanon import anonymity
spec = json.loads(sys.argv[1])
df = pd.read_csv(spec["path"], dtype=str, keep_default_na=False)
out = {"k": int(anonymity.k_anonymity(df, spec["qi"]))}
for s in spec["sensitive"]:
    out[s] = int(anonymity.l_diversity(df, spec["qi"], [s]))
print(json.dumps(out))
"""


def _pycanon_check(peers: Path, path: Path, qi: list[str], sensitive: list[str]) -> dict[str, int]:
    done = subprocess.run(
        [str(peers), "-c", PYCANON, json.dumps({"path": str(path), "qi": qi, "sensitive": sensitive})],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, int] = json.loads(done.stdout)
    return result


PycanonCheck = Callable[[Path, list[str], list[str]], dict[str, int]]


@pytest.fixture(scope="session")
def pycanon(peers: Path) -> PycanonCheck:
    """``pycanon(csv_path, quasi_identifiers, sensitive_columns) -> {"k": …, column: l, …}``."""
    return lambda path, qi, sensitive: _pycanon_check(peers, path, qi, sensitive)

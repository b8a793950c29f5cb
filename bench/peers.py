"""Runs a peer tool on a CSV inside the peers' venv and prints one JSON line (called by bench/run.py).

Usage (with the peers' interpreter, ``TOKUMEI_PEERS_PYTHON``):
    python bench/peers.py anjana FILE HIERARCHY_DIR k supp_percent QI [QI ...]
    python bench/peers.py pycanon FILE - k 0 QI [QI ...]

Only the peer call itself is timed (reading the CSV and hierarchies is not). For anjana the output levels are
inferred per QI as the lowest hierarchy level whose labels cover every published value.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd


def main() -> None:
    tool, file, hierarchy_dir, k, supp, *qis = sys.argv[1:]
    with open(file, encoding="utf-8") as handle:
        sep = ";" if handle.readline().count(";") else ","
    data = pd.read_csv(file, sep=sep, dtype=str, keep_default_na=False)
    if tool == "pycanon":
        from pycanon import anonymity

        started = time.perf_counter()
        value = anonymity.k_anonymity(data, qis)
        print(json.dumps({"seconds": time.perf_counter() - started, "k": int(value), "rows": len(data)}))
        return
    from anjana.anonymity import k_anonymity

    hierarchies = {}
    tables = {}
    for qi in qis:
        table = pd.read_csv(Path(hierarchy_dir) / f"adult_hierarchy_{qi}.csv", sep=";", header=None, dtype=str)
        tables[qi] = table
        hierarchies[qi] = dict(table)
    ident: list[str] = []
    started = time.perf_counter()
    out = k_anonymity(data, ident, qis, int(k), float(supp), hierarchies)
    seconds = time.perf_counter() - started
    levels = []
    for qi in qis:
        published = set(out[qi].astype(str))
        level = None
        for lvl in range(tables[qi].shape[1]):
            if published <= set(tables[qi][lvl].astype(str)):
                level = lvl
                break
        levels.append(level)
    print(json.dumps({"seconds": seconds, "levels": levels, "rows_out": len(out), "rows": len(data)}))


if __name__ == "__main__":
    main()

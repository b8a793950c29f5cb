"""Command-line entry for the synthetic Japanese personal-information generator (see tokumei.engine.synthetic).

python bench/generate.py --rows 1000000 --out bench/data/jp-1m.csv [--encoding cp932] [--separator ';']
python bench/generate.py --rows 100000000 --out bench/data/jp-100m.parquet --chunk 5000000   # resumable
"""

from __future__ import annotations

import sys

from tokumei.engine.synthetic import *  # noqa: F403 - re-exported for scripts that load this file
from tokumei.engine.synthetic import main

if __name__ == "__main__":
    sys.exit(main())

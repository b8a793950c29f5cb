"""How much memory the process may use, and how it gets it back: what decides whether a file is worked on in
memory or streamed, and the allocator setting under which the lattice search runs.

The lattice search (``tokumei.engine._lattice``) allocates and frees arrays of tens of megabytes for every node it
evaluates. glibc serves each such allocation with a fresh ``mmap`` and returns it with ``munmap`` on free, so every
node pays for faulting its pages in again (on this project's 2-core VM: 12.4–13.1 s for the 20 nodes of the 10M-row
benchmark, against 9.0–9.2 s when freed blocks stay in the heap for the next node; the peak RSS is the same, 1.75 GB,
since the blocks are reused rather than added). :func:`reuse_freed_memory` sets that for the span of the lattice
walk (tables up to :data:`REUSE_MAX_ROWS`) and hands the heap back to the system afterwards. Polars has its own
allocator; only numpy's arrays are concerned.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# mallopt parameters (glibc's malloc.h)
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_MAX = -4
# glibc's defaults, restored afterwards
_DEFAULT_TRIM_THRESHOLD = 128 * 1024
_DEFAULT_TOP_PAD = 128 * 1024
_DEFAULT_MMAP_MAX = 65536

_lock = threading.Lock()
_depth = 0


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None)
    except OSError:  # pragma: no cover - every supported platform can open its own symbols
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


@contextmanager
def reuse_freed_memory() -> Iterator[None]:
    """Within the block, large freed blocks stay in the process heap for the next allocation (no ``mmap`` per
    array); on leaving, glibc's defaults come back and the free heap is returned to the system. Nested and
    concurrent uses keep the setting until the last one leaves. Does nothing where the C library is not glibc."""
    global _depth
    libc = _libc()
    if libc is None:
        yield
        return
    with _lock:
        _depth += 1
        if _depth == 1:
            libc.mallopt(_M_MMAP_MAX, 0)
            libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30)
            libc.mallopt(_M_TOP_PAD, 256 << 20)
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                libc.mallopt(_M_MMAP_MAX, _DEFAULT_MMAP_MAX)
                libc.mallopt(_M_TOP_PAD, _DEFAULT_TOP_PAD)
                libc.mallopt(_M_TRIM_THRESHOLD, _DEFAULT_TRIM_THRESHOLD)
                libc.malloc_trim(0)


def available_memory() -> int:
    """Bytes the system can give this process without swapping (``MemAvailable``; the free pages where
    ``/proc/meminfo`` is absent)."""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        return 0


REUSE_MAX_ROWS = 10_000_000
"""Rows of the coded table (distinct combinations) up to which the lattice search runs under
:func:`reuse_freed_memory`. Measured at 6.9M rows (10M records): same peak RSS, 3.5 s faster. Above it, glibc's
default stays: a heap that keeps freed blocks of many sizes could fragment, and the 100M-record search (30M rows,
6.8 GB peak against an 8 GB target) was measured without the setting."""

IN_MEMORY_SHARE = 4
"""A file is worked on in memory when its estimated size there is at most 1/4 of the available memory: the
needed columns of the 10M-row benchmark CSV (2.3 GB on disk) peak at 4 GB while searched in memory."""
_PARQUET_EXPANSION = 4
"""Parquet is compressed: its text columns take about four times their file size once read."""


def fits_in_memory(path: Path, *, available: int | None = None) -> bool:
    """Whether ``path`` (CSV or Parquet) is small enough to be read into memory for the work on it, rather than
    streamed (:data:`IN_MEMORY_SHARE`)."""
    size = path.stat().st_size
    if path.suffix.lower() == ".parquet":
        size *= _PARQUET_EXPANSION
    free = available_memory() if available is None else available
    return size * IN_MEMORY_SHARE <= free

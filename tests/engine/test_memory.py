"""What decides between working in memory and streaming, and the allocator setting of the lattice search."""

from __future__ import annotations

import ctypes
from pathlib import Path

import numpy as np
import pytest

from tokumei.engine import memory


def _resident_bytes() -> int:
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return pages * memory.os.sysconf("SC_PAGE_SIZE")


def test_a_file_is_worked_on_in_memory_up_to_a_quarter_of_the_available_memory(tmp_path: Path) -> None:
    csv = tmp_path / "a.csv"
    csv.write_bytes(b"x" * 1000)
    parquet = tmp_path / "a.parquet"
    parquet.write_bytes(b"x" * 1000)

    assert memory.fits_in_memory(csv, available=4000)
    assert not memory.fits_in_memory(csv, available=3999)
    # Parquet is compressed: four times its size once read
    assert memory.fits_in_memory(parquet, available=16000)
    assert not memory.fits_in_memory(parquet, available=15999)


def test_available_memory_is_read_from_the_system() -> None:
    assert memory.available_memory() > 0


@pytest.mark.skipif(memory._libc() is None, reason="glibc's malloc only")
def test_freed_arrays_stay_in_the_heap_inside_the_block_and_go_back_after() -> None:
    """Inside the block a freed 256 MB array stays resident (the next one reuses it, no page faults); after the
    block the heap is handed back to the system, nested blocks included."""
    size = 256 << 20
    with memory.reuse_freed_memory():
        with memory.reuse_freed_memory():
            block = np.ones(size, dtype=np.uint8)
            del block
        before = _resident_bytes()
        block = np.ones(size, dtype=np.uint8)  # reuses the freed block: the resident size hardly grows
        assert _resident_bytes() - before < size // 4
        del block
        kept = _resident_bytes()
    assert kept - _resident_bytes() > size // 2  # trimmed on leaving
    # glibc's default is back: a large block is mapped and unmapped on its own
    block = np.ones(size, dtype=np.uint8)
    mapped = _resident_bytes()
    del block
    assert mapped - _resident_bytes() > size // 2


def test_nothing_happens_without_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(memory, "_libc", lambda: None)
    monkeypatch.setattr(ctypes, "CDLL", lambda *a, **k: calls.append("opened"))
    with memory.reuse_freed_memory():
        pass
    assert calls == []

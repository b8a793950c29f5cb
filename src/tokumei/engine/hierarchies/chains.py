"""The level chains: one ordered list of aliases per generalizer kind (index 0 = original, last = ``*``).

A recipe may name a level by alias or by index; :func:`level_index` turns either into the index, and
:func:`level_alias` back. The ``hierarchy`` kind has no fixed chain: its levels are the columns of its file.
"""

from __future__ import annotations

CHAINS: dict[str, tuple[str, ...]] = {
    "address": ("original", "ward", "municipality", "prefecture", "region", "*"),
    "date": ("day", "month", "year", "*"),
    "age": ("years", "band5", "band10", "band20", "*"),
    "postal": ("digits7", "digits5", "digits3", "*"),
    # Columns kept as they are, numbers coded with parameters, and rare-category suppression: the value or "*".
    "value": ("value", "*"),
}

SUPPRESSED = "*"


def allowed_levels(kind: str, depth: int | None = None) -> str:
    """Human-readable list of what ``level`` may be for a kind (used in error messages)."""
    if kind == "hierarchy":
        if depth is None:
            return "0 以上の整数（階層ファイルの列番号）"
        return f"0〜{depth - 1} の整数"
    chain = CHAINS[kind]
    return ", ".join(chain) + f"（または 0〜{len(chain) - 1}）"


def level_index(kind: str, level: int | str, depth: int | None = None) -> int | None:
    """The index of ``level`` in the chain of ``kind``, or ``None`` when it is not a valid level.

    ``depth`` is the number of levels of a ``hierarchy`` file (unknown until the file is read).
    """
    if isinstance(level, bool):
        return None
    if kind == "hierarchy":
        if isinstance(level, str):
            if not level.isdigit():
                return None
            level = int(level)
        if level < 0 or (depth is not None and level >= depth):
            return None
        return level
    chain = CHAINS[kind]
    if isinstance(level, int):
        return level if 0 <= level < len(chain) else None
    text = level.strip()
    if text.isdigit():
        return level_index(kind, int(text))
    return chain.index(text) if text in chain else None


def level_alias(kind: str, index: int) -> str | int:
    """The alias of a level index (the index itself for ``hierarchy``)."""
    if kind == "hierarchy":
        return index
    return CHAINS[kind][index]

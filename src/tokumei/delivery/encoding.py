"""Writing the delivered CSV in CP932 (Shift_JIS as Windows uses it) for recipients whose tools need it, with a
report of every character CP932 cannot hold — nothing is dropped silently.

A character outside CP932 (e.g. 𠮷, 𩸽, emoji, some variant kanji) is written as 〓 (下駄記号, the customary mark
for a missing glyph in Japanese offices), and the report lists its row, column, character and code point so the
recipient can tell which values were affected.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

REPLACEMENT = "〓"


@dataclass(frozen=True)
class Unencodable:
    row: int
    """1-based data row (the header is row 0)."""
    column: str
    character: str

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.character):04X}"


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def to_cp932(csv_text: str) -> tuple[bytes, list[Unencodable]]:
    """Re-encode a CSV (as text) to CP932 with CRLF line ends; unencodable characters become 〓 and are listed."""
    reader = csv.reader(io.StringIO(csv_text, newline=""))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    problems: list[Unencodable] = []
    header: list[str] = []
    for index, row in enumerate(reader):
        if index == 0:
            header = row
        cleaned = []
        for position, value in enumerate(row):
            if all(_encodable(ch) for ch in value):
                cleaned.append(value)
                continue
            chars = []
            for ch in value:
                if _encodable(ch):
                    chars.append(ch)
                else:
                    name = header[position] if position < len(header) else str(position + 1)
                    problems.append(Unencodable(index, name, ch))
                    chars.append(REPLACEMENT)
            cleaned.append("".join(chars))
        writer.writerow(cleaned)
    return out.getvalue().encode("cp932"), problems


def report_text(problems: list[Unencodable]) -> str:
    """The report put into the package beside the CP932 CSV (Japanese)."""
    lines = [
        "CP932（Shift_JIS）で表せない文字の一覧",
        f"該当 {len(problems)} 件。CSV（CP932）では「{REPLACEMENT}」に置き換えています。"
        "元の文字は UTF-8 の CSV 又は Parquet で確認してください。",
        "",
        "行\t項目\t文字\tコードポイント",
    ]
    lines += [f"{p.row}\t{p.column}\t{p.character}\t{p.code_point}" for p in problems]
    return "\n".join(lines) + "\n"

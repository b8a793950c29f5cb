"""Document numbers (文書番号) as official letters print them: 「県サ第445号」, 「7県サ第445号」.

The sequence itself (per organization, document kind and fiscal year) lives in the database
(``tokumei.web.core.document_numbers``); this module only formats a number the caller has drawn. Numbering
conventions are each office's own (文書管理規程; the profile's ``document_numbers``): many print the prefix alone
(奈良県警察 通達 「県サ第445号」), others put the 和暦 year in front (「7熊法第12号」, 「元総第3号」 in 2019).
"""

from __future__ import annotations

from datetime import date

from tokumei.law.calendar import era_of
from tokumei.law.organization import NumberStyle  # the profile names the style; re-exported here

__all__ = ["DocumentNumberError", "NumberStyle", "format_document_number"]


class DocumentNumberError(ValueError):
    """A document number that cannot be formatted (Japanese message; code ``document.invalid_number``)."""

    code = "document.invalid_number"


def format_document_number(
    prefix: str, number: int, year: int | None = None, *, style: NumberStyle = NumberStyle.PLAIN
) -> str:
    """Format a document number: ``prefix`` + 「第」 + ``number`` + 「号」, with the era year in front if asked.

    ``year`` is the Gregorian year the sequence belongs to (calendar or fiscal, as the office counts); the era
    year is that of its 31 December (so 2019 is 令和元年 → 「元」).

    >>> format_document_number("県サ", 445)
    '県サ第445号'
    >>> format_document_number("県サ", 445, 2025, style=NumberStyle.ERA_YEAR_PREFIX)
    '7県サ第445号'
    """
    cleaned = prefix.strip()
    if not cleaned or any(ch.isspace() for ch in cleaned) or cleaned.endswith("第"):
        msg = (
            f"文書番号の記号「{prefix}」が正しくありません。「県サ」のように、空白と「第」を含めずに指定してください。"
        )
        raise DocumentNumberError(msg)
    if number < 1:
        msg = f"文書番号は1以上の整数にしてください（受け取った値: {number}）。"
        raise DocumentNumberError(msg)
    body = f"{cleaned}第{number}号"
    if style is NumberStyle.PLAIN:
        return body
    if year is None:
        msg = "年を前に付ける形式の文書番号には年を指定してください。"
        raise DocumentNumberError(msg)
    end_of_year = date(year, 12, 31)
    era = era_of(end_of_year)
    era_year = end_of_year.year - era.start.year + 1
    return f"{'元' if era_year == 1 else era_year}{body}"

"""Render a :class:`tokumei.law.notices.Document` to PDF (sending, archiving) with ReportLab.

A4, the Japanese font **embedded** as a TrueType subset (IPAexGothic from the ``matplotlib-fontja`` wheel, see
:mod:`tokumei.documents.fonts`; ReportLab's built-in CID fonts are not embedded and are never used), CJK line
breaking, page numbers 「- 1 -」, placeholders labelled 「デモ用の仮の値」 in red. Works from PyPI alone on a fresh
machine: no system fonts, no Pango.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from tokumei.documents.fonts import JapaneseFont, ipaex_gothic
from tokumei.law.notices import (
    PLACEHOLDER_LABEL,
    Align,
    Block,
    Cell,
    Document,
    DocumentLayout,
    ItemList,
    Paragraph,
    ParagraphRole,
    Table,
)

__all__ = ["register_font", "render_pdf"]

_MARGIN_SIDE = 20 * mm
_MARGIN_TOP = 22 * mm
_TEXT_WIDTH = A4[0] - 2 * _MARGIN_SIDE
_ALIGN = {Align.LEFT: TA_LEFT, Align.CENTER: TA_CENTER, Align.RIGHT: TA_RIGHT}
_PLACEHOLDER_MARKUP = f'<font color="#C00000">［{PLACEHOLDER_LABEL}］</font>'


def register_font(font: JapaneseFont | None = None, *, path: Path | None = None) -> str:
    """Register the font with ReportLab (once per process) and return its name.

    Default: IPAexGothic from ``matplotlib-fontja``. ``path`` uses another TrueType file (e.g. an installed
    Debian IPAex明朝 or IPAmj明朝 for 外字), registered under a name derived from its file name.
    """
    if path is not None:
        font = JapaneseFont(f"Tokumei-{path.stem}", path, None)
    chosen = font or ipaex_gothic()
    if chosen.name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(chosen.name, str(chosen.path)))
    return chosen.name


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=font, bulletFontName=font, fontSize=10.5, leading=16, wordWrap="CJK", spaceAfter=2
    )
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", parent=base, fontSize=14, leading=20, alignment=TA_CENTER, spaceBefore=8, spaceAfter=10
        ),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=3),
        "subheading": ParagraphStyle("subheading", parent=base, spaceBefore=4),
        "note": ParagraphStyle("note", parent=base, fontSize=9.5, leading=14, leftIndent=5 * mm),
        "item": ParagraphStyle("item", parent=base, leftIndent=8 * mm, bulletIndent=0, bulletFontName=font),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=14, spaceAfter=0),
        "footer": ParagraphStyle("footer", parent=base, fontSize=9),
    }


def _markup(text: str, *, placeholder: bool) -> str:
    body = "<br/>".join(escape(line) for line in text.split("\n"))
    return body + _PLACEHOLDER_MARKUP if placeholder else body


def _paragraph(block: Paragraph, styles: dict[str, ParagraphStyle]) -> PdfParagraph:
    role = {
        ParagraphRole.BODY: "body",
        ParagraphRole.SUBHEADING: "subheading",
        ParagraphRole.NOTE: "note",
        ParagraphRole.LEAD: "body",
    }[block.role]
    align = Align.CENTER if block.role is ParagraphRole.LEAD else block.align
    style = ParagraphStyle(f"{role}-{align.value}", parent=styles[role], alignment=_ALIGN[align])
    return PdfParagraph(_markup(block.text, placeholder=block.placeholder), style)


def _cell(value: Cell, styles: dict[str, ParagraphStyle]) -> list[Any]:
    content: list[Any] = [PdfParagraph(_markup(value.text, placeholder=value.placeholder), styles["cell"])]
    if not value.text and value.blank_lines:
        content.append(Spacer(1, value.blank_lines * styles["cell"].leading))
    return content


def _table(block: Table, styles: dict[str, ParagraphStyle]) -> PdfTable:
    columns = max([len(block.header), *(len(r) for r in block.rows)])
    widths = block.widths if len(block.widths) == columns else (1,) * columns
    total = sum(widths)
    data: list[list[Any]] = []
    if block.header:
        data.append([PdfParagraph(escape(h), styles["cell"]) for h in block.header])
    data.extend([_cell(c, styles) for c in row] + [""] * (columns - len(row)) for row in block.rows)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if block.header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)))
    table = PdfTable(data, colWidths=[_TEXT_WIDTH * w / total for w in widths], repeatRows=1 if block.header else 0)
    table.setStyle(TableStyle(commands))
    return table


def _flowables(block: Block, styles: dict[str, ParagraphStyle]) -> list[Any]:
    if isinstance(block, Paragraph):
        return [_paragraph(block, styles)]
    if isinstance(block, ItemList):
        return [
            PdfParagraph(_markup(item.text, placeholder=item.placeholder), styles["item"], bulletText=marker)
            for marker, item in zip(block.markers(), block.items, strict=True)
        ]
    return [_table(block, styles), Spacer(1, 3 * mm)]


def _story(document: Document, styles: dict[str, ParagraphStyle]) -> list[Any]:
    right = ParagraphStyle("right", parent=styles["body"], alignment=TA_RIGHT)
    story: list[Any] = []
    if document.designation:
        story.append(PdfParagraph(escape(document.designation), styles["body"]))
    story.extend(PdfParagraph(escape(v), right) for v in (document.number, document.date_wareki) if v)
    if document.has_placeholders:
        story.append(
            PdfParagraph(
                _PLACEHOLDER_MARKUP + "と表示した箇所はデモ用の仮の値です。実際の値に置き換えてから使用してください。",
                styles["note"],
            )
        )
    story.append(PdfParagraph(escape(document.title), styles["title"]))
    if document.layout is DocumentLayout.FORM and document.addressee:
        story.append(PdfParagraph(escape(document.addressee), styles["body"]))
    for block in document.preamble:
        story.extend(_flowables(block, styles))
    if document.layout is DocumentLayout.NOTICE and document.issuer:
        story.append(PdfParagraph(_markup(document.issuer, placeholder=document.issuer_placeholder), right))
    for section in document.sections:
        story.append(PdfParagraph(escape(section.title), styles["heading"]))
        for block in section.blocks:
            story.extend(_flowables(block, styles))
    return story


def render_pdf(document: Document, *, font_path: Path | None = None) -> bytes:
    """The document as PDF bytes: A4, Japanese font embedded as a subset (FontFile2), page numbers.

    ``font_path`` replaces IPAexGothic with another TrueType font (it is embedded the same way).
    """
    font = register_font(path=font_path)
    styles = _styles(font)
    buffer = BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN_SIDE,
        rightMargin=_MARGIN_SIDE,
        topMargin=_MARGIN_TOP,
        bottomMargin=_MARGIN_TOP,
        title=document.title,
        author=document.issuer or document.organization_id,
        subject=document.kind.value,
        creator="tokumei",
        lang="ja-JP",
        # The canvas starts in the Japanese font, so no unembedded standard font (Helvetica) is referenced at all.
        initialFontName=font,
        initialFontSize=10.5,
    )

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"- {doc.page} -")
        canvas.restoreState()

    template.build(_story(document, styles), onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()

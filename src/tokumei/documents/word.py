"""Render a :class:`tokumei.law.notices.Document` to DOCX (editable: staff adjust wording before sending).

Two ways:

- **built in** (python-docx): A4, margins 25/20 mm, fonts set in the styles (本文 「MS 明朝」, 見出し
  「MS ゴシック」 as the east-Asian font, so Word on the offices' PCs shows them and other systems substitute),
  headings, lists with the markers official documents print (①, （1）, □), tables with borders,
  page numbers in the footer,
  placeholders labelled 「デモ用の仮の値」 in red on yellow;
- **the organization's own Word file** (docxtpl): a ``.docx`` with Jinja tags, rendered with
  :func:`document_context` (see ``README.md`` in this package for the variables). :func:`find_template` looks for
  ``<root>/<profile id>/<document kind>.docx``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph
from docxtpl import DocxTemplate

from tokumei.law.notices import (
    PLACEHOLDER_LABEL,
    Align,
    Block,
    Document,
    DocumentLayout,
    ItemList,
    Paragraph,
    ParagraphRole,
    Table,
)
from tokumei.law.organization import DocumentKind

__all__ = ["DocxFonts", "document_context", "find_template", "render_docx"]

A4_WIDTH_MM = 210
A4_HEIGHT_MM = 297
_MARGIN_SIDE_MM = 20
_MARGIN_TOP_MM = 25
_TEXT_WIDTH_MM = A4_WIDTH_MM - 2 * _MARGIN_SIDE_MM
_RED = RGBColor(0xC0, 0x00, 0x00)
_ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
}


@dataclass(frozen=True, slots=True)
class DocxFonts:
    """Fonts written into the styles (east-Asian and Latin), and sizes in points."""

    body: str = "MS 明朝"
    heading: str = "MS ゴシック"
    latin: str = "Century"
    body_size_pt: float = 10.5
    heading_size_pt: float = 12
    title_size_pt: float = 14


def _set_style_fonts(style: ParagraphStyle, east_asia: str, latin: str, size_pt: float, *, bold: bool) -> None:
    """Set Latin and east-Asian fonts on a style, dropping theme fonts that would override them."""
    style.font.name = latin
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attribute)) is not None:
            del rfonts.attrib[qn(attribute)]


def _setup(word: WordDocument, fonts: DocxFonts) -> None:
    section = word.sections[0]
    section.page_width = Mm(A4_WIDTH_MM)
    section.page_height = Mm(A4_HEIGHT_MM)
    section.left_margin = section.right_margin = Mm(_MARGIN_SIDE_MM)
    section.top_margin = section.bottom_margin = Mm(_MARGIN_TOP_MM)
    styles = word.styles
    normal = styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    _set_style_fonts(normal, fonts.body, fonts.latin, fonts.body_size_pt, bold=False)
    normal.paragraph_format.space_after = Pt(2)
    headings = (
        ("Title", fonts.title_size_pt, 12),
        ("Heading 1", fonts.heading_size_pt, 8),
        ("Heading 2", fonts.body_size_pt, 4),
    )
    for name, size, space_before in headings:
        style = styles[name]
        assert isinstance(style, ParagraphStyle)
        _set_style_fonts(style, fonts.heading, fonts.latin, size, bold=True)
        style.paragraph_format.space_before = Pt(space_before)
        style.paragraph_format.space_after = Pt(4)
    title = styles["Title"]
    assert isinstance(title, ParagraphStyle)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The built-in Title style draws a blue bottom border: official documents have none.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    _add_page_number_footer(word)


def _add_page_number_footer(word: WordDocument) -> None:
    paragraph = word.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph._p.append(_run_element(" -"))


def _run_element(text: str) -> Any:
    run = OxmlElement("w:r")
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run.append(element)
    return run


def _add_placeholder_label(paragraph: WordParagraph) -> None:
    run = paragraph.add_run(f"［{PLACEHOLDER_LABEL}］")
    run.font.color.rgb = _RED
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _add_text(paragraph: WordParagraph, text: str, *, placeholder: bool) -> None:
    first, *rest = text.split("\n")
    run = paragraph.add_run(first)
    for line in rest:
        run.add_break()
        run = paragraph.add_run(line)
    if placeholder:
        _add_placeholder_label(paragraph)


def _paragraph(word: WordDocument, block: Paragraph) -> None:
    if block.role is ParagraphRole.SUBHEADING:
        target = word.add_paragraph(style="Heading 2")
    else:
        target = word.add_paragraph()
    _add_text(target, block.text, placeholder=block.placeholder)
    target.alignment = _ALIGN[Align.CENTER if block.role is ParagraphRole.LEAD else block.align]
    if block.role is ParagraphRole.NOTE:
        target.paragraph_format.left_indent = Mm(5)
        for run in target.runs:
            if run.font.size is None:
                run.font.size = Pt(9.5)


def _list(word: WordDocument, block: ItemList) -> None:
    for marker, item in zip(block.markers(), block.items, strict=True):
        target = word.add_paragraph()
        target.paragraph_format.left_indent = Mm(8)
        target.paragraph_format.first_line_indent = Mm(-8)
        target.add_run(f"{marker}\t")
        _add_text(target, item.text, placeholder=item.placeholder)
        target.paragraph_format.tab_stops.add_tab_stop(Mm(8))


def _fill_cell(cell: _Cell, text: str, *, placeholder: bool, blank_lines: int, bold: bool = False) -> None:
    first = cell.paragraphs[0]
    _add_text(first, text, placeholder=placeholder)
    for run in first.runs:
        run.font.bold = bold or None
    for _ in range(blank_lines if not text else 0):
        cell.add_paragraph()


def _table(word: WordDocument, block: Table) -> None:
    columns = max([len(block.header), *(len(r) for r in block.rows)])
    widths = block.widths if len(block.widths) == columns else (1,) * columns
    total = sum(widths)
    table = word.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if block.header:
        cells = table.add_row().cells
        for cell, text in zip(cells, block.header, strict=False):
            _fill_cell(cell, text, placeholder=False, blank_lines=0, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            _fill_cell(cell, value.text, placeholder=value.placeholder, blank_lines=value.blank_lines)
    for row_cells in table.rows:
        for cell, width in zip(row_cells.cells, widths, strict=False):
            cell.width = Mm(_TEXT_WIDTH_MM * width / total)
    word.add_paragraph()


def _block(word: WordDocument, block: Block) -> None:
    if isinstance(block, Paragraph):
        _paragraph(word, block)
    elif isinstance(block, ItemList):
        _list(word, block)
    else:
        _table(word, block)


def _right(word: WordDocument, text: str, *, placeholder: bool = False) -> None:
    paragraph = word.add_paragraph()
    _add_text(paragraph, text, placeholder=placeholder)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _build(document: Document, fonts: DocxFonts) -> WordDocument:
    word = new_word_document()
    _setup(word, fonts)
    if document.designation:
        word.add_paragraph(document.designation)
    for value in (document.number, document.date_wareki):
        if value:
            _right(word, value)
    if document.has_placeholders:
        note = word.add_paragraph()
        _add_placeholder_label(note)
        note.add_run("と表示した箇所はデモ用の仮の値です。実際の値に置き換えてから使用してください。")
    if document.layout is DocumentLayout.FORM:
        word.add_paragraph(document.title, style="Title")
        if document.addressee:
            word.add_paragraph(document.addressee)
        for block in document.preamble:
            _block(word, block)
    else:
        word.add_paragraph(document.title, style="Title")
        for block in document.preamble:
            _block(word, block)
        if document.issuer:
            _right(word, document.issuer, placeholder=document.issuer_placeholder)
    for section in document.sections:
        word.add_paragraph(section.title, style="Heading 1")
        for block in section.blocks:
            _block(word, block)
    properties = word.core_properties
    properties.title = document.title
    properties.author = document.issuer or document.organization_id
    properties.subject = document.kind.value
    properties.language = "ja-JP"
    return word


def document_context(document: Document) -> dict[str, Any]:
    """The variables a docxtpl template receives (plain dicts and lists, documented in ``README.md``)."""

    def block(value: Block) -> dict[str, Any]:
        if isinstance(value, Paragraph):
            return {
                "kind": "paragraph",
                "text": value.text,
                "role": value.role.value,
                "align": value.align.value,
                "placeholder": value.placeholder,
            }
        if isinstance(value, ItemList):
            return {
                "kind": "list",
                "style": value.style.value,
                "items": [
                    {"marker": marker, "text": item.text, "placeholder": item.placeholder}
                    for marker, item in zip(value.markers(), value.items, strict=True)
                ],
            }
        return {
            "kind": "table",
            "header": list(value.header),
            "rows": [[{"text": c.text, "placeholder": c.placeholder} for c in row] for row in value.rows],
        }

    return {
        "kind": document.kind.value,
        "organization_id": document.organization_id,
        "title": document.title,
        "date": document.date_wareki or "",
        "issuer": document.issuer or "",
        "number": document.number or "",
        "designation": document.designation or "",
        "addressee": document.addressee or "",
        "has_placeholders": document.has_placeholders,
        "placeholder_label": PLACEHOLDER_LABEL,
        "preamble": [block(b) for b in document.preamble],
        "sections": [
            {
                "number": s.number or "",
                "heading": s.heading,
                "title": s.title,
                "blocks": [block(b) for b in s.blocks],
            }
            for s in document.sections
        ],
        "text": document.plain_text(),
    }


def find_template(root: Path, profile_id: str, kind: DocumentKind) -> Path | None:
    """The organization's own Word template ``<root>/<profile_id>/<kind>.docx``, or ``None`` to use the built-in."""
    candidate = root / profile_id / f"{kind.value}.docx"
    return candidate if candidate.is_file() else None


def render_docx(
    document: Document,
    *,
    template: Path | bytes | None = None,
    fonts: DocxFonts | None = None,
    extra_context: Mapping[str, Any] | None = None,
) -> bytes:
    """The document as DOCX bytes: built in (A4, Japanese fonts in the styles) or through the organization's template.

    With ``template`` (a path or the bytes of a ``.docx`` with Jinja tags) docxtpl renders
    :func:`document_context` plus ``extra_context``, autoescaped; page size and fonts are then the template's.
    """
    buffer = BytesIO()
    if template is not None:
        source: Path | BytesIO = BytesIO(template) if isinstance(template, bytes) else template
        rendered = DocxTemplate(source)
        context = document_context(document)
        context.update(extra_context or {})
        rendered.render(context, autoescape=True)
        rendered.save(buffer)
        return buffer.getvalue()
    _build(document, fonts or DocxFonts()).save(buffer)
    return buffer.getvalue()

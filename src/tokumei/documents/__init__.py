"""Official documents (公示, 様式): rendering :class:`tokumei.law.notices.Document` to DOCX and PDF.

Outside ``tokumei.law`` (it does I/O with fonts and templates) and outside Django (the CLI uses it too); an
import-linter contract keeps ``django`` and ``tokumei.web`` out. See ADR 0005 and ``README.md`` in this package.

>>> # from tokumei.documents import render_docx, render_pdf
>>> # render_pdf(build_solicitation_notice(profile, facts))  -> b"%PDF-..."
"""

from __future__ import annotations

from tokumei.documents.fonts import FontNotFound, JapaneseFont, ipaex_gothic
from tokumei.documents.numbering import DocumentNumberError, NumberStyle, format_document_number
from tokumei.documents.pdf import render_pdf
from tokumei.documents.word import DocxFonts, document_context, find_template, render_docx

__all__ = [
    "DocumentNumberError",
    "DocxFonts",
    "FontNotFound",
    "JapaneseFont",
    "NumberStyle",
    "document_context",
    "find_template",
    "format_document_number",
    "ipaex_gothic",
    "render_docx",
    "render_pdf",
]

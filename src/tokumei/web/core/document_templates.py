"""An organization's own Word templates (様式の差替え): ``DOCUMENT_TEMPLATES_DIR/<profile id>/<kind>.docx``.

Every DOCX the portal and the staff pages produce goes through :func:`render_organization_docx`: the
organization's template when one is there (docxtpl, see ``tokumei/documents/README.md``), the built-in
rendering otherwise. PDFs are always built in.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from tokumei.documents import find_template, render_docx
from tokumei.law.notices import Document


def templates_root() -> Path:
    """The configured root of organizations' templates (setting ``DOCUMENT_TEMPLATES_DIR``)."""
    return Path(settings.DOCUMENT_TEMPLATES_DIR)


def organization_template(document: Document) -> Path | None:
    """The organization's own ``.docx`` for this document's kind, or ``None`` for the built-in rendering."""
    return find_template(templates_root(), document.organization_id, document.kind)


def render_organization_docx(document: Document) -> bytes:
    """The document as DOCX through the organization's own template if it has one, else built in."""
    return render_docx(document, template=organization_template(document))

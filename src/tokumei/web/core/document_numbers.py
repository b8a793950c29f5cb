"""Document numbers (文書番号) drawn from a stored sequence per organization, document kind and fiscal year.

The profile gives each numbered document its 記号 and style (``OrganizationProfile.document_numbers``);
:func:`tokumei.documents.format_document_number` prints the number. Callers run inside their own transaction:
the counter row stays locked until it commits, so two notices never get the same number, and a rolled-back
notice gives its number back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction

from tokumei.documents import format_document_number
from tokumei.law.calendar import fiscal_year
from tokumei.law.organization import DocumentKind
from tokumei.web.accounts.models import Organization

from .models import DocumentNumberCounter


class DocumentNumberRefused(ValueError):
    """No number can be drawn, or a typed number is already used (Japanese message)."""

    code = "document.number_refused"


class DuplicateDocumentNumber(DocumentNumberRefused):
    code = "document.duplicate_number"

    def __init__(self, number: str, used_by: str) -> None:
        self.number = number
        super().__init__(
            f"文書番号「{number}」は既に「{used_by}」に付けられています。"
            "別の番号を入力するか、空欄にして自動で付けてください。"
        )


def _label(organization: Organization, kind: DocumentKind) -> str:
    form = organization.profile.forms.get(kind)
    return form.title if form is not None else kind.value


def has_sequence(organization: Organization, kind: DocumentKind) -> bool:
    """Whether the profile numbers ``kind`` from a sequence (it gives a 記号); otherwise staff type the number
    or leave it out (e.g. the historical records of the abolished 2017 rule)."""
    return organization.profile.document_numbers.prefix(kind) is not None


def next_document_number(
    organization: Organization,
    kind: DocumentKind,
    day: date,
    *,
    taken: Callable[[str], bool] | None = None,
) -> str:
    """The next number of ``kind`` for the fiscal year of ``day`` (the document's date), e.g. 「匿審適第3号」.

    Numbers restart at 1 each fiscal year (April). ``taken`` tells whether a number was already typed by hand
    on another document; such numbers are skipped. Refused with a Japanese message when the profile gives the
    kind no 記号 (staff then type the number).
    """
    numbering = organization.profile.document_numbers
    prefix = numbering.prefix(kind)
    if prefix is None:
        msg = (
            f"{organization.body_name}のプロファイルには「{_label(organization, kind)}」の文書番号の記号が"
            "定められていないため、番号を自動で付けられません。文書番号を入力してください。"
        )
        raise DocumentNumberRefused(msg)
    year = fiscal_year(day)
    with transaction.atomic():
        DocumentNumberCounter.objects.get_or_create(organization=organization, kind=kind.value, fiscal_year=year)
        counter = DocumentNumberCounter.objects.select_for_update().get(
            organization=organization, kind=kind.value, fiscal_year=year
        )
        while True:
            counter.last += 1
            number = format_document_number(prefix, counter.last, year, style=numbering.style)
            if taken is None or not taken(number):
                break
        counter.save(update_fields=["last"])
    return number

"""Reads of the historic cases."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tokumei.web.accounts.models import Organization

from .models import HistoricCase, LegacyImport


def cases_of(organization: Organization, *, text: str = "", status: str = "") -> QuerySet[HistoricCase]:
    """The organization's historic cases, oldest proposal first; ``text`` matches the case number, the proposer
    and the file, ``status`` one status code."""
    cases = HistoricCase.objects.filter(organization=organization)
    if text:
        cases = cases.filter(
            Q(case_number__icontains=text) | Q(proposer__icontains=text) | Q(file_label__icontains=text)
        )
    if status:
        cases = cases.filter(status=status)
    return cases.order_by("proposal_date", "case_number")


def imports_of(organization: Organization) -> QuerySet[LegacyImport]:
    return LegacyImport.objects.filter(organization=organization).select_related("imported_by")


def case_of(pk: int) -> HistoricCase | None:
    return HistoricCase.objects.select_related("organization", "batch__imported_by").filter(pk=pk).first()

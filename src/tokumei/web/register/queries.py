"""Reads of the register for the public portal and for staff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from tokumei.web.accounts.models import Organization

from .models import PersonalInformationFile, RecordItem


@dataclass(frozen=True)
class RegisterFilter:
    text: str = ""
    organization: str = ""  # profile id
    targets_only: bool = False
    with_datasets: bool = False


def public_files(f: RegisterFilter) -> QuerySet[PersonalInformationFile]:
    qs = (
        PersonalInformationFile.objects.published()
        .select_related("organization", "division")
        .prefetch_related(Prefetch("record_items", queryset=RecordItem.objects.order_by("position")), "datasets")
        .annotate(dataset_count=Count("datasets", distinct=True))
    )
    if f.text.strip():
        qs = qs.search(f.text)
    if f.organization:
        qs = qs.filter(organization__profile_id=f.organization)
    if f.targets_only:
        qs = qs.filter(is_proposal_target=True)
    if f.with_datasets:
        qs = qs.filter(dataset_count__gt=0)
    return qs.order_by("organization__profile_id", "register_number", "name")


def staff_files(organization: Organization, user: Any = None) -> QuerySet[PersonalInformationFile]:
    """The organization's files; for ``user`` only those they may read (a division's staff: their division's)."""
    from .rules import sees_every_file

    qs = PersonalInformationFile.objects.filter(organization=organization)
    if user is not None and not sees_every_file(user):
        qs = qs.filter(division_id=getattr(user, "department_id", None))
    return qs.select_related("division").order_by("division__name", "register_number", "name")

"""Reads: what is due for disposal as of a day, with how each date was computed (tokumei.law.retention)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tokumei.law.retention import DisposalDue, consent_requirement, disposal_due

from .models import Disposal
from .sources import SOURCES, Source, records_of


@dataclass(frozen=True)
class DueRecord:
    """One stored record whose retention period has expired and which is not yet disposed of."""

    source: Source
    obj: Any
    due: DisposalDue
    consent: Disposal | None
    """The consent recorded for it (national bodies), if any."""

    @property
    def key(self) -> str:
        return f"{self.source.code}:{self.obj.pk}"

    @property
    def title(self) -> str:
        return self.source.title(self.obj)

    @property
    def case_url(self) -> str:
        return self.source.case_url(self.obj)


def due_records(organization: Any, today: date) -> list[DueRecord]:
    """The organization's stored records whose period has expired by ``today`` and that are not disposed of,
    oldest due first."""
    profile = organization.profile
    recorded = {(d.source, d.object_id): d for d in Disposal.objects.filter(organization=organization)}
    out: list[DueRecord] = []
    for source, obj in records_of(organization.pk):
        existing = recorded.get((source.code, obj.pk))
        if existing is not None and existing.state == Disposal.State.DISPOSED:
            continue
        due = disposal_due(profile, source.series(obj), source.made_on(obj))
        if due.is_due(today):
            out.append(DueRecord(source, obj, due, existing))
    return sorted(out, key=lambda r: (r.due.due_on, r.source.code, r.obj.pk))


def find_record(organization: Any, source_code: str, object_id: int) -> tuple[Source, Any] | None:
    """The stored record named by ``source_code`` and ``object_id``, within the organization only."""
    source = SOURCES.get(source_code)
    if source is None:
        return None
    obj = source.queryset(organization.pk).filter(pk=object_id).first()
    return (source, obj) if obj is not None else None


def disposed(organization: Any) -> list[Disposal]:
    return list(
        Disposal.objects.filter(organization=organization, state=Disposal.State.DISPOSED).select_related("disposed_by")
    )


def needs_consent(organization: Any) -> bool:
    return consent_requirement(organization.profile.kind) is not None

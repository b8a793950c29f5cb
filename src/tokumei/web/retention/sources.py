"""The records the system stores, as a table: for each kind, its retention series, the day it was made or
obtained, where its case is, and how its stored content is cleared when it is disposed of.

Rows are never deleted (other rows PROTECT them, and the audit trail names them): disposal removes the stored
file or bytes and leaves a :class:`~tokumei.web.retention.models.Disposal` saying what, when, by whom and under
which series.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from tokumei.law.intake import AttachmentKind
from tokumei.law.organization import RecordSeries

DISPOSED_TEXT = "（保存期間の満了により廃棄しました）"


def _local_day(value: Any) -> date:
    return timezone.localdate(value) if hasattr(value, "tzinfo") else value


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Source:
    """One kind of stored record."""

    code: str
    label: str
    queryset: Callable[[int], QuerySet[Any]]
    series: Callable[[Any], RecordSeries]
    made_on: Callable[[Any], date]
    title: Callable[[Any], str]
    case_url: Callable[[Any], str]
    purge: Callable[[Any], list[str]]
    """Clear the stored content; returns what was removed (for the Disposal row and the audit entry)."""


# --- decision documents (approval/rejection notices, application, contract copy): bytes in the database -------

_DOCUMENT_SERIES = {
    "approval_notice": RecordSeries.DECISION_NOTICE,
    "rejection_notice": RecordSeries.DECISION_NOTICE,
    "application": RecordSeries.CONTRACT_APPLICATION,
    "contract_copy": RecordSeries.CONTRACT,
}


def _documents(org_id: int) -> QuerySet[Any]:
    from tokumei.web.reviews.models import DecisionDocument

    return DecisionDocument.objects.filter(review__organization_id=org_id).select_related("review__proposal")


def _purge_document(doc: Any) -> list[str]:
    from tokumei.web.reviews.models import DecisionDocument

    removed = [f"DOCX {len(doc.docx)} バイト", f"PDF {len(doc.pdf)} バイト"]
    DecisionDocument.objects.filter(pk=doc.pk).update(docx=b"", pdf=b"")
    return removed


# --- attachments: files under DATA_DIR/uploads -------------------------------------------------------------------


def _attachments(org_id: int) -> QuerySet[Any]:
    from tokumei.web.proposals.models import Attachment

    return Attachment.objects.filter(proposal__organization_id=org_id).select_related("proposal")


def _purge_attachment(att: Any) -> list[str]:
    from tokumei.web.proposals.models import Attachment
    from tokumei.web.proposals.uploads import path_for, upload_root

    from .models import Disposal

    if not att.stored_name:
        return []
    path = path_for(att.proposal.organization_id, att.proposal_id, att.stored_name)
    sharing = Attachment.objects.filter(proposal_id=att.proposal_id, stored_name=att.stored_name).exclude(pk=att.pk)
    disposed = set(
        Disposal.objects.filter(source="attachment", state=Disposal.State.DISPOSED).values_list("object_id", flat=True)
    )
    if any(other.pk not in disposed for other in sharing):
        return [f"（同じ内容のファイルを他の添付書類が参照しているため {att.stored_name} は残しました）"]
    if _inside(upload_root(), path) and path.exists():
        path.unlink()
        return [f"uploads/{path.relative_to(upload_root())}"]
    return []


# --- consultation records (応接記録): text in the database --------------------------------------------------------


def _consultations(org_id: int) -> QuerySet[Any]:
    from tokumei.web.proposals.models import ConsultationRecord

    return ConsultationRecord.objects.filter(organization_id=org_id)


def _purge_consultation(rec: Any) -> list[str]:
    from tokumei.web.proposals.models import ConsultationRecord

    ConsultationRecord.objects.filter(pk=rec.pk).update(question=DISPOSED_TEXT, answer=DISPOSED_TEXT)
    return ["相談・問合せの内容", "回答・説明の内容"]


# --- delivery packages: folders under DATA_DIR/deliveries ---------------------------------------------------------


def _packages(org_id: int) -> QuerySet[Any]:
    from tokumei.web.production.models import DeliveryPackage

    return DeliveryPackage.objects.filter(run__file__organization_id=org_id).select_related("run")


def _purge_package(package: Any) -> list[str]:
    root = Path(settings.DATA_DIR) / "deliveries"
    folder = Path(package.folder)
    if not _inside(root, folder) or not folder.exists():
        return []
    names = sorted(str(p.relative_to(root)) for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder)
    return [f"deliveries/{n}" for n in names]


# --- created datasets: encrypted files under DATA_DIR/datasets ------------------------------------------------------


def _runs(org_id: int) -> QuerySet[Any]:
    from tokumei.web.production.models import ProductionRun

    return ProductionRun.objects.filter(file__organization_id=org_id, finished_at__isnull=False).exclude(output_name="")


def _purge_run(run: Any) -> list[str]:
    from tokumei.web.production.services import datasets_dir

    path = datasets_dir() / run.output_name
    if _inside(datasets_dir(), path) and path.exists():
        path.unlink()
        return [f"datasets/{run.output_name}"]
    return []


def _case(name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs=kwargs)


SOURCES: dict[str, Source] = {
    s.code: s
    for s in (
        Source(
            code="decision_document",
            label="審査結果通知書・申込書・契約書",
            queryset=_documents,
            series=lambda d: _DOCUMENT_SERIES.get(d.kind, RecordSeries.OTHER),
            made_on=lambda d: _local_day(d.created_at),
            title=lambda d: f"{d.title}（{d.review.proposal.reference}）",
            case_url=lambda d: _case("reviews:detail", pk=d.review_id),
            purge=_purge_document,
        ),
        Source(
            code="attachment",
            label="提案書類（添付書類）",
            queryset=_attachments,
            series=lambda a: RecordSeries.PLEDGE if a.kind == AttachmentKind.PLEDGE else RecordSeries.PROPOSAL,
            made_on=lambda a: _local_day(a.uploaded_at),
            title=lambda a: f"{a.get_kind_display()} {a.original_name}（{a.proposal.reference}）".strip(),
            case_url=lambda a: _case("proposals_staff:detail", pk=a.proposal_id),
            purge=_purge_attachment,
        ),
        Source(
            code="consultation_record",
            label="応接記録",
            queryset=_consultations,
            series=lambda r: RecordSeries.CONSULTATION_RECORD,
            made_on=lambda r: r.occurred_on,
            title=lambda r: f"応接記録 {r.occurred_on:%Y-%m-%d} {r.counterpart}",
            case_url=lambda r: reverse("proposals_staff:consultations"),
            purge=_purge_consultation,
        ),
        Source(
            code="delivery_package",
            label="提供用の媒体",
            queryset=_packages,
            series=lambda p: RecordSeries.CREATED_DATASET,
            made_on=lambda p: _local_day(p.built_at),
            title=lambda p: f"提供用の媒体（{p.run.title}、{p.medium}）",
            case_url=lambda p: _case("production:detail", pk=p.run_id),
            purge=_purge_package,
        ),
        Source(
            code="production_run",
            label="作成した匿名加工情報（暗号化して保存したもの）",
            queryset=_runs,
            series=lambda r: RecordSeries.CREATED_DATASET,
            made_on=lambda r: _local_day(r.finished_at),
            title=lambda r: f"作成した匿名加工情報「{r.title}」",
            case_url=lambda r: _case("production:detail", pk=r.pk),
            purge=_purge_run,
        ),
    )
}
"""Every stored record kind the disposal list covers, by code."""


def records_of(org_id: int) -> Iterable[tuple[Source, Model]]:
    """Every stored record of the organization, with its source."""
    for source in SOURCES.values():
        for obj in source.queryset(org_id):
            yield source, obj

"""Use cases of the historic cases: import a CSV (all or nothing, audited), and every view or download of a case
(audited like the views of current cases)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from tokumei.documents import render_pdf
from tokumei.law.legacy import (
    COMPARABLE_LABELS,
    LegacyDocument,
    LegacyImportCode,
    LegacyImportProblem,
    LegacyImportRefused,
    ParsedLegacyCsv,
    legacy_documents,
    parse_legacy_csv,
)
from tokumei.web.accounts.models import Organization, User
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.core.document_templates import render_organization_docx
from tokumei.web.register.exchange import IMPORT_MAX_BYTES

from .models import HistoricCase, LegacyImport

MAX_BYTES = IMPORT_MAX_BYTES
"""The size limit of a CSV import, the same as the register's (5 MiB: thousands of cases)."""

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _too_large() -> LegacyImportProblem:
    return LegacyImportProblem(
        LegacyImportCode.TOO_LARGE,
        0,
        "",
        f"ファイルが上限の {MAX_BYTES // 1024 // 1024} MiB を超えています。ファイルを分けて取り込んでください。",
    )


def _duplicates(organization: Organization, parsed: ParsedLegacyCsv) -> list[LegacyImportProblem]:
    """A problem for each case number already kept for the organization (kept cases are never overwritten)."""
    numbers = [c.case_number for c in parsed.cases]
    kept = {
        h.case_number: h
        for h in HistoricCase.objects.select_related("batch").filter(organization=organization, case_number__in=numbers)
    }
    problems = []
    for case in parsed.cases:
        existing = kept.get(case.case_number)
        if existing is None:
            continue
        old, new = existing.to_case().comparable(), case.comparable()
        differing = [COMPARABLE_LABELS[k] for k in new if k != "case_number" and old[k] != new[k]]
        when = f"{existing.batch.imported_at:%Y-%m-%d}に「{existing.batch.file_name}」から取込み済み"
        if differing:
            detail = f"取込み済みの内容と{'・'.join(f'「{d}」' for d in differing)}が異なります。"
        else:
            detail = "内容も同じです。"
        problems.append(
            LegacyImportProblem(
                LegacyImportCode.DUPLICATE_CASE,
                case.line,
                "案件番号",
                f"案件番号「{case.case_number}」は既に取り込まれています（{when}）。{detail}"
                "取り込み済みの案件は上書きしません。この行を削除してから取り込んでください。",
            )
        )
    return problems


def check_cases(organization: Organization, data: bytes, *, today: date) -> ParsedLegacyCsv:
    """Every check of an import, writing nothing: the file itself (:func:`tokumei.law.legacy.parse_legacy_csv`),
    its size, and its case numbers against the cases already kept. Raises :class:`LegacyImportRefused`."""
    if len(data) > MAX_BYTES:
        raise LegacyImportRefused([_too_large()])
    parsed = parse_legacy_csv(organization.profile, data, today=today)
    problems = _duplicates(organization, parsed)
    if problems:
        raise LegacyImportRefused(problems)
    return parsed


def import_cases(
    organization: Organization,
    data: bytes,
    *,
    file_name: str,
    actor: User | None,
    origin: Origin,
    today: date,
) -> LegacyImport:
    """Import every case of the CSV in one transaction, or none (旧制度の案件の取込み).

    A refused file is audited too (``legacy.import_refused``, with the number of problems); the caller shows the
    problems. Imports of one organization run one at a time (its row is locked), and the unique case number per
    organization is the last guard against a concurrent import.
    """
    name = (file_name or "upload.csv")[:255]
    try:
        with transaction.atomic():
            Organization.objects.select_for_update().filter(pk=organization.pk).first()
            parsed = check_cases(organization, data, today=today)
            batch = LegacyImport.objects.create(
                organization=organization,
                file_name=name,
                encoding=parsed.encoding,
                sha256=hashlib.sha256(data).hexdigest(),
                case_count=len(parsed.cases),
                imported_by=actor if actor is not None and actor.pk else None,
            )
            try:
                with transaction.atomic():
                    HistoricCase.objects.bulk_create([HistoricCase.of(organization, batch, c) for c in parsed.cases])
            except IntegrityError:
                problems = _duplicates(organization, parsed)
                raise LegacyImportRefused(problems or [_race()]) from None
            record_event(
                "legacy.imported",
                actor=actor,
                origin=origin,
                organization=organization,
                target=batch,
                summary=f"旧制度の案件を{len(parsed.cases)}件取り込みました（{name}、{parsed.encoding}）。",
                details={
                    "file": name,
                    "encoding": parsed.encoding,
                    "sha256": batch.sha256,
                    "cases": len(parsed.cases),
                    "case_numbers": [c.case_number for c in parsed.cases[:200]],
                },
            )
    except LegacyImportRefused as exc:
        record_event(
            "legacy.import_refused",
            actor=actor,
            origin=origin,
            organization=organization,
            summary=(
                f"旧制度の案件の取込みを拒否しました（{name}、問題 {len(exc.problems)} 件）。何も取り込んでいません。"
            ),
            details={"file": name, "problems": [p.code.value for p in exc.problems[:200]]},
        )
        raise
    return batch


def _race() -> LegacyImportProblem:
    return LegacyImportProblem(
        LegacyImportCode.DUPLICATE_CASE,
        0,
        "",
        "同じ案件番号の案件が同時に取り込まれました。何も取り込んでいません。もう一度取り込んでください。",
    )


def record_case_view(case: HistoricCase, *, actor: User, origin: Origin) -> None:
    """Every staff view of a historic case is audited."""
    record_event(
        "legacy.case_viewed",
        actor=actor,
        origin=origin,
        organization=case.organization,
        target=case,
        summary=f"旧制度の案件（{case.case_number}、{case.proposer}）を閲覧しました。",
    )


def documents_of(case: HistoricCase) -> tuple[LegacyDocument, ...]:
    """The documents the case can reproduce (別記様式第三〜第五・第七・第八), rebuilt from its facts."""
    return legacy_documents(case.organization.profile, case.to_case())


@dataclass(frozen=True)
class RenderedDocument:
    data: bytes
    content_type: str
    file_name: str
    label: str


def render_document(case: HistoricCase, code: str, fmt: str, *, actor: User, origin: Origin) -> RenderedDocument | None:
    """One document of the case as PDF or DOCX (the organization's Word template if it has one), audited;
    ``None`` when the case has no such document or the format is unknown."""
    if fmt not in CONTENT_TYPES:
        return None
    document = next((d for d in documents_of(case) if d.code == code), None)
    if document is None:
        return None
    data = render_pdf(document.document) if fmt == "pdf" else render_organization_docx(document.document)
    record_event(
        "legacy.document_downloaded",
        actor=actor,
        origin=origin,
        organization=case.organization,
        target=case,
        summary=f"旧制度の案件（{case.case_number}）の「{document.label}」を{fmt.upper()}で出力しました。",
        details={"document": code, "format": fmt},
    )
    return RenderedDocument(data, CONTENT_TYPES[fmt], f"{case.case_number}-{code}.{fmt}", document.label)

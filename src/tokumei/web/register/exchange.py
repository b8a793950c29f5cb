"""Exporting the register (CSV in UTF-8 with BOM or CP932, and JSON) and importing it from CSV/Excel.

Import is all-or-nothing: a dry run lists every row error (row, column, reason) and nothing is written until the
whole file is valid. Column headers are the register's statutory labels, so an export can be edited in Excel
and imported back.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from tokumei.engine.errors import EngineError
from tokumei.engine.io import decode_bytes, read_csv_text, read_table
from tokumei.web.accounts.models import Department, Organization, User
from tokumei.web.core.audit import Origin, record_event

from .models import PersonalInformationFile, RecordItem

IMPORT_MAX_BYTES = 5 * 1024 * 1024
XLSX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024

# (header, attribute, required)
COLUMNS: list[tuple[str, str, bool]] = [
    ("整理番号", "register_number", False),
    ("個人情報ファイルの名称", "name", True),
    ("事務をつかさどる組織", "division", True),
    ("利用目的", "purpose", True),
    ("記録項目", "record_items", True),
    ("記録範囲", "subjects_scope", True),
    ("記録情報の収集方法", "collection_method", True),
    ("要配慮個人情報", "contains_sensitive", False),
    ("条例要配慮個人情報", "contains_ordinance_sensitive", False),
    ("記録情報の経常的提供先", "regular_recipients", False),
    ("開示請求等を受理する組織の名称及び所在地", "request_office", False),
    ("訂正及び利用停止に関する他の法令の規定による特別の手続等", "special_procedures", False),
    ("個人情報ファイルの種別", "file_type", True),
    ("マニュアル処理ファイルの有無", "has_related_manual_file", False),
    ("備考", "remarks", False),
]
EXPORT_EXTRA = [
    "行政機関等の名称",
    "提案の募集をする個人情報ファイルである旨",
    "提案を受ける組織の名称及び所在地",
    "本人の数",
    "作成された行政機関等匿名加工情報",
]
YES = {"該当", "含む", "有", "あり", "はい", "true", "1", "○", "〇"}
NO = {"非該当", "含まない", "無", "なし", "いいえ", "false", "0", "", "×"}
FILE_TYPES = {
    "電算処理": PersonalInformationFile.FileType.COMPUTER,
    "電算処理ファイル": PersonalInformationFile.FileType.COMPUTER,
    "computer": PersonalInformationFile.FileType.COMPUTER,
    "マニュアル処理": PersonalInformationFile.FileType.MANUAL,
    "マニュアル処理ファイル": PersonalInformationFile.FileType.MANUAL,
    "manual": PersonalInformationFile.FileType.MANUAL,
}
ITEM_SEPARATORS = ("、", ";", "；", "\n", ",")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


def _flag(value: bool) -> str:
    return "該当" if value else "非該当"


def desk_label(org: Organization) -> str:
    desk = org.profile.reception_desk
    return " ".join(x for x in (desk.name, desk.address or "") if x)


def export_rows(files: list[PersonalInformationFile]) -> tuple[list[str], list[list[str]]]:
    header = [h for h, _, _ in COLUMNS] + EXPORT_EXTRA
    rows = []
    for f in files:
        items = "、".join(r.name for r in f.record_items.all())
        datasets = "；".join(f"{d.title}（本人の数 {d.subject_count}）" for d in f.datasets.all())
        rows.append(
            [
                f.register_number,
                f.name,
                f.division.name,
                f.purpose,
                items,
                f.subjects_scope,
                f.collection_method,
                _flag(f.contains_sensitive),
                _flag(f.contains_ordinance_sensitive),
                f.regular_recipients,
                f.request_office,
                f.special_procedures,
                "電算処理" if f.file_type == PersonalInformationFile.FileType.COMPUTER else "マニュアル処理",
                "有" if f.has_related_manual_file else "無",
                f.remarks,
                f.organization.name,
                _flag(f.is_proposal_target),
                desk_label(f.organization) if f.is_proposal_target else "",
                "" if f.subject_count is None else str(f.subject_count),
                datasets,
            ]
        )
    return header, rows


def export_csv(files: list[PersonalInformationFile], encoding: str) -> tuple[bytes, list[str]]:
    """CSV bytes in ``utf-8`` (with BOM, for Excel) or ``cp932``; CP932 reports characters it cannot hold
    (replaced by 〓, the geta mark) so the user knows to use UTF-8 for those."""
    header, rows = export_rows(files)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp932":
        lost = sorted({ch for ch in text if not _encodable(ch)})
        for ch in lost:
            text = text.replace(ch, "〓")
        return text.encode("cp932"), lost
    return ("\ufeff" + text).encode("utf-8"), []


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def export_json(files: list[PersonalInformationFile]) -> list[dict[str, Any]]:
    out = []
    for f in files:
        out.append(
            {
                "id": f.pk,
                "organization": {"id": f.organization.profile_id, "name": f.organization.name},
                "register_number": f.register_number,
                "name": f.name,
                "division": f.division.name,
                "purpose": f.purpose,
                "record_items": [
                    {"name": r.name, "offered_levels": r.offered_levels if r.is_offered else [], "withheld": r.withheld}
                    for r in f.record_items.all()
                ],
                "subjects_scope": f.subjects_scope,
                "collection_method": f.collection_method,
                "contains_sensitive": f.contains_sensitive,
                "contains_ordinance_sensitive": f.contains_ordinance_sensitive,
                "regular_recipients": f.regular_recipients,
                "request_office": f.request_office,
                "special_procedures": f.special_procedures,
                "file_type": f.file_type,
                "has_related_manual_file": f.has_related_manual_file,
                "is_proposal_target": f.is_proposal_target,
                "proposal_office": desk_label(f.organization) if f.is_proposal_target else None,
                "subject_count": f.subject_count,
                "anonymized_datasets": [
                    {
                        "title": d.title,
                        "subject_count": d.subject_count,
                        "information_items": d.information_items,
                        "proposal_office": d.proposal_office,
                        "proposal_period": [
                            d.proposal_period_first_day.isoformat(),
                            d.proposal_period_last_day.isoformat(),
                        ],
                    }
                    for d in f.datasets.all()
                ],
            }
        )
    return out


def _read_upload(name: str, data: bytes) -> tuple[list[dict[str, str | None]], str]:
    """Rows (header → value) of an uploaded CSV or .xlsx; raises EngineError/ValueError with a Japanese message."""
    if len(data) > IMPORT_MAX_BYTES:
        limit_mib = IMPORT_MAX_BYTES // 1024 // 1024
        msg = f"ファイルが大きすぎます（{len(data):,} バイト）。{limit_mib} MiB 以下にしてください。"
        raise ValueError(msg)
    if not data.strip():
        msg = "ファイルが空です。"
        raise ValueError(msg)
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        if not data.startswith(b"PK"):
            msg = "拡張子は .xlsx ですが、Excel ファイルではありません。"
            raise ValueError(msg)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                total = sum(i.file_size for i in archive.infolist())
        except zipfile.BadZipFile:
            msg = "Excel ファイルが壊れています。"
            raise ValueError(msg) from None
        if total > XLSX_MAX_UNCOMPRESSED_BYTES:
            msg = "Excel ファイルの展開後の大きさが上限を超えています。CSV で保存し直してください。"
            raise ValueError(msg)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "upload.xlsx"
            path.write_bytes(data)
            frame, _ = read_table(path)
        return frame.to_dicts(), "xlsx"
    if suffix not in (".csv", ".txt", ".tsv"):
        kind = suffix or "拡張子なし"
        msg = f"ファイルの形式（{kind}）には対応していません。CSV（.csv）又は Excel（.xlsx）を使ってください。"
        raise ValueError(msg)
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        msg = "拡張子は CSV ですが、中身がテキストではありません。"
        raise ValueError(msg)
    text, encoding = decode_bytes(data, path=name)
    frame, _ = read_csv_text(text, path=name)
    return frame.to_dicts(), encoding


def _split_items(raw: str) -> list[str]:
    parts = [raw]
    for sep in ITEM_SEPARATORS:
        parts = [p for chunk in parts for p in chunk.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def _parse_bool(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def validate_rows(
    rows: list[dict[str, str | None]], organization: Organization, user: User
) -> tuple[list[dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    parsed: list[dict[str, Any]] = []
    headers = set(rows[0].keys()) if rows else set()
    missing = [h for h, _, required in COLUMNS if required and h not in headers]
    if missing:
        return [], [RowError(1, h, "必須の列がありません。") for h in missing]
    divisions = {d.name: d for d in organization.departments.filter(kind=Department.Kind.OWNING_DIVISION)}
    names_seen: dict[str, int] = {}
    for index, raw in enumerate(rows, start=2):  # row 1 is the header
        values: dict[str, Any] = {}
        for header, attr, required in COLUMNS:
            value = (raw.get(header) or "").strip()
            if required and not value:
                errors.append(RowError(index, header, "必須の項目が空欄です。"))
                continue
            if attr in ("contains_sensitive", "contains_ordinance_sensitive", "has_related_manual_file"):
                flag = _parse_bool(value)
                if flag is None:
                    errors.append(
                        RowError(
                            index, header, f"「{value}」は読めません。該当/非該当（又は有/無）で入力してください。"
                        )
                    )
                values[attr] = bool(flag)
            elif attr == "file_type" and value:
                if value not in FILE_TYPES:
                    errors.append(
                        RowError(index, header, f"「{value}」は選択肢にありません（電算処理 / マニュアル処理）。")
                    )
                values[attr] = FILE_TYPES.get(value)
            elif attr == "division" and value:
                division = divisions.get(value)
                if division is None:
                    errors.append(
                        RowError(
                            index, header, f"「{value}」は主管課として登録されていません（{'、'.join(divisions)}）。"
                        )
                    )
                elif division.pk != user.department_id:
                    errors.append(RowError(index, header, f"「{value}」はあなたの所属課ではないため取り込めません。"))
                values[attr] = division
            elif attr == "record_items" and value:
                items = _split_items(value)
                if len(set(items)) != len(items):
                    errors.append(RowError(index, header, "同じ記録項目が重複しています。"))
                values[attr] = items
            else:
                limit = (
                    PersonalInformationFile._meta.get_field(attr).max_length
                    if attr in ("name", "register_number")
                    else None
                )
                if limit and len(value) > limit:
                    errors.append(RowError(index, header, f"{limit} 文字以内にしてください（{len(value)} 文字）。"))
                values[attr] = value
        name = values.get("name")
        if name:
            if name in names_seen:
                errors.append(RowError(index, "個人情報ファイルの名称", f"{names_seen[name]} 行目と同じ名称です。"))
            names_seen[name] = index
        parsed.append(values)
    return parsed, errors


def import_register(
    *, name: str, data: bytes, organization: Organization, user: User, origin: Origin, dry_run: bool
) -> ImportResult:
    """Validate an uploaded register file; when valid and not a dry run, create or update every entry at once."""
    result = ImportResult()
    try:
        rows, result.encoding = _read_upload(name, data)
    except (EngineError, ValueError) as exc:
        result.errors.append(RowError(0, "", str(exc).split("\n")[0]))
        return result
    result.rows = len(rows)
    if not rows:
        result.errors.append(RowError(0, "", "データの行がありません。"))
        return result
    parsed, result.errors = validate_rows(rows, organization, user)
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for values in parsed:
            items = values.pop("record_items")
            file, created = PersonalInformationFile.objects.update_or_create(
                organization=organization, name=values["name"], defaults={**values, "organization": organization}
            )
            existing = set(file.record_items.values_list("name", flat=True))
            position = file.record_items.count()
            for item in items:
                if item not in existing:
                    position += 1
                    RecordItem.objects.create(file=file, position=position, name=item)
            result.created += int(created)
            result.updated += int(not created)
        record_event(
            "register.imported",
            actor=user,
            origin=origin,
            organization=organization,
            summary=(
                f"個人情報ファイル簿を取り込みました（新規 {result.created} 件、更新 {result.updated} 件、{name}）。"
            ),
            details={"file": name, "rows": result.rows, "created": result.created, "updated": result.updated},
        )
    return result

"""Backup and restore of an installation: the database (as Django's portable JSON, so an SQLite installation can
be restored into PostgreSQL and back) and the files under DATA_DIR, with SHA-256 checksums of everything.

The archive holds personal data; when TOKUMEI_DATA_KEY is set it is encrypted (AES-256-GCM, tokumei.delivery).
Restore refuses a database that already holds data, verifies every checksum before writing anything, and loads
everything in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from tokumei.delivery import decrypt_file, encrypt_file, key_from_text

FORMAT = "tokumei-backup-1"
#: DATA_DIR sub-folders that are backed up (generated static files and demo caches are not). ``profiles``: the
#: installation's own organization profiles (ADR 0011) — without them a restored organization has no rules.
FILE_ROOTS = ("files", "uploads", "datasets", "documents", "profiles")


class BackupError(RuntimeError):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    objects: int
    files: int
    encrypted: bool


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _models() -> list[type]:
    return [m for m in apps.get_models() if not m._meta.proxy and m._meta.managed]


def _key() -> bytes | None:
    text = os.environ.get("TOKUMEI_DATA_KEY")
    return key_from_text(text) if text else None


class _LosslessEncoder(DjangoJSONEncoder):
    """Django's JSON encoder keeps milliseconds of a time only (23:59:59.123456 → ``.123``): a restored audit
    record would not carry the instant it was written. A backup keeps every microsecond."""

    def default(self, o: object) -> object:
        if isinstance(o, dt.datetime | dt.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _snapshot_isolation() -> None:
    """Make the enclosing transaction read one snapshot of the whole database. PostgreSQL's default (READ
    COMMITTED) gives each query its own: a job or a request committing while the tables are read one after the
    other would leave rows in the archive that point at rows it does not hold. SQLite's read transaction holds one
    snapshot already. Only possible as the first statement of the transaction (not inside a caller's)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block and len(connection.savepoint_ids) == 0:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def backup(target: Path) -> BackupSummary:
    """Write a backup archive to ``target`` (``.tar.gz``, or encrypted when TOKUMEI_DATA_KEY is set)."""
    data_dir = Path(settings.DATA_DIR)
    payload: dict[str, bytes] = {}
    objects = 0
    with transaction.atomic():  # one consistent snapshot
        _snapshot_isolation()
        for model in _models():
            rows = list(model._default_manager.order_by("pk"))
            objects += len(rows)
            text = serializers.serialize("json", rows, cls=_LosslessEncoder)
            payload[f"db/{model._meta.label_lower}.json"] = text.encode("utf-8")
    file_count = 0
    for root in FILE_ROOTS:
        base = data_dir / root
        if base.is_dir():
            for path in sorted(p for p in base.rglob("*") if p.is_file()):
                payload[f"files/{path.relative_to(data_dir).as_posix()}"] = path.read_bytes()
                file_count += 1
    manifest = {
        "format": FORMAT,
        "database_vendor": connection.vendor,
        "objects": objects,
        "sha256": {name: _sha256(data) for name, data in payload.items()},
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in [
            ("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode()),
            *payload.items(),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    target.parent.mkdir(parents=True, exist_ok=True)
    key = _key()
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "backup.tar.gz"
        plain.write_bytes(buffer.getvalue())
        if key is not None:
            encrypt_file(plain, target, key)
        else:
            shutil.copyfile(plain, target)
    return BackupSummary(target, objects, file_count, key is not None)


def _read_archive(source: Path) -> tuple[dict[str, object], dict[str, bytes]]:
    raw = source.read_bytes()
    if raw.startswith(b"TKENC1"):
        key = _key()
        if key is None:
            raise BackupError(
                "backup.key_missing", "暗号化されたバックアップです。TOKUMEI_DATA_KEY を設定してください。"
            )
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "b.tar.gz"
            decrypt_file(source, plain, key)
            raw = plain.read_bytes()
    contents: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
            for member in tar.getmembers():
                if not member.isfile() or member.name.startswith("/") or ".." in Path(member.name).parts:
                    raise BackupError("backup.unsafe_member", f"バックアップに不正な項目があります: {member.name}")
                extracted = tar.extractfile(member)
                contents[member.name] = extracted.read() if extracted else b""
    except tarfile.TarError as exc:
        raise BackupError("backup.unreadable", f"バックアップを読めません: {exc}") from None
    manifest = json.loads(contents.pop("manifest.json", b"{}"))
    if manifest.get("format") != FORMAT:
        raise BackupError("backup.unknown_format", "tokumei のバックアップではありません。")
    for name, digest in manifest["sha256"].items():
        if _sha256(contents.get(name, b"")) != digest:
            raise BackupError(
                "backup.checksum_mismatch", f"チェックサムが一致しません: {name}。バックアップが壊れています。"
            )
    return manifest, contents


def restore(source: Path) -> BackupSummary:
    """Restore into an empty, migrated database and DATA_DIR. Nothing is written unless every checksum verifies."""
    _, contents = _read_archive(source)
    if any(m._default_manager.exists() for m in _models() if m._meta.app_label not in ("contenttypes", "auth")):
        raise BackupError(
            "backup.target_not_empty", "復元先のデータベースにデータがあります。空のデータベースに復元してください。"
        )
    from tokumei.web.core import triggers

    objects = 0
    with transaction.atomic():
        for model in ("contenttypes.contenttype", "auth.permission"):
            apps.get_model(model)._default_manager.all().delete()
        ordered = sorted(name for name in contents if name.startswith("db/"))
        for name in ordered:
            for obj in serializers.deserialize("json", contents[name].decode("utf-8")):
                obj.save()
                objects += 1
        _reset_sequences()
    triggers.install(connection)
    data_dir = Path(settings.DATA_DIR)
    files = 0
    for name, data in contents.items():
        if name.startswith("files/"):
            path = data_dir / name.removeprefix("files/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            files += 1
    return BackupSummary(source, objects, files, source.read_bytes()[:6] == b"TKENC1")


def _reset_sequences() -> None:
    """After loading rows with their primary keys, move PostgreSQL's sequences past them."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)

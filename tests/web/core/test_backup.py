"""Backup and restore: everything comes back identical; a damaged or foreign archive is refused before writing."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.apps import apps
from django.core import serializers

from tokumei.delivery import generate_key
from tokumei.web.core.backup import BackupError, _models, backup, restore
from tokumei.web.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot() -> dict[str, str]:
    return {m._meta.label_lower: serializers.serialize("json", m._default_manager.order_by("pk")) for m in _models()}


def _wipe() -> None:
    from django.core.management import call_command
    from django.db import connection

    from tokumei.web.core import triggers

    triggers.drop(connection)
    call_command("flush", interactive=False, verbosity=0)
    triggers.install(connection)


@pytest.mark.parametrize("encrypted", [False, True])
def test_backup_then_restore_is_identical(personas, kumamoto_file, settings, tmp_path, monkeypatch, encrypted) -> None:
    if encrypted:
        monkeypatch.setenv("TOKUMEI_DATA_KEY", generate_key())
    settings.DATA_DIR = tmp_path / "data"
    upload = settings.DATA_DIR / "uploads" / "a" / "proposal.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.7 test")
    before = _snapshot()
    summary = backup(tmp_path / "b.tar.gz")
    assert summary.encrypted is encrypted
    assert (tmp_path / "b.tar.gz").read_bytes().startswith(b"TKENC1") is encrypted
    _wipe()
    upload.unlink()
    assert not AuditEvent.objects.exists()
    restore(tmp_path / "b.tar.gz")
    assert _snapshot() == before
    assert upload.read_bytes() == b"%PDF-1.7 test"
    # Restored audit rows are still append-only.
    event = AuditEvent.objects.first()
    with pytest.raises(Exception, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")


def test_restore_refuses_a_database_with_data(personas, tmp_path) -> None:
    backup(tmp_path / "b.tar.gz")
    with pytest.raises(BackupError) as info:
        restore(tmp_path / "b.tar.gz")
    assert info.value.code == "backup.target_not_empty"


def test_damaged_archive_is_refused_before_anything_is_written(personas, tmp_path) -> None:
    backup(tmp_path / "b.tar.gz")
    raw = (tmp_path / "b.tar.gz").read_bytes()
    members = {}
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
        for m in tar.getmembers():
            members[m.name] = tar.extractfile(m).read()
    name = next(n for n in members if n.startswith("db/accounts.user"))
    members[name] = members[name].replace(b"kumamoto_desk", b"kumamoto_evil")
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for n, data in members.items():
            info = tarfile.TarInfo(n)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    (tmp_path / "bad.tar.gz").write_bytes(out.getvalue())
    _wipe()
    with pytest.raises(BackupError) as err:
        restore(tmp_path / "bad.tar.gz")
    assert err.value.code == "backup.checksum_mismatch"
    assert not apps.get_model("accounts.User").objects.exists()


def test_not_a_backup(tmp_path) -> None:
    (tmp_path / "x.tar.gz").write_bytes(b"hello")
    with pytest.raises(BackupError):
        restore(tmp_path / "x.tar.gz")


@pytest.mark.skipif("postgresql" not in __import__("os").environ.get("DATABASE_URL", ""), reason="PostgreSQL only")
def test_a_write_committed_during_the_backup_is_not_half_in_it(personas, tmp_path, monkeypatch) -> None:
    """The archive is one snapshot: an audit event committed by another connection while the tables are being read
    (a job or a request finishing) is in none of them, not in the tables read after it."""
    import threading

    from django.db import connections

    from tokumei.web.core import backup as backup_module
    from tokumei.web.core.audit import Origin, record_event

    order = [m._meta.label_lower for m in _models()]
    assert order.index("core.auditevent") > 0  # read after the first table
    real = backup_module.serializers.serialize
    calls: list[str] = []

    def write_elsewhere() -> None:
        try:
            record_event("demo.loaded", actor=None, origin=Origin.command("job"), summary="書込み中の別処理")
        finally:
            connections.close_all()

    def serialize(fmt, rows, **kwargs):
        if not calls:
            writer = threading.Thread(target=write_elsewhere)
            writer.start()
            writer.join(timeout=30)
        calls.append(fmt)
        return real(fmt, rows, **kwargs)

    monkeypatch.setattr(backup_module.serializers, "serialize", serialize)
    backup(tmp_path / "b.tar.gz")

    assert AuditEvent.objects.filter(summary="書込み中の別処理").exists()  # it was committed
    with tarfile.open(tmp_path / "b.tar.gz", mode="r:gz") as tar:
        audit = tar.extractfile("db/core.auditevent.json").read().decode("utf-8")
    assert "書込み中の別処理" not in audit


def test_times_come_back_to_the_microsecond(personas, tmp_path) -> None:
    """Django's JSON keeps milliseconds only: an event written at …:23.000412 came back as …:23 (and the snapshot
    of the round-trip test then differed, now and then). The archive keeps every microsecond."""
    from datetime import UTC, datetime

    instants = [datetime(2026, 12, 4, 14, 56, 23, us, tzinfo=UTC) for us in (412, 123456, 0)]
    pks = [
        AuditEvent.objects.create(
            occurred_at=when, actor_label="システム", action="demo.loaded", summary="時刻", details={}
        ).pk
        for when in instants
    ]
    backup(tmp_path / "b.tar.gz")
    _wipe()
    restore(tmp_path / "b.tar.gz")

    assert [AuditEvent.objects.get(pk=pk).occurred_at for pk in pks] == instants

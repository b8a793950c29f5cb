"""Hostile uploads on a proposal (issues 7 and 12 §2): refused cleanly with a Japanese message, nothing stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tokumei.web.proposals import services
from tokumei.web.proposals.models import Attachment
from tokumei.web.proposals.uploads import MAX_UPLOAD_MIB, UploadRefused

from ..conftest import ORIGIN

pytestmark = pytest.mark.django_db


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))  # 60 MiB inflated, a few dozen KiB stored
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "code", "message"),
    [
        ("empty.pdf", b"", "upload.empty", "空のファイル"),
        ("huge.pdf", b"%PDF-1.4" + b"0" * (MAX_UPLOAD_MIB * 1024 * 1024), "upload.too_large", "上限の10MB"),
        ("bomb.docx", None, "upload.type_not_allowed", "受け付けられる形式ではありません"),
        ("photo.png", b"GIF89a not a png", "upload.type_not_allowed", "内容で判定"),
    ],
    ids=["empty", "too-large", "docx-zip-bomb", "wrong-type-behind-right-name"],
)
def test_hostile_upload_is_refused_and_nothing_is_stored(
    draft, personas, settings, tmp_path: Path, name: str, data: bytes | None, code: str, message: str
) -> None:
    settings.DATA_DIR = tmp_path
    with pytest.raises(UploadRefused, match=message) as info:
        services.add_attachments(
            draft,
            [(name, _zip_bomb() if data is None else data)],
            services.AttachmentInput("business_contribution"),
            actor=personas["proposer"],
            origin=ORIGIN,
        )
    assert info.value.code == code
    assert Attachment.objects.count() == 0
    assert not (tmp_path / "uploads").exists()


def test_a_path_traversal_name_never_chooses_where_the_file_goes(draft, personas, settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    [row] = services.add_attachments(
        draft,
        [("../../../../etc/cron.d/evil.pdf", b"%PDF-1.4 plan")],
        services.AttachmentInput("business_contribution"),
        actor=personas["proposer"],
        origin=ORIGIN,
    )
    stored = list((tmp_path / "uploads").rglob("*"))
    files = [p for p in stored if p.is_file()]
    assert len(files) == 1
    assert files[0].resolve().is_relative_to((tmp_path / "uploads").resolve())
    assert ".." not in files[0].name
    assert "evil" not in files[0].name
    assert row.stored_name == files[0].name
    assert not (tmp_path.parent / "etc").exists()

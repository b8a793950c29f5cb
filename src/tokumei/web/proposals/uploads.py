"""Uploaded documents: checked by content (magic bytes), limited in size, refused when a text layer holds a valid
個人番号, stored outside the web root under ``DATA_DIR/uploads`` by SHA-256 — all checks first, so a refused file
leaves nothing behind (see ADR 0006)."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from stdnum.jp import in_ as my_number

MAX_UPLOAD_MIB = 10
"""Per file. Scans of identity documents and certificates are far smaller."""
MAX_DOCX_UNCOMPRESSED_MIB = 50
"""A DOCX (a ZIP) that inflates beyond this is refused (zip bomb)."""

KINDS = {
    "pdf": ("application/pdf", ".pdf"),
    "jpeg": ("image/jpeg", ".jpg"),
    "png": ("image/png", ".png"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
}
ALLOWED_LABEL = "PDF、JPEG、PNG、Word（.docx）"

_DIGITS = re.compile(rb"(?<![0-9])([0-9]{4}[ \-]?[0-9]{4}[ \-]?[0-9]{4})(?![0-9])")
_DIGITS_TEXT = re.compile(r"(?<![0-9])([0-9]{4}[ \-]?[0-9]{4}[ \-]?[0-9]{4})(?![0-9])")


class UploadRefused(ValueError):
    """A file the system does not accept; the message says why and what to do. ``code`` is stable."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str
    data: bytes
    kind: str
    content_type: str
    sha256: str

    @property
    def stored_name(self) -> str:
        return self.sha256 + KINDS[self.kind][1]


def sniff(data: bytes) -> str | None:
    """The kind of a file from its first bytes (and, for DOCX, its ZIP directory); None when not allowed."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                total = sum(i.file_size for i in z.infolist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            if total > MAX_DOCX_UNCOMPRESSED_MIB * 1024 * 1024:
                return None
            return "docx"
    return None


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8", errors="ignore")
    return re.sub(r"<[^>]+>", "", xml)


def contains_my_number(data: bytes, kind: str) -> bool:
    """Whether the text we can read cheaply holds a 12-digit number with a valid My Number check digit: the DOCX
    text, or a PDF's uncompressed text. Images and compressed PDF streams are not read (the declaration that a
    My Number card copy shows the front side only covers them)."""
    if kind == "docx":
        candidates = [m.group(1) for m in _DIGITS_TEXT.finditer(_docx_text(data))]
    elif kind == "pdf":
        candidates = [m.group(1).decode("ascii") for m in _DIGITS.finditer(data)]
    else:
        return False
    return any(my_number.is_valid(re.sub(r"[ \-]", "", c)) for c in candidates)


def check_upload(name: str, data: bytes) -> CheckedUpload:
    """Every check, before anything is written. Raises :class:`UploadRefused`."""
    if not data:
        raise UploadRefused("upload.empty", f"「{name}」は空のファイルです。内容のあるファイルを選んでください。")
    if len(data) > MAX_UPLOAD_MIB * 1024 * 1024:
        raise UploadRefused(
            "upload.too_large",
            f"「{name}」は{len(data) / 1024 / 1024:.1f}MBで、上限の{MAX_UPLOAD_MIB}MBを超えています。"
            "解像度を下げるなどして小さくしてください。",
        )
    kind = sniff(data)
    if kind is None:
        raise UploadRefused(
            "upload.type_not_allowed",
            f"「{name}」の内容は受け付けられる形式ではありません（受け付ける形式: {ALLOWED_LABEL}）。"
            "ファイル名の拡張子ではなく内容で判定しています。",
        )
    if contains_my_number(data, kind):
        raise UploadRefused(
            "upload.my_number",
            f"「{name}」に個人番号（マイナンバー）と思われる12桁の番号が含まれています。個人番号は提出できません。"
            "個人番号を黒塗りするか、個人番号カードは表面だけの写しにしてください。",
        )
    return CheckedUpload(name[:255], data, kind, KINDS[kind][0], hashlib.sha256(data).hexdigest())


def upload_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def read_stored(path: Path) -> bytes:
    """The plain content of a stored upload (decrypted)."""
    from tokumei.web.core.vault import unseal

    return unseal(path.read_bytes())


def path_for(organization_id: int, proposal_id: int, stored_name: str) -> Path:
    return upload_root() / str(organization_id) / str(proposal_id) / stored_name


def store(upload: CheckedUpload, organization_id: int, proposal_id: int) -> tuple[Path, bool]:
    """Write the file encrypted at rest (TOKUMEI_DATA_KEY; atomically) unless the same content is already there.
    Returns (path, newly written)."""
    from tokumei.web.core.vault import seal

    path = path_for(organization_id, proposal_id, upload.stored_name)
    if path.exists():
        return path, False
    sealed = seal(upload.data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(sealed)
    tmp.replace(path)
    return path, True

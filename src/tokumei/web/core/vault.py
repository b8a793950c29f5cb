"""Encryption at rest of what tokumei keeps on disk or in the database besides created datasets: proposers'
uploads (identity documents, plans) and the official documents issued (notices). AES-256-GCM in the TKENC1 layout
of :mod:`tokumei.delivery.crypto`, under ``TOKUMEI_DATA_KEY`` from the environment (docs/security.md: where the key
lives, backing it up, rotating it). Content stored before encryption was switched on (no TKENC1 header) is still
read as it is, so an existing installation keeps working while ``tokumei backup``/``restore`` re-seals it.
"""

from __future__ import annotations

from django.conf import settings

from tokumei.delivery.crypto import decrypt_bytes, encrypt_bytes, is_sealed, key_from_text


class VaultUnavailable(RuntimeError):
    """No key is configured: refuse to keep anything in the clear."""

    code = "core.data_key_missing"


def _key() -> bytes:
    if not settings.DATA_KEY:
        msg = (
            "TOKUMEI_DATA_KEY が設定されていないため、ファイルを暗号化して保存できません。"
            "システム管理者に連絡してください（docs/security.md）。"
        )
        raise VaultUnavailable(msg)
    return key_from_text(settings.DATA_KEY)


def seal(data: bytes) -> bytes:
    """``data`` encrypted under the configured key."""
    return encrypt_bytes(data, _key())


def unseal(blob: bytes | memoryview) -> bytes:
    """The plain content of ``blob`` (sealed by :func:`seal`, or stored in the clear before encryption)."""
    raw = bytes(blob)
    if not is_sealed(raw):
        return raw
    return decrypt_bytes(raw, _key())

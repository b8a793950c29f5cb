"""Encryption at rest of created datasets: AES-256-GCM, streamed in 1 MiB chunks so files larger than memory work.

Layout: ``b"TKENC1"`` + 8-byte random nonce prefix, then per chunk a 4-byte big-endian length and the sealed
chunk. Each chunk's nonce is the prefix plus its 4-byte index; its associated data is the index and a final flag,
so reordering, dropping or truncating chunks fails authentication. The key (32 bytes) comes from the environment
and never from the data directory (docs/security.md says where it lives and how to rotate it).
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"TKENC1"
CHUNK = 1024 * 1024


class DecryptionError(ValueError):
    """The file is not ours, the key is wrong, or the file was altered or truncated."""

    code = "delivery.decryption_failed"


def generate_key() -> str:
    """A new random key as URL-safe base64 text (put it in TOKUMEI_DATA_KEY)."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def key_from_text(text: str) -> bytes:
    """Decode a key given as base64 text; a clear error when it is not 32 bytes."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        msg = "暗号鍵の形式が正しくありません（base64 の32バイト）。 tokumei の generate_key() で作成してください。"
        raise ValueError(msg) from None
    if len(key) != 32:
        msg = f"暗号鍵は32バイト（AES-256）にしてください（{len(key)} バイトでした）。"
        raise ValueError(msg)
    return key


def _aad(index: int, final: bool) -> bytes:
    return struct.pack(">I?", index, final)


def encrypt_file(source: Path, target: Path, key: bytes) -> None:
    """Encrypt ``source`` into ``target`` (written under a temporary name and renamed: never a partial file)."""
    aead = AESGCM(key)
    prefix = os.urandom(8)
    tmp = target.with_name(target.name + ".part")
    size = source.stat().st_size
    with source.open("rb") as src, tmp.open("wb") as dst:
        dst.write(MAGIC + prefix)
        index = 0
        done = 0
        while True:
            chunk = src.read(CHUNK)
            done += len(chunk)
            final = done >= size
            sealed = aead.encrypt(prefix + struct.pack(">I", index), chunk, _aad(index, final))
            dst.write(struct.pack(">I", len(sealed)) + sealed)
            index += 1
            if final:
                break
    tmp.replace(target)


def decrypt_file(source: Path, target: Path, key: bytes) -> None:
    """Decrypt ``source`` into ``target``; raises DecryptionError (and leaves no target) when anything is wrong."""
    aead = AESGCM(key)
    tmp = target.with_name(target.name + ".part")
    try:
        with source.open("rb") as src, tmp.open("wb") as dst:
            head = src.read(len(MAGIC) + 8)
            if len(head) != len(MAGIC) + 8 or not head.startswith(MAGIC):
                msg = "暗号化された tokumei のファイルではありません。"
                raise DecryptionError(msg)
            prefix = head[len(MAGIC) :]
            index = 0
            while True:
                raw_len = src.read(4)
                if len(raw_len) != 4:
                    msg = "ファイルが途中で切れています。"
                    raise DecryptionError(msg)
                (length,) = struct.unpack(">I", raw_len)
                sealed = src.read(length)
                nonce = prefix + struct.pack(">I", index)
                final = src.peek(1)[:1] == b"" if hasattr(src, "peek") else False
                try:
                    plain = aead.decrypt(nonce, sealed, _aad(index, final))
                except InvalidTag:
                    msg = "復号できません（鍵が違うか、ファイルが改変されています）。"
                    raise DecryptionError(msg) from None
                dst.write(plain)
                index += 1
                if final:
                    break
        tmp.replace(target)
    finally:
        if tmp.exists():
            tmp.unlink()


def encrypt_bytes(data: bytes, key: bytes) -> bytes:
    """``data`` sealed in the same TKENC1 layout as :func:`encrypt_file` (for uploads and documents in memory)."""
    aead = AESGCM(key)
    prefix = os.urandom(8)
    out = [MAGIC + prefix]
    chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    for index, chunk in enumerate(chunks):
        sealed = aead.encrypt(prefix + struct.pack(">I", index), chunk, _aad(index, index == len(chunks) - 1))
        out.append(struct.pack(">I", len(sealed)) + sealed)
    return b"".join(out)


def is_sealed(blob: bytes) -> bool:
    return blob[: len(MAGIC)] == MAGIC


def decrypt_bytes(blob: bytes, key: bytes) -> bytes:
    """The plain bytes of a TKENC1 ``blob``; DecryptionError when it is not ours, the key is wrong or it was altered."""
    if len(blob) < len(MAGIC) + 8 or not is_sealed(blob):
        msg = "暗号化された tokumei のファイルではありません。"
        raise DecryptionError(msg)
    aead = AESGCM(key)
    prefix = blob[len(MAGIC) : len(MAGIC) + 8]
    pos = len(MAGIC) + 8
    index = 0
    plain = []
    while True:
        if pos + 4 > len(blob):
            msg = "ファイルが途中で切れています。"
            raise DecryptionError(msg)
        (length,) = struct.unpack(">I", blob[pos : pos + 4])
        sealed = blob[pos + 4 : pos + 4 + length]
        pos += 4 + length
        final = pos >= len(blob)
        try:
            plain.append(aead.decrypt(prefix + struct.pack(">I", index), sealed, _aad(index, final)))
        except InvalidTag:
            msg = "復号できません（鍵が違うか、ファイルが改変されています）。"
            raise DecryptionError(msg) from None
        index += 1
        if final:
            return b"".join(plain)

"""Encryption at rest and the delivery package: round trips, tampering, wrong keys, media limits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tokumei.delivery import (
    DecryptionError,
    PackageError,
    build_package,
    decrypt_file,
    encrypt_file,
    generate_key,
    key_from_text,
    verify_package,
)
from tokumei.delivery import package as package_module
from tokumei.delivery.crypto import CHUNK


@pytest.fixture
def key() -> bytes:
    return key_from_text(generate_key())


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17])
def test_encrypt_decrypt_round_trip(tmp_path: Path, key: bytes, size: int) -> None:
    data = os.urandom(size)
    src, enc, out = tmp_path / "a.csv", tmp_path / "a.enc", tmp_path / "b.csv"
    src.write_bytes(data)
    encrypt_file(src, enc, key)
    assert data[:64] not in enc.read_bytes() or size < 16
    decrypt_file(enc, out, key)
    assert out.read_bytes() == data


@given(st.binary(max_size=5000))
@settings(max_examples=30, deadline=None)
def test_round_trip_property(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    d = tmp_path_factory.mktemp("p")
    k = key_from_text(generate_key())
    (d / "s").write_bytes(data)
    encrypt_file(d / "s", d / "e", k)
    decrypt_file(d / "e", d / "o", k)
    assert (d / "o").read_bytes() == data


def test_wrong_key_tampering_and_truncation_are_refused(tmp_path: Path, key: bytes) -> None:
    src, enc = tmp_path / "a", tmp_path / "a.enc"
    src.write_bytes(os.urandom(2 * CHUNK + 5))
    encrypt_file(src, enc, key)
    with pytest.raises(DecryptionError, match="鍵が違う"):
        decrypt_file(enc, tmp_path / "o", key_from_text(generate_key()))
    blob = bytearray(enc.read_bytes())
    blob[100] ^= 1
    (tmp_path / "t.enc").write_bytes(bytes(blob))
    with pytest.raises(DecryptionError):
        decrypt_file(tmp_path / "t.enc", tmp_path / "o", key)
    (tmp_path / "cut.enc").write_bytes(enc.read_bytes()[: CHUNK + 100])
    with pytest.raises(DecryptionError):
        decrypt_file(tmp_path / "cut.enc", tmp_path / "o", key)
    whole_chunks = enc.read_bytes()[: 14 + 2 * (4 + CHUNK + 16)]  # drop the final chunk exactly
    (tmp_path / "drop.enc").write_bytes(whole_chunks)
    with pytest.raises(DecryptionError):
        decrypt_file(tmp_path / "drop.enc", tmp_path / "o", key)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("text", ["", "abc", "!!!!", "QUJD"])
def test_bad_key_text_is_refused_in_japanese(text: str) -> None:
    with pytest.raises(ValueError, match="暗号鍵"):
        key_from_text(text)


def test_package_decrypts_with_the_password_and_checksums_verify(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("年齢,住所\n30-39歳,関東\n", encoding="utf-8-sig")
    result = build_package(
        {"data.csv": data},
        tmp_path / "out",
        password="correct horse battery",
        medium="cd-r",
        notice_text="この情報は行政機関等匿名加工情報です。",
        data_dictionary="年齢: 10歳階級",
    )
    assert [v.name for v in result.volumes] == ["delivery-1of1.zip"]
    sums = (tmp_path / "out" / "delivery-SHA256.txt").read_text(encoding="utf-8")
    assert result.volume_checksums["delivery-1of1.zip"] in sums
    verified = verify_package(list(result.volumes), "correct horse battery", extract_to=tmp_path / "x")
    assert verified == result.manifest
    assert (tmp_path / "x" / "data.csv").read_bytes() == data.read_bytes()
    with pytest.raises(PackageError, match="パスワードが違います"):
        verify_package(list(result.volumes), "wrong password!!")


def test_volumes_are_split_to_fit_the_medium_and_oversize_files_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(package_module.MEDIA, "cd-r", package_module.Medium("cd-r", "CD-R", 1_000_000 + 3000))
    files = {}
    for i in range(3):
        p = tmp_path / f"part{i}.bin"
        p.write_bytes(os.urandom(2000))
        files[p.name] = p
    result = build_package(
        files, tmp_path / "out", password="x" * 12, medium="cd-r", notice_text="n", data_dictionary="d"
    )
    assert len(result.volumes) == 3
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(5000))
    with pytest.raises(PackageError, match="収まりません"):
        build_package(
            {"big.bin": big}, tmp_path / "out2", password="x" * 12, medium="cd-r", notice_text="n", data_dictionary="d"
        )


@pytest.mark.parametrize(
    ("medium", "password", "code"),
    [("floppy", "x" * 12, "delivery.unknown_medium"), ("dvd-r", "short", "delivery.weak_password")],
)
def test_bad_medium_or_password(tmp_path: Path, medium: str, password: str, code: str) -> None:
    with pytest.raises(PackageError) as info:
        build_package({}, tmp_path, password=password, medium=medium, notice_text="", data_dictionary="")
    assert info.value.code == code

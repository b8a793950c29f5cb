"""The delivery package (法121条2項: provision with safety measures): the dataset files, a data dictionary and a
notice that the data is 匿名加工情報, in AES-256 encrypted ZIP volumes sized for the chosen medium, with a manifest
of SHA-256 checksums inside each volume and a checksum list of the volumes beside them.

The password is handed over by a separate channel; 7-Zip (free, Windows) opens AES-256 ZIP files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyzipper


@dataclass(frozen=True)
class Medium:
    code: str
    label: str
    capacity_bytes: int


#: Usable capacities of the media the seeds name (CD-R 700 MiB; DVD-R 4.7 GB single layer).
MEDIA: Mapping[str, Medium] = {
    "cd-r": Medium("cd-r", "CD-R", 737_280_000),
    "dvd-r": Medium("dvd-r", "DVD-R", 4_707_319_808),
}
#: Room kept on each volume for the ZIP structures, the manifest and the notice.
_OVERHEAD = 1_000_000


class PackageError(ValueError):
    """A package that cannot be built or verified; the message says why and what to do."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class PackageResult:
    volumes: tuple[Path, ...]
    manifest: dict[str, str]  # file name → SHA-256 of its content
    volume_checksums: dict[str, str] = field(default_factory=dict)
    medium: str = ""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _plan_volumes(files: Mapping[str, Path], capacity: int, medium: Medium) -> list[list[str]]:
    """First-fit decreasing: every file goes whole onto one volume; a file too large for the medium is refused."""
    room = capacity - _OVERHEAD
    volumes: list[tuple[int, list[str]]] = []
    for name in sorted(files, key=lambda n: files[n].stat().st_size, reverse=True):
        size = files[name].stat().st_size
        if size > room:
            msg = (
                f"「{name}」（{size:,} バイト）は1枚の{medium.label}"
                f"（{medium.capacity_bytes:,} バイト）に収まりません。"
                "DVD-R を選ぶか、提供するファイルを分けてください。"
            )
            raise PackageError("delivery.file_too_large_for_medium", msg)
        for i, (used, names) in enumerate(volumes):
            if used + size <= room:
                volumes[i] = (used + size, [*names, name])
                break
        else:
            volumes.append((size, [name]))
    return [names for _, names in volumes]


def build_package(
    files: Mapping[str, Path],
    out_dir: Path,
    *,
    password: str,
    medium: str,
    notice_text: str,
    data_dictionary: str,
    stem: str = "delivery",
) -> PackageResult:
    """Write the encrypted volumes ``{stem}-1of2.zip`` … into ``out_dir`` and ``{stem}-SHA256.txt`` beside them."""
    if medium not in MEDIA:
        msg = f"媒体「{medium}」は選べません（{'、'.join(m.label for m in MEDIA.values())}）。"
        raise PackageError("delivery.unknown_medium", msg)
    if len(password) < 12:
        msg = "パスワードは12文字以上にしてください（別の経路で渡します）。"
        raise PackageError("delivery.weak_password", msg)
    spec = MEDIA[medium]
    manifest = {name: sha256_of(path) for name, path in files.items()}
    plan = _plan_volumes(files, spec.capacity_bytes, spec)
    out_dir.mkdir(parents=True, exist_ok=True)
    volumes: list[Path] = []
    for number, names in enumerate(plan, start=1):
        target = out_dir / f"{stem}-{number}of{len(plan)}.zip"
        tmp = target.with_name(target.name + ".part")
        with pyzipper.AESZipFile(tmp, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zf:
            zf.setpassword(password.encode("utf-8"))
            zf.setencryption(pyzipper.WZ_AES, nbits=256)
            zf.writestr("README_匿名加工情報.txt", notice_text)
            zf.writestr("データ項目の説明.txt", data_dictionary)
            volume_manifest = {n: manifest[n] for n in names}
            zf.writestr(
                "manifest.json",
                json.dumps(
                    {"volume": number, "volumes": len(plan), "sha256": volume_manifest}, ensure_ascii=False, indent=1
                ),
            )
            for name in names:
                zf.write(files[name], arcname=name)
        tmp.replace(target)
        volumes.append(target)
    checksums = {v.name: sha256_of(v) for v in volumes}
    (out_dir / f"{stem}-SHA256.txt").write_text(
        "".join(f"{digest}  {name}\n" for name, digest in checksums.items()), encoding="utf-8"
    )
    return PackageResult(tuple(volumes), manifest, checksums, medium)


def verify_package(volumes: list[Path], password: str, extract_to: Path | None = None) -> dict[str, str]:
    """Decrypt every volume, check every file against its manifest, and return the verified checksums."""
    verified: dict[str, str] = {}
    for volume in volumes:
        try:
            with pyzipper.AESZipFile(volume) as zf:
                zf.setpassword(password.encode("utf-8"))
                manifest = json.loads(zf.read("manifest.json"))["sha256"]
                for name, expected in manifest.items():
                    digest = hashlib.sha256()
                    with zf.open(name) as member:
                        while block := member.read(1024 * 1024):
                            digest.update(block)
                    if digest.hexdigest() != expected:
                        msg = f"「{name}」のチェックサムが一致しません。媒体を作り直してください。"
                        raise PackageError("delivery.checksum_mismatch", msg)
                    verified[name] = expected
                    if extract_to is not None:
                        zf.extract(name, extract_to)
        except RuntimeError as exc:  # pyzipper: bad password
            msg = f"「{volume.name}」を開けません（パスワードが違います）。"
            raise PackageError("delivery.bad_password", msg) from exc
    return verified

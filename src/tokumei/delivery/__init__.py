"""Keeping created datasets encrypted at rest and packaging them for delivery (法121条2項, 規則65条).

Neither module imports Django or the engine: they work on files, so the web layer's production and delivery
stages and the command line can share them.
"""

from tokumei.delivery.crypto import (
    DecryptionError,
    decrypt_bytes,
    decrypt_file,
    encrypt_bytes,
    encrypt_file,
    generate_key,
    is_sealed,
    key_from_text,
)
from tokumei.delivery.encoding import Unencodable, report_text, to_cp932
from tokumei.delivery.package import (
    MEDIA,
    Medium,
    PackageError,
    PackageResult,
    build_package,
    verify_package,
)

__all__ = [
    "MEDIA",
    "DecryptionError",
    "Medium",
    "PackageError",
    "PackageResult",
    "Unencodable",
    "build_package",
    "decrypt_bytes",
    "decrypt_file",
    "encrypt_bytes",
    "encrypt_file",
    "generate_key",
    "is_sealed",
    "key_from_text",
    "report_text",
    "to_cp932",
    "verify_package",
]

"""The Japanese font embedded in PDFs: IPAexGothic from the ``matplotlib-fontja`` wheel (PyPI).

Located with :func:`importlib.util.find_spec` so matplotlib itself is never imported. The font is used under the
IPA Font License Agreement v1.0, which ships beside it in the wheel (``fonts/IPA_Font_License_Agreement_v1.0.txt``):
embedding it in a PDF (a "Digital Document File", art. 1-5) is allowed and puts no further obligation on whoever
reproduces the PDF (art. 2-5). tokumei does not copy or modify the font file. See ``NOTICE.md``.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FONT_PACKAGE", "FontNotFound", "JapaneseFont", "ipaex_gothic"]

FONT_PACKAGE = "matplotlib_fontja"
"""The import name of the ``matplotlib-fontja`` distribution that carries ``fonts/ipaexg.ttf``."""


class FontNotFound(RuntimeError):
    """The Japanese font is not installed (code ``document.font_not_found``)."""

    code = "document.font_not_found"


@dataclass(frozen=True, slots=True)
class JapaneseFont:
    """A TrueType font file, the name it is registered under, and its licence file."""

    name: str
    path: Path
    licence: Path | None


def ipaex_gothic() -> JapaneseFont:
    """IPAexGothic from the installed ``matplotlib-fontja`` wheel, without importing matplotlib."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        fonts = Path(location) / "fonts"
        path = fonts / "ipaexg.ttf"
        if path.is_file():
            licence = fonts / "IPA_Font_License_Agreement_v1.0.txt"
            return JapaneseFont("IPAexGothic", path, licence if licence.is_file() else None)
    msg = (
        "PDFに埋め込む日本語フォント（IPAexゴシック）が見つかりません。"
        "`pip install matplotlib-fontja==1.1.0` を実行してください "
        "(IPAexGothic not found: install the matplotlib-fontja wheel)."
    )
    raise FontNotFound(msg)

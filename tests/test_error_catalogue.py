"""Every stable error code is documented in docs/errors.md (STYLE.md: 'Every raised error has a code listed')."""

from __future__ import annotations

import enum
import re
from pathlib import Path

import pytest

from tokumei.engine._lattice import LatticeErrorCode
from tokumei.engine.errors import ErrorCode
from tokumei.engine.hierarchies.arx import ArxHierarchyErrorCode
from tokumei.law.decision_notices import DecisionNoticeCode
from tokumei.law.fees import FeeCode
from tokumei.law.notices import NoticeCode
from tokumei.law.review import EvidenceCode, ReviewCode
from tokumei.law.solicitation import SolicitationCode
from tokumei.law.transitions import InvalidTransition
from tokumei.profiles import ProfileErrorCode

CATALOGUE = Path(__file__).resolve().parents[1] / "docs" / "errors.md"
ENUMS: list[type[enum.StrEnum]] = [
    ErrorCode,
    ArxHierarchyErrorCode,
    LatticeErrorCode,
    ProfileErrorCode,
    SolicitationCode,
    NoticeCode,
    FeeCode,
    ReviewCode,
    EvidenceCode,
    DecisionNoticeCode,
]


def _documented() -> set[str]:
    return set(re.findall(r"`([a-z0-9_.]+)`", CATALOGUE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("codes", ENUMS, ids=lambda e: e.__name__)
def test_every_code_is_documented(codes: type[enum.StrEnum]) -> None:
    missing = sorted(c.value for c in codes if c.value not in _documented())
    assert missing == [], f"add these codes to docs/errors.md: {missing}"


def test_other_stable_codes_are_documented() -> None:
    documented = _documented()
    for code in (InvalidTransition.code, "document.invalid_number", "document.font_not_found"):
        assert code in documented

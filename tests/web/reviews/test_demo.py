"""The demo has an approved and a rejected case for each seed organization that can still solicit."""

from __future__ import annotations

import pytest

from tokumei.web.demo import load_demo
from tokumei.web.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_demo_has_approved_and_rejected_cases(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    assert load_demo()
    states: dict[str, set[str]] = {}
    for r in Review.objects.select_related("organization"):
        states.setdefault(r.organization.profile_id, set()).add(r.state)
    # legacy-2017 (the abolished regime) cannot open a new solicitation
    assert set(states) == {"kumamoto-city", "isa", "nara-police", "fukuoka-police"}
    assert all(s == {"approval_notified", "rejection_notified"} for s in states.values()), states
    assert Review.objects.filter(state="approval_notified", fee_yen=40_750).count() == 4

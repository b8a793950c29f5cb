"""Fixtures for the review: accepted proposals (Nara and Kumamoto) on files with real generated data and a policy."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tokumei.law.intake import ProposalKind
from tokumei.law.review import division_check_required
from tokumei.web.proposals import services as proposal_services

from ..conftest import ORIGIN
from ..proposals.conftest import (  # noqa: F401 - fixtures re-exported for this package
    attach_all,
    complete_input,
    data_file,
    kumamoto_target,
    nara_target,
)


def accepted_proposal(personas, target, org_key: str, **overrides):
    s, f = target
    proposer, desk = personas["proposer"], personas[f"{org_key}_desk"]
    today = timezone.localdate()
    p = proposal_services.start_draft(owner=proposer, kind=ProposalKind.NEW, solicitation=s, file=f, origin=ORIGIN)
    p = proposal_services.save_draft(p, complete_input(**overrides), actor=proposer, origin=ORIGIN)
    attach_all(p, proposer)
    proposal_services.record_arrival(
        p,
        channel="mail",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        proposal_date=today,
        actor=desk,
        origin=ORIGIN,
    )
    p = proposal_services.accept(p, actor=desk, origin=ORIGIN)
    if division_check_required(p.organization.profile):  # Nara 要綱第2-4: the division checks before reviewing
        division = personas[f"{org_key}_division"]
        p = proposal_services.record_division_check(p, "確認した。", actor=division, origin=ORIGIN)
    return p


@pytest.fixture
def nara_proposal(personas, nara_target):  # noqa: F811 - the re-exported fixture
    """Ages in 10-year bands, no address: meets the file's policy (k=5) on the generated data."""
    return accepted_proposal(personas, nara_target, "nara", processing={"住所": None, "生年月日": "band10"})


@pytest.fixture
def kumamoto_unique_proposal(personas, kumamoto_target):  # noqa: F811 - the re-exported fixture
    """A recipe that keeps fine detail (municipality, 5-year bands): records stay unique."""
    return accepted_proposal(
        personas, kumamoto_target, "kumamoto", processing={"住所": "municipality", "生年月日": "band5"}
    )

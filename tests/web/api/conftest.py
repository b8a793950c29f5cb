"""Fixtures for the staff API: tokens per persona, and proposals that have arrived (Kumamoto and Nara)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tokumei.law.intake import ProposalKind
from tokumei.web.api import tokens
from tokumei.web.proposals import services as proposal_services

from ..conftest import ORIGIN
from ..proposals.conftest import (  # noqa: F401 - fixtures re-exported for this package
    attach_all,
    complete_input,
    data_file,
    kumamoto_target,
    nara_target,
)

STAFF = [f"{org}_{role}" for org in ("kumamoto", "nara") for role in ("desk", "division", "approver", "auditor")]


@pytest.fixture
def api_tokens(personas) -> dict[str, str]:
    """One token per staff persona (the secret, as the client would hold it)."""
    return {
        name: tokens.issue_token(personas[name], "文書管理システム", actor=None, origin=ORIGIN).secret for name in STAFF
    }


class Api:
    """A client of the staff API holding one persona's token."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/staff{path}", params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            f"/api/staff{path}", json.dumps(body or {}), content_type="application/json", headers=self.headers
        )


@pytest.fixture
def as_persona(api_tokens):
    return lambda name: Api(api_tokens[name])


def draft_proposal(personas, target, **overrides):
    s, f = target
    proposer = personas["proposer"]
    p = proposal_services.start_draft(owner=proposer, kind=ProposalKind.NEW, solicitation=s, file=f, origin=ORIGIN)
    p = proposal_services.save_draft(p, complete_input(**overrides), actor=proposer, origin=ORIGIN)
    attach_all(p, proposer)
    return p


def received_proposal(personas, target, org_key: str, **overrides):
    p = draft_proposal(personas, target, **overrides)
    today = timezone.localdate()
    return proposal_services.record_arrival(
        p,
        channel="mail",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        proposal_date=today,
        actor=personas[f"{org_key}_desk"],
        origin=ORIGIN,
    )


@pytest.fixture
def kumamoto_case(personas, kumamoto_target):  # noqa: F811 - the re-exported fixture
    """A complete proposal that has arrived at Kumamoto City by mail (state: received)."""
    return received_proposal(personas, kumamoto_target, "kumamoto", processing={"住所": None, "生年月日": "band10"})


@pytest.fixture
def nara_case(personas, nara_target):  # noqa: F811 - the re-exported fixture
    return received_proposal(personas, nara_target, "nara", processing={"住所": None, "生年月日": "band10"})

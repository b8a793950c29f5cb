"""Property-based API testing (schemathesis) against the OpenAPI schema: no 5xx, every 4xx has the bilingual
error body (code, message in Japanese, message_en).

The staff endpoints are called with an API token of the persona whose role performs the operation in Kumamoto's
profile (the desk for intake, the owning division for the review and the contract, the approver for the
sign-off), so they are exercised past authentication; half of the generated case ids are replaced by the id of a
real Kumamoto case, so the transitions run against the services and not only into 404."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from tokumei.web.api import tokens

from ..conftest import ORIGIN
from .conftest import received_proposal

pytestmark = pytest.mark.django_db(transaction=True)

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

KNOWN: dict[str, int] = {}
TOKENS: dict[str, str] = {}


@schema.hook
def map_path_parameters(ctx: Any, path_parameters: dict[str, Any] | None) -> dict[str, Any] | None:
    """Every other generated case id (by parity, so Hypothesis can still shrink) becomes a real case."""
    value = (path_parameters or {}).get("case_id")
    if isinstance(value, int) and value % 2 == 0 and "case_id" in KNOWN:
        path_parameters = {**(path_parameters or {}), "case_id": KNOWN["case_id"]}
    return path_parameters


def _persona_for(path: str) -> str:
    if path.endswith("/sign-off"):
        return "kumamoto_approver"
    if "/review/" in path or "/contract/" in path or "/register/" in path:
        return "kumamoto_division"
    return "kumamoto_desk"


@pytest.fixture
def _data(personas, kumamoto_file, nara_file, kumamoto_target) -> None:
    """Some rows so that the read endpoints return content, a received Kumamoto case and staff tokens."""
    case = received_proposal(personas, kumamoto_target, "kumamoto", processing={"住所": None, "生年月日": "band10"})
    KNOWN["case_id"] = case.pk
    for name in ("kumamoto_desk", "kumamoto_division", "kumamoto_approver"):
        TOKENS[name] = tokens.issue_token(personas[name], "schemathesis", actor=None, origin=ORIGIN).secret


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.usefixtures("_data")
def test_api_never_fails_with_a_server_error(case) -> None:
    headers = {"Authorization": f"Bearer {TOKENS[_persona_for(case.path)]}"} if "/staff/" in case.path else None
    response = case.call(headers=headers)
    assert response.status_code < 500, response.text
    if 400 <= response.status_code < 500 and response.headers.get("Content-Type", [""])[0].startswith(
        "application/json"
    ):
        body = response.json()
        assert {"code", "message", "message_en"} <= set(body), body

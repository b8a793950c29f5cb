"""Property-based API testing (schemathesis) against the OpenAPI schema: no 5xx, every 4xx has the bilingual
error body (code, message in Japanese, message_en)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.django_db(transaction=True)

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def _data(personas, kumamoto_file, nara_file) -> None:
    """Some rows so that the read endpoints return content."""


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.usefixtures("_data")
def test_api_never_fails_with_a_server_error(case) -> None:
    response = case.call()
    assert response.status_code < 500, response.text
    if 400 <= response.status_code < 500 and response.headers.get("Content-Type", [""])[0].startswith(
        "application/json"
    ):
        body = response.json()
        assert {"code", "message", "message_en"} <= set(body), body

"""A NUL character in a request is refused with 400 and a clear message, never a server error (PostgreSQL cannot
store or compare it in text columns)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_api_query_with_nul_is_refused_in_both_languages(client, kumamoto_file) -> None:
    response = client.get("/api/register/files", {"q": "住民\x00"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_character"
    assert "NUL文字" in body["message"]
    assert "NUL" in body["message_en"]


def test_api_json_body_with_escaped_nul_is_refused(client) -> None:
    response = client.post("/api/register/files", data='{"q": "a\\u0000"}', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_character"


def test_portal_query_with_nul_shows_a_japanese_page(client, kumamoto_file) -> None:
    response = client.get("/register/", {"q": "\x00"})
    assert response.status_code == 400
    assert "NUL文字" in response.content.decode()


def test_ordinary_search_still_works(client, kumamoto_file) -> None:
    response = client.get("/api/register/files", {"q": "住民"})
    assert response.status_code == 200

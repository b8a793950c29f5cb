"""The staff page 「APIトークン」: a staff member issues a token (shown once), sees only their own tokens and
revokes them; proposers have no such page."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from tokumei.web.api import tokens
from tokumei.web.api.models import ApiToken
from tokumei.web.core.models import AuditEvent

from ..conftest import ORIGIN
from .conftest import Api

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_issue_shows_the_token_once_and_it_works(personas) -> None:
    client = _client(personas["kumamoto_desk"])
    response = client.post("/staff/api-tokens/", {"name": "文書管理システム", "days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = response.content.decode()
    token = ApiToken.objects.get(user=personas["kumamoto_desk"])
    start = html.index('<code id="token-secret">') + len('<code id="token-secret">')
    secret = html[start : html.index("</code>", start)]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.token_sha256
    assert "このトークンは今だけ表示されます。" in html
    assert Api(secret).get("/cases").status_code == 200
    again = client.get("/staff/api-tokens/").content.decode()
    assert token.key_id in again
    assert secret not in again
    assert AuditEvent.objects.filter(
        action="api.token_issued", actor=personas["kumamoto_desk"], request_path="/staff/api-tokens/"
    ).exists()


def test_a_bad_period_is_explained_and_nothing_issued(personas) -> None:
    response = _client(personas["kumamoto_desk"]).post("/staff/api-tokens/", {"name": "x", "days": "999"})
    assert response.status_code == 200
    assert "この値は 366 以下でなければなりません。" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_only_own_tokens_are_listed_and_revocable(personas) -> None:
    own = tokens.issue_token(personas["kumamoto_division"], "自分の連携", actor=None, origin=ORIGIN)
    other = tokens.issue_token(personas["kumamoto_desk"], "他人の連携", actor=None, origin=ORIGIN)
    client = _client(personas["kumamoto_division"])
    page = client.get("/staff/api-tokens/").content.decode()
    assert own.token.key_id in page
    assert other.token.key_id not in page
    assert client.post(f"/staff/api-tokens/{other.token.pk}/revoke/").status_code == 404
    other.token.refresh_from_db()
    assert other.token.revoked_at is None
    response = client.post(f"/staff/api-tokens/{own.token.pk}/revoke/", follow=True)
    assert "を失効させました。" in response.content.decode()
    assert Api(own.secret).get("/cases").status_code == 401
    assert Api(other.secret).get("/cases").status_code == 200


def test_proposers_have_no_token_page(personas) -> None:
    assert _client(personas["proposer"]).get("/staff/api-tokens/").status_code == 403
    assert Client().get("/staff/api-tokens/").status_code == 302

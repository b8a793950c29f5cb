"""Security headers, CSP and login throttling."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_strict_csp_and_security_headers(client, orgs) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_login_is_locked_after_repeated_failures(client, personas, settings) -> None:
    url = reverse("accounts:login")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(url, {"username": "kumamoto_desk", "password": "wrong"})
    response = client.post(url, {"username": "kumamoto_desk", "password": "correct-horse-battery-staple"})
    assert response.status_code == 200
    assert "一時的にログインできません" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_few_failures_do_not_lock(client, personas) -> None:
    url = reverse("accounts:login")
    client.post(url, {"username": "kumamoto_desk", "password": "wrong"})
    response = client.post(url, {"username": "kumamoto_desk", "password": "correct-horse-battery-staple"})
    assert response.status_code == 302

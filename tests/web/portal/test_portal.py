"""The public portal answers without login and lists the organizations with their desks."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_portal_home_is_public_and_japanese(client, orgs) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ja">' in body
    assert "行政機関等匿名加工情報" in body
    assert "熊本市" in body
    assert reverse("accounts:login") in body


def test_portal_labels_placeholder_values(client, orgs) -> None:
    profiles = [o.profile for o in orgs.values()]
    assert any(p.placeholders for p in profiles)
    body = client.get("/").content.decode()
    assert "デモ用の仮の値" in body


def test_no_external_assets(client, orgs) -> None:
    body = client.get("/").content.decode()
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body


def test_staff_home_after_login(client, personas) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "kumamoto_desk", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert "職員ホーム" in home.content.decode()


def test_wrong_password_gets_a_japanese_message_and_is_audited(client, personas) -> None:
    from tokumei.web.core.models import AuditEvent

    response = client.post(reverse("accounts:login"), {"username": "kumamoto_desk", "password": "wrong"})
    assert response.status_code == 200
    assert "利用者名またはパスワードが正しくありません" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_failed").exists()


def test_proposer_is_sent_to_the_portal(client, personas) -> None:
    client.force_login(personas["proposer"])
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")

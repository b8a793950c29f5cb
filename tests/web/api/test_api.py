"""The JSON API: public register and solicitations, staff transitions through the same services, clear errors."""

from __future__ import annotations

import json

import pytest

from tokumei.web.core.models import AuditEvent

from ..factories import make_file

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served_offline(client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "tokumei API"
    assert "/api/register/files" in schema["paths"]
    docs = client.get("/api/docs").content.decode()
    assert "https://" not in docs  # Swagger UI from the wheel, no CDN


def test_public_register_and_file(client, kumamoto_file, personas) -> None:
    user = personas["kumamoto_division"]
    make_file(user.organization, user.department, user, name="非公表", published=False)
    files = client.get("/api/register/files").json()
    assert [f["name"] for f in files] == ["健康診査ファイル"]
    one = client.get(f"/api/register/files/{kumamoto_file.pk}").json()
    assert one["is_proposal_target"] is True
    items = {i["name"]: i for i in one["record_items"]}
    assert items["住所"]["offered_levels"] == ["municipality", "prefecture"]
    assert items["氏名"]["offered_levels"] == []


def test_missing_file_gets_a_bilingual_404(client) -> None:
    response = client.get("/api/register/files/999999")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "見つかりません。", "message_en": "Not found."}


def test_bad_query_gets_a_bilingual_422(client) -> None:
    response = client.get("/api/register/files", {"targets_only": "maybe"})
    assert response.status_code == 422
    assert response.json()["message"] == "入力内容に誤りがあります。"


def test_staff_api_requires_login_and_own_organization(client, personas, kumamoto_file, nara_file) -> None:
    assert client.get("/api/staff/register/files").status_code == 401
    client.force_login(personas["nara_desk"])
    names = [f["name"] for f in client.get("/api/staff/register/files").json()]
    assert names == ["交通事故当事者ファイル"]
    client.force_login(personas["proposer"])
    assert client.get("/api/staff/register/files").status_code == 403


DETERMINATION = {
    "register_published": True,
    "disclosable": True,
    "no_hindrance": False,
    "no_hindrance_reason": "システム更改中",
    "selected": False,
    "reasons": "今年度はシステム更改のため選定しない。",
}


def test_staff_transition_uses_the_same_service_and_is_audited(personas, kumamoto_file) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=False)
    client.force_login(personas["kumamoto_division"])
    url = f"/api/staff/register/files/{kumamoto_file.pk}/determination"
    response = client.post(url, json.dumps(DETERMINATION), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["version"] == 2
    kumamoto_file.refresh_from_db()
    assert kumamoto_file.is_proposal_target is False
    assert AuditEvent.objects.filter(action="register.determination_recorded", request_path=url).exists()
    refused = client.post(url, json.dumps({**DETERMINATION, "selected": True}), content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["problems"][0]["field"] == "selected"


@pytest.mark.parametrize(("persona", "status"), [("kumamoto_desk", 403), ("nara_division", 404), ("proposer", 404)])
def test_staff_transition_permissions(client, personas, kumamoto_file, persona, status) -> None:
    client.force_login(personas[persona])
    url = f"/api/staff/register/files/{kumamoto_file.pk}/determination"
    response = client.post(url, json.dumps(DETERMINATION), content_type="application/json")
    assert response.status_code == status
    assert kumamoto_file.determinations.count() == 1


def test_session_post_without_csrf_token_is_refused(personas, kumamoto_file) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["kumamoto_division"])
    url = f"/api/staff/register/files/{kumamoto_file.pk}/determination"
    response = client.post(url, json.dumps(DETERMINATION), content_type="application/json")
    assert response.status_code == 403
    assert kumamoto_file.determinations.count() == 1


def test_staff_register_endpoints_also_take_an_api_token(personas, kumamoto_file, nara_file) -> None:
    from django.test import Client

    from tokumei.web.api.tokens import issue_token

    from ..conftest import ORIGIN

    secret = issue_token(personas["kumamoto_division"], "文書管理システム", actor=None, origin=ORIGIN).secret
    client = Client(enforce_csrf_checks=True)  # a bearer token is not an ambient credential: no CSRF token needed
    headers = {"Authorization": f"Bearer {secret}"}
    names = [f["name"] for f in client.get("/api/staff/register/files", headers=headers).json()]
    assert names == ["健康診査ファイル"]
    url = f"/api/staff/register/files/{kumamoto_file.pk}/determination"
    response = client.post(url, json.dumps(DETERMINATION), content_type="application/json", headers=headers)
    assert response.status_code == 201, response.content
    assert AuditEvent.objects.filter(
        action="register.determination_recorded", actor=personas["kumamoto_division"]
    ).exists()
    other = f"/api/staff/register/files/{nara_file.pk}/determination"
    assert (
        client.post(other, json.dumps(DETERMINATION), content_type="application/json", headers=headers).status_code
        == 404
    )

"""Staff of one organization cannot read another's data: 404, and nothing of it in the response."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tokumei.web.accounts.roles import Role
from tokumei.web.accounts.services import create_user
from tokumei.web.core.models import AuditEvent

from ..conftest import ORIGIN

pytestmark = pytest.mark.django_db

# (persona, organization page, expected status) — every staff role × own/other organization, proposer, anonymous.
ORG_PAGE_MATRIX = [
    ("kumamoto_desk", "kumamoto-city", 200),
    ("kumamoto_division", "kumamoto-city", 200),
    ("kumamoto_approver", "kumamoto-city", 200),
    ("kumamoto_auditor", "kumamoto-city", 200),
    ("kumamoto_desk", "nara-police", 404),
    ("kumamoto_division", "nara-police", 404),
    ("kumamoto_approver", "nara-police", 404),
    ("kumamoto_auditor", "nara-police", 404),
    ("nara_desk", "kumamoto-city", 404),
    ("nara_division", "nara-police", 200),
    ("proposer", "kumamoto-city", 404),
    ("kumamoto_desk", "no-such-org", 404),
]


@pytest.mark.parametrize(("persona", "profile_id", "status"), ORG_PAGE_MATRIX)
def test_organization_page_matrix(client, personas, orgs, persona, profile_id, status) -> None:
    client.force_login(personas[persona])
    response = client.get(reverse("accounts:organization", args=[profile_id]))
    assert response.status_code == status
    if status == 404:
        body = response.content.decode()
        for other in ("nara_desk", "nara_division", "kumamoto_division"):
            if other.split("_")[0] != persona.split("_")[0]:
                assert other not in body


def test_anonymous_is_sent_to_login(client, orgs) -> None:
    response = client.get(reverse("accounts:organization", args=["kumamoto-city"]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_viewing_an_organization_is_audited(client, personas) -> None:
    client.force_login(personas["kumamoto_desk"])
    client.get(reverse("accounts:organization", args=["kumamoto-city"]))
    event = AuditEvent.objects.filter(action="accounts.organization_viewed").latest("id")
    assert event.actor == personas["kumamoto_desk"]
    assert event.ip_address == "127.0.0.1"


AUDIT_MATRIX = [
    ("kumamoto_auditor", 200),
    ("nara_auditor", 200),
    ("kumamoto_desk", 403),
    ("kumamoto_division", 403),
    ("kumamoto_approver", 403),
    ("proposer", 403),
]


@pytest.mark.parametrize(("persona", "status"), AUDIT_MATRIX)
def test_audit_log_only_for_auditors(client, personas, persona, status) -> None:
    client.force_login(personas[persona])
    assert client.get(reverse("records:audit_log")).status_code == status
    assert client.get(reverse("records:audit_log_csv")).status_code == status


def test_auditor_sees_only_own_organization_events(client, personas) -> None:
    client.force_login(personas["nara_desk"])
    client.get(reverse("accounts:organization", args=["nara-police"]))
    client.force_login(personas["kumamoto_auditor"])
    body = client.get(reverse("records:audit_log_csv")).content.decode("utf-8-sig")
    assert "nara_desk" not in body
    assert "kumamoto_auditor" in body


def test_staff_role_without_organization_is_refused() -> None:
    with pytest.raises(ValueError, match="所属機関"):
        create_user(username="x", password="x", display_name="x", roles=[Role.APPROVER], origin=ORIGIN)


def test_department_of_another_organization_is_refused(orgs) -> None:
    nara_dept = orgs["nara-police"].departments.first()
    with pytest.raises(ValueError, match="部署"):
        create_user(
            username="x",
            password="x",
            display_name="x",
            roles=[Role.OWNING_DIVISION],
            organization=orgs["kumamoto-city"],
            department=nara_dept,
            origin=ORIGIN,
        )

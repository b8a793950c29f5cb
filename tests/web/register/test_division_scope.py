"""Owning-division staff (主管課) see only the files their division holds; the desk, approvers and auditors of the
organization see every file; nobody sees another organization's (issue 2, object-level permissions)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tokumei.web.accounts.models import Department
from tokumei.web.accounts.roles import Role
from tokumei.web.core.models import AuditEvent

from ..conftest import PASSWORD, _staff
from ..factories import make_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_divisions(personas):
    org = personas["kumamoto_division"].organization
    own = personas["kumamoto_division"].department
    other = org.departments.filter(kind=Department.Kind.OWNING_DIVISION).exclude(pk=own.pk).first()
    other_user = _staff(org, "kumamoto_transport", Role.OWNING_DIVISION)
    other_user.department = other
    other_user.save()
    mine = make_file(org, own, personas["kumamoto_division"], name="健康診査ファイル")
    theirs = make_file(org, other, other_user, name="市電利用者ファイル")
    return mine, theirs, other_user


def _client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_division_staff_see_only_their_division_files(personas, two_divisions):
    mine, theirs, _ = two_divisions
    c = _client("kumamoto_division")
    listing = c.get(reverse("register_staff:list")).content.decode()
    assert "健康診査ファイル" in listing
    assert "市電利用者ファイル" not in listing
    assert c.get(reverse("register_staff:detail", args=[mine.pk])).status_code == 200
    assert c.get(reverse("register_staff:detail", args=[theirs.pk])).status_code == 404
    assert c.get(reverse("register_staff:edit", args=[theirs.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="register.file_viewed", target_id=str(theirs.pk)).exists()


def test_the_other_division_sees_its_own_file_only(two_divisions):
    mine, theirs, other_user = two_divisions
    c = _client(other_user.username)
    assert c.get(reverse("register_staff:detail", args=[theirs.pk])).status_code == 200
    assert c.get(reverse("register_staff:detail", args=[mine.pk])).status_code == 404


@pytest.mark.parametrize("username", ["kumamoto_desk", "kumamoto_approver", "kumamoto_auditor"])
def test_organization_wide_roles_see_every_file(two_divisions, username):
    mine, theirs, _ = two_divisions
    c = _client(username)
    listing = c.get(reverse("register_staff:list")).content.decode()
    assert "健康診査ファイル" in listing
    assert "市電利用者ファイル" in listing
    for f in (mine, theirs):
        assert c.get(reverse("register_staff:detail", args=[f.pk])).status_code == 200


def test_other_organization_staff_see_neither(two_divisions):
    mine, theirs, _ = two_divisions
    for username in ("nara_desk", "nara_division", "nara_approver"):
        c = _client(username)
        for f in (mine, theirs):
            assert c.get(reverse("register_staff:detail", args=[f.pk])).status_code == 404

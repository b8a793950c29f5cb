"""Fixtures for the web tests: named personas per role (STYLE.md habit 8) over the real seed profiles."""

from __future__ import annotations

from collections.abc import Iterator

import django
import pytest

django.setup()  # the root conftest chose the settings; pytest-django read its options before that

from django.db import connection  # noqa: E402

from tokumei.profiles import load_builtin_profiles  # noqa: E402
from tokumei.web.accounts.models import Department, Organization, User  # noqa: E402
from tokumei.web.accounts.roles import Role  # noqa: E402
from tokumei.web.accounts.services import create_user, sync_organization  # noqa: E402
from tokumei.web.core import triggers  # noqa: E402
from tokumei.web.core.audit import Origin  # noqa: E402

PASSWORD = "correct-horse-battery-staple"
ORIGIN = Origin.command("test")


@pytest.fixture(autouse=True)
def _audit_triggers_survive_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests end with Django flushing every table, which the append-only triggers refuse on
    SQLite. Drop them just for that flush and re-install them for the next test (tests only)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        triggers.install(connection)
    yield
    if transactional:
        triggers.drop(connection)


@pytest.fixture
def orgs(db: None) -> dict[str, Organization]:
    return {pid: sync_organization(p, origin=ORIGIN) for pid, p in load_builtin_profiles().items()}


def _staff(org: Organization, username: str, role: Role) -> User:
    kind = Department.Kind.RECEPTION_DESK if role == Role.RECEPTION_DESK else Department.Kind.OWNING_DIVISION
    department = None if role == Role.AUDITOR else org.departments.filter(kind=kind).first()
    return create_user(
        username=username,
        password=PASSWORD,
        display_name=username,
        roles=[role],
        organization=org,
        department=department,
        origin=ORIGIN,
    )


@pytest.fixture
def personas(orgs: dict[str, Organization]) -> dict[str, User]:
    """kumamoto_desk, kumamoto_division, kumamoto_approver, kumamoto_auditor, nara_* likewise, and a proposer."""
    people: dict[str, User] = {}
    for key, pid in (("kumamoto", "kumamoto-city"), ("nara", "nara-police")):
        for role in (Role.RECEPTION_DESK, Role.OWNING_DIVISION, Role.APPROVER, Role.AUDITOR):
            suffix = role.value.split("_")[0] if role != Role.OWNING_DIVISION else "division"
            name = f"{key}_{'desk' if role == Role.RECEPTION_DESK else suffix}"
            people[name] = _staff(orgs[pid], name, role)
    people["proposer"] = create_user(
        username="proposer", password=PASSWORD, display_name="提案者", roles=[Role.PROPOSER], origin=ORIGIN
    )
    return people


@pytest.fixture
def kumamoto_file(personas: dict[str, User]) -> object:
    from .factories import make_file

    user = personas["kumamoto_division"]
    return make_file(user.organization, user.department, user)


@pytest.fixture
def nara_file(personas: dict[str, User]) -> object:
    from .factories import make_file

    user = personas["nara_division"]
    return make_file(user.organization, user.department, user, name="交通事故当事者ファイル")

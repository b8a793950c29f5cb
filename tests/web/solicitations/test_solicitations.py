"""Solicitations: drafts, publishing refused with the law's reasons, closing fixes the subject counts."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tokumei.law.solicitation import SolicitationRefused
from tokumei.law.transitions import InvalidTransition
from tokumei.web.core.models import AuditEvent
from tokumei.web.solicitations import services
from tokumei.web.solicitations.models import Solicitation

from ..conftest import ORIGIN
from ..factories import make_file

pytestmark = pytest.mark.django_db


def _input(file_ids, first: date, last: date, notice: date | None, closing: time | None = None):
    return services.SolicitationInput(
        "令和8年度 行政機関等匿名加工情報に関する提案の募集",
        first,
        last,
        closing,
        notice,
        "",
        True,
        True,
        False,
        2,
        "",
        file_ids,
    )


@pytest.fixture
def kumamoto_target(personas):
    user = personas["kumamoto_division"]
    return make_file(user.organization, user.department, user, name="特定健康診査受診者ファイル")


def test_kumamoto_seed_dates_publish(personas, kumamoto_target) -> None:
    desk = personas["kumamoto_desk"]
    s, _ = services.save_draft(
        desk.organization,
        _input([kumamoto_target.pk], date(2025, 12, 19), date(2026, 1, 20), date(2025, 12, 19)),
        actor=desk,
        origin=ORIGIN,
    )
    assert s.fiscal_year == 2025
    services.publish(s, actor=desk, origin=ORIGIN)
    assert s.state == "published"
    assert AuditEvent.objects.filter(action="solicitations.published", target_id=str(s.pk)).exists()


def test_isa_seed_dates_with_closing_time_publish(personas, orgs) -> None:
    from tokumei.web.accounts.roles import Role
    from tokumei.web.accounts.services import create_user

    isa = orgs["isa"]
    division = isa.departments.filter(kind="owning_division").first()
    owner = create_user(
        username="isa_div",
        password="x",
        display_name="x",
        roles=[Role.OWNING_DIVISION],
        organization=isa,
        department=division,
        origin=ORIGIN,
    )
    desk = create_user(
        username="isa_desk",
        password="x",
        display_name="x",
        roles=[Role.RECEPTION_DESK],
        organization=isa,
        department=isa.departments.filter(kind="reception_desk").first(),
        origin=ORIGIN,
    )
    f = make_file(isa, division, owner, name="在留資格審査記録ファイル")
    s, _ = services.save_draft(
        isa,
        _input([f.pk], date(2026, 2, 9), date(2026, 3, 13), date(2026, 2, 2), time(17, 0)),
        actor=desk,
        origin=ORIGIN,
    )
    services.publish(s, actor=desk, origin=ORIGIN)
    assert "令和8年3月13日（金）午後5時まで" in s.period.describe()


def test_29_day_period_is_refused_at_publishing_naming_the_valid_last_day(personas, kumamoto_target) -> None:
    desk = personas["kumamoto_desk"]
    first = date(2026, 6, 1)
    s, check = services.save_draft(
        desk.organization,
        _input([kumamoto_target.pk], first, first + timedelta(days=29), date(2026, 5, 25)),
        actor=desk,
        origin=ORIGIN,
    )
    assert not check.ok
    with pytest.raises(SolicitationRefused) as info:
        services.publish(s, actor=desk, origin=ORIGIN)
    assert "令和8年7月1日" in str(info.value)  # first + 30 days
    s.refresh_from_db()
    assert s.state == "draft"


def test_closing_before_the_end_is_refused_then_fixes_counts(personas, kumamoto_target) -> None:
    desk = personas["kumamoto_desk"]
    today = timezone.localdate()
    kumamoto_target.subject_count = 46154
    kumamoto_target.save()
    s, _ = services.save_draft(
        desk.organization,
        _input([kumamoto_target.pk], today, today + timedelta(days=30), today),
        actor=desk,
        origin=ORIGIN,
    )
    services.publish(s, actor=desk, origin=ORIGIN)
    with pytest.raises(services.SolicitationNotOver):
        services.close(s, actor=desk, origin=ORIGIN)
    Solicitation.objects.filter(pk=s.pk).update(
        first_day=today - timedelta(days=40), last_day=today - timedelta(days=1)
    )
    services.close(s, actor=desk, origin=ORIGIN)
    assert s.targets.get().subject_count_at_close == 46154
    with pytest.raises(InvalidTransition, match="締切済み"):
        services.publish(s, actor=desk, origin=ORIGIN)


def test_only_proposal_target_files_of_the_organization(personas, kumamoto_target, orgs) -> None:
    desk = personas["kumamoto_desk"]
    user = personas["kumamoto_division"]
    not_target = make_file(user.organization, user.department, user, name="対象外", target=False)
    with pytest.raises(ValueError, match="提案募集の対象"):
        services.save_draft(
            desk.organization,
            _input([not_target.pk], date(2026, 6, 1), date(2026, 7, 1), None),
            actor=desk,
            origin=ORIGIN,
        )


def test_staff_home_warns_of_a_missing_solicitation_this_fiscal_year(client, personas, kumamoto_target) -> None:
    client.force_login(personas["kumamoto_desk"])
    body = client.get(reverse("accounts:home")).content.decode()
    assert "特定健康診査受診者ファイル" in body
    assert "規則53条1項" in body


SOLICITATION_MATRIX = [
    ("kumamoto_desk", 200),
    ("kumamoto_division", 403),  # in Kumamoto the desk runs solicitations (profile responsibility matrix)
    ("kumamoto_approver", 403),
    ("nara_desk", 200),  # for its own organization
    ("proposer", 403),
]


@pytest.mark.parametrize(("persona", "status"), SOLICITATION_MATRIX)
def test_who_may_create_a_solicitation(client, personas, persona, status) -> None:
    client.force_login(personas[persona])
    assert client.get(reverse("solicitations:new")).status_code == status


def test_staff_form_refuses_a_reversed_period(client, personas, kumamoto_target) -> None:
    client.force_login(personas["kumamoto_desk"])
    response = client.post(
        reverse("solicitations:new"),
        {
            "title": "t",
            "files": [kumamoto_target.pk],
            "first_day": "2026-06-10",
            "last_day": "2026-06-01",
            "copies": 2,
            "in_person": "on",
        },
    )
    assert response.status_code == 200
    assert "開始日" in response.content.decode()
    assert not Solicitation.objects.exists()


def test_other_organization_cannot_see_a_solicitation(client, personas, kumamoto_target) -> None:
    desk = personas["kumamoto_desk"]
    s, _ = services.save_draft(
        desk.organization,
        _input([kumamoto_target.pk], date(2026, 6, 1), date(2026, 7, 1), None),
        actor=desk,
        origin=ORIGIN,
    )
    client.force_login(personas["nara_desk"])
    assert client.get(reverse("solicitations:detail", args=[s.pk])).status_code == 404
    assert client.post(reverse("solicitations:transition", args=[s.pk, "publish"])).status_code == 404


def test_staff_pages_show_the_state_in_japanese(client, personas, kumamoto_target) -> None:
    desk = personas["kumamoto_desk"]
    s, _ = services.save_draft(
        desk.organization,
        _input([kumamoto_target.pk], date(2025, 12, 19), date(2026, 1, 20), date(2025, 12, 19)),
        actor=desk,
        origin=ORIGIN,
    )
    client.force_login(desk)
    assert "作成中" in client.get(reverse("solicitations:detail", args=[s.pk])).content.decode()
    services.publish(s, actor=desk, origin=ORIGIN)
    s.refresh_from_db()
    assert s.get_state_display() == "公示済み"
    page = client.get(reverse("solicitations:list")).content.decode()
    assert "公示済み" in page
    assert ">published<" not in page

"""The public notice page and its DOCX/PDF, and the blank official forms beside it."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from tokumei.web.solicitations import services

from ..conftest import ORIGIN
from ..factories import make_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def kumamoto_notice(personas):
    user = personas["kumamoto_division"]
    f = make_file(user.organization, user.department, user, name="特定健康診査受診者ファイル")
    desk = personas["kumamoto_desk"]
    s, _ = services.save_draft(
        desk.organization,
        services.SolicitationInput(
            "行政機関等匿名加工情報に関する提案の募集について",
            date(2025, 12, 19),
            date(2026, 1, 20),
            None,
            date(2025, 12, 19),
            "",
            True,
            True,
            False,
            2,
            "",
            [f.pk],
        ),
        actor=desk,
        origin=ORIGIN,
    )
    services.publish(s, actor=desk, origin=ORIGIN)
    return s


def test_draft_is_not_public(client, personas) -> None:
    user = personas["kumamoto_division"]
    f = make_file(user.organization, user.department, user, name="x")
    desk = personas["kumamoto_desk"]
    s, _ = services.save_draft(
        desk.organization,
        services.SolicitationInput(
            "下書き", date(2026, 6, 1), date(2026, 7, 1), None, None, "", True, True, False, 2, "", [f.pk]
        ),
        actor=desk,
        origin=ORIGIN,
    )
    assert client.get(reverse("portal_solicitations:detail", args=[s.pk])).status_code == 404
    assert "下書き" not in client.get(reverse("portal_solicitations:list")).content.decode()


def test_kumamoto_notice_page_has_the_seed_sections_and_facts(client, kumamoto_notice) -> None:
    body = client.get(reverse("portal_solicitations:detail", args=[kumamoto_notice.pk])).content.decode()
    for fact in (
        "令和7年12月19日",
        "令和8年1月20日",
        "特定健康診査受診者ファイル",
        "拘禁刑",
        "熊本市総務局行政管理部法制課",
        "行政不服審査法",
        "委託",
    ):
        assert fact in body, fact
    for heading in ("提案の募集", "審査", "手数料", "問い合わせ"):
        assert heading in body, heading


def test_notice_pdf_and_docx_hold_the_japanese_text(client, kumamoto_notice) -> None:
    pdf = client.get(reverse("portal_solicitations:notice_file", args=[kumamoto_notice.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", "")
    assert "令和8年1月20日" in text
    assert "特定健康診査受診者ファイル" in text
    word = client.get(reverse("portal_solicitations:notice_file", args=[kumamoto_notice.pk, "docx"]))
    paragraphs = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "令和7年12月19日" in paragraphs


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_blank_proposal_form_downloads(client, kumamoto_notice, fmt) -> None:
    response = client.get(reverse("portal_solicitations:form_file", args=[kumamoto_notice.pk, "proposal", fmt]))
    assert response.status_code == 200
    assert len(response.content) > 1000


def test_unknown_form_or_format_is_404(client, kumamoto_notice) -> None:
    assert (
        client.get(reverse("portal_solicitations:form_file", args=[kumamoto_notice.pk, "nothing", "pdf"])).status_code
        == 404
    )
    assert client.get(reverse("portal_solicitations:notice_file", args=[kumamoto_notice.pk, "exe"])).status_code == 404


def test_legacy_historical_solicitation_is_a_record_without_a_generated_notice(client, orgs) -> None:
    from tokumei.web.accounts.roles import Role
    from tokumei.web.accounts.services import create_user

    nta = orgs["legacy-2017"]
    division = nta.departments.filter(kind="owning_division").first()
    desk_dept = nta.departments.filter(kind="reception_desk").first()
    owner = create_user(
        username="nta_div",
        password="x",
        display_name="x",
        roles=[Role.OWNING_DIVISION],
        organization=nta,
        department=division,
        origin=ORIGIN,
    )
    desk = create_user(
        username="nta_desk",
        password="x",
        display_name="x",
        roles=[Role.RECEPTION_DESK],
        organization=nta,
        department=desk_dept,
        origin=ORIGIN,
    )
    f = make_file(nta, division, owner, name="申告書ファイル")
    s, _ = services.save_draft(
        nta,
        services.SolicitationInput(
            "平成29年度の募集",
            date(2017, 10, 2),
            date(2017, 11, 1),
            None,
            date(2017, 9, 25),
            "",
            True,
            True,
            False,
            2,
            "",
            [f.pk],
        ),
        actor=desk,
        origin=ORIGIN,
    )
    services.publish(s, actor=desk, origin=ORIGIN)
    body = client.get(reverse("portal_solicitations:detail", args=[s.pk])).content.decode()
    assert "旧行政機関の保有する個人情報の保護に関する法律第44条の4" in body
    assert "平成29年10月2日" in body
    assert client.get(reverse("portal_solicitations:notice_file", args=[s.pk, "pdf"])).status_code == 404

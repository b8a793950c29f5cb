"""The notice's 文書番号 from the organization's sequence, and the organization's own Word template for its DOCX."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.urls import reverse

from tokumei.web.core.document_numbers import DuplicateDocumentNumber
from tokumei.web.core.models import AuditEvent
from tokumei.web.solicitations import services

from ..conftest import ORIGIN
from ..factories import make_file

pytestmark = pytest.mark.django_db


def _input(
    file_id: int, first: date, last: date, number: str = "", title: str = "提案の募集", notice: date | None = None
) -> services.SolicitationInput:
    return services.SolicitationInput(
        title, first, last, None, notice or first, number, True, True, False, 2, "", [file_id]
    )


@pytest.fixture
def kumamoto(personas):
    user = personas["kumamoto_division"]
    f = make_file(user.organization, user.department, user, name="特定健康診査受診者ファイル")
    return personas["kumamoto_desk"], f


def _publish(desk, data: services.SolicitationInput):
    s, _ = services.save_draft(desk.organization, data, actor=desk, origin=ORIGIN)
    services.publish(s, actor=desk, origin=ORIGIN)
    return s


def test_blank_number_is_allotted_at_publishing_and_restarts_each_fiscal_year(kumamoto) -> None:
    desk, f = kumamoto
    # given a draft left without a number
    s, _ = services.save_draft(
        desk.organization, _input(f.pk, date(2025, 12, 19), date(2026, 1, 20)), actor=desk, origin=ORIGIN
    )
    assert s.notice_number == ""
    # when it is published, it gets the first number of FY2025; the next notice the second
    services.publish(s, actor=desk, origin=ORIGIN)
    assert s.notice_number == "匿提公第1号"
    second = _publish(desk, _input(f.pk, date(2026, 2, 2), date(2026, 3, 13)))
    assert second.notice_number == "匿提公第2号"
    # and a notice of FY2026 starts again at 1
    third = _publish(desk, _input(f.pk, date(2026, 6, 1), date(2026, 7, 1)))
    assert third.notice_number == "匿提公第1号"
    event = AuditEvent.objects.get(action="solicitations.published", target_id=str(s.pk))
    assert event.details["notice_number"] == "匿提公第1号"
    assert event.details["number_allotted"] is True


def test_typed_number_is_kept_and_skipped_by_the_sequence(kumamoto) -> None:
    desk, f = kumamoto
    typed = _publish(desk, _input(f.pk, date(2025, 12, 19), date(2026, 1, 20), "匿提公第1号"))
    assert typed.notice_number == "匿提公第1号"
    allotted = _publish(desk, _input(f.pk, date(2026, 2, 2), date(2026, 3, 13)))
    assert allotted.notice_number == "匿提公第2号"  # 第1号 is already used by the typed one


def test_duplicate_typed_number_is_refused_in_japanese(client, kumamoto) -> None:
    desk, f = kumamoto
    _publish(desk, _input(f.pk, date(2025, 12, 19), date(2026, 1, 20), "熊政第12号", title="第1回の募集"))
    # the service refuses the same number on another solicitation, naming the one that has it
    with pytest.raises(DuplicateDocumentNumber, match="「熊政第12号」は既に「第1回の募集」に付けられています"):
        services.save_draft(
            desk.organization,
            _input(f.pk, date(2026, 2, 2), date(2026, 3, 13), "熊政第12号"),
            actor=desk,
            origin=ORIGIN,
        )
    # and the staff form shows it on the number field
    client.force_login(desk)
    response = client.post(
        reverse("solicitations:new"),
        {
            "title": "第2回の募集",
            "files": [f.pk],
            "first_day": "2026-02-02",
            "last_day": "2026-03-13",
            "notice_date": "2026-02-02",
            "notice_number": "熊政第12号",
            "in_person": "on",
            "by_mail": "on",
            "copies": "2",
        },
    )
    assert response.status_code == 200
    assert "は既に「第1回の募集」に付けられています" in response.content.decode()
    assert response.context["form"].errors["notice_number"]


def _template(*paragraphs: str) -> bytes:
    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def test_the_portal_notice_docx_uses_the_organizations_own_template(
    client, kumamoto, personas, settings, tmp_path
) -> None:
    # given Kumamoto City's own Word template for the notice under the configured root
    settings.DOCUMENT_TEMPLATES_DIR = tmp_path
    (tmp_path / "kumamoto-city").mkdir()
    (tmp_path / "kumamoto-city" / "solicitation_notice.docx").write_bytes(
        _template("熊本市独自の公示様式", "{{ number }}　{{ title }}", "{{ issuer }}")
    )
    desk, f = kumamoto
    s = _publish(desk, _input(f.pk, date(2025, 12, 19), date(2026, 1, 20)))
    # when the portal's DOCX is downloaded
    response = client.get(reverse("portal_solicitations:notice_file", args=[s.pk, "docx"]))
    assert response.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    # then it is the organization's template filled in
    assert paragraphs[0] == "熊本市独自の公示様式"
    assert paragraphs[1].startswith("匿提公第1号　")
    assert "提案の募集" in paragraphs[1]
    assert "熊本市長" in paragraphs[2]
    # the PDF stays built in, and an organization without a template keeps the built-in DOCX
    assert client.get(reverse("portal_solicitations:notice_file", args=[s.pk, "pdf"])).content.startswith(b"%PDF")
    nara = personas["nara_division"]
    nf = make_file(nara.organization, nara.department, nara, name="運転免許ファイル")
    other = _publish(
        personas["nara_desk"], _input(nf.pk, date(2025, 12, 1), date(2026, 1, 20), notice=date(2025, 11, 28))
    )
    built_in = client.get(reverse("portal_solicitations:notice_file", args=[other.pk, "docx"]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(built_in.content)).paragraphs)
    assert "熊本市独自の公示様式" not in text
    assert "奈良県警察" in text

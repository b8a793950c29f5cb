"""Disposal of expired records (issue 10 item 5): the list, the consent of national bodies, the approval."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tokumei.web.accounts.roles import Role
from tokumei.web.core.models import AuditEvent
from tokumei.web.production.models import DeliveryPackage, ProductionRun
from tokumei.web.proposals.models import Attachment, ConsultationRecord, Proposal
from tokumei.web.proposals.uploads import path_for
from tokumei.web.retention.models import Disposal
from tokumei.web.reviews.models import DecisionDocument, Review

from ..conftest import _staff
from ..factories import make_file

pytestmark = pytest.mark.django_db

LONG_AGO = datetime(2019, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = str(tmp_path)
    return tmp_path


def _case(division: Any, *, reference: str, made: datetime = LONG_AGO) -> dict[str, Any]:
    """A proposal with a stored pledge file, a decision notice in the database and a delivery folder."""
    org = division.organization
    file = make_file(org, division.department, division, name=f"{reference}ファイル")
    proposal = Proposal.objects.create(
        organization=org,
        reference=reference,
        kind="new",
        state="accepted",
        receipt_number=f"R-{reference}",
        proposer_kind="corporation",
        proposer_name="株式会社廃棄テスト",
        file=file,
    )
    stored = f"{'a' * 64}.pdf"
    path = path_for(org.pk, proposal.pk, stored)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.4 pledge")
    attachment = Attachment.objects.create(
        proposal=proposal, kind="pledge", original_name="誓約書.pdf", stored_name=stored, uploaded_by=division
    )
    Attachment.objects.filter(pk=attachment.pk).update(uploaded_at=made)
    review = Review.objects.create(proposal=proposal, organization=org, started_by=division, state="approval_notified")
    document = DecisionDocument.objects.create(
        review=review, kind="approval_notice", title="審査結果通知書", docx=b"PK-docx", pdf=b"%PDF-notice"
    )
    DecisionDocument.objects.filter(pk=document.pk).update(created_at=made)
    run = ProductionRun.objects.create(
        file=file, title="作成", recipe_yaml="version: 1", requested_by=division, state=ProductionRun.State.APPROVED
    )
    from django.conf import settings

    folder = Path(settings.DATA_DIR) / "deliveries" / f"run-{run.pk}"
    folder.mkdir(parents=True)
    (folder / "data.zip").write_bytes(b"zip")
    package = DeliveryPackage.objects.create(run=run, medium="cd-r", folder=str(folder), built_by=division)
    DeliveryPackage.objects.filter(pk=package.pk).update(built_at=made)
    return {"attachment": attachment, "path": path, "document": document, "package": package, "folder": folder}


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_approved_disposal_deletes_the_files_and_leaves_the_audit_entry(personas: dict[str, Any]) -> None:
    # given a Kumamoto case made in 2019 (5 years from 1 April 2020 → due 2025-04-01)
    case = _case(personas["kumamoto_division"], reference="P-DISP1")
    page = _login(personas["kumamoto_desk"]).get("/staff/retention/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "誓約書" in html
    assert "審査結果通知書" in html
    assert "提供用の媒体" in html
    assert "起算日 2020年4月1日（作成又は取得の日の属する年度の翌年度の4月1日）から5年" in html
    # when the approver approves each disposal
    approver = _login(personas["kumamoto_approver"])
    for item in (
        f"attachment:{case['attachment'].pk}",
        f"decision_document:{case['document'].pk}",
        f"delivery_package:{case['package'].pk}",
    ):
        response = approver.post("/staff/retention/dispose/", {"item": item})
        assert response.status_code == 302, item
    # then the stored files and bytes are gone, the rows stay, and each disposal is recorded and audited
    assert not case["path"].exists()
    assert not case["folder"].exists()
    document = DecisionDocument.objects.get(pk=case["document"].pk)
    assert (bytes(document.docx), bytes(document.pdf)) == (b"", b"")
    assert Attachment.objects.filter(pk=case["attachment"].pk).exists()
    disposals = Disposal.objects.filter(state=Disposal.State.DISPOSED)
    assert disposals.count() == 3
    pledge = disposals.get(source="attachment")
    assert pledge.series == "pledge"
    assert pledge.disposed_by == personas["kumamoto_approver"]
    assert any(r.startswith("uploads/") for r in pledge.removed)
    events = AuditEvent.objects.filter(action="retention.disposed")
    assert events.count() == 3
    assert {e.details["source"] for e in events} == {"attachment", "decision_document", "delivery_package"}
    # and the list no longer offers them, but shows them as disposed
    html = approver.get("/staff/retention/").content.decode()
    assert "廃棄できる記録（0件）" in html
    assert "廃棄の記録（3件）" in html


def test_disposal_before_the_period_ends_is_refused(personas: dict[str, Any]) -> None:
    recent = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    case = _case(personas["kumamoto_division"], reference="P-DISP2", made=recent)
    approver = _login(personas["kumamoto_approver"])
    assert "P-DISP2" not in approver.get("/staff/retention/").content.decode()
    response = approver.post("/staff/retention/dispose/", {"item": f"attachment:{case['attachment'].pk}"}, follow=True)
    assert "保存期間が満了していません" in response.content.decode()
    assert case["path"].exists()
    assert not Disposal.objects.exists()


def test_only_an_approver_disposes(personas: dict[str, Any]) -> None:
    case = _case(personas["kumamoto_division"], reference="P-DISP3")
    for who in ("kumamoto_desk", "kumamoto_division", "kumamoto_auditor"):
        response = _login(personas[who]).post(
            "/staff/retention/dispose/", {"item": f"attachment:{case['attachment'].pk}"}
        )
        assert response.status_code == 403
    # another organization's approver cannot reach it at all
    response = _login(personas["nara_approver"]).post(
        "/staff/retention/dispose/", {"item": f"attachment:{case['attachment'].pk}"}
    )
    assert response.status_code == 404
    assert case["path"].exists()


def test_national_disposal_needs_the_recorded_consent_first(orgs: dict[str, Any]) -> None:
    # given an ISA case (a national agency: 公文書管理法8条2項)
    isa = orgs["isa"]
    division = _staff(isa, "isa_division", Role.OWNING_DIVISION)
    desk = _staff(isa, "isa_desk", Role.RECEPTION_DESK)
    approver = _staff(isa, "isa_approver", Role.APPROVER)
    case = _case(division, reference="P-DISP4")
    item = f"attachment:{case['attachment'].pk}"
    html = _login(desk).get("/staff/retention/").content.decode()
    assert "内閣総理大臣の同意" in html
    assert "公文書等の管理に関する法律8条2項" in html
    # when the approver tries before the consent is recorded
    refused = _login(approver).post("/staff/retention/dispose/", {"item": item}, follow=True)
    assert "内閣総理大臣" in refused.content.decode()
    assert case["path"].exists()
    # then the desk records the consent, and the approver can dispose
    response = _login(desk).post(
        "/staff/retention/consent/", {"item": item, "consented_on": "2026-11-20", "reference": "府公第123号"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="retention.consent_recorded").count() == 1
    _login(approver).post("/staff/retention/dispose/", {"item": item})
    disposal = Disposal.objects.get(source="attachment", object_id=case["attachment"].pk)
    assert disposal.state == Disposal.State.DISPOSED
    assert disposal.consent_reference == "府公第123号"
    assert disposal.consented_on == date(2026, 11, 20)
    assert not case["path"].exists()


def test_consultation_record_disposal_clears_its_text(personas: dict[str, Any]) -> None:
    desk = personas["kumamoto_desk"]
    record = ConsultationRecord.objects.create(
        organization=desk.organization,
        occurred_on=date(2019, 5, 1),
        channel="phone",
        counterpart="株式会社相談",
        question="ファイルの内容について",
        answer="説明しました",
        recorded_by=desk,
    )
    _login(personas["kumamoto_approver"]).post(
        "/staff/retention/dispose/", {"item": f"consultation_record:{record.pk}"}
    )
    record.refresh_from_db()
    assert "廃棄" in record.question
    assert "説明しました" not in record.answer
    assert Disposal.objects.get(source="consultation_record").series == "consultation_record"

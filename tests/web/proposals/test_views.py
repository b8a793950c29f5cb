"""Portal and staff pages: the proposer's journey on paper, permissions (404 across organizations), audit of views."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tokumei.law.transitions import ProposalState
from tokumei.web.core.models import AuditEvent
from tokumei.web.proposals.models import Proposal

from ..conftest import PASSWORD
from .conftest import PDF, attach_all

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_proposer_pages_and_printing(client, draft, personas) -> None:
    login(client, personas["proposer"])
    assert "事前確認" in client.get(f"/proposals/{draft.pk}/").content.decode()
    page = client.get(f"/proposals/{draft.pk}/edit/").content.decode()
    assert "審査基準に適合することや承認されることを意味しません" in page
    assert "住所" in page
    live = client.post(f"/proposals/{draft.pk}/precheck/", {"proposer_kind": "corporation"}).content.decode()
    assert "誓約書を添付してください" in live
    assert client.get(f"/proposals/{draft.pk}/attachments/").status_code == 200
    printed = client.get(f"/proposals/{draft.pk}/print/").content.decode()
    assert "別記様式第七" in printed
    pdf = client.get(f"/proposals/{draft.pk}/print/1.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert client.get(f"/proposals/{draft.pk}/print/0.docx").status_code == 200


def test_upload_through_portal_and_refusal(client, draft, personas, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    login(client, personas["proposer"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    ok = client.post(
        f"/proposals/{draft.pk}/attachments/",
        {"kind": "pledge", "holder": "proposer", "files": SimpleUploadedFile("pledge.pdf", PDF)},
    )
    assert ok.status_code == 302
    bad = client.post(
        f"/proposals/{draft.pk}/attachments/",
        {"kind": "pledge", "holder": "proposer", "files": SimpleUploadedFile("x.pdf", b"<script>")},
    )
    assert "受け付けられる形式ではありません" in bad.content.decode()
    assert draft.attachments.count() == 1
    a = draft.attachments.get()
    assert (tmp_path / "uploads" / str(draft.organization_id) / str(draft.pk) / a.stored_name).exists()


def test_other_people_get_404(client, draft, personas) -> None:
    login(client, personas["nara_desk"])
    assert client.get(f"/proposals/{draft.pk}/").status_code == 404
    assert client.get(f"/staff/proposals/{draft.pk}/").status_code == 404  # a draft is not a case yet


def test_desk_records_arrival_requests_correction_and_accepts(client, draft, personas) -> None:
    desk, proposer = personas["kumamoto_desk"], personas["proposer"]
    today = timezone.localdate()
    login(client, desk)
    r = client.post(
        "/staff/proposals/arrival/",
        {"reference": draft.reference, "channel": "mail", "arrived_on": today, "official_form": "on"},
    )
    assert r.status_code == 302
    page = client.get(f"/staff/proposals/{draft.pk}/").content.decode()
    assert "受付時の確認事項" in page
    assert "不備あり" in page
    assert AuditEvent.objects.filter(action="proposals.viewed", target_id=str(draft.pk)).exists()
    client.post(
        f"/staff/proposals/{draft.pk}/correction/",
        {
            "deadline": today + timedelta(days=10),
            "channel": "online",
            "what_0": "誓約書",
            "why_0": "添付がありません。",
        },
    )
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.CORRECTION_REQUESTED
    client.logout()
    login(client, proposer)
    assert "訂正のお願い" in client.get(f"/proposals/{draft.pk}/").content.decode()
    attach_all(draft, proposer)
    client.post(f"/proposals/{draft.pk}/submit/")
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.RECEIVED
    client.logout()
    login(client, desk)
    client.post(f"/staff/proposals/{draft.pk}/accept/")
    p = Proposal.objects.get(pk=draft.pk)
    assert p.state == ProposalState.ACCEPTED
    assert p.receipt_number
    # another organization's staff cannot see the case
    client.logout()
    login(client, personas["nara_desk"])
    assert client.get(f"/staff/proposals/{draft.pk}/").status_code == 404


def test_division_cannot_accept_in_kumamoto(client, draft, personas) -> None:
    today = timezone.localdate()
    login(client, personas["kumamoto_desk"])
    client.post("/staff/proposals/arrival/", {"reference": draft.reference, "channel": "mail", "arrived_on": today})
    client.logout()
    login(client, personas["kumamoto_division"])
    assert client.post(f"/staff/proposals/{draft.pk}/accept/").status_code == 403


def test_consultation_record_for_oral_proposal(client, personas) -> None:
    login(client, personas["kumamoto_desk"])
    r = client.post(
        "/staff/proposals/consultations/",
        {
            "occurred_on": timezone.localdate(),
            "channel": "phone",
            "counterpart": "株式会社テスト 鈴木",
            "question": "電話で提案したいとの申出",
            "answer": "提案は書面によることを教示した。",
            "oral_proposal": "on",
        },
    )
    assert r.status_code == 302
    assert Proposal.objects.count() == 0
    assert "口頭・電話による提案の申出" in client.get("/staff/proposals/consultations/").content.decode()

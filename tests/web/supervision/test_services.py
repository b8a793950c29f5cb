"""After delivery: change notifications, termination blocking review ①, PPC reports, end of use, complaints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tokumei.law.contracts import ContractState
from tokumei.law.intake import ProposalKind
from tokumei.law.review import Finding
from tokumei.law.supervision import SupervisionRefused
from tokumei.web.reviews import services as review_services
from tokumei.web.supervision import services
from tokumei.web.supervision.models import HandlerChange

from ..conftest import ORIGIN
from ..reviews.conftest import accepted_proposal

pytestmark = pytest.mark.django_db


def _change(contract, actor, kind, before="", after="", reason=""):
    return services.receive_change(
        contract,
        services.ChangeInput(kind, before, after, "調査部 主任", reason, timezone.localdate()),
        actor=actor,
        origin=ORIGIN,
    )


def test_handler_replacement_waits_for_the_divisions_acceptance(fukuoka_delivered, fukuoka) -> None:
    division = fukuoka["division"]
    assert services.handler_names(fukuoka_delivered) == ["佐藤花子"]
    with pytest.raises(SupervisionRefused, match="理由が必要"):
        _change(fukuoka_delivered, division, "replace", "佐藤花子", "鈴木一郎")
    change = _change(fukuoka_delivered, division, "replace", "佐藤花子", "鈴木一郎", "人事異動のため")
    assert change.state == HandlerChange.State.PENDING
    fukuoka_delivered.refresh_from_db()
    assert services.handler_names(fukuoka_delivered) == ["佐藤花子"]  # not yet in effect
    services.decide_change(change, accept=True, note="異動の事実を確認した。", actor=division, origin=ORIGIN)
    fukuoka_delivered.refresh_from_db()
    assert services.handler_names(fukuoka_delivered) == ["鈴木一郎"]
    assert fukuoka_delivered.handlers[0]["post"] == "調査部 主任"
    # a contact change takes effect at once; a change of business is routed to a 118条後段 proposal
    assert _change(fukuoka_delivered, division, "contact", "03-0000-0000", "03-1111-1111").state == "effective"
    with pytest.raises(SupervisionRefused, match="法118条第1項後段"):
        _change(fukuoka_delivered, division, "business", after="利用期間を1年延長")


def test_termination_blocks_a_new_proposal_by_the_same_corporation_at_criterion_one(
    fukuoka_delivered, fukuoka, personas, fukuoka_target, django_capture_on_commit_callbacks
) -> None:
    division = fukuoka["division"]
    t = services.intend_termination(
        fukuoka_delivered, ground="serious_breach", facts="第三者に提供した。", actor=division, origin=ORIGIN
    )
    assert [r.stage for r in fukuoka_delivered.ppc_reports.all()] == ["intended"]
    with pytest.raises(SupervisionRefused, match="法人番号"):
        services.terminate(t, terminated_on=timezone.localdate(), corporate_number="123", actor=division, origin=ORIGIN)
    services.terminate(
        t, terminated_on=timezone.localdate(), corporate_number="7000012050002", actor=division, origin=ORIGIN
    )
    fukuoka_delivered.refresh_from_db()
    assert fukuoka_delivered.state == ContractState.TERMINATED
    done = fukuoka_delivered.ppc_reports.get(stage="done")
    assert any("法113条5号" in line for line in done.body)
    # the same corporation proposes again: ① shows the termination
    proposal = accepted_proposal(
        personas,
        fukuoka_target,
        "fukuoka",
        processing={"住所": None, "生年月日": "band10"},
        corporate_number="7000012050002",
    )
    with django_capture_on_commit_callbacks(execute=False):
        review = review_services.start_review(proposal, actor=division, origin=ORIGIN)
    c1 = review.panels.get(criterion="c1").evidence
    # matched by 法人番号: ① is not met, with the termination named
    assert c1["suggested"] == Finding.DOES_NOT_MEET.value
    assert any("法120条の規定により契約を解除されており" in line["message"] for line in c1["lines"])
    # a proposal with an invalid 法人番号 is refused when saved
    from tokumei.web.proposals import services as proposal_services

    from ..proposals.conftest import complete_input

    with pytest.raises(proposal_services.ProposalRefused, match="検査用数字"):
        proposal_services.save_draft(
            proposal_services.start_draft(
                owner=personas["proposer"],
                kind=ProposalKind.NEW,
                solicitation=fukuoka_target[0],
                file=fukuoka_target[1],
                origin=ORIGIN,
            ),
            complete_input(corporate_number="7000012050003"),
            actor=personas["proposer"],
            origin=ORIGIN,
        )


def test_nara_terminates_only_after_consulting_the_desk() -> None:
    from tokumei.profiles import load_builtin_profiles

    assert load_builtin_profiles()["nara-police"].procedure.ppc_report_after_desk_consultation


def test_end_of_use_and_complaints(fukuoka_delivered, fukuoka) -> None:
    division, desk = fukuoka["division"], fukuoka["desk"]
    today = timezone.localdate()
    with pytest.raises(SupervisionRefused, match="未来"):
        services.confirm_end_of_use(
            fukuoka_delivered,
            media_returned_on=today + timedelta(days=1),
            deletion_confirmed_on=today,
            deletion_method="消去証明書",
            actor=division,
            origin=ORIGIN,
        )
    services.confirm_end_of_use(
        fukuoka_delivered,
        media_returned_on=today,
        deletion_confirmed_on=today,
        deletion_method="消去ソフトによる上書き消去、消去証明書で確認",
        actor=division,
        origin=ORIGIN,
    )
    fukuoka_delivered.refresh_from_db()
    assert fukuoka_delivered.state == ContractState.ENDED
    complaint = services.receive_complaint(
        fukuoka_delivered.organization,
        services.ComplaintInput(today, "県民A", "匿名加工情報の提供先を知りたい。"),
        actor=desk,
        origin=ORIGIN,
    )
    with pytest.raises(SupervisionRefused, match="受付日以後"):
        services.answer_complaint(
            complaint,
            handling="確認",
            answer="回答",
            handled_on=today - timedelta(days=1),
            answered_on=today,
            actor=desk,
            origin=ORIGIN,
        )
    services.answer_complaint(
        complaint,
        handling="台帳で確認した。",
        answer="公表事項を案内した。",
        handled_on=today,
        answered_on=today,
        actor=desk,
        origin=ORIGIN,
    )
    complaint.refresh_from_db()
    assert complaint.answered_on == today


def test_the_change_notification_form_is_issued_filled_in(client, fukuoka_delivered, fukuoka) -> None:
    """Fukuoka 要綱第10-2(1)ア: the recipient notifies a handler change on 標準様式第二; the division hands it out
    with the contract number and the handlers in force written in, and the download is audited."""
    import io

    import docx
    from django.urls import reverse
    from pypdf import PdfReader

    from tokumei.web.core.models import AuditEvent

    client.force_login(fukuoka["division"])
    pk = fukuoka_delivered.review_id
    page = client.get(reverse("supervision:case", args=[pk])).content.decode()
    assert "標準様式第二 記載事項変更申出書" in page
    pdf = client.get(reverse("supervision:change_form", args=[pk, "pdf"]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = text.replace(" ", "").replace("\n", "")
    for fact in ("標準様式第二", "記載事項変更申出書", fukuoka_delivered.number, "佐藤花子", "第118条第1項後段"):
        assert fact.replace(" ", "") in text, fact
    word = client.get(reverse("supervision:change_form", args=[pk, "docx"]))
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    tables = "\n".join(c.text for t in docx.Document(io.BytesIO(word.content)).tables for r in t.rows for c in r.cells)
    assert fukuoka_delivered.number in body
    assert "佐藤花子" in tables
    assert AuditEvent.objects.filter(action="supervision.change_form_issued").count() == 2
    assert client.get(reverse("supervision:change_form", args=[pk, "exe"])).status_code == 404

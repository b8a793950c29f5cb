"""Proposal use cases: drafts compile to recipes, the pre-check, paper arrival, correction, acceptance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tokumei.law.intake import CheckStatus, IntakeCheck, IntakeCode
from tokumei.law.transitions import InvalidTransition, ProposalState
from tokumei.web.core.models import AuditEvent
from tokumei.web.proposals import queries, services
from tokumei.web.proposals.models import Attachment, Proposal

from ..conftest import ORIGIN
from .conftest import attach_all, complete_input

pytestmark = pytest.mark.django_db


def codes(p):
    return {x.code for x in queries.precheck_problems(p, timezone.localdate())}


def test_draft_compiles_processing_to_recipe(draft) -> None:
    assert "住所:\n    generalize: address\n    level: prefecture" in draft.recipe_yaml
    assert "氏名: delete" in draft.recipe_yaml
    assert "管理番号: pseudonymize" in draft.recipe_yaml
    assert "傷病名" not in draft.recipe_yaml  # withheld (法60条3項) → never produced
    assert "subjects: 1000" in draft.recipe_yaml


def test_precheck_lists_missing_attachments_then_passes(draft, personas) -> None:
    assert {IntakeCode.ATTACHMENT_MISSING, IntakeCode.IDENTITY_MISSING} <= codes(draft)
    attach_all(draft, personas["proposer"])
    assert [x for x in queries.precheck_problems(draft, timezone.localdate()) if x.severity == "error"] == []


def test_precheck_catches_old_certificate(draft, personas) -> None:
    attach_all(draft, personas["proposer"], certificate_issued=timezone.localdate() - timedelta(days=200))
    assert IntakeCode.CERTIFICATE_TOO_OLD in codes(draft)


def test_online_submission_refused_for_paper_only_profile(draft, personas) -> None:
    attach_all(draft, personas["proposer"])
    with pytest.raises(services.ProposalRefused, match="電子申請では受け付けていません"):
        services.submit_online(draft, actor=personas["proposer"], origin=ORIGIN)


def test_paper_arrival_correction_and_acceptance(draft, personas) -> None:
    desk, proposer = personas["kumamoto_desk"], personas["proposer"]
    today = timezone.localdate()
    services.record_arrival(
        draft,
        channel="mail",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        proposal_date=today,
        actor=desk,
        origin=ORIGIN,
    )
    draft.refresh_from_db()
    findings = {f.check: f for f in queries.findings(draft, today)}
    assert findings[IntakeCheck.IN_PERIOD].status is CheckStatus.OK
    assert findings[IntakeCheck.ATTACHMENTS_COMPLETE].status is CheckStatus.DEFECT
    assert findings[IntakeCheck.PROXY_DOCUMENT].status is CheckStatus.NOT_APPLICABLE
    with pytest.raises(services.ProposalRefused):
        services.accept(draft, actor=desk, origin=ORIGIN)
    services.request_correction(
        draft,
        [services.CorrectionItem("誓約書", "添付されていません。")],
        deadline=today + timedelta(days=14),
        channel="mail",
        actor=desk,
        origin=ORIGIN,
    )
    draft.refresh_from_db()
    assert draft.state == ProposalState.CORRECTION_REQUESTED
    attach_all(draft, proposer)
    services.resubmit_correction(draft, actor=proposer, origin=ORIGIN)
    p = services.accept(draft, actor=desk, origin=ORIGIN)
    assert p.state == ProposalState.ACCEPTED
    assert p.receipt_number.endswith("受付第1号")
    assert p.corrections.get().resolved_at is not None
    actions = set(AuditEvent.objects.filter(target_id=str(p.pk)).values_list("action", flat=True))
    assert {"proposals.arrival_recorded", "proposals.correction_requested", "proposals.accepted"} <= actions


def test_hostile_upload_refused_and_nothing_saved(draft, personas, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    with pytest.raises(Exception, match="受け付けられる形式ではありません"):
        services.add_attachments(
            draft,
            [("ok.pdf", b"%PDF-1.4 fine"), ("evil.pdf", b"MZ\x90\x00 not a pdf")],
            services.AttachmentInput("pledge"),
            actor=personas["proposer"],
            origin=ORIGIN,
        )
    assert Attachment.objects.count() == 0
    assert not (tmp_path / "uploads").exists()


def test_my_number_in_text_layer_refused(draft, personas, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    with pytest.raises(Exception, match="個人番号"):
        services.add_attachments(
            draft,
            [("id.pdf", b"%PDF-1.4\nBT (1234 5678 9018) Tj ET\n")],
            services.AttachmentInput("other"),
            actor=personas["proposer"],
            origin=ORIGIN,
        )


def test_duplicate_submissions_detected(draft, personas, kumamoto_target) -> None:
    desk = personas["kumamoto_desk"]
    today = timezone.localdate()
    services.record_arrival(
        draft,
        channel="mail",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        proposal_date=today,
        actor=desk,
        origin=ORIGIN,
    )
    s, f = kumamoto_target
    paper = services.enter_paper_proposal(
        draft.organization,
        complete_input(),
        kind=draft.kind_enum,
        solicitation=s,
        file=f,
        dataset=None,
        channel="in_person",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        actor=desk,
        origin=ORIGIN,
    )
    assert queries.duplicates_of(paper) == (draft.reference,)


def test_invalid_transition_names_states(draft, personas) -> None:
    with pytest.raises(InvalidTransition, match="作成中"):
        services.accept(draft, actor=personas["kumamoto_desk"], origin=ORIGIN)


def test_proposal_state_not_editable_after_arrival(draft, personas) -> None:
    today = timezone.localdate()
    services.record_arrival(
        draft,
        channel="mail",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        proposal_date=today,
        actor=personas["kumamoto_desk"],
        origin=ORIGIN,
    )
    with pytest.raises(services.NotEditable):
        services.save_draft(draft, complete_input(), actor=personas["proposer"], origin=ORIGIN)
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.RECEIVED

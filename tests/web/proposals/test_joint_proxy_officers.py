"""Paths of a proposal that were untested (issue 7): joint proposers (共同提案), a corporation's officers (役員, for ①
only), a proxy (代理人: power of attorney and identity), and Nara's detailed check by the owning division after
acceptance (要綱第2-4) before the review may start."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tokumei.law.intake import CheckStatus, IntakeCheck, IntakeCode, ProposalKind
from tokumei.law.organization import DocumentKind
from tokumei.law.review import Criterion, EvidenceCode, Finding
from tokumei.law.transitions import ProposalState
from tokumei.web.core.models import AuditEvent
from tokumei.web.proposals import queries, services
from tokumei.web.proposals.forms import ProposalForm
from tokumei.web.proposals.models import Proposal
from tokumei.web.proposals.public_views import forms_of
from tokumei.web.reviews import services as review_services
from tokumei.web.reviews.models import Review

from ..conftest import ORIGIN, PASSWORD
from .conftest import PNG, attach_all, complete_input

pytestmark = pytest.mark.django_db

JOINT = {"kind": "individual", "name": "共同 次郎", "address": "奈良県奈良市登大路町30", "representative": ""}
PROXY = {"proxy_kind": "individual", "proxy_name": "代理 花子", "proxy_address": "福岡県福岡市中央区天神1-1-1"}


def errors(p) -> set[tuple[IntakeCode, str]]:
    return {(x.code, x.field) for x in queries.precheck_problems(p, timezone.localdate()) if x.severity == "error"}


def identity(
    p, user, holder: str, name: str, address: str, document_type: str = "driver_licence", issued_days_ago: int = 400
) -> None:
    today = timezone.localdate()
    services.add_attachments(
        p,
        [(f"{holder}.png", PNG + holder.encode())],
        services.AttachmentInput(
            "identity",
            holder=holder,
            document_type=document_type,
            issued_on=today - timedelta(days=issued_days_ago),
            valid_until=today + timedelta(days=400),
            name_on_document=name,
            address_on_document=address,
        ),
        actor=user,
        origin=ORIGIN,
    )


def arrive(p, desk) -> Proposal:
    today = timezone.localdate()
    return services.record_arrival(
        p,
        channel="mail",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        proposal_date=today,
        actor=desk,
        origin=ORIGIN,
    )


def accepted(personas, target, org_key: str, **overrides) -> Proposal:
    """Accepted by the desk, and nothing more (no division check)."""
    s, f = target
    proposer, desk = personas["proposer"], personas[f"{org_key}_desk"]
    p = services.start_draft(owner=proposer, kind=ProposalKind.NEW, solicitation=s, file=f, origin=ORIGIN)
    p = services.save_draft(p, complete_input(**overrides), actor=proposer, origin=ORIGIN)
    attach_all(p, proposer)
    for j, party in enumerate(p.joint_proposers):
        identity(p, proposer, f"joint:{j}", party["name"], party["address"])
    arrive(p, desk)
    return services.accept(p, actor=desk, origin=ORIGIN)


def c1(review: Review) -> dict:
    return review.panels.get(criterion=Criterion.C1.value).evidence


def post_data(p, **changes: str) -> dict[str, str]:
    """The portal form as the proposer sees it filled (every field as a string), with ``changes``."""
    initial = ProposalForm.initial_from(services.input_of(p), p.file)
    data = {k: ("" if v is None else v.isoformat() if isinstance(v, date) else str(v)) for k, v in initial.items()}
    return data | changes


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if is_dataclass(value):
        return "\n".join(_text(getattr(value, f.name)) for f in fields(value))
    if isinstance(value, (tuple, list)):
        return "\n".join(_text(v) for v in value)
    return ""


# --------------------------------------------------------------------------------------------------
# Joint proposers (共同提案)
# --------------------------------------------------------------------------------------------------


def test_joint_proposer_through_the_portal_needs_an_identity_and_is_printed(client, draft, personas) -> None:
    proposer = personas["proposer"]
    attach_all(draft, proposer)
    assert client.login(username=proposer.username, password=PASSWORD)
    joint = {f"joint_0_{k}": v for k, v in JOINT.items()}
    assert client.post(f"/proposals/{draft.pk}/edit/", post_data(draft, **joint)).status_code == 302
    draft.refresh_from_db()
    assert draft.joint_proposers == [JOINT]
    assert errors(draft) == {(IntakeCode.IDENTITY_MISSING, "identity_joint:0")}
    # each joint proposer proves its identity: a document for another holder does not count
    identity(draft, proposer, "joint:1", JOINT["name"], JOINT["address"])
    assert (IntakeCode.IDENTITY_MISSING, "identity_joint:0") in errors(draft)
    identity(draft, proposer, "joint:0", "共同　次郎", "奈良県奈良市登大路町３０")  # as written on the card
    assert errors(draft) == set()
    documents = {d.kind: _text(d) for d in forms_of(draft)}
    for kind in (DocumentKind.PROPOSAL, DocumentKind.PLEDGE):  # the pledge is every proposer's (法112条3項1号)
        assert "共同提案者1" in documents[kind]
        assert JOINT["name"] in documents[kind]
    assert "私たち" in documents[DocumentKind.PLEDGE]
    arrive(draft, personas["kumamoto_desk"])
    client.logout()
    assert client.login(username="kumamoto_desk", password=PASSWORD)
    page = client.get(reverse("proposals_staff:detail", args=[draft.pk])).content.decode()
    assert f"共同提案者: {JOINT['name']}" in page


def test_joint_proposer_row_needs_name_and_address(draft, personas) -> None:
    proposer = personas["proposer"]
    p = services.save_draft(
        draft,
        complete_input(joint_proposers=[{"kind": "corporation", "name": "", "address": "", "representative": ""}]),
        actor=proposer,
        origin=ORIGIN,
    )
    fields_missing = {f for code, f in errors(p) if code is IntakeCode.ITEM_MISSING}
    assert {"joint_0_name", "joint_0_address", "joint_0_representative"} <= fields_missing


def test_joint_proposer_with_a_termination_is_checked_in_criterion_1(personas, kumamoto_target) -> None:
    division = personas["kumamoto_division"]
    review_services.record_termination(
        party_kind="individual",
        name="共同　次郎",
        termination_date=timezone.localdate() - timedelta(days=200),
        contract_reference="福警匿契R7-001",
        actor=division,
        origin=ORIGIN,
    )
    p = accepted(personas, kumamoto_target, "kumamoto", joint_proposers=[JOINT])
    review = review_services.start_review(p, actor=division, origin=ORIGIN)
    evidence = c1(review)
    assert evidence["suggested"] == Finding.NEEDS_EXPLANATION.value  # a name without a birth date: possibly the same
    line = next(x for x in evidence["lines"] if x["code"] == EvidenceCode.TERMINATION_POSSIBLE_MATCH.value)
    assert "共同提案者1 共同 次郎" in line["message"]


# --------------------------------------------------------------------------------------------------
# Officers (役員): only for ① (法113条6号)
# --------------------------------------------------------------------------------------------------


def test_officers_form_reads_names_and_birth_dates(client, draft, personas) -> None:
    assert client.login(username="proposer", password=PASSWORD)
    lines = "奈良 一郎、1970-04-01\n\n山田 花子\n"
    assert client.post(f"/proposals/{draft.pk}/edit/", post_data(draft, officers=lines)).status_code == 302
    draft.refresh_from_db()
    assert draft.officers == [
        {"name": "奈良 一郎", "birth_date": "1970-04-01"},
        {"name": "山田 花子", "birth_date": ""},
    ]
    assert "奈良 一郎、1970-04-01\n山田 花子" in client.get(f"/proposals/{draft.pk}/edit/").content.decode()
    bad = client.post(f"/proposals/{draft.pk}/edit/", post_data(draft, officers="代表取締役、奈良一郎"))
    assert bad.status_code == 200
    assert "役員「代表取締役」の生年月日「奈良一郎」は日付として読めません" in bad.content.decode()
    draft.refresh_from_db()
    assert len(draft.officers) == 2  # not saved


def test_officer_lines_from_a_service_caller_are_read_too(draft, personas) -> None:
    proposer = personas["proposer"]
    p = services.save_draft(
        draft, complete_input(officers=["奈良 一郎、昭和45年4月1日"]), actor=proposer, origin=ORIGIN
    )
    assert p.officers == [{"name": "奈良 一郎", "birth_date": "1970-04-01"}]
    with pytest.raises(services.ProposalRefused) as exc:
        services.save_draft(p, complete_input(officers=["奈良 一郎、1970-13-01"]), actor=proposer, origin=ORIGIN)
    assert exc.value.field == "officers"
    # an older draft's line that is not "name、date" is kept whole when read back
    Proposal.objects.filter(pk=p.pk).update(officers=["代表取締役、奈良一郎"])
    p.refresh_from_db()
    assert services.input_of(p).officers == [{"name": "代表取締役、奈良一郎", "birth_date": ""}]


@pytest.mark.parametrize(
    ("officer", "termination_birth", "suggested", "code"),
    [
        # the same person by name and birth date: the corporation is disqualified (法113条6号)
        ("奈良 一郎、1970-04-01", date(1970, 4, 1), Finding.DOES_NOT_MEET, EvidenceCode.TERMINATION_MATCH),
        # a name only: possibly the same person, the division asks
        ("奈良 一郎", date(1970, 4, 1), Finding.NEEDS_EXPLANATION, EvidenceCode.TERMINATION_POSSIBLE_MATCH),
        # another person of the same name
        ("奈良 一郎、1980-01-01", date(1970, 4, 1), Finding.MEETS, EvidenceCode.NO_TERMINATION),
    ],
)
def test_officer_matching_a_terminated_party(
    personas, kumamoto_target, officer, termination_birth, suggested, code
) -> None:
    division = personas["kumamoto_division"]
    review_services.record_termination(
        party_kind="individual",
        name="奈良　一郎",
        birth_date=termination_birth,
        termination_date=timezone.localdate() - timedelta(days=300),
        actor=division,
        origin=ORIGIN,
    )
    p = accepted(personas, kumamoto_target, "kumamoto", officers=[officer])
    review = review_services.start_review(p, actor=division, origin=ORIGIN)
    evidence = c1(review)
    assert evidence["suggested"] == suggested.value
    line = next(x for x in evidence["lines"] if x["code"] == code.value and "役員" in x["message"])
    if code is EvidenceCode.TERMINATION_MATCH:
        assert "法113条6号" in line["message"]
        with pytest.raises(review_services.ReviewServiceRefused, match="システムの確認結果と矛盾"):
            review_services.record_finding(review, Criterion.C1, Finding.MEETS, "適合。", actor=division, origin=ORIGIN)


def test_minor_officer_fails_criterion_1(personas, kumamoto_target) -> None:
    minor = (timezone.localdate() - timedelta(days=365 * 17)).isoformat()
    p = accepted(personas, kumamoto_target, "kumamoto", officers=[f"若葉 学、{minor}"])
    review = review_services.start_review(p, actor=personas["kumamoto_division"], origin=ORIGIN)
    evidence = c1(review)
    assert evidence["suggested"] == Finding.DOES_NOT_MEET.value
    assert any(x["code"] == EvidenceCode.MINOR.value and "役員" in x["message"] for x in evidence["lines"])


# --------------------------------------------------------------------------------------------------
# Proxy (代理人)
# --------------------------------------------------------------------------------------------------


def test_proxy_needs_power_of_attorney_and_identity_then_is_accepted(draft, personas) -> None:
    proposer, desk = personas["proposer"], personas["kumamoto_desk"]
    p = services.save_draft(draft, complete_input(**PROXY), actor=proposer, origin=ORIGIN)
    attach_all(p, proposer)
    assert p.has_proxy
    assert errors(p) == {
        (IntakeCode.IDENTITY_MISSING, "identity_proxy"),
        (IntakeCode.PROXY_DOCUMENT_MISSING, "attachment_power_of_attorney"),
    }
    arrive(p, desk)
    found = {f.check: f.status for f in queries.findings(p, timezone.localdate())}
    assert found[IntakeCheck.PROXY_DOCUMENT] is CheckStatus.DEFECT
    with pytest.raises(services.ProposalRefused, match="委任状"):
        services.accept(p, actor=desk, origin=ORIGIN)
    # the desk records the power of attorney received on paper and scans the proxy's licence
    services.add_attachments(
        p, [], services.AttachmentInput("power_of_attorney"), actor=desk, origin=ORIGIN, on_paper=True
    )
    identity(p, desk, "proxy", PROXY["proxy_name"], "福岡県福岡市中央区天神１－１－１")
    found = {f.check: f.status for f in queries.findings(p, timezone.localdate())}
    assert found[IntakeCheck.PROXY_DOCUMENT] is CheckStatus.OK
    assert found[IntakeCheck.ATTACHMENTS_COMPLETE] is CheckStatus.OK
    assert services.accept(p, actor=desk, origin=ORIGIN).state == ProposalState.ACCEPTED


def test_proxy_identity_must_suit_the_proxy(draft, personas) -> None:
    proposer = personas["proposer"]
    p = services.save_draft(draft, complete_input(**PROXY), actor=proposer, origin=ORIGIN)
    attach_all(p, proposer)
    services.add_attachments(
        p, [("ininjo.pdf", b"%PDF-1.4 ininjo")], services.AttachmentInput("power_of_attorney"), actor=proposer,
        origin=ORIGIN,
    )  # fmt: skip
    identity(
        p,
        proposer,
        "proxy",
        "別人 太郎",
        PROXY["proxy_address"],
        document_type="registry_certificate",
        issued_days_ago=10,
    )
    assert errors(p) == {
        (IntakeCode.IDENTITY_WRONG_TYPE, "identity_proxy"),
        (IntakeCode.IDENTITY_NAME_MISMATCH, "identity_proxy"),
    }


def test_proxy_form_and_printed_power_of_attorney(client, personas, nara_target, kumamoto_target) -> None:
    proposer = personas["proposer"]
    assert client.login(username=proposer.username, password=PASSWORD)
    printed = {}
    for key, (s, f) in (("nara", nara_target), ("kumamoto", kumamoto_target)):
        p = services.start_draft(owner=proposer, kind=ProposalKind.NEW, solicitation=s, file=f, origin=ORIGIN)
        p = services.save_draft(p, complete_input(joint_proposers=[JOINT]), actor=proposer, origin=ORIGIN)
        # a proxy's name without its kind is read as an individual
        form = post_data(p, proxy_kind="", proxy_name="代理 花子", proxy_address=PROXY["proxy_address"])
        assert client.post(f"/proposals/{p.pk}/edit/", form).status_code == 302
        p.refresh_from_db()
        assert (p.proxy_kind, p.proxy_name) == ("individual", "代理 花子")
        printed[key] = {d.kind: _text(d) for d in forms_of(p)}
    # Nara 第3号様式 (and Kumamoto's own form): the power of attorney, given by every proposer
    for key in ("nara", "kumamoto"):
        power = printed[key][DocumentKind.POWER_OF_ATTORNEY]
        assert "代理 花子" in power
        assert "株式会社デモ分析" in power
        assert JOINT["name"] in power
        assert "私たちは、上記の者を代理人と定め" in power


# --------------------------------------------------------------------------------------------------
# Nara: the owning division's detailed check after acceptance (要綱第2-4)
# --------------------------------------------------------------------------------------------------


def test_nara_division_records_the_check_the_desk_cannot_and_the_review_waits(client, personas, nara_target) -> None:
    desk, division = personas["nara_desk"], personas["nara_division"]
    p = accepted(personas, nara_target, "nara")
    assert p.division_checked_at is None
    with pytest.raises(review_services.ReviewServiceRefused, match="主管課による記載事項・添付書類の確認を記録"):
        review_services.start_review(p, actor=division, origin=ORIGIN)
    assert client.login(username=division.username, password=PASSWORD)
    listing = client.get(reverse("reviews:list")).content.decode()
    assert "主管課による記載事項・添付書類の確認を先に記録してください" in listing
    refused = client.post(reverse("reviews:start", args=[p.pk]), follow=True).content.decode()
    assert "主管課による記載事項・添付書類の確認を記録してください" in refused
    assert not Review.objects.filter(proposal=p).exists()
    # the desk may not record it (another actor's step) and is not offered it
    client.logout()
    assert client.login(username=desk.username, password=PASSWORD)
    assert "division-check" not in client.get(reverse("proposals_staff:detail", args=[p.pk])).content.decode()
    assert client.post(reverse("proposals_staff:action", args=[p.pk, "division-check"])).status_code == 403
    p.refresh_from_db()
    assert p.division_checked_at is None
    # the division records it, once
    client.logout()
    assert client.login(username=division.username, password=PASSWORD)
    assert "division-check" in client.get(reverse("proposals_staff:detail", args=[p.pk])).content.decode()
    done = client.post(
        reverse("proposals_staff:action", args=[p.pk, "division-check"]), {"reason": "本人確認書類まで確認。"}
    )
    assert done.status_code == 302
    p.refresh_from_db()
    assert p.division_checked_at is not None
    event = AuditEvent.objects.get(action="proposals.division_checked", target_id=str(p.pk))
    assert event.details["note"] == "本人確認書類まで確認。"
    with pytest.raises(services.ProposalRefused, match="すでに記録されています"):
        services.record_division_check(p, "", actor=division, origin=ORIGIN)
    assert "主管課による記載事項・添付書類の確認を先に" not in client.get(reverse("reviews:list")).content.decode()
    started = client.post(reverse("reviews:start", args=[p.pk]))
    assert started.status_code == 302
    assert Review.objects.filter(proposal=p).exists()


def test_division_check_before_acceptance_is_refused(personas, nara_target) -> None:
    proposer, desk = personas["proposer"], personas["nara_desk"]
    s, f = nara_target
    p = services.start_draft(owner=proposer, kind=ProposalKind.NEW, solicitation=s, file=f, origin=ORIGIN)
    p = arrive(services.save_draft(p, complete_input(), actor=proposer, origin=ORIGIN), desk)
    with pytest.raises(services.ProposalRefused, match="受付済みの提案"):
        services.record_division_check(p, "", actor=personas["nara_division"], origin=ORIGIN)


def test_kumamoto_checks_at_intake_and_has_no_division_check(client, personas, kumamoto_target) -> None:
    p = accepted(personas, kumamoto_target, "kumamoto")
    with pytest.raises(services.ProposalRefused, match="受付の際に行います"):
        services.record_division_check(p, "", actor=personas["kumamoto_desk"], origin=ORIGIN)
    assert client.login(username="kumamoto_desk", password=PASSWORD)
    client.post(reverse("proposals_staff:action", args=[p.pk, "division-check"]))
    p.refresh_from_db()
    assert p.division_checked_at is None
    review = review_services.start_review(p, actor=personas["kumamoto_division"], origin=ORIGIN)
    assert review.proposal_id == p.pk

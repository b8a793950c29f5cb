"""法118条1項後段 (issue 7): a change proposal names the real contract by its number (契約番号). The proposer (portal)
or the desk (paper entry) types the number; the service finds the organization's contract and refuses, on the field,
an unknown number, another dataset's contract, a contract no longer in force and another party's contract. The
printed form, the desk's case page and the review show the contract."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tokumei.law.calendar import format_wareki
from tokumei.law.contracts import ContractState
from tokumei.law.intake import IntakeCode, ProposalKind
from tokumei.law.organization import DocumentKind
from tokumei.web.contracts.models import Contract
from tokumei.web.proposals import queries, services
from tokumei.web.proposals.models import Proposal
from tokumei.web.proposals.public_views import forms_of
from tokumei.web.register.models import AnonymizedDataset
from tokumei.web.reviews import services as review_services

from ..conftest import ORIGIN, PASSWORD
from ..contracts.conftest import fukuoka, fukuoka_approved, fukuoka_delivered, fukuoka_target  # noqa: F401
from .conftest import attach_all, complete_input

pytestmark = pytest.mark.django_db

OTHER_CN = "2000012010019"  # a valid 法人番号 (check digit) of another corporation
OWN_CN = "7000012050002"


def change_input(number: str, **overrides):
    return complete_input(contract_number=number, processing={}, subject_scope="", sample_size=None, **overrides)


def draft_on(dataset, proposer):
    return services.start_draft(owner=proposer, kind=ProposalKind.CHANGE, dataset=dataset, origin=ORIGIN)


def refusal(exc_info) -> str:
    assert exc_info.value.field == "contract_number"
    return "\n".join(exc_info.value.problems)


def _text(value: object) -> str:
    """Every string inside a Document (sections, tables, cells), for asserting what the form prints."""
    if isinstance(value, str):
        return value
    if is_dataclass(value):
        return "\n".join(_text(getattr(value, f.name)) for f in fields(value))
    if isinstance(value, (tuple, list)):
        return "\n".join(_text(v) for v in value)
    return ""


@pytest.fixture
def delivered(fukuoka_delivered):  # noqa: F811 - the shared fixture
    c = Contract.objects.select_related("run__dataset", "review__proposal").get(pk=fukuoka_delivered.pk)
    assert c.state == ContractState.DELIVERED
    assert c.number
    assert c.run.dataset is not None
    return c


def test_change_proposal_links_the_contract_and_prints_its_number(delivered, personas) -> None:
    proposer = personas["proposer"]
    p = draft_on(delivered.run.dataset, proposer)
    # typed as on paper: full-width letters and digits, spaces around
    typed = " " + delivered.number.translate(str.maketrans("R0123456789-", "Ｒ０１２３４５６７８９－")) + " "
    p = services.save_draft(p, change_input(typed), actor=proposer, origin=ORIGIN)
    assert p.changed_contract == delivered
    assert p.contract_reference == f"契約番号 {delivered.number}（{format_wareki(delivered.concluded_on)}締結）"
    assert services.input_of(p).contract_number == delivered.number  # the form shows the number again
    today = timezone.localdate()
    problems = {x.code for x in queries.precheck_problems(p, today)}
    assert not problems & {c for c in IntakeCode if c.value.startswith("intake.contract_")}
    assert IntakeCode.ITEM_MISSING not in problems
    # the printed 法118条 proposal (様式第十二) names the contract in item 4
    proposal_form = next(d for d in forms_of(p) if d.kind is DocumentKind.REUSE_PROPOSAL)
    assert f"変更しようとする契約: 契約番号 {delivered.number}" in _text(proposal_form)


def test_unknown_number_is_refused_on_the_field(delivered, personas) -> None:
    proposer = personas["proposer"]
    p = draft_on(delivered.run.dataset, proposer)
    with pytest.raises(services.ProposalRefused) as exc:
        services.save_draft(p, change_input("福警匿契R8-999"), actor=proposer, origin=ORIGIN)
    assert "契約番号「福警匿契R8-999」の利用契約は、この機関が締結した契約の中にありません" in refusal(exc)
    p.refresh_from_db()
    assert p.changed_contract is None
    assert p.contract_reference == ""


def test_another_organizations_contract_is_unknown(delivered, personas, kumamoto_file) -> None:
    today = timezone.localdate()
    kumamoto_data = AnonymizedDataset.objects.create(
        file=kumamoto_file,
        title="熊本の作成済み匿名加工情報",
        subject_count=5000,
        proposal_office="熊本市",
        proposal_period_first_day=today,
        proposal_period_last_day=today + timedelta(days=30),
        created_on=today,
    )
    proposer = personas["proposer"]
    p = draft_on(kumamoto_data, proposer)
    with pytest.raises(services.ProposalRefused) as exc:
        services.save_draft(p, change_input(delivered.number), actor=proposer, origin=ORIGIN)
    assert "この機関が締結した契約の中にありません" in refusal(exc)


def test_contract_on_another_dataset_is_refused(delivered, personas) -> None:
    today = timezone.localdate()
    other = AnonymizedDataset.objects.create(
        file=delivered.run.dataset.file,
        title="別に作成した匿名加工情報",
        subject_count=2000,
        proposal_office="福岡県警察本部",
        proposal_period_first_day=today,
        proposal_period_last_day=today + timedelta(days=30),
        created_on=today,
    )
    proposer = personas["proposer"]
    p = draft_on(other, proposer)
    with pytest.raises(services.ProposalRefused) as exc:
        services.save_draft(p, change_input(delivered.number), actor=proposer, origin=ORIGIN)
    message = refusal(exc)
    assert f"「{delivered.run.dataset.title}」に係る契約で、この提案の「別に作成した匿名加工情報」" in message


@pytest.mark.parametrize("state", [ContractState.ENDED, ContractState.TERMINATED])
def test_contract_not_in_force_is_refused(delivered, personas, state) -> None:
    Contract.objects.filter(pk=delivered.pk).update(state=state)
    proposer = personas["proposer"]
    p = draft_on(delivered.run.dataset, proposer)
    with pytest.raises(services.ProposalRefused) as exc:
        services.save_draft(p, change_input(delivered.number), actor=proposer, origin=ORIGIN)
    assert f"「{state.label}」のため、変更の提案はできません" in refusal(exc)


def test_a_concluded_contract_is_in_force(delivered, personas) -> None:
    Contract.objects.filter(pk=delivered.pk).update(state=ContractState.CONCLUDED)
    proposer = personas["proposer"]
    p = services.save_draft(
        draft_on(delivered.run.dataset, proposer), change_input(delivered.number), actor=proposer, origin=ORIGIN
    )
    assert p.changed_contract_id == delivered.pk


def test_another_partys_contract_is_refused_without_naming_the_party(delivered, personas) -> None:
    proposer = personas["proposer"]
    p = draft_on(delivered.run.dataset, proposer)
    with pytest.raises(services.ProposalRefused) as exc:
        services.save_draft(
            p, change_input(delivered.number, proposer_name="株式会社別会社"), actor=proposer, origin=ORIGIN
        )
    message = refusal(exc)
    assert "利用契約の相手方は、提案をする者（株式会社別会社）ではありません" in message
    assert "法118条1項前段" in message
    assert delivered.review.proposal.proposer_name not in message  # nothing about another party's contract


def test_party_by_corporate_number_when_both_have_one(delivered, personas) -> None:
    Proposal.objects.filter(pk=delivered.review.proposal.pk).update(corporate_number=OWN_CN)
    proposer = personas["proposer"]
    renamed = change_input(delivered.number, proposer_name="株式会社デモ分析ホールディングス", corporate_number=OWN_CN)
    p = services.save_draft(draft_on(delivered.run.dataset, proposer), renamed, actor=proposer, origin=ORIGIN)
    assert p.changed_contract_id == delivered.pk
    same_name_other_number = change_input(delivered.number, corporate_number=OTHER_CN)
    with pytest.raises(services.ProposalRefused) as exc:
        services.save_draft(
            draft_on(delivered.run.dataset, proposer), same_name_other_number, actor=proposer, origin=ORIGIN
        )
    assert "法人番号が一致しません" in refusal(exc)


def test_desk_enters_a_paper_change_proposal(delivered, personas, fukuoka) -> None:  # noqa: F811
    desk, today = fukuoka["desk"], timezone.localdate()
    dataset = delivered.run.dataset

    def enter(number: str) -> Proposal:
        return services.enter_paper_proposal(
            delivered.organization,
            change_input(number),
            kind=ProposalKind.CHANGE,
            solicitation=None,
            file=None,
            dataset=dataset,
            channel="mail",
            arrived_on=today,
            arrived_at=None,
            official_form=True,
            actor=desk,
            origin=ORIGIN,
        )

    before = Proposal.objects.count()
    with pytest.raises(services.ProposalRefused) as exc:
        enter("9999")
    assert "この機関が締結した契約の中にありません" in refusal(exc)
    assert Proposal.objects.count() == before  # nothing saved
    p = enter(delivered.number)
    assert p.entered_by_staff
    assert p.changed_contract == delivered
    assert p.contract_reference.startswith(f"契約番号 {delivered.number}")


def test_contract_terminated_after_submission_is_a_defect_at_intake(delivered, personas, fukuoka) -> None:  # noqa: F811
    proposer, desk, today = personas["proposer"], fukuoka["desk"], timezone.localdate()
    p = services.save_draft(
        draft_on(delivered.run.dataset, proposer), change_input(delivered.number), actor=proposer, origin=ORIGIN
    )
    attach_all(p, proposer)
    services.record_arrival(
        p,
        channel="mail",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        proposal_date=today,
        actor=desk,
        origin=ORIGIN,
    )
    Contract.objects.filter(pk=delivered.pk).update(state=ContractState.TERMINATED)
    p.refresh_from_db()
    with pytest.raises(services.ProposalRefused, match="解除（法120条）"):
        services.accept(p, actor=desk, origin=ORIGIN)


def test_free_text_without_the_contract_counts_as_missing(delivered, personas) -> None:
    proposer = personas["proposer"]
    p = services.save_draft(
        draft_on(delivered.run.dataset, proposer), change_input(delivered.number), actor=proposer, origin=ORIGIN
    )
    Proposal.objects.filter(pk=p.pk).update(changed_contract=None, contract_reference="令和8年の契約")
    p.refresh_from_db()
    missing = [x for x in queries.precheck_problems(p, timezone.localdate()) if x.field == "contract_reference"]
    assert [x.code for x in missing] == [IntakeCode.ITEM_MISSING]


def test_portal_form_shows_the_refusal_on_the_field_and_the_review_links_the_contract(
    client,
    delivered,
    personas,
    fukuoka,  # noqa: F811 - the shared fixture
    django_capture_on_commit_callbacks,
) -> None:
    proposer = personas["proposer"]
    p = draft_on(delivered.run.dataset, proposer)
    assert client.login(username=proposer.username, password=PASSWORD)
    form = {"proposer_kind": "corporation", "proposer_name": "株式会社デモ分析", "contract_number": "R8-999"}
    page = client.post(f"/proposals/{p.pk}/edit/", form).content.decode()
    assert '<p class="field-error" role="alert">契約番号「R8-999」の利用契約は' in page
    assert 'name="contract_number"' in page
    live = client.post(f"/proposals/{p.pk}/precheck/", form)  # the live pre-check shows it too (no server error)
    assert live.status_code == 200
    assert "契約番号「R8-999」" in live.content.decode()
    assert Proposal.objects.get(pk=p.pk).changed_contract is None
    ok = client.post(f"/proposals/{p.pk}/edit/", form | {"contract_number": delivered.number})
    assert ok.status_code == 302
    assert Proposal.objects.get(pk=p.pk).changed_contract == delivered
    # accepted and reviewed: the division sees the contract, linked to its page
    p = services.save_draft(p, change_input(delivered.number), actor=proposer, origin=ORIGIN)
    attach_all(p, proposer)
    today = timezone.localdate()
    desk = fukuoka["desk"]
    services.record_arrival(
        p,
        channel="mail",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        proposal_date=today,
        actor=desk,
        origin=ORIGIN,
    )
    p = services.accept(p, actor=desk, origin=ORIGIN)
    with django_capture_on_commit_callbacks(execute=False):
        review = review_services.start_review(p, actor=fukuoka["division"], origin=ORIGIN)
    client.logout()
    assert client.login(username=fukuoka["division"].username, password=PASSWORD)
    link = f'href="{reverse("contracts:detail", args=[delivered.review_id])}"'
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "変更しようとする契約" in page
    assert link in page
    assert delivered.number in page
    case = client.get(reverse("proposals_staff:detail", args=[p.pk])).content.decode()
    assert link in case
    assert client.get(reverse("contracts:detail", args=[delivered.review_id])).status_code == 200


def test_desk_enters_paper_118_proposals_on_the_staff_pages(delivered, personas, fukuoka) -> None:  # noqa: F811
    """The desk's page lists the organization's created datasets with both 法118条 paper entries; a change proposal
    typed from paper names its contract by number, is kept as a staff-entered case and audited; another
    organization's desk and an unknown kind find nothing."""
    from django.test import Client

    from tokumei.web.core.models import AuditEvent

    desk = Client()
    desk.force_login(fukuoka["desk"])
    dataset = delivered.run.dataset
    listing = desk.get(reverse("proposals_staff:list")).content.decode()
    change_url = reverse("proposals_staff:paper_dataset", args=[dataset.pk, "change"])
    assert change_url in listing
    assert reverse("proposals_staff:paper_dataset", args=[dataset.pk, "reuse"]) in listing
    page = desk.get(change_url).content.decode()
    assert f"{dataset.title}（{ProposalKind.CHANGE.label}）" in page
    assert "法第117条第3号" in page
    today = timezone.localdate()
    form = {
        "proposer_kind": "corporation",
        "proposer_name": "株式会社デモ分析",
        "contract_number": "存在しない番号",
        "purpose": "利用期間を延長して研究を続けるため。",
        "arrival-channel": "mail",
        "arrival-arrived_on": today.isoformat(),
        "arrival-official_form": "on",
    }
    before = Proposal.objects.count()
    refused = desk.post(change_url, form)
    assert refused.status_code == 200
    assert "契約" in refused.content.decode()
    assert Proposal.objects.count() == before  # nothing saved
    response = desk.post(change_url, {**form, "contract_number": delivered.number})
    p = Proposal.objects.order_by("-pk").first()
    assert response.status_code == 302
    assert response.url == reverse("proposals_staff:detail", args=[p.pk])
    assert p.kind == ProposalKind.CHANGE
    assert p.dataset == dataset
    assert p.entered_by_staff
    assert p.changed_contract == delivered
    assert p.channel == "mail"
    assert AuditEvent.objects.filter(action="proposals.paper_entered", target_id=str(p.pk)).exists()
    assert desk.get(reverse("proposals_staff:paper_dataset", args=[dataset.pk, "other"])).status_code == 404
    other = Client()
    other.force_login(personas["kumamoto_desk"])
    assert other.get(change_url).status_code == 404

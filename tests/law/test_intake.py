"""law.intake: the 6-month certificate rule (calendar months, month ends), identity documents, items per kind,
the six intake checks, duplicates; law.processing recipe compilation; the proposal state table."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest

from tokumei.law.intake import (
    ITEMS_BY_KIND,
    AttachmentFacts,
    AttachmentKind,
    CheckStatus,
    DeliveryMedium,
    DeliveryMethod,
    DuplicateCandidate,
    Handler,
    Holder,
    HolderKind,
    IdentityDocumentFacts,
    IdentityDocumentType,
    IntakeCheck,
    IntakeCode,
    Party,
    ProcessingChoice,
    ProposalFacts,
    ProposalItem,
    ProposalKind,
    ProposerKind,
    SubjectScope,
    TargetFacts,
    certificate_earliest_issue_date,
    check_identity_document,
    find_duplicates,
    format_receipt_number,
    intake_findings,
    months_before,
    precheck,
)
from tokumei.law.processing import ItemSpec, PolicySpec, compile_recipe_document
from tokumei.law.solicitation import SolicitationPeriod
from tokumei.law.transitions import InvalidTransition, ProposalState, check_proposal_transition

CORP = Party(ProposerKind.CORPORATION, "株式会社デモ分析", "東京都千代田区霞が関1-1-1", "山田太郎")
PERSON = Party(ProposerKind.INDIVIDUAL, "鈴木 一郎", "熊本県熊本市中央区手取本町1-1")
PERIOD = SolicitationPeriod(date(2026, 8, 1), date(2026, 9, 15), None)


@pytest.mark.parametrize(
    ("proposal", "earliest"),
    [
        (date(2026, 8, 31), date(2026, 2, 28)),  # 2026 is not a leap year
        (date(2028, 8, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 8, 30), date(2026, 2, 28)),
        (date(2026, 12, 31), date(2026, 6, 30)),
        (date(2026, 3, 31), date(2025, 9, 30)),
        (date(2026, 5, 15), date(2025, 11, 15)),
        (date(2026, 1, 1), date(2025, 7, 1)),
    ],
)
def test_certificate_earliest_issue_date_month_ends(proposal: date, earliest: date) -> None:
    assert certificate_earliest_issue_date(proposal) == earliest


def test_months_before_rejects_negative() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        months_before(date(2026, 1, 1), -1)


def _cert(issued: date | None = None, **kw: object) -> IdentityDocumentFacts:
    fields: dict[str, object] = {
        "holder": Holder(HolderKind.PROPOSER),
        "document_type": IdentityDocumentType.REGISTRY_CERTIFICATE,
        "issued_on": issued or date(2026, 8, 1),
        "valid_until": None,
        "name_on_document": CORP.name,
        "address_on_document": CORP.address,
    } | kw
    return IdentityDocumentFacts(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("issued", "ok"),
    [(date(2026, 2, 28), True), (date(2026, 2, 27), False), (date(2026, 8, 31), True), (date(2026, 9, 1), False)],
)
def test_corporation_certificate_six_months_at_month_end(issued: date, ok: bool) -> None:
    problems = check_identity_document(_cert(issued), CORP, date(2026, 8, 31))
    assert (problems == []) is ok


def test_certificate_too_old_names_the_limit() -> None:
    (problem,) = check_identity_document(_cert(date(2026, 1, 10)), CORP, date(2026, 8, 31))
    assert problem.code is IntakeCode.CERTIFICATE_TOO_OLD
    assert "2026-02-28" in problem.message


def test_individual_document_valid_on_the_proposal_date() -> None:
    licence = IdentityDocumentFacts(
        Holder(HolderKind.PROPOSER),
        IdentityDocumentType.DRIVER_LICENCE,
        date(2020, 1, 1),
        date(2026, 8, 30),
        "鈴木　一郎",
        "熊本県熊本市中央区手取本町１－１",
    )
    codes = [p.code for p in check_identity_document(licence, PERSON, date(2026, 8, 31))]
    assert codes == [IntakeCode.IDENTITY_EXPIRED]  # names match after NFKC and space folding


def test_my_number_card_front_only_health_card_note_and_alternative_reason() -> None:
    base: dict[str, object] = {"valid_until": date(2030, 1, 1)}
    card = _cert(
        date(2024, 1, 1),
        document_type=IdentityDocumentType.MY_NUMBER_CARD,
        name_on_document=PERSON.name,
        address_on_document=PERSON.address,
        **base,
    )
    assert [p.code for p in check_identity_document(card, PERSON, date(2026, 8, 31))] == [
        IntakeCode.MY_NUMBER_BACK_SIDE
    ]
    health = _cert(
        date(2024, 1, 1),
        document_type=IdentityDocumentType.HEALTH_INSURANCE_CARD,
        name_on_document=PERSON.name,
        address_on_document=PERSON.address,
        **base,
    )
    (note,) = check_identity_document(health, PERSON, date(2025, 8, 31))
    assert note.code is IntakeCode.HEALTH_INSURANCE_CARD
    assert note.severity == "note"
    alternative = _cert(document_type=IdentityDocumentType.ALTERNATIVE, issued_on=date(2026, 8, 1))
    assert [p.code for p in check_identity_document(alternative, CORP, date(2026, 8, 31))] == [
        IntakeCode.ALTERNATIVE_REASON_MISSING
    ]


def test_wrong_document_type_and_mismatched_address() -> None:
    licence = _cert(document_type=IdentityDocumentType.DRIVER_LICENCE, address_on_document="大阪府大阪市")
    codes = {p.code for p in check_identity_document(licence, CORP, date(2026, 8, 31))}
    assert codes == {IntakeCode.IDENTITY_WRONG_TYPE, IntakeCode.IDENTITY_ADDRESS_MISMATCH}


def test_items_per_kind_follow_118_2() -> None:
    assert ITEMS_BY_KIND[ProposalKind.NEW] == tuple(ProposalItem)
    for kind in (ProposalKind.REUSE, ProposalKind.CHANGE):
        assert ProposalItem.FILE not in ITEMS_BY_KIND[kind]
        assert ProposalItem.SUBJECT_COUNT not in ITEMS_BY_KIND[kind]
        assert {1, 4, 5, 6, 7, 8} == {int(i) for i in ITEMS_BY_KIND[kind]}


def _facts(**kw: object) -> ProposalFacts:
    fields: dict[str, object] = {
        "kind": ProposalKind.NEW,
        "proposal_date": date(2026, 8, 31),
        "proposer": CORP,
        "phone": "03-0000-0000",
        "email": "a@example.invalid",
        "subject_scope": SubjectScope.SAMPLE,
        "sample_size": 1000,
        "processing": (ProcessingChoice("住所", "prefecture", ("municipality", "prefecture")),),
        "purpose": "研究",
        "method": "集計",
        "business": "開発",
        "use_from": date(2027, 4, 1),
        "use_to": date(2028, 3, 31),
        "handlers": (Handler("佐藤", "調査部", "主任"),),
        "place_of_use": "分析室",
        "environment": "専用端末",
        "storage_management": "金庫",
        "delivery_medium": DeliveryMedium.DVD_R,
        "delivery_method": DeliveryMethod.DESK,
        "attachments": (AttachmentFacts(AttachmentKind.PLEDGE), AttachmentFacts(AttachmentKind.BUSINESS_CONTRIBUTION)),
        "identity_documents": (_cert(date(2026, 8, 1)),),
        "target": TargetFacts(True, PERIOD, 60_000, "特定健康診査受診者ファイル"),
    } | kw
    return ProposalFacts(**fields)  # type: ignore[arg-type]


def test_complete_proposal_passes_precheck_and_all_six_checks() -> None:
    assert precheck(_facts(), today=date(2026, 8, 31)) == ()
    findings = intake_findings(_facts(), received_on=date(2026, 9, 15))
    assert [f.check for f in findings] == list(IntakeCheck)
    assert {f.status for f in findings} == {CheckStatus.OK, CheckStatus.NOT_APPLICABLE}


def test_precheck_lists_everything_missing_at_once() -> None:
    facts = _facts(attachments=(), identity_documents=(), sample_size=999, purpose="", handlers=())
    codes = [p.code for p in precheck(facts, today=date(2026, 8, 31))]
    assert codes.count(IntakeCode.ATTACHMENT_MISSING) == 2
    assert {IntakeCode.IDENTITY_MISSING, IntakeCode.SUBJECT_COUNT_BELOW_MINIMUM, IntakeCode.ITEM_MISSING} <= set(codes)


def test_six_checks_each_with_its_finding() -> None:
    proxy = Party(ProposerKind.INDIVIDUAL, "代理 花子", "福岡県福岡市")
    facts = _facts(proxy=proxy, official_form=False, target=TargetFacts(False, PERIOD, 60_000, "別のファイル"))
    found = {f.check: f for f in intake_findings(facts, received_on=date(2026, 9, 16))}
    assert found[IntakeCheck.IN_PERIOD].status is CheckStatus.DEFECT  # mail arrived the day after
    assert found[IntakeCheck.TARGET_FILE].status is CheckStatus.DEFECT
    assert found[IntakeCheck.OFFICIAL_FORM].status is CheckStatus.DEFECT
    assert found[IntakeCheck.ITEMS_COMPLETE].status is CheckStatus.OK
    assert found[IntakeCheck.ATTACHMENTS_COMPLETE].status is CheckStatus.DEFECT  # the proxy's identity
    assert found[IntakeCheck.PROXY_DOCUMENT].status is CheckStatus.DEFECT


def test_closing_time_on_last_day_for_desk_delivery() -> None:
    period = SolicitationPeriod(date(2026, 2, 9), date(2026, 3, 13), time(17, 0))
    facts = _facts(
        target=TargetFacts(True, period, 60_000, "f"),
        proposal_date=date(2026, 3, 13),
        identity_documents=(_cert(date(2026, 3, 1)),),
    )
    late = intake_findings(facts, received_on=date(2026, 3, 13), received_at=time(17, 1))
    assert late[0].status is CheckStatus.DEFECT
    assert intake_findings(facts, received_on=date(2026, 3, 13), received_at=time(17, 0))[0].status is CheckStatus.OK


def test_reuse_needs_dataset_not_file_items() -> None:
    facts = _facts(kind=ProposalKind.CHANGE, subject_scope=None, processing=(), dataset_label="")
    codes = {p.field for p in precheck(facts, today=date(2026, 8, 31))}
    assert {"dataset", "contract_reference"} <= codes
    assert "subject_scope" not in codes
    assert "processing" not in codes


def test_duplicates_compare_names_as_written() -> None:
    me = DuplicateCandidate("P-1", ProposalKind.NEW, "株式会社デモ分析", "file:1:1")
    others = [
        DuplicateCandidate("P-2", ProposalKind.NEW, "株式会社　デモ分析", "file:1:1"),
        DuplicateCandidate("P-3", ProposalKind.NEW, "株式会社デモ分析", "file:2:1"),
    ]
    assert find_duplicates(me, others) == ("P-2",)


def test_receipt_number() -> None:
    assert format_receipt_number(2026, 12) == "令和8年度受付第12号"


def test_recipe_document_follows_rule_62() -> None:
    items = (
        ItemSpec("氏名", "氏名", "direct_identifier", "", ()),
        ItemSpec("個人番号", "個人番号", "identification_code", "", ()),
        ItemSpec("管理番号", "管理番号", "linking_code", "", ()),
        ItemSpec("住所", "住所", "quasi_identifier", "address", ("municipality", "prefecture")),
        ItemSpec("性別", "性別", "quasi_identifier", "value", ("value",)),
        ItemSpec("傷病名", "傷病名", "sensitive", "value", ("value",), withheld=True),
    )
    policy = PolicySpec(5, 2, ("傷病名",), 0.02, 3, "")
    doc = compile_recipe_document(
        items, policy, {"住所": "prefecture"}, sample_subjects=None, reference=date(2026, 1, 1)
    )
    assert doc["columns"] == {
        "氏名": "delete",
        "個人番号": "delete",
        "管理番号": "delete",
        "住所": {"generalize": "address", "level": "prefecture"},
    }
    assert doc["privacy"] == {"k": 5, "max_suppression": 0.02, "rare": 3}  # no sensitive column kept → no l
    with pytest.raises(ValueError, match="not offered"):
        compile_recipe_document(items, policy, {"住所": "ward"}, sample_subjects=None, reference=date(2026, 1, 1))


def test_proposal_state_table() -> None:
    check_proposal_transition(ProposalState.RECEIVED, ProposalState.CORRECTION_REQUESTED)
    check_proposal_transition(ProposalState.CORRECTION_REQUESTED, ProposalState.RECEIVED)
    with pytest.raises(InvalidTransition, match="受付済み"):
        check_proposal_transition(ProposalState.DRAFT, ProposalState.ACCEPTED)


def test_intake_codes_are_documented() -> None:
    catalogue = (Path(__file__).resolve().parents[2] / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z0-9_.]+)`", catalogue))
    missing = sorted(c.value for c in IntakeCode if c.value not in documented)
    assert missing == []
    for code in (
        "upload.empty",
        "upload.too_large",
        "upload.type_not_allowed",
        "upload.my_number",
        "proposal.refused",
        "proposal.not_editable",
    ):
        assert code in documented

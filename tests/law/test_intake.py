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
    ChangedContractFacts,
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
    Officer,
    Party,
    ProcessingChoice,
    ProposalFacts,
    ProposalItem,
    ProposalKind,
    ProposerKind,
    SubjectScope,
    TargetFacts,
    certificate_earliest_issue_date,
    check_changed_contract,
    check_identity_document,
    find_duplicates,
    format_receipt_number,
    intake_findings,
    months_before,
    normalize_contract_number,
    parse_officer,
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


# --------------------------------------------------------------------------------------------------
# 法118条1項後段: the contract a change proposal names; joint proposers, proxies and officers (issue 7)
# --------------------------------------------------------------------------------------------------

CONTRACT = ChangedContractFacts(
    number="福警匿契R8-001",
    concluded_on=date(2026, 5, 1),
    in_force=True,
    state_label="提供済み",
    party=CORP,
    party_corporate_number="",
    same_dataset=True,
    dataset_label="運転免許保有者ファイル（令和8年度作成）",
)


def _change(**kw: object) -> ProposalFacts:
    fields: dict[str, object] = {
        "kind": ProposalKind.CHANGE,
        "subject_scope": None,
        "sample_size": None,
        "processing": (),
        "dataset_label": CONTRACT.dataset_label,
        "contract_reference": CONTRACT.reference,
        "changed_contract": CONTRACT,
    } | kw
    return _facts(**fields)


def test_change_proposal_on_own_contract_in_force_passes() -> None:
    assert CONTRACT.reference == "契約番号 福警匿契R8-001（令和8年5月1日締結）"
    assert precheck(_change(), today=date(2026, 8, 31)) == ()
    # a 法118条後段 contract delivers nothing new: concluded is in force too
    concluded = ChangedContractFacts(**{**_fields(CONTRACT), "state_label": "締結済み"})
    assert check_changed_contract(CONTRACT.number, concluded, proposer=CORP) == ()


def _fields(c: ChangedContractFacts) -> dict[str, object]:
    return {name: getattr(c, name) for name in ChangedContractFacts.__dataclass_fields__}


def test_change_proposal_needs_the_contract() -> None:
    problems = precheck(_change(contract_reference="", changed_contract=None), today=date(2026, 8, 31))
    assert [(p.code, p.field) for p in problems] == [(IntakeCode.ITEM_MISSING, "contract_reference")]
    assert "契約番号" in problems[0].message


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"in_force": False, "state_label": "解除（法120条）"}, IntakeCode.CONTRACT_NOT_IN_FORCE, "解除（法120条）"),
        (
            {"in_force": False, "state_label": "利用終了（返却・消去の確認済み）"},
            IntakeCode.CONTRACT_NOT_IN_FORCE,
            "前段",
        ),
        (
            {"same_dataset": False, "dataset_label": "別の匿名加工情報"},
            IntakeCode.CONTRACT_OTHER_DATASET,
            "別の匿名加工情報",
        ),
        ({"party": PERSON}, IntakeCode.CONTRACT_OTHER_PARTY, "氏名又は名称が一致しません"),
    ],
)
def test_change_proposal_refusals_on_the_contract_number_field(change: dict, code: IntakeCode, words: str) -> None:
    contract = ChangedContractFacts(**(_fields(CONTRACT) | change))
    (problem,) = check_changed_contract(contract.number, contract, proposer=CORP, dataset_label="この匿名加工情報")
    assert (problem.code, problem.field, problem.severity) == (code, "contract_number", "error")
    assert words in problem.message
    assert problem.check is IntakeCheck.ITEMS_COMPLETE
    # the same problem in the pre-check and at intake
    assert code in {p.code for p in precheck(_change(changed_contract=contract), today=date(2026, 8, 31))}


def test_unknown_contract_number_and_number_as_typed() -> None:
    (problem,) = check_changed_contract("福警匿契Ｒ８－９９９", None, proposer=CORP)
    assert problem.code is IntakeCode.CONTRACT_UNKNOWN
    assert "福警匿契R8-999" in problem.message
    assert normalize_contract_number(" 福警匿契Ｒ８－００１ ") == CONTRACT.number


def test_another_partys_contract_says_nothing_about_it() -> None:
    ended = ChangedContractFacts(
        **(
            _fields(CONTRACT)
            | {"party": PERSON, "in_force": False, "state_label": "解除（法120条）", "same_dataset": False}
        )
    )
    (problem,) = check_changed_contract(CONTRACT.number, ended, proposer=CORP)
    assert problem.code is IntakeCode.CONTRACT_OTHER_PARTY
    assert PERSON.name not in problem.message
    assert "解除" not in problem.message


def test_contract_party_by_corporate_number_when_both_have_one() -> None:
    old_name = Party(ProposerKind.CORPORATION, "株式会社旧名称", "東京都")
    renamed = ChangedContractFacts(
        **(_fields(CONTRACT) | {"party": old_name, "party_corporate_number": "7000-0120-50002"})
    )
    assert check_changed_contract(renamed.number, renamed, proposer=CORP, corporate_number="7000012050002") == ()
    other = ChangedContractFacts(**(_fields(CONTRACT) | {"party_corporate_number": "2000012010019"}))
    (problem,) = check_changed_contract(other.number, other, proposer=CORP, corporate_number="7000012050002")
    assert problem.code is IntakeCode.CONTRACT_OTHER_PARTY
    assert "法人番号が一致しません" in problem.message
    # only one side has a number: the names decide
    assert check_changed_contract(other.number, other, proposer=CORP) == ()


def test_joint_proposers_each_need_their_identity_document() -> None:
    joint = (Party(ProposerKind.INDIVIDUAL, "共同 一郎", "奈良県奈良市登大路町30"),)
    facts = _facts(joint=joint)
    problems = precheck(facts, today=date(2026, 8, 31))
    assert [(p.code, p.field) for p in problems] == [(IntakeCode.IDENTITY_MISSING, "identity_joint:0")]
    licence = IdentityDocumentFacts(
        Holder(HolderKind.JOINT, 0),
        IdentityDocumentType.DRIVER_LICENCE,
        date(2024, 1, 1),
        date(2029, 1, 1),
        "共同　一郎",
        "奈良県奈良市登大路町３０",
    )
    facts = _facts(joint=joint, identity_documents=(_cert(date(2026, 8, 1)), licence))
    assert precheck(facts, today=date(2026, 8, 31)) == ()
    nameless = _facts(joint=(Party(ProposerKind.CORPORATION, "", "", ""),), identity_documents=facts.identity_documents)
    fields = {p.field for p in precheck(nameless, today=date(2026, 8, 31))}
    assert {"joint_0_name", "joint_0_address", "joint_0_representative"} <= fields


def test_proxy_needs_power_of_attorney_and_identity() -> None:
    proxy = Party(ProposerKind.INDIVIDUAL, "代理 花子", "福岡県福岡市中央区天神1-1-1")
    facts = _facts(proxy=proxy)
    codes = {(p.code, p.field) for p in precheck(facts, today=date(2026, 8, 31))}
    assert codes == {
        (IntakeCode.IDENTITY_MISSING, "identity_proxy"),
        (IntakeCode.PROXY_DOCUMENT_MISSING, "attachment_power_of_attorney"),
    }
    found = {f.check: f.status for f in intake_findings(facts, received_on=date(2026, 9, 1))}
    assert found[IntakeCheck.PROXY_DOCUMENT] is CheckStatus.DEFECT
    licence = IdentityDocumentFacts(
        Holder(HolderKind.PROXY),
        IdentityDocumentType.DRIVER_LICENCE,
        date(2024, 1, 1),
        date(2029, 1, 1),
        proxy.name,
        proxy.address,
    )
    complete = _facts(
        proxy=proxy,
        attachments=(*facts.attachments, AttachmentFacts(AttachmentKind.POWER_OF_ATTORNEY)),
        identity_documents=(*facts.identity_documents, licence),
    )
    assert precheck(complete, today=date(2026, 8, 31)) == ()
    found = {f.check: f.status for f in intake_findings(complete, received_on=date(2026, 9, 1))}
    assert found[IntakeCheck.PROXY_DOCUMENT] is CheckStatus.OK
    # a corporation's certificate does not prove an individual proxy's identity
    wrong = IdentityDocumentFacts(
        Holder(HolderKind.PROXY),
        IdentityDocumentType.REGISTRY_CERTIFICATE,
        date(2026, 8, 1),
        None,
        proxy.name,
        proxy.address,
    )
    codes = {
        p.code
        for p in precheck(
            _facts(**{**_fields_of(complete), "identity_documents": (_cert(), wrong)}), today=date(2026, 8, 31)
        )
    }
    assert codes == {IntakeCode.IDENTITY_WRONG_TYPE}


def _fields_of(facts: ProposalFacts) -> dict[str, object]:
    return {name: getattr(facts, name) for name in ProposalFacts.__dataclass_fields__}


@pytest.mark.parametrize(
    ("line", "officer"),
    [
        ("奈良 一郎", Officer("奈良 一郎")),
        ("奈良　一郎、1970-04-01", Officer("奈良 一郎", date(1970, 4, 1))),
        ("奈良一郎，1970/4/1", Officer("奈良一郎", date(1970, 4, 1))),
        ("奈良一郎, 昭和45年4月1日", Officer("奈良一郎", date(1970, 4, 1))),
        ("奈良一郎、", Officer("奈良一郎")),
    ],
)
def test_officer_lines(line: str, officer: Officer) -> None:
    assert parse_officer(line) == officer
    assert parse_officer(officer.line()) == officer


@pytest.mark.parametrize("line", ["代表取締役、奈良一郎", "奈良一郎、1970-02-30", "、1970-04-01"])
def test_officer_lines_refused(line: str) -> None:
    with pytest.raises(ValueError, match="役員"):
        parse_officer(line)


def test_delivery_medium_names_its_package_code() -> None:
    """The medium a proposal asks for (法112条2項8号) is the one the delivery package is built on."""
    from tokumei.delivery.package import MEDIA

    for medium in DeliveryMedium:
        assert MEDIA[medium.package_code].label == medium.label

"""Decision notices, the contract application and the use contract: built per profile, rendered, read back."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from tokumei.documents import render_docx, render_pdf
from tokumei.law.decision_notices import (
    ApprovalNoticeFacts,
    DecisionNoticeCode,
    DecisionNoticeRefused,
    ProcessingLine,
    RejectionNoticeFacts,
    UseContractFacts,
    build_approval_notice,
    build_approval_package,
    build_rejection_notice,
    build_use_contract,
    decision_document_kind,
)
from tokumei.law.fees import FeeBreakdown, WorkEstimate, compute_fee
from tokumei.law.intake import DeliveryMedium, DeliveryMethod, Handler, Party, ProposalKind, ProposerKind
from tokumei.law.notices import Document
from tokumei.law.organization import DocumentKind, OrganizationProfile
from tokumei.law.review import Criterion, FailedCriterion
from tokumei.profiles import BUILTIN_PROFILE_IDS, load_builtin_profiles

PROFILES: dict[str, OrganizationProfile] = load_builtin_profiles()
COMPANY = Party(ProposerKind.CORPORATION, "株式会社髙島データ", "奈良市登大路町1-1", "代表取締役 髙島 一郎")
NO_KYOJI = ("審査請求", "取消しの訴え", "教示")


def _docx_text(data: bytes) -> str:
    word = open_docx(BytesIO(data))
    lines = [p.text for p in word.paragraphs]
    lines.extend(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages)


def _fee(profile: OrganizationProfile, kind: ProposalKind) -> FeeBreakdown:
    if kind is ProposalKind.NEW:
        return compute_fee(profile, kind, estimate=WorkEstimate.of_total("4.5"))
    if kind is ProposalKind.REUSE:
        return compute_fee(profile, kind, original_fee_yen=40_750)
    return compute_fee(profile, kind)


def _approval(profile: OrganizationProfile, kind: ProposalKind = ProposalKind.NEW) -> ApprovalNoticeFacts:
    return ApprovalNoticeFacts(
        kind=kind,
        proposer=COMPANY,
        proposal_date=date(2026, 1, 15),
        notice_date=date(2026, 3, 2),
        target_label="交通事故統計ファイル",
        fee=_fee(profile, kind),
        payment_deadline=date(2026, 3, 31),
        delivery_medium=DeliveryMedium.DVD_R,
        delivery_method=DeliveryMethod.MAIL,
        number="県サ第12号",
        other_matters=("提供は契約締結後おおむね1か月以内を予定しています。",),
    )


def _contract(profile: OrganizationProfile, kind: ProposalKind = ProposalKind.NEW) -> UseContractFacts:
    return UseContractFacts(
        kind=kind,
        proposer=COMPANY,
        dataset_label="交通事故統計ファイル",
        purpose="交通安全施策の効果検証",
        method="統計的分析（集計表の作成）",
        business="自治体向け交通安全コンサルティング",
        use_from=date(2026, 4, 1),
        use_to=date(2027, 3, 31),
        handlers=(Handler("髙島 花子", "分析部", "主任"), Handler("山田 次郎", "分析部", "係員")),
        place_of_use="本社3階分析室（入退室管理あり）",
        environment="インターネットから遮断した専用端末",
        storage_management="記録媒体は施錠できる保管庫に保管し、持出しを禁止する。",
        delivery_medium=DeliveryMedium.DVD_R,
        delivery_method=DeliveryMethod.MAIL,
        fee=_fee(profile, kind),
        subject_count=5_000 if kind is ProposalKind.NEW else None,
        processing=(ProcessingLine("住所", "市町村まで"), ProcessingLine("生年月日", "5歳階級")),
        original_contract_reference="" if kind is ProposalKind.NEW else "令和7年度第1号契約",
        safety_measures=("取扱従事者以外のアクセスを禁止する。",),
        extra_termination_grounds=("取扱従事者以外の者に本情報を取り扱わせたとき。",),
    )


# --------------------------------------------------------------------------------------------------
# The Nara issue case, rendered
# --------------------------------------------------------------------------------------------------


def test_nara_approval_package_docx_and_pdf() -> None:
    # given the Nara case (4.5 hours -> 40,750 yen); when the package is built and rendered
    profile = PROFILES["nara-police"]
    package = build_approval_package(profile, _approval(profile), _contract(profile))
    notice_docx = _docx_text(render_docx(package.notice))
    notice_pdf = _pdf_text(render_pdf(package.notice))
    # then the notice is Nara's 第4号様式 and states fee, payment, deadline, delivery, other matters
    for text in (notice_docx, "".join(notice_docx.split()), notice_pdf):
        assert "第4号様式" in text
    flat = "".join(notice_docx.split())
    assert "40,750円" in flat
    assert "40,750円" in notice_pdf
    assert "収入証紙" in flat
    assert "令和8年3月31日" in flat
    assert "DVD-R" in flat
    assert "郵送" in flat
    assert "第5号様式" in flat  # the enclosed application
    assert "（未押印）2通" in flat
    assert "10,000円を超えるため" in flat  # stamp duty (Nara: 超える)
    assert "株式会社髙島データ" in notice_pdf
    assert (
        "（平成15年法律第57号。以下「法」という。）第114条第1項各号に掲げる基準に適合すると認めたので、同条第2項"
        in flat
    )
    assert not any(word in flat for word in NO_KYOJI)
    # and the enclosures: the application, two unsigned copies (正・副)
    assert package.application.designation == "第5号様式"
    assert [d.kind for d in package.documents()] == [
        DocumentKind.APPROVAL_NOTICE,
        DocumentKind.CONTRACT_APPLICATION,
        DocumentKind.USE_CONTRACT,
        DocumentKind.USE_CONTRACT,
    ]
    copies = [_pdf_text(render_pdf(d)) for d in package.contract_copies]
    assert "（正）" in copies[0]
    assert "（副）" in copies[1]


def test_use_contract_terms() -> None:
    profile = PROFILES["nara-police"]
    text = "".join(_docx_text(render_docx(build_use_contract(profile, _contract(profile)))).split())
    expected = [
        "交通安全施策の効果検証",  # purpose
        "統計的分析",  # method
        "令和8年4月1日から令和9年3月31日まで",  # period
        "髙島花子",  # handlers
        "本社3階分析室",  # place
        "インターネットから遮断した専用端末",  # environment
        "施錠できる保管庫",  # safety measures
        "第三者に提供し、又は第三者に利用させてはならない",  # no third-party provision
        "他の情報と照合してはならない（法第45条）",  # no re-identification
        "法第46条に基づき",  # safety measures duty
        "記載事項変更申出書（第7号様式）",  # change notifications
        "あらかじめ、その理由を付して",  # handler rule (Nara §13(1)イ・ウ)
        "復元し、又は読み取ることができないように処理し",  # irrecoverable deletion
        "記録媒体を甲に返却",  # return
        "立ち入り",  # inspection
        "法第120条の規定による解除",  # statutory termination
        "取扱従事者以外の者に本情報を取り扱わせたとき",  # the contract's own ground
        "この契約の条件を変更することはできない",  # frozen terms
        "40,750円",
        "市町村まで",
        "5,000人",
    ]
    missing = [phrase for phrase in expected if phrase not in text]
    assert missing == []


# --------------------------------------------------------------------------------------------------
# Every profile: approval and rejection forms, new and 118
# --------------------------------------------------------------------------------------------------

DESIGNATIONS = {
    # (approval, rejection, 118 approval, 118 rejection)
    "isa": ("別記様式第九", "別記様式第十一", "別記様式第十三", "別記様式第十四"),
    "kumamoto-city": ("別記様式第九", "別記様式第十一", "別記様式第十三", "別記様式第十四"),
    "fukuoka-police": ("別記様式第九", "別記様式第十一", "別記様式第十三", "別記様式第十四"),
    "nara-police": ("第4号様式", "第6号様式", "第9号様式", "第10号様式"),
    "legacy-2017": ("別記様式第三", "別記様式第五", "別記様式第七", "別記様式第八"),
}


@pytest.mark.parametrize("org", BUILTIN_PROFILE_IDS)
def test_every_profile_renders_its_own_forms(org: str) -> None:
    profile = PROFILES[org]
    approval, rejection, reuse_approval, reuse_rejection = DESIGNATIONS[org]
    documents: list[tuple[Document, str]] = [
        (build_approval_notice(profile, _approval(profile)), approval),
        (build_approval_notice(profile, _approval(profile, ProposalKind.REUSE)), reuse_approval),
        (build_approval_notice(profile, _approval(profile, ProposalKind.CHANGE)), reuse_approval),
        (
            build_rejection_notice(
                profile,
                RejectionNoticeFacts(
                    ProposalKind.NEW,
                    COMPANY,
                    date(2026, 1, 15),
                    date(2026, 3, 2),
                    (FailedCriterion(Criterion.C2, "本人の数（800人）が1,000人に満たない。"),),
                ),
            ),
            rejection,
        ),
        (
            build_rejection_notice(
                profile,
                RejectionNoticeFacts(
                    ProposalKind.REUSE,
                    COMPANY,
                    date(2026, 1, 15),
                    date(2026, 3, 2),
                    (FailedCriterion(Criterion.C4, "事業の目的が興味本位であり、利用の必要性が著しく乏しい。"),),
                ),
            ),
            reuse_rejection,
        ),
    ]
    for document, designation in documents:
        assert document.designation == designation
        text = _pdf_text(render_pdf(document))
        assert designation in text
        assert not any(word in text for word in NO_KYOJI)
    assert "12,600円" in documents[2][0].plain_text()  # change: the fixed amount
    term = "行政機関非識別加工情報" if org == "legacy-2017" else "行政機関等匿名加工情報"
    contract = build_use_contract(profile, _contract(profile, ProposalKind.REUSE))
    assert term in contract.plain_text()
    assert render_docx(contract).startswith(b"PK")


def test_fukuoka_contract_forms_and_stamp_rule() -> None:
    profile = PROFILES["fukuoka-police"]
    assert build_use_contract(profile, _contract(profile)).designation == "標準様式第一"
    assert build_use_contract(profile, _contract(profile, ProposalKind.REUSE)).designation == "標準様式第三"
    text = build_approval_notice(profile, _approval(profile)).plain_text()
    assert "10,000円以上であるため" in text  # Fukuoka 第8-1(1) 「1万円以上」
    assert "領収証紙" in text
    assert "総務課に提出" in text  # Fukuoka 第8-1: the desk receives the application


def test_rejection_lists_each_criterion_with_its_reason() -> None:
    profile = PROFILES["isa"]
    document = build_rejection_notice(
        profile,
        RejectionNoticeFacts(
            ProposalKind.NEW,
            COMPANY,
            date(2026, 1, 15),
            date(2026, 3, 2),
            (
                FailedCriterion(Criterion.C4, "事業計画が示されず、利用の必要性が認められない。"),
                FailedCriterion(Criterion.C2, "本人の数（800人）が1,000人に満たない。"),
            ),
            number="出開第5号",
        ),
    )
    text = "".join(_docx_text(render_docx(document)).split())
    assert (
        "。以下「法」という。）第114条第1項第2号及び第4号に掲げる基準に適合しないと認めたので、同条第3項の規定" in text
    )
    assert text.index("本人の数（800人）") < text.index("事業計画が示されず")  # in ①〜⑦ order
    assert "②本人の数（法第114条第1項第2号）" in text


def test_118_rejection_cites_the_reading_provision() -> None:
    profile = PROFILES["nara-police"]
    document = build_rejection_notice(
        profile,
        RejectionNoticeFacts(
            ProposalKind.CHANGE,
            COMPANY,
            date(2026, 1, 15),
            date(2026, 3, 2),
            (FailedCriterion(Criterion.C5, "延長後の期間が事業計画からみて必要な期間を超える。"),),
        ),
    )
    assert document.kind is DocumentKind.REUSE_REJECTION_NOTICE
    assert "以下「法」という。）第118条第2項において準用する法第114条第1項第5号" in document.plain_text()
    assert "法第118条第2項において準用する法第114条第3項の規定により通知します" in document.plain_text()


@pytest.mark.parametrize(
    ("failed", "kind", "code"),
    [
        ((), ProposalKind.NEW, DecisionNoticeCode.NO_FAILED_CRITERION),
        ((FailedCriterion(Criterion.C1, "  "),), ProposalKind.NEW, DecisionNoticeCode.REASON_REQUIRED),
        ((FailedCriterion(Criterion.C3, "理由"),), ProposalKind.REUSE, DecisionNoticeCode.CRITERION_NOT_APPLICABLE),
    ],
)
def test_rejection_refusals(failed: tuple[FailedCriterion, ...], kind: ProposalKind, code: DecisionNoticeCode) -> None:
    facts = RejectionNoticeFacts(kind, COMPANY, date(2026, 1, 15), date(2026, 3, 2), failed)
    with pytest.raises(DecisionNoticeRefused) as info:
        build_rejection_notice(PROFILES["isa"], facts)
    assert info.value.code is code
    assert str(info.value).endswith("。")


def test_approval_refusals() -> None:
    profile = PROFILES["isa"]
    facts = _approval(profile)
    with pytest.raises(DecisionNoticeRefused) as info:
        build_approval_notice(profile, ApprovalNoticeFacts(**{**_fields(facts), "payment_deadline": date(2026, 3, 1)}))
    assert info.value.code is DecisionNoticeCode.DEADLINE_BEFORE_NOTICE
    with pytest.raises(DecisionNoticeRefused) as mismatch:
        build_approval_notice(profile, ApprovalNoticeFacts(**{**_fields(facts), "kind": ProposalKind.CHANGE}))
    assert mismatch.value.code is DecisionNoticeCode.FEE_KIND_MISMATCH
    contract = _contract(profile)
    with pytest.raises(DecisionNoticeRefused) as reversed_period:
        build_use_contract(profile, UseContractFacts(**{**_fields(contract), "use_to": date(2026, 1, 1)}))
    assert reversed_period.value.code is DecisionNoticeCode.PERIOD_REVERSED
    with pytest.raises(DecisionNoticeRefused) as no_handler:
        build_use_contract(profile, UseContractFacts(**{**_fields(contract), "handlers": ()}))
    assert no_handler.value.code is DecisionNoticeCode.NO_HANDLER


def _fields(facts: object) -> dict[str, object]:
    return {name: getattr(facts, name) for name in facts.__dataclass_fields__}  # type: ignore[attr-defined]


def test_document_kinds_by_decision() -> None:
    assert decision_document_kind(ProposalKind.NEW, approved=True) is DocumentKind.APPROVAL_NOTICE
    assert decision_document_kind(ProposalKind.CHANGE, approved=False) is DocumentKind.REUSE_REJECTION_NOTICE


def test_placeholders_are_labelled_for_kumamoto() -> None:
    profile = PROFILES["kumamoto-city"]
    document = build_approval_notice(profile, _approval(profile))
    assert document.has_placeholders
    assert "デモ用の仮の値" in _docx_text(render_docx(document))

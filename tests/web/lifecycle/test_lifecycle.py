"""Issue 11 item 3: one case per live organization, walked through its whole life with the real service functions
(the ones the views call), the background jobs (③'s assessment, the production) executed synchronously.

solicitation and public notice → proposal drafted on the portal and printed → paper intake by the performer the
profile names, one correction request answered → acceptance → review of the seven criteria (Nara: 事前協議 first)
→ sign-off → approval notice with the fee and the contract application → payment by the organization's method →
contract → production → inspection by a second person → register (法117条) → delivery package, letter and record →
a handler change accepted → end of use confirmed.

At every step the state change is asserted and, where a document is produced, its text as rendered (PDF read back
with pypdf, DOCX with python-docx): designation, title, legal citations and amounts are compared with literals
copied from the seed documents in /work/shared/seeds/ (each one's source named beside it), not with the profile,
so a wrong profile value or a wrong template makes the test fail. The audit log must hold an event for every
transition and none of the data file's personal values.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import docx
import polars as pl
import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tokumei.law.calendar import format_wareki
from tokumei.law.contracts import ContractState, payment_label
from tokumei.law.fees import WorkEstimate, WorkItemKind, compute_fee, stamp_duty_due
from tokumei.law.intake import DeliveryMedium, ProposalKind
from tokumei.law.notices import Document, Paragraph
from tokumei.law.organization import Actor, PaymentMethod, Step
from tokumei.law.review import Criterion, Finding
from tokumei.law.transitions import ProposalState, ReviewState, SolicitationState
from tokumei.web.accounts.models import Organization, User
from tokumei.web.accounts.roles import Role
from tokumei.web.accounts.services import create_user
from tokumei.web.contracts import services as contracts
from tokumei.web.contracts.models import PaymentAttempt
from tokumei.web.core.models import AuditEvent
from tokumei.web.production import services as production
from tokumei.web.production.models import ProductionRun
from tokumei.web.proposals import services as proposals
from tokumei.web.reviews import services as reviews
from tokumei.web.reviews.models import DecisionDocument, Review
from tokumei.web.solicitations import services as solicitations
from tokumei.web.solicitations.public_views import notice_document
from tokumei.web.supervision import services as supervision
from tokumei.web.supervision.models import HandlerChange

from ..conftest import ORIGIN, PASSWORD, _staff
from ..proposals.conftest import PDF, PNG, file_with_policy

pytestmark = pytest.mark.django_db

# --------------------------------------------------------------------------------------------------
# Literals from the seeds (/work/shared/seeds/)
# --------------------------------------------------------------------------------------------------

# kumamoto-city-solicitation-2025.txt and immigration-agency-solicitation-2025.txt, the notices' titles and 冒頭
NOTICE_TITLE = "「行政機関等匿名加工情報」に関する提案の募集の公示"
NOTICE_RULE = "第53条第2項"  # 「規則…第53条第2項の規定に基づき」
NOTICE_ARTICLES = ("第111条", "第113条", "第60条第3項第1号")  # 1 趣旨, 3 欠格事由, 2 【参考】(1)
# both notices 5(1) ①, Nara 要綱第2-4, Fukuoka 第6-1: the proposal form's title
PROPOSAL_TITLE = "行政機関等匿名加工情報をその用に供して行う事業に関する提案書"
PLEDGE_TITLE = "誓約書"
# Nara 要綱第2-8 (第4号様式), Fukuoka 第7-3(1) (別記様式第九): 「審査結果通知書」
DECISION_TITLE = "審査結果通知書"
# Fukuoka 第7-3(1)・Nara 要綱第2-8: the approval cites 法114条1項 (criteria) and 2項 (notice), the contract 法115条
APPROVAL_ARTICLES = ("第114条第1項", "同条第2項", "第115条")
# Nara 要綱第2-7 and Fukuoka 第7-2(1)ア・イ: 21,000円 per proposal + 3,950円 per started hour (+ the processor's price)
BASE_YEN = 21_000
PER_STARTED_HOUR_YEN = 3_950
# 2 copies of the contract (Kumamoto/ISA notices 8 「契約書 2 通」, Nara 要綱第2-8 「正副2通」)
CONTRACT_TITLE = "行政機関等匿名加工情報の利用に関する契約書"
PLACEHOLDER = "デモ用の仮の値"

HOURS = {"extraction_design": "1", "extraction_run": "0.5", "processing_design": "1", "inspection": "1.25"}
PROCESSOR_QUOTE_YEN = 30_000
PROPOSER = "株式会社ライフサイクル検証"
#: A random sample above the minimum of 1,000 (規則56条), so that the records suppressed under 規則62条 in the
#: production's own random draw cannot take the delivered dataset below it (a sample of exactly 1,000 sometimes
#: ends at 998 and is then, rightly, not delivered).
SAMPLE = 1200
HANDLER, NEW_HANDLER = "検証　甲", "検証　乙"


@dataclass(frozen=True)
class Expected:
    """What the seed documents say about one organization (each field's source is named where it is filled)."""

    issuer: str
    """The organization (行政機関の長等) that signs the notices."""
    body: str
    """The organization as the notice's 趣旨 names it (「…が保有する個人情報を加工して…」)."""
    desk: str
    """The reception desk (提案窓口) as the seed names it."""
    file_name: str
    performers: Mapping[Step, Actor]
    """Who does which step, as the seed says (Steps it does not mention: the Act's defaults)."""
    proposal_form: str
    pledge_form: str
    approval_form: str
    application_form: str
    application_title: str
    fee_basis: tuple[str, ...]
    """Literal pieces of the fee's legal basis that the notice and the approval notice must print."""
    fee_placeholder: bool
    """The seed gives no fee article: the amounts must be marked 「デモ用の仮の値」."""
    payment_label: str
    payment_method: PaymentMethod
    change_fee_basis: str | None
    """The article the notice must cite after 12,600円 (法118条後段; None where the seed gives no article)."""
    notice_facts: tuple[str, ...] = ()
    notice_designation: str | None = None
    contract_designation: str | None = None
    change_form: str | None = None
    """The 記載事項変更申出書's form the contract must name."""
    outsourced: bool = False
    prior_consultation: bool = False
    delivery_consultation: bool = False
    desk_keeps_copy: bool = False
    subject_scope: str = "sample"
    handler_change: str = "add"
    stamp_duty_phrase: str = "10,000円以上である"
    extra_audit: tuple[str, ...] = field(default=())


D, DIV = Actor.RECEPTION_DESK, Actor.OWNING_DIVISION

# The Act's defaults (current-act.yaml) for the steps a seed does not assign.
DEFAULT_PERFORMERS: Mapping[Step, Actor] = {
    Step.SOLICITATION: D,
    Step.INTAKE: D,
    Step.CORRECTION_REQUEST: D,
    Step.PROPOSAL_CHECK: D,
    Step.REVIEW: DIV,
    Step.FEE_ESTIMATE: DIV,
    Step.DECISION_NOTICE: DIV,
    Step.CONTRACT_APPLICATION_RECEIPT: DIV,
    Step.PAYMENT_CHECK: DIV,
    Step.CONTRACT_SIGNING: DIV,
    Step.REGISTER_UPDATE: DIV,
    Step.DELIVERY: DIV,
    Step.SUPERVISION: DIV,
    Step.END_OF_USE_CHECK: DIV,
}

KUMAMOTO = Expected(
    # kumamoto-city-solicitation-2025.txt
    issuer="熊本市長",  # signature 「熊本市長 大西 一史」
    body="熊本市",  # 1 趣旨 「熊本市が保有する個人情報を加工して」
    desk="熊本市総務局行政管理部法制課（情報公開窓口）",  # 5(2) 提出先, 10 連絡先
    file_name="特定健康診査受診者ファイル",
    performers={**DEFAULT_PERFORMERS, Step.SOLICITATION: D, Step.INTAKE: D},  # 冒頭 (市長名の公示), 5(2) 提出先
    # the national rule's 別記様式 (規則54条1項, 59条1項; DOMAIN.md forms table, as Fukuoka 第6-1(3), 第7-3(1))
    proposal_form="別記様式第七",
    pledge_form="別記様式第八",
    approval_form="別記様式第九",
    application_form="別記様式第十",
    application_title="行政機関等匿名加工情報の利用に関する契約の締結の申込書",  # 8 契約
    fee_basis=(),  # 8: 「所定の手数料」 only — the ordinance's article is not in the seed
    fee_placeholder=True,
    payment_label="納入通知書",  # not in the seed (profile: municipal payment, marked as a demo value)
    payment_method=PaymentMethod.MUNICIPAL_PAYMENT,
    change_fee_basis=None,
    notice_facts=(
        "熊本市長 大西 一史",  # signature
        "熊本市情報公開条例",  # 2 【参考】(2)
        "提案内容の一部を受託者に提供することがあります",  # 9(7)
        "096-328-2059",  # 10 連絡先
        "housei@city.kumamoto.lg.jp",
        "行政不服審査法",  # 9(5)
    ),
)

ISA = Expected(
    # immigration-agency-solicitation-2025.txt
    issuer="出入国在留管理庁長官",  # signature under the preamble
    body="出入国在留管理庁",  # 1 趣旨
    desk="出入国在留管理庁総務課出入国情報開示係",  # 5(2) 提出先 (spaces dropped: text is compared without spaces)
    file_name="在留資格審査記録ファイル",
    performers={**DEFAULT_PERFORMERS, Step.SOLICITATION: D, Step.INTAKE: D},
    proposal_form="別記様式第七",
    pledge_form="別記様式第八",
    approval_form="別記様式第九",
    application_form="別記様式第十",
    application_title="行政機関等匿名加工情報の利用に関する契約の締結の申込書",  # 8 契約
    # 8 says 「所定の手数料」; a national agency's fee is 令31条 (Nara 要綱第2-6 「個人情報の保護に関する法律施行令
    # （平成15年政令第507号）第31条」)
    fee_basis=("個人情報の保護に関する法律施行令", "31条"),
    fee_placeholder=False,
    payment_label="収入印紙",  # not in the seed: national organs pay with 収入印紙 (DOMAIN.md step 9, 規則60条)
    payment_method=PaymentMethod.REVENUE_STAMP,
    # not in the seed: 令31条2項2号 (LAW-NOTES.md 「(ii) an existing contractor changing its business: ¥12,600」)
    change_fee_basis="31条2項2号",
    notice_designation="標準様式第3－1",  # header 「<標準様式第3－1>」
    notice_facts=("午後5時", "03-5363-3005", "160-0004", "行政機関情報公開法第13条第1項又は第2項"),  # 4, 10, 5(2), 2
    handler_change="add",
)

NARA = Expected(
    # nara-police-procedure.txt (要綱 = 奈良県警察行政機関等匿名加工情報の提供等に関する事務取扱要綱)
    issuer="奈良県警察本部長",  # the 通達's issuer
    body="奈良県警察",
    desk="県民サービス課",  # 要綱第2-2 「募集…及び受付は県民サービス課にて行う」
    file_name="交通事故当事者ファイル",
    performers={
        **DEFAULT_PERFORMERS,
        Step.SOLICITATION: D,  # 第2-2
        Step.INTAKE: D,  # 第2-4 「受付は県民サービス課にて行い…主管課に送付する」
        Step.PROPOSAL_CHECK: DIV,  # 第2-4(1) 「主管課は…不備がないことを確認する」
        Step.CORRECTION_REQUEST: DIV,  # 第2-5 「主管課は…訂正を求めることができる」
        Step.REVIEW: DIV,  # 第2-5
        Step.DECISION_NOTICE: DIV,  # 第2-8
        Step.CONTRACT_APPLICATION_RECEIPT: DIV,  # 第2-9 「申込書…を主管課に提出する」
        Step.PAYMENT_CHECK: DIV,  # 第2-9 「主管課は…収入証紙が貼付されているか確認」
        Step.CONTRACT_SIGNING: DIV,  # 第2-9
        Step.REGISTER_UPDATE: DIV,  # 第2-11
        Step.DELIVERY: DIV,  # 第2-10 「主管課が提案者へ提供すること」
        Step.SUPERVISION: DIV,  # 第2-13
        Step.END_OF_USE_CHECK: DIV,  # 第2-15
    },
    proposal_form="第1号様式",  # 第2-4
    pledge_form="第2号様式",  # 第2-4
    approval_form="第4号様式",  # 第2-8
    application_form="第5号様式",  # 第2-8
    application_title="行政機関等匿名加工情報の利用に関する契約の締結に関する申込書",  # 第2-8
    fee_basis=("奈良県個人情報の保護に関する法律施行条例", "第7条第1項"),  # 第1, 第2-7 「（条例第7条第1項）」
    fee_placeholder=False,
    payment_label="収入証紙",  # 第2-9
    payment_method=PaymentMethod.PREFECTURAL_STAMP,
    change_fee_basis="第7条第2項第2号",  # 第3-2(2) 「手数料は、12,600円である（条例第7条第2項第2号）」
    notice_facts=("第7条第2項第1号",),  # 第3-1(2) the same fee as the original (条例第7条第2項第1号)
    change_form="第7号様式",  # 第2-13(1)ア
    prior_consultation=True,  # 第2-5 「県民サービス課と事前協議を行った上で」
    delivery_consultation=True,  # 第2-10 「提供に当たっては県民サービス課に協議すること」
    handler_change="replace",  # 第2-13(1)ウ 取扱従事者の交代
    stamp_duty_phrase="10,000円を超える",  # 第2-9 「10,000円を超える利用契約となる場合」
    extra_audit=(
        "proposals.division_checked",
        "reviews.prior_consultation_recorded",
        "contracts.delivery_consulted",
    ),
)

FUKUOKA = Expected(
    # fukuoka-police-procedure.txt (要綱 = 福岡県警察行政機関等匿名加工情報提供事務取扱要綱)
    issuer="福岡県警察本部長",  # 第1 「福岡県警察本部長に対する…提案」
    body="福岡県警察",
    desk="総務部総務課情報公開室",  # 第3-1 「総務部総務課…情報公開室に、提案窓口を置く」
    file_name="運転免許保有者ファイル",
    performers={
        **DEFAULT_PERFORMERS,
        Step.SOLICITATION: D,  # 第3-2(1)イ, 第5
        Step.INTAKE: D,  # 第3-2(1)イ, 第6
        Step.PROPOSAL_CHECK: D,  # 第6-1
        Step.CORRECTION_REQUEST: D,  # 第6-2(3) 「総務課において…訂正を求める」
        Step.REVIEW: DIV,  # 第3-2(2)ア, 第7-1
        Step.DECISION_NOTICE: DIV,  # 第7-3 (総務課を介して)
        Step.CONTRACT_APPLICATION_RECEIPT: D,  # 第8-1(1)
        Step.PAYMENT_CHECK: D,  # 第3-2(1)ウ, 第8-1 「総務課は…領収証紙に消印する」
        Step.CONTRACT_SIGNING: DIV,  # 第8-2
        Step.DELIVERY: D,  # 第3-2(1)オ, 第10-1 「総務課を介して…提供する」
        Step.SUPERVISION: DIV,  # 第10-2
    },
    proposal_form="別記様式第七",  # 第6-1(3)
    pledge_form="別記様式第八",  # 第7-1(1)
    approval_form="別記様式第九",  # 第7-3(1)
    application_form="別記様式第十",  # 第7-3(1)
    application_title="行政機関等匿名加工情報の利用に関する契約の締結の申込書",  # 第7-3(1)
    fee_basis=("福岡県個人情報の保護に関する法律施行条例", "第9条第1項"),  # 第1, 第7-2(1) 「（条例第9条第1項）」
    fee_placeholder=False,
    payment_label="領収証紙",  # 第8-1(1)
    payment_method=PaymentMethod.PREFECTURAL_STAMP,
    change_fee_basis=None,  # 第11 gives 12,600円 but no article of the ordinance
    change_form="標準様式第二",  # 第10-2(1)ア
    contract_designation="標準様式第一",  # 第7-3(1) 「別添の標準様式第一を参考として作成した…契約書」
    outsourced=True,  # 第9-1(2): the conditional outsourcing contract and the processor's deletion
    desk_keeps_copy=True,  # 第8-1(1) 「総務課において写しを保管する」
    subject_scope="all",
    handler_change="replace",  # 第10-2(1)ア 人事異動等により…従事する者等に変更
    stamp_duty_phrase="10,000円以上である",  # 第8-1(1) 「契約額が1万円以上の場合」
    extra_audit=("contracts.outsourced", "contracts.processor_deletion_confirmed"),
)


# --------------------------------------------------------------------------------------------------
# Reading documents back
# --------------------------------------------------------------------------------------------------


def _flat(text: str) -> str:
    """Text without any whitespace (PDF extraction breaks lines anywhere; full-width spaces vary)."""
    return "".join(text.split())


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return _flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def _docx_text(data: bytes) -> str:
    assert data.startswith(b"PK")
    word = docx.Document(io.BytesIO(data))
    lines = [p.text for p in word.paragraphs]
    lines += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    for section in word.sections:
        lines += [p.text for p in section.header.paragraphs]
    return _flat("\n".join(lines))


def _opens_with(text: str, designation: str) -> bool:
    """The designation is printed first (top left), the PDF's page number 「-1-」 aside."""
    return re.sub(r"^-\d+-", "", text).startswith(_flat(designation))


def _assert_all_in(text: str, *facts: str, where: str) -> None:
    missing = [f for f in facts if _flat(f) not in text]
    assert not missing, f"{where}: missing {missing}"


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def _paragraph_with(document: Document, fragment: str) -> Paragraph:
    found = [b for b in document.blocks() if isinstance(b, Paragraph) and fragment in b.text]
    assert found, fragment
    return found[0]


# --------------------------------------------------------------------------------------------------
# The walk
# --------------------------------------------------------------------------------------------------


@dataclass
class People:
    desk: User
    division: User
    approver: User
    proposer: User

    def performer(self, org: Organization, step: Step, expected: Expected) -> User:
        """The user of the role the profile makes responsible for ``step``, after checking the profile against
        what the seed says."""
        actor = org.profile.responsibility(step).performer
        assert actor is expected.performers[step], (
            f"{step}: the profile says {actor}, the seed {expected.performers[step]}"
        )
        return self.desk if actor is Actor.RECEPTION_DESK else self.division

    def other(self, user: User) -> User:
        return self.division if user == self.desk else self.desk


def _people(org: Organization) -> People:
    key = org.profile_id.replace("-", "_")
    return People(
        desk=_staff(org, f"{key}_desk", Role.RECEPTION_DESK),
        division=_staff(org, f"{key}_division", Role.OWNING_DIVISION),
        approver=_staff(org, f"{key}_approver", Role.APPROVER),
        proposer=create_user(
            username=f"{key}_proposer", password=PASSWORD, display_name="提案者", roles=[Role.PROPOSER], origin=ORIGIN
        ),
    )


def _proposal_input(expected: Expected, today: date) -> proposals.ProposalInput:
    return proposals.ProposalInput(
        proposer_kind="corporation",
        proposer_name=PROPOSER,
        proposer_address="東京都千代田区丸の内9-9-9",
        proposer_representative="代表取締役 検証　丙",
        phone="03-0000-0000",
        email="lifecycle@example.invalid",
        department="データ分析部",
        person_in_charge="検証　丁",
        subject_scope=expected.subject_scope,
        sample_size=SAMPLE if expected.subject_scope == "sample" else None,
        processing={"住所": None, "生年月日": "band10"},
        purpose="年代別の受診傾向の分析のため。",
        method="統計的な集計のみを行い、個人を識別しようとしない。",
        business="地域の健康増進サービスの開発。",
        use_from=today + timedelta(days=60),
        use_to=today + timedelta(days=425),
        handlers=[{"name": HANDLER, "post": "データ分析部", "title": "主任"}],
        place_of_use="本社データ分析部の施錠された分析室",
        environment="インターネットから切り離した専用端末",
        storage_management="暗号化した媒体を金庫で保管し、利用後に消去する。",
        delivery_medium="dvd_r",
        delivery_method="desk",
        proposal_date=today,
    )


def walk(
    profile_id: str,
    expected: Expected,
    *,
    orgs: dict[str, Organization],
    client,
    capture,
    data_path: Path,
    personal_values: set[str],
) -> None:
    org = orgs[profile_id]
    profile = org.profile
    people = _people(org)
    today = timezone.localdate()
    subjects = pl.read_csv(data_path, infer_schema=False)["管理番号"].n_unique()
    # the proposer's own staff are not people of the data file (their names may appear in the audit log)
    assert not {name for h in (HANDLER, NEW_HANDLER) for name in (h, "".join(h.split()))} & personal_values

    # ---------------------------------------------------------------- 1 the file, the solicitation, the notice
    f = file_with_policy(people.division, name=expected.file_name, data_path=data_path, subjects=subjects)
    manager = people.performer(org, Step.SOLICITATION, expected)
    assert manager.has_perm("solicitations.manage", org)
    s, check = solicitations.save_draft(
        org,
        solicitations.SolicitationInput(
            "行政機関等匿名加工情報に関する提案の募集",
            today - timedelta(days=3),
            today + timedelta(days=40),
            profile.submission.last_day_closing_time,
            today - timedelta(days=10),
            "",
            profile.submission.in_person,
            profile.submission.by_mail,
            False,
            profile.submission.copies,
            "",
            [f.pk],
        ),
        actor=manager,
        origin=ORIGIN,
    )
    assert s.state == SolicitationState.DRAFT
    assert not check.errors
    solicitations.publish(s, actor=manager, origin=ORIGIN)
    assert s.state == SolicitationState.PUBLISHED
    assert s.published_at is not None
    assert s.notice_number

    structured = notice_document(s, RequestFactory().get("/"))
    fee_paragraph = _paragraph_with(structured, "手数料の額は、")
    assert fee_paragraph.placeholder is expected.fee_placeholder, fee_paragraph.text
    notice_pdf = client.get(reverse("portal_solicitations:notice_file", args=[s.pk, "pdf"]))
    notice_docx = client.get(reverse("portal_solicitations:notice_file", args=[s.pk, "docx"]))
    assert notice_pdf.status_code == notice_docx.status_code == 200
    for where, text in (
        ("notice PDF", _pdf_text(notice_pdf.content)),
        ("notice DOCX", _docx_text(notice_docx.content)),
    ):
        _assert_all_in(
            text,
            NOTICE_TITLE,
            NOTICE_RULE,
            *NOTICE_ARTICLES,
            expected.issuer,
            f"{expected.body}が保有する個人情報を加工して",
            expected.desk,
            expected.file_name,
            "特定健康診査の実施のため。",  # the file's summary (Nara 要綱第2-2(1): 各個人情報ファイルの概要)
            s.notice_number,
            s.period.describe(),
            _yen(BASE_YEN),
            _yen(PER_STARTED_HOUR_YEN),
            *expected.fee_basis,
            expected.payment_label,
            *expected.notice_facts,
            *((expected.notice_designation,) if expected.notice_designation else ()),
            where=where,
        )
        # 法118条: the same fee as the original contract, or 12,600円 for a change (Nara 第3-2(2), Fukuoka 第11)
        assert _flat("12,600円") in text
        if expected.change_fee_basis:
            assert re.search(rf"12,600円（[^）]*{re.escape(expected.change_fee_basis)}）", text), "12,600円's basis"
        assert "禁固" not in text  # 法113条4号 now reads 拘禁刑 (the ISA notice's old word is not copied)
        assert "拘禁刑" in text
        if expected.fee_placeholder:
            assert PLACEHOLDER in text

    # ---------------------------------------------------------------- 2 the proposal drafted on the portal, printed
    p = proposals.start_draft(owner=people.proposer, kind=ProposalKind.NEW, solicitation=s, file=f, origin=ORIGIN)
    assert p.state == ProposalState.DRAFT
    p = proposals.save_draft(p, _proposal_input(expected, today), actor=people.proposer, origin=ORIGIN)
    assert p.recipe_yaml  # item 4 compiled to the engine's recipe
    proposals.add_attachments(
        p,
        [("plan.pdf", PDF + b"plan")],
        proposals.AttachmentInput("business_contribution"),
        actor=people.proposer,
        origin=ORIGIN,
    )
    proposals.add_attachments(
        p,
        [("touki.png", PNG)],
        proposals.AttachmentInput(
            "identity",
            holder="proposer",
            document_type="registry_certificate",
            issued_on=today - timedelta(days=10),
            name_on_document=PROPOSER,
            address_on_document=p.proposer_address,
        ),
        actor=people.proposer,
        origin=ORIGIN,
    )
    client.force_login(people.proposer)
    printed_pdf = client.get(reverse("proposals:print_file", args=[p.pk, 1, "pdf"]))
    printed_docx = client.get(reverse("proposals:print_file", args=[p.pk, 1, "docx"]))
    pledge_pdf = client.get(reverse("proposals:print_file", args=[p.pk, 2, "pdf"]))
    assert printed_pdf.status_code == printed_docx.status_code == pledge_pdf.status_code == 200
    sample_text = f"無作為に抽出した {SAMPLE:,} 人" if expected.subject_scope == "sample" else f"（{subjects:,} 人）"
    for where, text in (
        ("proposal PDF", _pdf_text(printed_pdf.content)),
        ("proposal DOCX", _docx_text(printed_docx.content)),
    ):
        assert _opens_with(text, expected.proposal_form), text[:40]  # the designation printed top left
        _assert_all_in(
            text,
            PROPOSAL_TITLE,
            f"{expected.issuer}　殿",
            "第112条第1項",  # 「個人情報の保護に関する法律第112条第1項の規定に基づき」 (法112条)
            f"受付参照番号{p.reference}",
            PROPOSER,
            expected.file_name,
            sample_text,
            "生年月日: 10歳階級",
            "住所: 提供を求めない",
            HANDLER,
            "DVD-R",
            f"{format_wareki(p.use_from)}から{format_wareki(p.use_to)}まで",  # item 6, in 和暦 like the form's date
            where=where,
        )
    pledge_text = _pdf_text(pledge_pdf.content)
    assert _opens_with(pledge_text, expected.pledge_form)
    _assert_all_in(pledge_text, PLEDGE_TITLE, "第113条", PROPOSER, where="pledge PDF")
    client.logout()

    # ---------------------------------------------------------------- 3 paper intake, one correction, acceptance
    intake = people.performer(org, Step.INTAKE, expected)
    assert intake.has_perm("proposals.intake", p)
    assert not people.other(intake).has_perm("proposals.intake", p)
    p = proposals.record_arrival(
        p,
        channel="mail",
        arrived_on=today,
        arrived_at=None,
        official_form=True,
        proposal_date=today,
        actor=intake,
        origin=ORIGIN,
    )
    assert p.state == ProposalState.RECEIVED
    with pytest.raises(proposals.ProposalRefused, match="誓約書"):  # the signed pledge was not enclosed
        proposals.accept(p, actor=intake, origin=ORIGIN)
    corrector = people.performer(org, Step.CORRECTION_REQUEST, expected)
    assert corrector.has_perm("proposals.request_correction", p)
    correction = proposals.request_correction(
        p,
        [proposals.CorrectionItem(f"誓約書（{expected.pledge_form}）", "添付されていません（法112条3項1号）。")],
        deadline=today + timedelta(days=14),
        channel="mail",
        actor=corrector,
        origin=ORIGIN,
    )
    p.refresh_from_db()
    assert p.state == ProposalState.CORRECTION_REQUESTED
    assert correction.resolved_at is None
    proposals.add_attachments(p, [], proposals.AttachmentInput("pledge"), actor=intake, origin=ORIGIN, on_paper=True)
    p = proposals.record_paper_correction(p, "誓約書を郵送で受領した。", actor=intake, origin=ORIGIN)
    assert p.state == ProposalState.RECEIVED
    correction.refresh_from_db()
    assert correction.resolved_at is not None
    p = proposals.accept(p, actor=intake, origin=ORIGIN)
    assert p.state == ProposalState.ACCEPTED
    assert p.receipt_number
    assert p.accepted_by == intake
    checker = people.performer(org, Step.PROPOSAL_CHECK, expected)
    if checker == people.division:  # Nara 要綱第2-4(1)〜(3): the owning division checks the items and attachments
        assert checker.has_perm("proposals.division_check", p)
        p = proposals.record_division_check(
            p, "記載事項・添付書類・本人確認書類を確認した。", actor=checker, origin=ORIGIN
        )
        assert p.division_checked_at is not None

    # ---------------------------------------------------------------- 4 the review: seven criteria, ③ by the job
    reviewer = people.performer(org, Step.REVIEW, expected)
    assert reviewer.has_perm("reviews.start", p)
    assert not people.other(reviewer).has_perm("reviews.start", p)
    review = reviews.start_review(p, actor=reviewer, origin=ORIGIN)
    assert review.state == ReviewState.IN_REVIEW
    assert sorted(review.panels.values_list("criterion", flat=True)) == [c.value for c in Criterion]
    if expected.prior_consultation:
        assert any("事前協議" in x for x in reviews.open_problems(review))
        review = reviews.record_prior_consultation(
            review, today, f"{expected.desk}と審査の進め方を事前協議した。", actor=reviewer, origin=ORIGIN
        )
        assert review.prior_consultation_on == today
    else:
        assert not any("事前協議" in x for x in reviews.open_problems(review))
    with capture() as queued:
        reviews.request_assessment(review, actor=reviewer, origin=ORIGIN)
    assert len(queued) == 1  # the job is enqueued on commit; here it is run synchronously instead
    review.refresh_from_db()
    assert review.assessment_state == Review.AssessmentState.QUEUED
    review = reviews.execute_assessment(review.pk)
    assert review.assessment_state == Review.AssessmentState.PASSED, review.assessment_error
    assert review.assessment_report["rule62"]
    estimator = people.performer(org, Step.FEE_ESTIMATE, expected)
    review = reviews.save_estimate(
        review,
        reviews.EstimateInput(
            creation_mode="outsourced" if expected.outsourced else "in_house",
            hours=HOURS,
            processor_available=True if expected.outsourced else None,
            processor_name="株式会社検証加工" if expected.outsourced else "",
            processor_quote_yen=PROCESSOR_QUOTE_YEN if expected.outsourced else None,
        ),
        actor=estimator,
        origin=ORIGIN,
    )
    quote = PROCESSOR_QUOTE_YEN if expected.outsourced else 0
    started = math.ceil(sum(Decimal(h) for h in HOURS.values()))  # 「1時間までごとに」: 3.75 h → 4
    fee = BASE_YEN + PER_STARTED_HOUR_YEN * started + quote
    law_fee = compute_fee(
        profile,
        ProposalKind.NEW,
        estimate=WorkEstimate.of({WorkItemKind(k): v for k, v in HOURS.items()}),
        outsourcing_yen=quote,
    )
    assert review.fee_yen == law_fee.total_yen == fee
    for panel in review.panels.all():
        reviews.record_finding(
            review,
            panel.criterion_enum,
            Finding.MEETS,
            f"{panel.criterion_enum.mark}に適合する。",
            actor=reviewer,
            origin=ORIGIN,
        )
    assert not reviews.open_problems(review)

    # ---------------------------------------------------------------- 5 sign-off and the approval notice
    review = reviews.submit_for_sign_off(review, actor=reviewer, origin=ORIGIN)
    assert review.state == ReviewState.AWAITING_SIGN_OFF
    assert people.approver.has_perm("reviews.sign_off", review)
    assert not reviewer.has_perm("reviews.sign_off", review)
    review = reviews.sign_off(review, approve=True, note="", actor=people.approver, origin=ORIGIN)
    assert review.state == ReviewState.APPROVED
    notifier = people.performer(org, Step.DECISION_NOTICE, expected)
    deadline = today + timedelta(days=30)
    review = reviews.issue_notice(review, reviews.NoticeInput(today, deadline), actor=notifier, origin=ORIGIN)
    assert review.state == ReviewState.APPROVAL_NOTIFIED
    assert review.fee_fixed_at is not None
    assert review.notice_number
    assert list(review.documents.values_list("kind", flat=True)) == [
        "approval_notice",
        "application",
        "contract_copy",
        "contract_copy",
    ]
    notice = review.documents.get(kind=DecisionDocument.Kind.APPROVAL_NOTICE)
    client.force_login(people.proposer)  # the proposer downloads the notice on the portal
    notice_pdf = client.get(reverse("decisions:document", args=[p.pk, notice.pk, "pdf"]))
    client.logout()
    assert notice_pdf.status_code == 200
    fee_cell = _yen(fee) + (f"［{PLACEHOLDER}］" if expected.fee_placeholder else "")
    for where, text in (
        ("approval PDF", _pdf_text(notice_pdf.content)),
        ("approval DOCX", _docx_text(notice.docx_content())),
    ):
        assert _opens_with(text, expected.approval_form), text[:40]
        _assert_all_in(
            text,
            DECISION_TITLE,
            review.notice_number,
            format_wareki(today),
            expected.issuer,
            f"{PROPOSER}",
            PROPOSAL_TITLE,
            *APPROVAL_ARTICLES,
            fee_cell,
            _yen(BASE_YEN),
            *expected.fee_basis,
            expected.payment_label,
            format_wareki(deadline),
            f"{expected.application_title}（{expected.application_form}）",
            expected.stamp_duty_phrase,
            "DVD-R",
            where=where,
        )
        if expected.outsourced:
            _assert_all_in(text, "作成の委託先に対して支払う額", _yen(PROCESSOR_QUOTE_YEN), where=where)
        if not expected.fee_placeholder:
            assert _flat(f"{_yen(fee)}［{PLACEHOLDER}］") not in text
    application = review.documents.get(kind=DecisionDocument.Kind.APPLICATION)
    for where, text in (
        ("application PDF", _pdf_text(application.pdf_content())),
        ("application DOCX", _docx_text(application.docx_content())),
    ):
        assert _opens_with(text, expected.application_form), text[:40]
        _assert_all_in(text, expected.application_title, PROPOSER, "第115条", _yen(fee), where=where)
        if expected.payment_method is PaymentMethod.PREFECTURAL_STAMP:
            _assert_all_in(text, f"{expected.payment_label}貼付欄", where=where)
    copies = review.documents.filter(kind=DecisionDocument.Kind.CONTRACT_COPY)
    for copy in copies:
        text = _docx_text(copy.docx_content())
        _assert_all_in(text, CONTRACT_TITLE, PROPOSER, _yen(fee), where="contract copy")
        if expected.contract_designation:
            assert _opens_with(text, expected.contract_designation)
        if expected.change_form:
            _assert_all_in(text, f"記載事項変更申出書（{expected.change_form}）", where="contract copy")

    # ---------------------------------------------------------------- 6 payment by the organization's method
    receiver = people.performer(org, Step.PAYMENT_CHECK, expected)
    contract = contracts.open_contract(review, actor=receiver, origin=ORIGIN)
    assert contract.state == ContractState.AWAITING_APPLICATION
    assert contract.fee_yen == fee
    assert contract.stamp_duty_yen == stamp_duty_due(fee, profile.stamp_duty) > 0  # fee > 10,000円 in every seed
    assert receiver.has_perm("contracts.payment", contract)
    assert not people.other(receiver).has_perm("contracts.payment", contract)
    method = profile.payment.methods[0]
    assert method is expected.payment_method
    assert expected.payment_label in payment_label(method, profile.payment)
    attempt = contracts.record_payment(
        contract,
        contracts.PaymentInput(today, "desk", method.value, fee, contract.stamp_duty_yen),
        actor=receiver,
        origin=ORIGIN,
    )
    assert attempt.outcome == PaymentAttempt.Outcome.ACCEPTED, attempt.messages
    assert f"手数料{fee:,}円" in attempt.messages[-1]
    if method in (PaymentMethod.PREFECTURAL_STAMP, PaymentMethod.REVENUE_STAMP):
        assert expected.payment_label in attempt.messages[-1]
        assert "消印" in attempt.messages[-1]  # Nara 第2-9, Fukuoka 第8-1(1): cancelled on receipt
        assert attempt.stamps_cancelled_at is not None
    contract.refresh_from_db()
    assert contract.state == ContractState.PAID

    # ---------------------------------------------------------------- 7 the contract
    if expected.outsourced:  # Fukuoka 第9-1(2): conditional on the use contract, before conclusion
        contracts.record_outsourcing(
            contract,
            contracts.OutsourcingInput("株式会社検証加工", PROCESSOR_QUOTE_YEN, True, True, True, True, today),
            actor=people.division,
            origin=ORIGIN,
        )
    signer = people.performer(org, Step.CONTRACT_SIGNING, expected)
    assert signer.has_perm("contracts.conclude", contract)
    contract = contracts.conclude(contract, concluded_on=today, copy_returned_on=today, actor=signer, origin=ORIGIN)
    assert contract.state == ContractState.CONCLUDED
    assert contract.number.startswith(f"{expected.body}匿契")
    assert contract.terms["fee_yen"] == fee
    assert len(contract.terms_sha256) == 64
    assert contract.desk_copy_kept is expected.desk_keeps_copy

    # ---------------------------------------------------------------- 8 production (the job, run synchronously)
    contracts.acknowledge_duty(contract, actor=people.division, origin=ORIGIN)  # 法122条
    with capture() as queued:
        run = contracts.start_production(contract, actor=people.division, origin=ORIGIN)
    assert len(queued) == 1
    assert run.state == ProductionRun.State.QUEUED
    run = production.execute(run.pk)
    assert run.state == ProductionRun.State.SUCCEEDED, run.error
    assert 1000 <= run.subjects_out <= contract.subject_count  # 規則56条, records suppressed under 規則62条
    if expected.subject_scope == "sample":
        assert contract.subject_count == SAMPLE
    else:  # the whole file: the persons the review's assessment counted in the same data with the same recipe
        assert run.subjects_out == contract.subject_count
    assert run.secrets_destroyed_at is not None
    assert "氏名" not in run.information_items
    assert "傷病名" not in run.information_items
    if expected.outsourced:
        contracts.confirm_processor_deletion(
            contract,
            confirmed_on=today,
            evidence="report",
            items=list(contracts.DELETION_ITEMS),
            actor=people.division,
            origin=ORIGIN,
        )

    # ---------------------------------------------------------------- 9 inspection by a second person
    with pytest.raises(contracts.ContractRefused, match="別の職員"):
        contracts.inspect(
            contract,
            approve=True,
            note="確認した。",
            proposal_office=expected.desk,
            period=(today, today + timedelta(days=180)),
            actor=people.division,
            origin=ORIGIN,
        )
    contracts.acknowledge_duty(contract, actor=people.approver, origin=ORIGIN)
    run = contracts.inspect(
        contract,
        approve=True,
        note="規則62条各号に従って加工されていることを確認した。",
        proposal_office=expected.desk,
        period=(today, today + timedelta(days=180)),
        actor=people.approver,
        origin=ORIGIN,
    )
    assert run.state == ProductionRun.State.APPROVED
    assert run.inspected_by == people.approver

    # ---------------------------------------------------------------- 10 the register (法117条)
    registrar = people.performer(org, Step.REGISTER_UPDATE, expected)
    office = f"{profile.reception_desk.name}（{profile.reception_desk.address}）"
    period = (today, today + timedelta(days=365))
    contracts.update_register(contract, proposal_office=office, period=period, actor=registrar, origin=ORIGIN)
    dataset = run.dataset
    dataset.refresh_from_db()
    assert dataset.subject_count == run.subjects_out
    assert dataset.information_items == run.information_items
    assert (dataset.proposal_office, dataset.proposal_period_first_day, dataset.proposal_period_last_day) == (
        office,
        *period,
    )
    page = client.get(reverse("register:detail", args=[f.pk])).content.decode()
    for fact in (
        "本人の数",
        f"{dataset.subject_count} 人",
        "情報の項目",
        "、".join(dataset.information_items),
        "提案を受ける組織の名称及び所在地",
        office,
        "提案をすることができる期間",
        f"{period[1].year}年{period[1].month}月{period[1].day}日",
    ):
        assert fact in page, fact

    # ---------------------------------------------------------------- 11 delivery: package, letter, record
    deliverer = people.performer(org, Step.DELIVERY, expected)
    assert deliverer.has_perm("contracts.deliver", contract)
    medium = DeliveryMedium(p.delivery_medium).label.lower()  # the medium the proposal asked for (法112条2項8号)
    package = contracts.build_package(
        contract, medium=medium, password="correct-horse-battery", actor=deliverer, origin=ORIGIN
    )
    assert package.volumes
    assert package.manifest
    letter = contracts.delivery_letter(contract, package)
    for fact in (
        f"{PROPOSER} 様",
        "行政機関等匿名加工情報の提供について",
        f"{contract.number}の利用契約に基づき",
        "DVD-R",
        "AES-256",
        "この送付状とは別の方法",
        "第三者に提供しないでください",
        "消去してください",
        expected.issuer,
    ):
        assert fact in letter, fact
    delivery = contracts.DeliveryInput(package.pk, today, "desk", f"{PROPOSER} 検証　丁", "", True, "電話")
    if expected.delivery_consultation:
        with pytest.raises(contracts.ContractRefused, match="協議"):
            contracts.record_delivery(contract, delivery, actor=deliverer, origin=ORIGIN)
        contract = contracts.record_delivery_consultation(contract, today, actor=deliverer, origin=ORIGIN)
    record = contracts.record_delivery(contract, delivery, actor=deliverer, origin=ORIGIN)
    contract.refresh_from_db()
    assert contract.state == ContractState.DELIVERED
    assert record.package == package
    assert record.receipt_received

    # ---------------------------------------------------------------- 12 a handler change, accepted
    supervisor = people.performer(org, Step.SUPERVISION, expected)
    assert supervisor.has_perm("supervision.change", contract)
    before = HANDLER if expected.handler_change == "replace" else ""
    change = supervision.receive_change(
        contract,
        supervision.ChangeInput(
            expected.handler_change, before, NEW_HANDLER, "データ分析部 研究員", "人事異動のため", today
        ),
        actor=supervisor,
        origin=ORIGIN,
    )
    assert change.state == HandlerChange.State.PENDING  # adding or replacing waits for the reason to be accepted
    contract.refresh_from_db()
    assert supervision.handler_names(contract) == [HANDLER]
    supervision.decide_change(change, accept=True, note="異動の事実を確認した。", actor=supervisor, origin=ORIGIN)
    change.refresh_from_db()
    contract.refresh_from_db()
    assert change.state == HandlerChange.State.EFFECTIVE
    expected_handlers = [NEW_HANDLER] if expected.handler_change == "replace" else [HANDLER, NEW_HANDLER]
    assert supervision.handler_names(contract) == expected_handlers

    # ---------------------------------------------------------------- 13 end of use
    ender = people.performer(org, Step.END_OF_USE_CHECK, expected)
    end = supervision.confirm_end_of_use(
        contract,
        media_returned_on=today,
        deletion_confirmed_on=today,
        deletion_method="消去証明書の提出を受け、立会いにより消去を確認した。",
        actor=ender,
        origin=ORIGIN,
    )
    contract.refresh_from_db()
    assert contract.state == ContractState.ENDED
    assert end.confirmed_by == ender

    # ---------------------------------------------------------------- the audit log
    actions = set(AuditEvent.objects.filter(organization=org).values_list("action", flat=True))
    transitions = {
        "solicitations.draft_saved",
        "solicitations.published",
        "proposals.draft_started",
        "proposals.draft_saved",
        "proposals.attachment_added",
        "proposals.forms_printed",
        "proposals.arrival_recorded",
        "proposals.correction_requested",
        "proposals.corrected",
        "proposals.accepted",
        "reviews.started",
        "reviews.assessment_requested",
        "reviews.assessed",
        "reviews.estimate_saved",
        "reviews.finding_recorded",
        "reviews.submitted",
        "reviews.signed_off",
        "reviews.notified",
        "reviews.document_downloaded",
        "contracts.opened",
        "contracts.payment_accepted",
        "contracts.concluded",
        "contracts.duty_acknowledged",
        "contracts.production_started",
        "production.requested",
        "production.succeeded",
        "production.secrets_destroyed",
        "production.inspected",
        "register.dataset_recorded",
        "register.dataset_updated",
        "production.package_built",
        "contracts.package_built",
        "contracts.delivered",
        "supervision.change_received",
        "supervision.change_effective",
        "supervision.use_ended",
        *expected.extra_audit,
    }
    assert transitions <= actions, sorted(transitions - actions)
    by_prefix = {
        "solicitations.": s,
        "proposals.": p,
        "reviews.": review,
        "contracts.": contract,
        "supervision.": contract,
        "production.": run,
    }
    targets = {
        "production.package_built": package,
        "register.dataset_recorded": f,
        "register.dataset_updated": contract,
    }
    for action in sorted(transitions):
        target = targets.get(action) or next(o for prefix, o in by_prefix.items() if action.startswith(prefix))
        assert AuditEvent.objects.filter(
            organization=org, action=action, target_type=target._meta.label, target_id=str(target.pk)
        ).exists(), f"{action} on {target._meta.label} {target.pk}"
    # the recorded actor of the steps whose performer differs by organization is that performer
    for action, actor in (
        ("proposals.arrival_recorded", intake),
        ("proposals.correction_requested", corrector),
        ("proposals.accepted", intake),
        ("reviews.signed_off", people.approver),
        ("reviews.notified", notifier),
        ("contracts.payment_accepted", receiver),
        ("contracts.concluded", signer),
        ("production.inspected", people.approver),
        ("contracts.delivered", deliverer),
        ("supervision.change_effective", supervisor),
        ("supervision.use_ended", ender),
    ):
        assert AuditEvent.objects.get(organization=org, action=action).actor == actor, action
    leaked = []
    for event in AuditEvent.objects.all():
        text = " ".join((event.summary, event.actor_label, json.dumps(event.details, ensure_ascii=False)))
        leaked += [v for v in personal_values if v in text]
    assert not leaked, leaked[:10]


@pytest.fixture
def walker(orgs, client, django_capture_on_commit_callbacks, data_path, personal_values):
    def run(profile_id: str, expected: Expected) -> None:
        walk(
            profile_id,
            expected,
            orgs=orgs,
            client=client,
            capture=django_capture_on_commit_callbacks,
            data_path=data_path,
            personal_values=personal_values,
        )

    return run


def test_lifecycle_kumamoto_city(walker) -> None:
    walker("kumamoto-city", KUMAMOTO)


def test_lifecycle_isa(walker) -> None:
    walker("isa", ISA)


def test_lifecycle_nara_police(walker) -> None:
    walker("nara-police", NARA)


def test_lifecycle_fukuoka_police(walker) -> None:
    walker("fukuoka-police", FUKUOKA)

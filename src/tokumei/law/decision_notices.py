"""Decision notices (審査結果通知書), the contract application (契約の締結の申込書) and the use contract (利用契約書).

- Approval (法114条2項, 規則59条1・2項; 法118条 proposals: 法118条2項, 規則64条): 別記様式第九 / Nara 第4号様式 /
  2017 rule 別記様式第三 (118: 第十三 / 第9号 / 第七). It says the contract may be concluded (法115条) and states the
  fee, the payment method, the payment deadline, the method of provision and other matters (規則59条2項; Fukuoka
  第7-3(1)ア〜カ), and encloses the contract application (別記様式第十 / 第5号様式) and two unsigned copies of the
  use contract (Nara 要綱第2-8 「未押印のもの。正副2通。」).
- Rejection (法114条3項 「理由を付して」, 規則59条3項): 別記様式第十一 / 第6号様式 / 第五 (118: 第十四 / 第10号 /
  第八), stating for each failed criterion, as concretely as possible, why it is not met (Nara 要綱第2-8, Fukuoka
  第7-3(2)).
- The use contract (法115条; Fukuoka 標準様式第一, for 118 第三; Nara: drafted by the division), generated from the
  case: purpose, method and period of use, handlers, place and environment, safety measures, no provision to third
  parties, no re-identification (法45条) and safety measures (法46条) as the recipient's duties, change notifications
  and handler rules (Nara 要綱第2-13), return and irrecoverable deletion at the end (Nara 要綱第2-15), the right to
  inspect, termination grounds (法120条 and the contract's own, Nara 要綱第2-14(1)ア), and no change of terms after
  conclusion.

**No 教示 (appeal instructions).** The review is a preparatory step towards a private-law contract, deciding whether
the proposer meets the requirements to become the counterparty; it is not an administrative disposition (Nara
要綱第2-8 なお書き; the seed notices: 「行政不服審査法の対象外」). So neither notice carries 審査請求 / 取消訴訟
instructions.

Documents use the model of :mod:`tokumei.law.notices` and render with :mod:`tokumei.documents`. Pure: no I/O, no
clock (every date is passed in).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tokumei.law.calendar import format_wareki
from tokumei.law.fees import FeeBreakdown, stamp_duty_requirement
from tokumei.law.intake import DeliveryMedium, DeliveryMethod, Handler, Party, ProposalKind
from tokumei.law.notices import (
    Align,
    Block,
    Cell,
    Document,
    DocumentLayout,
    ItemList,
    ListItem,
    ListStyle,
    Paragraph,
    ParagraphRole,
    Section,
    Table,
)
from tokumei.law.organization import (
    Actor,
    DocumentKind,
    LegalRegime,
    OrganizationProfile,
    PaymentMethod,
    Step,
)
from tokumei.law.review import CRITERIA, Criterion, FailedCriterion, applicable_criteria

__all__ = [
    "ApprovalNoticeFacts",
    "ApprovalPackage",
    "DecisionNoticeCode",
    "DecisionNoticeError",
    "DecisionNoticeRefused",
    "ProcessingLine",
    "RejectionNoticeFacts",
    "UseContractFacts",
    "build_approval_notice",
    "build_approval_package",
    "build_contract_application",
    "build_rejection_notice",
    "build_use_contract",
    "decision_document_kind",
]


# --------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------


class DecisionNoticeCode(enum.StrEnum):
    """Stable codes of this module's errors (``docs/errors.md``)."""

    NO_FAILED_CRITERION = "decision_notice.no_failed_criterion"
    REASON_REQUIRED = "decision_notice.reason_required"
    CRITERION_NOT_APPLICABLE = "decision_notice.criterion_not_applicable"
    FEE_KIND_MISMATCH = "decision_notice.fee_kind_mismatch"
    DEADLINE_BEFORE_NOTICE = "decision_notice.deadline_before_notice"
    PERIOD_REVERSED = "decision_notice.period_reversed"
    NO_HANDLER = "decision_notice.no_handler"


class DecisionNoticeError(Exception):
    """Base of this module's errors; ``code`` is stable."""

    code: DecisionNoticeCode


class DecisionNoticeRefused(DecisionNoticeError, ValueError):
    """A notice or contract that cannot be issued from these facts (Japanese message)."""

    def __init__(self, code: DecisionNoticeCode, message: str) -> None:
        self.code = code
        super().__init__(message)


# --------------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApprovalNoticeFacts:
    """What an approval notice states beyond the profile (法114条2項, 規則59条2項)."""

    kind: ProposalKind
    proposer: Party
    proposal_date: date
    notice_date: date
    target_label: str
    """The file's register name (new) or the created dataset (法118条)."""
    fee: FeeBreakdown
    payment_deadline: date
    delivery_medium: DeliveryMedium
    delivery_method: DeliveryMethod
    number: str | None = None
    other_matters: tuple[str, ...] = ()
    contact: str = ""
    """Who answers questions (the owning division's name and phone); the desk when empty."""


@dataclass(frozen=True, slots=True)
class RejectionNoticeFacts:
    """What a rejection notice states: each failed criterion with its concrete reason (法114条3項)."""

    kind: ProposalKind
    proposer: Party
    proposal_date: date
    notice_date: date
    failed: tuple[FailedCriterion, ...]
    target_label: str = ""
    number: str | None = None
    contact: str = ""


@dataclass(frozen=True, slots=True)
class ProcessingLine:
    """One record item of the contract's specification and how it is processed (法112条2項4号)."""

    item: str
    method: str


@dataclass(frozen=True, slots=True)
class UseContractFacts:
    """The case facts the use contract is built from (法115条; the proposal's items 法112条2項4〜8号)."""

    kind: ProposalKind
    proposer: Party
    dataset_label: str
    purpose: str
    method: str
    business: str
    use_from: date
    use_to: date
    handlers: tuple[Handler, ...]
    place_of_use: str
    environment: str
    storage_management: str
    delivery_medium: DeliveryMedium
    delivery_method: DeliveryMethod
    fee: FeeBreakdown
    subject_count: int | None = None
    processing: tuple[ProcessingLine, ...] = ()
    original_contract_reference: str = ""
    """法118条: the contract under which the dataset was created / first provided."""
    safety_measures: tuple[str, ...] = ()
    extra_termination_grounds: tuple[str, ...] = ()
    """Termination grounds the organization adds to 法120条's (Nara 要綱第2-14(1)ア ただし書)."""


@dataclass(frozen=True, slots=True)
class ApprovalPackage:
    """What the approval sends: the notice, the contract application and two unsigned contract copies."""

    notice: Document
    application: Document
    contract_copies: tuple[Document, Document]

    def documents(self) -> tuple[Document, ...]:
        """All four, in mailing order."""
        return (self.notice, self.application, *self.contract_copies)


# --------------------------------------------------------------------------------------------------
# Citations by regime
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Law:
    act_name: str
    act_number: str
    term: str
    review: str
    approve: str
    reject: str
    contract: str
    reuse: str
    disqualification: str
    termination: str
    change_proposal: str
    recipient_reidentification: str
    recipient_safety: str


_CURRENT = _Law(
    act_name="個人情報の保護に関する法律",
    act_number="平成15年法律第57号",
    term="行政機関等匿名加工情報",
    review="第114条第1項",
    approve="第114条第2項",
    reject="第114条第3項",
    contract="第115条",
    reuse="第118条第2項",
    disqualification="第113条",
    termination="第120条",
    change_proposal="第118条第1項後段",
    recipient_reidentification="法第45条",
    recipient_safety="法第46条",
)
_LEGACY = _Law(
    act_name="行政機関の保有する個人情報の保護に関する法律",
    act_number="平成15年法律第58号",
    term="行政機関非識別加工情報",
    review="第44条の7第1項",
    approve="第44条の7第2項",
    reject="第44条の7第3項",
    contract="第44条の9",
    reuse="第44条の12第2項",
    disqualification="第44条の6",
    termination="第44条の14",
    change_proposal="第44条の12第1項後段",
    recipient_reidentification="個人情報の保護に関する法律の匿名加工情報に関する規定",
    recipient_safety="個人情報の保護に関する法律の匿名加工情報に関する規定",
)


def _contract_article(law: _Law, kind: ProposalKind) -> str:
    """「第115条」 or 「第118条第2項において準用する法第115条」 (after 「法」)."""
    return law.contract if kind is ProposalKind.NEW else f"{law.reuse}において準用する法{law.contract}"


def _intro(law: _Law) -> str:
    """「個人情報の保護に関する法律（平成15年法律第57号。以下「法」という。）」: the first citation of the Act."""
    return f"{law.act_name}（{law.act_number}。以下「法」という。）"


def _law(profile: OrganizationProfile) -> _Law:
    return _LEGACY if profile.legal_regime is LegalRegime.LEGACY_2017 else _CURRENT


_NOTICE_KINDS = {
    (True, ProposalKind.NEW): DocumentKind.APPROVAL_NOTICE,
    (True, ProposalKind.REUSE): DocumentKind.REUSE_APPROVAL_NOTICE,
    (True, ProposalKind.CHANGE): DocumentKind.REUSE_APPROVAL_NOTICE,
    (False, ProposalKind.NEW): DocumentKind.REJECTION_NOTICE,
    (False, ProposalKind.REUSE): DocumentKind.REUSE_REJECTION_NOTICE,
    (False, ProposalKind.CHANGE): DocumentKind.REUSE_REJECTION_NOTICE,
}


def decision_document_kind(kind: ProposalKind, *, approved: bool) -> DocumentKind:
    """The form a decision uses: 第九/第十一 for 法112条, 第十三/第十四 for 法118条 (規則59・64条)."""
    return _NOTICE_KINDS[(approved, kind)]


def _contract_kind(profile: OrganizationProfile, kind: ProposalKind) -> DocumentKind:
    if kind is not ProposalKind.NEW and DocumentKind.REUSE_CONTRACT in profile.forms:
        return DocumentKind.REUSE_CONTRACT
    return DocumentKind.USE_CONTRACT


def _proposal_title(profile: OrganizationProfile, kind: ProposalKind) -> str:
    form = DocumentKind.PROPOSAL if kind is ProposalKind.NEW else DocumentKind.REUSE_PROPOSAL
    return profile.forms[form].title


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def _numbers(criteria: Sequence[Criterion]) -> str:
    """「第1号」, 「第1号及び第3号」, 「第1号、第3号及び第5号」 (法令の列記の慣行)."""
    parts = [f"第{c.number}号" for c in criteria]
    if len(parts) == 1:
        return parts[0]
    return "、".join(parts[:-1]) + "及び" + parts[-1]


def _review_basis(law: _Law, kind: ProposalKind) -> tuple[str, str, str]:
    """(the criteria, the approval article, the rejection article) as the notice cites them."""
    if kind is ProposalKind.NEW:
        return f"{law.review}各号", "同条第2項", "同条第3項"
    prefix = f"法{law.reuse}において準用する法"
    return (
        f"{law.reuse}において準用する法{law.review}第1号及び第4号から第7号まで",
        f"{prefix}{law.approve}",
        f"{prefix}{law.reject}",
    )


def _addressee(party: Party) -> str:
    if party.kind.is_body and party.representative:
        return f"{party.name}　{party.representative}　様"
    return f"{party.name}　様"


def _issuer(profile: OrganizationProfile) -> Paragraph:
    text = profile.name + (f"　{profile.head_person}" if profile.head_person else "")
    return Paragraph(text, align=Align.RIGHT, placeholder=profile.is_placeholder("name"))


def _contact(profile: OrganizationProfile, contact: str) -> Paragraph:
    if contact:
        return Paragraph(contact)
    desk = profile.reception_desk
    parts = [desk.name]
    if desk.phone:
        parts.append(f"電話 {desk.phone}")
    return Paragraph("　".join(parts), placeholder=profile.is_placeholder("reception_desk"))


def _payment_text(profile: OrganizationProfile, fee: FeeBreakdown) -> str:
    payment = profile.payment
    application = profile.forms[DocumentKind.CONTRACT_APPLICATION].title
    names = []
    for method in payment.methods:
        if method in (PaymentMethod.PREFECTURAL_STAMP, PaymentMethod.REVENUE_STAMP):
            names.append(payment.stamp_label or method.label)
        else:
            names.append(method.label)
    text = "又は".join(names)
    if payment.stamp_label and payment.affixed_to is not None:
        text += f"（{fee.charge_label}の額に相当する{payment.stamp_label}を「{application}」に貼付してください。"
        text += "消印はしないでください。）"
    if payment.regulation:
        text += f"　根拠: {payment.regulation}"
    return text


def _delivery_text(medium: DeliveryMedium, method: DeliveryMethod) -> str:
    return f"提供媒体: {medium.label}　提供方法: {method.label}"


def _signature_party(party: Party) -> Table:
    rows = [
        (Cell("住所又は居所"), Cell(party.address)),
        (Cell("氏名又は名称"), Cell(party.name)),
    ]
    if party.kind.is_body:
        rows.append((Cell("代表者の氏名"), Cell(party.representative)))
    rows.append((Cell("記名押印"), Cell("印", blank_lines=1)))
    return Table(rows=tuple(rows), widths=(2, 5))


# --------------------------------------------------------------------------------------------------
# Approval notice
# --------------------------------------------------------------------------------------------------


def _check_approval(facts: ApprovalNoticeFacts) -> None:
    if facts.fee.kind is not facts.kind:
        msg = (
            f"手数料の計算（{facts.fee.kind.label}）と提案の種類（{facts.kind.label}）が一致しません。"
            "提案の種類に応じて手数料を計算し直してください。"
        )
        raise DecisionNoticeRefused(DecisionNoticeCode.FEE_KIND_MISMATCH, msg)
    if facts.payment_deadline < facts.notice_date:
        msg = (
            f"納付期限（{format_wareki(facts.payment_deadline)}）が通知日（{format_wareki(facts.notice_date)}）より"
            "前です。通知日以後の日を指定してください。"
        )
        raise DecisionNoticeRefused(DecisionNoticeCode.DEADLINE_BEFORE_NOTICE, msg)


def _fee_section(profile: OrganizationProfile, facts: ApprovalNoticeFacts) -> Section:
    fee = facts.fee
    label = fee.charge_label
    breakdown = Table(
        rows=tuple(
            (Cell(line.label, placeholder=fee.placeholder), Cell(_yen(line.amount_yen)), Cell(line.detail))
            for line in fee.lines
        ),
        header=("内訳", "金額", "算定"),
        widths=(5, 2, 5),
    )
    main = Table(
        rows=(
            (Cell(f"（1）納付すべき{label}の額"), Cell(_yen(fee.total_yen), placeholder=fee.placeholder)),
            (
                Cell(f"（2）{label}の納付方法"),
                Cell(_payment_text(profile, fee), placeholder=profile.is_placeholder("payment")),
            ),
            (Cell(f"（3）{label}の納付期限"), Cell(format_wareki(facts.payment_deadline))),
        ),
        widths=(2, 5),
    )
    return Section(
        label,
        (
            main,
            Paragraph(f"{label}の額の内訳（{fee.legal_basis}）", role=ParagraphRole.SUBHEADING),
            breakdown,
        ),
        number="2",
    )


def build_approval_notice(profile: OrganizationProfile, facts: ApprovalNoticeFacts) -> Document:
    """The approval notice (法114条2項 / 法118条2項; 規則59条1・2項, 64条): fee, payment, deadline, delivery, other.

    Form: ``approval_notice`` (別記様式第九 / 第4号様式 / 別記様式第三) or, for 法118条, ``reuse_approval_notice``
    (第十三 / 第9号 / 第七). Not an administrative disposition: no 教示 (see the module docstring).
    """
    _check_approval(facts)
    law = _law(profile)
    kind = decision_document_kind(facts.kind, approved=True)
    form = profile.forms[kind]
    criteria, approve, _ = _review_basis(law, facts.kind)
    application = profile.forms[DocumentKind.CONTRACT_APPLICATION]
    application_label = application.title + (f"（{application.designation}）" if application.designation else "")
    contract_title = profile.forms[_contract_kind(profile, facts.kind)].title
    fee = facts.fee
    receiver = profile.responsibility(Step.CONTRACT_APPLICATION_RECEIPT)
    submit_to = (
        profile.reception_desk.short_name
        if receiver.performer is Actor.RECEPTION_DESK or receiver.through is Actor.RECEPTION_DESK
        else "本通知の発信者"
    )
    duty = stamp_duty_requirement(profile, fee.total_yen)
    preamble: tuple[Block, ...] = (
        _issuer(profile),
        Paragraph(
            f"{format_wareki(facts.proposal_date)}付けで提案のあった「{_proposal_title(profile, facts.kind)}」"
            f"（{facts.target_label}）について、{_intro(law)}{criteria}に掲げる基準に適合すると"
            f"認めたので、{approve}の規定により、下記のとおり通知します。"
        ),
        Paragraph("記", role=ParagraphRole.LEAD, align=Align.CENTER),
    )
    contract_article = _contract_article(law, facts.kind)
    others: list[str] = [
        duty.reason,
        f"納付された{fee.charge_label}は、作成に実際に要した時間が見込みと異なる場合でも、還付し、又は追加して"
        "徴収することはありません。",
        "契約の締結後は、契約の条件を変更することはできません。",
        "同封の契約書は未押印のものです。2通とも記名押印の上、提出してください。当方で記名押印した後、1通をお返し"
        "します。",
        *facts.other_matters,
    ]
    sections = (
        Section(
            "契約の締結",
            (
                Paragraph(
                    f"{profile.name}との間で、法{contract_article}の規定により、{law.term}の利用に関する契約を締結する"
                    "ことができます。"
                ),
                Paragraph(
                    f"契約の締結を申し込む場合は、下記2の{fee.charge_label}を納付の上、同封の「{application_label}」に"
                    f"必要事項を記入し、同封の「{contract_title}」2通とともに、{format_wareki(facts.payment_deadline)}"
                    f"までに{submit_to}に提出してください。"
                ),
            ),
            number="1",
        ),
        _fee_section(profile, facts),
        Section(
            f"{law.term}の提供の方法",
            (Paragraph(_delivery_text(facts.delivery_medium, facts.delivery_method)),),
            number="3",
        ),
        Section(
            "その他",
            (
                ItemList(
                    tuple(ListItem(text, placeholder=duty.placeholder and i == 0) for i, text in enumerate(others)),
                    ListStyle.PARENTHESIZED,
                ),
            ),
            number="4",
        ),
        Section(
            "同封書類",
            (
                ItemList(
                    (
                        ListItem(application_label),
                        ListItem(f"{contract_title}（未押印）　2通"),
                    ),
                    ListStyle.CIRCLED,
                ),
            ),
        ),
        Section("問合せ先", (_contact(profile, facts.contact),)),
    )
    return Document(
        kind=kind,
        organization_id=profile.id,
        title=form.title,
        sections=sections,
        layout=DocumentLayout.FORM,
        date_wareki=format_wareki(facts.notice_date),
        number=facts.number,
        designation=form.designation,
        addressee=_addressee(facts.proposer),
        preamble=preamble,
    )


# --------------------------------------------------------------------------------------------------
# Rejection notice
# --------------------------------------------------------------------------------------------------


def build_rejection_notice(profile: OrganizationProfile, facts: RejectionNoticeFacts) -> Document:
    """The rejection notice (法114条3項 / 法118条2項; 規則59条3項, 64条), each failed criterion with its reason.

    Form: ``rejection_notice`` (別記様式第十一 / 第6号様式 / 別記様式第五) or ``reuse_rejection_notice`` (第十四 /
    第10号 / 第八). Refuses a notice with no failed criterion, a blank reason, or a criterion that does not apply to
    the proposal's kind (② and ③ for 法118条). Not an administrative disposition: no 教示.
    """
    if not facts.failed:
        msg = "不適合の通知には、適合しないと認めた審査基準を1つ以上記載してください（法114条3項）。"
        raise DecisionNoticeRefused(DecisionNoticeCode.NO_FAILED_CRITERION, msg)
    applicable = {spec.criterion for spec in applicable_criteria(facts.kind)}
    for failure in facts.failed:
        spec = CRITERIA[failure.criterion]
        if failure.criterion not in applicable:
            msg = f"{spec.mark}（{spec.title}）は{facts.kind.label}の審査基準ではありません（法118条2項）。"
            raise DecisionNoticeRefused(DecisionNoticeCode.CRITERION_NOT_APPLICABLE, msg)
        if not failure.reason.strip():
            msg = (
                f"{spec.mark}（{spec.title}）について、どのような理由から適合しないと認めたのかを具体的に記載して"
                "ください（法114条3項）。"
            )
            raise DecisionNoticeRefused(DecisionNoticeCode.REASON_REQUIRED, msg)
    law = _law(profile)
    kind = decision_document_kind(facts.kind, approved=False)
    form = profile.forms[kind]
    failed = sorted(facts.failed, key=lambda f: f.criterion.number)
    _, _, reject = _review_basis(law, facts.kind)
    if facts.kind is ProposalKind.NEW:
        basis = f"{law.review}{_numbers([f.criterion for f in failed])}"
    else:
        basis = f"{law.reuse}において準用する法{law.review}{_numbers([f.criterion for f in failed])}"
    target = f"（{facts.target_label}）" if facts.target_label else ""
    preamble: tuple[Block, ...] = (
        _issuer(profile),
        Paragraph(
            f"{format_wareki(facts.proposal_date)}付けで提案のあった「{_proposal_title(profile, facts.kind)}」{target}"
            f"について、下記の理由により、{_intro(law)}{basis}に掲げる基準に適合しないと認めたので、"
            f"{reject}の規定により通知します。"
        ),
        Paragraph("記", role=ParagraphRole.LEAD, align=Align.CENTER),
    )
    rows = tuple(
        (
            Cell(f"{f.criterion.mark} {CRITERIA[f.criterion].title}（法{law.review}第{f.criterion.number}号）"),
            Cell(f.reason.strip()),
        )
        for f in failed
    )
    sections = (
        Section(
            "基準に適合しないと認めた理由",
            (Table(rows=rows, header=("適合しない基準", "理由"), widths=(2, 5)),),
            number="1",
        ),
        Section("問合せ先", (_contact(profile, facts.contact),), number="2"),
    )
    return Document(
        kind=kind,
        organization_id=profile.id,
        title=form.title,
        sections=sections,
        layout=DocumentLayout.FORM,
        date_wareki=format_wareki(facts.notice_date),
        number=facts.number,
        designation=form.designation,
        addressee=_addressee(facts.proposer),
        preamble=preamble,
    )


# --------------------------------------------------------------------------------------------------
# Contract application (別記様式第十 / 第5号様式)
# --------------------------------------------------------------------------------------------------

_BLANK_DATE = "　　　　年　　月　　日"


def build_contract_application(profile: OrganizationProfile, facts: ApprovalNoticeFacts) -> Document:
    """The contract application enclosed with the approval (規則59条1項1号; 別記様式第十 / Nara 第5号様式).

    Prefilled with the proposer and the notice it answers; the date and the seal are left for the proposer. It is
    also the payment document where stamps are used (規則60条; Nara 要綱第2-9, Fukuoka 第8-1).
    """
    law = _law(profile)
    form = profile.forms[DocumentKind.CONTRACT_APPLICATION]
    article = _contract_article(law, facts.kind)
    number = f"{facts.number}の" if facts.number else ""
    fee = facts.fee
    party = facts.proposer
    preamble: tuple[Block, ...] = (
        Paragraph("申込者", role=ParagraphRole.SUBHEADING),
        _signature_party(party),
        Paragraph(
            f"{format_wareki(facts.notice_date)}付け{number}審査結果通知書により通知を受けたので、{_intro(law)}"
            f"{article}の規定による{law.term}の利用に関する契約の締結を申し込みます。"
        ),
    )
    payment = profile.payment
    rows: list[tuple[Cell, ...]] = [
        (Cell(f"納付する{fee.charge_label}の額"), Cell(_yen(fee.total_yen), placeholder=fee.placeholder)),
    ]
    if payment.stamp_label:
        rows.append((Cell(f"{payment.stamp_label}貼付欄"), Cell("", blank_lines=4)))
    sections = (
        Section(fee.charge_label, (Table(rows=tuple(rows), widths=(2, 5)),)),
        Section(
            "備考",
            (
                ItemList(
                    (
                        ListItem(
                            f"契約は、審査結果通知書に同封した契約書に定める事項に基づいて締結します（法{article}）。"
                        ),
                        ListItem("契約書2通を添えて提出してください。"),
                        ListItem(
                            f"{payment.stamp_label}には消印をしないでください。"
                            if payment.stamp_label
                            else "納付方法は審査結果通知書のとおりです。"
                        ),
                        ListItem("用紙の大きさは、日本産業規格A列4番とします。"),
                    ),
                    ListStyle.PARENTHESIZED,
                ),
            ),
        ),
    )
    return Document(
        kind=DocumentKind.CONTRACT_APPLICATION,
        organization_id=profile.id,
        title=form.title,
        sections=sections,
        layout=DocumentLayout.FORM,
        date_wareki=_BLANK_DATE,
        designation=form.designation,
        addressee=f"{profile.name}　殿",
        preamble=preamble,
    )


# --------------------------------------------------------------------------------------------------
# The use contract
# --------------------------------------------------------------------------------------------------


def _article(number: int, heading: str, *blocks: Block) -> Section:
    return Section(f"第{number}条（{heading}）", tuple(blocks))


def _numbered(start: int, *texts: str) -> ItemList:
    """項 numbered from ``start`` (2, 3, …) after a first 項 that ends in a list of 号."""
    return ItemList(tuple(ListItem(t, marker=str(i)) for i, t in enumerate(texts, start=start)))


def _clauses(first: str, *rest: str) -> tuple[Block, ...]:
    """The 項 of an article: the first unnumbered, then 2, 3, … (法令・契約書の慣行)."""
    blocks: list[Block] = [Paragraph(first)]
    if rest:
        blocks.append(ItemList(tuple(ListItem(t, marker=str(i)) for i, t in enumerate(rest, start=2))))
    return tuple(blocks)


def build_use_contract(profile: OrganizationProfile, facts: UseContractFacts, *, copy_label: str = "") -> Document:
    """The use contract (法115条; Fukuoka 標準様式第一 / 118 第三; Nara: drafted by the division), unsigned.

    Built from the case; its terms cannot be changed after conclusion (a business change is a 法118条1項後段
    proposal). ``copy_label`` (e.g. 「正」「副」) is printed top right to tell the two copies apart.
    """
    if facts.use_to < facts.use_from:
        msg = (
            f"利用期間の終期（{format_wareki(facts.use_to)}）が始期（{format_wareki(facts.use_from)}）より前です。"
            "提案書の利用期間を確認してください。"
        )
        raise DecisionNoticeRefused(DecisionNoticeCode.PERIOD_REVERSED, msg)
    if not facts.handlers:
        msg = "契約書には取扱従事者を1人以上記載してください（法112条2項7号）。"
        raise DecisionNoticeRefused(DecisionNoticeCode.NO_HANDLER, msg)
    law = _law(profile)
    term = law.term
    kind = _contract_kind(profile, facts.kind)
    form = profile.forms[kind]
    change_form = profile.forms.get(DocumentKind.CHANGE_NOTIFICATION)
    change_label = "記載事項変更申出書" + (
        f"（{change_form.designation}）" if change_form is not None and change_form.designation else ""
    )
    article = _contract_article(law, facts.kind)
    fee = facts.fee
    party = facts.proposer
    preamble: list[Block] = []
    if copy_label:
        preamble.append(Paragraph(f"（{copy_label}）", align=Align.RIGHT))
    preamble.append(
        Paragraph(
            f"{profile.name}（以下「甲」という。）と{party.name}（以下「乙」という。）とは、{_intro(law)}"
            f"{article}の規定に基づき、{term}の利用に関し、次のとおり契約を締結する。",
            placeholder=profile.is_placeholder("name"),
        )
    )

    # 第2条: the dataset
    if facts.kind is ProposalKind.NEW:
        provide = f"甲は、次に掲げる{term}（以下「本情報」という。）を作成し、乙に提供する。"
        source_row = (Cell("個人情報ファイルの名称"), Cell(facts.dataset_label))
    elif facts.kind is ProposalKind.REUSE:
        provide = f"甲は、既に作成された次に掲げる{term}（以下「本情報」という。）を乙に提供する。"
        source_row = (Cell(f"作成された{term}"), Cell(facts.dataset_label))
    else:
        original = f"（{facts.original_contract_reference}）" if facts.original_contract_reference else ""
        provide = (
            f"甲は、乙が従前の契約{original}に基づき提供を受けた次に掲げる{term}（以下「本情報」という。）を、"
            "この契約に定める事業の用に供することを認める。"
        )
        source_row = (Cell(f"作成された{term}"), Cell(facts.dataset_label))
    dataset_rows: list[tuple[Cell, ...]] = [source_row]
    if facts.original_contract_reference and facts.kind is ProposalKind.REUSE:
        dataset_rows.append((Cell("当初の契約"), Cell(facts.original_contract_reference)))
    if facts.subject_count is not None:
        dataset_rows.append((Cell("本人の数"), Cell(f"{facts.subject_count:,}人")))
    dataset_rows.extend((Cell(f"加工の方法：{line.item}"), Cell(line.method)) for line in facts.processing)
    dataset_rows.append((Cell("提供の方法"), Cell(_delivery_text(facts.delivery_medium, facts.delivery_method))))

    handler_rows = tuple((Cell(h.name), Cell(h.post), Cell(h.title)) for h in facts.handlers)
    measures = [*facts.safety_measures]
    if facts.storage_management:
        measures.insert(0, facts.storage_management)

    grounds = [
        "偽りその他不正の手段によりこの契約を締結したとき。",
        f"法{law.disqualification}各号のいずれかに該当することとなったとき。",
        "この契約において定められた事項について重大な違反があったとき（本情報を無断で第三者に提供した場合等）。",
        "本情報を第3条に定める目的及び方法以外で利用したとき。",
        "第12条の規定による報告をせず、若しくは虚偽の報告をし、又は調査を拒み、妨げ、若しくは忌避したとき。",
        *facts.extra_termination_grounds,
    ]
    n_law = 3
    sections = (
        _article(
            1,
            "目的",
            Paragraph(
                f"この契約は、甲が乙に提供する{term}の利用に関し、乙が遵守すべき事項その他必要な事項を定めるものとする。"
            ),
        ),
        _article(
            2,
            f"提供する{term}",
            Paragraph(provide),
            Table(rows=tuple(dataset_rows), widths=(2, 5)),
        ),
        _article(
            3,
            "利用の目的及び方法",
            Table(
                rows=(
                    (Cell("利用の目的"), Cell(facts.purpose)),
                    (Cell("利用の方法"), Cell(facts.method)),
                    (Cell("事業の内容"), Cell(facts.business)),
                ),
                widths=(2, 5),
            ),
            Paragraph(
                "乙は、本情報を前項の目的及び方法の範囲内でのみ利用し、それ以外の目的のために利用してはならない。"
            ),
        ),
        _article(
            4,
            "利用期間",
            *_clauses(
                f"本情報の利用期間は、{format_wareki(facts.use_from)}から{format_wareki(facts.use_to)}までとする。",
                f"乙は、利用期間を延長しようとするときは、法{law.change_proposal}の規定による提案をしなければならない。",
            ),
        ),
        _article(
            5,
            fee.charge_label,
            *_clauses(
                f"乙は、甲が審査結果通知書により通知した{fee.charge_label}{_yen(fee.total_yen)}を、甲の定める方法により"
                "納付するものとする。",
                f"納付された{fee.charge_label}は、作成に実際に要した時間が見込みと異なる場合においても、還付し、又は追加"
                f"して徴収しない。ただし、{fee.charge_label}の額に形式的な誤りがあった場合は、この限りでない。",
            ),
        ),
        _article(
            6,
            "取扱従事者",
            Paragraph("本情報を取り扱うことができる者（以下「取扱従事者」という。）は、次に掲げる者に限る。"),
            Table(rows=handler_rows, header=("氏名", "所属", "役職"), widths=(2, 3, 2)),
            *_clauses(
                "乙は、取扱従事者にこの契約に定める事項を遵守させなければならない。",
                f"乙は、取扱従事者を追加し、又は交代させようとするときは、あらかじめ、その理由を付して{change_label}に"
                "より甲に申し出て、甲の確認を受けなければならない。",
                f"乙は、取扱従事者から除外する者が生じたときは、直ちに{change_label}により甲に届け出なければならない。",
            ),
        ),
        _article(
            7,
            "利用場所及び利用環境",
            Table(
                rows=(
                    (Cell("利用する場所"), Cell(facts.place_of_use)),
                    (Cell("利用する環境"), Cell(facts.environment)),
                    (Cell("保管及び管理の方法"), Cell(facts.storage_management)),
                ),
                widths=(2, 5),
            ),
            Paragraph("乙は、前項に定める場所及び環境以外において、本情報を利用し、又は保管してはならない。"),
        ),
        _article(
            8,
            "安全管理措置",
            Paragraph(
                "乙は、本情報の漏えいの防止その他の適切な管理のため、提案書に記載した次の措置を講じなければならない。"
            ),
            *((ItemList(tuple(ListItem(m) for m in measures), ListStyle.PARENTHESIZED),) if measures else ()),
            _numbered(
                2,
                f"乙は、前項に定めるもののほか、{law.recipient_safety}に基づき、本情報の安全管理のために必要かつ適切な"
                "措置、本情報の取扱いに関する苦情の処理その他の本情報の適正な取扱いを確保するために必要な措置を自ら講じ"
                "なければならない。",
                "乙は、本情報の漏えい、滅失若しくは毀損が発生し、又はそのおそれがあるときは、直ちに甲に報告し、その指示に"
                "従わなければならない。",
            ),
        ),
        _article(
            9,
            "第三者への提供の禁止",
            *_clauses(
                "乙は、本情報の全部又は一部を第三者に提供し、又は第三者に利用させてはならない。",
                "乙は、利用に必要な範囲を超えて本情報を複製してはならない。",
            ),
        ),
        _article(
            10,
            "識別行為の禁止",
            Paragraph(
                "乙は、本情報を取り扱うに当たっては、本情報の作成に用いられた個人情報に係る本人を識別するために、当該"
                "個人情報から削除された記述等若しくは個人識別符号若しくは本情報の作成に用いられた加工の方法に関する情報を"
                f"取得し、又は本情報を他の情報と照合してはならない（{law.recipient_reidentification}）。"
            ),
        ),
        _article(
            11,
            "記載事項の変更",
            *_clauses(
                "乙は、氏名又は名称、住所、連絡先その他の提案書の記載事項（事業の変更に当たるものを除く。）に変更が"
                f"あったときは、直ちに{change_label}により甲に届け出なければならない。",
                f"乙は、利用目的の変更、利用期間の延長その他事業の変更に当たる変更をしようとするときは、法"
                f"{law.change_proposal}の規定による提案をしなければならない。",
            ),
        ),
        _article(
            12,
            "調査等",
            Paragraph(
                "甲は、必要があると認めるときは、乙に対し、本情報の利用状況及び管理状況について報告を求め、又は甲の"
                "職員に、乙の利用場所に立ち入り、本情報の管理状況、帳簿書類その他の物件を調査させることができる。乙は、"
                "正当な理由なくこれを拒んではならない。"
            ),
        ),
        _article(
            13,
            "利用終了時の返却及び消去",
            *_clauses(
                "乙は、利用期間が満了したとき又はこの契約が解除されたときは、遅滞なく、甲から提供を受けた記録媒体を甲に"
                "返却するとともに、乙が保有する記録媒体に保存した本情報（その複製物を含む。）を消去し、かつ、消去した"
                "情報を復元し、又は読み取ることができないように処理し、その旨を書面により甲に報告しなければならない。",
                "甲は、前項の返却及び消去の状況を確認するものとし、乙はこれに協力しなければならない。",
            ),
        ),
        _article(
            14,
            "契約の解除",
            Paragraph("甲は、乙が次の各号のいずれかに該当するときは、この契約を解除することができる。"),
            ItemList(tuple(ListItem(g) for g in grounds), ListStyle.PARENTHESIZED),
            _numbered(
                2,
                f"前項第1号から第{n_law}号までに掲げる事由による解除は、法{law.termination}の規定による解除とする。"
                f"この場合において、乙は、解除の日から起算して2年を経過するまでは、{term}に関する提案をすることが"
                f"できない（法{law.disqualification}第5号）。",
                "この契約が解除されたときは、乙は、前条の規定により本情報を返却し、及び消去しなければならない。",
            ),
        ),
        _article(15, "権利の帰属", Paragraph("本情報の原著作権は、甲に帰属する。")),
        _article(
            16,
            "契約内容の変更の禁止",
            Paragraph(
                "この契約の締結後は、この契約の条件を変更することはできない。事業の変更に当たる変更は、第11条第2項の"
                "提案によるものとする。"
            ),
        ),
        _article(
            17,
            "協議",
            Paragraph(
                "この契約に定めのない事項又はこの契約に関し疑義が生じた事項については、甲乙協議して定めるものとする。"
            ),
        ),
        Section(
            "",
            (
                Paragraph("この契約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その1通を保有する。"),
                Paragraph(_BLANK_DATE, align=Align.RIGHT),
                Paragraph("甲", role=ParagraphRole.SUBHEADING),
                Table(
                    rows=(
                        (
                            Cell("所在地"),
                            Cell(
                                profile.reception_desk.address or "",
                                placeholder=profile.is_placeholder("reception_desk.address"),
                            ),
                        ),
                        (Cell("名称"), Cell(profile.name, placeholder=profile.is_placeholder("name"))),
                        (Cell("記名押印"), Cell("印", blank_lines=1)),
                    ),
                    widths=(2, 5),
                ),
                Paragraph("乙", role=ParagraphRole.SUBHEADING),
                _signature_party(party),
            ),
        ),
    )
    return Document(
        kind=kind,
        organization_id=profile.id,
        title=form.title,
        sections=sections,
        layout=DocumentLayout.FORM,
        designation=form.designation,
        preamble=tuple(preamble),
    )


def build_approval_package(
    profile: OrganizationProfile, notice: ApprovalNoticeFacts, contract: UseContractFacts
) -> ApprovalPackage:
    """The approval notice with its enclosures: the contract application and the contract twice (正・副, unsigned)."""
    if contract.fee.total_yen != notice.fee.total_yen or contract.kind is not notice.kind:
        msg = "通知書と契約書の手数料の額又は提案の種類が一致しません。同じ手数料の計算から作成してください。"
        raise DecisionNoticeRefused(DecisionNoticeCode.FEE_KIND_MISMATCH, msg)
    return ApprovalPackage(
        notice=build_approval_notice(profile, notice),
        application=build_contract_application(profile, notice),
        contract_copies=(
            build_use_contract(profile, contract, copy_label="正"),
            build_use_contract(profile, contract, copy_label="副"),
        ),
    )

"""Rules of a proposal's content and of its intake (提案書の記載事項・添付書類・受付時の確認).

- 法112条2項 1〜8号: the items of a new proposal; 法118条2項: a proposal on a created dataset (前段: another party;
  後段: an existing recipient changing its business) keeps only items 1 and 4〜8, item 4 identifying the dataset.
- 法112条3項, 規則54条2〜6項: the attachments — the pledge (誓約書, 様式第八), the document showing the business
  contributes to new industry or a better economy/society/life, identity documents (規則54条4項: 1号 an individual's
  document valid on the proposal date; 2号 a corporation's 登記事項証明書 or 印鑑登録証明書 issued within 6 months
  before the proposal date; 3号 an alternative document 「やむを得ない理由」), the proxy's power of attorney
  (規則54条2項) and other documents the head requires (規則54条4項4号). Names and addresses must match the proposal.
- 法118条1項後段: a change proposal names the use contract it changes; the contract must be one the proposer
  concluded (the same party, by name or 法人番号), on the same created dataset, and still in force.
- 規則56条: at least 1,000 subjects and no more than the file holds (Nara 要綱第2-4(1)ウ).
- Fukuoka 要綱第6-1: the six intake checks (in period; a target file; the official form; items complete;
  attachments complete; the proxy document). Formal defects lead to a correction request (規則54条7項, 第6-2(3)).
- Fukuoka 要綱第6-2(2), 法112条2項: a proposal is made in writing; a phone or oral "proposal" is a consultation.

Pure: no clock (the proposal date and "today" are passed in), no I/O, no Django.
"""

from __future__ import annotations

import calendar
import enum
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from types import MappingProxyType

from tokumei.law.calendar import WarekiError, format_wareki, format_wareki_fiscal_year, parse_wareki
from tokumei.law.register import MINIMUM_SUBJECTS
from tokumei.law.solicitation import SolicitationPeriod, is_within_period

__all__ = [
    "CERTIFICATE_MONTHS",
    "HEALTH_INSURANCE_CARD_NOTE",
    "ITEMS_BY_KIND",
    "AttachmentFacts",
    "AttachmentKind",
    "ChangedContractFacts",
    "CheckStatus",
    "DeliveryMedium",
    "DeliveryMethod",
    "DuplicateCandidate",
    "Finding",
    "Handler",
    "Holder",
    "HolderKind",
    "IdentityDocumentFacts",
    "IdentityDocumentType",
    "IntakeCheck",
    "IntakeCode",
    "IntakeProblem",
    "Officer",
    "Party",
    "ProcessingChoice",
    "ProposalFacts",
    "ProposalItem",
    "ProposalKind",
    "ProposerKind",
    "Severity",
    "SubjectScope",
    "TargetFacts",
    "certificate_earliest_issue_date",
    "check_changed_contract",
    "check_identity_document",
    "find_duplicates",
    "format_receipt_number",
    "intake_findings",
    "months_before",
    "normalize_contract_number",
    "normalize_name",
    "parse_officer",
    "precheck",
]


# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------


class ProposalKind(enum.StrEnum):
    """The three kinds of proposal."""

    NEW = "new"
    """法112条1項: a proposal on a personal-information file, during a solicitation for it."""
    REUSE = "reuse"
    """法118条1項前段: another party proposes to use a created dataset."""
    CHANGE = "change"
    """法118条1項後段: an existing recipient extends the period or changes the purpose of its business."""

    @property
    def label(self) -> str:
        """Japanese label for the UI."""
        return _KIND_LABELS[self]

    @property
    def legal_basis(self) -> str:
        """The article the proposal is made under."""
        return (
            "法112条" if self is ProposalKind.NEW else "法118条1項" + ("前段" if self is ProposalKind.REUSE else "後段")
        )


_KIND_LABELS: Mapping[ProposalKind, str] = MappingProxyType(
    {
        ProposalKind.NEW: "新規の提案（法112条）",
        ProposalKind.REUSE: "作成済みの匿名加工情報の利用に関する提案（法118条前段）",
        ProposalKind.CHANGE: "事業の変更に関する提案（法118条後段）",
    }
)


class ProposerKind(enum.StrEnum):
    """Who proposes (法112条1項 「行政機関等匿名加工情報をその用に供して事業を行おうとする者」)."""

    INDIVIDUAL = "individual"
    CORPORATION = "corporation"
    GROUP = "group"
    """法人でない団体 (「法人その他の団体」): identified like a corporation, with its representative."""

    @property
    def label(self) -> str:
        """Japanese label for the UI."""
        return {"individual": "個人", "corporation": "法人", "group": "法人以外の団体"}[self.value]

    @property
    def is_body(self) -> bool:
        """A corporation or other group: needs a representative (法112条2項1号)."""
        return self is not ProposerKind.INDIVIDUAL


class SubjectScope(enum.StrEnum):
    """法112条2項3号: all subjects of the file, or a random sample of N subjects."""

    ALL = "all"
    SAMPLE = "sample"


class DeliveryMedium(enum.StrEnum):
    """法112条2項8号, 規則54条3項: the medium (Nara 要綱第2-4(1)ク)."""

    CD_R = "cd_r"
    DVD_R = "dvd_r"

    @property
    def label(self) -> str:
        """Japanese label."""
        return "CD-R" if self is DeliveryMedium.CD_R else "DVD-R"

    @property
    def package_code(self) -> str:
        """The code the delivery package uses for this medium (``tokumei.delivery.package.MEDIA``)."""
        return self.value.replace("_", "-")


class DeliveryMethod(enum.StrEnum):
    """法112条2項8号: receipt at the desk, or by mail (Nara 要綱第2-4(1)ク)."""

    DESK = "desk"
    MAIL = "mail"

    @property
    def label(self) -> str:
        """Japanese label."""
        return "窓口での受領" if self is DeliveryMethod.DESK else "郵送"


class ProposalItem(enum.IntEnum):
    """The numbered items of 法112条2項."""

    PROPOSER = 1
    FILE = 2
    SUBJECT_COUNT = 3
    PROCESSING = 4
    PURPOSE = 5
    PERIOD = 6
    SAFETY = 7
    DELIVERY = 8

    @property
    def label(self) -> str:
        """Japanese label, as the form prints it."""
        return _ITEM_LABELS[self]


_ITEM_LABELS: Mapping[ProposalItem, str] = MappingProxyType(
    {
        ProposalItem.PROPOSER: "提案をする者の氏名又は名称及び住所又は居所等（1号）",
        ProposalItem.FILE: "提案に係る個人情報ファイルの名称（2号）",
        ProposalItem.SUBJECT_COUNT: "本人の数（3号）",
        ProposalItem.PROCESSING: "加工の方法を特定するに足りる事項（4号）",
        ProposalItem.PURPOSE: "利用の目的及び方法その他事業の内容（5号）",
        ProposalItem.PERIOD: "事業の用に供しようとする期間（6号）",
        ProposalItem.SAFETY: "漏えいの防止その他の適切な管理のための措置（7号）",
        ProposalItem.DELIVERY: "提供の方法（8号）",
    }
)

ITEMS_BY_KIND: Mapping[ProposalKind, tuple[ProposalItem, ...]] = MappingProxyType(
    {
        ProposalKind.NEW: tuple(ProposalItem),
        # 法118条2項: 「前条第二項第一号及び第四号から第八号までに掲げる事項」 (item 4 names the created dataset).
        ProposalKind.REUSE: (
            ProposalItem.PROPOSER,
            ProposalItem.PROCESSING,
            ProposalItem.PURPOSE,
            ProposalItem.PERIOD,
            ProposalItem.SAFETY,
            ProposalItem.DELIVERY,
        ),
        ProposalKind.CHANGE: (
            ProposalItem.PROPOSER,
            ProposalItem.PROCESSING,
            ProposalItem.PURPOSE,
            ProposalItem.PERIOD,
            ProposalItem.SAFETY,
            ProposalItem.DELIVERY,
        ),
    }
)
"""Which items of 法112条2項 a proposal of each kind carries (法112条2項 / 法118条2項)."""


class AttachmentKind(enum.StrEnum):
    """The attachments of 法112条3項 and 規則54条."""

    PLEDGE = "pledge"
    """誓約書 (法112条3項1号, 規則54条6項: 様式第八 / Nara 第2号様式)."""
    BUSINESS_CONTRIBUTION = "business_contribution"
    """事業が新産業の創出等に資することを明らかにする書面 (法112条3項2号)."""
    IDENTITY = "identity"
    """本人確認書類 (法112条3項柱書, 規則54条4項・5項), for the proposer, each joint proposer and the proxy."""
    POWER_OF_ATTORNEY = "power_of_attorney"
    """代理人の権限を証する書面 (規則54条2項; Nara 第3号様式)."""
    OTHER = "other"
    """その他行政機関の長等が必要と認める書類 (法112条3項3号, 規則54条4項4号)."""
    PROPOSAL_SCAN = "proposal_scan"
    """The paper proposal as scanned by the desk (not an attachment of the Act; kept as evidence)."""

    @property
    def label(self) -> str:
        """Japanese label."""
        return _ATTACHMENT_LABELS[self]


_ATTACHMENT_LABELS: Mapping[AttachmentKind, str] = MappingProxyType(
    {
        AttachmentKind.PLEDGE: "誓約書",
        AttachmentKind.BUSINESS_CONTRIBUTION: "事業が新産業の創出等に資することを明らかにする書面",
        AttachmentKind.IDENTITY: "本人確認書類",
        AttachmentKind.POWER_OF_ATTORNEY: "代理人の権限を証する書面（委任状）",
        AttachmentKind.OTHER: "その他必要と認める書類",
        AttachmentKind.PROPOSAL_SCAN: "提案書（紙の提出分の写し）",
    }
)


class HolderKind(enum.StrEnum):
    """Whose identity a document proves."""

    PROPOSER = "proposer"
    JOINT = "joint"
    PROXY = "proxy"


@dataclass(frozen=True, slots=True)
class Holder:
    """A person or body whose identity must be proved: the proposer, joint proposer ``index``, or the proxy."""

    kind: HolderKind
    index: int = 0

    @property
    def key(self) -> str:
        """Stable key: ``proposer``, ``joint:0``, ``proxy``."""
        return f"joint:{self.index}" if self.kind is HolderKind.JOINT else self.kind.value

    @classmethod
    def parse(cls, key: str) -> Holder:
        """The inverse of :attr:`key`; ``ValueError`` on anything else."""
        if key.startswith("joint:") and key[6:].isdigit():
            return cls(HolderKind.JOINT, int(key[6:]))
        return cls(HolderKind(key))

    def label(self) -> str:
        """Japanese label."""
        if self.kind is HolderKind.JOINT:
            return f"共同提案者{self.index + 1}"
        return "提案をする者" if self.kind is HolderKind.PROPOSER else "代理人"


class IdentityDocumentType(enum.StrEnum):
    """Identity documents of 規則54条4項 (Nara 要綱第2-4(3))."""

    DRIVER_LICENCE = "driver_licence"
    HEALTH_INSURANCE_CARD = "health_insurance_card"
    MY_NUMBER_CARD = "my_number_card"
    RESIDENCE_CARD = "residence_card"
    SPECIAL_PERMANENT_RESIDENT = "special_permanent_resident"
    PASSPORT = "passport"
    DRIVING_RECORD_CERTIFICATE = "driving_record_certificate"
    WELFARE_HANDBOOK = "welfare_handbook"
    OTHER_OFFICIAL_INDIVIDUAL = "other_official_individual"
    REGISTRY_CERTIFICATE = "registry_certificate"
    SEAL_CERTIFICATE = "seal_certificate"
    CORPORATE_NUMBER_NOTICE = "corporate_number_notice"
    OTHER_OFFICIAL_BODY = "other_official_body"
    ALTERNATIVE = "alternative"

    @property
    def label(self) -> str:
        """Japanese label."""
        return _ID_LABELS[self]

    @property
    def for_individuals(self) -> bool:
        """規則54条4項1号 documents (individuals)."""
        return self in _INDIVIDUAL_DOCUMENTS

    @property
    def for_bodies(self) -> bool:
        """規則54条4項2号 documents (corporations and other groups)."""
        return self in _BODY_DOCUMENTS

    @property
    def six_month_rule(self) -> bool:
        """規則54条4項2号: 登記事項証明書 and 印鑑登録証明書 must be issued within 6 months before the proposal."""
        return self in (IdentityDocumentType.REGISTRY_CERTIFICATE, IdentityDocumentType.SEAL_CERTIFICATE)


_ID_LABELS: Mapping[IdentityDocumentType, str] = MappingProxyType(
    {
        IdentityDocumentType.DRIVER_LICENCE: "運転免許証",
        IdentityDocumentType.HEALTH_INSURANCE_CARD: "健康保険の被保険者証",
        IdentityDocumentType.MY_NUMBER_CARD: "個人番号カード（表面のみ）",
        IdentityDocumentType.RESIDENCE_CARD: "在留カード",
        IdentityDocumentType.SPECIAL_PERMANENT_RESIDENT: "特別永住者証明書",
        IdentityDocumentType.PASSPORT: "旅券",
        IdentityDocumentType.DRIVING_RECORD_CERTIFICATE: "運転経歴証明書",
        IdentityDocumentType.WELFARE_HANDBOOK: "身体障害者手帳等の福祉手帳",
        IdentityDocumentType.OTHER_OFFICIAL_INDIVIDUAL: "その他法令により交付された書類（個人）",
        IdentityDocumentType.REGISTRY_CERTIFICATE: "登記事項証明書",
        IdentityDocumentType.SEAL_CERTIFICATE: "印鑑登録証明書",
        IdentityDocumentType.CORPORATE_NUMBER_NOTICE: "法人番号指定通知書",
        IdentityDocumentType.OTHER_OFFICIAL_BODY: "その他法令により交付された書類（法人等）",
        IdentityDocumentType.ALTERNATIVE: "やむを得ない理由による代わりの書類（規則54条4項3号）",
    }
)
_INDIVIDUAL_DOCUMENTS = frozenset(
    {
        IdentityDocumentType.DRIVER_LICENCE,
        IdentityDocumentType.HEALTH_INSURANCE_CARD,
        IdentityDocumentType.MY_NUMBER_CARD,
        IdentityDocumentType.RESIDENCE_CARD,
        IdentityDocumentType.SPECIAL_PERMANENT_RESIDENT,
        IdentityDocumentType.PASSPORT,
        IdentityDocumentType.DRIVING_RECORD_CERTIFICATE,
        IdentityDocumentType.WELFARE_HANDBOOK,
        IdentityDocumentType.OTHER_OFFICIAL_INDIVIDUAL,
        IdentityDocumentType.ALTERNATIVE,
    }
)
_BODY_DOCUMENTS = frozenset(
    {
        IdentityDocumentType.REGISTRY_CERTIFICATE,
        IdentityDocumentType.SEAL_CERTIFICATE,
        IdentityDocumentType.CORPORATE_NUMBER_NOTICE,
        IdentityDocumentType.OTHER_OFFICIAL_BODY,
        IdentityDocumentType.ALTERNATIVE,
    }
)

HEALTH_INSURANCE_CARD_NOTE = (
    "健康保険の被保険者証は令和6年12月2日以降新たに発行されていません。"
    "経過措置により記載の有効期限（最長で令和7年12月1日）まで使えるものに限ります。"
)
"""Shown beside a health-insurance card: no longer issued since 2024-12-02 (マイナ保険証への移行)."""

CERTIFICATE_MONTHS = 6
"""規則54条4項2号 「提案の日前六月以内に作成されたもの」."""


# --------------------------------------------------------------------------------------------------
# Codes and problems (STYLE.md habit 6)
# --------------------------------------------------------------------------------------------------


class Severity(enum.StrEnum):
    """An error is a formal defect (correction needed); a warning or a note is shown and staff decide."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class IntakeCheck(enum.StrEnum):
    """The six checks at intake (Fukuoka 要綱第6-1 (1)〜(6))."""

    IN_PERIOD = "in_period"
    TARGET_FILE = "target_file"
    OFFICIAL_FORM = "official_form"
    ITEMS_COMPLETE = "items_complete"
    ATTACHMENTS_COMPLETE = "attachments_complete"
    PROXY_DOCUMENT = "proxy_document"

    @property
    def label(self) -> str:
        """Japanese label, as Fukuoka 第6-1 words it."""
        return _CHECK_LABELS[self]


_CHECK_LABELS: Mapping[IntakeCheck, str] = MappingProxyType(
    {
        IntakeCheck.IN_PERIOD: "(1) 募集期間内（法118条の提案はファイル簿に記載された期間内）に行われた提案であるか",
        IntakeCheck.TARGET_FILE: "(2) 募集の対象となる個人情報ファイル（又は作成済みの匿名加工情報）に係る提案であるか",
        IntakeCheck.OFFICIAL_FORM: "(3) 所定の様式を用いているか（規則54条1項）",
        IntakeCheck.ITEMS_COMPLETE: "(4) 提案書の記載事項に不備がないか（法112条2項各号、規則54条3項）",
        IntakeCheck.ATTACHMENTS_COMPLETE: "(5) 添付書類に不備がないか（法112条3項各号、規則54条4項）",
        IntakeCheck.PROXY_DOCUMENT: "(6) 代理人による提案の場合、代理人の権限を証する書面があるか（規則54条2項）",
    }
)


class IntakeCode(enum.StrEnum):
    """Stable codes of every problem this module reports (documented in ``docs/errors.md``)."""

    ITEM_MISSING = "intake.item_missing"
    SUBJECT_COUNT_BELOW_MINIMUM = "intake.subject_count_below_minimum"
    SUBJECT_COUNT_ABOVE_FILE = "intake.subject_count_above_file"
    FILE_BELOW_MINIMUM = "intake.file_below_minimum"
    PROCESSING_EMPTY = "intake.processing_empty"
    PROCESSING_INVALID = "intake.processing_invalid"
    USE_PERIOD_REVERSED = "intake.use_period_reversed"
    ATTACHMENT_MISSING = "intake.attachment_missing"
    IDENTITY_MISSING = "intake.identity_missing"
    IDENTITY_WRONG_TYPE = "intake.identity_wrong_type"
    IDENTITY_NAME_MISMATCH = "intake.identity_name_mismatch"
    IDENTITY_ADDRESS_MISMATCH = "intake.identity_address_mismatch"
    CERTIFICATE_TOO_OLD = "intake.certificate_too_old"
    ISSUED_AFTER_PROPOSAL = "intake.issued_after_proposal"
    IDENTITY_EXPIRED = "intake.identity_expired"
    ALTERNATIVE_REASON_MISSING = "intake.alternative_reason_missing"
    MY_NUMBER_BACK_SIDE = "intake.my_number_back_side"
    HEALTH_INSURANCE_CARD = "intake.health_insurance_card"
    PROXY_DOCUMENT_MISSING = "intake.proxy_document_missing"
    OUT_OF_PERIOD = "intake.out_of_period"
    NOT_TARGET = "intake.not_target"
    NOT_OFFICIAL_FORM = "intake.not_official_form"
    DUPLICATE = "intake.duplicate"
    CONTRACT_UNKNOWN = "intake.contract_unknown"
    CONTRACT_OTHER_PARTY = "intake.contract_other_party"
    CONTRACT_OTHER_DATASET = "intake.contract_other_dataset"
    CONTRACT_NOT_IN_FORCE = "intake.contract_not_in_force"


_SEVERITIES: Mapping[IntakeCode, Severity] = MappingProxyType(
    {code: Severity.ERROR for code in IntakeCode}
    | {
        IntakeCode.FILE_BELOW_MINIMUM: Severity.WARNING,
        IntakeCode.HEALTH_INSURANCE_CARD: Severity.NOTE,
        IntakeCode.DUPLICATE: Severity.WARNING,
    }
)

_CHECK_OF_CODE: Mapping[IntakeCode, IntakeCheck] = MappingProxyType(
    {
        IntakeCode.OUT_OF_PERIOD: IntakeCheck.IN_PERIOD,
        IntakeCode.NOT_TARGET: IntakeCheck.TARGET_FILE,
        IntakeCode.NOT_OFFICIAL_FORM: IntakeCheck.OFFICIAL_FORM,
        IntakeCode.ITEM_MISSING: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.SUBJECT_COUNT_BELOW_MINIMUM: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.SUBJECT_COUNT_ABOVE_FILE: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.FILE_BELOW_MINIMUM: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.PROCESSING_EMPTY: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.PROCESSING_INVALID: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.USE_PERIOD_REVERSED: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.DUPLICATE: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.CONTRACT_UNKNOWN: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.CONTRACT_OTHER_PARTY: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.CONTRACT_OTHER_DATASET: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.CONTRACT_NOT_IN_FORCE: IntakeCheck.ITEMS_COMPLETE,
        IntakeCode.PROXY_DOCUMENT_MISSING: IntakeCheck.PROXY_DOCUMENT,
    }
)


@dataclass(frozen=True, slots=True)
class IntakeProblem:
    """One finding: a stable code, the field it concerns (a form field name), and a Japanese sentence."""

    code: IntakeCode
    field: str
    message: str

    @property
    def severity(self) -> Severity:
        """Error, warning or note, fixed per code."""
        return _SEVERITIES[self.code]

    @property
    def check(self) -> IntakeCheck:
        """Which of the six intake checks this problem belongs to."""
        return _CHECK_OF_CODE.get(self.code, IntakeCheck.ATTACHMENTS_COMPLETE)


# --------------------------------------------------------------------------------------------------
# Calendar-month arithmetic (規則54条4項2号)
# --------------------------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The day ``months`` calendar months before ``day``; the month's last day when that day does not exist.

    >>> months_before(date(2026, 8, 31), 6)
    datetime.date(2026, 2, 28)
    >>> months_before(date(2028, 8, 31), 6)
    datetime.date(2028, 2, 29)
    >>> months_before(date(2026, 3, 15), 6)
    datetime.date(2025, 9, 15)
    """
    if months < 0:
        msg = f"months must be non-negative, got {months}"
        raise ValueError(msg)
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def certificate_earliest_issue_date(proposal_date: date) -> date:
    """The earliest issue date of a corporation's certificate for a proposal made on ``proposal_date``.

    規則54条4項2号 「提案の日前六月以内に作成されたもの」: counted back by calendar months (民法143条2項 by
    analogy); where the corresponding day does not exist, the month's last day (2026-08-31 → 2026-02-28). A
    certificate issued on that day or later, and not after the proposal date, qualifies.
    """
    return months_before(proposal_date, CERTIFICATE_MONTHS)


def normalize_name(text: str) -> str:
    """Names and addresses compared as written: NFKC (全角/半角), spaces removed, ヶ/ケ folded, dashes unified."""
    folded = unicodedata.normalize("NFKC", text)
    for dash in ("‐", "‑", "–", "—", "−"):
        folded = folded.replace(dash, "-")
    return "".join(folded.replace("ヶ", "ケ").replace("ヵ", "カ").split())


# --------------------------------------------------------------------------------------------------
# The facts of a proposal
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Handler:
    """A person who will handle the data (法112条2項7号: 氏名・所属・役職)."""

    name: str
    post: str
    title: str


@dataclass(frozen=True, slots=True)
class Party:
    """A proposer, joint proposer or proxy as written in the proposal (法112条2項1号)."""

    kind: ProposerKind
    name: str
    address: str
    representative: str = ""


@dataclass(frozen=True, slots=True)
class Officer:
    """An officer (役員) of a proposing corporation or group, declared only so that ① can check 法113条6号: a name
    and, where the proposer gives it, a birth date (without it a termination can match by name only)."""

    name: str
    birth_date: date | None = None

    def line(self) -> str:
        """The officer as the form's one-per-line text shows it: 「氏名」 or 「氏名、1970-04-01」."""
        return f"{self.name}、{self.birth_date.isoformat()}" if self.birth_date else self.name


_OFFICER_SEPARATORS = ("、", ",", "\t")
_GREGORIAN_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def parse_officer(line: str) -> Officer:
    """One line of the officers' list: 「氏名」 or 「氏名、生年月日」 (1970-04-01, 1970年4月1日, 昭和45年4月1日).

    Raises ``ValueError`` with a Japanese message when the part after the separator is not a date.

    >>> parse_officer("奈良 一郎、1970-04-01")
    Officer(name='奈良 一郎', birth_date=datetime.date(1970, 4, 1))
    >>> parse_officer("奈良 一郎")
    Officer(name='奈良 一郎', birth_date=None)
    """
    text = unicodedata.normalize("NFKC", line).strip()
    cut = max(text.rfind(sep) for sep in _OFFICER_SEPARATORS)
    if cut < 0:
        return Officer(text)
    name, when = text[:cut].strip(), "".join(text[cut + 1 :].split())
    if not name:
        msg = f"役員の氏名を記入してください（「{line.strip()}」）。"
        raise ValueError(msg)
    if not when:
        return Officer(name)
    match = _GREGORIAN_DATE.fullmatch(when)
    try:
        birth = date(int(match[1]), int(match[2]), int(match[3])) if match else parse_wareki(when)
    except (ValueError, WarekiError):
        msg = (
            f"役員「{name}」の生年月日「{when}」は日付として読めません。"
            "「1970-04-01」又は「昭和45年4月1日」の形で記入してください。"
        )
        raise ValueError(msg) from None
    return Officer(name, birth)


@dataclass(frozen=True, slots=True)
class IdentityDocumentFacts:
    """An identity document as the proposer declares it (and the desk checks against the copy)."""

    holder: Holder
    document_type: IdentityDocumentType
    issued_on: date | None
    valid_until: date | None
    name_on_document: str
    address_on_document: str
    front_side_only: bool = False
    """A My Number card copy shows the front side only (the 個人番号 is on the back; 番号法)."""
    alternative_reason: str = ""
    """規則54条4項3号 「やむを得ない理由」 for an alternative document."""
    label: str = ""
    """How the UI names this document (e.g. its file name)."""


@dataclass(frozen=True, slots=True)
class AttachmentFacts:
    """An attachment present with the proposal (uploaded, or received on paper and recorded by the desk)."""

    kind: AttachmentKind
    holder: Holder | None = None


@dataclass(frozen=True, slots=True)
class TargetFacts:
    """What the proposal is about, as the register and the solicitation show it at the time of the check.

    ``period`` is the solicitation's period for a new proposal and the period the register shows for the created
    dataset for a 法118条 proposal (法117条3号); ``None`` when there is none (no open solicitation / no dataset).
    """

    is_target: bool
    period: SolicitationPeriod | None
    file_subject_count: int | None = None
    target_label: str = ""


@dataclass(frozen=True, slots=True)
class ProcessingChoice:
    """One record item's choice: ``level`` None = not wanted; ``offered`` = the levels the register offers."""

    item: str
    level: str | None
    offered: tuple[str, ...]


def normalize_contract_number(text: str) -> str:
    """A contract number as typed, made comparable: NFKC (全角 → 半角), spaces removed, dashes unified.

    >>> normalize_contract_number(" 福警匿契Ｒ８－００１ ")
    '福警匿契R8-001'
    """
    return normalize_name(text)


@dataclass(frozen=True, slots=True)
class ChangedContractFacts:
    """The use contract a 法118条1項後段 proposal changes, as the organization's contract records show it.

    Built by the web layer from the contract found by its number among the organization's own contracts.
    """

    number: str
    concluded_on: date | None
    in_force: bool
    """Concluded and not ended or terminated (:attr:`tokumei.law.contracts.ContractState.in_force`)."""
    state_label: str
    party: Party
    """The party the contract was concluded with (the proposer of the proposal it rests on)."""
    party_corporate_number: str = ""
    same_dataset: bool = True
    """The contract is on the created dataset this proposal names (its own creation, or the dataset it reused)."""
    dataset_label: str = ""
    """The created dataset the contract is on ("" while none has been created yet)."""

    @property
    def reference(self) -> str:
        """The contract as item 4 of 様式第十二 and the notices print it: 「契約番号 X（令和8年5月1日締結）」."""
        concluded = f"（{format_wareki(self.concluded_on)}締結）" if self.concluded_on else ""
        return f"契約番号 {self.number}{concluded}"


def _corporate_digits(number: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", number or "") if ch.isdigit())


def check_changed_contract(
    number: str,
    contract: ChangedContractFacts | None,
    *,
    proposer: Party,
    corporate_number: str = "",
    dataset_label: str = "",
) -> tuple[IntakeProblem, ...]:
    """Problems with the contract a change proposal names (法118条1項後段), each on the field ``contract_number``.

    - the number is one of the organization's contracts (``contract`` is ``None`` otherwise);
    - its party is the proposer: by 法人番号 when both have one, else by the name as written (:func:`normalize_name`);
      nothing more is said about another party's contract (its dataset, its state), which is not the proposer's
      business;
    - it is on the created dataset the proposal names;
    - it is in force: a contract that ended, was terminated or was never concluded cannot be changed (a new use of
      the dataset is then a 法118条1項前段 proposal).
    """
    field_name = "contract_number"
    shown = normalize_contract_number(number)
    if contract is None:
        return (
            IntakeProblem(
                IntakeCode.CONTRACT_UNKNOWN,
                field_name,
                f"契約番号「{shown}」の利用契約は、この機関が締結した契約の中にありません。"
                "契約書に記載された契約番号を確かめてください。",
            ),
        )
    mine, theirs = _corporate_digits(corporate_number), _corporate_digits(contract.party_corporate_number)
    by_number = bool(mine and theirs)
    same_party = mine == theirs if by_number else normalize_name(proposer.name) == normalize_name(contract.party.name)
    if not same_party:
        return (
            IntakeProblem(
                IntakeCode.CONTRACT_OTHER_PARTY,
                field_name,
                f"契約番号「{shown}」の利用契約の相手方は、提案をする者（{proposer.name or '氏名未記入'}）では"
                f"ありません（{'法人番号' if by_number else '氏名又は名称'}が一致しません）。"
                "事業の変更の提案は、その契約を締結した者だけができます（法118条1項後段）。"
                "他の者が作成済みの匿名加工情報を利用する場合は、法118条1項前段の提案をしてください。",
            ),
        )
    problems: list[IntakeProblem] = []
    if not contract.same_dataset:
        what = f"「{contract.dataset_label}」" if contract.dataset_label else "まだ作成されていない匿名加工情報"
        problems.append(
            IntakeProblem(
                IntakeCode.CONTRACT_OTHER_DATASET,
                field_name,
                f"契約番号「{shown}」の利用契約は{what}に係る契約で、この提案の「{dataset_label or '（未選択）'}」"
                "に係る契約ではありません。変更しようとする契約に係る作成済みの匿名加工情報を選んで提案してください。",
            )
        )
    if not contract.in_force:
        problems.append(
            IntakeProblem(
                IntakeCode.CONTRACT_NOT_IN_FORCE,
                field_name,
                f"契約番号「{shown}」の利用契約は「{contract.state_label}」のため、変更の提案はできません"
                "（法118条1項後段: 締結された契約で、利用の終了・解除の前のものに限ります）。"
                "改めて利用する場合は、法118条1項前段の提案をしてください。",
            )
        )
    return tuple(problems)


@dataclass(frozen=True, slots=True)
class ProposalFacts:
    """Everything the pre-check and the intake need, as plain data (built by the web layer from the proposal)."""

    kind: ProposalKind
    proposal_date: date
    proposer: Party
    phone: str
    email: str
    department: str = ""
    person_in_charge: str = ""
    corporate_number: str = ""
    joint: tuple[Party, ...] = ()
    proxy: Party | None = None
    subject_scope: SubjectScope | None = None
    sample_size: int | None = None
    processing: tuple[ProcessingChoice, ...] = ()
    dataset_label: str = ""
    contract_reference: str = ""
    """The contract a change proposal names, as text (:attr:`ChangedContractFacts.reference`)."""
    changed_contract: ChangedContractFacts | None = None
    """The contract behind ``contract_reference``, checked by :func:`check_changed_contract` when given."""
    purpose: str = ""
    method: str = ""
    business: str = ""
    use_from: date | None = None
    use_to: date | None = None
    handlers: tuple[Handler, ...] = ()
    place_of_use: str = ""
    environment: str = ""
    storage_management: str = ""
    delivery_medium: DeliveryMedium | None = None
    delivery_method: DeliveryMethod | None = None
    attachments: tuple[AttachmentFacts, ...] = ()
    identity_documents: tuple[IdentityDocumentFacts, ...] = ()
    other_documents_requested: bool = False
    official_form: bool = True
    """Made on the organization's form: always for the portal; confirmed by the desk for paper."""
    target: TargetFacts = field(default_factory=lambda: TargetFacts(True, None))

    @property
    def items(self) -> tuple[ProposalItem, ...]:
        """The items of 法112条2項 this kind carries."""
        return ITEMS_BY_KIND[self.kind]

    def holders(self) -> tuple[tuple[Holder, Party], ...]:
        """Everyone whose identity must be proved (法112条3項柱書, 規則54条4項・5項)."""
        people: list[tuple[Holder, Party]] = [(Holder(HolderKind.PROPOSER), self.proposer)]
        people += [(Holder(HolderKind.JOINT, i), p) for i, p in enumerate(self.joint)]
        if self.proxy is not None:
            people.append((Holder(HolderKind.PROXY), self.proxy))
        return tuple(people)


# --------------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------------


def _missing(field_name: str, label: str) -> IntakeProblem:
    return IntakeProblem(IntakeCode.ITEM_MISSING, field_name, f"{label}を記入してください。")


def _party_problems(party: Party, prefix: str, who: str) -> list[IntakeProblem]:
    problems = []
    if not party.name.strip():
        problems.append(_missing(f"{prefix}name", f"{who}の氏名又は名称"))
    if not party.address.strip():
        problems.append(_missing(f"{prefix}address", f"{who}の住所又は居所"))
    if party.kind.is_body and not party.representative.strip():
        problems.append(_missing(f"{prefix}representative", f"{who}（法人その他の団体）の代表者の氏名"))
    return problems


def _item_problems(facts: ProposalFacts) -> list[IntakeProblem]:
    """法112条2項 1〜8号 (法118条2項: 1, 4〜8), each field named (Nara 要綱第2-4(1)ア〜ク)."""
    p: list[IntakeProblem] = []
    items = facts.items
    # 1号
    p += _party_problems(facts.proposer, "proposer_", "提案をする者")
    if not facts.phone.strip():
        p.append(_missing("phone", "連絡先の電話番号"))
    if not facts.email.strip() or "@" not in facts.email:
        p.append(_missing("email", "連絡先の電子メールアドレス"))
    for i, party in enumerate(facts.joint):
        p += _party_problems(party, f"joint_{i}_", f"共同提案者{i + 1}")
    if facts.proxy is not None:
        p += _party_problems(facts.proxy, "proxy_", "代理人")
    # 2号・3号
    if ProposalItem.SUBJECT_COUNT in items:
        p += _subject_problems(facts)
    # 4号
    if ProposalItem.PROCESSING in items:
        if facts.kind is ProposalKind.NEW:
            p += _processing_problems(facts.processing)
        else:
            if not facts.dataset_label.strip():
                p.append(_missing("dataset", "提案に係る作成済みの行政機関等匿名加工情報"))
            if facts.kind is ProposalKind.CHANGE:
                if not facts.contract_reference.strip():
                    p.append(_missing("contract_reference", "変更しようとする契約（契約番号）"))
                elif facts.changed_contract is not None:
                    p += check_changed_contract(
                        facts.changed_contract.number,
                        facts.changed_contract,
                        proposer=facts.proposer,
                        corporate_number=facts.corporate_number,
                        dataset_label=facts.dataset_label,
                    )
    # 5号
    for name, label in (("purpose", "利用の目的"), ("method", "利用の方法"), ("business", "事業の内容")):
        if not str(getattr(facts, name)).strip():
            p.append(_missing(name, label))
    # 6号
    if facts.use_from is None:
        p.append(_missing("use_from", "事業の用に供しようとする期間の初日"))
    if facts.use_to is None:
        p.append(_missing("use_to", "事業の用に供しようとする期間の末日"))
    if facts.use_from is not None and facts.use_to is not None and facts.use_to < facts.use_from:
        p.append(
            IntakeProblem(
                IntakeCode.USE_PERIOD_REVERSED,
                "use_to",
                f"利用期間の末日（{facts.use_to.isoformat()}）が初日（{facts.use_from.isoformat()}）より前です。",
            )
        )
    # 7号
    if not facts.handlers:
        p.append(_missing("handlers", "取扱者（氏名・所属・役職）"))
    for i, h in enumerate(facts.handlers):
        for name, label in (("name", "氏名"), ("post", "所属"), ("title", "役職")):
            if not getattr(h, name).strip():
                p.append(_missing(f"handler_{i}_{name}", f"取扱者{i + 1}の{label}"))
    for name, label in (
        ("place_of_use", "利用する場所"),
        ("environment", "利用する環境"),
        ("storage_management", "保管及び管理の方法"),
    ):
        if not str(getattr(facts, name)).strip():
            p.append(_missing(name, label))
    # 8号
    if facts.delivery_medium is None:
        p.append(_missing("delivery_medium", "提供に用いる媒体（CD-R又はDVD-R）"))
    if facts.delivery_method is None:
        p.append(_missing("delivery_method", "提供の方法（窓口での受領又は郵送）"))
    return p


def _subject_problems(facts: ProposalFacts) -> list[IntakeProblem]:
    """法112条2項3号 and 規則56条: at least 1,000 and no more than the file holds (Nara 要綱第2-4(1)ウ)."""
    count = facts.target.file_subject_count
    if facts.subject_scope is None:
        return [_missing("subject_scope", "本人の数（全員又は無作為に抽出する人数）")]
    if facts.subject_scope is SubjectScope.ALL:
        if count is not None and count < MINIMUM_SUBJECTS:
            return [
                IntakeProblem(
                    IntakeCode.FILE_BELOW_MINIMUM,
                    "subject_scope",
                    f"このファイルの本人の数は{count:,}人で、規則56条の{MINIMUM_SUBJECTS:,}人に満たないため、"
                    "審査基準②を満たさないおそれがあります。",
                )
            ]
        return []
    if facts.sample_size is None:
        return [_missing("sample_size", "無作為に抽出する本人の数")]
    if facts.sample_size < MINIMUM_SUBJECTS:
        return [
            IntakeProblem(
                IntakeCode.SUBJECT_COUNT_BELOW_MINIMUM,
                "sample_size",
                f"本人の数は{MINIMUM_SUBJECTS:,}人以上にしてください（規則56条）。"
                f"記入された数: {facts.sample_size:,}人。",
            )
        ]
    if count is not None and facts.sample_size > count:
        return [
            IntakeProblem(
                IntakeCode.SUBJECT_COUNT_ABOVE_FILE,
                "sample_size",
                f"本人の数はファイルの本人の数（{count:,}人）以下にしてください。"
                f"記入された数: {facts.sample_size:,}人。",
            )
        ]
    return []


def _processing_problems(choices: tuple[ProcessingChoice, ...]) -> list[IntakeProblem]:
    """法112条2項4号: which items, at which detail (Nara 要綱第2-4(1)エ)."""
    problems = [
        IntakeProblem(
            IntakeCode.PROCESSING_INVALID,
            f"processing_{c.item}",
            f"記録項目「{c.item}」の詳細度「{c.level}」は選べません"
            f"（選べる詳細度: {'、'.join(c.offered) if c.offered else 'なし（提供しない項目です）'}）。",
        )
        for c in choices
        if c.level is not None and c.level not in c.offered
    ]
    if not any(c.level is not None for c in choices):
        problems.append(
            IntakeProblem(
                IntakeCode.PROCESSING_EMPTY,
                "processing",
                "提供を求める記録項目を1つ以上選び、それぞれの詳細度を選んでください。",
            )
        )
    return problems


def check_identity_document(doc: IdentityDocumentFacts, party: Party, proposal_date: date) -> list[IntakeProblem]:
    """Problems with one identity document for ``party`` on ``proposal_date`` (規則54条4項・5項).

    - the type suits the party (individuals: 1号; corporations and groups: 2号; 3号 alternative for both);
    - 2号 certificates issued within 6 months before the proposal date (calendar months), never after it;
    - individual documents valid on the proposal date;
    - an alternative document needs its 「やむを得ない理由」;
    - a My Number card copy is the front side only;
    - the name and address match the proposal (Nara 要綱第2-4(3); the seeds' 「記載と一致させてください」).
    """
    who = doc.holder.label()
    what = f"{who}の{doc.document_type.label}" + (f"（{doc.label}）" if doc.label else "")
    field_name = f"identity_{doc.holder.key}"
    problems: list[IntakeProblem] = []
    body = party.kind.is_body
    if (body and not doc.document_type.for_bodies) or (not body and not doc.document_type.for_individuals):
        allowed = "登記事項証明書、印鑑登録証明書等" if body else "運転免許証、個人番号カード、在留カード等"
        problems.append(
            IntakeProblem(
                IntakeCode.IDENTITY_WRONG_TYPE,
                field_name,
                f"{what}は{party.kind.label}の本人確認書類になりません（{allowed}を添付してください）。",
            )
        )
    if doc.issued_on is not None and doc.issued_on > proposal_date:
        problems.append(
            IntakeProblem(
                IntakeCode.ISSUED_AFTER_PROPOSAL,
                field_name,
                f"{what}の発行日（{doc.issued_on.isoformat()}）が提案の日（{proposal_date.isoformat()}）より後です。",
            )
        )
    if doc.document_type.six_month_rule:
        earliest = certificate_earliest_issue_date(proposal_date)
        if doc.issued_on is None:
            problems.append(_missing(field_name, f"{what}の発行日（作成日）"))
        elif doc.issued_on < earliest:
            problems.append(
                IntakeProblem(
                    IntakeCode.CERTIFICATE_TOO_OLD,
                    field_name,
                    f"{what}は提案の日前6か月以内に作成されたものに限ります（規則54条4項2号）。"
                    f"発行日 {doc.issued_on.isoformat()} は {earliest.isoformat()} より前です。"
                    "新しい証明書を取得して添付してください。",
                )
            )
    if doc.document_type.for_individuals and doc.document_type is not IdentityDocumentType.ALTERNATIVE:
        if doc.valid_until is not None and doc.valid_until < proposal_date:
            problems.append(
                IntakeProblem(
                    IntakeCode.IDENTITY_EXPIRED,
                    field_name,
                    f"{what}は提案の日（{proposal_date.isoformat()}）に有効なものに限ります（規則54条4項1号）。"
                    f"有効期限 {doc.valid_until.isoformat()} を過ぎています。",
                )
            )
    if doc.document_type is IdentityDocumentType.ALTERNATIVE and not doc.alternative_reason.strip():
        problems.append(
            IntakeProblem(
                IntakeCode.ALTERNATIVE_REASON_MISSING,
                field_name,
                f"{what}を添付する「やむを得ない理由」を記入してください（規則54条4項3号）。",
            )
        )
    if doc.document_type is IdentityDocumentType.MY_NUMBER_CARD and not doc.front_side_only:
        problems.append(
            IntakeProblem(
                IntakeCode.MY_NUMBER_BACK_SIDE,
                field_name,
                "個人番号カードの写しは表面だけにしてください（裏面の個人番号は提出できません）。"
                "表面だけであることを確認して、その旨にチェックしてください。",
            )
        )
    if doc.document_type is IdentityDocumentType.HEALTH_INSURANCE_CARD:
        problems.append(IntakeProblem(IntakeCode.HEALTH_INSURANCE_CARD, field_name, HEALTH_INSURANCE_CARD_NOTE))
    if normalize_name(doc.name_on_document) != normalize_name(party.name):
        problems.append(
            IntakeProblem(
                IntakeCode.IDENTITY_NAME_MISMATCH,
                field_name,
                f"{what}の氏名又は名称「{doc.name_on_document}」が提案書の「{party.name}」と一致しません。",
            )
        )
    if normalize_name(doc.address_on_document) != normalize_name(party.address):
        problems.append(
            IntakeProblem(
                IntakeCode.IDENTITY_ADDRESS_MISMATCH,
                field_name,
                f"{what}の住所「{doc.address_on_document}」が提案書の「{party.address}」と一致しません。",
            )
        )
    return problems


def _attachment_problems(facts: ProposalFacts) -> list[IntakeProblem]:
    """法112条3項, 規則54条2・4〜6項: required attachments and valid identity documents for everyone."""
    present = {a.kind for a in facts.attachments}
    problems: list[IntakeProblem] = []
    required = [AttachmentKind.PLEDGE, AttachmentKind.BUSINESS_CONTRIBUTION]
    if facts.other_documents_requested:
        required.append(AttachmentKind.OTHER)
    for kind in required:
        if kind not in present:
            problems.append(
                IntakeProblem(
                    IntakeCode.ATTACHMENT_MISSING,
                    f"attachment_{kind.value}",
                    f"{kind.label}を添付してください（法112条3項）。",
                )
            )
    for holder, party in facts.holders():
        docs = [d for d in facts.identity_documents if d.holder == holder]
        if not docs:
            problems.append(
                IntakeProblem(
                    IntakeCode.IDENTITY_MISSING,
                    f"identity_{holder.key}",
                    f"{holder.label()}（{party.name or '氏名未記入'}）の本人確認書類を添付してください"
                    "（法112条3項、規則54条4項）。",
                )
            )
            continue
        per_doc = [check_identity_document(d, party, facts.proposal_date) for d in docs]
        if any(not [x for x in found if x.severity is Severity.ERROR] for found in per_doc):
            # One valid document is enough; report notes of all, errors of none.
            problems += [x for found in per_doc for x in found if x.severity is not Severity.ERROR]
        else:
            problems += [x for found in per_doc for x in found]
    if facts.proxy is not None and AttachmentKind.POWER_OF_ATTORNEY not in present:
        problems.append(
            IntakeProblem(
                IntakeCode.PROXY_DOCUMENT_MISSING,
                "attachment_power_of_attorney",
                "代理人による提案には、代理人の権限を証する書面（委任状）を添付してください（規則54条2項）。",
            )
        )
    return problems


def _target_problems(facts: ProposalFacts) -> list[IntakeProblem]:
    if facts.target.is_target:
        return []
    if facts.kind is ProposalKind.NEW:
        message = (
            f"「{facts.target.target_label}」は提案の募集の対象となる個人情報ファイルではありません。"
            "個人情報ファイル簿で募集の対象とされたファイルを選んでください。"
        )
    else:
        message = (
            f"「{facts.target.target_label}」は提案を受け付けている作成済みの行政機関等匿名加工情報ではありません。"
        )
    return [IntakeProblem(IntakeCode.NOT_TARGET, "target", message)]


def _period_problems(facts: ProposalFacts, received_on: date, received_at: time | None) -> list[IntakeProblem]:
    """Fukuoka 第6-1(1), 法117条3号: within the solicitation / the dataset's period; mail counts on arrival."""
    period = facts.target.period
    if period is None:
        what = "提案の募集" if facts.kind is ProposalKind.NEW else "作成済みの匿名加工情報に係る提案の期間"
        return [IntakeProblem(IntakeCode.OUT_OF_PERIOD, "target", f"{what}が定められていないため、提案できません。")]
    if is_within_period(period, received_on, received_at):
        return []
    return [
        IntakeProblem(
            IntakeCode.OUT_OF_PERIOD,
            "arrived_on",
            f"{received_on.isoformat()}の提出は、提案をすることができる期間（{period.describe()}）の外です"
            "（郵送等は期間の末日までに到達したものに限ります）。",
        )
    ]


def precheck(facts: ProposalFacts, *, today: date) -> tuple[IntakeProblem, ...]:
    """Every missing or invalid item and attachment, before submission (Nara 要綱第2-3 事前チェック).

    Passing it means only that the documents look formally complete: it never implies that the proposal meets
    the review criteria (Nara 要綱第2-3 「予断や確信を抱かせることがないよう」).
    """
    problems = _target_problems(facts) + _period_problems(facts, today, None)
    problems += _item_problems(facts) + _attachment_problems(facts)
    return tuple(problems)


class CheckStatus(enum.StrEnum):
    """The outcome of one intake check."""

    OK = "ok"
    DEFECT = "defect"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        """Japanese label."""
        return {"ok": "適", "defect": "不備あり", "not_applicable": "該当なし"}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One of the six intake checks with its status and the problems behind it."""

    check: IntakeCheck
    status: CheckStatus
    problems: tuple[IntakeProblem, ...] = ()


def intake_findings(
    facts: ProposalFacts,
    *,
    received_on: date,
    received_at: time | None = None,
    duplicates: Iterable[str] = (),
) -> tuple[Finding, ...]:
    """The six checks of Fukuoka 要綱第6-1, computed, each with its finding (errors make a defect).

    ``received_on``/``received_at`` is the arrival (mail counts on the day it arrives; on the last day a
    closing time, when set, is the limit). ``duplicates`` names other proposals that look the same.
    """
    problems = _target_problems(facts) + _period_problems(facts, received_on, received_at)
    if not facts.official_form:
        problems.append(
            IntakeProblem(
                IntakeCode.NOT_OFFICIAL_FORM,
                "official_form",
                "所定の様式（提案書の様式）が用いられていません（規則54条1項）。所定の様式による提出を求めてください。",
            )
        )
    problems += _item_problems(facts) + _attachment_problems(facts)
    problems += [
        IntakeProblem(IntakeCode.DUPLICATE, "proposer_name", f"同じ提案者・同じ対象の提案が既にあります（{d}）。")
        for d in duplicates
    ]
    findings = []
    for check in IntakeCheck:
        mine = tuple(p for p in problems if p.check is check)
        if check is IntakeCheck.PROXY_DOCUMENT and facts.proxy is None:
            findings.append(Finding(check, CheckStatus.NOT_APPLICABLE, mine))
            continue
        defect = any(p.severity is Severity.ERROR for p in mine)
        findings.append(Finding(check, CheckStatus.DEFECT if defect else CheckStatus.OK, mine))
    return tuple(findings)


# --------------------------------------------------------------------------------------------------
# Duplicates
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    """A proposal as far as duplicate detection cares: who, what kind, about what."""

    reference: str
    kind: ProposalKind
    proposer_name: str
    target_key: str


def find_duplicates(candidate: DuplicateCandidate, others: Iterable[DuplicateCandidate]) -> tuple[str, ...]:
    """References of other live proposals by the same proposer (name compared as written) on the same target
    and of the same kind — e.g. the same proposal both mailed and brought to the desk."""
    name = normalize_name(candidate.proposer_name)
    return tuple(
        o.reference
        for o in others
        if o.reference != candidate.reference
        and o.kind is candidate.kind
        and o.target_key == candidate.target_key
        and normalize_name(o.proposer_name) == name
    )


def format_receipt_number(fiscal_year: int, sequence: int) -> str:
    """The receipt number given at acceptance (Fukuoka 第6-3), numbered per fiscal year: 「令和8年度受付第3号」.

    >>> format_receipt_number(2026, 3)
    '令和8年度受付第3号'
    """
    if sequence < 1:
        msg = f"sequence must be positive, got {sequence}"
        raise ValueError(msg)
    return f"{format_wareki_fiscal_year(fiscal_year)}受付第{sequence}号"

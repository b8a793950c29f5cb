"""Historic cases of the abolished 2017 rule (行政機関非識別加工情報): reading them from CSV and their documents.

The chapter 第四章の二 of 行政機関の保有する個人情報の保護に関する法律 (平成15年法律第58号, "旧法") applied from
平成29年5月30日 until it was repealed by 令和3年法律第37号 with effect from 令和4年4月1日. An organization whose
profile has ``legal_regime: legacy_2017`` no longer takes proposals; it keeps the cases it handled and reproduces
their documents with the old article numbers (旧法44条の4〜15) and the old forms (旧規則 = 平成29年個人情報保護委員会
規則第1号, 別記様式第一〜第八).

:func:`parse_legacy_csv` reads an administrator's CSV (UTF-8, UTF-8 with BOM, or CP932) into :class:`LegacyCase`
records and reports **every** problem at once, each naming the line and the column; the caller imports nothing
when any is reported. :func:`legacy_documents` builds the case's documents with :mod:`tokumei.law.decision_notices`
(which already cites 旧法 for this regime): 別記様式第三 (審査結果通知書・適合) and 第四 (契約の締結の申込書) for an
approved case, 別記様式第五 (審査結果通知書・不適合) for a rejected one, and 第七 / 第八 for a 旧法44条の12 proposal.

The fee (旧法44条の13第1項, 旧令25条1項): 21,000円 + 3,950円 for every started hour + the amount paid to a
processor + 210円 per third party given an opportunity to submit an opinion (旧法44条の8). When the CSV gives the
components (作成時間, and optionally 委託額 and 意見書提出の機会を与えた第三者の数), the fee column must equal
:func:`tokumei.law.fees.compute_new_fee`; otherwise the fee is recorded as notified (a new proposal's fee is still
refused below the 21,000円 base). Pure: no I/O, no clock ("today" is passed in), money in integer yen.
"""

from __future__ import annotations

import csv
import enum
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType

from tokumei.law.calendar import WarekiError, format_wareki, parse_wareki
from tokumei.law.decision_notices import (
    ApprovalNoticeFacts,
    RejectionNoticeFacts,
    build_approval_notice,
    build_contract_application,
    build_rejection_notice,
)
from tokumei.law.fees import FeeBreakdown, WorkEstimate, compute_new_fee, notified_fee
from tokumei.law.intake import DeliveryMedium, DeliveryMethod, Party, ProposalKind, ProposerKind
from tokumei.law.notices import Document
from tokumei.law.organization import DocumentKind, LegalRegime, OrganizationProfile
from tokumei.law.review import CRITERIA, Criterion, FailedCriterion, applicable_criteria

__all__ = [
    "COLUMNS",
    "COMPARABLE_LABELS",
    "KIND_LABELS",
    "LEGACY_REGIME_IN_FORCE",
    "LEGACY_REGIME_REPEALED",
    "MAX_ROWS",
    "LegacyCase",
    "LegacyCaseStatus",
    "LegacyColumn",
    "LegacyDocument",
    "LegacyImportCode",
    "LegacyImportProblem",
    "LegacyImportRefused",
    "ParsedLegacyCsv",
    "decode_legacy_csv",
    "legacy_documents",
    "legacy_fee",
    "parse_legacy_csv",
]

#: 旧法第四章の二 (行政機関非識別加工情報の提供) applied from this day (平成27年法律第65号 附則1条, 政令で定める日).
LEGACY_REGIME_IN_FORCE = date(2017, 5, 30)
#: 旧法 was repealed by 令和3年法律第37号 (デジタル社会形成整備法) 51条 with effect from this day.
LEGACY_REGIME_REPEALED = date(2022, 4, 1)
#: A historic import is a register of a few years' cases, not a data file.
MAX_ROWS = 5000


# --------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------


class LegacyImportCode(enum.StrEnum):
    """Stable codes of the import's problems (``docs/errors.md``)."""

    EMPTY = "legacy_import.empty"
    ENCODING = "legacy_import.encoding"
    MALFORMED = "legacy_import.malformed"
    MISSING_COLUMN = "legacy_import.missing_column"
    UNKNOWN_COLUMN = "legacy_import.unknown_column"
    TOO_MANY_ROWS = "legacy_import.too_many_rows"
    REQUIRED = "legacy_import.required"
    NOT_ALLOWED = "legacy_import.not_allowed"
    INVALID_DATE = "legacy_import.invalid_date"
    DATE_ORDER = "legacy_import.date_order"
    OUT_OF_REGIME = "legacy_import.out_of_regime"
    FUTURE_DATE = "legacy_import.future_date"
    INVALID_VALUE = "legacy_import.invalid_value"
    FEE_MISMATCH = "legacy_import.fee_mismatch"
    DUPLICATE_IN_FILE = "legacy_import.duplicate_in_file"
    DUPLICATE_CASE = "legacy_import.duplicate_case"
    NOT_LEGACY = "legacy_import.not_legacy"
    TOO_LARGE = "legacy_import.too_large"
    """Raised by the callers (web upload, CLI), which hold the size limit of uploads."""


@dataclass(frozen=True, slots=True)
class LegacyImportProblem:
    """One problem: where (line of the file, 1 = the header; column header) and what to do, in Japanese."""

    code: LegacyImportCode
    line: int
    column: str
    reason: str

    @property
    def message(self) -> str:
        """「3行目「提案日」: …」 — the sentence shown to the administrator."""
        where = f"{self.line}行目" if self.line else "ファイル"
        return f"{where}{f'「{self.column}」' if self.column else ''}: {self.reason}"


class LegacyImportRefused(ValueError):
    """The CSV cannot be imported; ``problems`` lists every problem found (nothing may be imported)."""

    def __init__(self, problems: Sequence[LegacyImportProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.message for p in self.problems))


# --------------------------------------------------------------------------------------------------
# Statuses and columns
# --------------------------------------------------------------------------------------------------


class LegacyCaseStatus(enum.StrEnum):
    """How far a historic case went (旧法44条の5〜15)."""

    UNDER_REVIEW = "under_review"
    WITHDRAWN = "withdrawn"
    APPROVED = "approved"
    REJECTED = "rejected"
    CONTRACTED = "contracted"
    DELIVERED = "delivered"
    TERMINATED = "terminated"

    @property
    def label(self) -> str:
        """Japanese label (the canonical CSV value)."""
        return _STATUS_LABELS[self]

    @property
    def approved(self) -> bool:
        """Notified as meeting the criteria (旧法44条の7第2項), whatever happened afterwards."""
        return self in _APPROVED

    @property
    def notified(self) -> bool:
        """A decision notice (別記様式第三 / 第五 / 第七 / 第八) was sent."""
        return self.approved or self is LegacyCaseStatus.REJECTED

    @property
    def contracted(self) -> bool:
        """A use contract was concluded (旧法44条の9)."""
        return self in _CONTRACTED


_STATUS_LABELS: Mapping[LegacyCaseStatus, str] = MappingProxyType(
    {
        LegacyCaseStatus.UNDER_REVIEW: "審査中",
        LegacyCaseStatus.WITHDRAWN: "取下げ",
        LegacyCaseStatus.APPROVED: "適合",
        LegacyCaseStatus.REJECTED: "不適合",
        LegacyCaseStatus.CONTRACTED: "契約締結",
        LegacyCaseStatus.DELIVERED: "提供済み",
        LegacyCaseStatus.TERMINATED: "契約解除",
    }
)
_APPROVED = frozenset(
    {LegacyCaseStatus.APPROVED, LegacyCaseStatus.CONTRACTED, LegacyCaseStatus.DELIVERED, LegacyCaseStatus.TERMINATED}
)
_CONTRACTED = frozenset({LegacyCaseStatus.CONTRACTED, LegacyCaseStatus.DELIVERED, LegacyCaseStatus.TERMINATED})


def _key(text: str | None) -> str:
    """The lookup form of a cell: NFKC (full-width letters, digits and brackets to ASCII), trimmed, lower case."""
    return unicodedata.normalize("NFKC", text or "").strip().lower()


_STATUS_ALIASES: Mapping[str, LegacyCaseStatus] = MappingProxyType(
    {
        _key(alias): status
        for alias, status in {
            **{s.label: s for s in LegacyCaseStatus},
            **{s.value: s for s in LegacyCaseStatus},
            "取下げ済み": LegacyCaseStatus.WITHDRAWN,
            "取り下げ": LegacyCaseStatus.WITHDRAWN,
            "適合（通知済み）": LegacyCaseStatus.APPROVED,
            "不適合（通知済み）": LegacyCaseStatus.REJECTED,
            "契約済み": LegacyCaseStatus.CONTRACTED,
            "契約締結済み": LegacyCaseStatus.CONTRACTED,
            "提供済": LegacyCaseStatus.DELIVERED,
            "解除": LegacyCaseStatus.TERMINATED,
        }.items()
    }
)

_KIND_ALIASES: Mapping[str, ProposalKind] = MappingProxyType(
    {
        _key(alias): kind
        for alias, kind in {
            "": ProposalKind.NEW,
            "新規": ProposalKind.NEW,
            "new": ProposalKind.NEW,
            "44条の5": ProposalKind.NEW,
            "旧法44条の5": ProposalKind.NEW,
            "利用": ProposalKind.REUSE,
            "reuse": ProposalKind.REUSE,
            "44条の12前段": ProposalKind.REUSE,
            "旧法44条の12前段": ProposalKind.REUSE,
            "変更": ProposalKind.CHANGE,
            "change": ProposalKind.CHANGE,
            "44条の12後段": ProposalKind.CHANGE,
            "旧法44条の12後段": ProposalKind.CHANGE,
            "新規（44条の5）": ProposalKind.NEW,
            "利用（44条の12前段）": ProposalKind.REUSE,
            "変更（44条の12後段）": ProposalKind.CHANGE,
            "新規（旧法44条の5）": ProposalKind.NEW,
            "作成された情報の利用（旧法44条の12第1項前段）": ProposalKind.REUSE,
            "事業の変更（旧法44条の12第1項後段）": ProposalKind.CHANGE,
        }.items()
    }
)
KIND_LABELS: Mapping[ProposalKind, str] = MappingProxyType(
    {
        ProposalKind.NEW: "新規（旧法44条の5）",
        ProposalKind.REUSE: "作成された情報の利用（旧法44条の12第1項前段）",
        ProposalKind.CHANGE: "事業の変更（旧法44条の12第1項後段）",
    }
)


@dataclass(frozen=True, slots=True)
class LegacyColumn:
    """One CSV column: its header, whether the header must be present, what it holds and its longest text."""

    header: str
    required_header: bool
    description: str
    max_length: int | None = None
    """The longest text accepted (characters); ``None`` for dates, amounts and codes read into values."""


COLUMNS: tuple[LegacyColumn, ...] = (
    LegacyColumn("案件番号", True, "機関内で一意の番号（例: H29-001）。全角の英数字は半角として扱います。", 50),
    LegacyColumn("提案者", True, "提案者の氏名又は名称。", 200),
    LegacyColumn(
        "個人情報ファイル", True, "提案の対象の個人情報ファイルの名称（44条の12の提案では作成された情報）。", 300
    ),
    LegacyColumn("提案日", True, "提案書の日付。"),
    LegacyColumn("通知日", True, "審査結果通知書の日付（審査中・取下げは空欄）。"),
    LegacyColumn("契約日", True, "利用契約の締結日（契約締結・提供済み・契約解除のとき）。"),
    LegacyColumn("提供日", True, "行政機関非識別加工情報の提供日（提供済みのとき）。"),
    LegacyColumn("手数料", True, "通知した手数料の額（円）。適合した案件で必須。"),
    LegacyColumn("状況", True, "審査中、取下げ、適合、不適合、契約締結、提供済み、契約解除のいずれか。"),
    LegacyColumn("提案の種類", False, "新規、利用（44条の12前段）、変更（44条の12後段）。空欄は新規。"),
    LegacyColumn("代表者", False, "法人その他の団体の代表者の氏名（通知書の宛名に使います）。", 100),
    LegacyColumn("提案者の住所", False, "提案者の住所又は所在地（申込書に印字します）。", 300),
    LegacyColumn("通知番号", False, "審査結果通知書の文書番号。", 50),
    LegacyColumn("納付期限", False, "手数料の納付期限（適合した案件で必須）。"),
    LegacyColumn("提供媒体", False, "CD-R 又は DVD-R（適合した案件で必須）。"),
    LegacyColumn("提供方法", False, "窓口 又は 郵送（適合した案件で必須）。"),
    LegacyColumn("作成時間", False, "手数料の算定に用いた作成に要する時間（時間、小数第2位まで。例: 10.5）。"),
    LegacyColumn("委託額", False, "作成の委託先に支払った額（円）。"),
    LegacyColumn("第三者数", False, "意見書提出の機会を与えた第三者の数（旧法44条の8）。"),
    LegacyColumn("不適合の基準", False, "適合しなかった基準の号（例: 4、4・6）。不適合の案件で必須。"),
    LegacyColumn("不適合の理由", False, "適合しないと認めた理由。不適合の案件で必須。", 2000),
    LegacyColumn("備考", False, "自由記載。", 2000),
)
_HEADERS = frozenset(c.header for c in COLUMNS)
_CASE_NUMBER_MAX = next(c.max_length or 0 for c in COLUMNS if c.header == "案件番号")


# --------------------------------------------------------------------------------------------------
# The record
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LegacyCase:
    """One historic case as imported; ``line`` is its line in the CSV (for messages)."""

    case_number: str
    proposer: str
    file_label: str
    proposal_date: date
    status: LegacyCaseStatus
    kind: ProposalKind = ProposalKind.NEW
    notice_date: date | None = None
    contract_date: date | None = None
    delivery_date: date | None = None
    fee_yen: int | None = None
    representative: str = ""
    proposer_address: str = ""
    notice_number: str = ""
    payment_deadline: date | None = None
    delivery_medium: DeliveryMedium | None = None
    delivery_method: DeliveryMethod | None = None
    hours: Decimal | None = None
    outsourcing_yen: int | None = None
    third_parties: int | None = None
    failed_criteria: tuple[Criterion, ...] = ()
    rejection_reason: str = ""
    remarks: str = ""
    line: int = 0

    @property
    def kind_label(self) -> str:
        """「新規（旧法44条の5）」 etc."""
        return KIND_LABELS[self.kind]

    @property
    def has_fee_components(self) -> bool:
        """The CSV gave the hours the fee was computed from."""
        return self.hours is not None

    def comparable(self) -> dict[str, object]:
        """The imported facts as plain values, to tell an identical re-import from a conflicting one."""
        return {
            "case_number": self.case_number,
            "proposer": self.proposer,
            "file_label": self.file_label,
            "proposal_date": self.proposal_date,
            "status": self.status.value,
            "kind": self.kind.value,
            "notice_date": self.notice_date,
            "contract_date": self.contract_date,
            "delivery_date": self.delivery_date,
            "fee_yen": self.fee_yen,
            "representative": self.representative,
            "proposer_address": self.proposer_address,
            "notice_number": self.notice_number,
            "payment_deadline": self.payment_deadline,
            "delivery_medium": self.delivery_medium.value if self.delivery_medium else "",
            "delivery_method": self.delivery_method.value if self.delivery_method else "",
            "hours": None if self.hours is None else self.hours.normalize(),
            "outsourcing_yen": self.outsourcing_yen,
            "third_parties": self.third_parties,
            "failed_criteria": [c.value for c in self.failed_criteria],
            "rejection_reason": self.rejection_reason,
            "remarks": self.remarks,
        }


COMPARABLE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "case_number": "案件番号",
        "proposer": "提案者",
        "file_label": "個人情報ファイル",
        "proposal_date": "提案日",
        "status": "状況",
        "kind": "提案の種類",
        "notice_date": "通知日",
        "contract_date": "契約日",
        "delivery_date": "提供日",
        "fee_yen": "手数料",
        "representative": "代表者",
        "proposer_address": "提案者の住所",
        "notice_number": "通知番号",
        "payment_deadline": "納付期限",
        "delivery_medium": "提供媒体",
        "delivery_method": "提供方法",
        "hours": "作成時間",
        "outsourcing_yen": "委託額",
        "third_parties": "第三者数",
        "failed_criteria": "不適合の基準",
        "rejection_reason": "不適合の理由",
        "remarks": "備考",
    }
)


@dataclass(frozen=True, slots=True)
class ParsedLegacyCsv:
    """A valid file: its encoding and its cases in file order."""

    encoding: str
    cases: tuple[LegacyCase, ...]


# --------------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_legacy_csv(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of the file: ``utf-8-sig`` (BOM), ``utf-8`` or ``cp932``, tried in that order.

    Raises :class:`LegacyImportRefused` (``legacy_import.empty`` / ``legacy_import.encoding``) naming the line of the
    first byte sequence that is neither UTF-8 nor CP932; UTF-16 (Excel's 「Unicode テキスト」) and files holding NUL
    bytes (not text) are refused with what to do instead.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LegacyImportRefused(
            [
                LegacyImportProblem(
                    LegacyImportCode.ENCODING,
                    0,
                    "",
                    "ファイルが UTF-16（Excel の「Unicode テキスト」）で保存されています。"
                    "「CSV UTF-8（コンマ区切り）」又は「CSV（コンマ区切り）」で保存し直してください。",
                )
            ]
        )
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise LegacyImportRefused([_empty()])
    if b"\x00" in data:
        raise LegacyImportRefused(
            [
                LegacyImportProblem(
                    LegacyImportCode.ENCODING,
                    _line_of(data, data.index(b"\x00")),
                    "",
                    "NUL文字があります。テキストのCSVではないファイル（Excel ブック、画像など）は取り込めません。"
                    "Excel で開いて CSV として保存し直してください。",
                )
            ]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:  # offsets count from after the BOM
            raise LegacyImportRefused([_bad_bytes(_line_of(data, exc.start + 3), "UTF-8（BOM付き）")]) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as exc:
        # The encoding that read further is the one the file was meant to be in: name the line where it failed.
        where = max(utf8_error, exc.start)
        raise LegacyImportRefused([_bad_bytes(_line_of(data, where), "UTF-8 又は CP932（Shift_JIS）")]) from None


def _empty() -> LegacyImportProblem:
    return LegacyImportProblem(
        LegacyImportCode.EMPTY,
        0,
        "",
        "取り込む案件がありません。1行目に見出し、2行目以降に1件1行で案件を記載してください。",
    )


def _bad_bytes(line: int, tried: str) -> LegacyImportProblem:
    return LegacyImportProblem(
        LegacyImportCode.ENCODING,
        line,
        "",
        f"{tried}として読めない文字があります。ファイルを UTF-8（BOM付き可）又は CP932（Shift_JIS）で保存し直して"
        "ください。",
    )


# --------------------------------------------------------------------------------------------------
# Cell readers (each returns a value or appends a problem)
# --------------------------------------------------------------------------------------------------


def _norm(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _wareki(day: date) -> str:
    """和暦 for messages; a date before 明治6年 (which 和暦 cannot name) in ISO form instead of an error."""
    try:
        return format_wareki(day)
    except WarekiError:
        return day.isoformat()


_ISO = re.compile(r"^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$")
_KANJI_GREGORIAN = re.compile(r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日$")
_YEN = re.compile(r"[0-9]+")
_MAX_YEN_DIGITS = 12
"""Amounts up to 999,999,999,999円: far above any fee, and a bound the database can hold."""
_COUNT = re.compile(r"[0-9]{1,9}")
_HOURS = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,2})?")
"""Up to 999,999.99 hours, two decimals at most (the database keeps hours to the hundredth)."""


def _read_date(value: str) -> date:
    """ISO (2018-03-01, 2018/3/1), 「2018年3月1日」 or 和暦 (平成30年3月1日, H30.3.1); ValueError otherwise."""
    text = _norm(value)
    for pattern in (_ISO, _KANJI_GREGORIAN):
        match = pattern.match(text)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    return parse_wareki(text)


def _yen_value(value: str) -> int:
    text = _norm(value).replace(",", "").removesuffix("円").strip()
    if not _YEN.fullmatch(text) or len(text.lstrip("0")) > _MAX_YEN_DIGITS:
        raise ValueError(text)
    return int(text)


_CRITERION_NUMBER = re.compile(r"^(?:第)?([1-7])(?:号)?$")
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(7)}


def _criteria(value: str) -> tuple[Criterion, ...]:
    raw = unicodedata.normalize("NFC", value or "").strip()
    out: list[Criterion] = []
    for part in re.split(r"[、,，・;；\s]+", raw):
        if not part:
            continue
        if part in _CIRCLED:
            number = _CIRCLED[part]
        else:
            match = _CRITERION_NUMBER.match(_norm(part))
            if match is None:
                raise ValueError(part)
            number = int(match[1])
        criterion = Criterion(f"c{number}")
        if criterion not in out:
            out.append(criterion)
    return tuple(sorted(out, key=lambda c: c.number))


_MEDIA = {
    "cd-r": DeliveryMedium.CD_R,
    "cdr": DeliveryMedium.CD_R,
    "dvd-r": DeliveryMedium.DVD_R,
    "dvdr": DeliveryMedium.DVD_R,
}
_METHODS = {
    "窓口": DeliveryMethod.DESK,
    "窓口での受領": DeliveryMethod.DESK,
    "desk": DeliveryMethod.DESK,
    "郵送": DeliveryMethod.MAIL,
    "mail": DeliveryMethod.MAIL,
}


@dataclass
class _Row:
    line: int
    cells: Mapping[str, str]
    problems: list[LegacyImportProblem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    """Columns whose value could not be read: the checks between columns skip them (one problem per cause)."""

    def text(self, header: str) -> str:
        return unicodedata.normalize("NFC", self.cells.get(header) or "").strip()

    def problem(self, code: LegacyImportCode, header: str, reason: str) -> None:
        self.problems.append(LegacyImportProblem(code, self.line, header, reason))

    def invalid(self, header: str, reason: str, code: LegacyImportCode = LegacyImportCode.INVALID_VALUE) -> None:
        self.unreadable.add(header)
        self.problem(code, header, reason)

    def date(self, header: str, *, today: date) -> date | None:
        raw = self.text(header)
        if not raw:
            return None
        try:
            day = _read_date(raw)
        except (WarekiError, ValueError):
            self.invalid(
                header,
                f"「{raw}」は日付として読めません。「2018-03-01」又は「平成30年3月1日」の形で入力してください。",
                LegacyImportCode.INVALID_DATE,
            )
            return None
        if day > today:
            self.problem(
                LegacyImportCode.FUTURE_DATE,
                header,
                f"{_wareki(day)}は将来の日付です。過去の案件の日付を入力してください。",
            )
        return day

    def yen(self, header: str) -> int | None:
        raw = self.text(header)
        if not raw:
            return None
        try:
            return _yen_value(raw)
        except ValueError:
            self.invalid(
                header,
                f"「{raw}」は金額として読めません。0以上の整数の円（例: 60,920。{_MAX_YEN_DIGITS}桁まで）で"
                "入力してください。",
            )
            return None

    def count(self, header: str) -> int | None:
        raw = self.text(header)
        if not raw:
            return None
        text = _norm(raw).removesuffix("人").strip()
        if not _COUNT.fullmatch(text):
            self.invalid(header, f"「{raw}」は人数として読めません。0以上の整数（例: 2）で入力してください。")
            return None
        return int(text)


# --------------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------------


def _check_header(header: Sequence[str]) -> list[LegacyImportProblem]:
    problems = []
    seen = [unicodedata.normalize("NFC", h or "").strip() for h in header]
    for column in COLUMNS:
        if column.required_header and column.header not in seen:
            problems.append(
                LegacyImportProblem(
                    LegacyImportCode.MISSING_COLUMN,
                    1,
                    column.header,
                    f"見出しに必須の列「{column.header}」がありません（{column.description}）。"
                    "見出しの綴りを確認してください。",
                )
            )
    for h in seen:
        if h and h not in _HEADERS:
            problems.append(
                LegacyImportProblem(
                    LegacyImportCode.UNKNOWN_COLUMN,
                    1,
                    h,
                    f"列「{h}」は取り込めません。使える列は {'、'.join(c.header for c in COLUMNS)} です。",
                )
            )
    for h in sorted({h for h in seen if h and seen.count(h) > 1}):
        problems.append(
            LegacyImportProblem(
                LegacyImportCode.MALFORMED, 1, h, f"列「{h}」が見出しに2回以上あります。1つにしてください。"
            )
        )
    return problems


def parse_legacy_csv(profile: OrganizationProfile, data: bytes, *, today: date) -> ParsedLegacyCsv:
    """Read a CSV of historic cases of ``profile`` (a ``legacy_2017`` organization) and validate every row.

    All problems are reported at once in :class:`LegacyImportRefused` (line and column each); a valid file gives a
    :class:`ParsedLegacyCsv`. Duplicates *within* the file are refused here; duplicates of cases already kept are the
    caller's to check (:attr:`LegacyCase.comparable`). Dates: ISO or 和暦 (:func:`tokumei.law.calendar.parse_wareki`);
    a proposal must fall within 旧法's years (:data:`LEGACY_REGIME_IN_FORCE` – :data:`LEGACY_REGIME_REPEALED`).
    """
    if profile.legal_regime is not LegalRegime.LEGACY_2017:
        raise LegacyImportRefused(
            [
                LegacyImportProblem(
                    LegacyImportCode.NOT_LEGACY,
                    0,
                    "",
                    f"{profile.name}は旧制度（行政機関非識別加工情報）の機関ではないため、旧制度の案件は取り込めません。",
                )
            ]
        )
    text, encoding = decode_legacy_csv(data)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        records: list[tuple[int, list[str]]] = []
        start = 1
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise LegacyImportRefused(
            [
                LegacyImportProblem(
                    LegacyImportCode.MALFORMED,
                    reader.line_num,
                    "",
                    f'CSVとして読めません（{exc}）。引用符（"）の対応を確認してください。',
                )
            ]
        ) from None
    records = [(line, r) for line, r in records if any(cell.strip() for cell in r)]
    if not records:
        raise LegacyImportRefused([_empty()])
    header = records[0][1]
    header = [unicodedata.normalize("NFC", h).strip() for h in header]
    problems = _check_header(header)
    if problems:
        raise LegacyImportRefused(problems)
    body = records[1:]
    if not body:
        raise LegacyImportRefused([_empty()])
    if len(body) > MAX_ROWS:
        raise LegacyImportRefused(
            [
                LegacyImportProblem(
                    LegacyImportCode.TOO_MANY_ROWS,
                    0,
                    "",
                    f"案件が{len(body):,}件あります。1回に取り込めるのは{MAX_ROWS:,}件までです。ファイルを分けてください。",
                )
            ]
        )
    cases: list[LegacyCase] = []
    first_line: dict[str, int] = {}
    for line, record in body:
        row = _Row(line, dict(zip(header, record, strict=False)))
        if len(record) > len(header):
            row.problem(
                LegacyImportCode.MALFORMED,
                "",
                f"見出しより列が多くあります（見出し{len(header)}列、この行{len(record)}列）。"
                '値の中の「,」は引用符（"）で囲んでください。',
            )
        case = _parse_row(profile, row, today=today)
        if case is not None:
            if case.case_number in first_line:
                row.problem(
                    LegacyImportCode.DUPLICATE_IN_FILE,
                    "案件番号",
                    f"案件番号「{case.case_number}」は{first_line[case.case_number]}行目と重複しています。",
                )
            else:
                first_line[case.case_number] = line
        problems.extend(row.problems)
        if case is not None and not row.problems:
            cases.append(case)
    if problems:
        raise LegacyImportRefused(problems)
    return ParsedLegacyCsv(encoding, tuple(cases))


def _required(row: _Row, header: str, why: str) -> str:
    value = row.text(header)
    if not value:
        row.problem(LegacyImportCode.REQUIRED, header, f"{why}入力してください。")
    return value


def _parse_row(profile: OrganizationProfile, row: _Row, *, today: date) -> LegacyCase | None:
    """The row's case, or ``None`` when a fact every check needs (number, status, kind, proposal date) is missing.

    A case is returned even when other cells have problems, so the checks between columns (what the status needs,
    the order of the dates, the fee) still report theirs: every problem of the row at once.
    """
    for column in COLUMNS:
        text = row.text(column.header)
        if column.max_length is not None and len(text) > column.max_length:
            row.invalid(
                column.header,
                f"{column.header}は{column.max_length:,}文字以内で入力してください（{len(text):,}文字あります）。",
            )
    case_number = _norm(_required(row, "案件番号", "案件番号を"))  # NFKC: 「Ｈ２９－００１」 is 「H29-001」
    if len(case_number) > _CASE_NUMBER_MAX and "案件番号" not in row.unreadable:  # NFKC may lengthen (「㍻」)
        row.invalid("案件番号", f"案件番号は{_CASE_NUMBER_MAX}文字以内で入力してください。")
    proposer = _required(row, "提案者", "提案者の氏名又は名称を")
    file_label = _required(row, "個人情報ファイル", "個人情報ファイルの名称を")
    status_text = row.text("状況")
    status = _STATUS_ALIASES.get(_key(status_text))
    if status is None:
        row.invalid(
            "状況",
            (f"「{status_text}」は状況として使えません。" if status_text else "状況を入力してください。")
            + f"{'、'.join(s.label for s in LegacyCaseStatus)}のいずれかを入力してください。",
            LegacyImportCode.INVALID_VALUE if status_text else LegacyImportCode.REQUIRED,
        )
    kind_text = row.text("提案の種類")
    kind = _KIND_ALIASES.get(_key(kind_text))
    if kind is None:
        row.invalid(
            "提案の種類",
            f"「{kind_text}」は提案の種類として使えません。新規、利用、変更のいずれか（空欄は新規）を入力してください。",
        )
    proposal_date = row.date("提案日", today=today)
    if proposal_date is None and not row.text("提案日"):
        row.problem(LegacyImportCode.REQUIRED, "提案日", "提案日を入力してください。")
    if proposal_date is not None and not LEGACY_REGIME_IN_FORCE <= proposal_date < LEGACY_REGIME_REPEALED:
        row.problem(
            LegacyImportCode.OUT_OF_REGIME,
            "提案日",
            f"{_wareki(proposal_date)}は旧制度の期間外です。旧法第四章の二による提案は"
            f"{_wareki(LEGACY_REGIME_IN_FORCE)}から{_wareki(LEGACY_REGIME_REPEALED - timedelta(days=1))}までのものに"
            "限ります。",
        )
    dates = {h: row.date(h, today=today) for h in ("通知日", "契約日", "提供日", "納付期限")}
    fee_yen = row.yen("手数料")
    outsourcing = row.yen("委託額")
    third_parties = row.count("第三者数")
    hours = _hours(row)
    medium, method = _delivery(row)
    failed: tuple[Criterion, ...] = ()
    raw_criteria = row.text("不適合の基準")
    if raw_criteria:
        try:
            failed = _criteria(raw_criteria)
        except ValueError as exc:
            row.invalid(
                "不適合の基準",
                f"「{exc}」は基準の号として読めません。旧法44条の7第1項の号を 4 や「4・6」のように入力してください。",
            )
    if not case_number or status is None or kind is None or proposal_date is None:
        return None
    case = LegacyCase(
        case_number=case_number,
        proposer=proposer,
        file_label=file_label,
        proposal_date=proposal_date,
        status=status,
        kind=kind,
        notice_date=dates["通知日"],
        contract_date=dates["契約日"],
        delivery_date=dates["提供日"],
        fee_yen=fee_yen,
        representative=row.text("代表者"),
        proposer_address=row.text("提案者の住所"),
        notice_number=row.text("通知番号"),
        payment_deadline=dates["納付期限"],
        delivery_medium=medium,
        delivery_method=method,
        hours=hours,
        outsourcing_yen=outsourcing,
        third_parties=third_parties,
        failed_criteria=failed,
        rejection_reason=row.text("不適合の理由"),
        remarks=row.text("備考"),
        line=row.line,
    )
    _check_status(row, case)
    _check_order(row, case)
    _check_fee(profile, row, case)
    return case


def _hours(row: _Row) -> Decimal | None:
    raw = row.text("作成時間")
    if not raw:
        return None
    text = _norm(raw).removesuffix("時間").strip()
    if not _HOURS.fullmatch(text):
        row.invalid(
            "作成時間",
            f"「{raw}」は時間として読めません。0以上の数（小数第2位まで。例: 10.5）で入力してください。",
        )
        return None
    return Decimal(text)


def _delivery(row: _Row) -> tuple[DeliveryMedium | None, DeliveryMethod | None]:
    medium = method = None
    raw_medium, raw_method = row.text("提供媒体"), row.text("提供方法")
    if raw_medium:
        medium = _MEDIA.get(_key(raw_medium))
        if medium is None:
            row.invalid("提供媒体", f"「{raw_medium}」は CD-R 又は DVD-R で入力してください。")
    if raw_method:
        method = _METHODS.get(_key(raw_method))
        if method is None:
            row.invalid("提供方法", f"「{raw_method}」は 窓口 又は 郵送 で入力してください。")
    return medium, method


def _check_status(row: _Row, case: LegacyCase) -> None:
    """What each status needs and forbids (旧法44条の7〜9, 旧規則8条2項: the approval notice states the fee, the
    payment method and deadline and the method of provision; 旧法44条の7第3項: the rejection notice its reasons)."""
    status = case.status
    label = status.label

    def need(header: str, value: object, why: str) -> None:
        if value in (None, "", ()) and header not in row.unreadable:
            row.problem(LegacyImportCode.REQUIRED, header, f"状況が「{label}」の案件には{why}")

    def forbid(header: str, value: object, why: str) -> None:
        if value not in (None, "", ()):
            row.problem(LegacyImportCode.NOT_ALLOWED, header, f"状況が「{label}」の案件には{why}")

    if status.notified:
        need("通知日", case.notice_date, "審査結果通知書の日付（通知日）を入力してください。")
    else:
        forbid("通知日", case.notice_date, "通知日は入力できません（審査結果を通知していません）。")
    if status.approved:
        need("手数料", case.fee_yen, "通知した手数料の額を入力してください（旧規則8条2項1号）。")
        need("納付期限", case.payment_deadline, "手数料の納付期限を入力してください（旧規則8条2項3号）。")
        need("提供媒体", case.delivery_medium, "提供媒体（CD-R 又は DVD-R）を入力してください。")
        need("提供方法", case.delivery_method, "提供方法（窓口 又は 郵送）を入力してください。")
    else:
        forbid("手数料", case.fee_yen, "手数料は入力できません（適合の通知をしていません）。")
        forbid("納付期限", case.payment_deadline, "納付期限は入力できません（適合の通知をしていません）。")
    if status.contracted:
        need("契約日", case.contract_date, "利用契約の締結日（契約日）を入力してください。")
    else:
        forbid("契約日", case.contract_date, "契約日は入力できません（利用契約を締結していません）。")
    if status is LegacyCaseStatus.DELIVERED:
        need("提供日", case.delivery_date, "提供日を入力してください。")
    elif status is not LegacyCaseStatus.TERMINATED:
        forbid("提供日", case.delivery_date, "提供日は入力できません。提供した案件は状況を「提供済み」にしてください。")
    if status is LegacyCaseStatus.REJECTED:
        need("不適合の基準", case.failed_criteria, "適合しなかった基準の号を入力してください（旧法44条の7第3項）。")
        need("不適合の理由", case.rejection_reason, "適合しないと認めた理由を入力してください（旧法44条の7第3項）。")
        applicable = {spec.criterion for spec in applicable_criteria(case.kind)}
        for criterion in case.failed_criteria:
            if criterion not in applicable:
                row.problem(
                    LegacyImportCode.INVALID_VALUE,
                    "不適合の基準",
                    f"第{criterion.number}号（{CRITERIA[criterion].title}）は{KIND_LABELS[case.kind]}の審査基準では"
                    "ありません（旧法44条の12第2項）。",
                )
    else:
        forbid("不適合の基準", case.failed_criteria, "不適合の基準は入力できません。")
        forbid("不適合の理由", case.rejection_reason, "不適合の理由は入力できません。")


def _check_order(row: _Row, case: LegacyCase) -> None:
    """提案日 ≤ 通知日 ≤ 納付期限, 通知日 ≤ 契約日 ≤ 提供日 (the order of 旧法44条の5〜9 and 旧規則10条)."""
    chain = (
        ("提案日", case.proposal_date),
        ("通知日", case.notice_date),
        ("契約日", case.contract_date),
        ("提供日", case.delivery_date),
    )
    previous: tuple[str, date] | None = None
    for header, day in chain:
        if day is None:
            continue
        if previous is not None and day < previous[1]:
            row.problem(
                LegacyImportCode.DATE_ORDER,
                header,
                f"{header}（{_wareki(day)}）が{previous[0]}（{_wareki(previous[1])}）より前です。"
                "日付を確認してください。",
            )
        previous = (header, day)
    if case.payment_deadline and case.notice_date and case.payment_deadline < case.notice_date:
        row.problem(
            LegacyImportCode.DATE_ORDER,
            "納付期限",
            f"納付期限（{_wareki(case.payment_deadline)}）が通知日（{_wareki(case.notice_date)}）より前です。",
        )


def _check_fee(profile: OrganizationProfile, row: _Row, case: LegacyCase) -> None:
    """The fee column against 旧令25条1項 (and 旧法44条の8): recomputed when the hours are given, else ≥ the base."""
    if row.unreadable & {"手数料", "作成時間", "委託額", "第三者数", "提案の種類"}:
        return
    components = case.outsourcing_yen is not None or case.third_parties is not None
    if case.kind is not ProposalKind.NEW:
        for header, value in (
            ("作成時間", case.hours),
            ("委託額", case.outsourcing_yen),
            ("第三者数", case.third_parties),
        ):
            if value is not None:
                row.problem(
                    LegacyImportCode.NOT_ALLOWED,
                    header,
                    "44条の12の提案の手数料は作成時間・委託額・第三者数から計算しません（旧令25条2項）。空欄にしてください。",
                )
        return
    if case.hours is None:
        if components:
            row.problem(
                LegacyImportCode.REQUIRED,
                "作成時間",
                "委託額又は第三者数を入力した場合は、手数料の算定に用いた作成時間も入力してください。",
            )
        elif case.fee_yen is not None and case.fee_yen < profile.fees.base_yen:
            row.problem(
                LegacyImportCode.FEE_MISMATCH,
                "手数料",
                f"手数料{case.fee_yen:,}円が基本額{profile.fees.base_yen:,}円（{profile.fees.legal_basis}）より少なく"
                "なっています。通知した額を確認してください。",
            )
        return
    if case.fee_yen is None:
        return
    expected = legacy_fee(profile, case)
    if expected is not None and expected.total_yen != case.fee_yen:
        detail = "、".join(f"{line.label}{line.amount_yen:,}円" for line in expected.lines[:-1] if line.amount_yen)
        row.problem(
            LegacyImportCode.FEE_MISMATCH,
            "手数料",
            f"手数料{case.fee_yen:,}円が算定額{expected.total_yen:,}円（{detail}。{profile.fees.legal_basis}、"
            "旧法44条の8）と一致しません。手数料又は作成時間・委託額・第三者数を確認してください。",
        )


# --------------------------------------------------------------------------------------------------
# The fee and the documents
# --------------------------------------------------------------------------------------------------


def legacy_fee(profile: OrganizationProfile, case: LegacyCase) -> FeeBreakdown | None:
    """The fee breakdown of an approved case (旧法44条の13第1項, 旧令25条1項, 旧法44条の8).

    Recomputed with :func:`tokumei.law.fees.compute_new_fee` when the hours are known; otherwise the notified
    amount as one line (the breakdown was not recorded). ``None`` when the case has no fee: it was never notified
    as approved (a fee is charged only on an approval, 旧法44条の7第2項), or no amount was recorded.
    """
    if not case.status.approved:
        return None
    if case.kind is ProposalKind.NEW and case.hours is not None:
        return compute_new_fee(
            profile,
            WorkEstimate.of_total(case.hours),
            outsourcing_yen=case.outsourcing_yen or 0,
            third_parties=case.third_parties or 0,
        )
    if case.fee_yen is None:
        return None
    basis = profile.fees.legal_basis if case.kind is ProposalKind.NEW else profile.fees.reuse_legal_basis
    return notified_fee(profile, case.kind, case.fee_yen, basis)


@dataclass(frozen=True, slots=True)
class LegacyDocument:
    """One reproducible document of a case: a stable ``code`` for URLs, the label staff see (「別記様式第三　審査結果
    通知書（適合）」), the old provisions it was issued under (「旧法44条の7第2項、旧規則8条1項」) and the document."""

    code: str
    label: str
    legal_basis: str
    document: Document


_VARIANT = {
    DocumentKind.APPROVAL_NOTICE: "（適合）",
    DocumentKind.REUSE_APPROVAL_NOTICE: "（適合）",
    DocumentKind.REJECTION_NOTICE: "（不適合）",
    DocumentKind.REUSE_REJECTION_NOTICE: "（不適合）",
}


def _label(profile: OrganizationProfile, kind: DocumentKind) -> str:
    form = profile.forms[kind]
    return f"{form.designation or ''}　{form.title}{_VARIANT.get(kind, '')}".strip()


def _document(profile: OrganizationProfile, code: str, kind: DocumentKind, document: Document) -> LegacyDocument:
    return LegacyDocument(code, _label(profile, kind), profile.forms[kind].legal_basis or "", document)


def _party(case: LegacyCase) -> Party:
    kind = ProposerKind.CORPORATION if case.representative else ProposerKind.INDIVIDUAL
    return Party(kind, case.proposer, case.proposer_address, case.representative)


def legacy_documents(profile: OrganizationProfile, case: LegacyCase) -> tuple[LegacyDocument, ...]:
    """The documents a historic case can reproduce, in the order they were sent.

    Approved (旧法44条の7第2項, 旧規則8条1・2項): 別記様式第三 (or 第七 for 旧法44条の12) and the enclosed
    別記様式第四; rejected (旧法44条の7第3項, 旧規則8条3項): 別記様式第五 (or 第八). Cases not notified have none.
    """
    if case.notice_date is None or not case.status.notified:
        return ()
    if case.status is LegacyCaseStatus.REJECTED:
        facts = RejectionNoticeFacts(
            kind=case.kind,
            proposer=_party(case),
            proposal_date=case.proposal_date,
            notice_date=case.notice_date,
            failed=tuple(FailedCriterion(c, case.rejection_reason) for c in case.failed_criteria),
            target_label=case.file_label,
            number=case.notice_number or None,
        )
        document = build_rejection_notice(profile, facts)
        return (_document(profile, "rejection_notice", document.kind, document),)
    fee = legacy_fee(profile, case)
    if fee is None or case.payment_deadline is None or case.delivery_medium is None or case.delivery_method is None:
        return ()
    notice = ApprovalNoticeFacts(
        kind=case.kind,
        proposer=_party(case),
        proposal_date=case.proposal_date,
        notice_date=case.notice_date,
        target_label=case.file_label,
        fee=fee,
        payment_deadline=case.payment_deadline,
        delivery_medium=case.delivery_medium,
        delivery_method=case.delivery_method,
        number=case.notice_number or None,
    )
    approval = build_approval_notice(profile, notice)
    application = build_contract_application(profile, notice)
    return (
        _document(profile, "approval_notice", approval.kind, approval),
        _document(profile, "contract_application", DocumentKind.CONTRACT_APPLICATION, application),
    )

"""The fee (手数料) or usage charge (利用料) of a use contract, in integer yen, with its breakdown.

- ``new`` (法112条 proposal; 法119条1項, 令31条1項; local bodies: their ordinance, 法119条3項, e.g. 奈良県条例7条1項,
  福岡県条例9条1項): ``base_yen`` + ``per_started_hour_yen`` × started hours of the estimated work + the amount paid
  to a processor (委託先に対して支払う額) when creation is outsourced.
- ``reuse`` (法118条1項前段 by another party; 令31条2項1号, Nara 条例7条2項1号 / 要綱第3-1(2), Fukuoka 第11
  「提案者の手数料と同一の額」): the amount of the original contract's fee for that dataset — passed in from that
  case, never recomputed from hours.
- ``change`` (法118条1項後段 by an existing recipient; 令31条2項2号, Nara 条例7条2項2号): the fixed amount
  (12,600 yen in every seed).
- 2017 rule (旧法44条の8, 旧令25条): 210 yen more for each third party given an opportunity to submit an opinion.
- 独立行政法人等 / 地方独立行政法人 (法119条5〜10項): a 利用料 the body sets and publishes; the profile gives the same
  shape and, optionally, extra price-table lines (:class:`tokumei.law.organization.UsageChargeItem`).

**Started hours are counted on the sum of the itemized estimate, not per item.** 令31条1項 charges 「行政機関等匿名
加工情報の作成に要する時間一時間までごとに」: one time, the time needed to create the dataset. The seeds itemize what
goes into that time (Fukuoka 第7-2(1)イ: extraction design and run, processing program design and run, inspection,
as one 工数 in 人時 × 3,950円; Nara 要綱第2-7: the outsourcing paperwork 「…作成に要する時間として手数料に加算する」),
so the items are added first and the total is rounded **up** to the next whole hour. Rounding each item would charge
six half-hour tasks as six hours instead of three.

Once notified the amount is fixed: no refund or extra charge when actual hours differ (Nara 要綱第2-7, Fukuoka
第7-2(2)); only a formal error in the notice (a wrong digit or unit, e.g. 100,000円 for 10,000円) is corrected, with a
reason (:func:`correct_formal_error`).

Pure: no I/O, no clock, no floats — hours are :class:`~decimal.Decimal` (or int), money is ``int`` yen.
"""

from __future__ import annotations

import enum
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from tokumei.law.intake import ProposalKind
from tokumei.law.organization import (
    ChargeKind,
    OrganizationProfile,
    StampDutyRule,
    ThresholdComparison,
)

__all__ = [
    "STAMP_DUTY_LEGAL_BASIS",
    "STAMP_DUTY_REASON",
    "FeeBreakdown",
    "FeeCode",
    "FeeCorrection",
    "FeeError",
    "FeeLine",
    "FeeRefused",
    "StampDutyRequirement",
    "WorkEstimate",
    "WorkItem",
    "WorkItemKind",
    "compute_change_fee",
    "compute_fee",
    "compute_new_fee",
    "compute_reuse_fee",
    "correct_formal_error",
    "parse_hours",
    "stamp_duty_due",
    "stamp_duty_requirement",
    "stamp_duty_yen",
]


# --------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------


class FeeCode(enum.StrEnum):
    """Stable codes of this module's errors (``docs/errors.md``)."""

    NEGATIVE_HOURS = "fee.negative_hours"
    INVALID_HOURS = "fee.invalid_hours"
    NEGATIVE_AMOUNT = "fee.negative_amount"
    OUTSOURCING_NOT_CHARGED = "fee.outsourcing_not_charged"
    THIRD_PARTY_NOT_APPLICABLE = "fee.third_party_not_applicable"
    ORIGINAL_FEE_REQUIRED = "fee.original_fee_required"
    ESTIMATE_REQUIRED = "fee.estimate_required"
    NOT_APPLICABLE_TO_KIND = "fee.not_applicable_to_kind"
    NO_CHANGE_FEE = "fee.no_change_fee"
    CORRECTION_REASON_REQUIRED = "fee.correction_reason_required"
    CORRECTION_UNCHANGED = "fee.correction_unchanged"


class FeeError(Exception):
    """Base of this module's errors; ``code`` is stable."""

    code: FeeCode


class FeeRefused(FeeError, ValueError):
    """A fee the rules do not allow to be computed or corrected this way (Japanese message)."""

    def __init__(self, code: FeeCode, message: str) -> None:
        self.code = code
        super().__init__(message)


# --------------------------------------------------------------------------------------------------
# The work estimate
# --------------------------------------------------------------------------------------------------


class WorkItemKind(enum.StrEnum):
    """What the estimated hours are for (Fukuoka 第7-2(1)イ・ウ なお書き, Nara 要綱第2-7 なお書き)."""

    EXTRACTION_DESIGN = "extraction_design"
    EXTRACTION_RUN = "extraction_run"
    PROCESSING_DESIGN = "processing_design"
    PROCESSING_RUN = "processing_run"
    INSPECTION = "inspection"
    OUTSOURCING_PAPERWORK = "outsourcing_paperwork"
    UNITEMIZED = "unitemized"
    """A total given without items (e.g. ``tokumei fee --hours``)."""

    @property
    def label(self) -> str:
        """Japanese label for the estimate table."""
        return _WORK_LABELS[self]


_WORK_LABELS: Mapping[WorkItemKind, str] = MappingProxyType(
    {
        WorkItemKind.EXTRACTION_DESIGN: "データ抽出方法の設計",
        WorkItemKind.EXTRACTION_RUN: "データ抽出の実行",
        WorkItemKind.PROCESSING_DESIGN: "加工のためのプログラムの設計",
        WorkItemKind.PROCESSING_RUN: "加工処理の実行",
        WorkItemKind.INSPECTION: "成果物の検査",
        WorkItemKind.OUTSOURCING_PAPERWORK: "委託の手続（起案・決裁等）",
        WorkItemKind.UNITEMIZED: "作成に要する時間（内訳なし）",
    }
)


def parse_hours(value: object) -> Decimal:
    """Hours as an exact :class:`Decimal` from ``int``, ``Decimal`` or text ("4.5", "４．５"); floats are refused.

    Raises :class:`FeeRefused` (``fee.invalid_hours`` / ``fee.negative_hours``) with a Japanese message.
    """
    if isinstance(value, bool | float):
        msg = f"時間は小数を含む文字列か整数で指定してください（浮動小数点数は使いません。受け取った値: {value!r}）。"
        raise FeeRefused(FeeCode.INVALID_HOURS, msg)
    try:
        if isinstance(value, int | Decimal):
            hours = Decimal(value)
        elif isinstance(value, str):
            hours = Decimal(unicodedata.normalize("NFKC", value).strip())
        else:
            raise InvalidOperation
    except InvalidOperation:
        msg = f"時間は 4.5 のような数で指定してください（受け取った値: {value!r}）。"
        raise FeeRefused(FeeCode.INVALID_HOURS, msg) from None
    if not hours.is_finite():
        msg = f"時間は有限の数で指定してください（受け取った値: {value!r}）。"
        raise FeeRefused(FeeCode.INVALID_HOURS, msg)
    if hours < 0:
        msg = f"時間に負の数は指定できません（受け取った値: {value}）。0以上の見積り時間を指定してください。"
        raise FeeRefused(FeeCode.NEGATIVE_HOURS, msg)
    return hours


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One line of the estimate: what, how many (person-)hours, and a note."""

    kind: WorkItemKind
    hours: Decimal
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "hours", parse_hours(self.hours))


@dataclass(frozen=True, slots=True)
class WorkEstimate:
    """The itemized estimate of the work to create the dataset (工数, 人時; Fukuoka 第7-2(1)イ)."""

    items: tuple[WorkItem, ...]

    @classmethod
    def of_total(cls, hours: Decimal | int | str) -> WorkEstimate:
        """An estimate given as one total (no items)."""
        return cls((WorkItem(WorkItemKind.UNITEMIZED, parse_hours(hours)),))

    @classmethod
    def of(cls, hours_by_kind: Mapping[WorkItemKind, Decimal | int | str]) -> WorkEstimate:
        """An estimate from ``{kind: hours}`` (items in :class:`WorkItemKind` order)."""
        return cls(tuple(WorkItem(k, parse_hours(hours_by_kind[k])) for k in WorkItemKind if k in hours_by_kind))

    @property
    def total_hours(self) -> Decimal:
        """The sum of the items (令31条1項 「作成に要する時間」 is one time)."""
        return sum((item.hours for item in self.items), Decimal(0))

    @property
    def started_hours(self) -> int:
        """The total rounded **up** to whole hours (「一時間までごとに」): 4.5 → 5, 5 → 5, 0 → 0."""
        return math.ceil(self.total_hours)


# --------------------------------------------------------------------------------------------------
# The breakdown
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeeLine:
    """One line of the breakdown as the approval notice prints it."""

    label: str
    amount_yen: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class FeeBreakdown:
    """The amount to notify (法114条2項, 規則59条2項1号) and how it was reached.

    ``total_yen`` = ``base_yen`` + ``hourly_yen`` + ``table_yen`` + ``outsourcing_yen`` + ``third_party_yen``
    + ``original_fee_yen`` + ``change_fee_yen`` (the last two only for ``reuse`` / ``change``).
    ``placeholder_fields`` lists the profile paths used that are demo values (「デモ用の仮の値」).
    """

    kind: ProposalKind
    charge_kind: ChargeKind
    total_yen: int
    base_yen: int
    hourly_yen: int
    per_started_hour_yen: int
    hours: Decimal
    started_hours: int
    outsourcing_yen: int
    third_party_yen: int
    third_parties: int
    per_third_party_yen: int
    original_fee_yen: int
    change_fee_yen: int
    table_yen: int
    legal_basis: str
    lines: tuple[FeeLine, ...]
    work: WorkEstimate | None = None
    placeholder_fields: tuple[str, ...] = ()

    @property
    def placeholder(self) -> bool:
        """Whether any value used comes from a profile value marked 「デモ用の仮の値」."""
        return bool(self.placeholder_fields)

    @property
    def charge_label(self) -> str:
        """「手数料」 or 「利用料」."""
        return "利用料" if self.charge_kind is ChargeKind.USAGE_CHARGE else "手数料"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict: ``total``, ``base``, ``hourly``, ``outsourcing`` first, then the rest."""
        return {
            "total": self.total_yen,
            "base": self.base_yen,
            "hourly": self.hourly_yen,
            "outsourcing": self.outsourcing_yen,
            "kind": self.kind.value,
            "charge_kind": self.charge_kind.value,
            "hours": str(self.hours),
            "started_hours": self.started_hours,
            "per_started_hour": self.per_started_hour_yen,
            "third_party": self.third_party_yen,
            "third_parties": self.third_parties,
            "original_fee": self.original_fee_yen,
            "change_fee": self.change_fee_yen,
            "price_table": self.table_yen,
            "legal_basis": self.legal_basis,
            "lines": [{"label": x.label, "amount": x.amount_yen, "detail": x.detail} for x in self.lines],
            "work": [
                {"kind": i.kind.value, "label": i.kind.label, "hours": str(i.hours)}
                for i in (self.work.items if self.work else ())
            ],
            "placeholders": list(self.placeholder_fields),
        }


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def _check_amount(name: str, label: str, amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        msg = f"{name} must be an int number of yen, got {type(amount).__name__}."
        raise TypeError(msg)
    if amount < 0:
        msg = f"{label}に負の額は指定できません（受け取った値: {amount}）。0円以上の額を指定してください。"
        raise FeeRefused(FeeCode.NEGATIVE_AMOUNT, msg)


def _placeholders(profile: OrganizationProfile, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(f"fees.{n}" for n in names if profile.is_placeholder(f"fees.{n}"))


def _hours_text(hours: Decimal) -> str:
    """「4.5」, 「5」 (no exponent, no trailing zeros)."""
    return format(hours.normalize(), "f") if hours != hours.to_integral_value() else str(int(hours))


def compute_new_fee(
    profile: OrganizationProfile,
    estimate: WorkEstimate,
    *,
    outsourcing_yen: int = 0,
    third_parties: int = 0,
) -> FeeBreakdown:
    """The fee of a new proposal (法119条1項・3項, 令31条1項; Nara 要綱第2-7, Fukuoka 第7-2(1)).

    ``base_yen`` + ``per_started_hour_yen`` × ⌈Σ estimate items⌉ + price-table lines (利用料 only) + the amount paid
    to the processor + (2017 rule) ``per_third_party_opinion_yen`` × ``third_parties`` (旧法44条の8, 旧令25条).

    >>> # Nara, 4.5 hours, in-house: 21,000 + 5 × 3,950 = 40,750
    """
    fees = profile.fees
    _check_amount("outsourcing_yen", "委託先に支払う額", outsourcing_yen)
    _check_amount("third_parties", "意見書提出の機会を与えた第三者の数", third_parties)
    if outsourcing_yen and not fees.includes_outsourcing_cost:
        msg = (
            f"{profile.name}の{'利用料' if fees.charge_kind is ChargeKind.USAGE_CHARGE else '手数料'}には委託先に支払う"
            "額を加算しません。委託額を0円にするか、プロファイルの fees.includes_outsourcing_cost を確認してください。"
        )
        raise FeeRefused(FeeCode.OUTSOURCING_NOT_CHARGED, msg)
    if third_parties and fees.per_third_party_opinion_yen is None:
        msg = (
            "第三者に意見書提出の機会を与えた場合の加算は旧制度（旧法44条の8、旧令25条）だけのものです。"
            f"{profile.name}では第三者の数を0にしてください。"
        )
        raise FeeRefused(FeeCode.THIRD_PARTY_NOT_APPLICABLE, msg)
    started = estimate.started_hours
    hourly = fees.per_started_hour_yen * started
    per_third = fees.per_third_party_opinion_yen or 0
    third_yen = per_third * third_parties
    charge = "利用料" if fees.charge_kind is ChargeKind.USAGE_CHARGE else "手数料"
    lines = [
        FeeLine("基本額", fees.base_yen, f"提案1件当たり{_yen(fees.base_yen)}"),
        FeeLine(
            "作成に要する時間に応じた額",
            hourly,
            f"{_hours_text(estimate.total_hours)}時間（1時間未満切上げ{started}時間）"
            f"× {_yen(fees.per_started_hour_yen)}",
        ),
    ]
    table_yen = 0
    for item in fees.usage_charge_table:
        amount = item.amount_yen * started if item.per_started_hour else item.amount_yen
        table_yen += amount
        detail = f"{started}時間 × {_yen(item.amount_yen)}" if item.per_started_hour else ""
        lines.append(FeeLine(item.label, amount, detail))
    if fees.includes_outsourcing_cost:
        lines.append(FeeLine("作成の委託先に対して支払う額", outsourcing_yen, "" if outsourcing_yen else "委託しない"))
    if fees.per_third_party_opinion_yen is not None:
        lines.append(
            FeeLine(
                "第三者に意見書提出の機会を与えた場合の加算",
                third_yen,
                f"{third_parties}人 × {_yen(per_third)}（旧法44条の8）",
            )
        )
    total = fees.base_yen + hourly + table_yen + outsourcing_yen + third_yen
    used = ["base_yen", "per_started_hour_yen", "legal_basis", "includes_outsourcing_cost"]
    if third_parties:
        used.append("per_third_party_opinion_yen")
    if fees.usage_charge_table:
        used.append("usage_charge_table")
    return FeeBreakdown(
        kind=ProposalKind.NEW,
        charge_kind=fees.charge_kind,
        total_yen=total,
        base_yen=fees.base_yen,
        hourly_yen=hourly,
        per_started_hour_yen=fees.per_started_hour_yen,
        hours=estimate.total_hours,
        started_hours=started,
        outsourcing_yen=outsourcing_yen,
        third_party_yen=third_yen,
        third_parties=third_parties,
        per_third_party_yen=per_third,
        original_fee_yen=0,
        change_fee_yen=0,
        table_yen=table_yen,
        legal_basis=fees.legal_basis,
        lines=(*lines, FeeLine(f"{charge}の額（合計）", total)),
        work=estimate,
        placeholder_fields=_placeholders(profile, used),
    )


def notified_fee(profile: OrganizationProfile, kind: ProposalKind, amount_yen: int, basis: str) -> FeeBreakdown:
    """A fee known only as the total notified at the time (a historic case recorded without its breakdown)."""
    return _fixed(profile, kind, amount_yen, basis, "", [], detail="通知した額（内訳の記録なし）")


def _fixed(
    profile: OrganizationProfile,
    kind: ProposalKind,
    amount: int,
    basis: str,
    label: str,
    used: list[str],
    *,
    detail: str | None = None,
) -> FeeBreakdown:
    """A fixed amount; with ``detail``, the total alone (no line of its own: the amount has no components)."""
    fees = profile.fees
    charge = "利用料" if fees.charge_kind is ChargeKind.USAGE_CHARGE else "手数料"
    total = FeeLine(f"{charge}の額（合計）", amount, detail or "")
    return FeeBreakdown(
        kind=kind,
        charge_kind=fees.charge_kind,
        total_yen=amount,
        base_yen=0,
        hourly_yen=0,
        per_started_hour_yen=0,
        hours=Decimal(0),
        started_hours=0,
        outsourcing_yen=0,
        third_party_yen=0,
        third_parties=0,
        per_third_party_yen=0,
        original_fee_yen=amount if kind is ProposalKind.REUSE else 0,
        change_fee_yen=amount if kind is ProposalKind.CHANGE else 0,
        table_yen=0,
        legal_basis=basis,
        lines=(FeeLine(label, amount), total) if detail is None else (total,),
        placeholder_fields=_placeholders(profile, used),
    )


def compute_reuse_fee(profile: OrganizationProfile, *, original_fee_yen: int) -> FeeBreakdown:
    """法118条1項前段 by another party: the same amount as the original contract's fee for that dataset.

    令31条2項1号 (as the seeds read it), Nara 条例7条2項1号 / 要綱第3-1(2), Fukuoka 第11 「提案者の手数料と同一の
    額」. ``original_fee_yen`` is the fee notified in the original case (looked up there, never recomputed).
    """
    _check_amount("original_fee_yen", "当初の契約の手数料の額", original_fee_yen)
    return _fixed(
        profile,
        ProposalKind.REUSE,
        original_fee_yen,
        profile.fees.reuse_legal_basis,
        "当初の契約の手数料と同一の額",
        ["reuse_fee", "reuse_legal_basis"],
    )


def compute_change_fee(profile: OrganizationProfile) -> FeeBreakdown:
    """法118条1項後段 by an existing recipient (period extension, new purpose): the fixed change amount.

    令31条2項2号, Nara 条例7条2項2号 / 要綱第3-2(2), Fukuoka 第11: 12,600円.
    """
    amount = profile.fees.change_fee_yen
    if amount is None:
        msg = (
            f"{profile.name}には事業の変更に係る提案の手数料が定められていません。"
            "プロファイルの fees.change_fee_yen を確認してください。"
        )
        raise FeeRefused(FeeCode.NO_CHANGE_FEE, msg)
    return _fixed(
        profile,
        ProposalKind.CHANGE,
        amount,
        profile.fees.change_legal_basis,
        "事業の変更に係る提案の額",
        ["change_fee_yen", "change_legal_basis"],
    )


def compute_fee(
    profile: OrganizationProfile,
    kind: ProposalKind,
    *,
    estimate: WorkEstimate | None = None,
    outsourcing_yen: int = 0,
    third_parties: int = 0,
    original_fee_yen: int | None = None,
) -> FeeBreakdown:
    """Dispatch on the proposal kind (the one call the CLI and the web layer make)."""
    if kind is ProposalKind.NEW:
        if estimate is None:
            msg = "新規の提案の手数料には作成に要する時間の見積り（工数）が必要です。時間を指定してください。"
            raise FeeRefused(FeeCode.ESTIMATE_REQUIRED, msg)
        return compute_new_fee(profile, estimate, outsourcing_yen=outsourcing_yen, third_parties=third_parties)
    if outsourcing_yen or third_parties or estimate is not None:
        which = "作成された行政機関等匿名加工情報の利用" if kind is ProposalKind.REUSE else "事業の変更"
        msg = f"{which}に係る提案の手数料は工数・委託額・第三者の数から計算しません。これらを指定しないでください。"
        raise FeeRefused(FeeCode.NOT_APPLICABLE_TO_KIND, msg)
    if kind is ProposalKind.REUSE:
        if original_fee_yen is None:
            msg = (
                "法118条前段の提案の手数料は当初の契約の手数料と同一の額です。"
                "当初の契約の手数料の額を指定してください。"
            )
            raise FeeRefused(FeeCode.ORIGINAL_FEE_REQUIRED, msg)
        return compute_reuse_fee(profile, original_fee_yen=original_fee_yen)
    return compute_change_fee(profile)


# --------------------------------------------------------------------------------------------------
# After the notice: formal-error correction only
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeeCorrection:
    """A corrected notified amount (a formal error only; Nara 要綱第2-7 ただし書, Fukuoka 第7-2(2) ただし書)."""

    notified_yen: int
    corrected_yen: int
    reason: str

    @property
    def difference_yen(self) -> int:
        """corrected − notified (negative when the notice overstated the amount)."""
        return self.corrected_yen - self.notified_yen


def correct_formal_error(notified_yen: int, corrected_yen: int, reason: str) -> FeeCorrection:
    """Correct a formal error in a notified fee (e.g. 100,000円 written for 10,000円), with a reason to audit.

    The notified amount is otherwise final: differences between estimated and actual hours are neither refunded nor
    charged (Nara 要綱第2-7, Fukuoka 第7-2(2)). Raises :class:`FeeRefused` without a reason or without a change.
    """
    _check_amount("notified_yen", "通知した額", notified_yen)
    _check_amount("corrected_yen", "訂正後の額", corrected_yen)
    text = reason.strip()
    if not text:
        msg = (
            "手数料の額の訂正には理由（例：「10,000円とすべきところを100,000円と誤記した」）を記入してください。"
            "実際の工数との差による還付・追加納付は行いません。"
        )
        raise FeeRefused(FeeCode.CORRECTION_REASON_REQUIRED, msg)
    if corrected_yen == notified_yen:
        msg = f"訂正後の額が通知した額（{_yen(notified_yen)}）と同じです。訂正の必要はありません。"
        raise FeeRefused(FeeCode.CORRECTION_UNCHANGED, msg)
    return FeeCorrection(notified_yen, corrected_yen, text)


# --------------------------------------------------------------------------------------------------
# Stamp duty on the contract copy
# --------------------------------------------------------------------------------------------------


# The national table (印紙税法 別表第一 第2号文書「請負に関する契約書」) and why the organization's copy carries it.

#: (upper bound inclusive in yen, duty in yen); amounts below 10,000 yen are not taxable (別表第一第2号 非課税物件).
#: The seeds (Nara §9, Fukuoka 第8-1) require the stamp "according to the contract amount (the fee)", i.e. they treat
#: the use contract as a 第2号文書 whose 記載金額 is the fee.
STAMP_DUTY_TABLE: tuple[tuple[int, int], ...] = (
    (9_999, 0),
    (1_000_000, 200),
    (2_000_000, 400),
    (3_000_000, 1_000),
    (5_000_000, 2_000),
    (10_000_000, 10_000),
    (50_000_000, 20_000),
    (100_000_000, 60_000),
    (500_000_000, 100_000),
    (1_000_000_000, 200_000),
    (5_000_000_000, 400_000),
)
STAMP_DUTY_ABOVE_TABLE = 600_000
"""50億円を超えるもの."""
STAMP_DUTY_NO_AMOUNT = 200
"""契約金額の記載のないもの."""
STAMP_DUTY_THRESHOLD_YEN = 10_000
"""The national threshold: a 第2号文書 of 1万円以上 is taxable (1万円未満 非課税)."""
STAMP_DUTY_LEGAL_BASIS = "印紙税法（昭和42年法律第23号）第2条、第4条第5項、第5条第2号、別表第一第2号"

STAMP_DUTY_REASON = (
    "契約書は2通作成し、行政機関等と提案者がそれぞれ1通を保存します。国・地方公共団体が作成した文書は非課税"
    "（印紙税法第5条第2号）ですが、国等と国等以外の者が共同して作成した文書は、国等が保存するものは国等以外の者が"
    "作成したものとみなされます（同法第4条第5項）。このため、行政機関等が保存する1通（行政機関等の控え）に、"
    "提案者が契約額（手数料の額）に応じた収入印紙を貼付し、提案者が保存する1通には貼付しません。印紙税は手数料とは"
    "別に提案者が負担します。"
)


def stamp_duty_yen(contract_amount_yen: int | None) -> int:
    """The stamp duty on one copy of the use contract for this contract amount (印紙税法 別表第一 第2号).

    ``None`` means the contract states no amount (200 yen). Raises ``ValueError`` for a negative amount.
    """
    if contract_amount_yen is None:
        return STAMP_DUTY_NO_AMOUNT
    if contract_amount_yen < 0:
        msg = f"契約金額が負の値です（{contract_amount_yen}円）。"
        raise ValueError(msg)
    for upper, duty in STAMP_DUTY_TABLE:
        if contract_amount_yen <= upper:
            return duty
    return STAMP_DUTY_ABOVE_TABLE


def stamp_duty_due(contract_amount_yen: int, rule: StampDutyRule) -> int:
    """The duty the proposer must affix to the organization's copy: the national table, applied where the
    organization's own wording (Nara 「超える」, Fukuoka 「以上」) also requires it. The national rule governs: an
    amount of exactly 10,000 yen is taxable even where a procedure says 「超える」, so the stricter one is used."""
    if rule.required(contract_amount_yen) or contract_amount_yen >= STAMP_DUTY_THRESHOLD_YEN:
        return stamp_duty_yen(contract_amount_yen)
    return 0


@dataclass(frozen=True, slots=True)
class StampDutyRequirement:
    """Whether one contract copy carries a revenue stamp (印紙税法), and the sentence that says why."""

    required: bool
    contract_amount_yen: int
    threshold_yen: int
    comparison: ThresholdComparison
    copies_stamped: int
    reason: str
    placeholder: bool = False
    duty_yen: int = 0
    """The duty itself (:func:`stamp_duty_yen`), 0 when not required."""


def stamp_duty_requirement(profile: OrganizationProfile, contract_amount_yen: int) -> StampDutyRequirement:
    """印紙税 on the use contract (the contract amount is the fee): the proposer's, apart from the fee.

    Nara 要綱第2-9 「10,000円を超える」, Fukuoka 第8-1(1) 「1万円以上」 (its 第8-2 says 「1万円を超える」); the profile
    says which; :func:`stamp_duty_due` applies the national threshold as well, and gives the amount.
    """
    _check_amount("contract_amount_yen", "契約額", contract_amount_yen)
    duty = profile.stamp_duty
    required = duty.required(contract_amount_yen)
    comparison = "以上である" if duty.comparison is ThresholdComparison.AT_LEAST else "を超える"
    if required:
        reason = (
            f"契約額（納付する手数料の額）{_yen(contract_amount_yen)}が{_yen(duty.threshold_yen)}{comparison}ため、"
            f"印紙税法（昭和42年法律第23号）に基づき、2通提出する契約書のうち{duty.copies_stamped}通に契約額に応じた"
            f"収入印紙を提案者が貼付します（手数料とは別に提案者の負担）。"
        )
    else:
        below = "以下" if duty.comparison is ThresholdComparison.GREATER_THAN else "未満"
        reason = (
            f"契約額（納付する手数料の額）{_yen(contract_amount_yen)}は{_yen(duty.threshold_yen)}{below}のため、"
            "契約書への収入印紙の貼付は不要です。"
        )
    return StampDutyRequirement(
        required=required,
        contract_amount_yen=contract_amount_yen,
        threshold_yen=duty.threshold_yen,
        comparison=duty.comparison,
        copies_stamped=duty.copies_stamped,
        reason=reason,
        placeholder=profile.is_placeholder("stamp_duty"),
        duty_yen=stamp_duty_yen(contract_amount_yen) if required else 0,
    )

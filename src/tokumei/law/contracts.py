"""The use contract (利用契約, 法115条): payment of the fee, stamp duty, the contract's states, its number.

Pure functions and tables, no Django. The web layer records what the desk or the division saw (stamps affixed,
amounts) and asks these functions what follows.

* Payment (法119条1項・3項; Nara §9, Fukuoka 第8-1): the fee is paid by the method the organization requires.
  Missing or insufficient stamps → the documents are returned for resubmission; overpaid → returned *before*
  cancellation (消印) for resubmission with the exact amount; exact → the stamps are cancelled and the contract can
  be signed.
* Stamp duty (印紙税): a national tax on the contract document, owed by the proposer and separate from the fee.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from .fees import (
    STAMP_DUTY_LEGAL_BASIS,
    STAMP_DUTY_REASON,
    STAMP_DUTY_TABLE,
    STAMP_DUTY_THRESHOLD_YEN,
    stamp_duty_due,
    stamp_duty_yen,
)
from .organization import PaymentMethod, PaymentRule, StampDutyRule
from .transitions import InvalidTransition

__all__ = [
    "IN_FORCE_STATES",
    "STAMP_DUTY_LEGAL_BASIS",
    "STAMP_DUTY_REASON",
    "STAMP_DUTY_TABLE",
    "STAMP_DUTY_THRESHOLD_YEN",
    "ContractState",
    "PaymentCheck",
    "PaymentOutcome",
    "check_contract_transition",
    "check_deadline_extension",
    "check_delivered_subjects",
    "check_payment",
    "contract_number",
    "payment_label",
    "payment_overdue",
    "stamp_duty_due",
    "stamp_duty_yen",
]

# ---------------------------------------------------------------------------------------------------------------
# Payment check
# ---------------------------------------------------------------------------------------------------------------


class PaymentOutcome(enum.StrEnum):
    EXACT = "exact"
    SHORT = "short"
    OVER = "over"

    @property
    def label(self) -> str:
        return {"exact": "過不足なし", "short": "不足（未貼付を含む）", "over": "過剰"}[self.value]


@dataclass(frozen=True, slots=True)
class PaymentCheck:
    """What the checker must do with a submitted application (Fukuoka 第8-1(1)(2), Nara §9)."""

    fee_outcome: PaymentOutcome
    duty_outcome: PaymentOutcome
    fee_yen: int
    tendered_yen: int
    duty_due_yen: int
    duty_affixed_yen: int
    accept: bool
    """Nothing missing and nothing over: cancel (消印) the stamps and pass the documents on for signature."""
    cancel_stamps: bool
    messages: tuple[str, ...]

    @property
    def returned(self) -> bool:
        return not self.accept


def check_payment(
    *,
    fee_yen: int,
    tendered_yen: int,
    method: PaymentMethod,
    rule: PaymentRule,
    duty_rule: StampDutyRule,
    duty_affixed_yen: int,
) -> PaymentCheck:
    """Check the fee paid with the application and the revenue stamp on the organization's contract copy.

    ``tendered_yen`` is the face value of the stamps affixed (or the amount of the slip / electronic payment).
    Raises ``ValueError`` when the method is not one the organization accepts or an amount is negative.
    """
    if method not in rule.methods:
        allowed = "、".join(m.label for m in rule.methods)
        msg = f"この機関では「{method.label}」による納付は受け付けていません（受け付ける方法: {allowed}）。"
        raise ValueError(msg)
    if tendered_yen < 0 or duty_affixed_yen < 0:
        msg = "金額は0円以上で入力してください。"
        raise ValueError(msg)
    label = payment_label(method, rule)
    duty_due = stamp_duty_due(fee_yen, duty_rule)
    fee_outcome = _compare(tendered_yen, fee_yen)
    duty_outcome = _compare(duty_affixed_yen, duty_due)
    messages: list[str] = []
    if fee_outcome is PaymentOutcome.SHORT:
        what = "貼付されていません" if tendered_yen == 0 else f"{fee_yen - tendered_yen:,}円不足しています"
        messages.append(
            f"手数料{fee_yen:,}円に対し、{label}が{what}。書類を返戻し、不足のない{label}を貼付した申込書の"
            "再提出を求めます。"
        )
    elif fee_outcome is PaymentOutcome.OVER:
        messages.append(
            f"手数料{fee_yen:,}円に対し、{label}が{tendered_yen - fee_yen:,}円過剰です。消印せずに書類を返戻し、"
            f"手数料の額ちょうどの{label}を貼付した申込書の再提出を求めます（過剰分は還付できないため）。"
        )
    if duty_outcome is PaymentOutcome.SHORT:
        messages.append(
            f"契約書（行政機関等の控え）に貼付する収入印紙{duty_due:,}円（印紙税、手数料とは別）が"
            + (
                "貼付されていません。"
                if duty_affixed_yen == 0
                else f"{duty_due - duty_affixed_yen:,}円不足しています。"
            )
            + "書類を返戻し、再提出を求めます。"
        )
    elif duty_outcome is PaymentOutcome.OVER:
        messages.append(
            f"契約書に貼付された収入印紙が印紙税額{duty_due:,}円より{duty_affixed_yen - duty_due:,}円多く貼付されて"
            "います。消印せずに返戻し、正しい額での再提出を求めます。"
        )
    accept = fee_outcome is PaymentOutcome.EXACT and duty_outcome is PaymentOutcome.EXACT
    if accept:
        messages.append(
            f"手数料{fee_yen:,}円の{label}"
            + (f"及び印紙税{duty_due:,}円の収入印紙" if duty_due else "")
            + "に過不足はありません。"
            + ("消印し、契約書を記名のため回付します。" if _stamped(method) else "契約書を記名のため回付します。")
        )
    return PaymentCheck(
        fee_outcome=fee_outcome,
        duty_outcome=duty_outcome,
        fee_yen=fee_yen,
        tendered_yen=tendered_yen,
        duty_due_yen=duty_due,
        duty_affixed_yen=duty_affixed_yen,
        accept=accept,
        cancel_stamps=accept and (_stamped(method) or duty_due > 0),
        messages=tuple(messages),
    )


def _compare(paid: int, due: int) -> PaymentOutcome:
    if paid < due:
        return PaymentOutcome.SHORT
    if paid > due:
        return PaymentOutcome.OVER
    return PaymentOutcome.EXACT


def _stamped(method: PaymentMethod) -> bool:
    return method in (PaymentMethod.REVENUE_STAMP, PaymentMethod.PREFECTURAL_STAMP)


def payment_label(method: PaymentMethod, rule: PaymentRule) -> str:
    """The method's name as the organization calls it: its own stamp name (収入証紙, 領収証紙) where it has one."""
    if method is PaymentMethod.PREFECTURAL_STAMP and rule.stamp_label:
        return rule.stamp_label
    return method.label


# ---------------------------------------------------------------------------------------------------------------
# Payment deadline
# ---------------------------------------------------------------------------------------------------------------


def payment_overdue(deadline: date | None, today: date) -> bool:
    """The deadline in the approval notice (規則59条1項2号) has passed without an accepted payment."""
    return deadline is not None and today > deadline


def check_deadline_extension(current: date | None, new: date, today: date) -> None:
    """An extended payment deadline must be later than the current one and not in the past (ValueError)."""
    if new < today:
        msg = f"延長後の納付期限（{new:%Y-%m-%d}）が過去の日付です。"
        raise ValueError(msg)
    if current is not None and new <= current:
        msg = f"延長後の納付期限（{new:%Y-%m-%d}）は現在の期限（{current:%Y-%m-%d}）より後にしてください。"
        raise ValueError(msg)


# ---------------------------------------------------------------------------------------------------------------
# Contract states
# ---------------------------------------------------------------------------------------------------------------


class ContractState(enum.StrEnum):
    """States of a use contract from the approval notice to delivery (法114条2項〜法116条, 法121条)."""

    AWAITING_APPLICATION = "awaiting_application"
    RETURNED = "returned"
    PAID = "paid"
    CONCLUDED = "concluded"
    DELIVERED = "delivered"
    CLOSED_UNPAID = "closed_unpaid"
    ENDED = "ended"
    """The period of use ended; the media returned and the data deleted, confirmed by the division."""
    TERMINATED = "terminated"
    """Terminated under 法120条."""

    @property
    def label(self) -> str:
        return _CONTRACT_LABELS[self]

    @property
    def in_force(self) -> bool:
        """Concluded and neither ended nor terminated: the states in which the party may propose to change the
        business the dataset is used for (法118条1項後段 「…契約を締結した者が、…事業を変更しようとするとき」).

        Delivery is not required: a 法118条後段 contract delivers nothing new and stays *concluded* while in force.
        """
        return self in IN_FORCE_STATES


_CONTRACT_LABELS: Mapping[ContractState, str] = MappingProxyType(
    {
        ContractState.AWAITING_APPLICATION: "申込み待ち",
        ContractState.RETURNED: "返戻（再提出待ち）",
        ContractState.PAID: "納付確認済み（記名待ち）",
        ContractState.CONCLUDED: "締結済み",
        ContractState.DELIVERED: "提供済み",
        ContractState.CLOSED_UNPAID: "納付がなく終了",
        ContractState.ENDED: "利用終了（返却・消去の確認済み）",
        ContractState.TERMINATED: "解除（法120条）",
    }
)

IN_FORCE_STATES: frozenset[ContractState] = frozenset({ContractState.CONCLUDED, ContractState.DELIVERED})
"""The contract is in force: concluded (法115条), before the end of use or a termination (法120条)."""

CONTRACT_TRANSITIONS: Mapping[ContractState, frozenset[ContractState]] = MappingProxyType(
    {
        ContractState.AWAITING_APPLICATION: frozenset(
            {ContractState.RETURNED, ContractState.PAID, ContractState.CLOSED_UNPAID}
        ),
        ContractState.RETURNED: frozenset({ContractState.RETURNED, ContractState.PAID, ContractState.CLOSED_UNPAID}),
        ContractState.PAID: frozenset({ContractState.CONCLUDED}),
        ContractState.CONCLUDED: frozenset({ContractState.DELIVERED, ContractState.ENDED, ContractState.TERMINATED}),
        ContractState.DELIVERED: frozenset({ContractState.ENDED, ContractState.TERMINATED}),
        ContractState.CLOSED_UNPAID: frozenset(),
        ContractState.ENDED: frozenset(),
        ContractState.TERMINATED: frozenset(),
    }
)


def check_contract_transition(current: ContractState, requested: ContractState) -> None:
    """Raise :class:`InvalidTransition` unless the table allows ``current`` → ``requested``."""
    allowed = CONTRACT_TRANSITIONS[current]
    if requested not in allowed:
        raise InvalidTransition(current, requested, allowed)


def contract_number(prefix: str, fiscal_year: int, sequence: int) -> str:
    """The contract's number: the organization's prefix, the fiscal year (令和) and a running number, e.g.
    ``福警匿契R8-001``. Pure formatting; the sequence is allotted under a lock by the web layer."""
    if fiscal_year < 2019 or sequence < 1:
        msg = "契約番号の年度又は連番が不正です。"
        raise ValueError(msg)
    return f"{prefix}R{fiscal_year - 2018}-{sequence:03d}"


MINIMUM_DELIVERED_SUBJECTS = 1_000
"""法114条1項2号, 規則56条: a proposal must ask for at least 1,000 subjects, so a delivery of fewer cannot be right."""


def check_delivered_subjects(contracted: int | None, selected: int, delivered: int) -> str | None:
    """The created dataset's subjects against the contract; the problem in Japanese, or ``None``.

    ``selected`` is the number of persons taken from the file (all of them, or the random sample the contract
    fixes); it must equal the contracted 本人の数. ``delivered`` is the number left after the processing (records
    suppressed under 規則62条4号・5号); it must still be at least 1,000 (法114条1項2号, 規則56条).
    """
    if contracted is not None and selected != contracted:
        return (
            f"作成に用いた本人の数（{selected:,}人）が契約の本人の数（{contracted:,}人）と一致しません。"
            "提供せず、抽出の条件とデータを確認してください。"
        )
    if delivered < MINIMUM_DELIVERED_SUBJECTS:
        return (
            f"作成した匿名加工情報の本人の数（{delivered:,}人）が1,000人未満です（法114条1項2号、規則56条）。"
            "提供せず、加工の方法とデータを確認してください。"
        )
    return None

"""Payment, stamp duty and contract states (法115条, 法119条; 印紙税法 別表第一第2号; Nara §9, Fukuoka 第8-1)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokumei.law.contracts import (
    STAMP_DUTY_REASON,
    ContractState,
    PaymentOutcome,
    check_contract_transition,
    check_deadline_extension,
    check_delivered_subjects,
    check_payment,
    contract_number,
    payment_overdue,
    stamp_duty_due,
    stamp_duty_yen,
)
from tokumei.law.organization import OrganizationProfile, PaymentMethod
from tokumei.law.transitions import InvalidTransition
from tokumei.profiles import load_builtin_profiles

PROFILES: dict[str, OrganizationProfile] = load_builtin_profiles()
FUKUOKA = PROFILES["fukuoka-police"]
NARA = PROFILES["nara-police"]
ISA = PROFILES["isa"]


@pytest.mark.parametrize(
    ("amount", "duty"),
    [
        (0, 0),
        (9_999, 0),
        (10_000, 200),
        (12_600, 200),
        (40_750, 200),
        (1_000_000, 200),
        (1_000_001, 400),
        (2_000_001, 1_000),
        (3_000_001, 2_000),
        (5_000_001, 10_000),
        (10_000_001, 20_000),
        (50_000_001, 60_000),
        (100_000_001, 100_000),
        (500_000_001, 200_000),
        (1_000_000_001, 400_000),
        (5_000_000_001, 600_000),
        (None, 200),
    ],
)
def test_stamp_duty_follows_the_national_table(amount: int | None, duty: int) -> None:
    assert stamp_duty_yen(amount) == duty


def test_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="負の値"):
        stamp_duty_yen(-1)


@given(st.integers(min_value=0, max_value=10**11), st.integers(min_value=0, max_value=10**11))
def test_stamp_duty_never_decreases_with_the_amount(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert stamp_duty_yen(low) <= stamp_duty_yen(high)


def test_reason_names_the_organizations_copy_and_the_article() -> None:
    assert "第4条第5項" in STAMP_DUTY_REASON
    assert "行政機関等が保存する1通" in STAMP_DUTY_REASON
    assert "手数料とは別" in STAMP_DUTY_REASON


def test_exactly_ten_thousand_is_taxable_even_where_the_procedure_says_exceeds() -> None:
    # Nara §9 says 「10,000円を超える」; the national table taxes 1万円以上, and the tax law governs.
    assert stamp_duty_due(10_000, NARA.stamp_duty) == 200
    assert stamp_duty_due(10_000, FUKUOKA.stamp_duty) == 200
    assert stamp_duty_due(9_999, FUKUOKA.stamp_duty) == 0


def _fukuoka(tendered: int, duty: int = 200, fee: int = 40_750) -> object:
    return check_payment(
        fee_yen=fee,
        tendered_yen=tendered,
        method=PaymentMethod.PREFECTURAL_STAMP,
        rule=FUKUOKA.payment,
        duty_rule=FUKUOKA.stamp_duty,
        duty_affixed_yen=duty,
    )


def test_exact_payment_with_the_stamp_duty_is_accepted_and_cancelled() -> None:
    check = _fukuoka(40_750)
    assert check.accept
    assert check.cancel_stamps
    assert check.fee_outcome is PaymentOutcome.EXACT
    assert "領収証紙" in check.messages[-1]
    assert "消印" in check.messages[-1]


def test_overpaid_is_returned_before_cancellation_with_the_excess_named() -> None:
    check = _fukuoka(41_000)
    assert check.returned
    assert not check.cancel_stamps
    assert check.fee_outcome is PaymentOutcome.OVER
    assert "250円過剰" in check.messages[0]
    assert "消印せずに" in check.messages[0]


def test_missing_stamps_are_returned_for_resubmission() -> None:
    check = _fukuoka(0)
    assert check.returned
    assert check.fee_outcome is PaymentOutcome.SHORT
    assert "領収証紙が貼付されていません" in check.messages[0]


def test_short_payment_names_the_shortfall() -> None:
    assert "750円不足" in _fukuoka(40_000).messages[0]


def test_missing_revenue_stamp_on_the_contract_copy_returns_the_documents() -> None:
    check = _fukuoka(40_750, duty=0)
    assert check.returned
    assert check.duty_outcome is PaymentOutcome.SHORT
    assert "収入印紙200円" in check.messages[0]


def test_nara_uses_its_own_stamp_name() -> None:
    check = check_payment(
        fee_yen=40_750,
        tendered_yen=40_750,
        method=PaymentMethod.PREFECTURAL_STAMP,
        rule=NARA.payment,
        duty_rule=NARA.stamp_duty,
        duty_affixed_yen=200,
    )
    assert check.accept
    assert "収入証紙" in check.messages[-1]


def test_a_method_the_organization_does_not_accept_is_refused() -> None:
    with pytest.raises(ValueError, match="受け付けていません"):
        check_payment(
            fee_yen=40_750,
            tendered_yen=40_750,
            method=PaymentMethod.REVENUE_STAMP,
            rule=FUKUOKA.payment,
            duty_rule=FUKUOKA.stamp_duty,
            duty_affixed_yen=200,
        )


def test_national_electronic_payment_has_no_stamp_to_cancel_but_duty_still_applies() -> None:
    method = next(m for m in ISA.payment.methods if m is not PaymentMethod.REVENUE_STAMP)
    check = check_payment(
        fee_yen=21_000,
        tendered_yen=21_000,
        method=method,
        rule=ISA.payment,
        duty_rule=ISA.stamp_duty,
        duty_affixed_yen=200,
    )
    assert check.accept
    assert check.duty_due_yen == 200


@given(st.integers(min_value=10_000, max_value=10_000_000), st.integers(min_value=0, max_value=10_000_000))
def test_only_the_exact_amount_is_accepted(fee: int, tendered: int) -> None:
    check = _fukuoka(tendered, duty=stamp_duty_yen(fee), fee=fee)
    assert check.accept == (tendered == fee)
    assert check.cancel_stamps == check.accept


def test_payment_deadline() -> None:
    assert not payment_overdue(date(2026, 12, 10), date(2026, 12, 10))
    assert payment_overdue(date(2026, 12, 10), date(2026, 12, 11))
    assert not payment_overdue(None, date(2026, 12, 11))
    check_deadline_extension(date(2026, 12, 10), date(2026, 12, 24), date(2026, 12, 11))
    with pytest.raises(ValueError, match="より後"):
        check_deadline_extension(date(2026, 12, 10), date(2026, 12, 10), date(2026, 12, 1))
    with pytest.raises(ValueError, match="過去"):
        check_deadline_extension(date(2026, 12, 10), date(2026, 12, 20), date(2026, 12, 21))


def test_contract_states() -> None:
    check_contract_transition(ContractState.AWAITING_APPLICATION, ContractState.RETURNED)
    check_contract_transition(ContractState.RETURNED, ContractState.PAID)
    check_contract_transition(ContractState.PAID, ContractState.CONCLUDED)
    check_contract_transition(ContractState.CONCLUDED, ContractState.DELIVERED)
    with pytest.raises(InvalidTransition, match="締結済み"):
        check_contract_transition(ContractState.AWAITING_APPLICATION, ContractState.CONCLUDED)
    with pytest.raises(InvalidTransition):
        check_contract_transition(ContractState.CONCLUDED, ContractState.PAID)


def test_contract_number() -> None:
    assert contract_number("福警匿契", 2026, 1) == "福警匿契R8-001"
    with pytest.raises(ValueError):
        contract_number("x", 2026, 0)


def test_delivered_subjects_must_match_and_reach_one_thousand() -> None:
    assert check_delivered_subjects(1_200, 1_200, 1_180) is None
    assert check_delivered_subjects(None, 5_000, 1_000) is None
    assert "一致しません" in (check_delivered_subjects(1_200, 1_199, 1_199) or "")
    assert "1,000人未満" in (check_delivered_subjects(1_000, 1_000, 999) or "")


def test_the_profile_requirement_carries_the_national_amount() -> None:
    from tokumei.law.fees import stamp_duty_requirement

    assert stamp_duty_requirement(FUKUOKA, 40_750).duty_yen == 200
    assert stamp_duty_requirement(FUKUOKA, 9_000).duty_yen == 0

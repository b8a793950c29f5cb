"""Fees (法119条, 令31条, ordinances) against the golden table reviewed with legal staff (STYLE.md habit 4)."""

from __future__ import annotations

import csv
import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokumei import profiles as loader
from tokumei.law.fees import (
    FeeCode,
    FeeRefused,
    WorkEstimate,
    WorkItem,
    WorkItemKind,
    compute_change_fee,
    compute_fee,
    compute_new_fee,
    compute_reuse_fee,
    correct_formal_error,
    parse_hours,
    stamp_duty_requirement,
)
from tokumei.law.intake import ProposalKind
from tokumei.law.organization import ChargeKind, OrganizationProfile, UsageChargeItem
from tokumei.profiles import ProfileError, load_builtin_profiles, load_profile_text

GOLDEN = Path(__file__).parent / "golden"
PROFILES: dict[str, OrganizationProfile] = load_builtin_profiles()


def _rows() -> list[dict[str, str]]:
    with (GOLDEN / "fees.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _estimate(row: dict[str, str]) -> WorkEstimate | None:
    if row["items"]:
        pairs = (part.split("=") for part in row["items"].split(";"))
        return WorkEstimate(tuple(WorkItem(WorkItemKind(k), Decimal(v)) for k, v in pairs))
    if row["hours"]:
        return WorkEstimate.of_total(row["hours"])
    return None


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["case"])
def test_golden_fees(row: dict[str, str]) -> None:
    # given a profile and the case's inputs
    profile = PROFILES[row["profile"]]

    def act() -> object:
        return compute_fee(
            profile,
            ProposalKind(row["kind"]),
            estimate=_estimate(row),
            outsourcing_yen=int(row["outsourcing"]),
            third_parties=int(row["third_parties"]),
            original_fee_yen=int(row["original_fee"]) if row["original_fee"] else None,
        )

    # when / then
    if row["expected_code"]:
        with pytest.raises(FeeRefused) as info:
            act()
        assert info.value.code.value == row["expected_code"]
        assert str(info.value).endswith("。")
        return
    breakdown = act()
    assert isinstance(breakdown.total_yen, int)  # type: ignore[attr-defined]
    got = breakdown.as_dict()  # type: ignore[attr-defined]
    expected = {
        "total": int(row["total"]),
        "base": int(row["base"]),
        "hourly": int(row["hourly"]),
        "started_hours": int(row["started_hours"]),
        "outsourcing": int(row["outsourcing_yen"]),
        "third_party": int(row["third_party"]),
    }
    assert {k: got[k] for k in expected} == expected


def test_the_issue_case_breakdown_and_basis() -> None:
    breakdown = compute_new_fee(PROFILES["nara-police"], WorkEstimate.of_total("4.5"))

    assert breakdown.total_yen == 21_000 + 5 * 3_950 == 40_750
    assert breakdown.hours == Decimal("4.5")
    assert breakdown.legal_basis.startswith("奈良県個人情報の保護に関する法律施行条例")
    assert [line.amount_yen for line in breakdown.lines] == [21_000, 19_750, 0, 40_750]
    assert "4.5時間（1時間未満切上げ5時間）" in breakdown.lines[1].detail
    assert not breakdown.placeholder
    assert list(breakdown.as_dict())[:4] == ["total", "base", "hourly", "outsourcing"]


def test_rounding_is_on_the_sum_not_per_item() -> None:
    estimate = WorkEstimate.of(dict.fromkeys(list(WorkItemKind)[:6], "0.5"))

    assert estimate.total_hours == Decimal(3)
    assert estimate.started_hours == 3  # per item it would be 6
    assert compute_new_fee(PROFILES["isa"], estimate).hourly_yen == 3 * 3_950


@given(st.lists(st.integers(min_value=0, max_value=40 * 60), min_size=1, max_size=6))
def test_started_hours_is_the_ceiling_of_the_total(minutes: list[int]) -> None:
    estimate = WorkEstimate(tuple(WorkItem(WorkItemKind.INSPECTION, Decimal(m) / 60) for m in minutes))
    started = estimate.started_hours
    if started == 0:
        assert estimate.total_hours == 0
    else:
        assert started - 1 < estimate.total_hours <= started
    fee = compute_new_fee(PROFILES["isa"], estimate)
    assert fee.total_yen == 21_000 + 3_950 * started


def test_floats_are_refused_for_hours() -> None:
    with pytest.raises(FeeRefused) as info:
        parse_hours(4.5)
    assert info.value.code is FeeCode.INVALID_HOURS
    assert parse_hours("４．５") == Decimal("4.5")  # full-width digits from a form
    with pytest.raises(FeeRefused):
        parse_hours("four")


def test_placeholders_are_flagged_for_kumamoto() -> None:
    # Kumamoto's ordinance amounts are not in its seed: the breakdown says so.
    breakdown = compute_new_fee(PROFILES["kumamoto-city"], WorkEstimate.of_total(1))
    assert breakdown.placeholder
    assert "fees.base_yen" in breakdown.placeholder_fields


def test_reuse_is_the_original_fee_never_recomputed() -> None:
    breakdown = compute_reuse_fee(PROFILES["fukuoka-police"], original_fee_yen=182_850)
    assert breakdown.total_yen == breakdown.original_fee_yen == 182_850
    assert breakdown.hourly_yen == 0
    assert breakdown.kind is ProposalKind.REUSE


def test_change_without_a_change_fee_is_refused() -> None:
    profile = PROFILES["isa"]
    no_change = dataclasses.replace(profile, fees=dataclasses.replace(profile.fees, change_fee_yen=None))
    with pytest.raises(FeeRefused) as info:
        compute_change_fee(no_change)
    assert info.value.code is FeeCode.NO_CHANGE_FEE


def test_outsourcing_refused_when_the_rule_excludes_it() -> None:
    profile = PROFILES["isa"]
    in_house_only = dataclasses.replace(
        profile, fees=dataclasses.replace(profile.fees, includes_outsourcing_cost=False)
    )
    with pytest.raises(FeeRefused) as info:
        compute_new_fee(in_house_only, WorkEstimate.of_total(1), outsourcing_yen=1)
    assert info.value.code is FeeCode.OUTSOURCING_NOT_CHARGED


# --- formal-error correction (Nara 要綱第2-7, Fukuoka 第7-2(2)) ------------------------------------


def test_formal_error_correction_needs_a_reason() -> None:
    correction = correct_formal_error(100_000, 10_000, "  10,000円とすべきところを100,000円と誤記した。 ")
    assert correction.difference_yen == -90_000
    assert correction.reason == "10,000円とすべきところを100,000円と誤記した。"
    with pytest.raises(FeeRefused) as info:
        correct_formal_error(100_000, 10_000, "   ")
    assert info.value.code is FeeCode.CORRECTION_REASON_REQUIRED
    with pytest.raises(FeeRefused) as unchanged:
        correct_formal_error(40_750, 40_750, "再計算")
    assert unchanged.value.code is FeeCode.CORRECTION_UNCHANGED


# --- stamp duty (印紙税法; Nara 要綱第2-9 「超える」, Fukuoka 第8-1(1) 「以上」) ----------------------


@pytest.mark.parametrize(
    ("org", "amount", "required"),
    [
        ("nara-police", 10_000, False),
        ("nara-police", 10_001, True),
        ("fukuoka-police", 10_000, True),
        ("fukuoka-police", 9_999, False),
        ("nara-police", 40_750, True),
    ],
)
def test_stamp_duty_threshold_follows_the_profile(org: str, amount: int, required: bool) -> None:
    duty = stamp_duty_requirement(PROFILES[org], amount)
    assert duty.required is required
    assert duty.reason.endswith("。")
    assert ("収入印紙を提案者が貼付" in duty.reason) is required


# --- 独立行政法人等: 利用料 with an optional price table (法119条5〜7項) ---------------------------------

IAA = """\
extends: current-act
id: example-iaa
name: 独立行政法人例示機構理事長
body_name: 独立行政法人例示機構
kind: incorporated_administrative_agency
must_solicit: true
reception_desk:
  code: somu
  name: 総務部総務課
  short_name: 総務課
  postal_code: 100-0001
  address: 東京都千代田区千代田1-1
  phone: 03-0000-0000
  email: null
  opening_hours: {opens: "09:30", closes: "17:00"}
owning_divisions:
  - {code: toukei, name: 統計部}
fees:
  charge_kind: usage_charge
  base_yen: 30000
  per_started_hour_yen: 5000
  legal_basis: 独立行政法人例示機構匿名加工情報利用料規程第2条
  usage_charge_table:
    - {code: medium, label: 記録媒体代, amount_yen: 500}
    - {code: review, label: 審査補助, amount_yen: 1000, per_started_hour: true}
"""


def test_usage_charge_with_a_price_table() -> None:
    profile = load_profile_text(IAA)
    assert profile.fees.charge_kind is ChargeKind.USAGE_CHARGE
    assert profile.fees.usage_charge_table[1] == UsageChargeItem("review", "審査補助", 1000, per_started_hour=True)

    breakdown = compute_new_fee(profile, WorkEstimate.of_total("2.5"))

    assert breakdown.charge_label == "利用料"
    assert breakdown.table_yen == 500 + 3 * 1000
    assert breakdown.total_yen == 30_000 + 3 * 5_000 + 3_500
    assert "利用料の額（合計）" in [line.label for line in breakdown.lines]


def test_price_table_is_only_for_usage_charges() -> None:
    text = IAA.replace("charge_kind: usage_charge", "charge_kind: fee").replace(
        "kind: incorporated_administrative_agency", "kind: prefecture"
    )
    with pytest.raises(ProfileError) as info:
        load_profile_text(text)
    assert "fees.usage_charge_table" in [p.field for p in info.value.problems]


def test_the_price_table_model_mirrors_its_dataclass() -> None:
    assert set(loader.UsageChargeItemModel.model_fields) == {f.name for f in dataclasses.fields(UsageChargeItem)}
    assert set(loader.FeeRuleModel.model_fields) == {f.name for f in dataclasses.fields(loader.FeeRule)}


def test_builtin_profiles_have_no_price_table() -> None:
    assert all(not p.fees.usage_charge_table for p in PROFILES.values())

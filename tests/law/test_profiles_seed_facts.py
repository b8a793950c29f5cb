"""Concrete facts of the five seed documents, as the builtin profiles must hold them (issue 11).

Each assertion names the seed section it comes from (/work/shared/seeds/).
"""

from __future__ import annotations

from datetime import date, time

import pytest

from tokumei.law.organization import (
    Actor,
    ChargeKind,
    DocumentKind,
    LegalRegime,
    OrganizationKind,
    OrganizationProfile,
    PaymentMethod,
    Step,
)
from tokumei.profiles import load_builtin_profiles

D = DocumentKind


@pytest.fixture(scope="module")
def p() -> dict[str, OrganizationProfile]:
    return load_builtin_profiles()


# --- 熊本市 (kumamoto-city-solicitation-2025.txt) ---------------------------------------------------


def test_kumamoto_head_body_and_desk(p: dict[str, OrganizationProfile]) -> None:
    k = p["kumamoto-city"]
    assert (k.name, k.body_name, k.head_person) == ("熊本市長", "熊本市", "大西 一史")
    assert k.kind is OrganizationKind.DESIGNATED_CITY
    assert k.must_solicit
    desk = k.reception_desk  # seed 5(2) 提出先, 10 連絡先
    assert desk.name == "熊本市総務局行政管理部法制課（情報公開窓口）"
    assert desk.postal_code == "860-8601"
    assert desk.address == "熊本市中央区手取本町1番1号 熊本市役所本庁舎地下1階"
    assert desk.phone == "096-328-2059"
    assert desk.email == "housei@city.kumamoto.lg.jp"
    assert (desk.opening_hours.opens, desk.opening_hours.closes) == (time(9), time(17))
    assert desk.opening_hours.closed_year_end


def test_kumamoto_solicitation_2025(p: dict[str, OrganizationProfile]) -> None:
    (s,) = p["kumamoto-city"].solicitations  # seed 4 募集期間
    assert (s.notice_date, s.first_day, s.last_day) == (
        date(2025, 12, 19),
        date(2025, 12, 19),
        date(2026, 1, 20),
    )
    assert s.closing_time is None
    assert s.fiscal_year == 2025


def test_kumamoto_submission_and_notes(p: dict[str, OrganizationProfile]) -> None:
    k = p["kumamoto-city"]
    sub = k.submission  # seed 5(2)
    assert sub.in_person
    assert sub.by_mail
    assert not sub.online
    assert sub.copies == 2
    assert sub.mail_must_arrive_by_last_day
    assert sub.envelope_note == "行政機関等匿名加工情報の利用に関する提案書類在中"
    assert k.procedure.may_share_proposal_with_processor  # seed 9(7), Kumamoto alone
    assert "熊本市情報公開条例（平成10年熊本市条例第33号）" in k.local_regulations  # seed 2(2)
    # the ordinance's fee article is not in the seed: marked
    assert k.is_placeholder("fees.legal_basis")
    assert k.is_placeholder("payment.methods")
    assert k.is_placeholder("owning_divisions.0.name")


# --- 出入国在留管理庁 (immigration-agency-solicitation-2025.txt) ------------------------------------------


def test_isa_desk_and_closing_time(p: dict[str, OrganizationProfile]) -> None:
    isa = p["isa"]
    assert (isa.name, isa.body_name) == ("出入国在留管理庁長官", "出入国在留管理庁")
    assert isa.kind is OrganizationKind.NATIONAL_AGENCY
    desk = isa.reception_desk  # seed 5(2), 10
    assert desk.name == "出入国在留管理庁 総務課 出入国情報開示係"
    assert (desk.postal_code, desk.address) == ("160-0004", "東京都新宿区四谷1-6-1 四谷タワー13階")
    assert desk.phone == "03-5363-3005"
    assert desk.email is None
    assert isa.submission.last_day_closing_time == time(17)  # seed 4 「午後5時まで」
    (s,) = isa.solicitations
    assert (s.notice_date, s.first_day, s.last_day, s.closing_time) == (
        date(2026, 2, 2),
        date(2026, 2, 9),
        date(2026, 3, 13),
        time(17),
    )
    assert not isa.procedure.may_share_proposal_with_processor  # seed 9 has no such note
    assert isa.forms[D.SOLICITATION_NOTICE].designation == "標準様式第3－1"  # seed header


def test_isa_fee_is_the_cabinet_order(p: dict[str, OrganizationProfile]) -> None:
    fees = p["isa"].fees
    assert (fees.base_yen, fees.per_started_hour_yen, fees.change_fee_yen) == (21000, 3950, 12600)
    assert "施行令31条1項" in fees.legal_basis
    assert fees.charge_kind is ChargeKind.FEE
    assert PaymentMethod.REVENUE_STAMP in p["isa"].payment.methods


def test_isa_identity_documents_include_health_insurance_card(p: dict[str, OrganizationProfile]) -> None:
    names = {d.code: d.name for d in p["isa"].required_documents}
    assert "健康保険の被保険者証" in names["identity_individual"]  # seed 5(1)(注2)
    assert "6か月以内" in names["identity_corporation"]


# --- national rule forms (ISA, Kumamoto, Fukuoka) ------------------------------------------------------


@pytest.mark.parametrize("org", ["isa", "kumamoto-city", "fukuoka-police"])
def test_national_rule_forms(p: dict[str, OrganizationProfile], org: str) -> None:
    forms = p[org].forms
    assert forms[D.PROPOSAL].designation == "別記様式第七"
    assert forms[D.PLEDGE].designation == "別記様式第八"
    assert forms[D.APPROVAL_NOTICE].designation == "別記様式第九"
    assert forms[D.CONTRACT_APPLICATION].designation == "別記様式第十"
    assert forms[D.CONTRACT_APPLICATION].title == "行政機関等匿名加工情報の利用に関する契約の締結の申込書"
    assert forms[D.REJECTION_NOTICE].designation == "別記様式第十一"
    assert [forms[k].designation for k in (D.REUSE_PROPOSAL, D.REUSE_APPROVAL_NOTICE, D.REUSE_REJECTION_NOTICE)] == [
        "別記様式第十二",
        "別記様式第十三",
        "別記様式第十四",
    ]


# --- 奈良県警察 (nara-police-procedure.txt) ------------------------------------------------------------


def test_nara_desk_and_forms(p: dict[str, OrganizationProfile]) -> None:
    nara = p["nara-police"]
    assert (nara.name, nara.body_name) == ("奈良県警察本部長", "奈良県警察")
    assert nara.kind is OrganizationKind.PREFECTURAL_POLICE
    assert nara.reception_desk.short_name == "県民サービス課"  # §2-2
    assert nara.reception_desk.extension == "2194"
    assert nara.is_placeholder("reception_desk.address")  # issue 2: Nara's public address is not in the seed
    assert [nara.forms[k].designation for k in D if k in nara.forms and nara.forms[k].designation] == [
        "第1号様式",
        "第2号様式",
        "第3号様式",
        "第4号様式",
        "第5号様式",
        "第6号様式",
        "第7号様式",
        "第8号様式",
        "第9号様式",
        "第10号様式",
    ]
    assert nara.forms[D.CHANGE_NOTIFICATION].title == "記載事項変更申出書"
    assert nara.forms[D.USE_CONTRACT].designation is None  # drafted by the division


def test_nara_owning_division_handles_stamps_and_delivery(p: dict[str, OrganizationProfile]) -> None:
    nara = p["nara-police"]
    r = nara.responsibilities
    assert r[Step.INTAKE].performer is Actor.RECEPTION_DESK  # §2-4
    assert r[Step.CONTRACT_APPLICATION_RECEIPT].performer is Actor.OWNING_DIVISION  # §2-9
    assert r[Step.PAYMENT_CHECK].performer is Actor.OWNING_DIVISION  # §2-9 収入証紙の確認・消印
    assert r[Step.REGISTER_UPDATE].performer is Actor.OWNING_DIVISION  # §2-11
    assert r[Step.DELIVERY].performer is Actor.OWNING_DIVISION  # §2-12
    assert r[Step.DELIVERY].consults is Actor.RECEPTION_DESK  # §2-10 県民サービス課に協議
    assert r[Step.REVIEW].consults is Actor.RECEPTION_DESK  # §2-5 事前協議
    assert r[Step.PPC_REPORT].consults is Actor.RECEPTION_DESK  # §2-14
    assert r[Step.GENERAL_CONSULTATION].performer is Actor.RECEPTION_DESK  # §2-3
    assert r[Step.FILE_CONTENT_CONSULTATION].performer is Actor.OWNING_DIVISION  # §2-3
    assert r[Step.DELIVERY].describe() == "主管課（提案窓口と協議の上）"
    assert nara.payment.methods == (PaymentMethod.PREFECTURAL_STAMP,)
    assert nara.payment.stamp_label == "収入証紙"
    assert nara.payment.cancelled_on_receipt


def test_nara_rules(p: dict[str, OrganizationProfile]) -> None:
    nara = p["nara-police"]
    proc = nara.procedure
    assert proc.notice_strictly_before_first_day  # §2-2(1)
    assert proc.review_requires_prior_consultation  # §2-5
    assert proc.ppc_report_after_desk_consultation  # §2-14
    assert proc.reviews_estimated_vs_actual_hours  # §2-7
    assert proc.contract_copy_to_desk  # §2-9
    fees = nara.fees  # §2-7 条例7条1項, 第3 条例7条2項
    assert (fees.base_yen, fees.per_started_hour_yen, fees.change_fee_yen) == (21000, 3950, 12600)
    assert "令和4年12月奈良県条例第19号）第7条第1項" in fees.legal_basis
    assert fees.reuse_legal_basis.endswith("第7条第2項第1号")
    assert fees.change_legal_basis.endswith("第7条第2項第2号")
    # §2-9: stamp duty when the contract exceeds 10,000 yen
    assert not nara.stamp_duty.required(10000)
    assert nara.stamp_duty.required(10001)


# --- 福岡県警察 (fukuoka-police-procedure.txt) ---------------------------------------------------------


def test_fukuoka_desk_handles_stamps_and_delivery(p: dict[str, OrganizationProfile]) -> None:
    fk = p["fukuoka-police"]
    assert (fk.name, fk.body_name) == ("福岡県警察本部長", "福岡県警察")
    assert fk.reception_desk.name == "福岡県警察本部 総務部総務課情報公開室"  # 第3-1
    assert fk.reception_desk.extension == "2145"
    r = fk.responsibilities
    assert r[Step.INTAKE].performer is Actor.RECEPTION_DESK  # 第6
    assert r[Step.CONTRACT_APPLICATION_RECEIPT].performer is Actor.RECEPTION_DESK  # 第8-1(1)
    assert r[Step.PAYMENT_CHECK].performer is Actor.RECEPTION_DESK  # 第3-2(1)ウ, 第8-1 領収証紙
    assert r[Step.DELIVERY].performer is Actor.RECEPTION_DESK  # 第3-2(1)オ
    assert r[Step.DELIVERY].assisted_by is Actor.OWNING_DIVISION  # 第10-1 立会い
    assert r[Step.DECISION_NOTICE].performer is Actor.OWNING_DIVISION  # 第7-3
    assert r[Step.DECISION_NOTICE].through is Actor.RECEPTION_DESK  # 「総務課を介して」
    assert r[Step.REVIEW].performer is Actor.OWNING_DIVISION  # 第7-1
    assert fk.is_placeholder("responsibilities.register_update")  # not in the seed
    assert fk.payment.stamp_label == "領収証紙"
    assert fk.payment.shortfall_returns_documents
    assert fk.payment.overpayment_returned_before_cancel
    assert fk.procedure.desk_keeps_copies  # 第6-4
    assert fk.procedure.keeps_consultation_records  # 第4 応接記録
    assert fk.procedure.desk_head_may_deviate  # 第12-1


def test_fukuoka_forms_fees_and_retention(p: dict[str, OrganizationProfile]) -> None:
    fk = p["fukuoka-police"]
    assert fk.forms[D.USE_CONTRACT].designation == "標準様式第一"  # 第7-3(1)
    assert fk.forms[D.CHANGE_NOTIFICATION].designation == "標準様式第二"  # 第10-2(1)ア
    assert fk.forms[D.REUSE_CONTRACT].designation == "標準様式第三"  # 第11
    assert "令和4年福岡県条例第43号）第9条第1項" in fk.fees.legal_basis  # 第7-2(1)
    assert fk.stamp_duty.required(10000)  # 第8-1(1) 「1万円以上」
    division, desk = fk.retention  # 第13
    assert (division.holder, division.years) == (Actor.OWNING_DIVISION, 5)
    assert "記載事項変更申出書" in division.documents
    assert (desk.holder, desk.years) == (Actor.RECEPTION_DESK, 1)
    assert "提案募集の公示関係書類（写し）" in desk.documents
    assert fk.is_placeholder("retention.0.counting_start")


# --- the abolished 2017 rule (legacy-2017-rule-deidentified-info.txt) -------------------------------------


def test_legacy_2017(p: dict[str, OrganizationProfile]) -> None:
    lg = p["legacy-2017"]
    assert (lg.name, lg.body_name) == ("国税庁長官", "国税庁")
    assert lg.kind is OrganizationKind.LEGACY_NATIONAL_AGENCY
    assert lg.legal_regime is LegalRegime.LEGACY_2017
    assert not lg.must_solicit
    designations = [
        lg.forms[k].designation
        for k in (
            D.PROPOSAL,
            D.PLEDGE,
            D.APPROVAL_NOTICE,
            D.CONTRACT_APPLICATION,
            D.REJECTION_NOTICE,
            D.REUSE_PROPOSAL,
            D.REUSE_APPROVAL_NOTICE,
            D.REUSE_REJECTION_NOTICE,
        )
    ]
    assert designations == [f"別記様式第{n}" for n in "一二三四五六七八"]
    assert lg.forms[D.PROPOSAL].title == "行政機関非識別加工情報をその用に供して行う事業に関する提案書"
    assert lg.fees.per_third_party_opinion_yen == 210  # 旧法44条の8
    assert lg.procedure.third_party_opinion_procedure
    assert lg.payment.methods[0] is PaymentMethod.ELECTRONIC  # 旧規則9条2項
    (s,) = lg.solicitations
    assert (s.fiscal_year, s.first_day, s.last_day) == (2017, date(2018, 2, 26), date(2018, 3, 28))
    assert lg.is_placeholder("reception_desk.name")


def test_no_current_profile_has_the_legacy_third_party_fee(p: dict[str, OrganizationProfile]) -> None:
    for profile in p.values():
        if profile.legal_regime is LegalRegime.CURRENT_ACT:
            assert profile.fees.per_third_party_opinion_yen is None
            assert not profile.procedure.third_party_opinion_procedure

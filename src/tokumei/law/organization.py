"""Organization profiles: everything that differs between 行政機関の長等, as plain frozen data.

A profile describes one 行政機関の長等 / 地方公共団体の機関 (e.g. 熊本市長, 出入国在留管理庁長官,
奈良県警察本部長) and how it runs the procedure of 法第5章第5節 (法109条〜123条): its reception desk
(提案窓口), its owning divisions (主管課), who does which step, the form numbers, the fee rule, the payment
method, retention periods and the small rules that differ between the seed documents
(ARCHITECTURE.md principle 5: "organizations differ by data, not by branches").

This module is pure: no I/O, no clock, no pydantic. Profiles are built by :mod:`tokumei.profiles` from the
YAML files under ``tokumei/law/profiles/``. Every value the seeds and the Act do not give is listed in
:attr:`OrganizationProfile.placeholders` as a dotted field path so the UI can label it
「デモ用の仮の値」 (issue 2, issue 11).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from types import MappingProxyType

PLACEHOLDER_LABEL = "デモ用の仮の値"
"""The label the UI shows beside every value listed in ``OrganizationProfile.placeholders``."""


class OrganizationKind(enum.StrEnum):
    """The kind of body that holds the files (法2条8項〜11項, 法附則7条)."""

    NATIONAL_AGENCY = "national_agency"
    """国の行政機関 (法2条8項), e.g. 出入国在留管理庁."""
    INCORPORATED_ADMINISTRATIVE_AGENCY = "incorporated_administrative_agency"
    """独立行政法人等 (法2条9項); sets its own 利用料 (法119条5〜7項)."""
    PREFECTURE = "prefecture"
    """都道府県の機関 (知事部局 etc.)."""
    DESIGNATED_CITY = "designated_city"
    """政令指定都市 (地方自治法252条の19), e.g. 熊本市."""
    MUNICIPALITY = "municipality"
    """Other 市町村 and special wards; soliciting is optional (法附則7条)."""
    LOCAL_INCORPORATED_ADMINISTRATIVE_AGENCY = "local_incorporated_administrative_agency"
    """地方独立行政法人; soliciting is optional (法附則7条), own fee (法119条8〜10項)."""
    PREFECTURAL_POLICE = "prefectural_police"
    """都道府県警察 (a prefecture's organ: 警察本部長), e.g. 奈良県警察本部長."""
    LEGACY_NATIONAL_AGENCY = "legacy_national_agency"
    """A national agency as it acted under the abolished 2017 rule (行政機関非識別加工情報)."""

    @property
    def label(self) -> str:
        """Japanese label for the UI."""
        return _KIND_LABELS[self]


_KIND_LABELS: Mapping[OrganizationKind, str] = MappingProxyType(
    {
        OrganizationKind.NATIONAL_AGENCY: "国の行政機関",
        OrganizationKind.INCORPORATED_ADMINISTRATIVE_AGENCY: "独立行政法人等",
        OrganizationKind.PREFECTURE: "都道府県",
        OrganizationKind.DESIGNATED_CITY: "政令指定都市",
        OrganizationKind.MUNICIPALITY: "市町村（指定都市以外）",
        OrganizationKind.LOCAL_INCORPORATED_ADMINISTRATIVE_AGENCY: "地方独立行政法人",
        OrganizationKind.PREFECTURAL_POLICE: "都道府県警察",
        OrganizationKind.LEGACY_NATIONAL_AGENCY: "国の行政機関（旧行政機関非識別加工情報制度）",
    }
)


class LegalRegime(enum.StrEnum):
    """Which body of law a profile's cases run under."""

    CURRENT_ACT = "current_act"
    """個人情報の保護に関する法律 第5章第5節 (法109条〜123条), 規則53条〜66条."""
    LEGACY_2017 = "legacy_2017"
    """旧行政機関個人情報保護法 第4章の2 (旧法44条の2〜16); 平成29年個人情報保護委員会規則第1号 (abolished).
    """

    @property
    def label(self) -> str:
        """Japanese label for the UI."""
        if self is LegalRegime.CURRENT_ACT:
            return "個人情報の保護に関する法律（行政機関等匿名加工情報）"
        return "旧行政機関の保有する個人情報の保護に関する法律（行政機関非識別加工情報・廃止）"


def solicitation_mandatory(kind: OrganizationKind, regime: LegalRegime) -> bool | None:
    """Whether the law obliges this kind of body to solicit proposals every fiscal year.

    法111条 obliges every 行政機関の長等; 法附則7条 reads it as "may solicit" (当分の間) for
    地方公共団体 other than 都道府県 and 指定都市 and for 地方独立行政法人. National organs,
    独立行政法人等, prefectures (incl. their police) and designated cities must solicit. A body under the
    abolished 2017 rule takes no new proposals at all.

    Returns ``True`` (must), ``False`` (must not: abolished regime) or ``None`` (the body chooses).
    """
    if regime is LegalRegime.LEGACY_2017 or kind is OrganizationKind.LEGACY_NATIONAL_AGENCY:
        return False
    if kind in (OrganizationKind.MUNICIPALITY, OrganizationKind.LOCAL_INCORPORATED_ADMINISTRATIVE_AGENCY):
        return None
    return True


class Actor(enum.StrEnum):
    """Who inside the organization performs a step (DOMAIN.md "Who is involved")."""

    RECEPTION_DESK = "reception_desk"
    """提案窓口 (e.g. 法制課, 県民サービス課, 総務課情報公開室)."""
    OWNING_DIVISION = "owning_division"
    """主管課: the division that holds the personal-information file."""

    @property
    def label(self) -> str:
        """Japanese label for the UI."""
        return "提案窓口" if self is Actor.RECEPTION_DESK else "主管課"


class Step(enum.StrEnum):
    """The steps of the procedure whose performer differs by organization (DOMAIN.md "The life of a case")."""

    FILE_SELECTION = "file_selection"
    """提案募集対象ファイルの選定 and its reasons (法60条3項, 法110条; Nara §2-1)."""
    SOLICITATION = "solicitation"
    """提案の募集と公示 (法111条, 規則53条)."""
    GENERAL_CONSULTATION = "general_consultation"
    """相談: the system in general, the register, fees (法127条; Nara §3, Fukuoka 第4)."""
    FILE_CONTENT_CONSULTATION = "file_content_consultation"
    """相談: a file's content and a proposal's content (Nara §3)."""
    INTAKE = "intake"
    """提案の受付 (法112条; Fukuoka 第6)."""
    PROPOSAL_CHECK = "proposal_check"
    """提案書の記載事項・添付書類・本人確認書類の確認 (法112条2・3項; Nara §4(1)〜(3))."""
    CORRECTION_REQUEST = "correction_request"
    """訂正の求め (規則54条7項; Fukuoka 第6-2(3), Nara §5)."""
    REVIEW = "review"
    """審査 (法114条1項)."""
    FEE_ESTIMATE = "fee_estimate"
    """手数料の積算 (法114条2項, 規則59条2項; Nara §6〜7, Fukuoka 第7-2)."""
    DECISION_NOTICE = "decision_notice"
    """審査結果の通知 with the fee (法114条2・3項, 規則59条)."""
    CONTRACT_APPLICATION_RECEIPT = "contract_application_receipt"
    """契約締結の申込書と契約書2通の受領 (法115条; Nara §9, Fukuoka 第8-1)."""
    PAYMENT_CHECK = "payment_check"
    """手数料（印紙・証紙）の確認と消印, return when short or over (Nara §9, Fukuoka 第8-1)."""
    CONTRACT_SIGNING = "contract_signing"
    """契約書への記名押印と1通の返送 (Nara §9, Fukuoka 第8-2)."""
    OUTSOURCING = "outsourcing"
    """委託業者の選定と停止条件付き委託契約 (法116条2項; Nara §10(2), Fukuoka 第9-1(2))."""
    CREATION = "creation"
    """作成 (法116条1項, 規則62条)."""
    REGISTER_UPDATE = "register_update"
    """個人情報ファイル簿への記載 (法117条; Nara §11)."""
    DELIVERY = "delivery"
    """提供 (法121条2項; Nara §10・12, Fukuoka 第10-1)."""
    SUPERVISION = "supervision"
    """提供後の監督: 記載事項変更申出書, 118条後段 proposals (Nara §13, Fukuoka 第10-2)."""
    TERMINATION = "termination"
    """契約の解除 (法120条; Nara §14(1), Fukuoka 第10-2(2))."""
    PPC_REPORT = "ppc_report"
    """個人情報保護委員会への報告 (解除・不適切利用; Nara §14 after consulting the desk)."""
    END_OF_USE_CHECK = "end_of_use_check"
    """利用終了時の返却・削除の確認 (Nara §15)."""

    @property
    def label(self) -> str:
        """Japanese label for the UI."""
        return _STEP_LABELS[self]


_STEP_LABELS: Mapping[Step, str] = MappingProxyType(
    {
        Step.FILE_SELECTION: "提案募集対象ファイルの選定",
        Step.SOLICITATION: "提案の募集・公示",
        Step.GENERAL_CONSULTATION: "制度全般に関する相談",
        Step.FILE_CONTENT_CONSULTATION: "個人情報ファイルの内容・提案内容に関する相談",
        Step.INTAKE: "提案の受付",
        Step.PROPOSAL_CHECK: "提案書・添付書類の確認",
        Step.CORRECTION_REQUEST: "訂正の求め",
        Step.REVIEW: "審査",
        Step.FEE_ESTIMATE: "手数料の積算",
        Step.DECISION_NOTICE: "審査結果の通知",
        Step.CONTRACT_APPLICATION_RECEIPT: "契約締結の申込書の受領",
        Step.PAYMENT_CHECK: "手数料の確認・消印",
        Step.CONTRACT_SIGNING: "契約の締結",
        Step.OUTSOURCING: "作成の委託",
        Step.CREATION: "行政機関等匿名加工情報の作成",
        Step.REGISTER_UPDATE: "個人情報ファイル簿への記載",
        Step.DELIVERY: "提供",
        Step.SUPERVISION: "提供後の監督",
        Step.TERMINATION: "契約の解除",
        Step.PPC_REPORT: "個人情報保護委員会への報告",
        Step.END_OF_USE_CHECK: "利用終了時の削除の確認",
    }
)


class DocumentKind(enum.StrEnum):
    """Documents whose form number and title differ by organization (DOMAIN.md "The forms")."""

    SOLICITATION_NOTICE = "solicitation_notice"
    PROPOSAL = "proposal"
    PLEDGE = "pledge"
    POWER_OF_ATTORNEY = "power_of_attorney"
    APPROVAL_NOTICE = "approval_notice"
    CONTRACT_APPLICATION = "contract_application"
    REJECTION_NOTICE = "rejection_notice"
    USE_CONTRACT = "use_contract"
    CHANGE_NOTIFICATION = "change_notification"
    REUSE_PROPOSAL = "reuse_proposal"
    REUSE_APPROVAL_NOTICE = "reuse_approval_notice"
    REUSE_REJECTION_NOTICE = "reuse_rejection_notice"
    REUSE_CONTRACT = "reuse_contract"


class PaymentMethod(enum.StrEnum):
    """How the fee is paid (規則60条, 令31条3項; prefectural ordinances)."""

    REVENUE_STAMP = "revenue_stamp"
    """収入印紙 affixed to the contract application (規則60条, national organs)."""
    ELECTRONIC = "electronic"
    """納付情報による電子納付 (規則60条)."""
    PAYMENT_SLIP = "payment_slip"
    """納付書 (平成13年財務省令第10号), where designated (規則60条2項2号)."""
    PREFECTURAL_STAMP = "prefectural_stamp"
    """A prefecture's own certificate stamp (Nara 収入証紙, Fukuoka 領収証紙) affixed to the application."""
    MUNICIPAL_PAYMENT = "municipal_payment"
    """A municipality's 納入通知書 / 窓口 cash payment (by ordinance)."""

    @property
    def label(self) -> str:
        """Japanese label for the UI."""
        return _PAYMENT_LABELS[self]


_PAYMENT_LABELS: Mapping[PaymentMethod, str] = MappingProxyType(
    {
        PaymentMethod.REVENUE_STAMP: "収入印紙",
        PaymentMethod.ELECTRONIC: "電子納付",
        PaymentMethod.PAYMENT_SLIP: "納付書",
        PaymentMethod.PREFECTURAL_STAMP: "証紙",
        PaymentMethod.MUNICIPAL_PAYMENT: "納入通知書による納付",
    }
)


class ChargeKind(enum.StrEnum):
    """Whether the body charges a statutory fee or sets its own usage charge (法119条)."""

    FEE = "fee"
    """手数料: by Cabinet Order (国, 法119条1・2項) or by ordinance (地方公共団体, 法119条3・4項)."""
    USAGE_CHARGE = "usage_charge"
    """利用料: set and published by the body itself (独立行政法人等 法119条5〜7項, 地方独法 8〜10項)."""


class ReuseFeeRule(enum.StrEnum):
    """The fee for a 法118条前段 proposal by someone other than the original recipient."""

    SAME_AS_ORIGINAL = "same_as_original"
    """同一の額: the original contract's fee (令31条2項; Nara 条例7条2項1号, Fukuoka 第11)."""


class ThresholdComparison(enum.StrEnum):
    """How an amount is compared with a threshold."""

    GREATER_THAN = "greater_than"
    """「…を超える」."""
    AT_LEAST = "at_least"
    """「…以上」."""

    def holds(self, amount_yen: int, threshold_yen: int) -> bool:
        """Compare ``amount_yen`` with ``threshold_yen``."""
        if self is ThresholdComparison.GREATER_THAN:
            return amount_yen > threshold_yen
        return amount_yen >= threshold_yen


class RequiredWhen(enum.StrEnum):
    """When an attachment to a proposal is required (法112条3項, 規則54条)."""

    ALWAYS = "always"
    INDIVIDUAL = "individual"
    CORPORATION = "corporation"
    PROXY = "proxy"
    ON_REQUEST = "on_request"


# --------------------------------------------------------------------------------------------------
# Parts of a profile
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """When the desk accepts documents in person: weekdays, minus 行政機関の休日 if ``closed_year_end``.

    Seeds: Kumamoto 5(2)(注1) and ISA 5(2)(注1) 「平日の午前9時から午後5時まで（年末年始を除く。）」.
    """

    opens: time
    closes: time
    weekdays_only: bool = True
    closed_year_end: bool = True
    note: str = ""

    def describe(self) -> str:
        """Japanese description, e.g. 「平日 9:00〜17:00（年末年始を除く。）」."""
        days = "平日" if self.weekdays_only else "毎日"
        text = f"{days} {self.opens.hour}:{self.opens.minute:02d}〜{self.closes.hour}:{self.closes.minute:02d}"
        if self.closed_year_end:
            text += "（年末年始を除く。）"
        return text


@dataclass(frozen=True, slots=True)
class ReceptionDesk:
    """提案窓口: the office that receives proposals (法110条2号) and answers general questions."""

    code: str
    name: str
    """Full name as the notice prints it, e.g. 熊本市総務局行政管理部法制課（情報公開窓口）."""
    short_name: str
    """Short name used in sentences, e.g. 法制課, 県民サービス課, 総務課."""
    postal_code: str | None
    address: str | None
    phone: str | None
    email: str | None
    opening_hours: OpeningHours
    extension: str | None = None
    """Internal extension number where the seed gives one (Nara 2194, Fukuoka 2145)."""


@dataclass(frozen=True, slots=True)
class OwningDivision:
    """主管課: a division that holds personal-information files (Nara §2-1, Fukuoka 第2(3))."""

    code: str
    name: str
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Responsibility:
    """Who performs one step, whom they consult first and through whom it passes.

    ``consults`` = must consult/agree with that actor before acting (e.g. Nara §5 事前協議 before review,
    §10 delivery 「県民サービス課に協議すること」, §14 PPC report 「県民サービス課と協議の上」).
    ``through`` = the document passes through that actor (Fukuoka 第7-3 「総務課を介して」).
    ``assisted_by`` = may be asked to attend or help (Fukuoka 第4 and 第10-1 立会い).
    """

    performer: Actor
    consults: Actor | None = None
    through: Actor | None = None
    assisted_by: Actor | None = None
    source: str = ""

    def describe(self) -> str:
        """Japanese one-line description for the responsibility table."""
        text = self.performer.label
        if self.consults is not None:
            text += f"（{self.consults.label}と協議の上）"
        if self.through is not None:
            text += f"（{self.through.label}を介して）"
        if self.assisted_by is not None:
            text += f"（{self.assisted_by.label}の立会い・助言を求めることができる）"
        return text


@dataclass(frozen=True, slots=True)
class FormSpec:
    """One official form: its designation (e.g. 別記様式第七, 第1号様式) and title.

    ``designation`` is ``None`` where there is no numbered form and the organization drafts the document
    itself (e.g. the use contract in Nara: 「契約書は主管課において作成する」, Nara 第3-1(2)).
    """

    designation: str | None
    title: str
    legal_basis: str = ""


@dataclass(frozen=True, slots=True)
class UsageChargeItem:
    """One line of the price table a 独立行政法人等 publishes for its 利用料 (法119条5〜7項; 地方独法 8〜10項).

    Optional: a body whose 利用料 has the 令31条 shape (base + hourly + processor) needs no table. Each line is
    added to ``base_yen`` + ``per_started_hour_yen`` × started hours: a flat amount per proposal, or (when
    ``per_started_hour``) an amount per started hour of the same estimate (:mod:`tokumei.law.fees`).
    """

    code: str
    label: str
    amount_yen: int
    per_started_hour: bool = False


@dataclass(frozen=True, slots=True)
class FeeRule:
    """The fee (手数料) or usage charge (利用料) and its legal basis (法119条, 令31条, ordinances).

    New proposal: ``base_yen`` + ``per_started_hour_yen`` × started hours + the amount paid to a processor
    (when ``includes_outsourcing_cost``) + ``per_third_party_opinion_yen`` × third parties given an opinion
    opportunity (legacy 2017 rule only: 旧法44条の8, 旧令25条).
    """

    charge_kind: ChargeKind
    base_yen: int
    per_started_hour_yen: int
    includes_outsourcing_cost: bool
    reuse_fee: ReuseFeeRule
    change_fee_yen: int | None
    """法118条後段 change by an existing recipient (12,600 yen); ``None`` where the regime has no such fee."""
    per_third_party_opinion_yen: int | None
    legal_basis: str
    reuse_legal_basis: str
    change_legal_basis: str
    no_refund_on_actual_hours: bool = True
    """No refund or extra charge when actual hours differ; a formal error is corrected.

    Nara §7, Fukuoka 第7-2(2).
    """
    usage_charge_table: tuple[UsageChargeItem, ...] = ()
    """利用料 price-table lines (法119条5〜10項); only with ``charge_kind`` ``usage_charge``. Empty by default."""


@dataclass(frozen=True, slots=True)
class PaymentRule:
    """How the fee is paid and what is done with short or over payment (Nara §9, Fukuoka 第8-1)."""

    methods: tuple[PaymentMethod, ...]
    stamp_label: str | None
    """The stamp's local name where a stamp is used: 収入印紙, 収入証紙 (Nara), 領収証紙 (Fukuoka)."""
    affixed_to: DocumentKind | None
    cancelled_on_receipt: bool
    """The checker cancels (消印) the stamps when nothing is missing."""
    shortfall_returns_documents: bool
    """Missing or insufficient stamps: return the documents and ask for resubmission (Fukuoka 第8-1(2)ア)."""
    overpayment_returned_before_cancel: bool
    """Overpaid: return before cancelling, resubmit with the exact amount (Fukuoka 第8-1(2)イ)."""
    regulation: str = ""
    """The local stamp regulation, e.g. 奈良県収入証紙条例施行規則 (Nara §9)."""


@dataclass(frozen=True, slots=True)
class StampDutyRule:
    """印紙税 on the use contract: the proposer's, apart from the fee (印紙税法; Nara §9, Fukuoka 第8-1)."""

    comparison: ThresholdComparison
    threshold_yen: int
    copies_stamped: int
    note: str = ""

    def required(self, contract_amount_yen: int) -> bool:
        """Whether a revenue stamp must be affixed to one contract copy for this contract amount (the fee)."""
        return self.comparison.holds(contract_amount_yen, self.threshold_yen)


@dataclass(frozen=True, slots=True)
class SubmissionRule:
    """How proposals are submitted (Kumamoto 5(2), ISA 5(2); Nara §4, Fukuoka 第6)."""

    in_person: bool
    by_mail: bool
    online: bool
    mail_must_arrive_by_last_day: bool
    envelope_note: str | None
    copies: int
    last_day_closing_time: time | None
    """A closing time on the period's last day (ISA 4: 「令和8年3月13日（金）午後5時まで」)."""
    written_only: bool = True
    """法112条2項: proposals are documents; no phone or oral proposals (Fukuoka 第6-2(2))."""


@dataclass(frozen=True, slots=True)
class RequiredDocument:
    """One document a proposer must submit (法112条2・3項, 規則54条)."""

    code: str
    name: str
    required_when: RequiredWhen
    form: DocumentKind | None = None
    note: str = ""


class RecordSeries(enum.StrEnum):
    """The series of records the system keeps, as a retention table (Fukuoka 第13) sorts them.

    The first nine are the documents of Fukuoka 第13's two tables; the rest are records the seeds' tables do not
    list, which a profile files under its ``retention_default`` binder.
    """

    PROPOSAL = "proposal"
    """提案書類 (法112条2・3項, 規則54条)."""
    PLEDGE = "pledge"
    """誓約書 (規則54条6項)."""
    DECISION_NOTICE = "decision_notice"
    """審査結果通知書（写し） (規則59条1・3項)."""
    CONTRACT_APPLICATION = "contract_application"
    """申込書 (規則59条1項1号), with the payment checked on it."""
    CONTRACT = "contract"
    """契約書 (法115条)."""
    CHANGE_NOTIFICATION = "change_notification"
    """記載事項変更申出書."""
    PROPOSAL_COPY = "proposal_copy"
    """提案書類（写し） kept by the desk (Fukuoka 第6-4)."""
    SOLICITATION_PAPERS = "solicitation_papers"
    """提案募集の公示関係書類（写し）."""
    OTHER = "other"
    """その他 (the desk's binder)."""
    CONSULTATION_RECORD = "consultation_record"
    """応接記録 (Fukuoka 第4)."""
    RULE62_REPORT = "rule62_report"
    """規則62条の基準への適合の確認 (the Rule-62 report of a review or a run)."""
    PROCESSOR_DELETION = "processor_deletion"
    """委託先による消去の確認 (法116条2項, 規則65条)."""
    TERMINATION_REPORT = "termination_report"
    """契約の解除 (法120条) and the reports to the PPC."""
    COMPLAINT = "complaint"
    """苦情の処理の記録 (法128条)."""
    CREATED_DATASET = "created_dataset"
    """作成した行政機関等匿名加工情報 and its delivery media (法116条1項, 法121条2項)."""

    @property
    def label(self) -> str:
        """Japanese label for the UI."""
        return _SERIES_LABELS[self]


_SERIES_LABELS: Mapping[RecordSeries, str] = MappingProxyType(
    {
        RecordSeries.PROPOSAL: "提案書類",
        RecordSeries.PLEDGE: "誓約書",
        RecordSeries.DECISION_NOTICE: "審査結果通知書（写し）",
        RecordSeries.CONTRACT_APPLICATION: "申込書",
        RecordSeries.CONTRACT: "契約書",
        RecordSeries.CHANGE_NOTIFICATION: "記載事項変更申出書",
        RecordSeries.PROPOSAL_COPY: "提案書類（写し）",
        RecordSeries.SOLICITATION_PAPERS: "提案募集の公示関係書類（写し）",
        RecordSeries.OTHER: "その他",
        RecordSeries.CONSULTATION_RECORD: "応接記録",
        RecordSeries.RULE62_REPORT: "規則第62条の基準への適合の確認",
        RecordSeries.PROCESSOR_DELETION: "委託先による消去の確認",
        RecordSeries.TERMINATION_REPORT: "契約の解除及び個人情報保護委員会への報告",
        RecordSeries.COMPLAINT: "苦情の処理の記録",
        RecordSeries.CREATED_DATASET: "作成した行政機関等匿名加工情報（提供用の媒体を含む）",
    }
)


class RetentionStart(enum.StrEnum):
    """The day from which a retention period is counted (保存期間の起算日)."""

    NEXT_CALENDAR_YEAR = "next_calendar_year"
    """The 1 January after the year the document was made or obtained (the Fukuoka seed: 「…12月31日まで」)."""
    NEXT_FISCAL_YEAR = "next_fiscal_year"
    """The 1 April after the fiscal year the document was made or obtained (公文書管理法施行令8条: national
    行政機関)."""

    @property
    def label(self) -> str:
        """The counting start as a retention table states it."""
        if self is RetentionStart.NEXT_CALENDAR_YEAR:
            return "作成又は取得の日の属する年の翌年1月1日"
        return "作成又は取得の日の属する年度の翌年度の4月1日"


@dataclass(frozen=True, slots=True)
class RetentionRule:
    """How long a holder keeps a binder of documents (Fukuoka 第13).

    ``series`` are the :class:`RecordSeries` the binder holds (the codes of ``documents``); ``counts_from`` is
    the counting start ``counting_start`` states, or ``None`` on a ``retention_default`` binder that counts as
    the profile's own binder of the same holder does.
    """

    holder: Actor
    binder_name: str
    documents: tuple[str, ...]
    years: int
    counting_start: str
    series: tuple[RecordSeries, ...] = ()
    counts_from: RetentionStart | None = None


@dataclass(frozen=True, slots=True)
class PublishedSolicitation:
    """A solicitation the seed documents show (period stored as the law states it: inclusive days)."""

    fiscal_year: int
    notice_date: date | None
    first_day: date
    last_day: date
    closing_time: time | None
    source: str = ""


class NumberStyle(enum.StrEnum):
    """How the year appears in a document number (文書番号; each office's 文書管理規程)."""

    PLAIN = "plain"
    """「県サ第445号」: no year (the sequence still restarts each year)."""
    ERA_YEAR_PREFIX = "era_year_prefix"
    """「7県サ第445号」: the 和暦 year of the sequence's year in front (元 for year 1)."""


NUMBERED_DOCUMENTS: frozenset[DocumentKind] = frozenset(
    {
        DocumentKind.SOLICITATION_NOTICE,
        DocumentKind.APPROVAL_NOTICE,
        DocumentKind.REJECTION_NOTICE,
        DocumentKind.REUSE_APPROVAL_NOTICE,
        DocumentKind.REUSE_REJECTION_NOTICE,
    }
)
"""The documents that carry a document number of their own: the notice (規則53条2項) and the decision notices
(規則59条1・3項, 規則64条)."""


@dataclass(frozen=True, slots=True)
class DocumentNumbering:
    """How the organization numbers the documents it sends (文書番号, e.g. 「県サ第445号」).

    One sequence per document kind and fiscal year (April–March), restarting at 1 each year; ``prefixes`` gives
    each numbered kind its 記号 (distinct, so two kinds never print the same number). A kind without a prefix
    has no sequence: staff type its number.
    """

    style: NumberStyle = NumberStyle.PLAIN
    prefixes: Mapping[DocumentKind, str] = field(default_factory=lambda: MappingProxyType({}))

    def prefix(self, kind: DocumentKind) -> str | None:
        """The 記号 of ``kind``'s sequence, or ``None`` when the organization numbers it by hand."""
        return self.prefixes.get(kind)


@dataclass(frozen=True, slots=True)
class ProcedureRules:
    """Small procedural differences between organizations, each with the seed section that states it."""

    notice_strictly_before_first_day: bool
    """Nara §2-2(1) 「募集開始の日よりも前に」; otherwise 規則53条2項 「あらかじめ」 (on or before)."""
    review_requires_prior_consultation: bool
    """Nara §5: the division reviews 「県民サービス課と事前協議を行った上で」."""
    delivery_requires_desk_consultation: bool
    """Nara §10: 「提供に当たっては県民サービス課に協議すること」."""
    ppc_report_after_desk_consultation: bool
    """Nara §14(1)ア・(2): report to the PPC 「県民サービス課と協議の上、直ちに」."""
    ppc_report_on_intended_termination: bool
    """Report when intending to terminate and on terminating (PPC 事務対応ガイド via Nara §14(1)ア)."""
    ppc_report_on_improper_use: bool
    """Improper use short of termination is reported too (Nara §14(2))."""
    desk_keeps_copies: bool
    """The desk keeps copies of the proposal and stamped application/contract (Fukuoka 第6-4, 第8-1(1))."""
    contract_copy_to_desk: bool
    """After the contract, the division sends a copy to the desk (Nara §9)."""
    keeps_consultation_records: bool
    """応接記録 of consultations (Fukuoka 第4)."""
    reviews_estimated_vs_actual_hours: bool
    """The division compares estimated and actual hours to improve estimates (Nara §7)."""
    may_share_proposal_with_processor: bool
    """Parts of a proposal may be given to a processor (Kumamoto 9(7))."""
    selection_reasons_required: bool
    """Reasons for selecting and for not selecting each file are recorded (Nara §2-1)."""
    grouped_solicitation_allowed: bool
    """Similar files of several divisions may be solicited together (Nara §2-2(3))."""
    subject_count_at_period_end: bool
    """The file's subject count is taken at the end of the period, 「原則として」 (Fukuoka 第7-1(2))."""
    third_party_opinion_procedure: bool
    """旧法44条の8: third parties may be given an opportunity to submit opinions (legacy 2017 rule only)."""
    handler_change_needs_prior_notice: bool
    """Adding/replacing a handler is notified before the change with an acceptable reason (Nara §13(1))."""
    desk_head_may_deviate: bool = False
    """Fukuoka 第12-1: 総務課長 may arrange a different handling where the procedure is difficult."""


# --------------------------------------------------------------------------------------------------
# The profile
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrganizationProfile:
    """One organization (行政機関の長等) and every way its procedure differs from the others.

    Build it with :func:`tokumei.profiles.load_profile`; it is validated there. ``placeholders`` lists the
    dotted paths (e.g. ``"reception_desk.email"``, ``"owning_divisions.0.name"``, ``"fees"``) of values the
    seeds do not give, which the UI labels 「デモ用の仮の値」; a listed path covers everything under it.
    """

    id: str
    name: str
    """行政機関の長等 as it signs documents, e.g. 熊本市長, 出入国在留管理庁長官, 奈良県警察本部長."""
    body_name: str
    """The body, e.g. 熊本市, 出入国在留管理庁, 奈良県警察."""
    kind: OrganizationKind
    legal_regime: LegalRegime
    must_solicit: bool
    head_person: str | None
    """The head's personal name where the notice prints it (Kumamoto: 大西 一史)."""
    reception_desk: ReceptionDesk
    owning_divisions: tuple[OwningDivision, ...]
    responsibilities: Mapping[Step, Responsibility]
    forms: Mapping[DocumentKind, FormSpec]
    fees: FeeRule
    payment: PaymentRule
    stamp_duty: StampDutyRule
    submission: SubmissionRule
    required_documents: tuple[RequiredDocument, ...]
    retention: tuple[RetentionRule, ...]
    procedure: ProcedureRules
    solicitations: tuple[PublishedSolicitation, ...]
    local_regulations: tuple[str, ...]
    """The local instruments the procedure rests on (e.g. 奈良県個人情報の保護に関する法律施行条例)."""
    disclosure_opinion_provision: str | None = None
    """The article of the local disclosure ordinance (the ``情報公開条例`` in ``local_regulations``) under which a
    third party is given the opportunity to submit an opinion — what 法第60条第3項第2号ロ refers to for a local
    body (熊本市情報公開条例 「第15条第1項又は第2項」, Kumamoto seed 2(2)②). ``None``: the notice names the
    ordinance without the article. National bodies cite their disclosure Act's article instead (fixed by law)."""
    document_numbers: DocumentNumbering = field(default_factory=DocumentNumbering)
    """文書番号: the 記号 per numbered document and the style (the sequence itself is kept by the web app)."""
    retention_default: RetentionRule | None = None
    """The binder for the records ``retention`` does not list (応接記録, Rule-62 reports, …; no seed gives it)."""
    placeholders: frozenset[str] = field(default_factory=frozenset)
    sources: tuple[str, ...] = ()
    """The seed documents this profile is built from."""

    def is_placeholder(self, path: str) -> bool:
        """Whether the value at ``path`` (or any enclosing value) is a demo value, not one from the seeds.

        >>> # profile.is_placeholder("reception_desk.email") -> True when "reception_desk.email" or
        >>> # "reception_desk" is listed in placeholders.
        """
        parts = path.split(".")
        return any(".".join(parts[:n]) in self.placeholders for n in range(1, len(parts) + 1))

    def placeholder_label(self, path: str) -> str | None:
        """「デモ用の仮の値」 when ``path`` is a placeholder, else ``None`` (for templates)."""
        return PLACEHOLDER_LABEL if self.is_placeholder(path) else None

    def responsibility(self, step: Step) -> Responsibility:
        """Who performs ``step`` in this organization."""
        return self.responsibilities[step]

    def form(self, document: DocumentKind) -> FormSpec:
        """The form (designation and title) this organization uses for ``document``."""
        return self.forms[document]

    def division(self, code: str) -> OwningDivision:
        """The owning division with this code; ``KeyError`` naming the known codes otherwise."""
        for division in self.owning_divisions:
            if division.code == code:
                return division
        known = ", ".join(d.code for d in self.owning_divisions)
        msg = f"Unknown owning division {code!r} in profile {self.id!r}; known: {known}"
        raise KeyError(msg)


REQUIRED_STEPS: frozenset[Step] = frozenset(Step)
"""Every profile assigns every step (a responsibility matrix with no gaps)."""

REQUIRED_DOCUMENTS_FOR_REGIME: Mapping[LegalRegime, frozenset[DocumentKind]] = MappingProxyType(
    {
        LegalRegime.CURRENT_ACT: frozenset(
            {
                DocumentKind.PROPOSAL,
                DocumentKind.PLEDGE,
                DocumentKind.APPROVAL_NOTICE,
                DocumentKind.CONTRACT_APPLICATION,
                DocumentKind.REJECTION_NOTICE,
                DocumentKind.REUSE_PROPOSAL,
                DocumentKind.REUSE_APPROVAL_NOTICE,
                DocumentKind.REUSE_REJECTION_NOTICE,
                DocumentKind.CHANGE_NOTIFICATION,
                DocumentKind.USE_CONTRACT,
            }
        ),
        LegalRegime.LEGACY_2017: frozenset(
            {
                DocumentKind.PROPOSAL,
                DocumentKind.PLEDGE,
                DocumentKind.APPROVAL_NOTICE,
                DocumentKind.CONTRACT_APPLICATION,
                DocumentKind.REJECTION_NOTICE,
                DocumentKind.REUSE_PROPOSAL,
                DocumentKind.REUSE_APPROVAL_NOTICE,
                DocumentKind.REUSE_REJECTION_NOTICE,
            }
        ),
    }
)
"""The forms a profile must name: 規則54・59・64条 (current Act), 旧規則4・8・13条 (2017 rule)."""


def profile_problems(profile: OrganizationProfile) -> list[tuple[str, str]]:
    """Cross-field rules a profile must satisfy, as ``(field path, Japanese message)`` pairs; empty if valid.

    - ``must_solicit`` agrees with 法附則7条 for the kind (:func:`solicitation_mandatory`);
    - every :class:`Step` has a performer (no gaps in the responsibility matrix);
    - every form the regime requires is named (規則54・59・64条 / 旧規則4・8・13条);
    - 利用料 only for 独立行政法人等 / 地方独立行政法人 (法119条5〜10項);
    - the third-party opinion fee only under the 2017 rule (旧法44条の8; the current Act has no such step);
    - solicitation periods of at least 30 days counted from the first day (規則53条1項) with the notice
      not after the first day (規則53条2項; strictly before when the profile says so, Nara §2-2(1));
    - document-number 記号 are well formed, only for numbered documents, and distinct per kind;
    - the retention table files every :class:`RecordSeries` exactly once (its binders, then
      ``retention_default``), each counting start agrees with its text, and national 行政機関 count from the
      next 1 April (公文書管理法施行令8条);
    - every placeholder path names a field that exists;
    - owning-division codes are unique.
    """
    problems: list[tuple[str, str]] = []
    mandatory = solicitation_mandatory(profile.kind, profile.legal_regime)
    if mandatory is True and not profile.must_solicit:
        problems.append(
            (
                "must_solicit",
                f"{profile.kind.label}は提案の募集が義務です（法111条、法附則7条）。true にしてください。",
            )
        )
    if mandatory is False and profile.must_solicit:
        problems.append(
            (
                "must_solicit",
                "廃止された制度の組織は新たな提案の募集を行いません。false にしてください。",
            )
        )
    legacy_kind = profile.kind is OrganizationKind.LEGACY_NATIONAL_AGENCY
    legacy_regime = profile.legal_regime is LegalRegime.LEGACY_2017
    if legacy_kind != legacy_regime:
        problems.append(
            (
                "legal_regime",
                "種別 legacy_national_agency と制度 legacy_2017 は組み合わせて指定してください。",
            )
        )
    missing_steps = sorted(REQUIRED_STEPS - set(profile.responsibilities))
    if missing_steps:
        problems.append(
            (
                "responsibilities",
                "担当が定められていない手順があります: " + "、".join(s.value for s in missing_steps) + "。",
            )
        )
    missing_forms = sorted(REQUIRED_DOCUMENTS_FOR_REGIME[profile.legal_regime] - set(profile.forms))
    if missing_forms:
        problems.append(
            (
                "forms",
                "様式が定められていない文書があります: " + "、".join(d.value for d in missing_forms) + "。",
            )
        )
    own_charge = profile.kind in (
        OrganizationKind.INCORPORATED_ADMINISTRATIVE_AGENCY,
        OrganizationKind.LOCAL_INCORPORATED_ADMINISTRATIVE_AGENCY,
    )
    if profile.fees.charge_kind is ChargeKind.USAGE_CHARGE and not own_charge:
        problems.append(
            (
                "fees.charge_kind",
                "利用料（usage_charge）は独立行政法人等・地方独立行政法人だけが定めます（法119条5〜10項）。"
                "fee を指定してください。",
            )
        )
    if profile.fees.usage_charge_table and profile.fees.charge_kind is not ChargeKind.USAGE_CHARGE:
        problems.append(
            (
                "fees.usage_charge_table",
                "利用料の料金表は利用料（usage_charge）を定める法人だけが指定できます（法119条5〜10項）。"
                "削除するか charge_kind を確認してください。",
            )
        )
    if profile.fees.per_third_party_opinion_yen is not None and not legacy_regime:
        problems.append(
            (
                "fees.per_third_party_opinion_yen",
                "第三者への意見書提出の機会に係る加算は旧制度（旧法44条の8）だけのものです。削除してください。",
            )
        )
    for index, solicitation in enumerate(profile.solicitations):
        path = f"solicitations.{index}"
        if (solicitation.last_day - solicitation.first_day).days < MINIMUM_SOLICITATION_DAYS:
            problems.append(
                (
                    f"{path}.last_day",
                    "募集期間は募集の開始の日から30日以上必要です（規則53条1項）。"
                    f"最終日は{solicitation.first_day.isoformat()}の30日後以降にしてください。",
                )
            )
        if solicitation.notice_date is not None:
            late = (
                solicitation.notice_date >= solicitation.first_day
                if profile.procedure.notice_strictly_before_first_day
                else solicitation.notice_date > solicitation.first_day
            )
            if late:
                problems.append(
                    (
                        f"{path}.notice_date",
                        "公示日は募集開始日"
                        + ("より前" if profile.procedure.notice_strictly_before_first_day else "以前")
                        + "にしてください（規則53条2項「あらかじめ公示」）。",
                    )
                )
    problems.extend(_retention_problems(profile))
    problems.extend(_numbering_problems(profile.document_numbers))
    codes = [d.code for d in profile.owning_divisions]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        problems.append(("owning_divisions", "主管課のコードが重複しています: " + "、".join(duplicates) + "。"))
    for path in sorted(profile.placeholders):
        if not path_exists(profile, path):
            problems.append(("placeholders", f"「{path}」は存在しない項目です。項目名と番号を確認してください。"))
    return problems


NATIONAL_RECORD_KINDS: frozenset[OrganizationKind] = frozenset(
    {OrganizationKind.NATIONAL_AGENCY, OrganizationKind.LEGACY_NATIONAL_AGENCY}
)
"""Bodies whose documents are 行政文書 under 公文書管理法 (法2条1項 行政機関): counted from the next 1 April
(施行令8条) and disposed of only with the consent of the 内閣総理大臣 (法8条2項)."""


def _retention_problems(profile: OrganizationProfile) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    binders = [(f"retention.{i}", rule) for i, rule in enumerate(profile.retention)]
    if profile.retention_default is not None:
        binders.append(("retention_default", profile.retention_default))
    seen: dict[RecordSeries, str] = {}
    for path, rule in binders:
        if rule.counts_from is None and path != "retention_default":
            problems.append((f"{path}.counts_from", "起算日の区分（counts_from）を指定してください。"))
        if rule.counts_from is not None and rule.counting_start != rule.counts_from.label:
            problems.append(
                (
                    f"{path}.counting_start",
                    f"起算日の記載「{rule.counting_start}」が区分 {rule.counts_from.value} と合いません"
                    + f"（「{rule.counts_from.label}」としてください）。",
                )
            )
        if (
            profile.kind in NATIONAL_RECORD_KINDS
            and rule.counts_from is not None
            and rule.counts_from is not RetentionStart.NEXT_FISCAL_YEAR
        ):
            problems.append(
                (
                    f"{path}.counts_from",
                    "国の行政機関の行政文書の保存期間は、翌年度の4月1日から起算します（公文書管理法施行令8条）。"
                    + f"next_fiscal_year を指定してください（受け取った値: {rule.counts_from.value}）。",
                )
            )
        for series in rule.series:
            if series in seen:
                problems.append(
                    (
                        f"{path}.series",
                        f"{series.value} は {seen[series]} にも含まれています。一つの簿冊にしてください。",
                    )
                )
            seen.setdefault(series, path)
    missing = [s.value for s in RecordSeries if s not in seen]
    if missing:
        problems.append(
            (
                "retention",
                "保存期間の定めのない記録の区分があります: "
                + "、".join(missing)
                + "。retention_default に含めてください。",
            )
        )
    default = profile.retention_default
    if default is not None and default.counts_from is None and not profile.retention:
        problems.append(("retention_default.counts_from", "起算日の区分（counts_from）を指定してください。"))
    return problems


def _numbering_problems(numbering: DocumentNumbering) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for kind, prefix in numbering.prefixes.items():
        path = f"document_numbers.prefixes.{kind.value}"
        if kind not in NUMBERED_DOCUMENTS:
            allowed = "、".join(sorted(k.value for k in NUMBERED_DOCUMENTS))
            problems.append((path, f"文書番号の連番を持てるのは {allowed} だけです（受け取った値: {kind.value}）。"))
        if not prefix or any(ch.isspace() for ch in prefix) or prefix.endswith("第"):
            problems.append(
                (
                    path,
                    f"文書番号の記号「{prefix}」が正しくありません。「県サ」のように、空白と「第」を含めずに指定してください。",
                )
            )
    values = list(numbering.prefixes.values())
    shared = sorted({p for p in values if values.count(p) > 1})
    if shared:
        problems.append(
            (
                "document_numbers.prefixes",
                "文書の種類ごとに異なる記号にしてください（同じ番号が二つの文書に付かないように）: "
                + "、".join(shared)
                + "。",
            )
        )
    return problems


MINIMUM_SOLICITATION_DAYS = 30
"""規則53条1項 「募集の開始の日から三十日以上の期間」, counted with the first day excluded (民法140条)."""


def path_exists(root: object, path: str) -> bool:
    """Whether a dotted path (dataclass fields, mapping keys, tuple indices) names a value under ``root``."""
    current: object = root
    for part in path.split("."):
        if dataclasses.is_dataclass(current) and not isinstance(current, type):
            names = {f.name for f in dataclasses.fields(current)}
            if part not in names:
                return False
            current = getattr(current, part)
        elif isinstance(current, Mapping):
            matches = [key for key in current if str(key) == part]
            if not matches:
                return False
            current = current[matches[0]]
        elif isinstance(current, tuple):
            if not part.isdigit() or int(part) >= len(current):
                return False
            current = current[int(part)]
        else:
            return False
    return True

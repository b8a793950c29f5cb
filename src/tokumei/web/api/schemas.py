"""Typed schemas of the JSON API (django-ninja / pydantic). Field names follow the glossary."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Literal

from ninja import Field, Schema

from tokumei.law.organization import PaymentMethod
from tokumei.law.review import Finding


class ErrorOut(Schema):
    code: str
    message: str
    message_en: str


class OrganizationOut(Schema):
    id: str
    name: str
    body_name: str


class RecordItemOut(Schema):
    name: str
    offered_levels: list[str]
    withheld: bool


class DatasetOut(Schema):
    title: str
    subject_count: int
    information_items: list[str]
    proposal_office: str
    proposal_period_first_day: date
    proposal_period_last_day: date


class FileOut(Schema):
    id: int
    organization: OrganizationOut
    register_number: str
    name: str
    division: str
    purpose: str
    subjects_scope: str
    collection_method: str
    contains_sensitive: bool
    file_type: str
    is_proposal_target: bool
    subject_count: int | None
    record_items: list[RecordItemOut]
    datasets: list[DatasetOut]


class SolicitationOut(Schema):
    id: int
    organization: OrganizationOut
    title: str
    fiscal_year: int
    first_day: date
    last_day: date
    closing_time: time | None
    notice_date: date | None
    state: str
    period: str
    target_file_ids: list[int]


class DeterminationIn(Schema):
    register_published: bool
    disclosable: bool
    no_hindrance: bool
    selected: bool
    reasons: str
    register_published_reason: str = ""
    disclosable_reason: str = ""
    no_hindrance_reason: str = ""


class DeterminationOut(Schema):
    file_id: int
    version: int
    selected: bool
    decided_at: datetime


class ProblemOut(Schema):
    field: str
    message: str


class RefusalOut(Schema):
    code: str
    message: str
    message_en: str
    problems: list[ProblemOut]


# --------------------------------------------------------------------------------------------------
# Cases (staff, authenticated): proposals with their review and contract, and their transitions
# --------------------------------------------------------------------------------------------------

Yen = Annotated[int, Field(ge=0, le=2_000_000_000)]
ShortText = Annotated[str, Field(max_length=500)]
LongText = Annotated[str, Field(max_length=5000)]


class CaseRefusalOut(Schema):
    code: str
    message: str
    message_en: str
    problems: list[str]


class TargetOut(Schema):
    type: Literal["file", "dataset"]
    id: int | None
    name: str


class ReviewSummaryOut(Schema):
    id: int
    state: str
    state_label: str
    outcome: str
    started_at: datetime
    prepared_at: datetime | None
    decided_at: datetime | None
    fee_yen: int | None
    notice_number: str
    notice_date: date | None
    payment_deadline: date | None


class ContractSummaryOut(Schema):
    id: int
    state: str
    state_label: str
    number: str
    fee_yen: int
    stamp_duty_yen: int
    payment_deadline: date | None
    concluded_on: date | None


class CaseOut(Schema):
    id: int
    reference: str
    receipt_number: str
    kind: str
    kind_label: str
    organization: str
    fiscal_year: int | None
    stage: Literal["intake", "review", "contract"]
    state: str
    state_label: str
    proposal_state: str
    proposal_state_label: str
    target: TargetOut
    solicitation_id: int | None
    proposer_kind: str
    proposer_name: str | None
    channel: str
    arrived_on: date | None
    accepted_at: datetime | None
    review: ReviewSummaryOut | None
    contract: ContractSummaryOut | None


class CorrectionOut(Schema):
    requested_at: datetime
    deadline: date
    items: int
    resolved_at: datetime | None


class PanelOut(Schema):
    criterion: str
    mark: str
    title: str
    finding: str
    finding_label: str


class CaseDetailOut(CaseOut):
    corrections: list[CorrectionOut]
    panels: list[PanelOut]
    permitted_actions: list[str]


class CasePageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[CaseOut]


class CaseQuery(Schema):
    state: str = Field("", max_length=32, description="現在の状態（state の値）で絞り込む")
    fiscal_year: int | None = Field(None, ge=1989, le=2200, description="到達日の年度（4月〜翌3月）")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


class ArrivalIn(Schema):
    reference: str = Field(min_length=1, max_length=20, description="提案の受付参照番号（例: P-EHQ8ABVA）")
    channel: Literal["in_person", "mail"]
    arrived_on: date
    arrived_at: time | None = None
    official_form: bool = True
    proposal_date: date | None = None


class ReasonIn(Schema):
    reason: LongText = Field(..., min_length=1)


class CorrectionItemIn(Schema):
    what: ShortText
    why: ShortText


class CorrectionIn(Schema):
    items: list[CorrectionItemIn] = Field(..., min_length=1, max_length=20)
    deadline: date
    channel: Literal["online", "in_person", "mail"] = "mail"


class FindingIn(Schema):
    finding: Finding | None
    reasoning: LongText = ""


class SignOffIn(Schema):
    approve: bool
    note: LongText = ""


class PaymentIn(Schema):
    received_on: date
    received_via: Literal["desk", "mail", "online"]
    method: PaymentMethod
    tendered_yen: Yen
    duty_affixed_yen: Yen
    reference: Annotated[str, Field(max_length=100)] = ""
    contract_copies: int = Field(2, ge=0, le=9)


class ConcludeIn(Schema):
    concluded_on: date
    copy_returned_on: date | None = None

"""Typed schemas of the JSON API (django-ninja / pydantic). Field names follow the glossary."""

from __future__ import annotations

from datetime import date, datetime, time

from ninja import Schema


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

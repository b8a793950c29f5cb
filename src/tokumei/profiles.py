"""Load and validate organization profiles (YAML) into the plain objects of :mod:`tokumei.law.organization`.

``tokumei.law`` does no I/O, so reading files and validating them with pydantic lives here (ARCHITECTURE.md
principle 1; ADR 0001). A profile file may start with ``extends: <defaults>`` to inherit a defaults file from
``tokumei/law/profiles/defaults/``; it is merged key by key (mappings merge, lists and scalars replace), and a
placeholder declared by the defaults stays a placeholder only while the profile does not set that value.

A bad profile raises :class:`ProfileError` naming the file, each field path and each problem, all at once::

    プロファイル src/.../kumamoto-city.yaml に2件の問題があります。
    - reception_desk.phone: 文字列を指定してください（受け取った値: 963282059）。
    - kind: 次のいずれかを指定してください: national_agency, …（受け取った値: city）。

Two sources of profiles (ADR 0011): the built-in ones shipped as package data (:func:`load_builtin_profiles`) and
an installation's own directory of ``<id>.yaml`` files (:func:`load_all_profiles` takes that directory; the web
settings and the ``tokumei`` command pass ``DATA_DIR/profiles`` or ``TOKUMEI_PROFILE_DIR``). A local profile may
``extends: current-act`` like a built-in one, and may not reuse a built-in id.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from tokumei.law.organization import (
    Actor,
    ChargeKind,
    DocumentKind,
    DocumentNumbering,
    FeeRule,
    FormSpec,
    LegalRegime,
    NumberStyle,
    OpeningHours,
    OrganizationKind,
    OrganizationProfile,
    OwningDivision,
    PaymentMethod,
    PaymentRule,
    ProcedureRules,
    PublishedSolicitation,
    ReceptionDesk,
    RecordSeries,
    RequiredDocument,
    RequiredWhen,
    Responsibility,
    RetentionRule,
    RetentionStart,
    ReuseFeeRule,
    StampDutyRule,
    Step,
    SubmissionRule,
    ThresholdComparison,
    UsageChargeItem,
    profile_problems,
)

__all__ = [
    "BUILTIN_PROFILE_IDS",
    "ProfileDirectoryError",
    "ProfileError",
    "ProfileErrorCode",
    "ProfileProblem",
    "load_all_profiles",
    "load_builtin_profiles",
    "load_local_profile",
    "load_profile",
    "load_profile_text",
    "local_profile_files",
]

BUILTIN_PROFILE_IDS: tuple[str, ...] = (
    "kumamoto-city",
    "isa",
    "nara-police",
    "fukuoka-police",
    "legacy-2017",
)
"""The seed organizations shipped as package data (issue 2, issue 11)."""

_PROFILE_PACKAGE = "tokumei.law.profiles"
_DEFAULTS_DIR = "defaults"


# --------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------


class ProfileErrorCode(enum.StrEnum):
    """Stable codes of :class:`ProfileError` (listed in docs/errors.md)."""

    NOT_FOUND = "profile.not_found"
    """The file does not exist or cannot be read."""
    INVALID_YAML = "profile.invalid_yaml"
    """The file is not YAML, or its top level is not a mapping."""
    INVALID = "profile.invalid"
    """The YAML is readable but one or more fields are wrong (see ``problems``)."""
    DUPLICATE_ID = "profile.duplicate_id"
    """Two profiles declare the same ``id``, or a local profile reuses a built-in one's."""


@dataclass(frozen=True, slots=True)
class ProfileProblem:
    """One problem in a profile: the dotted field path, a Japanese message, and the value received."""

    field: str
    message: str
    received: object = None

    def __str__(self) -> str:
        return f"{self.field or '(ファイル全体)'}: {self.message}"


class ProfileError(Exception):
    """A profile that cannot be loaded; ``problems`` lists every problem found, with its field path."""

    def __init__(self, code: ProfileErrorCode, file: str, problems: Iterable[ProfileProblem]) -> None:
        self.code = code
        self.file = file
        self.problems: tuple[ProfileProblem, ...] = tuple(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        head = f"プロファイル {self.file} に{len(self.problems)}件の問題があります（{self.code.value}）。"
        return "\n".join([head, *(f"- {p}" for p in self.problems)])


class ProfileDirectoryError(ProfileError):
    """Several files of a local profile directory are bad; ``errors`` holds each file's :class:`ProfileError`
    in file-name order. ``code``, ``file`` and ``problems`` are the first file's; the message lists every file."""

    def __init__(self, errors: Sequence[ProfileError]) -> None:
        self.errors: tuple[ProfileError, ...] = tuple(errors)
        first = self.errors[0]
        super().__init__(first.code, first.file, first.problems)

    def _message(self) -> str:
        head = f"{len(self.errors)}件のプロファイルに問題があります。"
        return "\n".join([head, *(str(error) for error in self.errors)])


# --------------------------------------------------------------------------------------------------
# pydantic models mirroring tokumei.law.organization (field names must match; a test checks it)
# --------------------------------------------------------------------------------------------------

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _parse_hhmm(value: object) -> object:
    """Times are quoted "HH:MM" strings: unquoted 9:00 is an integer (540) in YAML 1.1."""
    if isinstance(value, time):
        return value
    if isinstance(value, str) and (match := _HHMM.match(value)):
        return time(int(match.group(1)), int(match.group(2)))
    msg = '時刻は "09:00" のように引用符で囲んだ「時:分」で書いてください'
    raise ValueError(msg)


HHMM = Annotated[time, BeforeValidator(_parse_hhmm)]


def _reject_non_date(value: object) -> object:
    if isinstance(value, date) or (isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value)):
        return value
    msg = "日付は 2025-12-19 の形（西暦の年-月-日）で書いてください"
    raise ValueError(msg)


ISODate = Annotated[date, BeforeValidator(_reject_non_date)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, str_strip_whitespace=True)


class OpeningHoursModel(_Model):
    opens: HHMM
    closes: HHMM
    weekdays_only: bool = True
    closed_year_end: bool = True
    note: str = ""

    def to_domain(self) -> OpeningHours:
        return OpeningHours(**dict(self))


class ReceptionDeskModel(_Model):
    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)
    postal_code: Annotated[str, Field(pattern=r"^\d{3}-\d{4}$")] | None
    address: str | None
    phone: str | None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None
    opening_hours: OpeningHoursModel
    extension: str | None = None

    def to_domain(self) -> ReceptionDesk:
        data = dict(self)
        data["opening_hours"] = self.opening_hours.to_domain()
        return ReceptionDesk(**data)


class OwningDivisionModel(_Model):
    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    phone: str | None = None

    def to_domain(self) -> OwningDivision:
        return OwningDivision(**dict(self))


class ResponsibilityModel(_Model):
    performer: Actor
    consults: Actor | None = None
    through: Actor | None = None
    assisted_by: Actor | None = None
    source: str = ""

    def to_domain(self) -> Responsibility:
        return Responsibility(**dict(self))


class FormSpecModel(_Model):
    designation: str | None
    title: str = Field(min_length=1)
    legal_basis: str = ""

    def to_domain(self) -> FormSpec:
        return FormSpec(**dict(self))


class UsageChargeItemModel(_Model):
    code: str = Field(min_length=1)
    label: str = Field(min_length=1)
    amount_yen: int = Field(ge=0, strict=True)
    per_started_hour: bool = False

    def to_domain(self) -> UsageChargeItem:
        return UsageChargeItem(**dict(self))


class FeeRuleModel(_Model):
    charge_kind: ChargeKind
    base_yen: int = Field(ge=0, strict=True)
    per_started_hour_yen: int = Field(ge=0, strict=True)
    includes_outsourcing_cost: bool
    reuse_fee: ReuseFeeRule
    change_fee_yen: Annotated[int, Field(ge=0, strict=True)] | None
    per_third_party_opinion_yen: Annotated[int, Field(ge=0, strict=True)] | None = None
    legal_basis: str = Field(min_length=1)
    reuse_legal_basis: str = Field(min_length=1)
    change_legal_basis: str = Field(min_length=1)
    no_refund_on_actual_hours: bool = True
    usage_charge_table: tuple[UsageChargeItemModel, ...] = ()

    def to_domain(self) -> FeeRule:
        data = dict(self)
        data["usage_charge_table"] = tuple(item.to_domain() for item in self.usage_charge_table)
        return FeeRule(**data)


class PaymentRuleModel(_Model):
    methods: tuple[PaymentMethod, ...] = Field(min_length=1)
    stamp_label: str | None
    affixed_to: DocumentKind | None
    cancelled_on_receipt: bool
    shortfall_returns_documents: bool
    overpayment_returned_before_cancel: bool
    regulation: str = ""

    def to_domain(self) -> PaymentRule:
        return PaymentRule(**dict(self))


class StampDutyRuleModel(_Model):
    comparison: ThresholdComparison
    threshold_yen: int = Field(ge=0, strict=True)
    copies_stamped: int = Field(ge=0, strict=True)
    note: str = ""

    def to_domain(self) -> StampDutyRule:
        return StampDutyRule(**dict(self))


class SubmissionRuleModel(_Model):
    in_person: bool
    by_mail: bool
    online: bool
    mail_must_arrive_by_last_day: bool
    envelope_note: str | None
    copies: int = Field(ge=1, strict=True)
    last_day_closing_time: HHMM | None
    written_only: bool = True

    def to_domain(self) -> SubmissionRule:
        return SubmissionRule(**dict(self))


class RequiredDocumentModel(_Model):
    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    required_when: RequiredWhen
    form: DocumentKind | None = None
    note: str = ""

    def to_domain(self) -> RequiredDocument:
        return RequiredDocument(**dict(self))


class RetentionRuleModel(_Model):
    holder: Actor
    binder_name: str = Field(min_length=1)
    documents: tuple[str, ...] = Field(min_length=1)
    years: int = Field(ge=1, strict=True)
    counting_start: str = Field(min_length=1)
    series: tuple[RecordSeries, ...] = Field(min_length=1)
    counts_from: RetentionStart | None = None

    def to_domain(self) -> RetentionRule:
        return RetentionRule(**dict(self))


class PublishedSolicitationModel(_Model):
    fiscal_year: int = Field(ge=2017, strict=True)
    notice_date: ISODate | None
    first_day: ISODate
    last_day: ISODate
    closing_time: HHMM | None = None
    source: str = ""

    def to_domain(self) -> PublishedSolicitation:
        return PublishedSolicitation(**dict(self))


class ProcedureRulesModel(_Model):
    notice_strictly_before_first_day: bool
    review_requires_prior_consultation: bool
    delivery_requires_desk_consultation: bool
    ppc_report_after_desk_consultation: bool
    ppc_report_on_intended_termination: bool
    ppc_report_on_improper_use: bool
    desk_keeps_copies: bool
    contract_copy_to_desk: bool
    keeps_consultation_records: bool
    reviews_estimated_vs_actual_hours: bool
    may_share_proposal_with_processor: bool
    selection_reasons_required: bool
    grouped_solicitation_allowed: bool
    subject_count_at_period_end: bool
    third_party_opinion_procedure: bool
    handler_change_needs_prior_notice: bool
    desk_head_may_deviate: bool = False

    def to_domain(self) -> ProcedureRules:
        return ProcedureRules(**dict(self))


class DocumentNumberingModel(_Model):
    style: NumberStyle = NumberStyle.PLAIN
    prefixes: dict[DocumentKind, str] = Field(default_factory=dict)

    def to_domain(self) -> DocumentNumbering:
        return DocumentNumbering(style=self.style, prefixes=MappingProxyType(dict(self.prefixes)))


class OrganizationProfileModel(_Model):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    body_name: str = Field(min_length=1)
    kind: OrganizationKind
    legal_regime: LegalRegime
    must_solicit: bool
    head_person: str | None = None
    reception_desk: ReceptionDeskModel
    owning_divisions: tuple[OwningDivisionModel, ...] = Field(min_length=1)
    responsibilities: dict[Step, ResponsibilityModel]
    forms: dict[DocumentKind, FormSpecModel]
    fees: FeeRuleModel
    payment: PaymentRuleModel
    stamp_duty: StampDutyRuleModel
    submission: SubmissionRuleModel
    required_documents: tuple[RequiredDocumentModel, ...] = Field(min_length=1)
    retention: tuple[RetentionRuleModel, ...]
    retention_default: RetentionRuleModel | None = None
    procedure: ProcedureRulesModel
    solicitations: tuple[PublishedSolicitationModel, ...] = ()
    local_regulations: tuple[str, ...] = ()
    disclosure_opinion_provision: str | None = None
    document_numbers: DocumentNumberingModel = Field(default_factory=DocumentNumberingModel)
    placeholders: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()

    def to_domain(self) -> OrganizationProfile:
        return OrganizationProfile(
            id=self.id,
            name=self.name,
            body_name=self.body_name,
            kind=self.kind,
            legal_regime=self.legal_regime,
            must_solicit=self.must_solicit,
            head_person=self.head_person,
            reception_desk=self.reception_desk.to_domain(),
            owning_divisions=tuple(d.to_domain() for d in self.owning_divisions),
            responsibilities=MappingProxyType({k: v.to_domain() for k, v in self.responsibilities.items()}),
            forms=MappingProxyType({k: v.to_domain() for k, v in self.forms.items()}),
            fees=self.fees.to_domain(),
            payment=self.payment.to_domain(),
            stamp_duty=self.stamp_duty.to_domain(),
            submission=self.submission.to_domain(),
            required_documents=tuple(d.to_domain() for d in self.required_documents),
            retention=tuple(r.to_domain() for r in self.retention),
            retention_default=self.retention_default.to_domain() if self.retention_default else None,
            procedure=self.procedure.to_domain(),
            solicitations=tuple(s.to_domain() for s in self.solicitations),
            local_regulations=self.local_regulations,
            disclosure_opinion_provision=self.disclosure_opinion_provision,
            document_numbers=self.document_numbers.to_domain(),
            placeholders=self.placeholders,
            sources=self.sources,
        )


# --------------------------------------------------------------------------------------------------
# Messages: pydantic error types → Japanese
# --------------------------------------------------------------------------------------------------

_MESSAGES: Mapping[str, str] = {
    "missing": "必須の項目がありません。追加してください。",
    "extra_forbidden": "定義されていない項目です。綴りを確認するか削除してください。",
    "string_type": "文字列を指定してください。",
    "bool_type": "true か false を指定してください。",
    "bool_parsing": "true か false を指定してください。",
    "int_type": "整数（円・年・部数など）を指定してください。",
    "int_parsing": "整数（円・年・部数など）を指定してください。",
    "greater_than_equal": "{ge}以上の数を指定してください。",
    "string_too_short": "空にはできません。値を指定してください。",
    "too_short": "少なくとも{min_length}件指定してください。",
    "string_pattern_mismatch": "形式が正しくありません（期待する形式: {pattern}）。",
    "date_type": "日付は 2025-12-19 の形で書いてください。",
    "date_parsing": "日付は 2025-12-19 の形で書いてください。",
    "date_from_datetime_parsing": "日付は 2025-12-19 の形で書いてください。",
    "tuple_type": "リスト（- で始まる行の並び）を指定してください。",
    "list_type": "リスト（- で始まる行の並び）を指定してください。",
    "frozen_set_type": "リスト（- で始まる行の並び）を指定してください。",
    "dict_type": "項目名: 値 の対応（マッピング）を指定してください。",
    "model_type": "項目名: 値 の対応（マッピング）を指定してください。",
}


def _message(error: Mapping[str, Any]) -> str:
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    if kind == "enum":
        return f"次のいずれかを指定してください: {ctx.get('expected', '')}。"
    if kind == "value_error":
        return f"{ctx.get('error', error['msg'])}。"
    template = _MESSAGES.get(kind)
    if template is None:
        return f"値が正しくありません（{error['msg']}）。"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def _path(loc: Iterable[int | str]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[-1] == "[key]":
        parts = parts[:-1]
    return ".".join(parts)


def _problems_from_validation(error: ValidationError) -> list[ProfileProblem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = item["loc"]
        is_key = bool(loc) and loc[-1] == "[key]"
        message = _message(item)
        if is_key:
            message = "定義されていない項目名です。" + message
        # Optional fields validated against several union members produce one error per member; the
        # trailing loc part then names the member type ("str", "function-after[...]"); drop it.
        path = _path(part for part in loc if not _is_union_tag(part))
        problems.append(ProfileProblem(field=path, message=message, received=item.get("input")))
    unique: dict[tuple[str, str], ProfileProblem] = {}
    for problem in problems:
        unique.setdefault((problem.field, problem.message), problem)
    return list(unique.values())


def _is_union_tag(part: int | str) -> bool:
    return isinstance(part, str) and (
        part in {"str", "int", "none", "date", "time", "constrained-str", "constrained-int"}
        or part.startswith(("function-", "constrained-"))
    )


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------


def _profiles_root() -> Traversable:
    return resources.files(_PROFILE_PACKAGE)


def _read_yaml(text: str, file: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}行目" if mark is not None else "不明な位置"
        raise ProfileError(
            ProfileErrorCode.INVALID_YAML,
            file,
            [ProfileProblem("", f"YAMLとして読めません（{where}）: {exc}")],
        ) from exc
    if not isinstance(data, dict):
        raise ProfileError(
            ProfileErrorCode.INVALID_YAML,
            file,
            [ProfileProblem("", "ファイルの最上位は「項目名: 値」の対応（マッピング）にしてください。", data)],
        )
    return data


def _merge(base: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _sets_path(data: Mapping[str, Any], path: str) -> bool:
    """Whether ``data`` (the profile's own YAML) sets the value at ``path`` or replaces an enclosing one."""
    current: Any = data
    for part in path.split("."):
        if not isinstance(current, Mapping):
            return True  # an enclosing list or scalar replaces the defaults wholesale
        if part not in current:
            return False
        current = current[part]
    return True


def _apply_defaults(data: dict[str, Any], file: str) -> dict[str, Any]:
    name = data.pop("extends", None)
    if name is None:
        return data
    defaults_file = _profiles_root() / _DEFAULTS_DIR / f"{name}.yaml"
    if not isinstance(name, str) or not defaults_file.is_file():
        available = sorted(
            entry.name.removesuffix(".yaml")
            for entry in (_profiles_root() / _DEFAULTS_DIR).iterdir()
            if entry.name.endswith(".yaml")
        )
        raise ProfileError(
            ProfileErrorCode.INVALID,
            file,
            [
                ProfileProblem(
                    "extends",
                    f"既定値ファイル「{name}」はありません。次のいずれかを指定してください: "
                    + ", ".join(available)
                    + "。",
                    name,
                )
            ],
        )
    defaults = _read_yaml(defaults_file.read_text(encoding="utf-8"), f"{file} (extends: {name})")
    default_placeholders = [p for p in defaults.pop("placeholders", []) or [] if not _sets_path(data, p)]
    own_placeholders = data.get("placeholders", []) or []
    merged = _merge(defaults, data)
    if isinstance(own_placeholders, list):
        merged["placeholders"] = sorted({*default_placeholders, *own_placeholders})
    return merged


def load_profile_text(text: str, file: str = "<text>") -> OrganizationProfile:
    """Validate a profile given as YAML text; ``file`` names it in errors."""
    data = _apply_defaults(_read_yaml(text, file), file)
    try:
        model = OrganizationProfileModel.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(ProfileErrorCode.INVALID, file, _problems_from_validation(exc)) from None
    profile = model.to_domain()
    problems = [ProfileProblem(path, message) for path, message in profile_problems(profile)]
    if problems:
        raise ProfileError(ProfileErrorCode.INVALID, file, problems)
    return profile


def load_profile(path: str | Path | Traversable) -> OrganizationProfile:
    """Read, validate and return one profile; :class:`ProfileError` names the file, fields and problems."""
    file = str(path)
    source = Path(path) if isinstance(path, str) else path
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(
            ProfileErrorCode.NOT_FOUND, file, [ProfileProblem("", f"ファイルを読めません: {exc}")]
        ) from exc
    profile = load_profile_text(text, file)
    stem = Path(file).name.removesuffix(".yaml").removesuffix(".yml")
    if stem != profile.id:
        raise ProfileError(
            ProfileErrorCode.INVALID,
            file,
            [
                ProfileProblem(
                    "id",
                    f"id「{profile.id}」がファイル名「{stem}」と一致しません。同じにしてください。",
                    profile.id,
                )
            ],
        )
    return profile


def load_profiles(paths: Iterable[str | Path | Traversable]) -> dict[str, OrganizationProfile]:
    """Load several profiles; every file is checked and all errors of the first bad file are raised."""
    profiles: dict[str, OrganizationProfile] = {}
    files: dict[str, str] = {}
    for path in paths:
        profile = load_profile(path)
        if profile.id in profiles:
            raise ProfileError(
                ProfileErrorCode.DUPLICATE_ID,
                str(path),
                [ProfileProblem("id", f"id「{profile.id}」は {files[profile.id]} と重複しています。", profile.id)],
            )
        profiles[profile.id] = profile
        files[profile.id] = str(path)
    return profiles


_BUILTIN_CACHE: dict[tuple[tuple[str, int, int], ...], dict[str, OrganizationProfile]] = {}


def _fingerprint(entry: Traversable) -> tuple[str, int, int]:
    stat = getattr(entry, "stat", None)
    if stat is None:  # a zipped install: contents cannot change under us
        return (entry.name, 0, 0)
    st = stat()
    return (entry.name, st.st_mtime_ns, st.st_size)


def _defaults_fingerprint() -> tuple[tuple[str, int, int], ...]:
    defaults = _profiles_root() / _DEFAULTS_DIR
    extra = sorted(
        (e for e in defaults.iterdir() if e.name.endswith(".yaml")) if defaults.is_dir() else [],
        key=lambda e: e.name,
    )
    return tuple(_fingerprint(e) for e in extra)


def load_builtin_profiles() -> dict[str, OrganizationProfile]:
    """The profiles shipped under ``tokumei/law/profiles/`` (package data), keyed by id.

    Validated once per process and reused while no file (nor the ``defaults/`` they extend) changes: every
    ``Organization.profile`` reads them, and validating all files costs a third of a second each time.
    """
    root = _profiles_root()
    entries = sorted(
        (entry for entry in root.iterdir() if entry.name.endswith(".yaml") and entry.is_file()),
        key=lambda entry: entry.name,
    )
    key = tuple(_fingerprint(e) for e in entries) + _defaults_fingerprint()
    cached = _BUILTIN_CACHE.get(key)
    if cached is None:
        cached = load_profiles(entries)
        _BUILTIN_CACHE.clear()
        _BUILTIN_CACHE[key] = cached
    return dict(cached)


# --------------------------------------------------------------------------------------------------
# An installation's own profiles (ADR 0011)
# --------------------------------------------------------------------------------------------------

_LOCAL_SUFFIXES = (".yaml", ".yml")

_LocalResult = tuple[str, OrganizationProfile | ProfileError]
_LOCAL_CACHE: dict[tuple[object, ...], tuple[_LocalResult, ...]] = {}


def local_profile_files(local_dir: str | Path) -> list[Path]:
    """The profile files (``*.yaml``, ``*.yml``; hidden files skipped) of a local directory, by name.

    A directory that does not exist holds no profiles; a path that is not a directory is a :class:`ProfileError`.
    """
    directory = Path(local_dir)
    if not directory.exists():
        return []
    if not directory.is_dir():
        raise ProfileError(
            ProfileErrorCode.NOT_FOUND,
            str(directory),
            [
                ProfileProblem(
                    "", "プロファイルの置き場所がディレクトリではありません。ディレクトリを指定してください。"
                )
            ],
        )
    return sorted(
        (
            path
            for path in directory.iterdir()
            if path.suffix in _LOCAL_SUFFIXES and not path.name.startswith(".") and path.is_file()
        ),
        key=lambda path: path.name,
    )


def _builtin_collision(profile: OrganizationProfile, file: str, builtin_ids: Iterable[str]) -> ProfileError | None:
    if profile.id not in set(builtin_ids):
        return None
    return ProfileError(
        ProfileErrorCode.DUPLICATE_ID,
        file,
        [
            ProfileProblem(
                "id",
                f"id「{profile.id}」は同梱のプロファイルと同じです。同梱の機関はこのファイルでは変えられません。"
                "別の id を付け、ファイル名も同じ名前にしてください。",
                profile.id,
            )
        ],
    )


def load_local_profile(path: str | Path) -> OrganizationProfile:
    """Validate one file meant for an installation's profile directory (``tokumei org check``).

    Everything :func:`load_profile` checks, and that the id is not a built-in one.
    """
    profile = load_profile(path)
    collision = _builtin_collision(profile, str(path), load_builtin_profiles())
    if collision is not None:
        raise collision
    return profile


def _load_local(directory: Path) -> tuple[_LocalResult, ...]:
    """Each local file with its profile or its error; cached while no file (nor the defaults) changes."""
    files = local_profile_files(directory)
    key = (str(directory.resolve()), *(_fingerprint(path) for path in files), *_defaults_fingerprint())
    cached = _LOCAL_CACHE.get(key)
    if cached is None:
        results: list[_LocalResult] = []
        for path in files:
            try:
                results.append((str(path), load_profile(path)))
            except ProfileError as exc:  # kept without its traceback (and the frames it holds)
                results.append((str(path), ProfileError(exc.code, exc.file, exc.problems)))
        cached = tuple(results)
        _LOCAL_CACHE.clear()
        _LOCAL_CACHE[key] = cached
    return cached


def load_all_profiles(local_dir: str | Path | None) -> dict[str, OrganizationProfile]:
    """The built-in profiles and those of an installation's directory (``<id>.yaml``), keyed by id.

    Every local file is validated; if any is bad — unreadable, invalid, its id a built-in's or another local
    file's — nothing is returned: the error names each bad file with its fields and problems
    (:class:`ProfileDirectoryError` when there are several). ``None`` or a missing directory: the built-ins only.
    """
    builtins = load_builtin_profiles()
    if local_dir is None:
        return builtins
    profiles = dict(builtins)
    files: dict[str, str] = {}
    errors: list[ProfileError] = []
    for file, result in _load_local(Path(local_dir)):
        if isinstance(result, ProfileError):  # a fresh copy: a cached exception's traceback would keep growing
            errors.append(ProfileError(result.code, result.file, result.problems))
            continue
        collision = _builtin_collision(result, file, builtins)
        if collision is not None:
            errors.append(collision)
        elif result.id in files:
            errors.append(
                ProfileError(
                    ProfileErrorCode.DUPLICATE_ID,
                    file,
                    [ProfileProblem("id", f"id「{result.id}」は {files[result.id]} と重複しています。", result.id)],
                )
            )
        else:
            profiles[result.id] = result
            files[result.id] = file
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ProfileDirectoryError(errors)
    return profiles

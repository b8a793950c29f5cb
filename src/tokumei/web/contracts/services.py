"""Write use cases of the use contract, from the approval notice to delivery (法115条〜法117条, 法121条2項).

Each function is one transaction and one audit event; the rules (amounts, stamp duty, states) come from
:mod:`tokumei.law.contracts` and the organization's profile.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tokumei.law.calendar import fiscal_year
from tokumei.law.contracts import (
    ContractState,
    check_contract_transition,
    check_deadline_extension,
    check_payment,
    contract_number,
    payment_overdue,
    stamp_duty_due,
)
from tokumei.law.intake import DeliveryMedium, ProposalKind
from tokumei.law.organization import PaymentMethod
from tokumei.law.review import CreationMode
from tokumei.law.transitions import InvalidTransition, ReviewState
from tokumei.web.accounts.models import User
from tokumei.web.core.audit import Origin, record_event
from tokumei.web.production import services as production
from tokumei.web.production.models import DeliveryPackage, ProductionRun
from tokumei.web.reviews.models import Review

from .models import Contract, DeliveryRecord, DutyAcknowledgement, Outsourcing, PaymentAttempt

DELETION_ITEMS = {
    "dataset": "作成した行政機関等匿名加工情報",
    "removed_information": "削除情報（法109条4項）",
    "processing_method_information": "加工の方法に関する情報",
}


class ContractRefused(Exception):
    """A refusal of the procedure, in Japanese for the user."""


def _locked(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("organization", "review__proposal__file", "source_dataset", "run")
        .get(pk=contract.pk)
    )


def _transition(contract: Contract, to: ContractState) -> None:
    try:
        check_contract_transition(ContractState(contract.state), to)
    except InvalidTransition as exc:
        raise ContractRefused(str(exc)) from None
    contract.state = to.value


def _audit(action: str, contract: Contract, actor: User | None, origin: Origin, summary: str, **details: Any) -> None:
    record_event(
        action,
        actor=actor,
        origin=origin,
        organization=contract.organization,
        target=contract,
        summary=summary,
        details=details or None,
    )


def _contracted_subjects(review: Review) -> int | None:
    """The 本人の数 of the contract: the random sample's size the proposal asked for, or, for the whole file, the
    number of persons the review's assessment found in the created data (the same data and recipe)."""
    proposal = review.proposal
    if proposal.subject_scope == "sample" and proposal.sample_size:
        return int(proposal.sample_size)
    report = review.assessment_report or {}
    value = report.get("subjects_out")
    return int(value) if isinstance(value, int) else None


@transaction.atomic
def open_contract(review: Review, *, actor: User | None, origin: Origin) -> Contract:
    """The contract file opened after the approval notice (法114条2項): the fee, the stamp duty the proposer will
    add, the payment deadline and what is to be created or delivered. Idempotent."""
    review = Review.objects.select_for_update(of=("self",)).select_related("proposal", "organization").get(pk=review.pk)
    existing = Contract.objects.filter(review=review).first()
    if existing is not None:
        return existing
    if review.state != ReviewState.APPROVAL_NOTIFIED:
        msg = "審査の結果（適合）を通知した提案についてのみ、契約の手続に進めます。"
        raise ContractRefused(msg)
    profile = review.organization.profile
    fee = int(review.fee_yen or 0)
    proposal = review.proposal
    contract = Contract.objects.create(
        review=review,
        organization=review.organization,
        fee_yen=fee,
        stamp_duty_yen=stamp_duty_due(fee, profile.stamp_duty),
        payment_deadline=review.payment_deadline,
        subject_count=_contracted_subjects(review) if proposal.kind == ProposalKind.NEW else None,
        recipe_yaml=proposal.recipe_yaml,
        source_dataset=proposal.dataset,
    )
    _audit(
        "contracts.opened",
        contract,
        actor,
        origin,
        f"提案{proposal.reference}の利用契約の手続を開始しました（手数料{fee:,}円、印紙税{contract.stamp_duty_yen:,}円）。",
    )
    return contract


@dataclass(frozen=True)
class PaymentInput:
    received_on: date
    received_via: str
    method: str
    tendered_yen: int
    duty_affixed_yen: int
    reference: str = ""
    contract_copies: int = 2


@transaction.atomic
def record_payment(contract: Contract, data: PaymentInput, *, actor: User, origin: Origin) -> PaymentAttempt:
    """Check the application's payment and the stamp on the organization's contract copy: accepted → stamps
    cancelled (消印); short, missing or over → returned (before cancellation) for resubmission."""
    c = _locked(contract)
    if c.state not in (ContractState.AWAITING_APPLICATION, ContractState.RETURNED):
        msg = f"「{c.state_enum.label}」の契約には申込書を受け付けられません。"
        raise ContractRefused(msg)
    profile = c.organization.profile
    if data.received_via == "online" and not profile.submission.online:
        msg = "この機関では申込書のオンラインでの提出は受け付けていません（持参又は郵送）。"
        raise ContractRefused(msg)
    if data.received_on > timezone.localdate():
        msg = "到達日に未来の日付は入力できません。"
        raise ContractRefused(msg)
    if data.contract_copies != 2:
        msg = f"契約書は2通の提出が必要です（受け取った通数: {data.contract_copies}）。"
        raise ContractRefused(msg)
    try:
        method = PaymentMethod(data.method)
        check = check_payment(
            fee_yen=c.fee_yen,
            tendered_yen=data.tendered_yen,
            method=method,
            rule=profile.payment,
            duty_rule=profile.stamp_duty,
            duty_affixed_yen=data.duty_affixed_yen,
        )
    except ValueError as exc:
        raise ContractRefused(str(exc)) from None
    now = timezone.now()
    attempt = PaymentAttempt.objects.create(
        contract=c,
        received_on=data.received_on,
        received_via=data.received_via,
        method=method.value,
        tendered_yen=data.tendered_yen,
        duty_affixed_yen=data.duty_affixed_yen,
        reference=data.reference,
        contract_copies=data.contract_copies,
        outcome=PaymentAttempt.Outcome.ACCEPTED if check.accept else PaymentAttempt.Outcome.RETURNED,
        messages=list(check.messages),
        stamps_cancelled_at=now if check.cancel_stamps else None,
        returned_on=None if check.accept else timezone.localdate(),
        checked_by=actor,
    )
    _transition(c, ContractState.PAID if check.accept else ContractState.RETURNED)
    c.save(update_fields=["state"])
    _audit(
        "contracts.payment_accepted" if check.accept else "contracts.payment_returned",
        c,
        actor,
        origin,
        " ".join(check.messages),
        tendered_yen=data.tendered_yen,
        duty_affixed_yen=data.duty_affixed_yen,
        fee_outcome=check.fee_outcome.value,
        duty_outcome=check.duty_outcome.value,
    )
    return attempt


@transaction.atomic
def extend_deadline(contract: Contract, new_deadline: date, reason: str, *, actor: User, origin: Origin) -> Contract:
    c = _locked(contract)
    if c.state not in (ContractState.AWAITING_APPLICATION, ContractState.RETURNED):
        msg = "納付を確認した後の契約の納付期限は延長できません。"
        raise ContractRefused(msg)
    if not reason.strip():
        msg = "延長の理由を記入してください。"
        raise ContractRefused(msg)
    try:
        check_deadline_extension(c.payment_deadline, new_deadline, timezone.localdate())
    except ValueError as exc:
        raise ContractRefused(str(exc)) from None
    old = c.payment_deadline
    c.deadline_history = [
        *c.deadline_history,
        {"from": old.isoformat() if old else None, "to": new_deadline.isoformat(), "reason": reason},
    ]
    c.payment_deadline = new_deadline
    c.save(update_fields=["payment_deadline", "deadline_history"])
    _audit(
        "contracts.deadline_extended",
        c,
        actor,
        origin,
        f"納付期限を{old}から{new_deadline}に延長しました（理由: {reason}）。",
    )
    return c


@transaction.atomic
def close_unpaid(contract: Contract, reason: str, *, actor: User, origin: Origin) -> Contract:
    c = _locked(contract)
    if not payment_overdue(c.payment_deadline, timezone.localdate()):
        msg = "納付期限が過ぎていないため、納付がないことによる終了はできません。"
        raise ContractRefused(msg)
    if not reason.strip():
        msg = "終了の理由を記入してください。"
        raise ContractRefused(msg)
    _transition(c, ContractState.CLOSED_UNPAID)
    c.closed_reason = reason
    c.save(update_fields=["state", "closed_reason"])
    _audit("contracts.closed_unpaid", c, actor, origin, f"納付期限までに納付がなく、契約の手続を終了しました: {reason}")
    return c


def _terms(c: Contract) -> dict[str, Any]:
    p = c.review.proposal
    return {
        "proposal": p.reference,
        "kind": str(p.kind),
        "party": {"name": p.proposer_name, "address": p.proposer_address, "kind": str(p.proposer_kind)},
        "file": p.file.name if p.file_id else None,
        "dataset": c.source_dataset.title if c.source_dataset_id else None,
        "subject_count": c.subject_count,
        "processing": p.processing,
        "recipe_sha256": hashlib.sha256(c.recipe_yaml.encode()).hexdigest(),
        "purpose": p.purpose,
        "method": p.method,
        "use_from": p.use_from.isoformat() if p.use_from else None,
        "use_to": p.use_to.isoformat() if p.use_to else None,
        "handlers": p.handlers,
        "place_of_use": p.place_of_use,
        "storage_management": p.storage_management,
        "delivery_medium": str(p.delivery_medium),
        "delivery_method": str(p.delivery_method),
        "fee_yen": c.fee_yen,
    }


@transaction.atomic
def conclude(
    contract: Contract, *, concluded_on: date, copy_returned_on: date | None, actor: User, origin: Origin
) -> Contract:
    """The division signs (記名) both copies and returns one: the contract gets its number and its terms are frozen
    (no change of conditions after conclusion); where the profile says so, the desk keeps a copy."""
    c = _locked(contract)
    _transition(c, ContractState.CONCLUDED)
    today = timezone.localdate()
    if concluded_on > today:
        msg = "締結日に未来の日付は入力できません。"
        raise ContractRefused(msg)
    accepted = c.payments.filter(outcome=PaymentAttempt.Outcome.ACCEPTED).order_by("-pk").first()
    if accepted is None or concluded_on < accepted.received_on:
        msg = "締結日は、納付を確認した申込書の到達日以後の日付にしてください。"
        raise ContractRefused(msg)
    outsourced = c.review.creation_mode == CreationMode.OUTSOURCED
    if outsourced and not hasattr(c, "outsourcing"):
        msg = "作成を委託する契約です。締結の前に、利用契約の締結を停止条件とする委託契約を記録してください。"
        raise ContractRefused(msg)
    fy = fiscal_year(concluded_on)
    prefix = (c.organization.profile.body_name or c.organization.profile.name) + "匿契"
    sequence = Contract.objects.filter(organization=c.organization).exclude(number="").count() + 1
    c.number = contract_number(prefix, fy, sequence)
    c.concluded_on, c.copy_returned_on, c.signed_by = concluded_on, copy_returned_on, actor
    c.desk_copy_kept = c.organization.profile.procedure.desk_keeps_copies
    c.terms = _terms(c)
    c.handlers = list(c.review.proposal.handlers or [])
    c.terms_sha256 = hashlib.sha256(json.dumps(c.terms, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    try:
        with transaction.atomic():
            c.save()
    except IntegrityError:
        msg = "契約番号が重複しました。もう一度実行してください。"
        raise ContractRefused(msg) from None
    _audit(
        "contracts.concluded",
        c,
        actor,
        origin,
        f"利用契約を締結しました（{c.number}、{concluded_on}）。契約書1通を返送"
        + ("し、提案窓口で写しを保管します。" if c.desk_copy_kept else "します。"),
        terms_sha256=c.terms_sha256,
    )
    return c


@dataclass(frozen=True)
class OutsourcingInput:
    processor_name: str
    estimate_yen: int | None
    conditional_on_use_contract: bool
    confidentiality: bool
    subcontracting_limited: bool
    management_confirmed_in_writing: bool
    contracted_on: date


@transaction.atomic
def record_outsourcing(contract: Contract, data: OutsourcingInput, *, actor: User, origin: Origin) -> Outsourcing:
    """The processor's contract (法116条2項; Fukuoka 第9-1(2), Nara §10(2)): conditional on the use contract, with
    confidentiality, limits on sub-contracting, and the processor's management and inspection confirmed in
    writing. Every one is required."""
    c = _locked(contract)
    if c.review.creation_mode != CreationMode.OUTSOURCED:
        msg = "この契約は自ら作成する計画です（審査で「作成を委託」と記録していません）。"
        raise ContractRefused(msg)
    if hasattr(c, "outsourcing"):
        msg = "委託契約は既に記録されています。"
        raise ContractRefused(msg)
    missing = [
        label
        for ok, label in (
            (bool(data.processor_name.strip()), "委託先の名称"),
            (data.conditional_on_use_contract, "利用契約の締結を停止条件とすること"),
            (data.confidentiality, "秘密の保持"),
            (data.subcontracting_limited, "再委託の制限"),
            (data.management_confirmed_in_writing, "委託先の管理体制と検査を書面で確認したこと"),
        )
        if not ok
    ]
    if missing:
        msg = "委託契約に次の事項が必要です: " + "、".join(missing) + "（福岡県警察要綱第9-1(2)等）。"
        raise ContractRefused(msg)
    o = Outsourcing.objects.create(
        contract=c,
        processor_name=data.processor_name.strip(),
        estimate_yen=data.estimate_yen,
        conditional_on_use_contract=True,
        confidentiality=True,
        subcontracting_limited=True,
        management_confirmed_in_writing=True,
        contracted_on=data.contracted_on,
        recorded_by=actor,
    )
    _audit(
        "contracts.outsourced",
        c,
        actor,
        origin,
        f"{o.processor_name}との停止条件付き委託契約を記録しました（秘密保持・再委託の制限・管理体制の書面確認）。",
    )
    return o


@transaction.atomic
def acknowledge_duty(contract: Contract, *, actor: User, origin: Origin) -> DutyAcknowledgement:
    """法122条: those who handle 行政機関等匿名加工情報等 must not disclose or misuse them."""
    c = _locked(contract)
    ack, created = DutyAcknowledgement.objects.get_or_create(contract=c, user=actor)
    if created:
        _audit(
            "contracts.duty_acknowledged",
            c,
            actor,
            origin,
            f"{actor.display_name or actor.username}が従事者の義務（法122条）を確認しました。",
        )
    return ack


def acknowledged(contract: Contract, user: User) -> bool:
    return DutyAcknowledgement.objects.filter(contract=contract, user=user).exists()


@transaction.atomic
def start_production(contract: Contract, *, actor: User, origin: Origin) -> ProductionRun:
    """After conclusion, queue the background job that runs the contract's recipe on the file's data."""
    c = _locked(contract)
    if c.state != ContractState.CONCLUDED:
        msg = "締結した契約についてのみ作成できます。"
        raise ContractRefused(msg)
    if c.kind != ProposalKind.NEW:
        msg = "法118条の提案に基づく契約では、新たな作成は行いません（作成済みの匿名加工情報を提供します）。"
        raise ContractRefused(msg)
    if c.run_id is not None and c.run.state not in (ProductionRun.State.FAILED, ProductionRun.State.REJECTED):
        msg = "この契約の作成は既に依頼されています。"
        raise ContractRefused(msg)
    if not acknowledged(c, actor):
        msg = "作成の前に、従事者の義務（法122条）の確認を記録してください。"
        raise ContractRefused(msg)
    if c.review.creation_mode == CreationMode.OUTSOURCED and not hasattr(c, "outsourcing"):
        msg = "作成を委託する契約ですが、委託契約が記録されていません。"
        raise ContractRefused(msg)
    try:
        run = production.request_run(
            c.review.proposal.file,
            title=f"{c.review.proposal.file.name}（{c.number}）",
            recipe_yaml=c.recipe_yaml,
            actor=actor,
            origin=origin,
            expected_subjects=c.subject_count,
        )
    except production.ProductionRefused as exc:
        raise ContractRefused(str(exc)) from None
    c.run = run
    c.save(update_fields=["run"])
    _audit("contracts.production_started", c, actor, origin, f"契約{c.number}に基づく作成を依頼しました。")
    return run


@transaction.atomic
def inspect(
    contract: Contract,
    *,
    approve: bool,
    note: str,
    proposal_office: str,
    period: tuple[date, date],
    actor: User,
    origin: Origin,
) -> ProductionRun:
    """The second person's inspection; on approval the division's 法117条 entries go into the register."""
    c = _locked(contract)
    if c.run is None:
        msg = "点検する作成がありません。"
        raise ContractRefused(msg)
    if not proposal_office.strip():
        msg = "法118条の提案を受ける組織の名称及び所在地を入力してください（法117条2号）。"
        raise ContractRefused(msg)
    try:
        run = production.inspect(
            c.run,
            approve=approve,
            note=note,
            actor=actor,
            origin=origin,
            proposal_office=proposal_office.strip(),
            proposal_period=period,
        )
    except production.ProductionRefused as exc:
        raise ContractRefused(str(exc)) from None
    return run


@transaction.atomic
def update_register(
    contract: Contract, *, proposal_office: str, period: tuple[date, date], actor: User, origin: Origin
) -> None:
    """Correct the 法117条 entries of the dataset before delivery (the office and the period for 118条 proposals)."""
    c = _locked(contract)
    if c.state != ContractState.CONCLUDED or c.run is None or c.run.dataset is None:
        msg = "点検で承認した匿名加工情報について、提供の前にのみ記載を変更できます。"
        raise ContractRefused(msg)
    if period[1] < period[0] or not proposal_office.strip():
        msg = "提案を受ける組織と、正しい期間（初日 ≦ 末日）を入力してください。"
        raise ContractRefused(msg)
    ds = c.run.dataset
    ds.proposal_office, ds.proposal_period_first_day, ds.proposal_period_last_day = proposal_office.strip(), *period
    ds.save()
    _audit(
        "register.dataset_updated",
        c,
        actor,
        origin,
        f"個人情報ファイル簿の「{ds.title}」の記載（提案を受ける組織、期間 {period[0]}〜{period[1]}）を"
        "更新しました（法117条）。",
    )


@transaction.atomic
def confirm_processor_deletion(
    contract: Contract, *, confirmed_on: date, evidence: str, items: list[str], actor: User, origin: Origin
) -> Outsourcing:
    """After creation the processor deletes the dataset, the removed information and the processing-method
    information (規則65条); the division confirms it, witnessed or by report."""
    c = _locked(contract)
    o = getattr(c, "outsourcing", None)
    if o is None:
        msg = "委託していない契約です。"
        raise ContractRefused(msg)
    if c.run is None or c.run.state not in (ProductionRun.State.SUCCEEDED, ProductionRun.State.APPROVED):
        msg = "作成が終わってから、委託先の消去を確認してください。"
        raise ContractRefused(msg)
    missing = [label for key, label in DELETION_ITEMS.items() if key not in items]
    if missing:
        msg = "委託先が次のものを消去したことを確認してください: " + "、".join(missing) + "。"
        raise ContractRefused(msg)
    if evidence not in Outsourcing.DeletionEvidence.values:
        msg = "消去の確認の方法（立会い又は報告書）を選んでください。"
        raise ContractRefused(msg)
    o.deletion_confirmed_on, o.deletion_evidence, o.deletion_items = confirmed_on, evidence, sorted(items)
    o.deletion_confirmed_by = actor
    o.save()
    _audit(
        "contracts.processor_deletion_confirmed",
        c,
        actor,
        origin,
        f"委託先（{o.processor_name}）による匿名加工情報・削除情報・加工の方法に関する情報の消去を"
        f"{Outsourcing.DeletionEvidence(evidence).label}しました（{confirmed_on}）。",
    )
    return o


def delivery_run(contract: Contract) -> ProductionRun | None:
    """The run whose retained dataset is delivered: the contract's own, or for a 118条 `reuse` contract the run
    that created the dataset named in the proposal (copies of it, no new production)."""
    if contract.kind == ProposalKind.NEW:
        return contract.run
    if contract.kind == ProposalKind.REUSE and contract.source_dataset_id:
        return ProductionRun.objects.filter(dataset_id=contract.source_dataset_id).first()
    return None


def requested_medium(contract: Contract) -> str | None:
    """The medium the proposal asked for (法第112条第2項第8号 「提供の方法」), as the delivery package names it
    (``cd-r`` / ``dvd-r``); ``None`` when the proposal left it open."""
    asked = contract.proposal.delivery_medium
    return DeliveryMedium(asked).package_code if asked else None


@transaction.atomic
def build_package(
    contract: Contract,
    *,
    medium: str,
    password: str,
    actor: User,
    origin: Origin,
    encoding: str = "utf-8-sig",
) -> DeliveryPackage:
    c = _locked(contract)
    if c.state != ContractState.CONCLUDED:
        msg = "締結済みで未提供の契約についてのみ、提供用の媒体を作成できます。"
        raise ContractRefused(msg)
    if c.kind == ProposalKind.CHANGE:
        msg = "変更の契約（法118条後段）では、新たに提供するものはありません。"
        raise ContractRefused(msg)
    run = delivery_run(c)
    if run is None or run.state != ProductionRun.State.APPROVED:
        msg = "点検で承認された匿名加工情報がまだありません。"
        raise ContractRefused(msg)
    o = getattr(c, "outsourcing", None)
    if o is not None and o.deletion_confirmed_on is None:
        msg = "委託先による消去の確認を記録してから提供してください。"
        raise ContractRefused(msg)
    asked = c.proposal.delivery_medium
    if asked and medium != DeliveryMedium(asked).package_code:
        msg = (
            f"提案書で求められた提供の媒体（{DeliveryMedium(asked).label}）で作成してください（法第112条第2項第8号）。"
        )
        raise ContractRefused(msg)
    try:
        package = production.build_delivery(
            run, medium=medium, password=password, actor=actor, origin=origin, encoding=encoding
        )
    except production.ProductionRefused as exc:
        raise ContractRefused(str(exc)) from None
    _audit("contracts.package_built", c, actor, origin, f"契約{c.number}の提供用の媒体を作成しました。")
    return package


@transaction.atomic
def record_delivery_consultation(contract: Contract, day: date, *, actor: User, origin: Origin) -> Contract:
    """Nara 要綱第2-10: 「提供に当たっては県民サービス課に協議すること」."""
    c = _locked(contract)
    if day > timezone.localdate():
        msg = "協議の日に未来の日付は入力できません。"
        raise ContractRefused(msg)
    c.delivery_consulted_on = day
    c.save(update_fields=["delivery_consulted_on"])
    _audit("contracts.delivery_consulted", c, actor, origin, f"提供について提案窓口と協議しました（{day}）。")
    return c


def delivery_letter(contract: Contract, package: DeliveryPackage) -> str:
    """The covering letter (送付状) that goes with the medium: what it holds, how to open it, and that the password
    comes by a separate channel (法121条2項: provision with safety measures)."""
    p = contract.review.proposal
    profile = contract.organization.profile
    volumes = "、".join(package.volumes)
    encoding = "CP932（Shift_JIS）" if package.encoding == "cp932" else "UTF-8（BOM付き）"
    lines = [
        f"{p.proposer_name} 様",
        "",
        "行政機関等匿名加工情報の提供について",
        "",
        f"{contract.number}の利用契約に基づき、行政機関等匿名加工情報を次のとおり提供します。",
        f"1 媒体: {package.medium.upper()} {len(package.volumes)}枚（{volumes}）",
        f"2 内容: データ（CSV {encoding}、Parquet）、データ項目の説明、注意書き、各ファイルの SHA-256 の一覧",
        "3 開き方: AES-256 で暗号化した ZIP 形式です。Windows では無料の 7-Zip で開けます"
        "（Windows 標準の機能では開けません）。",
        "4 パスワード: この送付状とは別の方法（電話等）でお知らせします。媒体と一緒に保管しないでください。",
        "5 確認: 受領後、SHA-256 の一覧と照合し、内容が完全であることを確認してください。",
        "6 利用契約で定めた目的・方法・期間の範囲内で利用し、第三者に提供しないでください。利用期間の終了後は"
        "媒体を返却し、複製したデータを復元できない方法で消去してください。",
        "",
        f"{profile.name}",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class DeliveryInput:
    package_id: int
    delivered_on: date
    method: str
    recipient: str
    attended_by: str
    receipt_received: bool
    password_channel: str


@transaction.atomic
def record_delivery(contract: Contract, data: DeliveryInput, *, actor: User, origin: Origin) -> DeliveryRecord:
    c = _locked(contract)
    run = delivery_run(c)
    package = DeliveryPackage.objects.filter(pk=data.package_id, run=run).first() if run else None
    if package is None:
        msg = "この契約の提供用の媒体を選んでください。"
        raise ContractRefused(msg)
    problems = []
    if data.method not in DeliveryRecord.Method.values:
        problems.append("提供の方法を選んでください。")
    if not data.recipient.strip():
        problems.append("受領者を入力してください。")
    if not data.password_channel.strip():
        problems.append("パスワードを伝えた方法（媒体とは別の方法）を入力してください。")
    if data.delivered_on > timezone.localdate():
        problems.append("提供日に未来の日付は入力できません。")
    if c.concluded_on and data.delivered_on < c.concluded_on:
        problems.append("提供日は締結日以後にしてください。")
    if problems:
        raise ContractRefused("".join(problems))
    if c.organization.profile.procedure.delivery_requires_desk_consultation and c.delivery_consulted_on is None:
        problems.append(
            "この機関では、提供に当たって提案窓口と協議します（奈良県警察 要綱第2-10）。協議の日を記録してください。"
        )
    if problems:
        raise ContractRefused("".join(problems))
    _transition(c, ContractState.DELIVERED)
    c.save(update_fields=["state"])
    record = DeliveryRecord.objects.create(
        contract=c,
        package=package,
        delivered_on=data.delivered_on,
        method=data.method,
        recipient=data.recipient.strip(),
        attended_by=data.attended_by.strip(),
        receipt_received=data.receipt_received,
        password_channel=data.password_channel.strip(),
        recorded_by=actor,
    )
    _audit(
        "contracts.delivered",
        c,
        actor,
        origin,
        f"{data.delivered_on}に{record.get_method_display()}で{record.recipient}に提供しました"
        + (f"（立会い: {record.attended_by}）" if record.attended_by else "")
        + ("。受領書を受け取りました。" if data.receipt_received else "。"),
    )
    return record

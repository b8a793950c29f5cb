"""The use contract (法115条) and what hangs on it: payment checks, outsourcing (法116条2項), the 法122条
acknowledgements of the staff who handle the data, and the delivery record (法121条2項)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tokumei.law.contracts import ContractState
from tokumei.law.organization import PaymentMethod
from tokumei.web.accounts.models import Organization
from tokumei.web.production.models import DeliveryPackage, ProductionRun
from tokumei.web.register.models import AnonymizedDataset
from tokumei.web.reviews.models import Review

CONTRACT_STATE_CHOICES = [(s.value, s.label) for s in ContractState]
PAYMENT_METHOD_CHOICES = [(m.value, m.label) for m in PaymentMethod]


class Contract(models.Model):
    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="contract")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="contracts")
    state = models.CharField(
        "状態", max_length=24, choices=CONTRACT_STATE_CHOICES, default=ContractState.AWAITING_APPLICATION
    )
    fee_yen = models.PositiveIntegerField("手数料の額（円）")
    stamp_duty_yen = models.PositiveIntegerField("印紙税額（円、提案者の負担）", default=0)
    payment_deadline = models.DateField("納付期限", null=True, blank=True)
    deadline_history = models.JSONField("納付期限の延長の履歴", default=list, blank=True)
    subject_count = models.PositiveIntegerField("本人の数（契約）", null=True, blank=True)
    recipe_yaml = models.TextField("加工の方法（契約で定めたレシピ）", blank=True)
    source_dataset = models.ForeignKey(
        AnonymizedDataset,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reuse_contracts",
        help_text="法118条の提案に基づく契約で提供する、既に作成された匿名加工情報。",
    )
    number = models.CharField("契約番号", max_length=40, blank=True)
    concluded_on = models.DateField("締結日", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    copy_returned_on = models.DateField("契約書1通の返送日", null=True, blank=True)
    desk_copy_kept = models.BooleanField("提案窓口で写しを保管", default=False)
    terms = models.JSONField("契約の条件（締結時に固定）", default=dict, blank=True)
    terms_sha256 = models.CharField("契約の条件の SHA-256", max_length=64, blank=True)
    run = models.ForeignKey(ProductionRun, null=True, blank=True, on_delete=models.PROTECT, related_name="contracts")
    closed_reason = models.TextField("終了の理由", blank=True)
    handlers = models.JSONField("現在の取扱者（氏名・所属・役職）", default=list, blank=True)
    delivery_consulted_on = models.DateField("提供についての提案窓口との協議の日", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "利用契約"
        verbose_name_plural = "利用契約"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], condition=~models.Q(number=""), name="contract_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number or f"契約（{self.review.proposal.reference}）"

    @property
    def state_enum(self) -> ContractState:
        return ContractState(self.state)

    @property
    def proposal(self):  # type: ignore[no-untyped-def]
        return self.review.proposal

    @property
    def kind(self) -> str:
        return str(self.review.proposal.kind)


class PaymentAttempt(models.Model):
    """One submission of the contract application with its payment, as checked (Fukuoka 第8-1, Nara §9)."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "過不足なし（消印）"
        RETURNED = "returned", "返戻"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="payments")
    received_on = models.DateField("申込書等の到達日")
    received_via = models.CharField(
        "提出の方法", max_length=8, choices=[("desk", "窓口に持参"), ("mail", "郵送"), ("online", "オンライン")]
    )
    method = models.CharField("納付の方法", max_length=24, choices=PAYMENT_METHOD_CHOICES)
    tendered_yen = models.PositiveIntegerField("貼付・納付された額（円）")
    duty_affixed_yen = models.PositiveIntegerField("契約書に貼付された収入印紙（円）")
    reference = models.CharField("納付の番号等（納付書・電子納付）", max_length=100, blank=True)
    contract_copies = models.PositiveSmallIntegerField("受け取った契約書の通数", default=2)
    outcome = models.CharField("確認の結果", max_length=10, choices=Outcome.choices)
    messages = models.JSONField("確認の内容", default=list)
    stamps_cancelled_at = models.DateTimeField("消印の日時", null=True, blank=True)
    returned_on = models.DateField("返戻日", null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["checked_at", "pk"]
        verbose_name = "納付の確認"
        verbose_name_plural = "納付の確認"


class Outsourcing(models.Model):
    """The processor's contract, conditional on the use contract (停止条件), and the confirmation afterwards that
    the processor deleted everything (法116条2項, 規則65条; Fukuoka 第9-1(2), Nara §10(2))."""

    class DeletionEvidence(models.TextChoices):
        WITNESSED = "witnessed", "立会いにより確認"
        REPORT = "report", "報告書により確認"

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="outsourcing")
    processor_name = models.CharField("委託先", max_length=200)
    estimate_yen = models.PositiveIntegerField("委託料（見積額、手数料に算入）", null=True, blank=True)
    conditional_on_use_contract = models.BooleanField("利用契約の締結を停止条件とする", default=False)
    confidentiality = models.BooleanField("秘密の保持", default=False)
    subcontracting_limited = models.BooleanField("再委託の制限", default=False)
    management_confirmed_in_writing = models.BooleanField("管理体制・検査を書面で確認", default=False)
    contracted_on = models.DateField("委託契約の日")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deletion_confirmed_on = models.DateField("委託先の消去を確認した日", null=True, blank=True)
    deletion_evidence = models.CharField(
        "消去の確認の方法", max_length=10, choices=DeletionEvidence.choices, blank=True
    )
    deletion_items = models.JSONField("消去を確認したもの", default=list, blank=True)
    deletion_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "作成の委託"
        verbose_name_plural = "作成の委託"


class DutyAcknowledgement(models.Model):
    """A staff member's acknowledgement of the duty of 法122条 before running or inspecting production."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contract", "user"], name="duty_ack_once")]
        verbose_name = "従事者の義務の確認"
        verbose_name_plural = "従事者の義務の確認"


class DeliveryRecord(models.Model):
    """法121条2項 delivery: when, how, to whom, who attended, and the receipt."""

    class Method(models.TextChoices):
        DESK = "desk", "窓口で手渡し"
        MAIL = "mail", "郵送（書留等）"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="deliveries")
    package = models.ForeignKey(DeliveryPackage, on_delete=models.PROTECT, related_name="deliveries")
    delivered_on = models.DateField("提供日")
    method = models.CharField("提供の方法", max_length=8, choices=Method.choices)
    recipient = models.CharField("受領者", max_length=200)
    attended_by = models.CharField("立会者", max_length=300, blank=True)
    receipt_received = models.BooleanField("受領書を受け取った", default=False)
    password_channel = models.CharField("パスワードの伝達方法", max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = "提供の記録"
        verbose_name_plural = "提供の記録"

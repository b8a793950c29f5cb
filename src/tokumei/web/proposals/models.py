"""Proposals (法112条, 法118条) with their attachments, correction requests (規則54条7項) and consultation records
(応接記録, Fukuoka 第4). Rules live in :mod:`tokumei.law.intake`; writes go through :mod:`.services`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tokumei.law.intake import (
    AttachmentKind,
    DeliveryMedium,
    DeliveryMethod,
    IdentityDocumentType,
    ProposalKind,
    ProposerKind,
)
from tokumei.law.transitions import ProposalState
from tokumei.web.accounts.models import Organization
from tokumei.web.register.models import AnonymizedDataset, PersonalInformationFile
from tokumei.web.solicitations.models import Solicitation


def _choices(enum_type: type, labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    return [(m.value, (labels or {}).get(m.value) or getattr(m, "label", m.value)) for m in enum_type]


class Channel(models.TextChoices):
    ONLINE = "online", "電子申請（ポータル）"
    IN_PERSON = "in_person", "持参"
    MAIL = "mail", "郵送・信書便"


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def cases(self) -> ProposalQuerySet:
        """Proposals that have arrived (drafts belong to the proposer only)."""
        return self.exclude(state=ProposalState.DRAFT)

    def live(self) -> ProposalQuerySet:
        return self.exclude(state__in=[ProposalState.WITHDRAWN, ProposalState.NOT_ACCEPTED])


class Proposal(models.Model):
    """A proposal: every item of 法112条2項 (法118条2項) as its own field."""

    STATE_CHOICES = [(s.value, s.label) for s in ProposalState]

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="proposals")
    reference = models.CharField("受付参照番号", max_length=20, unique=True)
    kind = models.CharField("提案の種類", max_length=8, choices=_choices(ProposalKind), default=ProposalKind.NEW)
    state = models.CharField("状態", max_length=24, choices=STATE_CHOICES, default=ProposalState.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提案者アカウント",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    entered_by_staff = models.BooleanField("職員が紙の提出書類から入力", default=False)

    # What the proposal is about
    solicitation = models.ForeignKey(
        Solicitation, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    file = models.ForeignKey(
        PersonalInformationFile, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    dataset = models.ForeignKey(
        AnonymizedDataset, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    changed_contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name="変更しようとする契約（法118条後段）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_proposals",
    )
    contract_reference = models.CharField(
        "変更しようとする契約（表示用、契約番号と締結日）", max_length=200, blank=True
    )

    # 1号
    proposer_kind = models.CharField("提案をする者の区分", max_length=16, choices=_choices(ProposerKind))
    proposer_name = models.CharField("氏名又は名称", max_length=200, blank=True)
    proposer_address = models.CharField("住所又は居所", max_length=300, blank=True)
    proposer_representative = models.CharField("代表者の氏名（法人等）", max_length=100, blank=True)
    corporate_number = models.CharField("法人番号（法人の場合）", max_length=13, blank=True)
    phone = models.CharField("電話番号", max_length=40, blank=True)
    email = models.CharField("電子メールアドレス", max_length=200, blank=True)
    department = models.CharField("担当部署", max_length=200, blank=True)
    person_in_charge = models.CharField("担当者の氏名", max_length=100, blank=True)
    joint_proposers = models.JSONField("共同提案者", default=list, blank=True)
    officers = models.JSONField("役員（欠格事由の確認にのみ使用）", default=list, blank=True)
    proxy_kind = models.CharField("代理人の区分", max_length=16, choices=_choices(ProposerKind), blank=True)
    proxy_name = models.CharField("代理人の氏名又は名称", max_length=200, blank=True)
    proxy_address = models.CharField("代理人の住所又は居所", max_length=300, blank=True)
    proxy_representative = models.CharField("代理人の代表者の氏名", max_length=100, blank=True)
    # 3号
    subject_scope = models.CharField(
        "本人の数", max_length=8, choices=[("all", "ファイルの本人の全員"), ("sample", "無作為抽出")], blank=True
    )
    sample_size = models.PositiveIntegerField("無作為に抽出する本人の数", null=True, blank=True)
    # 4号
    processing = models.JSONField("加工の方法（記録項目 → 詳細度、null は提供を求めない）", default=dict, blank=True)
    recipe_yaml = models.TextField("加工の方法（エンジンのレシピ）", blank=True)
    # 5号
    purpose = models.TextField("利用の目的", blank=True)
    method = models.TextField("利用の方法", blank=True)
    business = models.TextField("事業の内容", blank=True)
    # 6号
    use_from = models.DateField("利用期間（初日）", null=True, blank=True)
    use_to = models.DateField("利用期間（末日）", null=True, blank=True)
    # 7号
    handlers = models.JSONField("取扱者（氏名・所属・役職）", default=list, blank=True)
    place_of_use = models.CharField("利用する場所", max_length=300, blank=True)
    environment = models.TextField("利用する環境", blank=True)
    storage_management = models.TextField("保管及び管理の方法", blank=True)
    # 8号
    delivery_medium = models.CharField("提供の媒体", max_length=8, choices=_choices(DeliveryMedium), blank=True)
    delivery_method = models.CharField("提供の方法", max_length=8, choices=_choices(DeliveryMethod), blank=True)

    other_documents_requested = models.BooleanField("その他の書類の提出を求めている", default=False)
    official_form = models.BooleanField("所定の様式による", default=True)

    # Arrival, intake
    proposal_date = models.DateField("提案の日（提案書の日付）", null=True, blank=True)
    channel = models.CharField("提出の方法", max_length=16, choices=Channel.choices, blank=True)
    arrived_on = models.DateField("到達日", null=True, blank=True)
    arrived_at = models.TimeField("到達時刻", null=True, blank=True)
    receipt_number = models.CharField("受付番号", max_length=40, blank=True)
    accepted_at = models.DateTimeField("受付日時", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    division_checked_at = models.DateTimeField("主管課の確認日時", null=True, blank=True)
    closing_reason = models.TextField("受け付けなかった理由・取下げの理由", blank=True)

    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "提案"
        verbose_name_plural = "提案"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "receipt_number"],
                condition=~Q(receipt_number=""),
                name="proposal_receipt_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(use_from__isnull=True) | Q(use_to__isnull=True) | Q(use_to__gte=models.F("use_from")),
                name="proposal_use_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(state=ProposalState.ACCEPTED) | ~Q(receipt_number=""),
                name="proposal_accepted_has_receipt_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.proposer_name or '（提案者未記入）'}"

    @property
    def state_enum(self) -> ProposalState:
        return ProposalState(self.state)

    @property
    def kind_enum(self) -> ProposalKind:
        return ProposalKind(self.kind)

    @property
    def target_label(self) -> str:
        if self.kind == ProposalKind.NEW:
            return self.file.name if self.file else "（未選択）"
        return self.dataset.title if self.dataset else "（未選択）"

    @property
    def contract_number(self) -> str:
        """The number of the contract a change proposal names (法118条後段); "" when none."""
        return self.changed_contract.number if self.changed_contract_id and self.changed_contract else ""

    @property
    def has_proxy(self) -> bool:
        return bool(self.proxy_name or self.proxy_kind)


class Attachment(models.Model):
    """An attachment: stored under DATA_DIR/uploads (outside the web root) by content hash; served only through a
    permission-checked, audited view. Identity documents carry the facts the intake checks (規則54条4・5項)."""

    KIND_CHOICES = [(k.value, k.label) for k in AttachmentKind]

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("書類の種類", max_length=32, choices=KIND_CHOICES)
    holder = models.CharField("誰の書類か", max_length=16, blank=True, default="proposer")
    original_name = models.CharField("元のファイル名", max_length=255, blank=True)
    stored_name = models.CharField("保存名", max_length=120, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField("大きさ（バイト）", default=0)
    content_type = models.CharField("内容から判定した形式", max_length=80, blank=True)
    on_paper = models.BooleanField("紙で受領（ファイルなし）", default=False)
    scanned_by_staff = models.BooleanField("職員がスキャンして登録", default=False)
    # identity documents
    document_type = models.CharField(
        "本人確認書類の種類", max_length=40, choices=_choices(IdentityDocumentType), blank=True
    )
    issued_on = models.DateField("発行日（作成日）", null=True, blank=True)
    valid_until = models.DateField("有効期限", null=True, blank=True)
    name_on_document = models.CharField("書類上の氏名又は名称", max_length=200, blank=True)
    address_on_document = models.CharField("書類上の住所", max_length=300, blank=True)
    front_side_only = models.BooleanField("個人番号カードの表面のみである", default=False)
    alternative_reason = models.TextField("やむを得ない理由（代わりの書類）", blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("登録日時", auto_now_add=True)
    removed_at = models.DateTimeField("差し替え・削除日時", null=True, blank=True)

    class Meta:
        ordering = ["proposal", "kind", "uploaded_at"]
        verbose_name = "添付書類"
        verbose_name_plural = "添付書類"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"


class CorrectionRequest(models.Model):
    """訂正の求め (規則54条7項; Fukuoka 第6-2(3)): what, why, by when; answered through the portal or on paper."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="corrections")
    items = models.JSONField("訂正を求める事項（what / why）", default=list)
    deadline = models.DateField("訂正の期限")
    channel = models.CharField("伝えた方法", max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("求めた日時", auto_now_add=True)
    resolved_at = models.DateTimeField("訂正を受けた日時", null=True, blank=True)
    resolution_note = models.TextField("訂正の内容", blank=True)

    class Meta:
        ordering = ["proposal", "-requested_at"]
        verbose_name = "訂正の求め"
        verbose_name_plural = "訂正の求め"

    def __str__(self) -> str:
        return f"{self.proposal.reference} 訂正の求め（期限 {self.deadline}）"


class ReceiptCounter(models.Model):
    """The last receipt number given per organization and fiscal year (locked with select_for_update)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "fiscal_year"], name="receipt_counter_unique")]


class ConsultationRecord(models.Model):
    """応接記録 (Fukuoka 第4; Nara §3): a consultation, or a phone/oral "proposal" (never a proposal: 法112条2項)."""

    class ConsultationChannel(models.TextChoices):
        DESK = "desk", "窓口（面談）"
        PHONE = "phone", "電話"
        EMAIL = "email", "電子メール"
        OTHER = "other", "その他"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="consultations")
    occurred_on = models.DateField("日付")
    channel = models.CharField("方法", max_length=8, choices=ConsultationChannel.choices)
    counterpart = models.CharField("相手方（氏名・所属）", max_length=200)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提案者アカウント",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name="提案", null=True, blank=True, on_delete=models.PROTECT, related_name="consultations"
    )
    question = models.TextField("相談・問合せの内容")
    answer = models.TextField("回答・説明の内容")
    oral_proposal = models.BooleanField(
        "電話・口頭による提案の申出であった（提案は書面によることを教示し、提案としては扱わない）", default=False
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at"]
        verbose_name = "応接記録"
        verbose_name_plural = "応接記録"

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.counterpart}"

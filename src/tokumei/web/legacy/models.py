"""Historic cases of the 2017 rule as imported (one row per case) and the imports they came from.

The facts are those of :class:`tokumei.law.legacy.LegacyCase`; :meth:`HistoricCase.to_case` gives it back, so the
documents are always rebuilt by :func:`tokumei.law.legacy.legacy_documents` from the kept facts (nothing rendered is
stored). A case is never edited after the import: the import is the record.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from tokumei.law.intake import DeliveryMedium, DeliveryMethod, ProposalKind
from tokumei.law.legacy import KIND_LABELS, LegacyCase, LegacyCaseStatus
from tokumei.law.review import Criterion
from tokumei.web.accounts.models import Organization

STATUS_CHOICES = [(s.value, s.label) for s in LegacyCaseStatus]
KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in ProposalKind]
MEDIUM_CHOICES = [(m.value, m.label) for m in DeliveryMedium]
METHOD_CHOICES = [(m.value, m.label) for m in DeliveryMethod]


class LegacyImport(models.Model):
    """One accepted CSV file: who imported it, when, and its fingerprint."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="legacy_imports")
    file_name = models.CharField("ファイル名", max_length=255)
    encoding = models.CharField("文字コード", max_length=16)
    sha256 = models.CharField("SHA-256", max_length=64)
    case_count = models.PositiveIntegerField("案件の数")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="取り込んだ職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="コマンド（tokumei legacy import）で取り込んだ場合は空欄。",
    )
    imported_at = models.DateTimeField("取込みの日時", auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "旧制度の案件の取込み"
        verbose_name_plural = "旧制度の案件の取込み"

    def __str__(self) -> str:
        return f"{self.file_name}（{self.case_count}件）"


class HistoricCase(models.Model):
    """A case handled under 旧法第四章の二 (平成29年5月30日〜令和4年3月31日), kept for reference."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="historic_cases")
    batch = models.ForeignKey(LegacyImport, on_delete=models.PROTECT, related_name="cases", verbose_name="取込み")
    line = models.PositiveIntegerField("取込みファイルの行")
    case_number = models.CharField("案件番号", max_length=50)
    proposer = models.CharField("提案者", max_length=200)
    file_label = models.CharField("個人情報ファイル", max_length=300)
    proposal_date = models.DateField("提案日")
    status = models.CharField("状況", max_length=16, choices=STATUS_CHOICES)
    kind = models.CharField("提案の種類", max_length=8, choices=KIND_CHOICES, default=ProposalKind.NEW.value)
    notice_date = models.DateField("通知日", null=True, blank=True)
    contract_date = models.DateField("契約日", null=True, blank=True)
    delivery_date = models.DateField("提供日", null=True, blank=True)
    fee_yen = models.BigIntegerField("手数料（円）", null=True, blank=True)
    representative = models.CharField("代表者", max_length=100, blank=True)
    proposer_address = models.CharField("提案者の住所", max_length=300, blank=True)
    notice_number = models.CharField("通知番号", max_length=50, blank=True)
    payment_deadline = models.DateField("納付期限", null=True, blank=True)
    delivery_medium = models.CharField("提供媒体", max_length=8, choices=MEDIUM_CHOICES, blank=True)
    delivery_method = models.CharField("提供方法", max_length=8, choices=METHOD_CHOICES, blank=True)
    hours = models.DecimalField("作成時間", max_digits=8, decimal_places=2, null=True, blank=True)
    outsourcing_yen = models.BigIntegerField("委託額（円）", null=True, blank=True)
    third_parties = models.PositiveIntegerField("意見書提出の機会を与えた第三者の数", null=True, blank=True)
    failed_criteria = models.JSONField("不適合の基準", default=list, blank=True)
    rejection_reason = models.TextField("不適合の理由", blank=True)
    remarks = models.TextField("備考", blank=True)

    class Meta:
        ordering = ["proposal_date", "case_number"]
        verbose_name = "旧制度の案件"
        verbose_name_plural = "旧制度の案件"
        constraints = [
            models.UniqueConstraint(fields=["organization", "case_number"], name="legacy_case_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number}（{self.proposer}）"

    @classmethod
    def of(cls, organization: Organization, batch: LegacyImport, case: LegacyCase) -> HistoricCase:
        """The row that keeps ``case`` (not saved)."""
        return cls(
            organization=organization,
            batch=batch,
            line=case.line,
            case_number=case.case_number,
            proposer=case.proposer,
            file_label=case.file_label,
            proposal_date=case.proposal_date,
            status=case.status.value,
            kind=case.kind.value,
            notice_date=case.notice_date,
            contract_date=case.contract_date,
            delivery_date=case.delivery_date,
            fee_yen=case.fee_yen,
            representative=case.representative,
            proposer_address=case.proposer_address,
            notice_number=case.notice_number,
            payment_deadline=case.payment_deadline,
            delivery_medium=case.delivery_medium.value if case.delivery_medium else "",
            delivery_method=case.delivery_method.value if case.delivery_method else "",
            hours=case.hours,
            outsourcing_yen=case.outsourcing_yen,
            third_parties=case.third_parties,
            failed_criteria=[c.value for c in case.failed_criteria],
            rejection_reason=case.rejection_reason,
            remarks=case.remarks,
        )

    def to_case(self) -> LegacyCase:
        """The kept facts as :class:`tokumei.law.legacy.LegacyCase` (to build the documents and the fee)."""
        return LegacyCase(
            case_number=self.case_number,
            proposer=self.proposer,
            file_label=self.file_label,
            proposal_date=self.proposal_date,
            status=LegacyCaseStatus(self.status),
            kind=ProposalKind(self.kind),
            notice_date=self.notice_date,
            contract_date=self.contract_date,
            delivery_date=self.delivery_date,
            fee_yen=self.fee_yen,
            representative=self.representative,
            proposer_address=self.proposer_address,
            notice_number=self.notice_number,
            payment_deadline=self.payment_deadline,
            delivery_medium=DeliveryMedium(self.delivery_medium) if self.delivery_medium else None,
            delivery_method=DeliveryMethod(self.delivery_method) if self.delivery_method else None,
            hours=None if self.hours is None else Decimal(self.hours),
            outsourcing_yen=self.outsourcing_yen,
            third_parties=self.third_parties,
            failed_criteria=tuple(Criterion(c) for c in self.failed_criteria),
            rejection_reason=self.rejection_reason,
            remarks=self.remarks,
            line=self.line,
        )

    @property
    def status_enum(self) -> LegacyCaseStatus:
        return LegacyCaseStatus(self.status)

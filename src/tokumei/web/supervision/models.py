"""After delivery (法120条, 法128条; Fukuoka 第10-2, Nara §13〜15): change notifications, termination with its PPC
reports, improper use, the end of use, and complaints."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tokumei.law.supervision import HandlerChangeKind, PpcReportStage, TerminationGround
from tokumei.web.accounts.models import Organization
from tokumei.web.contracts.models import Contract
from tokumei.web.reviews.models import ContractTermination


class HandlerChange(models.Model):
    """One 記載事項変更申出書 (Fukuoka 標準様式第二)."""

    class State(models.TextChoices):
        PENDING = "pending", "理由の確認待ち"
        EFFECTIVE = "effective", "効力発生"
        REFUSED = "refused", "認めない"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="handler_changes")
    kind = models.CharField("変更の内容", max_length=16, choices=[(k.value, k.label) for k in HandlerChangeKind])
    before = models.CharField("変更前（取扱者の氏名・連絡先等）", max_length=200, blank=True)
    after = models.CharField("変更後", max_length=200, blank=True)
    after_post = models.CharField("変更後の取扱者の所属・役職", max_length=200, blank=True)
    reason = models.TextField("理由", blank=True)
    received_on = models.DateField("申出書の到達日")
    state = models.CharField("状態", max_length=12, choices=State.choices, default=State.PENDING)
    decision_note = models.TextField("判断の理由", blank=True)
    effective_on = models.DateField("効力の発生日", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = "記載事項の変更"
        verbose_name_plural = "記載事項の変更"


class Termination(models.Model):
    """A termination under 法120条 from intention to completion; its entry in ContractTermination is what review
    criterion ① consults for two years (法113条5号)."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="termination")
    ground = models.CharField("解除の事由", max_length=20, choices=[(g.value, g.label) for g in TerminationGround])
    facts = models.TextField("事実の概要")
    intended_on = models.DateField("解除をしようとする旨の決定日")
    desk_consulted_on = models.DateField("提案窓口との協議の日", null=True, blank=True)
    terminated_on = models.DateField("解除の日", null=True, blank=True)
    entry = models.OneToOneField(
        ContractTermination, null=True, blank=True, on_delete=models.PROTECT, related_name="supervision"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "契約の解除"
        verbose_name_plural = "契約の解除"


class PpcReport(models.Model):
    """A draft report to the Personal Information Protection Commission."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="ppc_reports")
    stage = models.CharField("報告の種類", max_length=16, choices=[(s.value, s.label) for s in PpcReportStage])
    body = models.JSONField("本文（行）", default=list)
    drafted_on = models.DateField("起案日")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["drafted_on", "pk"]
        verbose_name = "個人情報保護委員会への報告"
        verbose_name_plural = "個人情報保護委員会への報告"


class EndOfUse(models.Model):
    """The end of the period of use: media returned and the data deleted irrecoverably, confirmed (Nara §15)."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="end_of_use")
    media_returned_on = models.DateField("媒体の返却日")
    deletion_confirmed_on = models.DateField("消去を確認した日")
    deletion_method = models.CharField("消去の方法・確認の方法", max_length=300)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "利用の終了"
        verbose_name_plural = "利用の終了"


class Complaint(models.Model):
    """A complaint about the handling of 行政機関等匿名加工情報 (法128条: handle properly and promptly)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="complaints")
    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints")
    received_on = models.DateField("受付日")
    complainant = models.CharField("申出者", max_length=200)
    summary = models.TextField("苦情の内容")
    handling = models.TextField("処理の内容", blank=True)
    handled_on = models.DateField("処理日", null=True, blank=True)
    answer = models.TextField("回答の内容", blank=True)
    answered_on = models.DateField("回答日", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "苦情"
        verbose_name_plural = "苦情"

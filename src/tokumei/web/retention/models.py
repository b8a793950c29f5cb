"""What was disposed of at the end of its retention period (Fukuoka 第13), and the consent national bodies record
first (公文書等の管理に関する法律8条2項). The disposed record's row stays (other rows PROTECT it); its stored file
or bytes are cleared and this row says so."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tokumei.law.organization import RecordSeries
from tokumei.web.accounts.models import Organization


class Disposal(models.Model):
    """One record at the end of its retention period: the consent (national bodies), then the disposal."""

    class State(models.TextChoices):
        CONSENTED = "consented", "同意を記録（廃棄待ち）"
        DISPOSED = "disposed", "廃棄済み"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="disposals")
    source = models.CharField("記録の種類", max_length=32)
    object_id = models.PositiveBigIntegerField("記録のID")
    title = models.CharField("表題", max_length=300)
    series = models.CharField("区分", max_length=32, choices=[(s.value, s.label) for s in RecordSeries])
    binder_name = models.CharField("簿冊", max_length=200)
    made_on = models.DateField("作成又は取得の日")
    due_on = models.DateField("廃棄できる日")
    computation = models.TextField("廃棄できる日の計算")
    state = models.CharField("状態", max_length=16, choices=State.choices)
    consent_reference = models.CharField("同意の文書番号等", max_length=200, blank=True)
    consented_on = models.DateField("同意の日", null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disposed_at = models.DateTimeField("廃棄日時", null=True, blank=True)
    removed = models.JSONField("消去したもの", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "関係書類の廃棄"
        verbose_name_plural = "関係書類の廃棄"
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="retention_disposal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

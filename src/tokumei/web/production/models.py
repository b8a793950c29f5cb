"""Production runs (作成, 法116条, 規則62条): a background job runs a recipe on a file's data source; the created
dataset is kept encrypted at rest; a second person inspects it before it can be delivered (Fukuoka 第9-1(1))."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tokumei.web.register.models import AnonymizedDataset, PersonalInformationFile


class ProductionRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "待機中"
        RUNNING = "running", "実行中"
        FAILED = "failed", "失敗"
        SUCCEEDED = "succeeded", "作成済み（点検待ち）"
        APPROVED = "approved", "点検済み"
        REJECTED = "rejected", "点検で差戻し"

    file = models.ForeignKey(PersonalInformationFile, on_delete=models.PROTECT, related_name="production_runs")
    title = models.CharField("名称", max_length=200)
    recipe_yaml = models.TextField("加工の方法（レシピ）")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField("状態", max_length=16, choices=State.choices, default=State.QUEUED)
    attempt = models.PositiveSmallIntegerField("実行回数", default=0)
    progress_step = models.PositiveSmallIntegerField("進捗（段階）", default=0)
    progress_message = models.CharField("進捗", max_length=200, blank=True)
    heartbeat_at = models.DateTimeField("最終更新", null=True, blank=True)
    started_at = models.DateTimeField("開始", null=True, blank=True)
    finished_at = models.DateTimeField("終了", null=True, blank=True)
    error = models.TextField("エラー", blank=True)
    report = models.JSONField("規則62条の報告", default=dict, blank=True)
    expected_subjects = models.PositiveIntegerField("本人の数（契約）", null=True, blank=True)
    rows_out = models.PositiveIntegerField("レコード数", null=True, blank=True)
    subjects_out = models.PositiveIntegerField("本人の数", null=True, blank=True)
    information_items = models.JSONField("情報の項目", default=list, blank=True)
    output_name = models.CharField("暗号化して保存したファイル", max_length=200, blank=True)
    output_sha256 = models.CharField("SHA-256（復号後）", max_length=64, blank=True)
    secrets_destroyed_at = models.DateTimeField("削除情報・加工の方法に関する情報の消去日時", null=True, blank=True)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    inspected_at = models.DateTimeField("点検日時", null=True, blank=True)
    inspection_note = models.TextField("点検の所見", blank=True)
    dataset = models.OneToOneField(
        AnonymizedDataset, null=True, blank=True, on_delete=models.PROTECT, related_name="production_run"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(inspected_by__isnull=True) | ~Q(inspected_by=models.F("requested_by")),
                name="production_inspector_differs",
            ),
        ]
        verbose_name = "作成の実行"
        verbose_name_plural = "作成の実行"

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        return min(100, round(self.progress_step * 100 / STEPS)) if self.state != self.State.SUCCEEDED else 100


class DeliveryPackage(models.Model):
    """An encrypted delivery package built from an inspected dataset (法121条2項), for a CD-R or DVD-R."""

    run = models.ForeignKey(ProductionRun, on_delete=models.PROTECT, related_name="packages")
    medium = models.CharField("媒体", max_length=8)
    folder = models.CharField("保存先", max_length=200)
    volumes = models.JSONField("ボリューム（名前 → SHA-256）", default=dict)
    manifest = models.JSONField("内容（ファイル → SHA-256）", default=dict)
    encoding = models.CharField("CSV の文字コード", max_length=16, default="utf-8-sig")
    unencodable_count = models.PositiveIntegerField("CP932 で表せなかった文字の数", default=0)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    built_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        ordering = ["-built_at"]
        verbose_name = "提供用の媒体"
        verbose_name_plural = "提供用の媒体"

    def __str__(self) -> str:
        return f"{self.run} ({self.medium})"


#: Number of progress messages a run emits (reading + the engine's steps + encrypting).
STEPS = 10

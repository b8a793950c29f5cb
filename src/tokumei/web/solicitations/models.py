"""Solicitations (提案の募集, 法111条・規則53条): period, targets, submission methods, and their states."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from tokumei.law.solicitation import SolicitationPeriod
from tokumei.law.transitions import SolicitationState
from tokumei.web.accounts.models import Organization
from tokumei.web.register.models import PersonalInformationFile


class SolicitationQuerySet(models.QuerySet["Solicitation"]):
    def public(self) -> SolicitationQuerySet:
        return self.filter(state__in=[SolicitationState.PUBLISHED, SolicitationState.CLOSED])


class Solicitation(models.Model):
    State = models.TextChoices("State", [(s.name, (s.value, s.label)) for s in SolicitationState])  # type: ignore[misc]

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="solicitations")
    title = models.CharField("件名", max_length=200)
    fiscal_year = models.PositiveSmallIntegerField("年度（開始日の属する年度）")
    first_day = models.DateField("募集開始日")
    last_day = models.DateField("募集最終日")
    closing_time = models.TimeField("最終日の締切時刻", null=True, blank=True)
    notice_date = models.DateField("公示日", null=True, blank=True)
    notice_number = models.CharField("公示の番号", max_length=60, blank=True)
    in_person = models.BooleanField("持参による提出", default=True)
    by_mail = models.BooleanField("郵送等による提出（最終日必着）", default=True)
    online = models.BooleanField("電子申請による提出", default=False)
    copies = models.PositiveSmallIntegerField("提出部数", default=2)
    note = models.TextField("その他の記載事項", blank=True)
    state = models.CharField("状態", max_length=16, choices=State.choices, default=SolicitationState.DRAFT)
    published_at = models.DateTimeField("公開日時", null=True, blank=True)
    closed_at = models.DateTimeField("締切処理日時", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    files = models.ManyToManyField(PersonalInformationFile, through="SolicitationTarget", related_name="solicitations")

    objects = SolicitationQuerySet.as_manager()

    class Meta:
        ordering = ["-first_day", "organization"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="solicitation_period_ordered"
            ),
            models.CheckConstraint(condition=Q(copies__gte=1), name="solicitation_copies_positive"),
        ]
        verbose_name = "提案の募集"
        verbose_name_plural = "提案の募集"

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> SolicitationPeriod:
        return SolicitationPeriod(self.first_day, self.last_day, self.closing_time)

    @property
    def state_enum(self) -> SolicitationState:
        return SolicitationState(self.state)


class SolicitationTarget(models.Model):
    """A target file of a solicitation; its subject count is fixed at closing (規則56条の上限, 審査基準②)."""

    solicitation = models.ForeignKey(Solicitation, on_delete=models.CASCADE, related_name="targets")
    file = models.ForeignKey(PersonalInformationFile, on_delete=models.PROTECT, related_name="solicitation_targets")
    subject_count_at_close = models.PositiveIntegerField("締切時の本人の数", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["solicitation", "file"], name="solicitation_target_unique")]
        verbose_name = "募集対象ファイル"
        verbose_name_plural = "募集対象ファイル"

    def __str__(self) -> str:
        return f"{self.solicitation} / {self.file}"

"""The append-only audit log: who, when, what, from where — for every state change and every view of a case
or of personal data. Rows can only be inserted: the model refuses save-on-existing and delete, the QuerySet
refuses update/delete, and database triggers (SQLite and PostgreSQL) refuse UPDATE and DELETE.

Also the sequences of document numbers (文書番号) per organization, document kind and fiscal year, allotted by
:mod:`tokumei.web.core.document_numbers`.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from .audit_codes import AUDIT_ACTIONS


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event."""

    def __init__(self) -> None:
        super().__init__("監査ログは追記のみです。変更・削除はできません。 (The audit log is append-only.)")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly

    def for_organization(self, organization_id: int) -> AuditEventQuerySet:
        return self.filter(organization_id=organization_id)


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField("日時", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作者",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("操作者（記録時の表示名）", max_length=200)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name="機関",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Codes are validated against AUDIT_ACTIONS by record_event (no choices: new codes need no migration).
    action = models.CharField("操作", max_length=64, db_index=True)
    target_type = models.CharField("対象の種類", max_length=64, blank=True)
    target_id = models.CharField("対象のID", max_length=64, blank=True)
    summary = models.CharField("概要", max_length=500)
    details = models.JSONField("詳細", default=dict, blank=True)
    ip_address = models.GenericIPAddressField("接続元", null=True, blank=True)
    user_agent = models.CharField("ブラウザ", max_length=300, blank=True)
    request_path = models.CharField("画面", max_length=300, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "監査ログ"
        verbose_name_plural = "監査ログ"
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditLogIsAppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly

    @property
    def action_label(self) -> str:
        return AUDIT_ACTIONS.get(self.action, self.action)


class DocumentNumberCounter(models.Model):
    """The last document number (文書番号) given per organization, document kind and fiscal year (April–March).

    Rows are locked with ``select_for_update`` while a number is drawn (:func:`next_document_number`), so two
    notices never get the same number; a new fiscal year starts a new row at 1.
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    # A tokumei.law.organization.DocumentKind value (no choices: a new numbered kind needs no migration).
    kind = models.CharField("文書の種類", max_length=32)
    fiscal_year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("最後に付した番号", default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "fiscal_year"], name="document_number_counter_unique"
            )
        ]
        verbose_name = "文書番号の連番"
        verbose_name_plural = "文書番号の連番"

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind} {self.fiscal_year}年度: {self.last}"

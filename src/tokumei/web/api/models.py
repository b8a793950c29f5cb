"""API tokens of staff clients (e.g. an organization's document-management system).

A token stands for one staff user: the user's organization, roles and department apply to every call, exactly as
when the user is logged in. Only the SHA-256 of the token is stored; the token itself is shown once, when it is
issued (:func:`tokumei.web.api.tokens.issue_token`). A token expires, can be revoked, and records when it was last
used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        """Not revoked and not expired (the user's own state is checked on use)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="利用者", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField("用途（接続するシステムの名称など）", max_length=100)
    key_id = models.CharField("トークンの識別子（先頭の8文字）", max_length=8, unique=True)
    token_sha256 = models.CharField("トークンの SHA-256", max_length=64, unique=True)
    created_at = models.DateTimeField("発行日時", auto_now_add=True)
    expires_at = models.DateTimeField("有効期限")
    revoked_at = models.DateTimeField("失効日時", null=True, blank=True)
    last_used_at = models.DateTimeField("最終利用日時", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "APIトークン"
        verbose_name_plural = "APIトークン"

    def __str__(self) -> str:
        return f"{self.key_id}（{self.name}）"

    @property
    def status_label(self) -> str:
        if self.revoked_at is not None:
            return "失効"
        if self.expires_at <= timezone.now():
            return "期限切れ"
        return "有効"

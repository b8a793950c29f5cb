"""The roles of the procedure (DOMAIN.md "Who is involved"), kept as Django groups of the same code."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    RECEPTION_DESK = "reception_desk", "提案窓口担当"
    OWNING_DIVISION = "owning_division", "主管課担当"
    APPROVER = "approver", "決裁者"
    AUDITOR = "auditor", "監査担当（閲覧のみ）"
    PROPOSER = "proposer", "提案者"


STAFF_ROLES = frozenset({Role.RECEPTION_DESK, Role.OWNING_DIVISION, Role.APPROVER, Role.AUDITOR})

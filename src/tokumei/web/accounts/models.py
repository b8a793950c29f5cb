"""Organizations (行政機関の長等 / 地方公共団体の機関), their departments, and users with roles.

An organization's rules (names, desks, forms, fees, who does which step) come from its profile, a YAML file
shipped under ``tokumei/law/profiles`` or placed in the installation's profile directory (ADR 0011); the row here
anchors data and permissions to it.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import STAFF_ROLES, Role

if TYPE_CHECKING:
    from tokumei.law.organization import OrganizationProfile


class Organization(models.Model):
    profile_id = models.SlugField("プロファイルID", max_length=64, unique=True)
    name = models.CharField("名称（行政機関の長等）", max_length=200)
    body_name = models.CharField("団体・機関名", max_length=200)
    kind = models.CharField("種別", max_length=64)

    class Meta:
        ordering = ["profile_id"]
        verbose_name = "機関"
        verbose_name_plural = "機関"

    def __str__(self) -> str:
        return self.name

    @cached_property
    def profile(self) -> OrganizationProfile:
        from .profiles import installed_profile

        return installed_profile(self.profile_id)


class Department(models.Model):
    class Kind(models.TextChoices):
        RECEPTION_DESK = "reception_desk", "提案窓口"
        OWNING_DIVISION = "owning_division", "主管課"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="departments")
    code = models.SlugField("コード", max_length=64)
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("種別", max_length=32, choices=Kind.choices)

    class Meta:
        ordering = ["organization", "kind", "code"]
        constraints = [models.UniqueConstraint(fields=["organization", "code"], name="department_code_unique")]
        verbose_name = "部署"
        verbose_name_plural = "部署"

    def __str__(self) -> str:
        return f"{self.organization.body_name} {self.name}"


class User(AbstractUser):
    """A person who logs in. Staff belong to one organization (and usually one department); proposers to none."""

    display_name = models.CharField("表示名", max_length=100, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name="機関",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    department = models.ForeignKey(
        Department, verbose_name="部署", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    class Meta:
        verbose_name = "利用者"
        verbose_name_plural = "利用者"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(department__isnull=True) | models.Q(organization__isnull=False),
                name="user_department_needs_organization",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def roles(self) -> frozenset[Role]:
        names = set(self.groups.values_list("name", flat=True))
        return frozenset(Role(n) for n in names if n in Role.values)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_org_staff(self) -> bool:
        return self.organization_id is not None and bool(self.roles & STAFF_ROLES)

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in sorted(self.roles)]

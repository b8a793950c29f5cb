"""Loaded by rules' autodiscovery: who may see the disposal list and the statistics, record a consent, dispose.

Staff of the organization (the auditor too) read; the desk or the owning division records the consent of the
内閣総理大臣 (national bodies, 公文書等の管理に関する法律8条2項); only an approver (決裁者) disposes of a record."""

from __future__ import annotations

import rules

from tokumei.web.accounts.permissions import has_role, is_approver, is_org_staff
from tokumei.web.accounts.roles import Role

is_desk_or_division = has_role(Role.RECEPTION_DESK, Role.OWNING_DIVISION)


rules.add_perm("retention.view_disposals", is_org_staff)
rules.add_perm("retention.record_consent", is_org_staff & is_desk_or_division)
rules.add_perm("retention.dispose", is_org_staff & is_approver)
rules.add_perm("retention.view_statistics", is_org_staff)

"""Who may see and import historic cases: only staff of an organization whose profile keeps the abolished 2017
rule (``legal_regime: legacy_2017``) — the desk and the owning division import, every staff role reads (the
auditor and the approver only read); another organization's case is a 404."""

from __future__ import annotations

from typing import Any

import rules

from tokumei.law.organization import LegalRegime
from tokumei.web.accounts.permissions import has_role, is_org_staff, same_organization
from tokumei.web.accounts.roles import Role


@rules.predicate
def keeps_legacy_cases(user: Any) -> bool:
    """The user's organization runs under the abolished 2017 rule (its profile's ``legal_regime``)."""
    org = getattr(user, "organization", None)
    return org is not None and org.profile.legal_regime is LegalRegime.LEGACY_2017


rules.add_perm("legacy.view_cases", is_org_staff & keeps_legacy_cases)
rules.add_perm("legacy.view_case", is_org_staff & keeps_legacy_cases & same_organization)
rules.add_perm(
    "legacy.import_cases", is_org_staff & keeps_legacy_cases & has_role(Role.RECEPTION_DESK, Role.OWNING_DIVISION)
)

"""Demo historic cases for 国税庁 (``legacy-2017``): an approved and delivered proposal, a rejected one, a
旧法44条の12 proposal on the created dataset and a withdrawn one, imported from ``demo_cases.csv`` (package data)
through the same service as the staff page. Invented cases; loaded once."""

from __future__ import annotations

from importlib import resources

from django.utils import timezone

from tokumei.web.accounts.models import Organization
from tokumei.web.accounts.roles import Role
from tokumei.web.core.audit import Origin

from .models import HistoricCase
from .services import import_cases

DEMO_CSV = "demo_cases.csv"
DEMO_ORGANIZATION = "legacy-2017"


def demo_csv() -> bytes:
    """The demo CSV shipped with the package (UTF-8 with BOM)."""
    return resources.files("tokumei.web.legacy").joinpath(DEMO_CSV).read_bytes()


def load_legacy_demo(origin: Origin) -> int:
    """Import the demo cases into ``legacy-2017`` unless it keeps cases already; the number imported."""
    org = Organization.objects.filter(profile_id=DEMO_ORGANIZATION).first()
    if org is None or HistoricCase.objects.filter(organization=org).exists():
        return 0
    actor = org.users.filter(groups__name=Role.OWNING_DIVISION.value, is_active=True).order_by("pk").first()
    batch = import_cases(org, demo_csv(), file_name=DEMO_CSV, actor=actor, origin=origin, today=timezone.localdate())
    return batch.case_count

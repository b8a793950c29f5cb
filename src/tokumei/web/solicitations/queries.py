"""Reads of solicitations, and the yearly-duty warnings for the staff home page (法111条, 規則53条)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from tokumei.law.solicitation import FileSolicitationHistory, SolicitationProblem, missing_solicitations
from tokumei.law.transitions import SolicitationState
from tokumei.web.accounts.models import Organization
from tokumei.web.register.models import PersonalInformationFile

from .models import Solicitation


def staff_solicitations(organization: Organization) -> QuerySet[Solicitation]:
    return Solicitation.objects.filter(organization=organization).prefetch_related("targets__file")


def open_solicitations(today: date) -> QuerySet[Solicitation]:
    return (
        Solicitation.objects.filter(state=SolicitationState.PUBLISHED, first_day__lte=today, last_day__gte=today)
        .select_related("organization")
        .prefetch_related("targets__file")
    )


def yearly_duty_warnings(organization: Organization, today: date) -> tuple[SolicitationProblem, ...]:
    files = PersonalInformationFile.objects.filter(organization=organization, is_proposal_target=True)
    histories = []
    for f in files:
        days = tuple(
            f.solicitation_targets.exclude(solicitation__state=SolicitationState.DRAFT).values_list(
                "solicitation__first_day", flat=True
            )
        )
        histories.append(FileSolicitationHistory(str(f.pk), f.name, days))
    return missing_solicitations(organization.profile, histories, today=today)

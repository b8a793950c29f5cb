"""Reads for the annual report: the organization's records as plain facts for :mod:`tokumei.law.statistics`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from tokumei.law.calendar import fiscal_year
from tokumei.law.intake import ProposalKind
from tokumei.law.statistics import AnnualFigures, ProposalFact, ProposalResult, SolicitationFact, annual_figures


def _proposal_facts(org: Any) -> list[ProposalFact]:
    from tokumei.web.proposals.models import Proposal

    facts = []
    for p in Proposal.objects.filter(organization=org).cases().select_related("review"):
        arrived = p.arrived_on or timezone.localdate(p.accepted_at or p.created_at)
        review = getattr(p, "review", None)
        if p.state in (ProposalResult.WITHDRAWN.value, ProposalResult.NOT_ACCEPTED.value):
            result = ProposalResult(p.state)
        elif review is not None and review.outcome:
            result = ProposalResult(review.outcome)
        else:
            result = ProposalResult.PENDING
        facts.append(ProposalFact(arrived, ProposalKind(p.kind), result))
    return facts


def _complaint_days(org: Any) -> list[date]:
    """The days complaints were received (法128条), as tokumei.web.supervision records them."""
    from tokumei.web.supervision.models import Complaint

    return list(Complaint.objects.filter(organization=org).values_list("received_on", flat=True))


def organization_statistics(org: Any, today: date) -> list[AnnualFigures]:
    """One :class:`AnnualFigures` per fiscal year from the organization's first record to the current year."""
    from tokumei.web.contracts.models import Contract, PaymentAttempt
    from tokumei.web.register.models import AnonymizedDataset
    from tokumei.web.reviews.models import ContractTermination
    from tokumei.web.solicitations.models import Solicitation

    solicitations = [
        SolicitationFact(s.fiscal_year, frozenset(t.file_id for t in s.targets.all()))
        for s in Solicitation.objects.filter(organization=org).exclude(state="draft").prefetch_related("targets")
    ]
    proposals = _proposal_facts(org)
    contracts = list(
        Contract.objects.filter(organization=org, concluded_on__isnull=False).values_list("concluded_on", flat=True)
    )
    fees = list(
        PaymentAttempt.objects.filter(contract__organization=org, outcome=PaymentAttempt.Outcome.ACCEPTED).values_list(
            "received_on", "tendered_yen"
        )
    )
    datasets = list(AnonymizedDataset.objects.filter(file__organization=org).values_list("created_on", flat=True))
    terminations = list(ContractTermination.objects.filter(organization=org).values_list("termination_date", flat=True))
    complaints = _complaint_days(org)
    years = {fiscal_year(today)} | {s.fiscal_year for s in solicitations}
    years |= {
        fiscal_year(d) for d in [*contracts, *datasets, *terminations, *complaints, *(p.arrived_on for p in proposals)]
    }
    years |= {fiscal_year(d) for d, _ in fees}
    return [
        annual_figures(
            y,
            solicitations=solicitations,
            proposals=proposals,
            contracts_concluded=contracts,
            fees_received=fees,
            datasets_created=datasets,
            terminations=terminations,
            complaints=complaints,
        )
        for y in range(min(years), max(years) + 1)
    ]

"""Reads of the review: lists for the staff, the workspace's panels with their criterion data, the proposer's
notices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from tokumei.law.review import Criterion, CriterionSpec, Finding
from tokumei.law.transitions import ProposalState
from tokumei.web.accounts.models import User
from tokumei.web.proposals.models import Proposal

from .models import Panel, Review


def reviews_of(user: User) -> QuerySet[Review]:
    return Review.objects.filter(organization=user.organization).select_related("proposal", "proposal__file")


def awaiting_review(user: User) -> QuerySet[Proposal]:
    """Accepted proposals passed to the division whose review has not started."""
    return Proposal.objects.filter(
        organization=user.organization, state=ProposalState.ACCEPTED, review__isnull=True
    ).select_related("file", "dataset")


@dataclass(frozen=True)
class PanelView:
    panel: Panel
    spec: CriterionSpec
    lines: list[dict[str, Any]]
    suggested: str

    @property
    def finding_label(self) -> str:
        return Finding(self.panel.finding).label if self.panel.finding else "未判断"


def panel_views(review: Review) -> list[PanelView]:
    out = []
    for panel in review.panels.all().order_by("criterion"):
        criterion = Criterion(panel.criterion)
        evidence = panel.evidence or {}
        suggested = Finding(evidence["suggested"]).label if evidence.get("suggested") else ""
        out.append(PanelView(panel, criterion.spec, evidence.get("lines", []), suggested))
    return out


def review_for_proposal(proposal: Proposal) -> Review | None:
    return Review.objects.filter(proposal=proposal).select_related("organization", "proposal").first()

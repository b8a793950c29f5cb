"""Reads for the staff home page: the organization's deadlines, soonest first, each with a link to its case and a
sentence saying where the date comes from (issue 10 item 7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tokumei.law.contracts import ContractState

USE_ENDING_WINDOW_DAYS = 90
"""Periods of use ending within this many days (or already ended without a confirmation) are listed."""
DISPOSALS_LISTED = 5


@dataclass(frozen=True)
class Deadline:
    kind: str
    title: str
    day: date
    computation: str
    url: str
    overdue: bool


def _ja(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _explanations(org: Any, today: date) -> list[Deadline]:
    from tokumei.web.reviews.models import ExplanationRequest

    rows = ExplanationRequest.objects.filter(review__organization=org, answered_at__isnull=True).select_related(
        "review__proposal"
    )
    return [
        Deadline(
            "説明・資料の提出の期限",
            f"{e.review.proposal.reference}（{e.review.proposal.proposer_name}）",
            e.deadline,
            f"審査で説明を求めた日（{_ja(timezone.localdate(e.requested_at))}）に定めた期限。回答は未受領。",
            reverse("reviews:detail", kwargs={"pk": e.review_id}),
            today > e.deadline,
        )
        for e in rows
    ]


def _corrections(org: Any, today: date) -> list[Deadline]:
    from tokumei.web.proposals.models import CorrectionRequest

    rows = CorrectionRequest.objects.filter(proposal__organization=org, resolved_at__isnull=True).select_related(
        "proposal"
    )
    return [
        Deadline(
            "訂正の期限",
            f"{c.proposal.reference}（{c.proposal.proposer_name}）",
            c.deadline,
            f"訂正を求めた日（{_ja(timezone.localdate(c.requested_at))}）に定めた期限（規則54条7項）。訂正は未受領。",
            reverse("proposals_staff:detail", kwargs={"pk": c.proposal_id}),
            today > c.deadline,
        )
        for c in rows
    ]


def _payments(org: Any, today: date) -> list[Deadline]:
    from tokumei.web.contracts.models import Contract

    rows = Contract.objects.filter(
        organization=org,
        state__in=[ContractState.AWAITING_APPLICATION, ContractState.RETURNED],
        payment_deadline__isnull=False,
    ).select_related("review__proposal")
    out = []
    for c in rows:
        extended = "、延長後の期限" if c.deadline_history else ""
        returned = "申込書等を返戻し、再提出を待っています。" if c.state == ContractState.RETURNED else ""
        out.append(
            Deadline(
                "手数料の納付期限",
                f"{c.review.proposal.reference}（{c.review.proposal.proposer_name}、{c.fee_yen:,}円）",
                c.payment_deadline,
                f"審査結果通知書（規則59条1項2号）で通知した納付期限{extended}。{returned}",
                reverse("contracts:detail", kwargs={"review_pk": c.review_id}),
                today > c.payment_deadline,
            )
        )
    return out


def _use_ending(org: Any, today: date) -> list[Deadline]:
    from tokumei.web.contracts.models import Contract

    horizon = today + timedelta(days=USE_ENDING_WINDOW_DAYS)
    rows = Contract.objects.filter(
        organization=org,
        state=ContractState.DELIVERED,
        review__proposal__use_to__isnull=False,
        review__proposal__use_to__lte=horizon,
    ).select_related("review__proposal")
    return [
        Deadline(
            "利用期間の末日",
            f"{c.number or c.review.proposal.reference}（{c.review.proposal.proposer_name}）",
            c.review.proposal.use_to,
            "提案書に記載し契約で定めた利用期間の末日（法112条2項6号）。その後、媒体の返却とデータの消去を確認します。",
            reverse("contracts:detail", kwargs={"review_pk": c.review_id}),
            today > c.review.proposal.use_to,
        )
        for c in rows
    ]


def _disposals(org: Any, today: date) -> tuple[list[Deadline], int]:
    from tokumei.web.retention.queries import due_records

    due = due_records(org, today)
    url = reverse("retention:list")
    listed = [
        Deadline("保存期間の満了（廃棄）", r.title, r.due.due_on, r.due.explanation, url, True)
        for r in due[:DISPOSALS_LISTED]
    ]
    return listed, len(due)


def home_deadlines(org: Any, today: date) -> dict[str, Any]:
    """The deadlines of the staff home page, soonest first, and the count of records due for disposal."""
    from tokumei.web.solicitations.queries import yearly_duty_warnings

    disposals, disposal_count = _disposals(org, today)
    rows = [
        *_explanations(org, today),
        *_corrections(org, today),
        *_payments(org, today),
        *_use_ending(org, today),
        *disposals,
    ]
    return {
        "deadlines": sorted(rows, key=lambda d: (d.day, d.kind)),
        "disposal_count": disposal_count,
        "duty_warnings": yearly_duty_warnings(org, today),
    }

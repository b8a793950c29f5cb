"""Workflow states as small tables (STYLE.md habit 3): state → allowed next states, one check per transition.

A refused transition raises :class:`InvalidTransition` naming the current and the requested state in Japanese.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType


class SolicitationState(enum.StrEnum):
    """States of a solicitation (法111条, 規則53条)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return _SOLICITATION_LABELS[self]


_SOLICITATION_LABELS: Mapping[SolicitationState, str] = MappingProxyType(
    {
        SolicitationState.DRAFT: "作成中",
        SolicitationState.PUBLISHED: "公示済み",
        SolicitationState.CLOSED: "締切済み",
        SolicitationState.ARCHIVED: "保存済み",
    }
)

SOLICITATION_TRANSITIONS: Mapping[SolicitationState, frozenset[SolicitationState]] = MappingProxyType(
    {
        SolicitationState.DRAFT: frozenset({SolicitationState.PUBLISHED}),
        SolicitationState.PUBLISHED: frozenset({SolicitationState.CLOSED}),
        SolicitationState.CLOSED: frozenset({SolicitationState.ARCHIVED}),
        SolicitationState.ARCHIVED: frozenset(),
    }
)


class InvalidTransition(ValueError):
    """A transition the workflow table does not allow. ``code`` is stable."""

    code = "invalid_transition"

    def __init__(self, current: enum.StrEnum, requested: enum.StrEnum, allowed: frozenset[enum.StrEnum]) -> None:
        self.current = current
        self.requested = requested
        names = "、".join(sorted(getattr(s, "label", str(s)) for s in allowed)) or "なし（最終の状態です）"
        super().__init__(
            f"「{getattr(current, 'label', current)}」から「{getattr(requested, 'label', requested)}」へは進めません"
            f"（進める状態: {names}）。"
        )


def check_solicitation_transition(current: SolicitationState, requested: SolicitationState) -> None:
    """Raise :class:`InvalidTransition` unless ``requested`` may follow ``current``."""
    allowed = SOLICITATION_TRANSITIONS[current]
    if requested not in allowed:
        raise InvalidTransition(current, requested, allowed)


class ProposalState(enum.StrEnum):
    """States of a proposal up to its acceptance (法112条, 規則54条7項; Fukuoka 第6, Nara §4).

    A draft lives on the portal; it becomes a case when it arrives (online, or on paper recorded by the desk). A
    formal defect sends it back for correction; acceptance gives it a receipt number and passes it to the owning
    division (Fukuoka 第6-4), where review (法114条) begins.
    """

    DRAFT = "draft"
    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _PROPOSAL_LABELS[self]


_PROPOSAL_LABELS: Mapping[ProposalState, str] = MappingProxyType(
    {
        ProposalState.DRAFT: "作成中（未提出）",
        ProposalState.RECEIVED: "到達・受付確認中",
        ProposalState.CORRECTION_REQUESTED: "訂正を求めています",
        ProposalState.ACCEPTED: "受付済み（主管課へ送付）",
        ProposalState.NOT_ACCEPTED: "受け付けなかった提案",
        ProposalState.WITHDRAWN: "取下げ",
    }
)

PROPOSAL_TRANSITIONS: Mapping[ProposalState, frozenset[ProposalState]] = MappingProxyType(
    {
        ProposalState.DRAFT: frozenset({ProposalState.RECEIVED, ProposalState.WITHDRAWN}),
        ProposalState.RECEIVED: frozenset(
            {
                ProposalState.CORRECTION_REQUESTED,
                ProposalState.ACCEPTED,
                ProposalState.NOT_ACCEPTED,
                ProposalState.WITHDRAWN,
            }
        ),
        # 規則54条7項: the corrected documents come back and are checked again.
        ProposalState.CORRECTION_REQUESTED: frozenset(
            {ProposalState.RECEIVED, ProposalState.NOT_ACCEPTED, ProposalState.WITHDRAWN}
        ),
        # Nara 要綱第2-4(1)〜(3): the owning division's detailed check may still ask for a correction.
        ProposalState.ACCEPTED: frozenset({ProposalState.CORRECTION_REQUESTED, ProposalState.WITHDRAWN}),
        ProposalState.NOT_ACCEPTED: frozenset(),
        ProposalState.WITHDRAWN: frozenset(),
    }
)

PROPOSAL_EDITABLE_BY_PROPOSER: frozenset[ProposalState] = frozenset(
    {ProposalState.DRAFT, ProposalState.CORRECTION_REQUESTED}
)
"""The proposer edits a draft, and corrects a proposal while a correction is requested (規則54条7項)."""


def check_proposal_transition(current: ProposalState, requested: ProposalState) -> None:
    """Raise :class:`InvalidTransition` unless ``requested`` may follow ``current``."""
    allowed = PROPOSAL_TRANSITIONS[current]
    if requested not in allowed:
        raise InvalidTransition(current, requested, allowed)


class ReviewState(enum.StrEnum):
    """States of a case's review by the owning division, up to the decision notice (法114条, 規則54条7項・59条).

    Review starts when the desk passes an accepted proposal on. The division may ask for an explanation or a
    correction with a deadline (規則54条7項) and resumes when it is answered or the deadline passes. The prepared
    decision waits for the sign-off (決裁) of another official, who approves it or sends it back; the notice is then
    sent (approval 法114条2項 with the fee, rejection 3項 with reasons). Contract steps follow in their own table.
    """

    IN_REVIEW = "in_review"
    EXPLANATION_REQUESTED = "explanation_requested"
    AWAITING_SIGN_OFF = "awaiting_sign_off"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPROVAL_NOTIFIED = "approval_notified"
    REJECTION_NOTIFIED = "rejection_notified"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _REVIEW_LABELS[self]


_REVIEW_LABELS: Mapping[ReviewState, str] = MappingProxyType(
    {
        ReviewState.IN_REVIEW: "審査中",
        ReviewState.EXPLANATION_REQUESTED: "説明・訂正を求めています",
        ReviewState.AWAITING_SIGN_OFF: "決裁待ち",
        ReviewState.APPROVED: "審査基準に適合（通知前）",
        ReviewState.REJECTED: "審査基準に不適合（通知前）",
        ReviewState.APPROVAL_NOTIFIED: "適合を通知済み",
        ReviewState.REJECTION_NOTIFIED: "不適合を通知済み",
        ReviewState.WITHDRAWN: "取下げ",
    }
)

REVIEW_TRANSITIONS: Mapping[ReviewState, frozenset[ReviewState]] = MappingProxyType(
    {
        ReviewState.IN_REVIEW: frozenset(
            {ReviewState.EXPLANATION_REQUESTED, ReviewState.AWAITING_SIGN_OFF, ReviewState.WITHDRAWN}
        ),
        # 規則54条7項: the answer (or the deadline passing) brings the case back to review.
        ReviewState.EXPLANATION_REQUESTED: frozenset({ReviewState.IN_REVIEW, ReviewState.WITHDRAWN}),
        # 決裁: the approver signs off the prepared outcome, or sends it back.
        ReviewState.AWAITING_SIGN_OFF: frozenset(
            {ReviewState.APPROVED, ReviewState.REJECTED, ReviewState.IN_REVIEW, ReviewState.WITHDRAWN}
        ),
        ReviewState.APPROVED: frozenset({ReviewState.APPROVAL_NOTIFIED}),
        ReviewState.REJECTED: frozenset({ReviewState.REJECTION_NOTIFIED}),
        ReviewState.APPROVAL_NOTIFIED: frozenset(),
        ReviewState.REJECTION_NOTIFIED: frozenset(),
        ReviewState.WITHDRAWN: frozenset(),
    }
)

REVIEW_PANELS_EDITABLE: frozenset[ReviewState] = frozenset({ReviewState.IN_REVIEW})
"""Panels (findings, reasoning) change only while in review; a sent-back decision returns there."""


def check_review_transition(current: ReviewState, requested: ReviewState) -> None:
    """Raise :class:`InvalidTransition` unless ``requested`` may follow ``current``."""
    allowed = REVIEW_TRANSITIONS[current]
    if requested not in allowed:
        raise InvalidTransition(current, requested, allowed)

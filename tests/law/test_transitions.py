from __future__ import annotations

import pytest

from tokumei.law.transitions import (
    SOLICITATION_TRANSITIONS,
    InvalidTransition,
    SolicitationState,
    check_solicitation_transition,
)

S = SolicitationState


@pytest.mark.parametrize(
    ("current", "requested"), [(S.DRAFT, S.PUBLISHED), (S.PUBLISHED, S.CLOSED), (S.CLOSED, S.ARCHIVED)]
)
def test_allowed(current: S, requested: S) -> None:
    check_solicitation_transition(current, requested)


@pytest.mark.parametrize(
    ("current", "requested"),
    [(S.DRAFT, S.CLOSED), (S.PUBLISHED, S.DRAFT), (S.CLOSED, S.PUBLISHED), (S.ARCHIVED, S.DRAFT), (S.DRAFT, S.DRAFT)],
)
def test_refused_with_a_message_naming_both_states(current: S, requested: S) -> None:
    with pytest.raises(InvalidTransition) as info:
        check_solicitation_transition(current, requested)
    assert current.label in str(info.value)
    assert requested.label in str(info.value)


def test_every_state_is_in_the_table() -> None:
    assert set(SOLICITATION_TRANSITIONS) == set(S)

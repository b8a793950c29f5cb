"""Annual figures per fiscal year (法165条; counted April–March)."""

from __future__ import annotations

from datetime import date

from tokumei.law.intake import ProposalKind
from tokumei.law.statistics import FIGURE_ROWS, ProposalFact, ProposalResult, SolicitationFact, annual_figures


def test_counts_fall_in_the_fiscal_year_of_their_day() -> None:
    # given facts on both sides of 1 April 2026
    figures = annual_figures(
        2025,
        solicitations=[
            SolicitationFact(2025, frozenset({1, 2})),
            SolicitationFact(2025, frozenset({2, 3})),
            SolicitationFact(2026, frozenset({4})),
        ],
        proposals=[
            ProposalFact(date(2025, 4, 1), ProposalKind.NEW, ProposalResult.APPROVED),
            ProposalFact(date(2026, 3, 31), ProposalKind.NEW, ProposalResult.REJECTED),
            ProposalFact(date(2026, 3, 31), ProposalKind.REUSE, ProposalResult.PENDING),
            ProposalFact(date(2026, 4, 1), ProposalKind.NEW, ProposalResult.APPROVED),
        ],
        contracts_concluded=[date(2025, 9, 1), date(2026, 4, 1)],
        fees_received=[(date(2025, 8, 1), 48_650), (date(2026, 3, 31), 21_000), (date(2024, 3, 31), 1)],
        datasets_created=[date(2025, 10, 1)],
        terminations=[date(2026, 1, 5)],
        complaints=[],
    )
    # then
    assert (figures.solicitations, figures.target_files) == (2, 3)
    assert figures.proposals_total == 3
    assert figures.proposals_of(ProposalKind.NEW) == 2
    assert figures.proposals_of(ProposalKind.NEW, ProposalResult.APPROVED) == 1
    assert figures.proposals_of(result=ProposalResult.PENDING) == 1
    assert (figures.contracts, figures.fees_received_yen) == (1, 69_650)
    assert (figures.datasets_created, figures.terminations, figures.complaints) == (1, 1, 0)


def test_every_row_has_a_value_and_a_label() -> None:
    figures = annual_figures(
        2025, proposals=[ProposalFact(date(2025, 5, 1), ProposalKind.CHANGE, ProposalResult.WITHDRAWN)]
    )
    values = {code: figures.value(code) for code, _ in FIGURE_ROWS}
    assert values["proposals."] == 1
    assert values["proposals.change"] == 1
    assert values["proposals.change.withdrawn"] == 1
    assert values["proposals.new"] == 0
    assert values["fees_received_yen"] == 0
    assert len({label for _, label in FIGURE_ROWS if not label.startswith("　")}) == len(
        [1 for _, label in FIGURE_ROWS if not label.startswith("　")]
    )

"""Figures of the procedure per fiscal year, for the organization's annual report.

The 個人情報保護委員会 may ask every 行政機関の長等 to report how the Act is applied and publishes a summary each
fiscal year (個人情報の保護に関する法律165条1・2項); the 行政機関等匿名加工情報 part of that report counts the
solicitations and their target files (法111条), the proposals by kind (法112条, 法118条前段・後段) and outcome
(法114条), the contracts (法115条), the fees received (法119条), the datasets created (法116条), the terminations
(法120条) and the complaints (法128条).

Fiscal years run April–March and are named by the calendar year in which they start
(:func:`tokumei.law.calendar.fiscal_year`). The web layer turns its records into the plain facts below; nothing
here reads a database or the clock.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from tokumei.law.calendar import fiscal_year
from tokumei.law.intake import ProposalKind

__all__ = [
    "FIGURE_ROWS",
    "AnnualFigures",
    "ProposalFact",
    "ProposalResult",
    "SolicitationFact",
    "annual_figures",
]


class ProposalResult(enum.StrEnum):
    """Where a proposal stands, for counting (法114条 outcome, or why there is none)."""

    APPROVED = "approved"
    """審査の結果、基準に適合（法114条2項）."""
    REJECTED = "rejected"
    """基準に適合しない（法114条3項）."""
    NOT_ACCEPTED = "not_accepted"
    """受け付けなかった（不受理: 法112条の要件を欠く）."""
    WITHDRAWN = "withdrawn"
    """提案者が取り下げた."""
    PENDING = "pending"
    """審査中（年度末に結果が出ていない）."""

    @property
    def label(self) -> str:
        return _RESULT_LABELS[self]


_RESULT_LABELS: Mapping[ProposalResult, str] = MappingProxyType(
    {
        ProposalResult.APPROVED: "適合",
        ProposalResult.REJECTED: "不適合",
        ProposalResult.NOT_ACCEPTED: "不受理",
        ProposalResult.WITHDRAWN: "取下げ",
        ProposalResult.PENDING: "審査中",
    }
)

_KIND_LABELS: Mapping[ProposalKind, str] = MappingProxyType(
    {
        ProposalKind.NEW: "新規の提案（法112条）",
        ProposalKind.REUSE: "作成済みの情報の提案（法118条前段）",
        ProposalKind.CHANGE: "契約の変更の提案（法118条後段）",
    }
)


@dataclass(frozen=True, slots=True)
class SolicitationFact:
    """A published solicitation: its fiscal year (that of its first day) and its target files."""

    fiscal_year: int
    file_ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class ProposalFact:
    """A proposal that arrived on ``arrived_on``, its kind and where it stands."""

    arrived_on: date
    kind: ProposalKind
    result: ProposalResult


@dataclass(frozen=True, slots=True)
class AnnualFigures:
    """The figures of one fiscal year."""

    fiscal_year: int
    solicitations: int
    target_files: int
    """Distinct files solicited in the year (a file in two solicitations counts once)."""
    proposals: Mapping[tuple[ProposalKind, ProposalResult], int] = field(default_factory=lambda: MappingProxyType({}))
    contracts: int = 0
    fees_received_yen: int = 0
    datasets_created: int = 0
    terminations: int = 0
    complaints: int = 0

    @property
    def proposals_total(self) -> int:
        return sum(self.proposals.values())

    def proposals_of(self, kind: ProposalKind | None = None, result: ProposalResult | None = None) -> int:
        """Proposals of a kind and/or result (``None`` = any)."""
        return sum(
            n for (k, r), n in self.proposals.items() if (kind is None or k is kind) and (result is None or r is result)
        )

    def value(self, code: str) -> int:
        """The figure of one row of :data:`FIGURE_ROWS`."""
        if code.startswith("proposals."):
            _, kind, result = [*code.split("."), "", ""][:3]
            return self.proposals_of(ProposalKind(kind) if kind else None, ProposalResult(result) if result else None)
        return int(getattr(self, code))


def _rows() -> tuple[tuple[str, str], ...]:
    rows: list[tuple[str, str]] = [
        ("solicitations", "提案の募集（法111条）"),
        ("target_files", "募集の対象とした個人情報ファイル"),
        ("proposals.", "提案（合計）"),
    ]
    for kind in ProposalKind:
        rows.append((f"proposals.{kind.value}", _KIND_LABELS[kind]))
        rows.extend((f"proposals.{kind.value}.{r.value}", f"　うち{r.label}") for r in ProposalResult)
    rows += [
        ("contracts", "利用契約の締結（法115条）"),
        ("fees_received_yen", "手数料の収入（円、法119条）"),
        ("datasets_created", "作成した行政機関等匿名加工情報（法116条）"),
        ("terminations", "契約の解除（法120条）"),
        ("complaints", "苦情の処理（法128条）"),
    ]
    return tuple(rows)


FIGURE_ROWS: tuple[tuple[str, str], ...] = _rows()
"""The rows of the annual table, in order: (code for :meth:`AnnualFigures.value`, Japanese label)."""


def _in_year(days: Iterable[date], year: int) -> int:
    return sum(1 for d in days if fiscal_year(d) == year)


def annual_figures(
    year: int,
    *,
    solicitations: Iterable[SolicitationFact] = (),
    proposals: Iterable[ProposalFact] = (),
    contracts_concluded: Iterable[date] = (),
    fees_received: Iterable[tuple[date, int]] = (),
    datasets_created: Iterable[date] = (),
    terminations: Iterable[date] = (),
    complaints: Iterable[date] = (),
) -> AnnualFigures:
    """Count the facts that fall in fiscal year ``year`` (April ``year`` – March ``year + 1``).

    Solicitations count in their own fiscal year (that of the first day, 法111条 "毎年度"); proposals on the day
    they arrived; contracts on the day concluded; fees on the day the payment was received and accepted (integer
    yen); datasets on the day created; terminations on the termination date (法120条); complaints on the day
    received (法128条).
    """
    solicited = [s for s in solicitations if s.fiscal_year == year]
    counts: dict[tuple[ProposalKind, ProposalResult], int] = {}
    for p in proposals:
        if fiscal_year(p.arrived_on) == year:
            counts[(p.kind, p.result)] = counts.get((p.kind, p.result), 0) + 1
    return AnnualFigures(
        fiscal_year=year,
        solicitations=len(solicited),
        target_files=len(frozenset().union(*(s.file_ids for s in solicited))) if solicited else 0,
        proposals=MappingProxyType(counts),
        contracts=_in_year(contracts_concluded, year),
        fees_received_yen=sum(yen for day, yen in fees_received if fiscal_year(day) == year),
        datasets_created=_in_year(datasets_created, year),
        terminations=_in_year(terminations, year),
        complaints=_in_year(complaints, year),
    )

"""Quality models for the lattice search and ARX's reported Granularity (internal).

Definitions follow ``shared/data/adult/METRIC.md`` (read from ARX 3.9.2's behaviour, our own formulas):

* ``loss`` — ARX's default "Loss": per QI the mean share of the domain a record's label covers, normalized to
  [0, 1] between the untouched and the fully generalized table, truncated to 10 decimals; suppressed records
  cost as if generalized to the root (gs-factor 0.5); aggregated by the shifted geometric mean
  ``prod(1 + w_j l_j)^(1/m) - 1``. Lower is better.
* ``discernibility`` — ``sum over kept classes |E|^2 + N * N_s`` (each suppressed record is indistinguishable
  from all N). Lower is better.
* ``precision`` — Sweeney's precision loss: per QI the mean of ``level / (height - 1)`` over records, a
  suppressed record costing 1; the arithmetic mean over QIs. Lower is better.

Each model gives the exact value of an evaluated node, a bound for every node of the lattice that ignores
suppression (cheap, monotone in generalization, never above the exact value) and a sharper bound for one node
given a lower bound on its suppressed records.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tokumei.engine._lattice import Cells, FloatArray, Levels, NodeStats, PreparedHierarchy, class_sizes


class Metric(enum.StrEnum):
    """The quality model that decides which anonymous node is optimal (all three: lower is better)."""

    LOSS = "loss"
    DISCERNIBILITY = "discernibility"
    PRECISION = "precision"


def _truncate10(value: float) -> float:
    return math.floor(value * 1e10) / 1e10


@dataclass(frozen=True)
class Scorer:
    """Scores nodes with one quality model.

    Args:
        metric: which model.
        hierarchies: the chains, in QI order.
        records: N.
        marginal: per QI and level, the leaves summed over all records (``_lattice.marginal_leaves``).
        floor_cells: the number of cells at the floor node (bounds the number of classes).
        gs_factor: ARX's generalization/suppression factor for ``loss`` (0.5 = treat both alike).
        weights: per-QI weights for ``loss`` (normalized by their maximum).
    """

    metric: Metric
    hierarchies: Sequence[PreparedHierarchy]
    records: int
    marginal: Sequence[Sequence[int]]
    floor_cells: int
    gs_factor: float = 0.5
    weights: Sequence[float] | None = None

    @property
    def _gf(self) -> float:
        return 1.0 if self.gs_factor <= 0.5 else 2.0 * (1.0 - self.gs_factor)

    @property
    def _sf(self) -> float:
        return 2.0 * self.gs_factor if self.gs_factor < 0.5 else 1.0

    def _w(self) -> list[float]:
        m = len(self.hierarchies)
        if not self.weights:
            return [1.0] * m
        top = max(self.weights)
        return [w / top for w in self.weights] if top > 0 else [1.0] * m

    def _normalized(self, j: int, raw: float) -> float:
        h = self.hierarchies[j]
        lo = self._gf * self.records / h.domain
        hi = float(self.records)
        value = (raw - lo) / (hi - lo) if hi != lo else math.nan
        if math.isnan(value) or value < 0:
            value = 0.0
        return _truncate10(value)

    def _aggregate(self, losses: Sequence[float]) -> float:
        m = len(losses)
        product = 1.0
        for w, x in zip(self._w(), losses, strict=True):
            product *= math.pow(1.0 + w * x, 1.0 / m)
        return product - 1.0

    # -- exact values -------------------------------------------------------------------------------------------

    def attribute_losses(self, stats: NodeStats) -> list[float]:
        """Per-QI normalized loss l_j of an evaluated node (``loss``) or per-QI precision loss (``precision``)."""
        n_s = stats.suppressed
        out: list[float] = []
        for j, h in enumerate(self.hierarchies):
            lvl = stats.levels[j]
            if self.metric is Metric.PRECISION:
                ratio = lvl / (h.height - 1) if h.height > 1 else 0.0
                out.append(((self.records - n_s) * ratio + n_s) / self.records if self.records else 0.0)
                continue
            kept_share = stats.kept_leaves[j] / h.domain
            supp_share = (self.marginal[j][lvl] - stats.kept_leaves[j]) / h.domain
            if self._sf == 1.0:
                supp_cost = float(n_s)
            else:
                supp_cost = self._sf * n_s + (1.0 - self._sf) * supp_share
            out.append(self._normalized(j, self._gf * kept_share + supp_cost))
        return out

    def score(self, stats: NodeStats) -> float:
        """The exact quality-model value of an evaluated node (lower is better)."""
        if self.metric is Metric.DISCERNIBILITY:
            return float(stats.kept_square_sum + self.records * stats.suppressed)
        losses = self.attribute_losses(stats)
        if self.metric is Metric.PRECISION:
            return sum(losses) / len(losses)
        return self._aggregate(losses)

    # -- bounds -------------------------------------------------------------------------------------------------

    def lattice_bound(self, floor: Levels, ceiling: Levels) -> FloatArray:
        """A lower bound for every node between ``floor`` and ``ceiling`` (an m-dimensional array).

        It ignores suppression, so it never exceeds the exact value, and it grows with generalization.
        """
        m = len(self.hierarchies)
        ranges = [range(floor[j], ceiling[j] + 1) for j in range(m)]
        if self.metric is Metric.DISCERNIBILITY:
            radix = [
                np.array([h.radix(lvl) for lvl in ranges[j]], dtype=np.float64) for j, h in enumerate(self.hierarchies)
            ]
            classes = radix[0]
            for r in radix[1:]:
                classes = np.multiply.outer(classes, r)
            classes = np.minimum(classes, float(max(self.floor_cells, 1)))
            result: FloatArray = float(self.records) ** 2 / classes
            return result
        if self.metric is Metric.PRECISION:
            ratios = [
                np.array([lvl / (h.height - 1) if h.height > 1 else 0.0 for lvl in ranges[j]], dtype=np.float64)
                for j, h in enumerate(self.hierarchies)
            ]
            total = ratios[0]
            for r in ratios[1:]:
                total = np.add.outer(total, r)
            return np.asarray(total / m, dtype=np.float64)
        w = self._w()
        factors = []
        for j, h in enumerate(self.hierarchies):
            values = [self._normalized(j, self._gf * self.marginal[j][lvl] / h.domain) for lvl in ranges[j]]
            factors.append(np.power(1.0 + w[j] * np.array(values, dtype=np.float64), 1.0 / m))
        product = factors[0]
        for f in factors[1:]:
            product = np.multiply.outer(product, f)
        return np.asarray(product - 1.0, dtype=np.float64)

    def node_bound(self, levels: Levels, min_suppressed: int, min_square_sum: int = 0) -> float:
        """A lower bound for one node, given that it suppresses at least ``min_suppressed`` records.

        For ``discernibility`` also given that its classes' squared sizes sum to at least ``min_square_sum``.
        """
        x = min_suppressed
        if self.metric is Metric.DISCERNIBILITY:
            return float(max(min_square_sum, self.records * x))
        if self.metric is Metric.PRECISION:
            total = 0.0
            for j, h in enumerate(self.hierarchies):
                ratio = levels[j] / (h.height - 1) if h.height > 1 else 0.0
                total += ((self.records - x) * ratio + x) / self.records if self.records else 0.0
            return total / len(self.hierarchies)
        losses = []
        for j, h in enumerate(self.hierarchies):
            lvl = levels[j]
            max_share = float(h.leaves[lvl].max()) / h.domain
            coeff = 1.0 - self._sf - self._gf
            raw = self._gf * self.marginal[j][lvl] / h.domain + x * (self._sf + coeff * max_share)
            losses.append(self._normalized(j, raw))
        return self._aggregate(losses)


def granularity(
    hierarchies: Sequence[PreparedHierarchy],
    cells: Cells,
    suppressed_classes: npt.NDArray[np.bool_],
    records: int,
) -> tuple[float, list[float]]:
    """ARX's reported Granularity of a published node (METRIC.md section 7), and the per-QI qualities.

    Shares are looked up by label string (a higher level overwriting a lower one); a record counts 1 when it is
    suppressed or when all its QI labels are the same string (ARX's rule); averages are taken over all N
    records; the result is normalized after averaging across QIs. Higher is better.
    """
    m = len(hierarchies)
    sizes = class_sizes(cells)
    firsts = cells.class_starts
    # Label strings become global integer ids (per level, a small lookup array), so that the per-class work is
    # numpy gathers: the share of a label and "all QI labels are the same string" (ARX's rule).
    ids: dict[str, int] = {}
    class_ids: list[npt.NDArray[np.int64]] = []
    class_shares: list[npt.NDArray[np.float64]] = []
    for j, h in enumerate(hierarchies):
        table = {lab: 1.0 / h.domain for lab in h.labels[0]}
        for lvl in range(1, h.height):
            for code, lab in enumerate(h.labels[lvl]):
                table[lab] = float(h.leaves[lvl][code]) / h.domain
        level_labels = h.labels[cells.levels[j]]
        id_of = np.array([ids.setdefault(lab, len(ids)) for lab in level_labels], dtype=np.int64)
        share_of = np.array(
            [table.get(lab, 1.0 if lab == "*" else 1.0 / h.domain) for lab in level_labels], dtype=np.float64
        )
        codes = np.asarray(cells.codes[j][firsts], dtype=np.int64)
        class_ids.append(id_of[codes])
        class_shares.append(share_of[codes])
    n_classes = sizes.shape[0]
    same = np.ones(n_classes, dtype=np.bool_)
    for j in range(1, m):
        same &= class_ids[0] == class_ids[j]
    suppressed = np.asarray(suppressed_classes, dtype=np.bool_)
    full = suppressed | same
    totals: list[float] = []
    weights = sizes.astype(np.float64)
    for j in range(m):
        q = np.where(full, 1.0, class_shares[j])
        totals.append(float(np.dot(weights, q)) / records if records else 1.0)
    mins = [1.0 / h.domain for h in hierarchies]
    mean_r = sum(totals) / m
    mean_min = sum(mins) / m
    per_qi = [
        1.0 - min(1.0, max(0.0, (r - lo) / (1.0 - lo))) if lo < 1.0 else 0.0 for r, lo in zip(totals, mins, strict=True)
    ]
    if mean_min >= 1.0:
        return 0.0, per_qi
    return 1.0 - min(1.0, max(0.0, (mean_r - mean_min) / (1.0 - mean_min))), per_qi

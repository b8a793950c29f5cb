"""Optimal full-domain generalization: the least information loss that meets the privacy targets.

Every quasi-identifier (QI) has a level chain (0 = original, last = ``*``); a *node* picks one level per QI and
generalizes every record to it. Records in equivalence classes smaller than ``k`` (or with fewer than ``l``
distinct values of a sensitive column) are suppressed; a node is *anonymous* when it suppresses at most
``floor(max_suppression * N)`` records. :func:`search` returns the anonymous node with the smallest value of the
chosen quality model over the whole lattice above the recipe's levels (the *floor*) — the same node ARX 3.9.2
returns with its default Loss metric (see ``shared/data/adult/METRIC.md``; ties: smaller loss, then fewer
total levels, then the lexicographically smaller level vector).

How (docs/decisions/0003-lattice-search.md):

* the input is reduced once to the integer-coded table of distinct QI combinations with counts;
* a node is evaluated by grouping that table, rolled up from the smallest cached finer node;
* nodes are visited in ascending order of a bound that ignores suppression (monotone, never above the exact
  value); the walk stops when the bound exceeds the best value found;
* anonymity is tagged predictively: an anonymous node makes all its generalizations anonymous, a non-anonymous
  node all its specializations non-anonymous; an untagged node is resolved by a binary search on a path to
  the top of the lattice (Flash style), so one evaluation tags a whole down-set;
* a non-anonymous coarser node bounds the suppression of every finer node from below, which sharpens the bound.

Above ~12 QIs (or a lattice of more than 2 million nodes) proving the optimum is impractical; the *heuristic*
strategy is an anytime greedy descent with restarts under a time budget that records its best-so-far curve.

Example:
    >>> import polars as pl
    >>> data = pl.DataFrame({"sex": ["M", "F", "M", "F"], "age": ["31", "32", "31", "45"]})
    >>> sex = pl.DataFrame({"level_0": ["M", "F"], "level_1": ["*", "*"]})
    >>> age = pl.DataFrame({"level_0": ["31", "32", "45"], "level_1": ["30-39", "30-39", "40-49"],
    ...                     "level_2": ["*", "*", "*"]})
    >>> result = search(data, {"sex": sex, "age": age}, k=2)
    >>> result.levels
    {'sex': 0, 'age': 2}
    >>> result.suppressed
    0
"""

from __future__ import annotations

import contextlib
import enum
import math
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from tokumei.engine._lattice import (
    CodedTable,
    Evaluator,
    LatticeError,
    LatticeErrorCode,
    Levels,
    NodeStats,
    PreparedHierarchy,
    encode_frame,
    marginal_leaves,
    prepare_hierarchy,
)
from tokumei.engine._quality import Metric, Scorer, granularity
from tokumei.engine.hierarchies.base import MISSING_KEY
from tokumei.engine.hierarchies.table import level_columns
from tokumei.engine.memory import REUSE_MAX_ROWS, reuse_freed_memory
from tokumei.engine.transforms import (
    codes_counted,
    count_keys,
    fold_strides,
    folded,
    joined_lookup,
    key_code_exprs,
    key_codes,
    keys_counted,
    unfolded,
)

if TYPE_CHECKING:
    from tokumei.engine.hierarchies.base import Keys
    from tokumei.engine.recipe import Recipe

__all__ = [
    "UNPARSEABLE_LIMIT",
    "Blocker",
    "CurvePoint",
    "LatticeError",
    "LatticeErrorCode",
    "Metric",
    "SearchParameterError",
    "SearchResult",
    "Strategy",
    "column_chain",
    "recipe_chains",
    "run_search_recipe",
    "search",
    "search_coded",
    "search_recipe",
]

_EXACT_MAX_QIS = 12
_EXACT_MAX_NODES = 2_000_000
_DEFAULT_HEURISTIC_SECONDS = 10.0
_EPS = 1e-12

_UNKNOWN, _ANON, _NOT_ANON = 0, 1, 2


class Strategy(enum.StrEnum):
    """How to explore the lattice."""

    AUTO = "auto"
    EXACT = "exact"
    HEURISTIC = "heuristic"


class SearchParameterError(ValueError):
    """Invalid search parameters; ``problems`` lists every one as (parameter, allowed, received)."""

    code = "search_invalid_parameters"

    def __init__(self, problems: Sequence[tuple[str, str, object]]) -> None:
        self.problems = list(problems)
        lines = [f"{name}: expected {allowed}, received {received!r}." for name, allowed, received in problems]
        super().__init__("The search parameters are invalid. " + " ".join(lines))


@dataclass(frozen=True)
class Blocker:
    """Why no node within the ceiling meets the targets, for one QI.

    Attributes:
        qi: the quasi-identifier.
        ceiling: its highest allowed level.
        suppressed_at_ceiling: records suppressed at the ceiling node.
        suppressed_if_lifted: records suppressed with this QI fully generalized (others at their ceiling).
        level_needed: the lowest level of this QI alone that meets the targets (others at their ceiling), or
            ``None`` when even its root does not.
        excess: records over the suppression budget at the ceiling node.
    """

    qi: str
    ceiling: int
    suppressed_at_ceiling: int
    suppressed_if_lifted: int
    level_needed: int | None
    excess: int


@dataclass(frozen=True)
class CurvePoint:
    """One improvement of the best-so-far node (anytime reporting)."""

    seconds: float
    value: float
    levels: tuple[int, ...]


@dataclass(frozen=True)
class SearchResult:
    """The outcome of :func:`search`.

    Attributes:
        levels: chosen level per QI (chain index), or ``None`` when nothing within the ceiling meets the targets.
        quality: ARX's Granularity of the result (METRIC.md section 7; higher is better; NaN when infeasible).
        metric: the quality model that chose the node.
        value: that model's value for the chosen node (lower is better).
        attribute_values: per-QI values of the model (``loss``: ARX's per-attribute loss l_j).
        suppressed: records in classes smaller than k (or failing l), removed.
        records: N, input records.
        budget: the absolute suppression limit ``floor(max_suppression * N)``.
        classes: equivalence classes kept.
        floor: the lowest levels allowed (the recipe's).
        floor_suppressed: records the floor node itself would suppress.
        nodes_evaluated: nodes grouped and scored.
        nodes_pruned: nodes decided without grouping (tagged or bounded).
        lattice_size: nodes between floor and ceiling.
        seconds: wall time of the search (excluding reading the data).
        optimal: the optimum is proven (exact strategy finished within its time budget).
        strategy: ``exact`` or ``heuristic``.
        blockers: when infeasible, which QI blocks and by how much.
        curve: best-so-far improvements over time.
        notes: remarks such as exact ties.
    """

    levels: dict[str, int] | None
    quality: float
    metric: str
    value: float
    attribute_values: dict[str, float]
    suppressed: int
    records: int
    budget: int
    classes: int
    floor: dict[str, int]
    floor_suppressed: int
    nodes_evaluated: int
    nodes_pruned: int
    lattice_size: int
    seconds: float
    optimal: bool
    strategy: str
    k: int
    l: int | None  # noqa: E741 - the name of the model
    max_suppression: float
    blockers: tuple[Blocker, ...] = ()
    curve: tuple[CurvePoint, ...] = ()
    notes: tuple[str, ...] = ()
    level_names: dict[str, str | int] = field(default_factory=dict)
    """With :func:`search_recipe`: the chosen levels under the recipe's aliases (``市区町村``, ``band10`` …)."""
    unparseable: dict[str, int] = field(default_factory=dict)
    """With :func:`search_recipe`: records per QI whose value could not be parsed (cell-suppressed)."""
    person_key: str | None = None
    """The column whose distinct values k counted (None: k counted records)."""

    @property
    def feasible(self) -> bool:
        """Whether some node within the ceiling meets the targets."""
        return self.levels is not None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (NaN becomes ``None``)."""
        data = asdict(self)
        data["feasible"] = self.feasible
        if isinstance(data["quality"], float) and math.isnan(data["quality"]):
            data["quality"] = None
        if isinstance(data["value"], float) and not math.isfinite(data["value"]):
            data["value"] = None
        data["curve"] = [{"seconds": p.seconds, "value": p.value, "levels": list(p.levels)} for p in self.curve]
        return data


# -- parameter validation ---------------------------------------------------------------------------------------


def _validate(
    qis: Mapping[str, pl.DataFrame],
    k: object,
    max_suppression: object,
    l: object,  # noqa: E741 - the name of the model
    sensitive: Sequence[str],
    metric: object,
    gs_factor: object,
    time_budget: object,
    strategy: object,
    weights: Mapping[str, float] | None,
) -> None:
    problems: list[tuple[str, str, object]] = []
    if not qis:
        problems.append(("qis", "at least one quasi-identifier with its hierarchy", dict(qis)))
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        problems.append(("k", "an integer >= 1", k))
    if (
        isinstance(max_suppression, bool)
        or not isinstance(max_suppression, int | float)
        or not (0.0 <= float(max_suppression) <= 1.0)
    ):
        problems.append(("max_suppression", "a fraction between 0 and 1", max_suppression))
    if l is not None and (isinstance(l, bool) or not isinstance(l, int) or l < 1):
        problems.append(("l", "None or an integer >= 1", l))
    if l is not None and not sensitive:
        problems.append(("sensitive", "at least one sensitive column when l is given", list(sensitive)))
    overlap = sorted(set(sensitive) & set(qis))
    if overlap:
        problems.append(("sensitive", "columns that are not quasi-identifiers", overlap))
    if metric not in {m.value for m in Metric}:
        problems.append(("metric", f"one of {[m.value for m in Metric]}", metric))
    if isinstance(gs_factor, bool) or not isinstance(gs_factor, int | float) or not 0.0 <= gs_factor <= 1.0:
        problems.append(("gs_factor", "a number between 0 and 1", gs_factor))
    if time_budget is not None and (
        isinstance(time_budget, bool) or not isinstance(time_budget, int | float) or time_budget <= 0
    ):
        problems.append(("time_budget", "None or a positive number of seconds", time_budget))
    if strategy not in {s.value for s in Strategy}:
        problems.append(("strategy", f"one of {[s.value for s in Strategy]}", strategy))
    if weights is not None:
        unknown = sorted(set(weights) - set(qis))
        if unknown:
            problems.append(("weights", f"names among {list(qis)}", unknown))
        if any(not isinstance(w, int | float) or w < 0 for w in weights.values()):
            problems.append(("weights", "non-negative numbers", dict(weights)))
    if problems:
        raise SearchParameterError(problems)


def _levels_in_range(
    name: str,
    given: Mapping[str, int] | None,
    hierarchies: Sequence[PreparedHierarchy],
    default_top: bool,
) -> tuple[Levels, list[tuple[str, str, object]]]:
    problems: list[tuple[str, str, object]] = []
    given = dict(given or {})
    names = [h.name for h in hierarchies]
    unknown = sorted(set(given) - set(names))
    if unknown:
        problems.append((name, f"quasi-identifier names among {names}", unknown))
    out: list[int] = []
    for h in hierarchies:
        value = given.get(h.name, h.height - 1 if default_top else 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < h.height:
            problems.append((f"{name}[{h.name}]", f"a level between 0 and {h.height - 1}", value))
            value = 0
        out.append(value)
    return tuple(out), problems


# -- the search -------------------------------------------------------------------------------------------------


@dataclass
class _Best:
    value: float = math.inf
    lev: int = 0
    levels: Levels | None = None
    stats: NodeStats | None = None
    ties: int = 0

    def offer(self, value: float, stats: NodeStats) -> bool:
        """Keep the node if it is better by (value, total level, level vector); True when it was kept."""
        levels = stats.levels
        lev = sum(levels)
        if self.levels is not None and value == self.value:
            self.ties += 1
        if self.levels is None or (value, lev, levels) < (self.value, self.lev, self.levels):
            self.value, self.lev, self.levels, self.stats = value, lev, levels, stats
            return True
        return False


@dataclass
class _Run:
    evaluator: Evaluator
    scorer: Scorer
    floor: Levels
    ceiling: Levels
    started: float
    deadline: float | None
    best: _Best = field(default_factory=_Best)
    curve: list[CurvePoint] = field(default_factory=list)
    stats: dict[Levels, NodeStats] = field(default_factory=dict)

    def evaluate(self, levels: Levels) -> NodeStats:
        hit = self.stats.get(levels)
        if hit is not None:
            return hit
        stats = self.evaluator.evaluate(levels)
        self.stats[levels] = stats
        if stats.anonymous:
            value = self.scorer.score(stats)
            if self.best.offer(value, stats):
                self.curve.append(CurvePoint(time.perf_counter() - self.started, value, levels))
        return stats

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.perf_counter() > self.deadline


def _exact(run: _Run) -> bool:
    """Exhaustive search with bounds and predictive tagging; True when the optimum is proven."""
    floor, ceiling = run.floor, run.ceiling
    m = len(floor)
    shape = tuple(c - f + 1 for f, c in zip(floor, ceiling, strict=True))
    bound = run.scorer.lattice_bound(floor, ceiling)
    flat_bound = bound.reshape(-1)
    grid = np.indices(shape, dtype=np.int64).reshape(m, -1)
    order = np.lexsort([grid[j] for j in reversed(range(m))] + [grid.sum(axis=0), flat_bound])
    del grid
    strides = fold_strides(shape)
    status = np.zeros(shape, dtype=np.int8)
    flat_status = status.reshape(-1)
    seen = np.zeros(flat_bound.shape[0], dtype=np.bool_)
    min_supp = np.zeros(shape, dtype=np.int64)
    flat_min_supp = min_supp.reshape(-1)
    discern = run.scorer.metric is Metric.DISCERNIBILITY
    min_square = np.zeros(shape if discern else (1,) * m, dtype=np.int64)
    flat_min_square = min_square.reshape(-1)

    def unravel(idx: int) -> tuple[int, ...]:
        out = []
        for stride in strides:
            q, idx = divmod(idx, stride)
            out.append(q)
        return tuple(out)

    def evaluate(idx: int, loc: tuple[int, ...]) -> NodeStats:
        stats = run.evaluate(tuple(a + f for a, f in zip(loc, floor, strict=True)))
        seen[idx] = True
        down = tuple(slice(0, i + 1) for i in loc)
        up = tuple(slice(i, None) for i in loc)
        if stats.anonymous:
            status[up] = _ANON
        else:
            status[down] = _NOT_ANON
        view = min_supp[down]
        np.maximum(view, stats.suppressed, out=view)
        if discern:
            sq = min_square[up]
            np.maximum(sq, stats.square_sum, out=sq)
        return stats

    def anonymous(idx: int, loc: tuple[int, ...]) -> bool:
        state = flat_status[idx]
        if state != _UNKNOWN:
            return bool(state == _ANON)
        return evaluate(idx, loc).anonymous

    def bounded(idx: int, loc: tuple[int, ...]) -> bool:
        if run.best.levels is None:
            return False
        x = int(flat_min_supp[idx])
        sq = int(flat_min_square[idx]) if discern else 0
        if x == 0 and sq == 0:
            return False
        node = tuple(a + f for a, f in zip(loc, floor, strict=True))
        return run.scorer.node_bound(node, x, sq) > run.best.value + _EPS

    def probe(idx: int, loc: tuple[int, ...]) -> None:
        """Binary search for the anonymity boundary on a cheap-bound path from ``idx`` to the ceiling."""
        path = [(idx, loc)]
        current = list(loc)
        while True:
            best_j, best_b = -1, math.inf
            for j in range(m):
                if current[j] < shape[j] - 1:
                    b = flat_bound[idx + strides[j]]
                    if b < best_b:
                        best_j, best_b = j, b
            if best_j < 0:
                break
            current[best_j] += 1
            idx += strides[best_j]
            path.append((idx, tuple(current)))
        lo, hi = 0, len(path) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if anonymous(*path[mid]):
                hi = mid
            else:
                lo = mid + 1

    chunk = 4096
    for begin in range(0, order.shape[0], chunk):
        block = order[begin : begin + chunk]
        stop = None
        if run.best.levels is not None:
            over = np.flatnonzero(flat_bound[block] > run.best.value + _EPS)
            stop = int(over[0]) if over.size else None
        for idx in block[:stop].tolist():
            if run.best.levels is not None and flat_bound[idx] > run.best.value + _EPS:
                return True
            if flat_status[idx] == _NOT_ANON or seen[idx]:
                continue
            if run.out_of_time():
                return False
            loc = unravel(idx)
            if bounded(idx, loc):
                continue
            if flat_status[idx] == _UNKNOWN:
                probe(idx, loc)
                if flat_status[idx] == _NOT_ANON or seen[idx] or bounded(idx, loc):
                    continue
            evaluate(idx, loc)
        if stop is not None:
            return True
    return True


def _heuristic(run: _Run, seed: int) -> None:
    """Anytime search: greedy descent from the ceiling, then randomized restarts until the deadline."""
    m = len(run.floor)
    rng = random.Random(seed)  # noqa: S311 - reproducible restarts, not secrets
    non_anonymous: list[Levels] = []

    def known_not_anonymous(levels: Levels) -> bool:
        return any(all(a <= b for a, b in zip(levels, u, strict=True)) for u in non_anonymous)

    def value_of(levels: Levels) -> float | None:
        if known_not_anonymous(levels):
            return None
        stats = run.evaluate(levels)
        if not stats.anonymous:
            non_anonymous.append(levels)
            return None
        return run.scorer.score(stats)

    def descend(start: Levels) -> None:
        current = start
        current_value = value_of(current)
        if current_value is None:
            return
        while not run.out_of_time():
            moves: list[tuple[float, int, Levels]] = []
            for j in range(m):
                if current[j] > run.floor[j]:
                    nxt = (*current[:j], current[j] - 1, *current[j + 1 :])
                    v = value_of(nxt)
                    if v is not None:
                        moves.append((v, sum(nxt), nxt))
                    if run.out_of_time():
                        return
            if not moves:
                return
            v, _, nxt = min(moves)
            if v > current_value:
                return
            current, current_value = nxt, v

    descend(run.ceiling)
    stale = 0
    while not run.out_of_time() and stale < 200:
        before = run.best.value
        assert run.best.levels is not None
        start = list(run.best.levels)
        for _ in range(rng.randint(1, max(1, m // 2))):
            j = rng.randrange(m)
            start[j] = rng.randint(start[j], run.ceiling[j])
        for _ in range(rng.randint(0, 2)):
            j = rng.randrange(m)
            start[j] = rng.randint(run.floor[j], start[j])
        descend(tuple(start))
        stale = stale + 1 if run.best.value >= before else 0


def _blockers(run: _Run, stats_top: NodeStats) -> tuple[Blocker, ...]:
    """Per QI: would lifting it alone (others at their ceiling) meet the targets, and from which level."""
    names = [h.name for h in run.evaluator.hierarchies]
    evaluate = run.evaluator.evaluate  # not run.evaluate: these nodes lie outside the ceiling
    out: list[Blocker] = []
    budget = run.evaluator.budget
    for j, h in enumerate(run.evaluator.hierarchies):
        root = h.height - 1
        lifted = (*run.ceiling[:j], root, *run.ceiling[j + 1 :])
        lifted_stats = evaluate(lifted)
        needed: int | None = None
        if lifted_stats.anonymous:
            for lvl in range(run.ceiling[j] + 1, root + 1):
                if evaluate((*run.ceiling[:j], lvl, *run.ceiling[j + 1 :])).anonymous:
                    needed = lvl
                    break
        out.append(
            Blocker(
                qi=names[j],
                ceiling=run.ceiling[j],
                suppressed_at_ceiling=stats_top.suppressed,
                suppressed_if_lifted=lifted_stats.suppressed,
                level_needed=needed,
                excess=stats_top.suppressed - budget,
            )
        )
    out.sort(key=lambda b: (b.suppressed_if_lifted, b.qi))
    return tuple(out)


def search_coded(
    hierarchies: Sequence[PreparedHierarchy],
    table: CodedTable,
    *,
    k: int,
    max_suppression: float = 0.0,
    l: int | None = None,  # noqa: E741 - the name of the model
    floor: Levels | None = None,
    ceiling: Levels | None = None,
    metric: Metric = Metric.LOSS,
    gs_factor: float = 0.5,
    weights: Sequence[float] | None = None,
    strategy: Strategy = Strategy.AUTO,
    time_budget: float | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    person_key: str | None = None,
) -> SearchResult:
    """Search an already coded frequency table (see :func:`search` for the parameters).

    ``floor`` and ``ceiling`` are level tuples in QI order (default: all 0 / every root).
    """
    started = time.perf_counter()
    floor = floor if floor is not None else (0,) * len(hierarchies)
    ceiling = ceiling if ceiling is not None else tuple(h.height - 1 for h in hierarchies)
    records = table.records
    budget = math.floor(max_suppression * records)
    evaluator = Evaluator(hierarchies=hierarchies, table=table, k=k, l=l, budget=budget, floor=floor)
    scorer = Scorer(
        metric=metric,
        hierarchies=hierarchies,
        records=records,
        marginal=marginal_leaves(hierarchies, table),
        floor_cells=evaluator.base.size,
        gs_factor=gs_factor,
        weights=weights,
    )
    lattice = math.prod(c - f + 1 for f, c in zip(floor, ceiling, strict=True))
    chosen = strategy
    if strategy is Strategy.AUTO:
        exact_ok = len(hierarchies) <= _EXACT_MAX_QIS and lattice <= _EXACT_MAX_NODES
        chosen = Strategy.EXACT if exact_ok else Strategy.HEURISTIC
    if chosen is Strategy.HEURISTIC and time_budget is None:
        time_budget = _DEFAULT_HEURISTIC_SECONDS
    deadline = started + time_budget if time_budget is not None else None
    run = _Run(evaluator=evaluator, scorer=scorer, floor=floor, ceiling=ceiling, started=started, deadline=deadline)
    names = [h.name for h in hierarchies]
    floor_stats = run.evaluate(floor)
    top_stats = run.evaluate(ceiling)
    blockers: tuple[Blocker, ...] = ()
    optimal = False
    if not top_stats.anonymous:
        blockers = _blockers(run, top_stats)
    elif chosen is Strategy.EXACT:
        if progress:
            progress(f"exact search over {lattice} nodes")
        optimal = _exact(run)
    else:
        if progress:
            progress(f"heuristic search over {lattice} nodes for up to {time_budget:.1f} s")
        _heuristic(run, seed)
    best = run.best
    notes: list[str] = []
    if best.ties:
        notes.append(
            f"{best.ties} node(s) had exactly the best value; the one with fewer total levels, then the "
            "lexicographically smaller level vector was kept."
        )
    if chosen is Strategy.EXACT and not optimal and top_stats.anonymous:
        notes.append("The time budget ran out before the optimum was proven; the best node so far is returned.")
    seconds = time.perf_counter() - started
    common: dict[str, Any] = {
        "metric": metric.value,
        "records": records,
        "budget": budget,
        "floor": dict(zip(names, floor, strict=True)),
        "floor_suppressed": floor_stats.suppressed,
        "nodes_evaluated": evaluator.evaluations,
        "nodes_pruned": lattice - len(run.stats),
        "lattice_size": lattice,
        "seconds": seconds,
        "optimal": optimal,
        "strategy": chosen.value,
        "k": k,
        "l": l,
        "max_suppression": float(max_suppression),
        "person_key": person_key,
        "blockers": blockers,
        "curve": tuple(run.curve),
        "notes": tuple(notes),
    }
    if best.stats is None:
        return SearchResult(
            levels=None,
            quality=math.nan,
            value=math.inf,
            attribute_values={},
            suppressed=top_stats.suppressed,
            classes=0,
            **common,
        )
    stats = best.stats
    cells = evaluator.cells(stats.levels)
    small = evaluator.failing(cells)
    quality, _ = granularity(hierarchies, cells, small, records)
    attribute = {} if metric is Metric.DISCERNIBILITY else dict(zip(names, scorer.attribute_losses(stats), strict=True))
    return SearchResult(
        levels=dict(zip(names, stats.levels, strict=True)),
        quality=quality,
        value=best.value,
        attribute_values=attribute,
        suppressed=stats.suppressed,
        classes=stats.classes,
        **common,
    )


def search(
    data: pl.DataFrame | pl.LazyFrame,
    qis: Mapping[str, pl.DataFrame],
    *,
    k: int,
    max_suppression: float = 0.0,
    l: int | None = None,  # noqa: E741 - the name of the model
    sensitive: str | Sequence[str] | None = None,
    floor: Mapping[str, int] | None = None,
    ceiling: Mapping[str, int] | None = None,
    metric: Metric | Literal["loss", "discernibility", "precision"] = "loss",
    gs_factor: float = 0.5,
    weights: Mapping[str, float] | None = None,
    count_column: str | None = None,
    person_key: str | None = None,
    strategy: Strategy | Literal["auto", "exact", "heuristic"] = "auto",
    time_budget: float | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    leaf_counts: Mapping[str, Sequence[int]] | None = None,
    coded: bool = False,
) -> SearchResult:
    """Find the generalization with the least information loss that meets k (and l) within the budget.

    Args:
        data: the records (a lazy frame is reduced with the streaming engine), or a frequency table with
            ``count_column``.
        qis: quasi-identifier name -> hierarchy table (column i = label at level i, column 0 = original value as
            a string). Their order is the QI order (use the data's column order to match ARX bit for bit).
        k: minimum class size; smaller classes are suppressed.
        max_suppression: fraction of records that may be suppressed (budget = floor(fraction * N)).
        l: distinct l-diversity for every ``sensitive`` column (classes with fewer distinct values are
            suppressed), or None.
        sensitive: the sensitive column(s) l applies to.
        floor: lowest level per QI (the recipe's levels; missing = 0). The result is never finer.
        ceiling: highest level per QI (missing = root). When the ceiling node fails, ``blockers`` say why.
        metric: ``loss`` (ARX's default), ``discernibility`` or ``precision``.
        gs_factor: ARX's gs-factor for ``loss`` (0.5 = generalization and suppression alike).
        weights: per-QI weights for ``loss`` (default: all equal).
        count_column: the column holding record counts when ``data`` is already a frequency table.
        person_key: the column identifying persons when a person may have several records: k then counts
            distinct persons per class (a null key is one person per record), suppression still counts records —
            as :func:`tokumei.engine.privacy.frequency_table` and ``assess`` do.
        strategy: ``exact`` (proven optimum), ``heuristic`` (anytime, for large lattices) or ``auto`` (exact up
            to 12 QIs and 2 million nodes).
        time_budget: seconds; the heuristic stops then (default 10 s), the exact search returns its best-so-far.
        seed: seed of the heuristic's restarts.
        progress: called with short progress messages.
        leaf_counts: per QI, how many original values each hierarchy row stands for (a hierarchy cut at the
            floor; default one per row), so that Loss, Granularity and precision stay those of the whole chain.
        coded: the QI columns of ``data`` hold row indexes into their hierarchy tables (not labels) and its rows
            are distinct combinations with ``count_column`` (:func:`run_search_recipe` codes the records in its
            scan); an eager frame without a person key is consumed (its columns are moved into the coded table).

    Returns:
        A :class:`SearchResult`; ``result.levels`` is None when nothing within the ceiling meets the targets.

    Raises:
        SearchParameterError: invalid parameters (all problems at once).
        LatticeError: a column or hierarchy value is missing, or a hierarchy is not a chain.
    """
    sens = [sensitive] if isinstance(sensitive, str) else list(sensitive or [])
    _validate(qis, k, max_suppression, l, sens, metric, gs_factor, time_budget, strategy, weights)
    counts = leaf_counts or {}
    hierarchies = [
        prepare_hierarchy(name, table, None if name not in counts else np.asarray(counts[name], dtype=np.int64))
        for name, table in qis.items()
    ]
    floor_levels, problems = _levels_in_range("floor", floor, hierarchies, default_top=False)
    ceiling_levels, more = _levels_in_range("ceiling", ceiling, hierarchies, default_top=True)
    problems += more
    for h, f, c in zip(hierarchies, floor_levels, ceiling_levels, strict=True):
        if c < f:
            problems.append((f"ceiling[{h.name}]", f"a level >= the floor {f}", c))
    if problems:
        raise SearchParameterError(problems)
    names = list(qis)
    table = encode_frame(data, hierarchies, sens if l is not None else (), count_column, person_key, coded=coded)
    # every node allocates and frees arrays of the table's size: keep them in the heap (measured up to 10M records)
    reuse = table.counts.shape[0] <= REUSE_MAX_ROWS
    with reuse_freed_memory() if reuse else contextlib.nullcontext():
        return search_coded(
            hierarchies,
            table,
            k=k,
            max_suppression=float(max_suppression),
            l=l,
            floor=floor_levels,
            ceiling=ceiling_levels,
            metric=Metric(metric),
            gs_factor=float(gs_factor),
            weights=[float((weights or {}).get(n, 1.0)) for n in names] if weights else None,
            strategy=Strategy(strategy),
            time_budget=time_budget,
            seed=seed,
            progress=progress,
            person_key=person_key,
        )


# -- recipes --------------------------------------------------------------------------------------------------------

UNPARSEABLE_LIMIT = 0.01
"""Share of a QI's records that may be unparseable (cell-suppressed) before a recipe search refuses to run."""

_COUNT = "__tokumei_count"
_PERSON = "__tokumei_person"


def column_chain(
    recipe: Recipe, name: str, raw: pl.Series, counts: pl.Series | None = None
) -> tuple[pl.Series, pl.DataFrame, int, int, int]:
    """Level-0 labels (aligned with ``raw``; a missing or unparseable value is ``""``), the hierarchy table, the
    floor and ceiling levels and the (``counts``-weighted) number of unparseable values of one quasi-identifier.

    ``raw`` may be the column's distinct values; ``counts`` (aligned) then weighs the unparseable count.
    """
    from tokumei.engine.hierarchies import generalizer_for
    from tokumei.engine.hierarchies.arx import read_arx_hierarchy

    def weighed(mask: pl.Series) -> int:
        return int(mask.sum()) if counts is None else int(counts.filter(mask).sum())

    rule = recipe.columns[name]
    if rule.generalize == "hierarchy":
        # The whole file: ARX counts every row of it (METRIC.md §2). A value the file does not list is
        # cell-suppressed, as the hierarchy generalizer does for assess/anonymize.
        table = read_arx_hierarchy(recipe.hierarchy_path(name))
        raw = raw.cast(pl.String)
        if raw.str.contains(r"^\s|\s$").any():  # strip only when some value needs it
            raw = raw.str.strip_chars()
        known = raw.is_in(table.get_column(table.columns[0]).implode()).fill_null(False)
        bad = weighed(raw.is_not_null() & ~known)
        values = raw.rename(name) if bad == 0 else pl.select(pl.when(known).then(raw).alias(name)).to_series()
    else:
        generalizer = generalizer_for(rule)
        prepared = generalizer.prepare(raw)
        bad = weighed(prepared.unparseable)
        values = prepared.values.cast(pl.String).rename(name)
        table = generalizer.hierarchy_table(values, prepared=True)
    depth = table.width
    if values.null_count():
        # A missing value stays missing at every level: its own class, never merged into "*".
        table = pl.concat([table, pl.DataFrame({c: [""] for c in table.columns})], how="vertical")
        values = values.fill_null("")
    return values, table, rule.level_index(depth), depth - 1, bad


def recipe_chains(
    recipe: Recipe, frame: pl.DataFrame, counts: pl.Series | None = None
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame], dict[str, int], dict[str, int], dict[str, int]]:
    """Level-0 labels, hierarchy tables, floors, ceilings and unparseable counts for the recipe's QIs.

    ``frame`` may be the table of distinct combinations; ``counts`` (aligned) then weighs the unparseable counts.
    """
    columns: dict[str, pl.Series] = {}
    tables: dict[str, pl.DataFrame] = {}
    floor: dict[str, int] = {}
    ceiling: dict[str, int] = {}
    unparseable: dict[str, int] = {}
    for name in recipe.quasi_identifiers:
        values, tables[name], floor[name], ceiling[name], bad = column_chain(
            recipe, name, frame.get_column(name), counts
        )
        columns[name] = values
        if bad:
            unparseable[name] = bad
    return pl.DataFrame(columns), tables, floor, ceiling, unparseable


def cut_at_floor(
    raw: pl.Series, values: pl.Series, table: pl.DataFrame, floor: int
) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series]:
    """One quasi-identifier's chain cut at the ``floor`` level, for a search that never goes below it.

    Returns the ``raw value → code`` mapping (the code of the value's label at the floor), the cut hierarchy (one row
    per floor label; the levels below the floor repeat it, so level indexes stay those of the whole chain) and how
    many original values each of its rows stands for (:func:`search`'s ``leaf_counts``). The records then collapse
    to the combinations of their floor labels (a full address → its prefecture), and the hierarchy to the labels
    the search can reach, while Loss, Granularity and precision still count the original values."""
    columns = table.columns
    at_floor = columns[floor]
    cut = table.group_by(at_floor, maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("__w"), *[pl.col(c).first() for c in columns[floor + 1 :]]
    )
    weights = cut.get_column("__w")
    cut = cut.with_row_index("__code")
    per_value = table.select(pl.col(columns[0]).alias("__v"), pl.col(at_floor)).join(
        cut.select(at_floor, "__code"), on=at_floor, how="left"
    )
    mapping = (
        pl.DataFrame({"raw": raw.cast(pl.String), "__v": values})
        .join(per_value.select("__v", "__code").unique(subset=["__v"], keep="first"), on="__v", how="left")
        .select("raw", pl.col("__code").cast(pl.UInt32))
    )
    hierarchy = cut.select(*[pl.col(at_floor).alias(c) for c in columns[:floor]], *columns[floor:])
    return mapping, hierarchy, weights


_KEY = "__tokumei_key"
_LEAVES = "__tokumei_leaves"


def column_keys(recipe: Recipe, name: str) -> tuple[Keys, int, int] | None:
    """``(keys, floor, depth)`` of a quasi-identifier whose records can be reduced to keys inside the scan
    (:class:`~tokumei.engine.hierarchies.base.Keys`): when the recipe's level is at or above the key floor, none of
    the levels the search may choose needs the raw values themselves."""
    from tokumei.engine.hierarchies import generalizer_for

    rule = recipe.columns[name]
    if rule.generalize in (None, "hierarchy"):
        return None
    generalizer = generalizer_for(rule)
    floor = rule.level_index(generalizer.depth)
    keys = generalizer.keys_at(floor)
    return None if keys is None else (keys, floor, generalizer.depth)


def key_query(lazy: pl.LazyFrame, name: str, keys: Keys, categories: pl.Categories) -> pl.LazyFrame:
    """The scan that reduces one quasi-identifier to its keys (:func:`tokumei.engine.transforms.key_codes`); its
    result goes through :func:`_counted_keys` to ``_KEY`` (:data:`MISSING_KEY` for a missing value), ``_COUNT``
    and ``_LEAVES``, the distinct original values (level-0 labels) per key."""
    return key_codes(lazy, *_key_and_leaf(name, keys), categories)


def _key_and_leaf(name: str, keys: Keys) -> tuple[pl.Expr, pl.Expr]:
    """A record's key (:data:`MISSING_KEY` for a missing value) and its leaf, the level-0 label."""
    level0 = keys.level0(pl.col(name))
    return keys.key(level0).fill_null(MISSING_KEY), level0


def _counted_keys(counted: pl.DataFrame) -> pl.DataFrame:
    return counted.select(pl.col("key").alias(_KEY), pl.col("count").alias(_COUNT), pl.col("leaves").alias(_LEAVES))


def keyed_cut(
    keys: Keys, distinct: pl.DataFrame, floor: int, depth: int
) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series, int]:
    """:func:`cut_at_floor` for a column reduced to keys (:func:`key_query`): the ``key → code`` mapping, the cut
    hierarchy, the original values each of its rows stands for, and the records whose value does not parse. As in
    :func:`column_chain`, a missing or unparseable value is ``""`` at every level, one row standing for one
    value."""
    assert floor >= keys.floor
    columns = level_columns(depth)
    key = distinct.get_column(_KEY)
    chain, parsed = keys.chain(key)
    bad = int(distinct.get_column(_COUNT).filter((key != MISSING_KEY) & ~parsed).sum())
    frame = pl.DataFrame({columns[lv]: chain[lv - keys.floor].cast(pl.String) for lv in range(floor, depth)}).select(
        pl.when(parsed).then(pl.col(c)).otherwise(pl.lit("")).alias(c) for c in columns[floor:]
    )
    frame = frame.with_columns(
        key.alias("raw"), pl.when(parsed).then(distinct.get_column(_LEAVES)).otherwise(0).alias("__w")
    )
    at_floor = columns[floor]
    cut = (
        frame.group_by(at_floor)
        .agg(pl.col("__w").sum(), *[pl.col(c).first() for c in columns[floor + 1 :]])
        .with_columns(pl.when(pl.col(at_floor) == "").then(1).otherwise(pl.col("__w")).cast(pl.Int64).alias("__w"))
        .sort(pl.col(at_floor) == "", at_floor)
        .with_row_index("__code")
    )
    mapping = frame.join(cut.select(at_floor, "__code"), on=at_floor, how="left").select(
        "raw", pl.col("__code").cast(pl.UInt32)
    )
    hierarchy = cut.select(*[pl.col(at_floor).alias(c) for c in columns[:floor]], *columns[floor:])
    return mapping, hierarchy, cut.get_column("__w"), bad


def _distinct_values(
    lazy: pl.LazyFrame, qis: Sequence[str], keyed: Mapping[str, Keys], *, columnar: bool = False
) -> list[pl.DataFrame]:
    """Per quasi-identifier, its distinct values with their records (``_COUNT``), or for a keyed one its keys
    (:func:`key_query`). The plain columns are stacked (one ``unpivot`` per dtype) and counted by one streaming
    ``group_by``: one read of the file for all of them, where one query per column would parse a CSV once each.
    A ``columnar`` source (Parquet) reads a column without the others: there each column is counted in a scan of
    its own, one after the other (at 100M records 21 s and 1.5 GB, where the stacked scan took 24 s and 9 GB)."""
    if columnar:
        return [
            _counted_keys(count_keys(lazy, *_key_and_leaf(name, keyed[name])))
            if name in keyed
            else lazy.group_by(name).agg(pl.len().cast(pl.Int64).alias(_COUNT)).collect(engine="streaming")
            for name in qis
        ]
    var, val = "__tokumei_column", "__tokumei_value"
    schema = lazy.collect_schema()
    by_dtype: dict[pl.DataType, list[str]] = {}
    for name in qis:
        if name not in keyed:
            by_dtype.setdefault(schema[name], []).append(name)
    queries = [
        lazy.select(names)
        .unpivot(on=names, variable_name=var, value_name=val)
        .group_by(var, val)
        .agg(pl.len().cast(pl.Int64).alias(_COUNT))
        for names in by_dtype.values()
    ]
    # the keyed columns' scans run beside the stacked one (a CSV is parsed by each query anyway)
    keyed_names = [name for name in qis if name in keyed]
    categories = {name: pl.Categories.random() for name in keyed_names}
    queries += [key_query(lazy, name, keyed[name], categories[name]) for name in keyed_names]
    frames = pl.collect_all(queries, engine="streaming") if queries else []
    frames[len(by_dtype) :] = [
        _counted_keys(keys_counted(frame, categories[name]))
        for name, frame in zip(keyed_names, frames[len(by_dtype) :], strict=True)
    ]
    out: dict[str, pl.DataFrame] = {}
    for names, stacked in zip(by_dtype.values(), frames, strict=False):
        for name in names:
            out[name] = stacked.filter(pl.col(var) == name).select(pl.col(val).alias(name), _COUNT)
    for name, frame in zip(keyed_names, frames[len(by_dtype) :], strict=True):
        out[name] = frame
    return [out[name] for name in qis]


@dataclass
class _Resident:
    """The records read once and kept in memory as codes: for every quasi-identifier and sensitive column, each
    record's index among the column's distinct values (4 bytes per cell; the last index for a missing value), a
    keyed column's values reduced to their keys in that same scan. The records are then counted per combination
    of floor codes by lookups and one sort in numpy, where the two-scan path parses the file twice and codes by
    joins (10M-record benchmark: from the start of the scan to the counted table 14 s instead of 25 s)."""

    distincts: list[pl.DataFrame]
    """Per column, as :func:`_distinct_values` returns them."""
    values: dict[str, pl.Series]
    """Per column, the text of each index (null for an index no record holds)."""
    indexes: dict[str, npt.NDArray[np.uint32]]

    @classmethod
    def of(cls, lazy: pl.LazyFrame, columns: Sequence[str], keyed: Mapping[str, Keys]) -> _Resident:
        # a category set per column: indexes 0…d-1 in the order the scan meets the values
        categories = {name: pl.Categories.random() for name in columns}
        leaf = {name: f"__tokumei_leaf_{i}" for i, name in enumerate(keyed)}
        exprs: list[pl.Expr] = []
        for name in columns:
            if name in keyed:  # as key_query, in this scan
                code, digest = key_code_exprs(*_key_and_leaf(name, keyed[name]), categories[name])
                exprs += [code.alias(name), digest.alias(leaf[name])]
            else:
                exprs.append(pl.col(name).cast(pl.String).cast(pl.Categorical(categories[name])))
        coded = lazy.select(exprs).collect(engine="streaming")
        distincts: list[pl.DataFrame] = []
        values: dict[str, pl.Series] = {}
        indexes: dict[str, npt.NDArray[np.uint32]] = {}
        for name in columns:
            labels = categories[name].to_series()  # before the column goes: the set empties with it
            index = coded.drop_in_place(name).to_physical().fill_null(labels.len()).to_numpy()
            values[name], indexes[name] = labels, index
            if name in keyed:  # a key is never missing
                distincts.append(_counted_keys(codes_counted(index, labels, coded.drop_in_place(leaf[name]))))
                continue
            distinct = codes_counted(index, labels).select(pl.col("key").alias(name), pl.col("count").alias(_COUNT))
            missing = int(np.count_nonzero(index == labels.len()))
            if missing:
                distinct = distinct.vstack(pl.DataFrame({name: [None], _COUNT: [missing]}, schema=distinct.schema))
            distincts.append(distinct)
        return cls(distincts, values, indexes)

    def counted(self, codes: Mapping[str, pl.DataFrame], strides: Sequence[int]) -> pl.DataFrame:
        """The records counted per combination of their floor codes (``codes``: per column its ``raw → __code``
        table; ``strides``: per column its weight in the folded key), sorted by the combination (the lattice's
        class order), as the two-scan path counts them."""
        names = list(codes)
        key = np.zeros(next(iter(self.indexes.values())).shape[0], dtype=np.uint64)
        for name, stride in zip(names, strides, strict=True):
            table = codes[name]
            present = self.values[name]
            lut = np.full(present.len() + 1, -1, dtype=np.int64)
            known = (
                pl.DataFrame({"raw": present})
                .with_row_index("__i")
                .join(table.select(pl.col("raw").cast(pl.String), "__code").drop_nulls("raw"), on="raw", how="inner")
            )
            lut[known.get_column("__i").to_numpy()] = known.get_column("__code").to_numpy()
            missing = table.filter(pl.col("raw").is_null()).get_column("__code")
            if missing.len():
                lut[-1] = int(missing[0])
            per_record = lut[self.indexes.pop(name)]
            if per_record.size and int(per_record.min()) < 0:
                raise LatticeError(
                    LatticeErrorCode.VALUE_NOT_IN_HIERARCHY, f"column {name!r}: a value has no code at the floor"
                )
            key += per_record.astype(np.uint64) * np.uint64(stride)
            del per_record
        ordered = pl.Series(_KEY, key).sort().to_numpy()
        del key
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1]))) if ordered.size else ordered
        counts = np.diff(np.append(starts, ordered.shape[0])).astype(np.int64)
        return pl.DataFrame({_KEY: ordered[starts], _COUNT: counts})


def run_search_recipe(
    frame: pl.DataFrame | pl.LazyFrame,
    recipe: Recipe,
    *,
    k: int | None,
    l: int | None,  # noqa: E741 - the name of the model
    max_suppression: float | None,
    metric: Metric | Literal["loss", "discernibility", "precision"],
    time_budget: float | None,
    strategy: Strategy | Literal["auto", "exact", "heuristic"] = "auto",
    progress: Callable[[str], None] | None = None,
    header: Sequence[str] | None = None,
    combinations_first: bool | None = None,
    columnar: bool = False,
    resident_codes: bool = False,
    blanks_grouped: bool = False,
) -> tuple[SearchResult, Recipe | None]:
    """:func:`search_recipe` with the CLI's extra knobs: the lattice ``strategy``, ``progress`` messages, the
    file's full ``header`` (checked against the recipe when ``frame`` holds only the needed columns), and how the
    records are first reduced: ``combinations_first`` groups them by their raw combinations in one scan (best when
    there are far fewer combinations than records, as in most files that fit in memory); otherwise each
    quasi-identifier's distinct values are read in one scan and the records counted by floor codes in a second
    (memory follows the distinct values, not the combinations: files larger than memory, near-unique columns).
    Default: combinations first for an in-memory frame, per column for a lazy one. Both give the same answer.
    ``columnar``: the lazy frame scans a columnar file (Parquet), so each column's distinct values are read in a
    scan of their own (:func:`_distinct_values`). ``resident_codes``: the per-column path reads the records once
    and holds a 4-byte code per cell in memory (:class:`_Resident`), for a file whose codes fit in memory; an
    in-memory frame always does (without a person key, which needs the two scans). ``blanks_grouped``: ``frame``
    holds the file's cells as they are (:func:`~tokumei.engine.io.scan_table` with ``raw``) and blank cells become
    null after grouping by combinations first (which it requires, without a person key)."""
    from tokumei.engine.errors import ErrorCode, Problem, RecipeError, UnparseableValuesError
    from tokumei.engine.hierarchies.chains import level_alias
    from tokumei.engine.text import blank_to_null

    privacy = recipe.privacy
    target_k = k if k is not None else privacy.k
    target_l = l if l is not None else privacy.l
    budget = max_suppression if max_suppression is not None else privacy.max_suppression
    sensitive = (
        [c for c in recipe.sensitive_columns if c not in recipe.quasi_identifiers] if target_l is not None else []
    )
    person = recipe.person_key
    lazy = frame.lazy()
    recipe.check(list(header) if header is not None else list(lazy.collect_schema()))
    if not recipe.quasi_identifiers:
        raise RecipeError(
            ErrorCode.RECIPE_INVALID,
            "レシピに準識別子がありません。",
            "the recipe names no quasi-identifier.",
        )
    # Only the columns the search needs, reduced at once to their distinct combinations with counts (and persons):
    # every later step (parsing, hierarchy lookups, coding) works on that table, not on the records.
    if person is not None:
        # a null person key is one person per record (privacy.frequency_table): give it a key of its own
        lazy = lazy.with_row_index("__tokumei_row").with_columns(
            pl.coalesce(
                pl.col(person).cast(pl.String), pl.lit("\x00row:") + pl.col("__tokumei_row").cast(pl.String)
            ).alias(_PERSON)
        )
    # Each quasi-identifier alone first: its distinct values with counts (one streaming pass), parsed and placed in
    # its chain there, and coded by their label at the floor; the records are then counted per combination of
    # those codes (one more streaming pass), which is what the lattice works on.
    tables: dict[str, pl.DataFrame] = {}
    floor: dict[str, int] = {}
    ceiling: dict[str, int] = {}
    unparseable: dict[str, int] = {}
    codes: dict[str, tuple[pl.Expr, pl.DataFrame]] = {}  # per column: what is looked up, and its raw → code table
    leaf_counts: dict[str, pl.Series] = {}
    rows = 0
    qis = recipe.quasi_identifiers
    extra = [*sensitive, *([_PERSON] if person is not None else [])]
    if combinations_first is None:
        combinations_first = isinstance(frame, pl.DataFrame)
    if blanks_grouped and (not combinations_first or person is not None):
        raise ValueError("blanks_grouped needs combinations_first and no person key")
    keyed: dict[str, Keys] = {}
    resident: _Resident | None = None  # the records held as codes
    reducible: dict[str, tuple[Keys, int, int]] = {}
    if combinations_first:
        source = lazy.group_by([*qis, *extra]).agg(pl.len().cast(pl.Int64).alias(_COUNT)).collect(engine="streaming")
        if blanks_grouped:
            # blank → null on the distinct combinations (far fewer cells than records); blanks that differ only
            # in their whitespace are one missing value, so their combinations are merged
            grouped = [*qis, *sensitive]
            source = (
                source.with_columns(blank_to_null(source.select(grouped)))
                .group_by([*qis, *extra])
                .agg(pl.col(_COUNT).sum())
            )
        distincts = [source.group_by(name).agg(pl.col(_COUNT).sum()) for name in [*qis, *sensitive]]
        lazy, tally = source.lazy(), pl.col(_COUNT).sum()
    else:
        # a column whose floor labels depend on a key of its values (an address's head) is reduced to its keys in
        # the scan: a near-unique column (street addresses) never has its distinct values held
        reducible = {name: found for name in qis if (found := column_keys(recipe, name)) is not None}
        keyed = {name: found[0] for name, found in reducible.items()}
        if (resident_codes or isinstance(frame, pl.DataFrame)) and person is None:
            # the records read once and held as codes (no file to parse twice)
            resident = _Resident.of(lazy, [*qis, *sensitive], keyed)
            distincts = resident.distincts
        else:
            distincts = _distinct_values(lazy, [*qis, *sensitive], keyed, columnar=columnar)
        tally = pl.len()
    radix: dict[str, int] = {}
    for name, distinct in zip(sensitive, distincts[len(qis) :], strict=True):
        # a sensitive column is coded in the scan too (l counts distinct codes, not strings)
        radix[name] = distinct.height
        mapping = distinct.select(pl.col(name).alias("raw")).with_row_index("__code")
        codes[name] = (pl.col(name), mapping.with_columns(pl.col("__code").cast(pl.UInt32)))
    for name, distinct in zip(qis, distincts, strict=False):
        per = distinct.get_column(_COUNT)
        rows = int(per.sum()) if distinct.height else 0
        if name in keyed:
            keys, floor[name], depth = reducible[name]
            ceiling[name] = depth - 1
            mapping, tables[name], leaf_counts[name], bad = keyed_cut(keys, distinct, floor[name], depth)
            codes[name] = (keys.source(pl.col(name)), mapping)
        else:
            raw = distinct.get_column(name)
            values, whole, floor[name], ceiling[name], bad = column_chain(recipe, name, raw, per)
            mapping, tables[name], leaf_counts[name] = cut_at_floor(raw, values, whole, floor[name])
            codes[name] = (pl.col(name), mapping)
        if bad:
            unparseable[name] = bad
        radix[name] = tables[name].height
    over = {n: c for n, c in unparseable.items() if c > UNPARSEABLE_LIMIT * max(rows, 1)}
    if over:
        raise UnparseableValuesError(
            ErrorCode.UNPARSEABLE_VALUES,
            "解釈できない値が多すぎるため探索を中止しました（列の 1 % 超）。値か階層を直してください。",
            "too many unparseable values (over 1 % of a column); fix the values or the hierarchy.",
            [
                Problem(
                    ErrorCode.UNPARSEABLE_VALUES,
                    f"column {n}",
                    f"列「{n}」の {c} 件の値を解釈できません（1 % を超えています）。",
                    f"column {n!r}: {c} values cannot be parsed (over 1 %).",
                    received=c,
                    allowed=f"<= {UNPARSEABLE_LIMIT:.0%} of the column",
                )
                for n, c in over.items()
            ],
        )
    coded = [*qis, *sensitive]
    carried = [pl.col(_PERSON)] if person is not None else []
    carried += [pl.col(_COUNT)] if combinations_first else []
    shape = [radix[n] for n in coded]
    # the codes come from left joins with the small code tables (the streaming engine runs a join chunk by chunk;
    # ``replace_strict`` would gather every column of a file larger than memory first)
    sources = [f"__tokumei_source_{i}" for i in range(len(coded))]
    frame = lazy.select(*[codes[n][0].alias(src) for n, src in zip(coded, sources, strict=True)], *carried)
    for n, src in zip(coded, sources, strict=True):
        frame = joined_lookup(frame, src, codes[n][1], "__code", n).drop(src)
    foldable = all(radix.values()) and math.prod(radix.values()) < 2**63
    table: pl.DataFrame | None = None  # the combinations counted by their folded key
    if resident is not None and foldable:
        table = resident.counted({n: codes[n][1] for n in coded}, fold_strides(shape))
        del resident
    elif person is None and foldable:
        # the codes of a record folded into one integer: one 64-bit key to group by, unfolded afterwards (a value
        # missing from its table — the file changed between the two reads — leaves the key null; encode_frame
        # refuses it)
        table = (
            frame.select(folded([pl.col(n) for n in coded], shape).alias(_KEY), *carried)
            .group_by(_KEY)
            .agg(tally.cast(pl.Int64).alias(_COUNT))
            .collect(engine="streaming")
            .sort(_KEY)  # in class order: the lattice's floor grouping is then the table itself
        )
    if table is not None:
        # unfolded as 4-byte codes (the lattice widens them one column at a time, dropping each from the frame)
        counted = table.select(*[unfolded(pl.col(_KEY), shape, i).alias(n) for i, n in enumerate(coded)], _COUNT)
        del table
    else:
        counted = (
            frame.group_by([*coded, *([_PERSON] if person is not None else [])])
            .agg(tally.cast(pl.Int64).alias(_COUNT))
            .collect(engine="streaming")
        )
    if progress is not None:
        progress(f"{rows} rows, {len(tables)} quasi-identifiers, {counted.height} combinations")
    result = search(
        counted,
        tables,
        k=target_k,
        max_suppression=budget,
        l=target_l,
        sensitive=sensitive or None,
        floor=floor,
        ceiling=ceiling,
        count_column=_COUNT,
        person_key=_PERSON if person is not None else None,
        metric=metric,
        strategy=strategy,
        time_budget=time_budget,
        progress=progress,
        leaf_counts={n: c.to_list() for n, c in leaf_counts.items()},
        coded=True,
    )
    names: dict[str, str | int] = {}
    chosen: Recipe | None = None
    if result.levels is not None:
        for name, idx in result.levels.items():
            names[name] = level_alias(recipe.columns[name].chain_kind or "value", idx)
        chosen = recipe.with_levels(result.levels)
    import dataclasses

    result = dataclasses.replace(result, level_names=names, unparseable=unparseable, person_key=person)
    return result, chosen


def search_recipe(
    frame: pl.DataFrame | pl.LazyFrame,
    recipe: Recipe,
    *,
    k: int | None = None,
    l: int | None = None,  # noqa: E741 - the name of the model
    max_suppression: float | None = None,
    metric: Literal["loss", "discernibility", "precision"] | Metric = "loss",
    time_budget: float | None = None,
) -> tuple[SearchResult, Recipe | None]:
    """The least coarsening of ``recipe`` that meets its targets on ``frame``: the result and the chosen recipe.

    The recipe's levels are the floor; each quasi-identifier's level chain is searched upwards (ARX's Loss by
    default). ``k``, ``l`` and ``max_suppression`` override the recipe's privacy targets. With a ``person_key``
    in the recipe, k counts distinct persons per class, as ``assess`` does. ``frame`` holds the records as text
    columns (as :func:`tokumei.engine.io.read_table` returns them; a lazy frame is reduced with the streaming
    engine); only the recipe's quasi-identifiers, sensitive columns (when l applies) and person key are read.

    Returns:
        ``(result, chosen)``: ``chosen`` is ``recipe`` with the chosen levels (same aliases), or ``None`` when no
        coarsening within the chains meets the targets — ``result.blockers`` then say which QI blocks and by how
        much.

    Raises:
        RecipeError: the frame lacks a column the recipe names, or the recipe has no quasi-identifier.
        UnparseableValuesError: over 1 % of a quasi-identifier's values cannot be parsed.
        SearchParameterError: invalid targets.
        LatticeError: a hierarchy is not a chain, or a value is missing from an ARX hierarchy.

    """
    return run_search_recipe(
        frame, recipe, k=k, l=l, max_suppression=max_suppression, metric=metric, time_budget=time_budget
    )

"""Integer-coded frequency tables and node evaluation for the generalization lattice (internal).

The search never touches records again after one pass: the input is reduced to the table of distinct
quasi-identifier combinations (plus the sensitive values l-diversity needs) with their counts, every value
coded as the row index of its hierarchy. A *node* assigns one level per quasi-identifier; evaluating it groups
that table by the generalized codes. Coarser nodes are rolled up from the smallest cached finer node — a node's
cells are a partition refinement of every coarser node's — so most groupings run on a few hundred rows.

Everything here works on numpy arrays; polars is used only for the one pass that builds the coded table.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Levels = tuple[int, ...]

_INT64_SAFE = 1 << 62
_CACHE_CELL_BUDGET = 6_000_000  # cells kept for roll-up (x (columns + 1) x 8 bytes)


class LatticeErrorCode(enum.StrEnum):
    """Stable codes for problems found while preparing the data and hierarchies for a search."""

    NO_QUASI_IDENTIFIERS = "search_no_quasi_identifiers"
    MISSING_COLUMN = "search_missing_column"
    VALUE_NOT_IN_HIERARCHY = "search_value_not_in_hierarchy"
    HIERARCHY_NOT_MONOTONIC = "search_hierarchy_not_monotonic"
    HIERARCHY_EMPTY = "search_hierarchy_empty"
    HIERARCHY_DUPLICATE_VALUE = "search_hierarchy_duplicate_value"
    BAD_COUNT_COLUMN = "search_bad_count_column"
    BAD_PERSON_COLUMN = "search_bad_person_column"


class LatticeError(ValueError):
    """The data or a hierarchy cannot be searched; ``code`` names the rule, the message what to do."""

    def __init__(self, code: LatticeErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class PreparedHierarchy:
    """One quasi-identifier's level chain as integer arrays.

    Attributes:
        name: the column name.
        domain: D_j, the number of original values (hierarchy rows, or the sum of their weights; values that do
            not occur in the data count too).
        labels: per level, the distinct label strings; a label's code is its index.
        row_codes: per level, hierarchy row -> label code at that level.
        leaves: per level, label code -> number of hierarchy rows it covers.
        up: ``up[a][b]`` maps a label code at level ``a`` to its label code at level ``b >= a``.
    """

    name: str
    domain: int
    labels: tuple[tuple[str, ...], ...]
    row_codes: tuple[IntArray, ...]
    leaves: tuple[IntArray, ...]
    up: tuple[tuple[IntArray, ...], ...]

    @property
    def rows(self) -> int:
        """Number of hierarchy rows (``domain`` unless the rows carry weights)."""
        return int(self.row_codes[0].shape[0])

    @property
    def height(self) -> int:
        """Number of levels (level 0 = original, ``height - 1`` = root)."""
        return len(self.labels)

    def radix(self, level: int) -> int:
        """Number of distinct labels at ``level``."""
        return len(self.labels[level])


def prepare_hierarchy(name: str, table: pl.DataFrame, weights: IntArray | None = None) -> PreparedHierarchy:
    """Turn a hierarchy table (column i = label at level i) into integer arrays.

    A root level ``*`` is appended when the last column holds several labels (as ARX does). The chain must be
    functional: every label at level ``l`` generalizes to exactly one label at level ``l + 1``.

    ``weights`` (one per row) says how many original values a row stands for — a table cut at a floor level has
    one row per label there, standing for the values under it — so that the domain and the leaves a label covers
    (Loss, Granularity, precision) are those of the whole hierarchy. Default: one per row.

    Raises:
        LatticeError: empty table, duplicate original values, or a label with two parents.
    """
    if table.height == 0 or table.width == 0:
        raise LatticeError(
            LatticeErrorCode.HIERARCHY_EMPTY,
            f"The hierarchy of {name!r} is empty. Give one row per original value and one column per level.",
        )
    text = table.select(pl.all().cast(pl.String).fill_null(""))
    columns: list[list[str]] = [text.get_column(c).to_list() for c in text.columns]
    if len(set(columns[0])) != len(columns[0]):
        dup = sorted(value for value, count in Counter(columns[0]).items() if count > 1)
        raise LatticeError(
            LatticeErrorCode.HIERARCHY_DUPLICATE_VALUE,
            f"The hierarchy of {name!r} lists the original value(s) {dup[:5]} more than once. "
            "Keep one row per original value.",
        )
    if len(set(columns[-1])) > 1:
        columns.append(["*"] * len(columns[0]))
    labels: list[tuple[str, ...]] = []
    row_codes: list[IntArray] = []
    leaves: list[IntArray] = []
    for col in columns:
        index: dict[str, int] = {}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in col), dtype=np.int64, count=len(col))
        labels.append(tuple(index))
        row_codes.append(codes)
        leaves.append(np.bincount(codes, weights=weights, minlength=len(index)).astype(np.int64, copy=False))
    for lvl in range(len(columns) - 1):
        parent = np.full(len(labels[lvl]), -1, dtype=np.int64)
        parent[row_codes[lvl]] = row_codes[lvl + 1]
        clash = parent[row_codes[lvl]] != row_codes[lvl + 1]
        if clash.any():
            row = int(np.flatnonzero(clash)[0])
            raise LatticeError(
                LatticeErrorCode.HIERARCHY_NOT_MONOTONIC,
                f"The hierarchy of {name!r} is not a chain: label {columns[lvl][row]!r} at level {lvl} "
                f"generalizes to more than one label at level {lvl + 1} (one of them {columns[lvl + 1][row]!r}). "
                "Give every label exactly one parent.",
            )
    up: list[tuple[IntArray, ...]] = []
    for a in range(len(columns)):
        maps: list[IntArray] = []
        for b in range(len(columns)):
            if b < a:
                maps.append(np.empty(0, dtype=np.int64))
                continue
            m = np.zeros(len(labels[a]), dtype=np.int64)
            m[row_codes[a]] = row_codes[b]
            maps.append(m)
        up.append(tuple(maps))
    return PreparedHierarchy(
        name=name,
        domain=len(columns[0]) if weights is None else int(np.asarray(weights).sum()),
        labels=tuple(labels),
        row_codes=tuple(row_codes),
        leaves=tuple(leaves),
        up=tuple(up),
    )


@dataclass(frozen=True)
class CodedTable:
    """The distinct (quasi-identifier, sensitive) combinations of the input with their counts.

    ``qi_codes[j]`` holds hierarchy row indexes of QI j (level 0); ``sensitive_codes[s]`` dense codes of
    sensitive column s; ``counts`` the number of records of each combination.

    With a person key (several records per person), k counts distinct persons per class
    (:mod:`tokumei.engine.privacy`): either ``subjects`` holds the persons of each row, additive because every
    person occurs in exactly one row, or ``person_codes`` splits the rows by person (dense codes, ``person_radix``
    of them) so that distinct persons can be counted per class at any node.
    """

    qi_codes: tuple[IntArray, ...]
    sensitive_codes: tuple[IntArray, ...]
    sensitive_radix: tuple[int, ...]
    counts: IntArray
    subjects: IntArray | None = None
    person_codes: IntArray | None = None
    person_radix: int = 0
    sorted_distinct: bool = False
    """The rows are distinct and in the order of their (QI codes, sensitive codes): the grouping at a floor whose
    labels are the rows themselves needs no sort (a recipe search delivers its table so)."""

    @property
    def records(self) -> int:
        """N, the number of input records."""
        return int(self.counts.sum())


def encode_frame(
    frame: pl.DataFrame | pl.LazyFrame,
    hierarchies: Sequence[PreparedHierarchy],
    sensitive: Sequence[str] = (),
    count_column: str | None = None,
    person_key: str | None = None,
    *,
    coded: bool = False,
) -> CodedTable:
    """Build the coded frequency table in one pass (lazy frames are collected with the streaming engine).

    ``person_key`` names the column identifying persons (k then counts distinct persons per class; a null key is
    one person per record, as in :func:`tokumei.engine.privacy.frequency_table`). With ``count_column`` a row
    stands for several records of the same person, so the key must not be null there.

    ``coded``: the QI columns already hold hierarchy row indexes (level 0) and the rows are already distinct
    combinations with their ``count_column`` (a recipe search codes the records inside its scan), so nothing is
    grouped or looked up again; an eager frame without a person key is consumed (its columns are moved into the
    table, which is then never held twice).

    Raises:
        LatticeError: a column is missing, a value is not in its hierarchy, or the count or person column is
            invalid.
    """
    lazy = frame.lazy()
    schema = lazy.collect_schema()
    needed = [h.name for h in hierarchies] + list(sensitive) + ([count_column] if count_column else [])
    needed += [person_key] if person_key else []
    missing = [c for c in needed if c not in schema]
    if missing:
        raise LatticeError(
            LatticeErrorCode.MISSING_COLUMN,
            f"The data has no column(s) {missing}; it has {list(schema)[:20]}. Name existing columns.",
        )
    exprs: list[pl.Expr] = [
        (pl.col(h.name).cast(pl.Int64).fill_null(-1) if coded else pl.col(h.name).cast(pl.String).fill_null("")).alias(
            f"__q{j}"
        )
        for j, h in enumerate(hierarchies)
    ]
    exprs.extend(
        (pl.col(s) if coded and schema[s].is_integer() else pl.col(s).cast(pl.String).fill_null("\x00")).alias(
            f"__s{i}"
        )
        for i, s in enumerate(sensitive)
    )
    keys = [f"__q{j}" for j in range(len(hierarchies))] + [f"__s{i}" for i in range(len(sensitive))]
    if person_key is not None:
        if count_column is not None:
            nulls = lazy.select(pl.col(person_key).is_null().sum()).collect().item()
            if nulls:
                raise LatticeError(
                    LatticeErrorCode.BAD_PERSON_COLUMN,
                    f"The person column {person_key!r} has {nulls} null value(s) in a table of counts. "
                    "Give every row a person (or pass the records instead of counts).",
                )
            person = pl.col(person_key).cast(pl.String)
        else:
            lazy = lazy.with_row_index("__row")
            person = pl.coalesce(
                pl.col(person_key).cast(pl.String), pl.lit("\x00row:") + pl.col("__row").cast(pl.String)
            )
        exprs.append(person.alias("__p"))
        keys.append("__p")
    if count_column is not None:
        if not schema[count_column].is_integer():
            raise LatticeError(
                LatticeErrorCode.BAD_COUNT_COLUMN,
                f"The count column {count_column!r} has type {schema[count_column]}; it must hold integers.",
            )
        exprs.append(pl.col(count_column).cast(pl.Int64).alias("__n"))
        agg = pl.col("__n").sum()
    else:
        agg = pl.len().cast(pl.Int64)
    if coded:
        if count_column is None:
            raise LatticeError(LatticeErrorCode.BAD_COUNT_COLUMN, "A coded table needs its count column.")
        if person_key is None and isinstance(frame, pl.DataFrame):
            return _take_coded(frame, hierarchies, sensitive, count_column)
        dist = lazy.select(exprs).collect()
        bad = dist.select(
            ((pl.col(f"__q{j}") < 0) | (pl.col(f"__q{j}") >= h.rows)).any() for j, h in enumerate(hierarchies)
        ).row(0)
        for j, h in enumerate(hierarchies):
            if bad[j]:
                raise _outside(h.name, h.rows)
    else:
        # Group the raw strings first (one pass over the records), then code the much smaller distinct table.
        raw = lazy.select(exprs).group_by(keys).agg(agg.alias("__n")).collect(engine="streaming")
        dist = raw.with_columns(
            pl.col(f"__q{j}").replace_strict(
                list(h.labels[0][c] for c in h.row_codes[0].tolist()),
                list(range(h.rows)),
                default=-1,
                return_dtype=pl.Int64,
            )
            for j, h in enumerate(hierarchies)
        )
        unknown = dist.select((pl.col(f"__q{j}") < 0).any() for j in range(len(hierarchies))).row(0)
        for j, h in enumerate(hierarchies):
            if unknown[j]:
                values = sorted(set(raw.get_column(f"__q{j}").filter(dist.get_column(f"__q{j}") < 0).to_list()))
                raise LatticeError(
                    LatticeErrorCode.VALUE_NOT_IN_HIERARCHY,
                    f"Column {h.name!r} has {len(values)} value(s) missing from its hierarchy, e.g. {values[:5]}. "
                    "Add a row for each value to the hierarchy.",
                )
    if count_column is not None and dist.height and int(dist.get_column("__n").min()) <= 0:  # type: ignore[arg-type]
        raise LatticeError(
            LatticeErrorCode.BAD_COUNT_COLUMN,
            f"The count column {count_column!r} must be positive in every row.",
        )
    subjects: IntArray | None = None
    person_codes: IntArray | None = None
    person_radix = 0
    if person_key is not None:
        persons = dist.get_column("__p")
        if persons.n_unique() == dist.height:
            # every person lies in one row: persons add up, and the rows need not be split by person
            rest = [c for c in keys if c != "__p"]
            dist = dist.group_by(rest).agg(pl.col("__n").sum(), pl.len().cast(pl.Int64).alias("__subjects"))
            if bool((dist.get_column("__subjects") != dist.get_column("__n")).any()):
                subjects = dist.get_column("__subjects").to_numpy().astype(np.int64, copy=False)
        else:
            person_codes = persons.rank("dense").to_numpy().astype(np.int64, copy=False) - 1
            person_radix = int(person_codes.max()) + 1
    qi_codes = tuple(
        dist.get_column(f"__q{j}").to_numpy().astype(np.int64, copy=False) for j in range(len(hierarchies))
    )
    s_codes: list[IntArray] = []
    s_radix: list[int] = []
    for i in range(len(sensitive)):
        col = dist.get_column(f"__s{i}")
        if coded and col.dtype.is_integer():  # codes already (a value per code; l counts distinct codes)
            dense = col.to_numpy().astype(np.int64, copy=False)
            s_codes.append(dense)
            s_radix.append(int(dense.max()) + 1 if dense.size else 1)
            continue
        dense = col.rank("dense").to_numpy().astype(np.int64, copy=False) - 1
        s_codes.append(dense)
        s_radix.append(int(dense.max()) + 1 if dense.size else 1)
    sorted_distinct = coded and person_codes is None and _sorted_distinct(qi_codes, s_codes, hierarchies, s_radix)
    return CodedTable(
        qi_codes=qi_codes,
        sensitive_codes=tuple(s_codes),
        sensitive_radix=tuple(s_radix),
        counts=dist.get_column("__n").to_numpy().astype(np.int64, copy=False),
        subjects=subjects,
        person_codes=person_codes,
        person_radix=person_radix,
        sorted_distinct=sorted_distinct,
    )


def _sorted_distinct(
    qi_codes: Sequence[IntArray],
    s_codes: Sequence[IntArray],
    hierarchies: Sequence[PreparedHierarchy],
    s_radix: Sequence[int],
) -> bool:
    """Whether the rows are distinct and in the order of their (QI codes, sensitive codes):
    :attr:`CodedTable.sorted_distinct`."""
    n = qi_codes[0].shape[0] if qi_codes else 0
    if n < 2:
        return False
    key, _ = _combine([*qi_codes, *s_codes], [h.rows for h in hierarchies] + list(s_radix), n)
    return bool(np.all(key[1:] > key[:-1]))


def _outside(name: str, rows: int) -> LatticeError:
    return LatticeError(
        LatticeErrorCode.VALUE_NOT_IN_HIERARCHY,
        f"Column {name!r} holds codes outside its hierarchy of {rows} rows (the input changed between two reads?). "
        "Run again on a file that is not being written.",
    )


def _take_coded(
    frame: pl.DataFrame, hierarchies: Sequence[PreparedHierarchy], sensitive: Sequence[str], count_column: str
) -> CodedTable:
    """:func:`encode_frame` of a coded frame without a person key: each column is moved out of ``frame`` (which is
    left without them) into its numpy array, so that the table of 30M combinations is never held twice."""
    qi_codes: list[IntArray] = []
    for h in hierarchies:
        col = frame.drop_in_place(h.name)
        if col.null_count() or (col.len() and (int(col.min()) < 0 or int(col.max()) >= h.rows)):  # type: ignore[arg-type]
            raise _outside(h.name, h.rows)
        qi_codes.append(col.to_numpy().astype(np.int64, copy=False))
        del col
    s_codes: list[IntArray] = []
    s_radix: list[int] = []
    for name in sensitive:
        col = frame.drop_in_place(name)
        if col.dtype.is_integer() and not col.null_count():
            dense = col.to_numpy().astype(np.int64, copy=False)
        else:
            dense = col.cast(pl.String).fill_null("\x00").rank("dense").to_numpy().astype(np.int64, copy=False) - 1
        s_codes.append(dense)
        s_radix.append(int(dense.max()) + 1 if dense.size else 1)
    counts = frame.drop_in_place(count_column).to_numpy().astype(np.int64, copy=False)
    if counts.size and int(counts.min()) <= 0:
        raise LatticeError(
            LatticeErrorCode.BAD_COUNT_COLUMN,
            f"The count column {count_column!r} must be positive in every row.",
        )
    sorted_distinct = _sorted_distinct(qi_codes, s_codes, hierarchies, s_radix)
    return CodedTable(
        qi_codes=tuple(qi_codes),
        sensitive_codes=tuple(s_codes),
        sensitive_radix=tuple(s_radix),
        counts=counts,
        sorted_distinct=sorted_distinct,
    )


@dataclass
class Cells:
    """A node's grouping: one row per distinct (generalized QI labels, sensitive values) combination.

    ``codes`` holds the QI label codes (at ``levels``) then the sensitive codes; rows are sorted by class, and
    ``class_starts`` gives the first row of each equivalence class.
    """

    levels: Levels
    codes: tuple[IntArray, ...]
    counts: IntArray
    class_starts: IntArray
    subjects: IntArray | None = None
    """Additive persons per cell (``CodedTable.subjects``), or None."""

    @property
    def size(self) -> int:
        """Number of rows (cells)."""
        return int(self.counts.shape[0])


@dataclass(frozen=True)
class NodeStats:
    """What one evaluation of a node yields.

    Attributes:
        levels: the node.
        suppressed: N_s, records in classes that fail k (or l).
        anonymous: ``suppressed <= budget``.
        classes: number of equivalence classes kept.
        kept_leaves: per QI, the sum over kept records of the leaves their label covers (Loss metric; only
            computed for anonymous nodes, empty otherwise).
        kept_square_sum: sum over kept classes of |E|^2 (for discernibility).
        square_sum: sum over all classes of |E|^2 (a monotone bound for discernibility).
    """

    levels: Levels
    suppressed: int
    anonymous: bool
    classes: int
    kept_leaves: tuple[int, ...]
    kept_square_sum: int
    square_sum: int


@dataclass
class Evaluator:
    """Evaluates nodes of the lattice above ``floor`` by rolling up cached finer groupings.

    Args:
        hierarchies: the prepared chains, in QI order.
        table: the coded frequency table.
        k: the k of k-anonymity (classes smaller than k are suppressed).
        l: distinct l-diversity per sensitive column (classes with fewer distinct values are suppressed).
        budget: the absolute suppression limit S.
        floor: the lowest level per QI the search may use.
    """

    hierarchies: Sequence[PreparedHierarchy]
    table: CodedTable
    k: int
    l: int | None  # noqa: E741 - the name of the model
    budget: int
    floor: Levels
    evaluations: int = 0
    _cache: dict[Levels, Cells] = field(default_factory=dict)
    _cache_levels: list[Levels] = field(default_factory=list)
    _cache_matrix: IntArray = field(default_factory=lambda: np.empty((0, 0), dtype=np.int64))
    _cache_sizes: IntArray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    _cached_cells: int = 0
    _base: Cells | None = None

    def __post_init__(self) -> None:
        """Group the coded table at the floor once; every evaluation rolls up from there or finer caches."""
        m = len(self.hierarchies)
        identity = [
            bool(np.array_equal(h.row_codes[self.floor[j]], np.arange(h.rows))) for j, h in enumerate(self.hierarchies)
        ]
        codes = [
            self.table.qi_codes[j] if identity[j] else h.row_codes[self.floor[j]][self.table.qi_codes[j]]
            for j, h in enumerate(self.hierarchies)
        ]
        codes.extend(self.table.sensitive_codes)
        if self.table.person_codes is not None:
            codes.append(self.table.person_codes)
        if self.table.sorted_distinct and all(identity):
            # the rows are the floor's cells already, in class order: no grouping needed
            n = self.table.counts.shape[0]
            if self.table.sensitive_codes:
                key, _ = _combine(codes[:m], self._radices(self.floor)[:m], n)
                class_starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
                del key
            else:
                class_starts = np.arange(n, dtype=np.int64)
            self._base = Cells(self.floor, tuple(codes), self.table.counts, class_starts, self.table.subjects)
        else:
            self._base = self._group(self.floor, codes, self.table.counts, self.table.subjects)
        self._cache_matrix = np.empty((64, m), dtype=np.int64)
        self._cache_sizes = np.empty(64, dtype=np.int64)
        self._remember(self._base)

    @property
    def base(self) -> Cells:
        """The grouping at the floor node."""
        assert self._base is not None
        return self._base

    def _radices(self, levels: Levels) -> list[int]:
        radices = [h.radix(levels[j]) for j, h in enumerate(self.hierarchies)]
        extra = [self.table.person_radix] if self.table.person_codes is not None else []
        return radices + list(self.table.sensitive_radix) + extra

    def _group(
        self,
        levels: Levels,
        codes: Sequence[IntArray],
        counts: IntArray,
        subjects: IntArray | None = None,
        maps: Sequence[IntArray | None] | None = None,
    ) -> Cells:
        """Group rows by their codes at ``levels``. ``maps`` (per QI, or None) take ``codes`` up to the node's
        level: a rolled-up column is made one at a time while the key is built, and only for the grouped rows
        afterwards, never all at once for every row (at 30M rows that is 2 GB less)."""
        m = len(self.hierarchies)
        radices = self._radices(levels)
        n = counts.shape[0]
        up = list(maps) if maps is not None else [None] * m
        key, span = _combine(
            (col if mp is None else mp[col] for col, mp in zip(codes[:m], up, strict=True)), radices[:m], n
        )
        sens_span = 1
        if len(codes) > m:
            sens_key, sens_span = _combine(codes[m:], radices[m:], n)
            if span * sens_span >= _INT64_SAFE:
                uniq, key = np.unique(key, return_inverse=True)
                span = int(uniq.shape[0])
            key = key * sens_span + sens_key
            span *= sens_span
        new_subjects: IntArray | None = None
        if span <= 4 * n + 4096:
            total = np.bincount(key, weights=counts, minlength=span)
            present = np.flatnonzero(total)
            rep = np.empty(span, dtype=np.int64)
            rep[key] = np.arange(n, dtype=np.int64)
            rows = rep[present]
            new_counts = total[present].astype(np.int64, copy=False)
            ukey = present
            if subjects is not None:
                new_subjects = np.bincount(key, weights=subjects, minlength=span)[present].astype(np.int64, copy=False)
        else:
            order = np.argsort(key)
            skey = key[order]
            starts = np.flatnonzero(np.concatenate(([True], skey[1:] != skey[:-1])))
            rows = order[starts]
            new_counts = np.add.reduceat(counts[order], starts)
            ukey = skey[starts]
            if subjects is not None:
                new_subjects = np.add.reduceat(subjects[order], starts)
        new_codes = tuple(
            col[rows] if j >= m or up[j] is None else up[j][col[rows]]  # type: ignore[index]
            for j, col in enumerate(codes)
        )
        if len(codes) > m:
            ckey = ukey // sens_span
            class_starts = np.flatnonzero(np.concatenate(([True], ckey[1:] != ckey[:-1])))
        else:
            class_starts = np.arange(new_counts.shape[0], dtype=np.int64)
        return Cells(
            levels=levels,
            codes=new_codes,
            counts=new_counts,
            class_starts=class_starts,
            subjects=new_subjects,
        )

    def _remember(self, cells: Cells) -> None:
        if cells.levels in self._cache:
            return
        if self._cache_levels and cells.size > _CACHE_CELL_BUDGET:
            return  # beside the floor's grouping, only groupings within the budget are kept (memory)
        while self._cached_cells + cells.size > _CACHE_CELL_BUDGET and len(self._cache_levels) > 1:
            victim = self._cache_levels.pop(1)  # keep the base (index 0); drop the oldest other entry
            self._cached_cells -= self._cache.pop(victim).size
            self._cache_matrix[1 : len(self._cache_levels)] = self._cache_matrix[2 : len(self._cache_levels) + 1]
            self._cache_sizes[1 : len(self._cache_levels)] = self._cache_sizes[2 : len(self._cache_levels) + 1]
        i = len(self._cache_levels)
        if i >= self._cache_matrix.shape[0]:
            self._cache_matrix = np.concatenate([self._cache_matrix, np.empty_like(self._cache_matrix)])
            self._cache_sizes = np.concatenate([self._cache_sizes, np.empty_like(self._cache_sizes)])
        self._cache[cells.levels] = cells
        self._cache_levels.append(cells.levels)
        self._cache_matrix[i] = cells.levels
        self._cache_sizes[i] = cells.size
        self._cached_cells += cells.size

    def cells(self, levels: Levels) -> Cells:
        """Return the grouping of node ``levels`` (rolled up from the smallest cached finer grouping)."""
        hit = self._cache.get(levels)
        if hit is not None:
            return hit
        used = len(self._cache_levels)
        finer = np.all(self._cache_matrix[:used] <= np.asarray(levels, dtype=np.int64), axis=1)
        candidates = np.flatnonzero(finer)
        src = self._cache[self._cache_levels[int(candidates[np.argmin(self._cache_sizes[candidates])])]]
        maps = [
            None if src.levels[j] == levels[j] else h.up[src.levels[j]][levels[j]]
            for j, h in enumerate(self.hierarchies)
        ]
        cells = self._group(levels, src.codes, src.counts, src.subjects, maps)
        self._remember(cells)
        return cells

    def evaluate(self, levels: Levels) -> NodeStats:
        """Group node ``levels`` and score what every metric needs (counted in ``evaluations``)."""
        self.evaluations += 1
        cells = self.cells(levels)
        sizes = np.add.reduceat(cells.counts, cells.class_starts) if cells.size else cells.counts
        small = self.failing(cells, sizes)
        suppressed = int(sizes[small].sum())
        anonymous = suppressed <= self.budget
        square = sizes * sizes
        kept_square = int(square[~small].sum())
        kept_leaves: tuple[int, ...] = ()
        if anonymous:
            if cells.size == sizes.shape[0]:
                kept_counts = np.where(small, 0, cells.counts)
            else:
                per_cell_small = np.repeat(small, np.diff(np.append(cells.class_starts, cells.size)))
                kept_counts = np.where(per_cell_small, 0, cells.counts)
            kept_leaves = tuple(
                int(np.dot(kept_counts, h.leaves[levels[j]][cells.codes[j]])) for j, h in enumerate(self.hierarchies)
            )
        return NodeStats(
            levels=levels,
            suppressed=suppressed,
            anonymous=anonymous,
            classes=int((~small).sum()),
            kept_leaves=kept_leaves,
            kept_square_sum=kept_square,
            square_sum=int(square.sum()),
        )

    def class_subjects(self, cells: Cells, sizes: IntArray | None = None) -> IntArray:
        """Persons per equivalence class of ``cells`` (the records when there is no person key)."""
        if self.table.person_codes is not None:
            n_classes = cells.class_starts.shape[0]
            if not self.table.sensitive_codes:  # cells are distinct (class, person) pairs
                return np.diff(np.append(cells.class_starts, cells.size)).astype(np.int64, copy=False)
            class_of_cell = np.repeat(
                np.arange(n_classes, dtype=np.int64), np.diff(np.append(cells.class_starts, cells.size))
            )
            radix = self.table.person_radix
            pairs = np.unique(class_of_cell * radix + cells.codes[-1])
            return np.bincount(pairs // radix, minlength=n_classes).astype(np.int64, copy=False)
        if cells.subjects is not None:
            return np.add.reduceat(cells.subjects, cells.class_starts) if cells.size else cells.subjects
        return class_sizes(cells) if sizes is None else sizes

    def failing(self, cells: Cells, sizes: IntArray | None = None) -> npt.NDArray[np.bool_]:
        """Per class: fewer than k persons, or (with l) fewer than l distinct values of a sensitive column."""
        small: npt.NDArray[np.bool_] = self.class_subjects(cells, sizes) < self.k
        if self.l is not None and self.table.sensitive_codes:
            small |= self._distinct_below_l(cells)
        return small

    def _distinct_below_l(self, cells: Cells) -> npt.NDArray[np.bool_]:
        assert self.l is not None
        n_classes = cells.class_starts.shape[0]
        if len(self.table.sensitive_radix) == 1 and self.table.person_codes is None:
            # the cells of a class are its distinct sensitive values: count them, no hashing needed
            per_class = np.diff(np.append(cells.class_starts, cells.size))
            below_l: npt.NDArray[np.bool_] = per_class < self.l
            return below_l
        class_of_cell = np.repeat(
            np.arange(n_classes, dtype=np.int64), np.diff(np.append(cells.class_starts, cells.size))
        )
        below = np.zeros(n_classes, dtype=np.bool_)
        m = len(self.hierarchies)
        for i, radix in enumerate(self.table.sensitive_radix):
            pairs = np.unique(class_of_cell * radix + cells.codes[m + i])
            distinct = np.bincount(pairs // radix, minlength=n_classes)
            below |= distinct < self.l
        return below


def _combine(codes: Iterable[IntArray], radices: Sequence[int], n: int) -> tuple[IntArray, int]:
    """Mixed-radix key of several code columns (taken one at a time), densified whenever the key space would
    overflow int64."""
    key = np.zeros(n, dtype=np.int64)
    span = 1
    for col, radix in zip(codes, radices, strict=True):
        if span * radix >= _INT64_SAFE:
            uniq, key = np.unique(key, return_inverse=True)
            span = int(uniq.shape[0])
        key *= radix
        key += col
        span *= radix
    return key, span


def marginal_leaves(hierarchies: Sequence[PreparedHierarchy], table: CodedTable) -> list[list[int]]:
    """Per QI and level, the sum over all records of the leaves their label covers (no suppression)."""
    out: list[list[int]] = []
    for j, h in enumerate(hierarchies):
        per_row = np.bincount(table.qi_codes[j], weights=table.counts, minlength=h.rows).astype(np.int64, copy=False)
        out.append([int(np.dot(per_row, h.leaves[lvl][h.row_codes[lvl]])) for lvl in range(h.height)])
    return out


def class_labels(hierarchies: Sequence[PreparedHierarchy], cells: Cells) -> list[list[str]]:
    """Per QI, the label string of each equivalence class of ``cells`` (class order)."""
    firsts = cells.class_starts
    return [[h.labels[cells.levels[j]][c] for c in cells.codes[j][firsts].tolist()] for j, h in enumerate(hierarchies)]


def class_sizes(cells: Cells) -> IntArray:
    """The size of each equivalence class of ``cells``."""
    return np.add.reduceat(cells.counts, cells.class_starts) if cells.size else cells.counts


def mapping_of(names: Sequence[str], values: Mapping[str, int] | None, default: int) -> Levels:
    """Turn an optional ``{name: level}`` mapping into a levels tuple in QI order."""
    values = values or {}
    return tuple(int(values.get(name, default)) for name in names)

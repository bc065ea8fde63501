"""Small-cell suppression for the public exports (the internal warehouse keeps every value).

Primary suppression: a count from 1 to 4 is withheld, and so is a cell the source already
suppressed (flag `suppressed`, value NULL, also 1 to 4).

Secondary (complementary) suppression: a withheld count must not be recoverable from what is
published. Every additive relation `total = sum(parts)` is a way to recover it:

* fact_observation, along each dimension: the `total` cell and its parts (female + male +
  unknown, child + adult + unknown, ...), the other dimensions fixed. A cell whose sex *and*
  age are `unknown` (the GLOTIP layout) is also taken as the unknown part of each one-way
  breakdown that lacks its own unknown cell.
* mart_country_year: its columns are fact cells, so they are published exactly as the public
  fact (a withheld fact cell is NULL there too, and so is `per_100k` of a withheld total).
* mart_regional_year: recomputed from the public fact: `reported_sum` adds up the *published*
  country totals only, and every withheld total widens the range [`reported_sum_min`,
  `reported_sum_max`] by [1, 4]. A regional sum therefore never contains a value that is not
  published, and cannot reveal one.
* mart_estimates: a row of nature C carries the reported value, so it *is* the fact cell (one
  variable for both): withheld with it. Estimates add up (total = female + male, total =
  sexual + labour + other, in every simulation draw), so they are relations too. An estimate
  (E/M) that belongs to a relation holding a withheld reported value was computed from that
  value and is withheld as well (estimate, interval and note), and protected like a small count
  (`Disclosure.derived`): its published parts must not give it back (attack3 H-A).
* mart_regional_estimates: the regional estimate is the sum of the members' estimates: a
  relation across countries. A regional estimate adding up a withheld member figure is withheld
  (not a further country); the regional parts add up to the regional total, a relation too.

Algorithm (pandas/numpy): primary cells; then, repeatedly, in every relation that holds for the
true values and has exactly one withheld member, withhold the smallest other published member
(non-zero first; parts before totals; the country total last, so that a withheld country total
is always a primary 1-4 cell); until stable. Then an audit solves the whole linear system of
relations for the withheld cells (null space per connected component) and, where a primary cell
is still determined by a combination of relations, withholds one more cell and starts again.

A relation counts only if it can hold for the true values: one whose parts add up to more than
its total (overlapping parts, an inconsistent total) gives an attacker a wrong answer, not the
withheld value. One whose parts fall short of its total (a breakdown that is not exhaustive:
Female 5, Total 6, no Male) gets a rest, a cell of its own never published: `total = parts +
rest`, the rest protected like a small count when it is 1 to 4 (ctip.export.remainders,
attack6 K-H)."""

from __future__ import annotations

import hashlib
import heapq
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from ctip.contracts import figure_columns
from ctip.export.audit import AnswerStore, RelationIndex, _groups
from ctip.export.audit import audit as bounds_audit
from ctip.export.capture_cells import small_capture_rows
from ctip.export.decisions import Decision, decision_key
from ctip.export.decisions import load as load_decision
from ctip.export.decisions import store as store_decision
from ctip.export.earlier import link_earlier, link_earlier_flows
from ctip.export.flow_cells import FlowCells, add_flows, flow_release_frame, held_flows
from ctip.export.holdback import MAX_ROUNDS, PreviousLink, block_keys, cell_blocks, held_rows, previous_alone, previous_state
from ctip.export.holdback_words import held_back_flag, held_back_words
from ctip.export.regional_years import REGIONAL_WITHHELD_REASON, withhold_parts_with_total
from ctip.export.releases import previous_release, release_frame, release_key
from ctip.export.remainders import add_remainders
from ctip.schema import DIMENSIONS, KEY_COLUMNS, load_schema

log = logging.getLogger(__name__)

SMALL = (1, 4)  # a count from 1 to 4 is never published
TOTAL = load_schema().total_code
UNKNOWN = load_schema().code("not_known")
WITHHELD_FLAG = "suppressed"
WITHHELD_NOTE = "withheld in the public exports: a count from 1 to 4, or a figure from which one could be derived"
# Priority of a cell as a complement (lower is chosen first).
PRIORITY_REGIONAL = 0  # a regional estimate: withheld rather than a further country figure
PRIORITY_PART = 1
PRIORITY_COUNTRY_TOTAL = 3  # a country's total, last (SDG headline; keeps regional ranges exact)
REL_TOL = 1e-6

# mart_country_year column -> the fact cell it holds (other dimensions `total`): the grand total,
# then the one-way columns (the same schema block generates the mart's SQL)
TOTAL_COLUMN = "total"
COUNTRY_YEAR_CELLS: dict[str, dict[str, str]] = {TOTAL_COLUMN: {}, **load_schema().country_year_columns}
# Public tables and whether this module knows how to publish them safely.
REVIEWED_TABLES = (
    "fact_observation",
    "mart_country_year",
    "mart_coverage",
    "mart_regional_year",
    "dim_country",
    "dim_indicator",
    "ref_population",
    "mart_estimates",
    "mart_regional_estimates",
    "mart_hidden_victims",
    "mart_estimate_validation",
)
# Internal tables protect() reads but does not publish.
INTERNAL_INPUTS = ("release_cells", "fact_capture_history", "fact_flow")  # fact_flow: published by flow_suppression
# Validation errors pool several held-out cells; with fewer than this many, one error would sit
# next to one (unpublished) held-out value, so the error columns are withheld.
MIN_HELD_OUT = 5


def _fixed_by_known(cell: int, holding: list, touching: dict | list, known: np.ndarray) -> bool:
    """Whether a relation fixes `cell` from cells known to everyone (published before, unchanged)."""
    for i in touching[cell]:
        total, parts = holding[i]
        if all(known[m] for m in (total, *parts) if m != cell):
            return True
    return False


# --------------------------------------------------------------------------------------------
# The generic problem: cells, what is known of them, and additive relations between them.
# --------------------------------------------------------------------------------------------


@dataclass
class Disclosure:
    """Numbered cells and relations `cell[total] = sum(cell[parts])`.

    value: the true value (NaN when nobody knows it, e.g. suppressed by the source);
    primary: must not be published nor derivable; priority: order of choice as a complement."""

    value: list[float] = field(default_factory=list)
    primary: list[bool] = field(default_factory=list)
    priority: list[int] = field(default_factory=list)
    preset: list[bool] = field(default_factory=list)  # withheld from the start, not itself protected
    relations: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False)  # component results, between solves
    # Known to everyone whatever this release does (published before with the same value).
    known: list[bool] = field(default_factory=list)
    # Cells of an earlier release only (a value since revised): their state cannot change.
    frozen: list[bool] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)  # counts (estimates are not)
    store: AnswerStore | None = field(default=None, repr=False)  # audit answers kept between runs
    # Held back (ctip.export.holdback): withheld, and not known to be small (a whole revised block
    # is held back, large and small values alike, so the mark says nothing of a cell's size).
    unbounded: list[bool] = field(default_factory=list)
    # What the previous release alone already gives away: {cell: (min, max)}. The new release is
    # not refused for a cell the union of both releases narrows no further than that.
    already: dict[int, tuple[float, float]] = field(default_factory=dict)
    # Numbers of the relations that belong to the previous release only (ctip.export.holdback).
    previous_relations: range = range(0)
    # Withheld because computed from a withheld value (an estimate): protected like a primary
    # cell, so that the relations do not give it back (its parts, the region minus the members).
    derived: list[bool] = field(default_factory=list)

    def add(self, values, primary=False, priority=PRIORITY_PART, preset=False, known=False, frozen=False, integer=True) -> np.ndarray:
        v = _floats(values)
        n = len(v)
        start = len(self.value)
        self.value.extend(v.tolist())
        self.primary.extend(_per_cell(primary, n, bool))
        self.priority.extend(_per_cell(priority, n, int))
        self.preset.extend(_per_cell(preset, n, bool))
        self.known.extend(_per_cell(known, n, bool))
        self.frozen.extend(_per_cell(frozen, n, bool))
        self.integer.extend(_per_cell(integer, n, bool))
        self.unbounded.extend([False] * n)
        self.derived.extend([False] * n)
        return np.arange(start, start + n)

    def relate(self, total: int, parts: Iterable[int]) -> None:
        parts = tuple(dict.fromkeys(int(p) for p in parts if int(p) != int(total)))
        if parts:
            self.relations.append((int(total), parts))

    def solve(self) -> Solution:
        return _solve(self)


@dataclass
class Solution:
    withheld: np.ndarray  # bool per cell: not published
    complement: np.ndarray  # bool per cell: withheld as a complement (secondary)
    determined: list[int]  # primary cells still derivable (empty unless nothing more could be withheld)
    n_relations: int
    n_holding: int
    audit_solves: int = 0  # LP/MILP solves of the bounds audit
    audit_rounds: int = 0


def _floats(values) -> np.ndarray:
    series = pd.to_numeric(pd.Series(values).reset_index(drop=True), errors="coerce")
    return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _per_cell(x, n: int, dtype) -> list:
    if np.ndim(x) == 0:
        return [dtype(x)] * n
    arr = np.asarray(x, dtype=dtype)
    if len(arr) != n:
        raise ValueError("one value per cell expected")
    return arr.tolist()


def _holds(total: int, parts: tuple[int, ...], value: np.ndarray, primary: np.ndarray) -> bool:
    """Whether `total = sum(parts)` can be true: unknown members range over [1, 4] when flagged
    small, [0, inf) otherwise."""
    lo = hi = 0.0
    scale = 1.0
    for cell, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
        v = value[cell]
        if np.isnan(v):
            a, b = SMALL if primary[cell] else (0.0, np.inf)
            lo, hi = (lo + a, hi + b) if sign > 0 else (lo - b, hi - a)
        else:
            lo += sign * v
            hi += sign * v
            scale = max(scale, abs(v))
    tol = REL_TOL * scale
    return lo - tol <= 0.0 <= hi + tol


def _holding(relations: list[tuple[int, tuple[int, ...]]], value: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """`_holds` for every relation at once. Where every published member is a whole number the
    sums are exact in any order, so they are added with numpy; other relations (estimates) go
    through `_holds` itself, so the answer is `_holds`' answer for each relation."""
    if not relations:
        return np.zeros(0, dtype=bool)
    index = RelationIndex(relations)
    cells = index.cells
    starts = np.flatnonzero(np.r_[True, index.owner[1:] != index.owner[:-1]])
    sign = np.where(np.r_[True, index.owner[1:] != index.owner[:-1]], 1.0, -1.0)  # the total first
    v = value[cells]
    missing = np.isnan(v)
    small = primary[cells]
    a = np.where(small, float(SMALL[0]), 0.0)  # an unknown member's range
    b = np.where(small, float(SMALL[1]), np.inf)
    known = np.where(missing, 0.0, v)
    lo = np.where(missing, np.where(sign > 0, a, -b), sign * known)
    hi = np.where(missing, np.where(sign > 0, b, -a), sign * known)
    whole = np.add.reduceat((~missing & (known != np.round(known))).astype(np.int64), starts) == 0
    whole &= np.add.reduceat(np.abs(known), starts) < 2.0**52  # partial sums stay exact
    scale = np.maximum(np.maximum.reduceat(np.abs(known), starts), 1.0)
    tol = REL_TOL * scale
    lo_sum, hi_sum = np.add.reduceat(lo, starts), np.add.reduceat(hi, starts)
    out = (lo_sum - tol <= 0.0) & (0.0 <= hi_sum + tol)
    for i in np.flatnonzero(~whole).tolist():
        out[i] = _holds(relations[i][0], relations[i][1], value, primary)
    return out


def _choose(candidates: Iterable[int], value: np.ndarray, priority: np.ndarray) -> int | None:
    best = None
    best_key = None
    for c in candidates:
        v = value[c]
        key = (priority[c], v == 0, v, c)
        if best_key is None or key < best_key:
            best, best_key = c, key
    return best


def _prefer_estimates(protected_cell: int, candidates: list[int], integer: np.ndarray) -> list[int]:
    """An estimate (not a count) is protected by withholding another estimate where one can: a
    count withheld for an estimate's sake would have entered the estimates as published
    (ctip.export.model_inputs decides what they read from the counts alone)."""
    if integer[protected_cell]:
        return candidates
    estimates = [c for c in candidates if not integer[c]]
    return estimates or candidates


def determined_cells(
    relations: list[tuple[int, tuple[int, ...]]],
    unknown: np.ndarray,
    value: np.ndarray,
    cache: dict | None = None,
    index: RelationIndex | None = None,
    store: AnswerStore | None = None,
) -> dict[int, tuple[int, float]]:
    """Unknown cells whose value follows from the relations and the published cells, with the
    value an attacker would derive: {cell: (connected component, derived value)}.

    Linear algebra per connected component: x_i is determined iff the null space of the
    relation matrix (restricted to the unknowns) is zero in coordinate i; its value is then the
    same in every least-squares solution. When the component's relations contradict each other
    (no exact solution), every unknown of it is reported with a NaN value (conservative).
    `cache` keeps the result of each component between calls (a component with the same
    relations and unknowns has the same answer); `store` keeps them between runs, keyed by the
    component's matrix and right-hand side (all its answer depends on); `index`: the relations'
    RelationIndex, when the caller passes the same relations round after round."""
    unknown = np.asarray(unknown, dtype=bool)
    # The connected components of the unknown cells through the relations (numpy, as the bounds
    # audit groups them): each with its relation numbers and its unknown cells, ascending.
    groups, _ = _groups(RelationIndex(relations) if index is None else index, unknown)
    out: dict[int, tuple[int, float]] = {}
    cache = {} if cache is None else cache
    for component, rels, comp_cells in groups:
        cells, numbers = comp_cells.tolist(), rels.tolist()
        key = (tuple(cells), tuple(numbers))
        if key not in cache:
            cache[key] = _component_determined([relations[r] for r in numbers], cells, unknown, value, store)
        out.update({c: (component, x) for c, x in cache[key].items()})
    return out


def _component_determined(rows: list, cells: list[int], unknown: np.ndarray, value: np.ndarray, store: AnswerStore | None = None) -> dict[int, float]:
    index = {c: i for i, c in enumerate(cells)}
    matrix = np.zeros((len(rows), len(cells)))
    rhs = np.zeros(len(rows))
    for r, (total, parts) in enumerate(rows):
        for cell, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
            if unknown[cell]:
                matrix[r, index[cell]] += sign
            else:
                rhs[r] -= sign * value[cell]
    digest = None
    if hasattr(store, "get_determined"):  # ctip.export.audit_store.Answers
        h = hashlib.sha256(np.array(matrix.shape, dtype=np.int64).tobytes())
        h.update(matrix.tobytes())
        h.update(rhs.tobytes())
        digest = h.hexdigest()
        found = store.get_determined(digest)
        if found is not None:
            return {cells[i]: (np.nan if x is None else x) for i, x in found}
    answer = _null_space_answer(matrix, rhs)
    if digest is not None:
        store.put_determined(digest, [[i, None if np.isnan(x) else x] for i, x in answer])
    return {cells[i]: x for i, x in answer}


def _null_space_answer(matrix: np.ndarray, rhs: np.ndarray) -> list[tuple[int, float]]:
    """[(column, derived value)] for the columns the system determines (NaN: contradictory)."""
    u, s, vt = np.linalg.svd(matrix)
    rank = int((s > 1e-9 * max(1.0, s.max(initial=0.0))).sum())
    null = vt[rank:].T
    free = np.abs(null).max(axis=1) > 1e-9 if null.size else np.zeros(matrix.shape[1], dtype=bool)
    if free.all():
        return []
    # The least-squares solution of least norm, from the same decomposition.
    solution = vt[:rank].T @ ((u[:, :rank].T @ rhs) / s[:rank])
    consistent = np.allclose(matrix @ solution, rhs, atol=1e-6 * max(1.0, np.abs(rhs).max(initial=0.0)))
    return [(i, (float(x) if consistent else np.nan)) for i, (f, x) in enumerate(zip(free, solution)) if not f]


def discloses(derived: float, truth: float, primary: bool) -> bool:
    """Whether a derived value gives away the cell: it is its true value (to the unit), or, when
    nobody knows the true value (suppressed by the source), a plausible small count. A value
    derived from contradictory relations (NaN) is taken as a disclosure."""
    if np.isnan(derived):
        return True
    if np.isnan(truth):
        return (SMALL[0] - 0.5 <= derived <= SMALL[1] + 0.5) if primary else False
    return abs(derived - truth) < 0.5


def _nearest_published(cell: int, holding: list, touching: dict, withheld: np.ndarray) -> set[int]:
    """Published cells of the relations nearest to `cell`: its own relations first, then those of
    the withheld cells it is tied to, and so on (breadth first)."""
    seen_cells, seen_rels = {cell}, set()
    frontier = [cell]
    while frontier:
        candidates, following = set(), []
        for c in frontier:
            for i in touching.get(c, []):
                if i in seen_rels:
                    continue
                seen_rels.add(i)
                for m in (holding[i][0], *holding[i][1]):
                    if not withheld[m]:
                        candidates.add(m)
                    elif m not in seen_cells:
                        seen_cells.add(m)
                        following.append(m)
        if candidates:
            return candidates
        frontier = following
    return set()


def _as_before(before: tuple[float, float] | None, lo: float, hi: float) -> bool:
    """Whether the union of both releases narrows a cell no further than the previous release
    alone did (nothing new is learnt of it; the previous release cannot be taken back)."""
    if before is None or np.isnan(lo) or np.isnan(hi):
        return False
    return abs(before[0] - lo) <= 1e-6 and abs(before[1] - hi) <= 1e-6


def _solve(problem: Disclosure) -> Solution:
    value = np.asarray(problem.value, dtype=float)
    primary = np.asarray(problem.primary, dtype=bool)
    priority = np.asarray(problem.priority, dtype=int)
    n_cells = len(value)
    known = np.asarray(problem.known, dtype=bool) if len(problem.known) == n_cells else np.zeros(n_cells, dtype=bool)
    frozen = np.asarray(problem.frozen, dtype=bool) if len(problem.frozen) == n_cells else np.zeros(n_cells, dtype=bool)
    integer = np.asarray(problem.integer, dtype=bool) if len(problem.integer) == n_cells else np.ones(n_cells, dtype=bool)
    withheld = primary | np.isnan(value) | np.asarray(problem.preset, dtype=bool)
    # A cell published before with the same value cannot be hidden again: it is not a secret to
    # protect, and withholding it protects nothing.
    exposed = primary & known
    if exposed.any():
        log.warning("%d small counts were already published by an earlier release", int(exposed.sum()))
    primary = primary & ~known
    complement = np.zeros(len(value), dtype=bool)
    # Whether a cell is a small count (bounds 1-4 in the audit): primary, or withheld by the source.
    small = primary | (np.isnan(value) & np.asarray(problem.primary, dtype=bool) & ~known)
    if len(problem.unbounded) == n_cells:
        small &= ~np.asarray(problem.unbounded, dtype=bool)
    already = problem.already
    audit_cache = problem.cache.setdefault("audit", {})
    audit_solves = audit_rounds = 0
    holds = _holding(problem.relations, value, primary)
    holding = [r for r, ok in zip(problem.relations, holds) if ok]
    # This release's relations alone: where a revision contradicts the previous release (an old
    # total withheld as 1-4 now reported as 8), the union has no solution and the audit learns
    # nothing from it, but an attacker who drops the old relations still reads the new release.
    own = [r for i, (r, ok) in enumerate(zip(problem.relations, holds)) if ok and i not in problem.previous_relations]
    own_relations = [r for r in own if integer[r[0]] and all(integer[p] for p in r[1])] if len(problem.previous_relations) else []
    own_index = RelationIndex(own_relations) if own_relations else None
    own_cache = problem.cache.setdefault("audit_own", {})
    touching: dict[int, list[int]] = defaultdict(list)
    for i, (total, parts) in enumerate(holding):
        for c in (total, *parts):
            touching[c].append(i)
    derived = np.asarray(problem.derived, dtype=bool) if len(problem.derived) == n_cells else np.zeros(n_cells, dtype=bool)
    derived &= ~known
    # cells whose exposure would expose a primary cell; a derived cell must not be exposed either
    protected = primary | derived
    # The bounds audit takes the relations between counts (both releases' fact cells); relations
    # with estimates (real numbers, withheld with the values they were computed from) are left to
    # the exact audit above it.
    count_relations = [r for r in holding if integer[r[0]] and all(integer[p] for p in r[1])]
    count_index = RelationIndex(count_relations)
    holding_index = RelationIndex(holding)
    holding_starts = np.flatnonzero(np.r_[True, holding_index.owner[1:] != holding_index.owner[:-1]]) if len(holding) else None

    def withhold(cell: int) -> None:
        withheld[cell] = True
        complement[cell] = True
        protected[cell] = True

    def hidden(cell: int) -> bool:  # unknown to the attacker
        return withheld[cell] and not known[cell]

    def choosable(cell: int) -> bool:
        return not withheld[cell] and not known[cell] and not frozen[cell]

    unresolved: list[int] = []
    given_up: set[int] = set()  # estimates left derivable with every cell near them withheld (below)
    exact_clean = False
    for _ in range(10_000):
        # 1. The classic pass: a relation with exactly one withheld (protected) member. Each sweep
        # visits the relations in order; only those with one hidden member when the sweep starts,
        # or holding a cell withheld earlier in the sweep, can act, so only those are looked at.
        changed = True
        while changed:
            changed = False
            if not len(holding):
                break
            counts = np.add.reduceat((withheld & ~known)[holding_index.cells].astype(np.int64), holding_starts)
            queue = np.flatnonzero(counts == 1).tolist()  # ascending: a heap already
            queued = set(queue)
            while queue:
                i = heapq.heappop(queue)
                total, parts = holding[i]
                members = (total, *parts)
                unknown_members = [m for m in members if hidden(m)]
                if len(unknown_members) != 1 or not protected[unknown_members[0]]:
                    continue
                pick = _choose(_prefer_estimates(unknown_members[0], [m for m in members if choosable(m)], integer), value, priority)
                if pick is not None:
                    withhold(pick)
                    changed = True
                    for j in touching[pick]:
                        if j > i and j not in queued:
                            queued.add(j)
                            heapq.heappush(queue, j)
        unknown = withheld & ~known
        # 2. The audit: primary cells determined by a combination of relations... (once clean, it
        # stays clean: withholding more cells never determines a cell that was not determined)
        found = {}
        if not exact_clean:
            found = {
                c: comp
                for c, (comp, x) in determined_cells(holding, unknown, value, problem.cache, holding_index, problem.store).items()
                if c not in given_up
                and ((primary[c] and discloses(x, value[c], True) and not _as_before(already.get(c), x, x)) or (derived[c] and discloses(x, value[c], False)))
            }
            exact_clean = not found
        # 3. ...or narrowed below 1-4 by the relations together with the bounds (LP/MILP).
        if not found:
            result = bounds_audit(count_relations, unknown, value, small, cache=audit_cache, integer=integer, store=problem.store, index=count_index)
            audit_solves += result.n_solves
            audit_rounds += 1
            found = {c: comp for c, (lo, hi, comp) in result.disclosed.items() if c not in given_up and not _as_before(already.get(c), lo, hi)}
            if not found and result.infeasible and own_relations:
                result = bounds_audit(own_relations, unknown, value, small, cache=own_cache, integer=integer, store=problem.store, index=own_index)
                audit_solves += result.n_solves
                found = {c: comp for c, (lo, hi, comp) in result.disclosed.items() if c not in given_up and not _as_before(already.get(c), lo, hi)}
        determined = sorted(found)
        if not determined:
            break
        progressed = False
        fixed: set[int] = set()
        pending: list[int] = []
        for cell in determined:
            if found[cell] in fixed:  # one more cell per component, then solve again
                continue
            now_unknown = withheld & ~known  # with the cells withheld earlier in this round
            candidates = {c for c in _nearest_published(cell, holding, touching, now_unknown) if choosable(c)}
            if not candidates:  # the nearest published cells are all known: look one step further
                candidates = {c for c in _nearest_published(cell, holding, touching, now_unknown | known | frozen) if choosable(c)}
            pick = _choose(_prefer_estimates(cell, list(candidates), integer), value, priority)
            if pick is None:  # nothing left near it; a cell withheld this round may have saved it
                pending.append(cell)
                continue
            fixed.add(found[cell])
            withhold(pick)
            progressed = True
        if not progressed:
            # A small count left derivable refuses the release (the caller's choice). An estimate
            # withheld for the value it was computed from, left derivable with every cell near it
            # withheld already, does not: it is set aside and the audits run again without it, so
            # that no small count is derivable with it known (an exactly determined estimate adds
            # nothing the relations did not give already). A cold run of the messy corpus
            # (bench/messy.py) had two: 'other' forms 0.00 where sexual + labour made the total.
            # A new small count that one relation fixes from cells the previous release published
            # (unchanged) was given away by that release (JAM: total 20 and female 17 published, male
            # 3 sent later: attack3 H-V): nothing this release withholds can take it back, so it
            # is withheld itself and said, not refused for (which stopped every later release).
            left = set(pending)
            estimates_left = {c for c in left if derived[c] and not primary[c]}
            given_away = {c for c in left if primary[c] and _fixed_by_known(c, holding, touching, known)}
            if left and left <= estimates_left | given_away:
                given_up |= left
                exact_clean = False
                continue
            unresolved += pending
            break
    counts_given_away = sum(1 for c in given_up if primary[c])
    if counts_given_away:
        log.warning("%d small counts were given away by the previous release (its published cells fix them): withheld, not refused for", counts_given_away)
    if len(given_up) > counts_given_away:
        log.warning("%d withheld estimates stay derivable: every cell near them is withheld already", len(given_up) - counts_given_away)
    if unresolved:
        log.warning("%d small cells remain derivable: no published cell left to withhold", len(set(unresolved)))
    return Solution(withheld, complement, sorted(set(unresolved)), len(problem.relations), len(holding), audit_solves, audit_rounds)


# --------------------------------------------------------------------------------------------
# Relations of a keyed table: along each dimension, the total and its parts.
# --------------------------------------------------------------------------------------------


def _with_unknown_aliases(frame: pd.DataFrame, dims: tuple[str, ...]) -> pd.DataFrame:
    """A cell `unknown` in several dimensions at once (sex and age unknown) also stands for the
    unknown part of each one-way breakdown that has no unknown cell of its own."""
    dims = tuple(d for d in dims if d in frame.columns)
    if not dims:
        return frame
    unknown = frame[list(dims)].eq(UNKNOWN)
    multi = frame[unknown.sum(axis=1) >= 2]
    if multi.empty:
        return frame
    keys = [c for c in frame.columns if c != "_id"]
    existing = set(map(tuple, frame[keys].astype(str).to_numpy()))
    aliases = []
    for _, row in multi.iterrows():
        unknown_dims = [d for d in dims if row[d] == UNKNOWN]
        for keep in unknown_dims:
            alias = row.copy()
            for d in unknown_dims:
                if d != keep:
                    alias[d] = TOTAL
            key = tuple(str(alias[k]) for k in keys)
            if key not in existing:
                existing.add(key)
                aliases.append(alias)
    if not aliases:
        return frame
    return pd.concat([frame, pd.DataFrame(aliases)], ignore_index=True)


def _coded_relations(frame: pd.DataFrame, key_cols: list[str], dims: tuple[str, ...]) -> list[tuple[int, tuple[int, ...]]] | None:
    """dimension_relations on integer codes of the key columns: the same relations in the same
    order (totals in row order, the first of equal keys; parts in row order), without pandas'
    grouping of tuples. None when a key is missing or the codes would not fit one integer (the
    caller then groups with pandas)."""
    codes, sizes = {}, {}
    for c in key_cols:
        code, uniques = pd.factorize(frame[c], sort=False)
        if (code < 0).any():
            return None
        codes[c], sizes[c] = code.astype(np.int64), max(len(uniques), 1)
    ids = frame["_id"].to_numpy(dtype=np.int64)
    relations: list[tuple[int, tuple[int, ...]]] = []
    for d in dims:
        if d not in frame.columns:
            continue
        other = [c for c in key_cols if c != d]
        if np.prod([float(sizes[c]) for c in other]) >= 2.0**62:
            return None
        key = np.zeros(len(frame), dtype=np.int64)
        for c in other:
            key = key * sizes[c] + codes[c]
        is_total = (frame[d] == TOTAL).to_numpy(dtype=bool)
        total_rows = np.flatnonzero(is_total)
        _, first = np.unique(key[total_rows], return_index=True)
        total_rows = total_rows[np.sort(first)]  # the first total of each key, in row order
        part_rows = np.flatnonzero(~is_total)
        part_rows = part_rows[np.argsort(key[part_rows], kind="stable")]  # grouped, row order kept
        part_keys = key[part_rows]
        lo = np.searchsorted(part_keys, key[total_rows], side="left")
        hi = np.searchsorted(part_keys, key[total_rows], side="right")
        part_ids = ids[part_rows].tolist()
        for t, a, b in zip(ids[total_rows].tolist(), lo.tolist(), hi.tolist()):
            if b > a:
                relations.append((t, tuple(part_ids[a:b])))
    return relations


def _cross_relations(frame: pd.DataFrame, key_cols: list[str], dims: tuple[str, ...]) -> list[tuple[int, tuple[int, ...]]]:
    """A cell `total` in two or more dimensions = sum of the cells with another code in every one
    of them, the other key columns equal: "Girls 8 / Women 9 / Boys 2 / Men 10 / Total 29" has no
    female, male, child or adult margin, so no one-way relation ties the crossed cells to the
    total, yet 29 - 8 - 9 - 10 gives the boys back (attack4 I-E). Where the margins exist this
    relation follows from the one-way ones (redundant, harmless to the audit); a relation whose
    cells do not add up is dropped by `_holding` like any other."""
    present = [d for d in dims if d in frame.columns]
    relations: list[tuple[int, tuple[int, ...]]] = []
    if len(present) < 2:
        return relations
    is_total = {d: (frame[d] == TOTAL).to_numpy(dtype=bool) for d in present}
    ids = frame["_id"].to_numpy(dtype=np.int64)
    codes = {c: pd.factorize(frame[c], sort=False)[0] for c in key_cols}
    for size in range(2, len(present) + 1):
        for subset in combinations(present, size):
            all_total = np.logical_and.reduce([is_total[d] for d in subset])
            none_total = np.logical_and.reduce([~is_total[d] for d in subset])
            if not all_total.any() or not none_total.any():
                continue
            other = [c for c in key_cols if c not in subset]
            # One key per row from the other columns' codes (rows, not text: no per-row join).
            key = list(zip(*(codes[c].tolist() for c in other))) if other else [()] * len(frame)
            parts: dict[tuple, list[int]] = defaultdict(list)
            for row in np.flatnonzero(none_total).tolist():
                parts[key[row]].append(int(ids[row]))
            seen: set[tuple] = set()
            for row in np.flatnonzero(all_total).tolist():
                k = key[row]
                if k in parts and k not in seen:  # the first total of each key, as the one-way relations
                    seen.add(k)
                    relations.append((int(ids[row]), tuple(parts[k])))
    return relations


def dimension_relations(keys: pd.DataFrame, ids: np.ndarray, dims: tuple[str, ...] = DIMENSIONS) -> list[tuple[int, tuple[int, ...]]]:
    """`total` cell = sum of the cells with another code, the other key columns equal; then the
    same across two or more dimensions at once (`_cross_relations`)."""
    frame = keys.reset_index(drop=True).astype(str)
    frame["_id"] = np.asarray(ids, dtype=int)
    frame = _with_unknown_aliases(frame, dims)
    key_cols = [c for c in keys.columns]
    fast = _coded_relations(frame, key_cols, dims)
    if fast is not None:
        return fast + _cross_relations(frame, key_cols, dims)
    relations = []
    for d in dims:
        if d not in frame.columns:
            continue
        other = [c for c in key_cols if c != d]
        is_total = frame[d] == TOTAL
        totals = frame.loc[is_total, [*other, "_id"]].drop_duplicates(other)
        parts = frame.loc[~is_total].groupby(other, sort=False)["_id"].agg(tuple).rename("_parts")
        merged = totals.join(parts, on=other, how="inner")
        relations += [(int(t), tuple(int(p) for p in ps)) for t, ps in zip(merged["_id"], merged["_parts"])]
    return relations + _cross_relations(frame, key_cols, dims)


# --------------------------------------------------------------------------------------------
# The warehouse's public tables.
# --------------------------------------------------------------------------------------------


@dataclass
class PublicTables:
    tables: dict[str, pd.DataFrame]
    withheld: dict[str, int]  # rows (or cells) withheld per table
    primary: int
    complementary: int
    skipped: dict[str, str]  # public tables not exported, with the reason
    unresolved: int
    release: pd.DataFrame | None = None  # this release's fact cells, for release_cells
    previous_cells: int = 0  # cells of the previous release taken into account
    audit_solves: int = 0
    audit_rounds: int = 0
    held_back: int = 0  # revised fact cells held back at the previous release's state (ctip.export.holdback)
    already_disclosed: int = 0  # small counts the previous release alone narrowed (not refused for)
    unresolved_blocks: set = field(default_factory=set, repr=False)  # (country, year, indicator) of unresolved cells
    # fact_flow's rows (tables['fact_flow'] order): withheld, and small (1-4 or <5), decided with
    # the fact cells (ctip.export.flow_cells); None without flows
    flow_withheld: np.ndarray | None = field(default=None, repr=False)
    flow_primary: np.ndarray | None = field(default=None, repr=False)
    reused: bool = False  # the decision read from the decisions folder (ctip.export.decisions), not made now


def _is_grand_total(frame: pd.DataFrame) -> np.ndarray:
    dims = [d for d in DIMENSIONS if d in frame.columns]
    return frame[dims].eq(TOTAL).all(axis=1).to_numpy()


def _fact_primary(fact: pd.DataFrame) -> np.ndarray:
    value = pd.to_numeric(fact["value"], errors="coerce")
    small = value.between(*SMALL).fillna(False).to_numpy(dtype=bool)
    flagged = fact["flag"].eq(WITHHELD_FLAG).fillna(False).to_numpy(dtype=bool)
    return small | flagged


def _key_index(frame: pd.DataFrame, cols: list[str]) -> pd.MultiIndex:
    return pd.MultiIndex.from_frame(frame[cols].astype(str))


def protect(tables: dict[str, pd.DataFrame], members: list[str] | None = None, store: AnswerStore | None = None, decisions: Path | None = None) -> PublicTables:
    """The public version of each table given (the warehouse's tables, unchanged). `store`: the
    bounds audit's answers from earlier runs (ctip.export.audit_store), used and added to.
    `decisions`: a folder of decisions made before (ctip.export.decisions): the decision on the
    same inputs is read from it instead of made again, and a new one is kept there.

    When small counts stay derivable from this release together with the previous one, the
    revised blocks that give them away are held back (ctip.export.holdback), block by block,
    and the audit runs again on the final tables; `unresolved` is what is left (0 or a refusal)."""
    key = decision_key(tables, members) if decisions is not None else None
    decision = load_decision(decisions, key, tables)
    if decision is None:
        decision = _decided(tables, members, store)
        store_decision(decisions, key, tables, decision)
    if decision.blocks_held is not None:
        if decision.unresolved:
            log.warning("%d small counts stay derivable after holding back %d revised cells", decision.unresolved, int(decision.held.sum()))
        else:
            log.warning(
                "%d revised cells held back at the previous release's state (%d blocks); %d small counts the previous release alone gave away",
                int(decision.held.sum()),
                decision.blocks_held,
                decision.already_disclosed,
            )
    return _publish(tables, decision)


def _decided(tables: dict[str, pd.DataFrame], members: list[str] | None, store: AnswerStore | None) -> Decision:
    """The decision for the plain release, or, when it leaves small counts derivable with the
    previous release, with the revised blocks that give them away held back."""
    decision = _decide(tables, members, store)
    if not decision.unresolved or not decision.previous_cells:
        return decision
    blocks: set = set()
    for _ in range(MAX_ROUNDS):
        attempt = _decide(tables, members, store, hold=blocks)
        grown = blocks | attempt.unresolved_blocks
        if not attempt.unresolved or grown == blocks:
            break
        blocks = grown
    attempt.blocks_held = len(blocks)
    return attempt


def _protect(tables: dict[str, pd.DataFrame], members: list[str] | None, store: AnswerStore | None, hold: set | None = None) -> PublicTables:
    """One pass of protect, published (`hold` as _decide's)."""
    return _publish(tables, _decide(tables, members, store, hold))


def _decide(tables: dict[str, pd.DataFrame], members: list[str] | None, store: AnswerStore | None, hold: set | None = None) -> Decision:
    """One pass of protect's decision. `hold`: None for the plain release; else the blocks held back
    (possibly none), with the previous release's own disclosures not refused for. Reads only the
    tables of ctip.export.decisions.INPUTS (and the members)."""
    fact = tables["fact_observation"].reset_index(drop=True)
    problem = Disclosure(store=store)
    fact_value = pd.to_numeric(fact["value"], errors="coerce").astype(float)
    fact_primary = _fact_primary(fact)
    fact_ids = problem.add(
        fact_value,
        fact_primary,
        np.where(_is_grand_total(fact), PRIORITY_COUNTRY_TOTAL, PRIORITY_PART),
    )
    for total, parts in dimension_relations(fact[list(KEY_COLUMNS)], fact_ids):
        problem.relate(total, parts)
    flows = tables.get("fact_flow")
    flows = flows.reset_index(drop=True) if flows is not None else None
    flow_cells = add_flows(problem, fact, fact_ids, flows, dimension_relations)  # flows are cells like the fact's (attack3 H-I)
    previous_all, previous = _previous(tables, fact, flows)
    link = _add_previous_release(problem, fact, fact_ids, previous)
    first_previous = problem.previous_relations.start if len(problem.previous_relations) else len(problem.relations)
    n_previous = link.n + link_earlier_flows(problem, previous_all, link, flows, flow_cells, dimension_relations)
    problem.previous_relations = range(first_previous, len(problem.relations))
    held = np.zeros(len(fact), dtype=bool)
    if hold is not None and link.n:
        value = np.asarray(problem.value, dtype=float)
        small_then = np.zeros(len(value), dtype=bool)
        small_then[link.ids[link.was_withheld & link.was_small]] = True
        holding_then = [r for r, ok in zip(link.relations, _holding(link.relations, value, small_then)) if ok]
        problem.already = previous_alone(link, holding_then, value, np.asarray(problem.integer, dtype=bool), store)
        state = previous_state(fact, link.previous)
        held = held_rows(fact, state, hold)
        for i in fact_ids[held].tolist():
            problem.preset[i] = True
            problem.unbounded[i] = True
        # the block's revised flows too (withheld: their new values in no public number)
        for i in held_flows(flows, flow_cells, previous_all, hold).tolist():
            problem.preset[i] = True
            problem.unbounded[i] = True

    estimates = tables.get("mart_estimates")
    regional = tables.get("mart_regional_estimates")
    est_ids = reg_ids = pos = is_c = None
    est_relations: list[tuple[int, tuple[int, ...]]] = []
    reg_relations: list[tuple[int, tuple[int, ...]]] = []
    if estimates is not None and len(estimates):
        estimates = estimates.reset_index(drop=True)
        fact_pos = pd.Series(np.arange(len(fact)), index=_key_index(fact, list(KEY_COLUMNS)))
        fact_pos = fact_pos[~fact_pos.index.duplicated()]
        pos = fact_pos.reindex(_key_index(estimates, list(KEY_COLUMNS))).to_numpy()
        is_c = estimates["nature"].eq("C").fillna(False).to_numpy(dtype=bool) & ~np.isnan(pos)
        own = problem.add(
            pd.to_numeric(estimates["estimate"], errors="coerce"),
            False,
            np.where(_is_grand_total(estimates), PRIORITY_COUNTRY_TOTAL, PRIORITY_PART),
            integer=False,
        )
        # A C row is the fact cell itself; an E/M row is a variable of its own.
        est_ids = np.where(is_c, np.nan_to_num(pos, nan=-1).astype(int), own)
        est_relations = dimension_relations(estimates[list(KEY_COLUMNS)], est_ids)
        for total, parts in est_relations:
            problem.relate(total, parts)
        if regional is not None and len(regional):
            regional = regional.reset_index(drop=True)
            reg_ids = problem.add(pd.to_numeric(regional["estimate"], errors="coerce"), False, PRIORITY_REGIONAL, integer=False)
            scope = estimates[estimates["age_group"].eq(TOTAL) & estimates["citizenship"].eq(TOTAL)]
            if members is not None:
                scope = scope[scope["country_iso3"].isin(members)]
            keys = ["year", "indicator", "sex", "exploitation"]
            groups = pd.Series(est_ids[scope.index.to_numpy()], index=scope.index).groupby([scope[k].astype(str) for k in keys], sort=False).agg(tuple)
            reg_key = _key_index(regional, keys)
            for rid, key in zip(reg_ids, reg_key):
                parts = groups.get(key)
                if parts:
                    problem.relate(int(rid), parts)
                    reg_relations.append((int(rid), tuple(int(p) for p in parts)))
            # The regional parts add up to the regional total (female + male, sexual + labour +
            # other) as the members' do: relations too.
            reg_dims = tuple(d for d in DIMENSIONS if d in regional.columns)
            for total, parts in dimension_relations(regional[["year", "indicator", *reg_dims]], reg_ids, reg_dims):
                problem.relate(total, parts)

    if held.any() and est_ids is not None:
        # A held-back block's new values must be in no public number: its estimates (E/M) and the
        # regional estimates of its year and indicator, which add them in, are withheld with it.
        blocks = set(block_keys(fact[held]))
        in_block = np.fromiter((k in blocks for k in block_keys(estimates)), dtype=bool, count=len(estimates))
        for i in est_ids[in_block & ~is_c].tolist():
            problem.preset[i] = True
        if reg_ids is not None:
            years = {(y, ind) for _, y, ind in blocks}
            hit = [(str(y), str(ind)) in years for y, ind in zip(regional["year"], regional["indicator"])]
            for i in reg_ids[np.asarray(hit, dtype=bool)].tolist():
                problem.preset[i] = True
    # The unreported remainder of an incomplete breakdown (total - the published parts) is a
    # count of its own (attack6 K-H, K-I): a rest cell in each relation whose parts fall short.
    rest_of = add_remainders(problem)
    # Estimates computed from a withheld reported value are withheld too (iterate: complements
    # chosen in the estimate relations can add withheld reported values).
    n_fact = len(fact)
    base_preset = np.asarray(problem.preset, dtype=bool)  # cells of the previous release withheld then
    preset = base_preset.copy()
    estimate_cell = np.zeros(len(problem.value), dtype=bool)
    if est_ids is not None:
        estimate_cell[est_ids[est_ids >= n_fact]] = True
    if reg_ids is not None:
        estimate_cell[reg_ids] = True
    for _ in range(100):
        problem.preset = preset.tolist()
        # An estimate withheld for the value it was computed from is kept underivable too: its
        # published parts, or the region minus the published members, would give it back.
        problem.derived = (preset & estimate_cell).tolist()
        solution = problem.solve()
        known_withheld = solution.withheld & ~np.isnan(np.asarray(problem.value))
        known_withheld[n_fact:] = False  # reported values only
        new = preset.copy()
        if est_ids is not None:
            # The estimate of a withheld count (computed from its `<5`, ctip.export.model_inputs)
            # would tell a small count from a complement: withheld with it.
            at_fact = ~is_c & ~np.isnan(pos)
            hit = at_fact.copy()
            hit[at_fact] = known_withheld[pos[at_fact].astype(int)]
            new[est_ids[hit]] = True
        for total, parts in est_relations:
            members = (total, *parts)
            if any(known_withheld[m] for m in members if m < n_fact):
                for m in members:
                    if m >= n_fact:
                        new[m] = True
        # A regional estimate adds up its members: one withheld member's figure (a count, an
        # estimate computed from one, or a complement) withholds it, as the sum of two withheld
        # members would otherwise bound each by the other (the bounds audit takes counts only).
        hidden_value = solution.withheld & ~np.isnan(np.asarray(problem.value))
        for total, parts in reg_relations:
            if any(hidden_value[p] for p in parts):
                new[total] = True
        if (new == preset).all():
            break
        preset = new
    withheld = solution.withheld

    decision = Decision(
        fact_withheld=withheld[fact_ids],  # the new values not published (held-back cells among them)
        fact_complement=solution.complement[fact_ids],
        held=held,
        complementary=int(solution.complement.sum()),
        unresolved=len(solution.determined),
        previous_cells=n_previous,
        audit_solves=solution.audit_solves,
        audit_rounds=solution.audit_rounds,
        already_disclosed=len(problem.already),  # only narrowed cells are kept
    )
    if estimates is not None:
        decision.est_withheld = withheld[est_ids] if len(estimates) else np.zeros(0, dtype=bool)
        if held.any() and len(estimates):  # a reported row of a held-back cell: not a small count
            held_cell = np.zeros(len(problem.value), dtype=bool)
            held_cell[fact_ids[held]] = True
            decision.est_held = held_cell[est_ids]
    if reg_ids is not None:
        decision.reg_withheld = withheld[reg_ids] & ~np.isnan(np.asarray(problem.value)[reg_ids])
    # a rest left derivable: the block of its relation's total
    determined = [rest_of.get(c, c) for c in solution.determined]
    unresolved_blocks = cell_blocks(determined, fact, fact_ids, link) if determined else set()
    if flows is not None and len(flows):
        decision.flow_withheld = withheld[flow_cells.ids].copy()
        decision.flow_primary = flow_cells.primary.copy()
        decision.flow_citizenship = list(flow_cells.citizenship)
        if solution.determined:  # a flow left derivable: its block, to be held back
            by_flow = dict(zip(flow_cells.ids.tolist(), block_keys(flows)))
            unresolved_blocks |= {by_flow[c] for c in determined if c in by_flow}
    decision.unresolved_blocks = unresolved_blocks
    return decision


def _previous(tables: dict[str, pd.DataFrame], fact: pd.DataFrame, flows: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The previous release's cells (fact and flow cells), and its fact cells alone."""
    previous_all = previous_release(tables.get("release_cells"), release_key(fact, flows), flows=True)
    previous = previous_all[previous_all["partner"].isna()].reset_index(drop=True) if "partner" in previous_all else previous_all
    return previous_all, previous


def _publish(tables: dict[str, pd.DataFrame], decision: Decision) -> PublicTables:
    """The public tables as `decision` (made on the same tables' INPUTS) says."""
    fact = tables["fact_observation"].reset_index(drop=True)
    flows = tables.get("fact_flow")
    flows = flows.reset_index(drop=True) if flows is not None else None
    fact_primary = _fact_primary(fact)
    current_key = release_key(fact, flows)
    held = decision.held
    state = None
    if held.any():  # the previous release's state of each fact row
        previous = _previous(tables, fact, flows)[1]
        state = previous_state(fact, previous.reset_index(drop=True))

    out: dict[str, pd.DataFrame] = {}
    counts: dict[str, int] = {}
    fact_withheld = decision.fact_withheld
    fact_complement = decision.fact_complement
    public_fact = fact.copy()
    public_fact["value"] = pd.array(fact["value"], dtype="Int64")
    public_fact.loc[fact_withheld, "value"] = pd.NA
    public_fact["flag"] = public_fact["flag"].astype("string")
    public_fact.loc[fact_withheld, "flag"] = WITHHELD_FLAG
    shown_withheld = fact_withheld  # what the public tables show as withheld
    if held.any():
        # A held-back cell shows the previous release's state: its value, or its suppression.
        shown_withheld = fact_withheld.copy()
        shown_withheld[held] = state["withheld"].to_numpy(dtype=bool)[held]
        old = pd.array(state["value"].to_numpy(dtype=float), dtype="Float64").round().astype("Int64")
        old_shown = held & ~shown_withheld
        public_fact.loc[old_shown, "value"] = old[old_shown]
        public_fact.loc[held, "flag"] = held_back_flag()
        fact_complement = fact_complement | (held & shown_withheld)  # not known to be small
    out["fact_observation"] = public_fact
    counts["fact_observation"] = int(shown_withheld.sum())

    grand = _is_grand_total(fact)
    totals = public_fact[grand].copy()
    totals["_withheld"] = shown_withheld[grand]
    totals["_complement"] = fact_complement[grand]

    if "mart_country_year" in tables:
        out["mart_country_year"], counts["mart_country_year"] = _country_year(tables["mart_country_year"], public_fact, shown_withheld)
    if "mart_coverage" in tables:
        cov = tables["mart_coverage"].copy()
        if "total_suppressed" in cov.columns:
            flag = totals.set_index(["country_iso3", "year", "indicator"])["_withheld"]
            idx = pd.MultiIndex.from_frame(cov[["country_iso3", "year", "indicator"]])
            cov["total_suppressed"] = flag.reindex(idx).fillna(False).to_numpy(dtype=bool)
        out["mart_coverage"] = cov
    if "mart_regional_year" in tables:
        out["mart_regional_year"] = _regional_year(tables["mart_regional_year"], totals)
    estimates = tables.get("mart_estimates")
    if estimates is not None:
        estimates = estimates.reset_index(drop=True) if len(estimates) else estimates
        pub = estimates.copy()
        est_withheld = decision.est_withheld
        for col in figure_columns("mart_estimates"):
            if col in pub.columns:
                pub[col] = pd.to_numeric(pub[col], errors="coerce").astype(float)
                pub.loc[est_withheld, col] = np.nan
        if "note" in pub.columns:
            pub["note"] = pub["note"].astype("string")
            pub.loc[est_withheld, "note"] = WITHHELD_NOTE
            if decision.est_held is not None:  # a reported row of a held-back cell: not a small count
                pub.loc[est_withheld & decision.est_held, "note"] = held_back_words()["estimate_note"]
        out["mart_estimates"] = pub
        had = pd.to_numeric(estimates["estimate"], errors="coerce").notna().to_numpy()
        counts["mart_estimates"] = int((est_withheld & had).sum())
    regional = tables.get("mart_regional_estimates")
    if regional is not None:
        regional = regional.reset_index(drop=True) if estimates is not None and len(estimates) and len(regional) else regional
        pub = regional.copy()
        if decision.reg_withheld is not None:
            reg_withheld = decision.reg_withheld
        else:  # without the country estimates, nothing shows the regional sums are safe
            reg_withheld = pd.to_numeric(pub["estimate"], errors="coerce").notna().to_numpy()
        # imputed_share too: the imputed members' means are published, so it gives the estimate back.
        for col in figure_columns("mart_regional_estimates"):
            if col in pub.columns:
                pub[col] = pd.to_numeric(pub[col], errors="coerce").astype(float)
                pub.loc[reg_withheld, col] = np.nan
        if "publishable" in pub.columns:
            pub.loc[reg_withheld, "publishable"] = False
        if "reason" in pub.columns:
            pub["reason"] = pub["reason"].astype("string")
            pub.loc[reg_withheld, "reason"] = REGIONAL_WITHHELD_REASON
        # a part beside its year's withheld total would be read as the year's figure (attack3 H-K)
        reg_withheld = reg_withheld | withhold_parts_with_total(pub)
        out["mart_regional_estimates"] = pub
        counts["mart_regional_estimates"] = int(reg_withheld.sum())
    if "mart_hidden_victims" in tables:
        # the observed count goes with the country's new total: withheld when that is not published
        hv_cells = fact[["country_iso3", "year", "indicator"]].assign(_withheld=fact_withheld, _grand=grand)
        out["mart_hidden_victims"], counts["mart_hidden_victims"] = _hidden_victims(tables["mart_hidden_victims"], hv_cells, tables.get("fact_capture_history"))
    for name in ("dim_country", "dim_indicator", "ref_population"):
        if name in tables:
            out[name] = tables[name].copy()
    if "mart_estimate_validation" in tables:
        validation = tables["mart_estimate_validation"].copy()
        few = pd.to_numeric(validation["n_held_out"], errors="coerce").fillna(0) < MIN_HELD_OUT
        for col in ("mean_abs_error", "median_abs_error", "mean_abs_error_last_value", "coverage_95"):
            if col in validation.columns:
                validation[col] = pd.to_numeric(validation[col], errors="coerce").astype(float)
                validation.loc[few, col] = np.nan
        out["mart_estimate_validation"] = validation
        counts["mart_estimate_validation"] = int(few.sum())
    skipped = {
        name: "no disclosure review for this table (add it to ctip/export/suppression.py)"
        for name in tables
        if name not in REVIEWED_TABLES and name not in INTERNAL_INPUTS
    }
    n_primary = int(fact_primary.sum())
    release = release_frame(fact, fact_withheld, fact_primary, current_key)
    if held.any():  # recorded as published: the previous release's state (the new values were not)
        found = held & state["found"].to_numpy(dtype=bool)
        release.loc[found, "value"] = state["value"].to_numpy(dtype=float)[found]
        release.loc[found, "flag"] = state["flag"].to_numpy(dtype=object)[found]
        release.loc[held, "withheld"] = shown_withheld[held]
        release.loc[found, "small"] = state["small"].to_numpy(dtype=bool)[found]
    flow_withheld = flow_primary = None
    if flows is not None and len(flows):
        flow_withheld = decision.flow_withheld.copy()
        flow_primary = decision.flow_primary.copy()
        cells = FlowCells(primary=flow_primary, citizenship=np.array(decision.flow_citizenship, dtype=object))
        release = pd.concat(
            [release, flow_release_frame(flows, cells, flow_withheld, current_key, release["released_at"].iloc[0] if len(release) else None)],
            ignore_index=True,
        )
    return PublicTables(
        out,
        counts,
        n_primary,
        decision.complementary,
        skipped,
        decision.unresolved,
        release,
        decision.previous_cells,
        decision.audit_solves,
        decision.audit_rounds,
        int(held.sum()),
        decision.already_disclosed,
        set(decision.unresolved_blocks),
        flow_withheld,
        flow_primary,
        decision.reused,
    )


def _add_previous_release(problem: Disclosure, fact: pd.DataFrame, fact_ids: np.ndarray, previous: pd.DataFrame) -> PreviousLink:
    """Every earlier release's cells and relations, joined to this release's cells
    (ctip.export.earlier: an unchanged cell is one variable in every release, known if any
    published it; an old value is a frozen cell of its own; each release's relations hold among
    its own values)."""
    return link_earlier(problem, fact, fact_ids, previous, dimension_relations)


def _country_year(mart: pd.DataFrame, public_fact: pd.DataFrame, fact_withheld: np.ndarray) -> tuple[pd.DataFrame, int]:
    mart = mart.copy()
    key_cols = list(KEY_COLUMNS)
    fact_keys = public_fact[key_cols].astype(str)
    mart_keys = mart[["country_iso3", "year", "indicator"]].astype(str)
    if not (fact_keys.isna().any().any() or mart_keys.isna().any().any()):
        return _country_year_by_key(mart, public_fact, fact_withheld, fact_keys, mart_keys)
    index = _key_index(public_fact, list(KEY_COLUMNS))
    values = pd.Series(public_fact["value"].to_numpy(), index=index)
    hidden = pd.Series(fact_withheld, index=index)
    values = values[~index.duplicated()]
    hidden = hidden[~index.duplicated()]
    n = 0
    for column, cell in COUNTRY_YEAR_CELLS.items():
        if column not in mart.columns:
            continue
        keys = mart[["country_iso3", "year", "indicator"]].astype(str).copy()
        for d in DIMENSIONS:
            keys[d] = cell.get(d, TOTAL)
        idx = pd.MultiIndex.from_frame(keys[list(KEY_COLUMNS)])
        mart[column] = pd.array(values.reindex(idx).to_numpy(), dtype="Int64")
        if column == TOTAL_COLUMN and "total_suppressed" in mart.columns:
            mart["total_suppressed"] = pd.Series(hidden.reindex(idx).to_numpy(), dtype="object").astype("boolean").to_numpy()
        n += int(hidden.reindex(idx).fillna(False).sum())
    if "per_100k" in mart.columns and TOTAL_COLUMN in mart.columns:
        pop = pd.to_numeric(mart.get("population"), errors="coerce")
        rate = (mart[TOTAL_COLUMN].astype("Float64") * 100000.0 / pop).round(3)
        mart["per_100k"] = rate.where(pop > 0).astype(float)
    return mart, n


def _country_year_by_key(
    mart: pd.DataFrame, public_fact: pd.DataFrame, fact_withheld: np.ndarray, fact_keys: pd.DataFrame, mart_keys: pd.DataFrame
) -> tuple[pd.DataFrame, int]:
    """_country_year through a dictionary of the fact's keys (the first row of equal keys, as the
    pandas reindex after dropping duplicates): the same columns, without building a MultiIndex
    for every column."""
    key_cols = list(KEY_COLUMNS)
    position: dict[tuple, int] = {}
    for i, key in enumerate(zip(*(fact_keys[c].tolist() for c in key_cols))):
        position.setdefault(key, i)
    values = public_fact["value"].to_numpy()
    base = {c: mart_keys[c].tolist() for c in ("country_iso3", "year", "indicator")}
    n = 0
    for column, cell in COUNTRY_YEAR_CELLS.items():
        if column not in mart.columns:
            continue
        parts = [base[c] if c in base else [cell.get(c, TOTAL)] * len(mart) for c in key_cols]
        found = [position.get(key) for key in zip(*parts)]
        mart[column] = pd.array(np.array([values[i] if i is not None else None for i in found], dtype=object), dtype="Int64")
        hidden = [bool(fact_withheld[i]) if i is not None else None for i in found]
        if column == TOTAL_COLUMN and "total_suppressed" in mart.columns:
            mart["total_suppressed"] = pd.Series(hidden, dtype="object").astype("boolean").to_numpy()
        n += sum(1 for h in hidden if h)
    if "per_100k" in mart.columns and TOTAL_COLUMN in mart.columns:
        pop = pd.to_numeric(mart.get("population"), errors="coerce")
        rate = (mart[TOTAL_COLUMN].astype("Float64") * 100000.0 / pop).round(3)
        mart["per_100k"] = rate.where(pop > 0).astype(float)
    return mart, n


def _regional_year(mart: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Regional sums of the published country totals; withheld totals as a [1, 4] range each."""
    mart = mart.copy()
    t = totals.copy()
    t["_value"] = pd.to_numeric(t["value"], errors="coerce").astype(float)
    t["_primary"] = t["_withheld"] & ~t["_complement"]
    g = t.groupby(["year", "indicator"])
    agg = pd.DataFrame(
        {
            "n_countries_reporting": g.size(),
            "n_countries_with_value": g["_value"].count(),
            "n_countries_suppressed": g["_withheld"].sum(),
            "reported_sum": g["_value"].sum(min_count=1),
            "_primary": g["_primary"].sum(),
            "_complement": g["_complement"].sum(),
        }
    )
    idx = pd.MultiIndex.from_frame(mart[["year", "indicator"]])
    agg = agg.reindex(idx)
    for col in ("n_countries_reporting", "n_countries_with_value", "n_countries_suppressed"):
        if col in mart.columns:
            mart[col] = agg[col].fillna(0).astype("int64").to_numpy()
    base = agg["reported_sum"].fillna(0.0).to_numpy()
    if "reported_sum" in mart.columns:
        mart["reported_sum"] = agg["reported_sum"].to_numpy(dtype=float)
    if "reported_sum_min" in mart.columns:
        # A withheld small total may be 0 (a source's `<5` includes zero): the safe minimum adds nothing.
        mart["reported_sum_min"] = base
    if "reported_sum_max" in mart.columns:
        upper = base + SMALL[1] * agg["_primary"].fillna(0).to_numpy()
        # A total withheld as a complement is not known to be small: no upper bound.
        mart["reported_sum_max"] = np.where(agg["_complement"].fillna(0).to_numpy() > 0, np.nan, upper)
    return mart


def _victims_total_not_shown(cells: pd.DataFrame) -> pd.Series:
    """Per (country, year): whether the victims total the observed count stands for is kept from
    the public: the reported total is withheld, or no total was reported and some part of it is
    withheld (female 20 published, male 3 withheld, no total: observed 23 - 20 gives the male
    count back, attack4 I-C). With the total published, the observed count tells nothing more."""
    victims = cells[cells["indicator"] == load_schema().role("hidden")]
    keys = ["country_iso3", "year"]
    total = victims[victims["_grand"]].groupby(keys)["_withheld"].any()
    parts = victims[~victims["_grand"]].groupby(keys)["_withheld"].any()
    tied = parts.reindex(parts.index.union(total.index)).fillna(False).astype(bool)
    has_total = tied.index.isin(total.index)
    tied[has_total] = total.reindex(tied.index[has_total]).to_numpy(dtype=bool)
    return tied


def _hidden_victims(table: pd.DataFrame, cells: pd.DataFrame, capture: pd.DataFrame | None = None) -> tuple[pd.DataFrame, int]:
    """Multiple systems estimates: the observed count is a count like any other (1-4 withheld),
    and it is withheld with the country's victims total when that total is not shown (it may be
    the same figure: `_victims_total_not_shown`), or when a capture-history cell or overlap behind
    it is 1-4 (the row gives the cells back: capture_cells.py). The estimate, its interval and its
    warnings go with it. cells: the fact cells' country, year, indicator, `_withheld`, `_grand`."""
    pub = table.copy()
    if "observed" not in pub.columns:
        return pub, 0
    observed = pd.to_numeric(pub["observed"], errors="coerce")
    small = observed.between(*SMALL).fillna(False).to_numpy(dtype=bool)
    victims = _victims_total_not_shown(cells)
    idx = pd.MultiIndex.from_arrays([pub["country_iso3"].astype(str), pd.to_numeric(pub["year"]).astype("int64")])
    tied = victims.reindex(idx).fillna(False).to_numpy(dtype=bool)
    hide = small | tied | small_capture_rows(pub, capture, SMALL)
    if "observed" in pub.columns:
        pub["observed"] = pd.array(observed, dtype="Int64")
        pub.loc[hide, "observed"] = pd.NA
    for col in figure_columns("mart_hidden_victims"):
        if col != "observed" and col in pub.columns:
            pub[col] = pd.to_numeric(pub[col], errors="coerce").astype(float)
            pub.loc[hide, col] = np.nan
    if "warnings" in pub.columns:  # they name lists that share no case or few
        pub["warnings"] = pub["warnings"].astype("string")
        pub.loc[hide, "warnings"] = pd.NA
    return pub, int(hide.sum())

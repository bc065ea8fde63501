"""The bounds audit: what an attacker can learn about each withheld small count from everything
published, with a real solver.

The attacker knows every published value (of this release and of the previous one), every
additive relation between cells (`total = sum(parts)`, in each release), that every count is
>= 0, and, as a worst case, which withheld cells are small counts (from 1 to 4: a count of 0 is
published, so a withheld small count is at least 1). For each withheld small count the audit
minimises and maximises it subject to all of that (scipy's HiGHS, `scipy.optimize.linprog`, per
connected component of withheld cells). A small count is safe only when the attacker is left with
its whole a-priori range, 1 to 4: any narrower interval (an exact value, or "2 to 4") is a
disclosure. Linear-programming bounds are outer bounds of the integer ones; where a component is
small, the integer problem (`scipy.optimize.milp`) is solved instead, so integrality cannot narrow
it further.

Generic on purpose: cells are numbers, relations are (total, parts) over cell numbers; a table
joins the audit by adding its cells and relations to the problem (ctip.export.suppression)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ctip.export.highs import HighsProgram as _HighsProgram

# A withheld small count is, a priori, one of 0, 1, 2, 3, 4 (five values: the model, and
# what the publication rule says); the audit demands that the attacker be left with all five.
SMALL = (0.0, 4.0)
TOL = 1e-6
MILP_MAX_VARS = 0  # components up to this many unknowns are solved as integer programs


@dataclass
class AuditResult:
    disclosed: dict[int, tuple[float, float, int]]  # small cell -> (min, max, component)
    n_components: int
    n_solves: int
    infeasible: int  # components whose published relations contradict the bounds (nothing to learn)


class RelationIndex:
    """The members of every relation as flat arrays (built once, read by every audit round):
    `cells[k]` belongs to relation `owner[k]`, relations in order, each total first."""

    def __init__(self, relations: list[tuple[int, tuple[int, ...]]]):
        sizes = np.fromiter(map(len, (parts for _, parts in relations)), dtype=np.int64, count=len(relations)) + 1
        self.cells = np.array(list(chain.from_iterable((total, *parts) for total, parts in relations)), dtype=np.int64)
        self.owner = np.repeat(np.arange(len(relations), dtype=np.int64), sizes)


def _groups(index: RelationIndex, unknown: np.ndarray, check: np.ndarray | None = None):
    """Connected components of the unknown members: for each, in the order of its first relation,
    (root, its relation numbers ascending, its unknown cells ascending); with `check`, only the
    components holding a cell to check (the count of all components is returned beside them)."""
    mask = unknown[index.cells]
    cells, owner = index.cells[mask], index.owner[mask]
    if not len(cells):
        return [], 0
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])  # first unknown member of each relation
    numbers = owner[starts]
    first = cells[starts][np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(cells)]))]
    nodes, inverse = np.unique(np.r_[cells, first], return_inverse=True)
    a, b = inverse[: len(cells)], inverse[len(cells) :]
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(len(nodes), len(nodes)))
    _, label = connected_components(graph, directed=False)
    rel_label = label[inverse[starts]]
    cell_label = label[a]
    out = []
    order_rel = np.argsort(rel_label, kind="stable")  # relation numbers stay ascending within a label
    rel_bounds = np.searchsorted(rel_label[order_rel], np.arange(label.max() + 2))
    order_cell = np.lexsort((cells, cell_label))
    sorted_cells, sorted_label = cells[order_cell], cell_label[order_cell]
    keep = np.r_[True, (sorted_cells[1:] != sorted_cells[:-1]) | (sorted_label[1:] != sorted_label[:-1])]
    sorted_cells, sorted_label = sorted_cells[keep], sorted_label[keep]
    cell_bounds = np.searchsorted(sorted_label, np.arange(label.max() + 2))
    _, first_rel = np.unique(rel_label, return_index=True)
    labels = rel_label[np.sort(first_rel)]  # components in the order of their first relation
    if check is not None:
        has = np.zeros(label.max() + 1, dtype=bool)
        has[sorted_label[check[sorted_cells]]] = True
        labels = labels[has[labels]]
    for k in labels:
        rels = numbers[order_rel[rel_bounds[k] : rel_bounds[k + 1]]]
        out.append((int(sorted_cells[cell_bounds[k]]), rels, sorted_cells[cell_bounds[k] : cell_bounds[k + 1]]))
    return out, len(first_rel)


def components(relations: list[tuple[int, tuple[int, ...]]], unknown: np.ndarray) -> dict[int, list[int]]:
    """Relations grouped by connected component of their unknown members: {root: [relation numbers]}
    (root: the component's smallest unknown cell)."""
    return {root: rels.tolist() for root, rels, _ in _groups(RelationIndex(relations), np.asarray(unknown, dtype=bool))[0]}


def audit(
    relations: list[tuple[int, tuple[int, ...]]],
    unknown: np.ndarray,
    value: np.ndarray,
    small: np.ndarray,
    check: np.ndarray | None = None,
    cache: dict | None = None,
    integer: np.ndarray | None = None,
    store: AnswerStore | None = None,
    index: RelationIndex | None = None,
) -> AuditResult:
    """Withheld small cells (`unknown & small & check`) that the attacker can narrow below 1-4.

    value: the true value of each cell (used for the published ones); small: cells known to be a
    count from 1 to 4 (bounds [1, 4]); other unknowns are bounded below by 0 only. `cache` keeps
    each component's answer between calls (same relations, unknowns and bounds: same answer);
    `store` keeps them between runs, keyed by the component's linear program itself; `index`:
    the relations' RelationIndex, when the caller audits the same relations round after round."""
    unknown = np.asarray(unknown, dtype=bool)
    small = np.asarray(small, dtype=bool)
    check = unknown & small if check is None else (np.asarray(check, dtype=bool) & unknown & small)
    integer = np.ones(len(value), dtype=bool) if integer is None else integer
    cache = {} if cache is None else cache
    disclosed: dict[int, tuple[float, float, int]] = {}
    n_solves = infeasible = 0
    groups, n_components = _groups(index if index is not None else RelationIndex(relations), unknown, check)
    for root, numbers, cells in groups:
        key = (cells.tobytes(), numbers.tobytes(), small[cells].tobytes())
        if key not in cache:
            cell_list = cells.tolist()
            targets = [c for c in cell_list if check[c]]
            cache[key] = _solve_component([relations[n] for n in numbers.tolist()], cell_list, targets, unknown, value, small, integer, store)
        answer, solves, bad = cache[key]
        n_solves += solves
        infeasible += bad
        for c, (lo, hi) in answer.items():
            disclosed[c] = (lo, hi, root)
    return AuditResult(disclosed, n_components, n_solves, infeasible)


class AnswerStore:
    """Answers of component programs between runs: {digest of the program: (answer, solves, bad)}.

    The answer of a component is a function of its program alone (the matrix of its relations
    over the unknowns, the right-hand sides from the published values, the bounds, which unknowns
    are targets and which of them nobody knows), so a program seen before is not solved again:
    after one changed submission only the components it touches are solved. The digest covers
    exactly those inputs; `version` (the solver code and library) is checked by the owner of the
    file (ctip.export.audit_store)."""

    def __init__(self, entries: dict | None = None):
        self.entries: dict[str, tuple[list, int, int]] = dict(entries or {})
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def get(self, digest: str):
        found = self.entries.get(digest)
        if found is not None:
            self.used.add(digest)
            self.hits += 1
        else:
            self.misses += 1
        return found

    def put(self, digest: str, answer: tuple[list, int, int]) -> None:
        self.entries[digest] = answer
        self.used.add(digest)

    def kept(self) -> dict:
        """The entries used by this run (older programs will not come back once replaced)."""
        return {d: self.entries[d] for d in self.used}


def _program(rels, cells, targets, unknown, value, small):
    """The component's linear program in its own numbering: (a, b, lower, upper, idx)."""
    index = {c: i for i, c in enumerate(cells)}
    n = len(cells)
    a = np.zeros((len(rels), n))
    b = np.zeros(len(rels))
    for r, (total, parts) in enumerate(rels):
        for cell, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
            if unknown[cell]:
                a[r, index[cell]] += sign
            else:
                b[r] -= sign * value[cell]
    lower = np.array([SMALL[0] if small[c] else 0.0 for c in cells])
    upper = np.array([SMALL[1] if small[c] else np.inf for c in cells])
    idx = np.array([index[c] for c in targets], dtype=np.int64)
    return a, b, lower, upper, idx


def _digest(a, b, lower, upper, idx, unknown_truth, integral) -> str:
    h = hashlib.sha256()
    h.update(np.array([*a.shape, int(integral), MILP_MAX_VARS], dtype=np.int64).tobytes())
    for arr in (a, b, lower, upper):
        h.update(np.ascontiguousarray(arr, dtype=np.float64).tobytes())
    h.update(idx.tobytes())
    h.update(np.asarray(unknown_truth, dtype=bool).tobytes())
    h.update(repr((SMALL, TOL)).encode())
    return h.hexdigest()


def _solve_component(rels, cells, targets, unknown, value, small, integer, store=None):
    a, b, lower, upper, idx = _program(rels, cells, targets, unknown, value, small)
    n = len(cells)
    integral = n <= MILP_MAX_VARS
    nobody_knows = np.isnan(np.asarray([value[c] for c in targets], dtype=float))
    digest = None
    if store is not None:
        digest = _digest(a, b, lower, upper, idx, nobody_knows, integral)
        if integral:
            digest += "|" + "".join("1" if integer[c] else "0" for c in cells)
        found = store.get(digest)
        if found is not None:
            local, solves, bad = found
            return {targets[int(t)]: (float(lo), float(hi)) for t, lo, hi in local}, int(solves), int(bad)
    integrality = np.array([1 if integer[c] else 0 for c in cells]) if integral else None
    local, solves, bad = _solve_program(a, b, lower, upper, idx, nobody_knows, integrality)
    if store is not None:
        store.put(digest, (local, solves, bad))
    return {targets[t]: (lo, hi) for t, lo, hi in local}, solves, bad


def _solve_program(a, b, lower, upper, idx, nobody_knows, integrality=None):
    """[(target number, lo, hi)] for the targets the attacker can narrow, solves, infeasible (0/1)."""
    n = a.shape[1]
    solves = 0
    ub = [None if np.isinf(u) else u for u in upper]
    fast = _HighsProgram.make(a, b, lower, upper) if integrality is None else None

    def optimise(objective: np.ndarray):
        nonlocal solves
        solves += 1
        if integrality is not None:
            return milp(objective, constraints=LinearConstraint(a, b, b), bounds=Bounds(lower, upper), integrality=integrality)
        if fast is not None:
            return fast.minimise(objective)
        return linprog(objective, A_eq=a, b_eq=b, bounds=list(zip(lower, ub)), method="highs")

    # A target is safe once some feasible point puts it at 0 and another at 4. Each solution found
    # certifies every target it reaches, so most targets need no solve of their own: first the
    # points minimising and maximising all targets together, then one target at a time.
    k = len(idx)
    reach_lo = np.zeros(k, dtype=bool)
    reach_hi = np.zeros(k, dtype=bool)
    lo_val = np.full(k, np.nan)
    hi_val = np.full(k, np.nan)

    def certify(x: np.ndarray) -> None:
        reach_lo[:] |= x[idx] <= SMALL[0] + TOL
        reach_hi[:] |= x[idx] >= SMALL[1] - TOL

    for sense in (1.0, -1.0):
        objective = np.zeros(n)
        objective[idx] = sense
        res = optimise(objective)
        if res.status == 2:  # infeasible: the published data contradict the bounds
            return [], solves, 1
        if res.status == 0:
            certify(res.x)
    out: list[tuple[int, float, float]] = []
    for t in range(k):
        for sense, reached, store in ((1.0, reach_lo, lo_val), (-1.0, reach_hi, hi_val)):
            if reached[t]:
                continue
            objective = np.zeros(n)
            objective[idx[t]] = sense
            res = optimise(objective)
            if res.status != 0:
                break
            store[t] = sense * res.fun
            certify(res.x)
        if not (reach_lo[t] and reach_hi[t]):
            lo = SMALL[0] if reach_lo[t] else lo_val[t]
            hi = SMALL[1] if reach_hi[t] else hi_val[t]
            # A cell nobody knows (suppressed by the source: 1 to 4) that the relations pin below 1
            # gives the attacker a wrong answer: some relation does not hold for it, not a leak.
            wrong = bool(nobody_knows[t]) and hi < 1.0 - TOL
            if not (np.isnan(lo) or np.isnan(hi) or wrong):
                out.append((t, float(lo), float(hi)))
    return out, solves, 0

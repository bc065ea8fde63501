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

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

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


def components(relations: list[tuple[int, tuple[int, ...]]], unknown: np.ndarray) -> dict[int, list[int]]:
    """Relations grouped by connected component of their unknown members: {root: [relation numbers]}."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members_of = {}
    for number, (total, parts) in enumerate(relations):
        members = [c for c in (total, *parts) if unknown[c]]
        if not members:
            continue
        members_of[number] = members
        for m in members[1:]:
            a, b = find(members[0]), find(m)
            if a != b:
                parent[a] = b
    out: dict[int, list[int]] = defaultdict(list)
    for number, members in members_of.items():
        out[find(members[0])].append(number)
    return out


def audit(
    relations: list[tuple[int, tuple[int, ...]]],
    unknown: np.ndarray,
    value: np.ndarray,
    small: np.ndarray,
    check: np.ndarray | None = None,
    cache: dict | None = None,
    integer: np.ndarray | None = None,
) -> AuditResult:
    """Withheld small cells (`unknown & small & check`) that the attacker can narrow below 1-4.

    value: the true value of each cell (used for the published ones); small: cells known to be a
    count from 1 to 4 (bounds [1, 4]); other unknowns are bounded below by 0 only. `cache` keeps
    each component's answer between calls (same relations, unknowns and bounds: same answer)."""
    check = unknown & small if check is None else (check & unknown & small)
    integer = np.ones(len(value), dtype=bool) if integer is None else integer
    cache = {} if cache is None else cache
    disclosed: dict[int, tuple[float, float, int]] = {}
    n_solves = infeasible = 0
    comps = components(relations, unknown)
    for root, numbers in comps.items():
        cells = sorted({c for n in numbers for c in (relations[n][0], *relations[n][1]) if unknown[c]})
        targets = [c for c in cells if check[c]]
        if not targets:
            continue
        key = (tuple(cells), tuple(numbers), tuple(bool(small[c]) for c in cells))
        if key not in cache:
            cache[key] = _solve_component([relations[n] for n in numbers], cells, targets, unknown, value, small, integer)
        answer, solves, bad = cache[key]
        n_solves += solves
        infeasible += bad
        for c, (lo, hi) in answer.items():
            disclosed[c] = (lo, hi, root)
    return AuditResult(disclosed, len(comps), n_solves, infeasible)


def _solve_component(rels, cells, targets, unknown, value, small, integer):
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
    integral = n <= MILP_MAX_VARS
    solves = 0
    ub = [None if np.isinf(u) else u for u in upper]

    def optimise(objective: np.ndarray):
        nonlocal solves
        solves += 1
        if integral:
            res = milp(
                objective, constraints=LinearConstraint(a, b, b), bounds=Bounds(lower, upper), integrality=np.array([1 if integer[c] else 0 for c in cells])
            )
        else:
            res = linprog(objective, A_eq=a, b_eq=b, bounds=list(zip(lower, ub)), method="highs")
        return res

    # A target is safe once some feasible point puts it at 0 and another at 4. Each solution found
    # certifies every target it reaches, so most targets need no solve of their own: first the
    # points minimising and maximising all targets together, then one target at a time.
    idx = np.array([index[c] for c in targets])
    reach_lo = np.zeros(len(targets), dtype=bool)
    reach_hi = np.zeros(len(targets), dtype=bool)
    lo_val = np.full(len(targets), np.nan)
    hi_val = np.full(len(targets), np.nan)

    def certify(x: np.ndarray) -> None:
        reach_lo[:] |= x[idx] <= SMALL[0] + TOL
        reach_hi[:] |= x[idx] >= SMALL[1] - TOL

    for sense in (1.0, -1.0):
        objective = np.zeros(n)
        objective[idx] = sense
        res = optimise(objective)
        if res.status == 2:  # infeasible: the published data contradict the bounds
            return {}, solves, 1
        if res.status == 0:
            certify(res.x)
    out: dict[int, tuple[float, float]] = {}
    for t, c in enumerate(targets):
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
            wrong = np.isnan(value[c]) and hi < 1.0 - TOL
            if not (np.isnan(lo) or np.isnan(hi) or wrong):
                out[c] = (float(lo), float(hi))
    return out, solves, 0

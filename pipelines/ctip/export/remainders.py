"""The unreported remainder of an incomplete breakdown, as a cell of the disclosure problem
(attack6 K-H, K-I).

A relation `total = sum(parts)` whose parts fall short of the total (JAM: persons prosecuted
Female 5, Total 6, no Male column; UNODC: TTO 2018 total 11, adults 9, no children) was dropped
as "not holding": the audit then protected the reported cells only, while a reader subtracts the
published parts from the published total and reads the rest (1 non-female, 2 non-adults). The
remainder is a count like any other (the male-or-unknown, the child-or-unknown, the foreigners not
listed): here it becomes a cell of its own, never published, and the relation
`total = parts + rest` joins the problem. A rest from 1 to 4 is a small count, protected as a
primary cell (withheld parts or totals as complements until it keeps its whole 0-4 range); a
larger rest only ties the withheld cells together, as an attacker who knows that counts are never
negative ties them (K-I: total 17, nationals 10, so the two withheld flows add up to 7).

Only relations between counts whose parts certainly fall short of the total get a rest: one that
can hold exactly is kept as an equality (the attacker may know the breakdown is complete, the
stronger assumption), and one whose parts exceed the total stays out (it cannot be true). Every
rest is computed from the true values, so the relations it adds hold for them: the audit's
feasible set only shrinks (it credits the attacker with more, never less)."""

from __future__ import annotations

import numpy as np

from ctip.export.audit import RelationIndex

SMALL = (1, 4)  # a source's `<5` (no value) is one of these
REL_TOL = 1e-6


def _gaps(relations: list[tuple[int, tuple[int, ...]]], value: np.ndarray, primary: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per relation: the least and greatest possible value of `total - sum(parts)` (a member
    without value is 1-4 when flagged small, else 0 or more), and a tolerance for its sums."""
    index = RelationIndex(relations)
    cells = index.cells
    head = np.r_[True, index.owner[1:] != index.owner[:-1]]
    starts = np.flatnonzero(head)
    sign = np.where(head, 1.0, -1.0)
    v = value[cells]
    missing = np.isnan(v)
    small = primary[cells]
    a = np.where(small, float(SMALL[0]), 0.0)
    b = np.where(small, float(SMALL[1]), np.inf)
    known = np.where(missing, 0.0, v)
    lo = np.where(missing, np.where(sign > 0, a, -b), sign * known)
    hi = np.where(missing, np.where(sign > 0, b, -a), sign * known)
    tol = REL_TOL * np.maximum(np.maximum.reduceat(np.abs(known), starts), 1.0)
    return np.add.reduceat(lo, starts), np.add.reduceat(hi, starts), tol


def add_remainders(problem) -> dict[int, int]:
    """Give every count relation of `problem` (ctip.export.suppression.Disclosure) whose parts
    certainly fall short of its total a rest cell: `total = parts + rest`, the rest withheld from
    the start, primary when it is a count from 1 to 4. Relations keep their numbers (the previous
    release's range stays right); one relation seen twice (this release and an earlier one with
    the same cells) shares its rest. Returns {rest cell: the relation's total cell}."""
    relations = problem.relations
    if not relations:
        return {}
    value = np.asarray(problem.value, dtype=float)
    primary = np.asarray(problem.primary, dtype=bool)
    integer = np.asarray(problem.integer, dtype=bool)
    index = RelationIndex(relations)
    starts = np.flatnonzero(np.r_[True, index.owner[1:] != index.owner[:-1]])
    counts = np.add.reduceat((~integer[index.cells]).astype(np.int64), starts) == 0  # counts only
    lo, hi, tol = _gaps(relations, value, primary)
    short = counts & (lo > tol) & np.isfinite(lo)
    if not short.any():
        return {}
    rest_of_relation: dict[tuple[int, tuple[int, ...]], int] = {}
    pending: list[tuple[int, tuple[int, tuple[int, ...]]]] = []
    values: list[float] = []
    for i in np.flatnonzero(short).tolist():
        total, parts = relations[i]
        key = (int(total), tuple(sorted(int(p) for p in parts)))
        if key not in rest_of_relation:
            exact = abs(hi[i] - lo[i]) <= tol[i]
            rest_of_relation[key] = len(values)
            values.append(float(round(lo[i])) if exact else np.nan)
        pending.append((i, key))
    rest = np.asarray(values, dtype=float)
    small = ~np.isnan(rest) & (rest >= SMALL[0]) & (rest <= SMALL[1])
    ids = problem.add(rest, primary=small, preset=True)
    for i, key in pending:
        total, parts = relations[i]
        relations[i] = (total, (*parts, int(ids[rest_of_relation[key]])))
    return {int(ids[k]): key[0] for key, k in rest_of_relation.items()}

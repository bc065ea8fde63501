"""A nationality x sex (x age) table: the flows are published with the fact cells of the same
table, and the two ways of adding them up cross (attack4 I-I).

TTO 2021 "Victims by nationality and sex": Trinidadian F 9 / M 1 / T 10; Venezuelan 20 / 9 / 29;
Guyanese F 4 / M 5 / T 9; Total 33 / 15 / 48. fact_observation holds the citizenship totals by sex
(33, 15, 48) and the nationals row (9, 1, 10, linked to the Trinidadian flows by lineage);
fact_flow holds every nationality by sex. Withholding one complement per row protects each
nationality's relation, but not the sex relation through the female/male totals:
15 = TTO-M + 9 + GUY-M and GUY-M = 9 - GUY-F give GUY-F = TTO-M + 3, so both small cells are
narrowed to two values. The attacker below is an LP written apart from ctip.export.audit: it
knows every published number of both files, every margin of the partner x sex x age cube, counts
>= 0 and withheld small counts (flag `suppressed`) in 0-4."""

from __future__ import annotations

from itertools import product

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from ctip.export.flow_suppression import protect_flows
from ctip.export.suppression import protect
from ctip.schema import KEY_COLUMNS

T = "total"
PARTNERS = {"TTO": "Trinidadian", "VEN": "Venezuelan", "GUY": "Guyanese"}
NATIONAL = "TTO"


def _tables(cube: dict[tuple[str, str, str], int]) -> dict[str, pd.DataFrame]:
    """fact_observation and fact_flow of one TTO 2021 table from its inner cells
    {(partner, sex, age): value}; every margin is added (a total is the sum of its parts)."""
    sexes = sorted({s for _, s, _ in cube})
    ages = sorted({a for _, _, a in cube})
    both = [*sexes, T] if len(sexes) > 1 else [T]
    all_ages = [*ages, T] if len(ages) > 1 else [T]

    def value(p: str, s: str, a: str) -> int:
        return sum(v for (pp, ss, aa), v in cube.items() if p in (pp, T) and s in (ss, T) and a in (aa, T))

    def cell(p: str, s: str, a: str) -> str:  # one source cell per (partner, sex, age)
        return f"{p}-{s}-{a}"

    fact_rows, lineage = [], []
    for s, a in product(both, all_ages):
        for code, p in ((T, T), ("national", NATIONAL)):
            fact_rows.append(("TTO", 2021, "victims_detected", s, a, T, code, value(p, s, a), None))
            lineage.append(cell(p, s, a))
    fact = pd.DataFrame(fact_rows, columns=[*KEY_COLUMNS, "value", "flag"])
    fact["value"] = pd.array(fact["value"], dtype="Int64")
    fact["submission_id"], fact["source_file"], fact["source_sheet"] = "s", "nat.csv", "nat"
    fact["source_cell"] = lineage
    flow_rows = [(p, s, a) for p in PARTNERS for s, a in product(both, all_ages)]
    flows = pd.DataFrame(
        {
            "country_iso3": "TTO",
            "partner_iso3": [p for p, _, _ in flow_rows],
            "partner_label": [PARTNERS[p] for p, _, _ in flow_rows],
            "relation": "citizenship",
            "year": 2021,
            "indicator": "victims_detected",
            "sex": [s for _, s, _ in flow_rows],
            "age_group": [a for _, _, a in flow_rows],
            "exploitation": T,
            "value": pd.array([value(*r) for r in flow_rows], dtype="Int64"),
            "flag": None,
            "submission_id": "s",
            "source_sheet": "nat",
            "source_cell": [cell(*r) for r in flow_rows],
        }
    )
    return {"fact_observation": fact, "fact_flow": flows}


def _public(tables: dict[str, pd.DataFrame]) -> tuple[dict[tuple, float], set[tuple], dict[tuple, float]]:
    """(published {(partner, sex, age): value}, withheld small cells, truth) from both public files;
    partner T = the citizenship total, the nationals row = the national flow."""
    public = protect(tables)
    fact = public.tables["fact_observation"]
    flows = protect_flows(tables, fact, decided=(public.flow_withheld, public.flow_primary)).tables["fact_flow"]
    published, small, truth = {}, set(), {}
    for r in fact.itertuples():
        key = (T if r.citizenship == T else NATIONAL, r.sex, r.age_group)
        if not pd.isna(r.value):
            published[key] = float(r.value)
    for r, true in zip(flows.itertuples(), tables["fact_flow"]["value"]):
        key = (r.partner_iso3, r.sex, r.age_group)
        truth[key] = float(true)
        if not pd.isna(r.value):
            published[key] = float(r.value)
        elif r.flag == "suppressed":
            small.add(key)
    return published, small, truth


def _cube_relations(cells: list[tuple]) -> list[tuple[tuple, list[tuple]]]:
    """Along each of partner, sex and age: the total = the sum of the other codes, the rest equal."""
    present = set(cells)
    relations = []
    for axis in range(3):
        for c in cells:
            if c[axis] != T:
                continue
            parts = [d for d in present if d[axis] != T and all(d[k] == c[k] for k in range(3) if k != axis)]
            if parts:
                relations.append((c, parts))
    return relations


def _lp_ranges(published: dict[tuple, float], small: set[tuple], cells: list[tuple]) -> dict[tuple, tuple[float, float]]:
    unknown = [c for c in cells if c not in published]
    index = {c: i for i, c in enumerate(unknown)}
    a, b = [], []
    for total, parts in _cube_relations(cells):
        row, rhs = np.zeros(len(unknown)), 0.0
        for c, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
            if c in published:
                rhs -= sign * published[c]
            else:
                row[index[c]] += sign
        if row.any():
            a.append(row)
            b.append(rhs)
    box = [(0.0, 4.0) if c in small else (0.0, None) for c in unknown]
    out = {}
    for c in small:
        ends = []
        for sense in (1.0, -1.0):
            obj = np.zeros(len(unknown))
            obj[index[c]] = sense
            res = linprog(obj, A_eq=np.array(a) if a else None, b_eq=np.array(b) if b else None, bounds=box, method="highs")
            assert res.status == 0, res.message
            ends.append(sense * res.fun)
        out[c] = (ends[0], ends[1])
    return out


def _narrowed(cube: dict[tuple[str, str, str], int]) -> tuple[dict, set]:
    tables = _tables(cube)
    published, small, truth = _public(tables)
    for key, v in published.items():  # nothing published is small, and what is published is true
        assert not 1 <= v <= 4, key
        assert v == truth.get(key, v), key
    cells = sorted({*truth, *((T, s, a) for _, s, a in truth)})
    ranges = _lp_ranges(published, small, cells)
    return {c: r for c, r in ranges.items() if r[0] > 1e-6 or r[1] < 4 - 1e-6}, small


FINDING = {
    ("TTO", "female", T): 9,
    ("TTO", "male", T): 1,
    ("VEN", "female", T): 20,
    ("VEN", "male", T): 9,
    ("GUY", "female", T): 4,
    ("GUY", "male", T): 5,
}
OTHER_VALUES = {**FINDING, ("TTO", "female", T): 8, ("TTO", "male", T): 2, ("GUY", "female", T): 3, ("GUY", "male", T): 6}


@pytest.mark.parametrize("cube", [FINDING, OTHER_VALUES], ids=["tto_m1_guy_f4", "tto_m2_guy_f3"])
def test_small_flows_by_sex_keep_0_to_4(cube):
    narrowed, small = _narrowed(cube)
    assert {("TTO", "male", T), ("GUY", "female", T)} <= small
    assert narrowed == {}


def _random_cube(seed: int) -> dict[tuple[str, str, str], int]:
    rng = np.random.default_rng(seed)
    cube = {}
    for p, s, a in product(PARTNERS, ("female", "male"), ("adult", "child")):
        cube[(p, s, a)] = int(rng.choice([1, 2, 3, 4, 6, 9, 15])) if rng.random() < 0.8 else int(rng.integers(5, 30))
    return cube


@pytest.mark.parametrize("seed", range(6))
def test_small_flows_by_sex_and_age_keep_0_to_4(seed):
    """The same across three dimensions (partner x sex x age, every margin public or withheld)."""
    narrowed, _ = _narrowed(_random_cube(seed))
    assert narrowed == {}

"""Flows by nationality and sex are related to fact_observation's sex totals (attack4 I-I).

TTO 2021 "victims by nationality and sex": Trinidadian F 9 / M 1 / T 10; Venezuelan 20 / 9 / 29;
Guyanese F 4 / M 5 / T 9; Total 33 / 15 / 48. With the female and male totals public, and
Venezuelan F 20 and M 9 published, males 15 = TTO-M + 9 + GUY-M and GUY-M = 9 - GUY-F gave
GUY-F = TTO-M + 3: both small counts narrowed to {0, 1} and {3, 4}. The attacker below (an LP,
written apart from ctip.export.audit) knows every published value and the relations a reader
sees: each sex total is the sum of that sex's flows over partners, each partner's F + M = its
total. Both small flows must keep their whole range 0-4."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from ctip.export.flow_suppression import protect_flows
from ctip.export.suppression import protect
from ctip.schema import KEY_COLUMNS

PARTNERS = [("TTO", "Trinidadian", {"female": 9, "male": 1}), ("VEN", "Venezuelan", {"female": 20, "male": 9}), ("GUY", "Guyanese", {"female": 4, "male": 5})]
COLUMN = {"female": "B", "male": "C", "total": "D"}
SEXES = ("female", "male")


def _tables() -> dict[str, pd.DataFrame]:
    """fact_observation (sex totals, nationals by sex) and fact_flow of the table above, with the
    lineage that makes the nationals row both a fact cell and a flow."""
    by_sex = {s: sum(v[s] for _, _, v in PARTNERS) for s in SEXES}
    nationals = PARTNERS[0][2]
    fact_rows = [("total", "total", sum(by_sex.values()), "D6")]
    fact_rows += [(s, "total", by_sex[s], f"{COLUMN[s]}6") for s in SEXES]
    fact_rows += [("total", "national", sum(nationals.values()), "D3")]
    fact_rows += [(s, "national", nationals[s], f"{COLUMN[s]}3") for s in SEXES]
    fact = pd.DataFrame(
        [("TTO", 2021, "victims_detected", sex, "total", "total", cit, v, None) for sex, cit, v, _ in fact_rows],
        columns=[*KEY_COLUMNS, "value", "flag"],
    )
    fact["value"] = pd.array(fact["value"], dtype="Int64")
    fact["submission_id"], fact["source_file"], fact["source_sheet"] = "s", "nat.csv", "nat"
    fact["source_cell"] = [cell for *_, cell in fact_rows]
    rows = []
    for i, (iso, label, values) in enumerate(PARTNERS):
        for sex in (*SEXES, "total"):
            value = sum(values.values()) if sex == "total" else values[sex]
            rows.append((iso, label, sex, value, f"{COLUMN[sex]}{3 + i}"))
    flows = pd.DataFrame(
        {
            "country_iso3": "TTO",
            "partner_iso3": [r[0] for r in rows],
            "partner_label": [r[1] for r in rows],
            "relation": "citizenship",
            "year": 2021,
            "indicator": "victims_detected",
            "sex": [r[2] for r in rows],
            "age_group": "total",
            "exploitation": "total",
            "value": pd.array([r[3] for r in rows], dtype="Int64"),
            "flag": None,
            "submission_id": "s",
            "source_sheet": "nat",
            "source_cell": [r[4] for r in rows],
        }
    )
    return {"fact_observation": fact, "fact_flow": flows}


def _published(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], float]:
    """{(partner or 'all', sex): value} of what the exports publish."""
    public = protect(tables)
    assert public.unresolved == 0
    fact = public.tables["fact_observation"]
    out = {("all", s): float(v) for s, c, v in zip(fact["sex"], fact["citizenship"], fact["value"]) if c == "total" and not pd.isna(v)}
    decided = getattr(public, "flow_withheld", None)  # flows decided with the fact cells (attack3 H-I)
    decided = None if decided is None else (decided, public.flow_primary)
    flows = protect_flows(tables, fact, decided=decided).tables["fact_flow"]
    out.update({(p, s): float(v) for p, s, v in zip(flows["partner_iso3"], flows["sex"], flows["value"]) if not pd.isna(v)})
    return out


def _range(known: dict[tuple[str, str], float], target: tuple[str, str], small: list[tuple[str, str]]) -> tuple[float, float]:
    partners = [iso for iso, _, _ in PARTNERS]
    cells = [(p, s) for p in [*partners, "all"] for s in (*SEXES, "total")]
    unknown = [c for c in cells if c not in known]
    rows, rhs = [], []

    def relate(total, parts):
        row = np.zeros(len(unknown))
        b = 0.0
        for cell, sign in [(total, 1.0), *((p, -1.0) for p in parts)]:
            if cell in known:
                b -= sign * known[cell]
            else:
                row[unknown.index(cell)] += sign
        rows.append(row)
        rhs.append(b)

    for s in (*SEXES, "total"):
        relate(("all", s), [(p, s) for p in partners])
    for p in [*partners, "all"]:
        relate((p, "total"), [(p, s) for s in SEXES])
    bounds = [(0.0, 4.0) if c in small else (0.0, None) for c in unknown]
    ends = []
    for sense in (1.0, -1.0):
        obj = np.zeros(len(unknown))
        obj[unknown.index(target)] = sense
        res = linprog(obj, A_eq=np.array(rows), b_eq=rhs, bounds=bounds, method="highs")
        assert res.status == 0, res.message
        ends.append(sense * res.fun)
    return ends[0], ends[1]


def test_small_flows_by_sex_keep_their_range_given_the_sex_totals():
    published = _published(_tables())
    small = [("TTO", "male"), ("GUY", "female")]
    assert not set(small) & published.keys()
    for cell in small:
        lo, hi = _range(published, cell, small)
        assert lo <= 0 and hi >= 4, (cell, lo, hi, published)
    # The attacker has teeth: with the Venezuelan flows by sex published, GUY-F = TTO-M + 3.
    lo, hi = _range({**published, ("VEN", "female"): 20.0, ("VEN", "male"): 9.0}, ("GUY", "female"), small)
    assert (lo, hi) == (3.0, 4.0)

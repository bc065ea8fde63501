"""Flows are protected against the previous release like fact cells (attack3 H-I).

Release 1: TTO 2020 by nationality Trinidadian 6, Venezuelan 25, Guyanese 9, total 40, all
published. Release 2: the same with Haitian 2, total 42. Protected within release 2 only, the
Guyanese 9 was withheld as the Haitian flow's complement: with release 1's Guyanese 9,
Haitian = 42 - 6 - 25 - 9 = 2. The attacker below (an LP, written apart from ctip.export.audit)
knows both releases' published values, takes release 1's value of a cell release 2 withholds, and
the relation total = the citizenship flows."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
from scipy.optimize import linprog

from ctip.export.flow_suppression import protect_flows
from ctip.export.releases import read_release_cells, record_release, releases_path
from ctip.export.suppression import protect
from ctip.schema import KEY_COLUMNS

NATIONALITIES = [("TTO", "Trinidadian"), ("VEN", "Venezuelan"), ("GUY", "Guyanese"), ("HTI", "Haitian")]


def _release(values: dict[str, int]) -> dict[str, pd.DataFrame]:
    """fact_observation (total, nationals) and fact_flow of one TTO 2020 nationality table."""
    total = sum(values.values())
    fact = pd.DataFrame(
        [("TTO", 2020, "victims_detected", "total", "total", "total", c, v, None) for c, v in (("total", total), ("national", values["TTO"]))],
        columns=[*KEY_COLUMNS, "value", "flag"],
    )
    fact["value"] = pd.array(fact["value"], dtype="Int64")
    fact["submission_id"], fact["source_file"], fact["source_sheet"] = "s", "nat.csv", "nat"
    fact["source_cell"] = ["B99", "B3"]  # the nationals row is also the flow's cell
    rows = [(iso, label) for iso, label in NATIONALITIES if iso in values]
    flows = pd.DataFrame(
        {
            "country_iso3": "TTO",
            "partner_iso3": [iso for iso, _ in rows],
            "partner_label": [label for _, label in rows],
            "relation": "citizenship",
            "year": 2020,
            "indicator": "victims_detected",
            "sex": "total",
            "age_group": "total",
            "exploitation": "total",
            "value": pd.array([values[iso] for iso, _ in rows], dtype="Int64"),
            "flag": None,
            "submission_id": "s",
            "source_sheet": "nat",
            "source_cell": [f"B{3 + i}" for i in range(len(rows))],
        }
    )
    return {"fact_observation": fact, "fact_flow": flows}


def _published(tables: dict[str, pd.DataFrame], public) -> dict[str, float]:
    """{cell: value} of what a release publishes: 'total' and each partner's flow."""
    fact = public.tables["fact_observation"]
    out = {}
    total = fact[fact["citizenship"] == "total"]["value"].iloc[0]
    if not pd.isna(total):
        out["total"] = float(total)
    decided = getattr(public, "flow_withheld", None)  # flows decided with the fact cells, when protect() does
    decided = None if decided is None else (decided, public.flow_primary)
    flows = protect_flows(tables, fact, decided=decided).tables["fact_flow"]
    for iso, value in zip(flows["partner_iso3"], flows["value"]):
        if not pd.isna(value):
            out[iso] = float(value)
    return out


def _haitian_range(pub1: dict[str, float], pub2: dict[str, float]) -> tuple[float, float]:
    known = {**pub2, **{k: v for k, v in pub1.items() if k not in pub2 and k != "total"}}
    cells = ["total", *(iso for iso, _ in NATIONALITIES)]
    unknown = [c for c in cells if c not in known]
    row = np.array([1.0 if c == "total" else -1.0 for c in unknown])
    rhs = sum(v for c, v in known.items() if c != "total") - known.get("total", 0.0)
    bounds = [(0.0, 4.0) if c == "HTI" else (0.0, None) for c in unknown]
    i = unknown.index("HTI")
    ends = []
    for sense in (1.0, -1.0):
        obj = np.zeros(len(unknown))
        obj[i] = sense
        res = linprog(obj, A_eq=row[None, :], b_eq=[rhs], bounds=bounds, method="highs")
        assert res.status == 0, res.message
        ends.append(sense * res.fun)
    return ends[0], ends[1]


def test_withheld_flow_is_not_recovered_with_the_previous_release():
    first = _release({"TTO": 6, "VEN": 25, "GUY": 9})
    p1 = protect(first)
    pub1 = _published(first, p1)
    assert pub1 == {"total": 40.0, "TTO": 6.0, "VEN": 25.0, "GUY": 9.0}

    second = _release({"TTO": 6, "VEN": 25, "GUY": 9, "HTI": 2})
    p2 = protect({**second, "release_cells": p1.release})
    pub2 = _published(second, p2)
    assert "HTI" not in pub2
    lo, hi = _haitian_range(pub1, pub2)
    assert lo <= 0 and hi >= 4, (lo, hi, pub2)
    assert p2.unresolved == 0
    # release 1's flow cells were recorded with its fact cells, and release 2 read them
    assert p1.release["partner"].notna().sum() == 3 and p2.previous_cells == len(p1.release)
    # the attack works on release 2 protected on its own (the complement is a flow release 1 published)
    alone = protect(second)
    lo, hi = _haitian_range(pub1, _published(second, alone))
    assert lo == hi == 2


def test_old_release_history_is_migrated(tmp_path):
    """A releases.duckdb written before flows were recorded (no partner column) is read as fact
    cells, and the next release is recorded beside it in the new shape."""
    warehouse = tmp_path / "warehouse.duckdb"
    first = _release({"TTO": 6, "VEN": 25, "GUY": 9})
    p1 = protect(first)
    old_rows = p1.release[p1.release["partner"].isna()].drop(columns=["partner"])
    path = releases_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.register("old_rows", old_rows)
        con.execute("create table release_cells as select * from old_rows")
    cells = read_release_cells(warehouse)
    assert cells is not None and "partner" in cells.columns and cells["partner"].isna().all()
    second = _release({"TTO": 6, "VEN": 25, "GUY": 9, "HTI": 2})
    p2 = protect({**second, "release_cells": cells})
    assert p2.unresolved == 0 and p2.previous_cells == len(old_rows)
    assert record_release(warehouse, p2.release) == len(p2.release)
    after = read_release_cells(warehouse)
    assert after["release_key"].nunique() == 2
    kept = after[after["release_key"] == p1.release["release_key"].iloc[0]]
    assert len(kept) == len(old_rows) and kept["partner"].isna().all()
    assert after["partner"].notna().sum() == 4

"""Small-cell suppression for the flow tables, with the rules of ctip.export.suppression.

Primary: a flow from 1 to 4, or one the source wrote as <5, is withheld.

Complementary: a member's flows by citizenship for one year, indicator and breakdown add up to its
reported total in fact_observation (nationals + each foreign citizenship + unknown = total) when
the list is complete. Where that relation can hold for the true values and a withheld flow would
be the only unknown in it, the smallest other published flow (non-zero first) is withheld as well,
until stable. A flow that is the very cell of a fact_observation figure (the nationals row also
stored as citizenship = national) is withheld exactly when the public fact cell is. Complements
are taken among flows that are no fact cell, so fact_observation's own suppression is unchanged;
a relation that has no such candidate has all its published flows withheld.

Withheld flows have no value; flag `suppressed` when the cell is a count from 0 to 4, `withheld`
when it is a complement (of any size). The flow marts are then computed from the public flows
with the warehouse's own SQL: their sums add up published flows only, and every withheld flow
widens the range (by 4, or without bound for a complement), so no sum reveals a withheld flow."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from ctip.schema import load_schema

SUPPRESSED, WITHHELD = "suppressed", "withheld"
FLOW_MARTS = ("mart_flows", "mart_flows_origin", "mart_flows_matrix")
GROUP = ["country_iso3", "year", "indicator", "sex", "age_group", "exploitation"]


@dataclass
class PublicFlows:
    tables: dict[str, pd.DataFrame]
    withheld: dict[str, int] = field(default_factory=dict)
    primary: int = 0
    complementary: int = 0


def _fact_cells(fact: pd.DataFrame, public_fact: pd.DataFrame | None) -> pd.DataFrame:
    """Every fact cell with its lineage and whether the public fact withholds it."""
    keys = ["country_iso3", "year", "indicator", "sex", "age_group", "exploitation", "citizenship"]
    cells = fact[[*keys, "value", "submission_id", "source_sheet", "source_cell"]].copy()
    if public_fact is None:
        cells["public_value"] = cells["value"]
    else:
        pub = public_fact[[*keys, "value"]].rename(columns={"value": "public_value"})
        cells = cells.merge(pub, on=keys, how="left")
    cells["fact_withheld"] = cells["public_value"].isna()
    return cells


def withheld_flows(flows: pd.DataFrame, fact: pd.DataFrame, public_fact: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(withheld, primary) per flow row."""
    n = len(flows)
    value = pd.to_numeric(flows["value"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    primary = (flows["flag"].fillna("").to_numpy() == SUPPRESSED) | np.isnan(value) | ((value >= 1) & (value <= 4))
    withheld = primary.copy()
    if n == 0 or fact is None or fact.empty:
        return withheld, primary
    cells = _fact_cells(fact, public_fact)
    lineage = cells.set_index(["submission_id", "source_sheet", "source_cell"])
    lineage = lineage[~lineage.index.duplicated()]
    idx = pd.MultiIndex.from_frame(flows[["submission_id", "source_sheet", "source_cell"]].astype(object))
    linked = lineage.index.get_indexer(idx) >= 0
    fact_withheld = lineage["fact_withheld"].reindex(idx).fillna(False).to_numpy(dtype=bool)
    withheld |= linked & fact_withheld
    # The reported totals the citizenship flows of a member add up to.
    totals = cells[(cells["citizenship"] == load_schema().total_code)].set_index(GROUP)
    totals = totals[~totals.index.duplicated()]
    is_cit = (flows["relation"] == "citizenship").to_numpy()
    groups = flows[is_cit].groupby(GROUP, dropna=False, sort=False).indices
    rows_of = {k: np.flatnonzero(is_cit)[v] for k, v in groups.items()}
    changed = True
    while changed:
        changed = False
        for key, rows in rows_of.items():
            if key not in totals.index or len(rows) < 2:
                continue
            total = totals.loc[key]
            if pd.isna(total["public_value"]):
                continue  # the total itself is withheld: two unknowns at least
            if withheld[rows].sum() != 1:
                continue
            if not _can_hold(float(total["value"]), value[rows]):
                continue  # an incomplete list of citizenships: no way back to the withheld flow
            candidates = [r for r in rows if not withheld[r] and not linked[r]]
            if candidates:
                best = min(candidates, key=lambda r: (value[r] == 0, value[r]))
                withheld[best] = True
            else:
                withheld[rows] = True
            changed = True
    return withheld, primary


def _can_hold(total: float, parts: np.ndarray) -> bool:
    """Whether total = sum(parts) is possible, a part without value being 0 to 4."""
    known = parts[~np.isnan(parts)]
    n_unknown = int(np.isnan(parts).sum())
    low = known.sum()
    return low <= total <= low + 4 * n_unknown


def protect_flows(tables: dict[str, pd.DataFrame], public_fact: pd.DataFrame | None, decided: tuple[np.ndarray, np.ndarray] | None = None) -> PublicFlows:
    """Public fact_flow and flow marts (and dim_partner, reference data) from the warehouse's tables.

    `decided`: (withheld, primary) per flow row as ctip.export.suppression.protect decided them,
    with the fact cells and against the previous release (ctip.export.flow_cells); the exports
    and the report pass it. Without it, the rules above within this release only."""
    flows = tables.get("fact_flow")
    if flows is None:
        return PublicFlows({})
    flows = flows.reset_index(drop=True)
    if decided is not None and len(decided[0]) == len(flows):
        withheld, primary = np.asarray(decided[0], dtype=bool), np.asarray(decided[1], dtype=bool)
    else:
        withheld, primary = withheld_flows(flows, tables.get("fact_observation"), public_fact)
    public = flows.copy()
    public["value"] = pd.to_numeric(public["value"], errors="coerce").astype("Int64")
    public.loc[withheld, "value"] = pd.NA
    public["flag"] = public["flag"].astype("object")
    public.loc[primary, "flag"] = SUPPRESSED
    public.loc[withheld & ~primary, "flag"] = WITHHELD
    out = {"fact_flow": public}
    counts = {"fact_flow": int(withheld.sum())}
    partners, members = tables.get("dim_partner"), tables.get("dim_country")
    if partners is not None and members is not None:
        out["dim_partner"] = partners.copy()
        with duckdb.connect() as con:
            con.register("fact_flow", public)
            con.register("dim_partner", partners)
            con.register("dim_country", members)
            from ctip.warehouse.build import read_sql
            from ctip.warehouse.cells import install_macros

            install_macros(con)
            for mart in FLOW_MARTS:
                out[mart] = con.execute(read_sql(mart)).df()
        flagged = out["mart_flows"]["value"].isna()
        counts["mart_flows"] = int(flagged.sum())
    return PublicFlows(out, counts, int(primary.sum()), int((withheld & ~primary).sum()))

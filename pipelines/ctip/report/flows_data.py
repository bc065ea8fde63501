"""The flow tables the report shows, in their public versions (as the exports publish them:
ctip.export.flow_suppression against the public fact_observation)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ctip.export.audit import AnswerStore
from ctip.export.decisions import folder as decisions_folder
from ctip.export.flow_suppression import protect_flows
from ctip.export.suppression import protect
from ctip.schema import load_schema
from ctip.warehouse.cells import is_total_row

OUTSIDE = "outside the region"


@dataclass(frozen=True)
class FlowData:
    flows: pd.DataFrame  # public fact_flow, citizenship, totals only
    origin: pd.DataFrame  # public mart_flows_origin
    matrix: pd.DataFrame  # public mart_flows_matrix
    partners: pd.DataFrame  # dim_partner
    members: list[str]

    @property
    def empty(self) -> bool:
        return self.flows.empty


def load_flow_data(warehouse: str | Path, store: AnswerStore | None = None, protected=None) -> FlowData | None:
    """None when the warehouse has no flows. `store`: the bounds audit's answers of earlier runs
    (ctip.report.data.report_answers), so the public fact is not audited again from scratch.
    `protected`: the report tables' protection (ctip.report.data.Protected), used when it was
    decided from the same inputs as read here (else protected again)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        have = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        if not {"fact_flow", "dim_partner", "dim_country", "fact_observation"} <= have:
            return None
        # no flow at all: the page has no flows section, so the suppression need not run for them
        if not con.execute("select count(*) from fact_flow").fetchone()[0]:
            return None
        tables = {t: con.execute(f'select * from "{t}"').df() for t in ("fact_flow", "dim_partner", "dim_country", "fact_observation")}
        # what the exports' protection reads beside them: the previous release, the estimates
        for t in ("release_cells", "mart_estimates", "mart_regional_estimates"):
            if t in have:
                tables[t] = con.execute(f'select * from "{t}"').df()
    members = tables["dim_country"]["country_iso3"].astype(str).tolist()
    given = {
        t: tables[t] for t in ("fact_observation", "dim_country", "fact_flow", "release_cells", "mart_estimates", "mart_regional_estimates") if t in tables
    }
    if protected is not None and protected.decided_for(given, members):
        protected = protected.public
    else:
        protected = protect(given, members=members, store=store, decisions=decisions_folder(warehouse))  # the exports' decision
    decided = None if protected.flow_withheld is None else (protected.flow_withheld, protected.flow_primary)
    public = protect_flows(tables, protected.tables.get("fact_observation"), decided=decided).tables
    flows = public["fact_flow"]
    flows = flows[(flows["relation"] == "citizenship") & is_total_row(flows) & (flows["indicator"] == load_schema().role("headline"))]
    return FlowData(flows.reset_index(drop=True), public["mart_flows_origin"], public["mart_flows_matrix"], tables["dim_partner"], members)


def place(iso3, partners: pd.DataFrame, members: list[str]) -> str:
    """A member by its code; another country by its UN M49 sub-region (intermediate region)."""
    if iso3 is None or pd.isna(iso3):
        return "Unknown or several countries"
    if iso3 in members:
        return str(iso3)
    row = partners[partners["partner_iso3"] == iso3]
    if row.empty:
        return "Other countries"
    r = row.iloc[0]
    return str(r["intermediate_region"] if pd.notna(r["intermediate_region"]) else r["subregion"])


def links(data: FlowData, limit: int = 18) -> pd.DataFrame:
    """Origin -> destination over all years (origin and destination different; at least one a
    member), with the published sum and the number of withheld flows; the largest first."""
    f = data.flows[data.flows["partner_iso3"].notna() & (data.flows["partner_iso3"] != data.flows["country_iso3"])]
    if f.empty:
        return pd.DataFrame(columns=["origin", "destination", "published", "n_withheld"])
    places: dict = {}  # one lookup per code, not per flow

    def where(iso3) -> str:
        k = None if iso3 is None or pd.isna(iso3) else iso3
        if k not in places:
            places[k] = place(iso3, data.partners, data.members)
        return places[k]

    frame = pd.DataFrame(
        {
            "origin": [where(p) for p in f["partner_iso3"]],
            "destination": [where(c) for c in f["country_iso3"]],
            "value": pd.to_numeric(f["value"], errors="coerce"),
        }
    )
    out = frame.groupby(["origin", "destination"], as_index=False).agg(
        published=("value", lambda v: float(v.fillna(0).sum())), n_withheld=("value", lambda v: int(v.isna().sum()))
    )
    out = out.sort_values(["published", "n_withheld", "origin", "destination"], ascending=[False, False, True, True])
    return out.head(limit).reset_index(drop=True)


def abroad_by_region(data: FlowData) -> pd.DataFrame:
    """Members' citizens detected in other countries, all years: member x destination region,
    published sum and withheld flows."""
    o = data.origin
    o = o[o["indicator"] == load_schema().role("headline")]
    if o.empty:
        return pd.DataFrame(columns=["member_iso3", "region", "published", "n_withheld"])
    region = [("Caribbean members" if m else r) for r, m in zip(o["destination_region"], o["destination_is_member"])]
    frame = pd.DataFrame(
        {"member_iso3": o["member_iso3"], "region": region, "published": pd.to_numeric(o["total_min"]), "n_withheld": pd.to_numeric(o["n_suppressed"])}
    )
    return frame.groupby(["member_iso3", "region"], as_index=False).sum()

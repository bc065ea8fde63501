"""fact_flow: every submission's flows, with the precedence of fact_observation (a national
submission beats the UNODC export; among the same kind, a later submission beats an earlier one)."""

from __future__ import annotations

import pandas as pd

from ctip.contracts import columns, types
from ctip.harmonise.flows import flow_key
from ctip.warehouse.precedence import PRECEDENCE, arrival_order, sources

FLOW_COLUMNS = columns("fact_flow")

FLOW_ORDER = ["country_iso3", "relation", "partner_iso3", "partner_label", "year", "indicator", "sex", "age_group", "exploitation"]


def current_flows(flows: pd.DataFrame, submissions: pd.DataFrame, winners: pd.DataFrame | None = None) -> pd.DataFrame:
    """The current value of each flow; flows: every staged submission's flows; submissions:
    submission_id, source_kind, received_at; winners: the winning source of each
    country-year-indicator (precedence.winning_sources). A flow from another source is dropped:
    a national table of victims by nationality replaces UNODC's citizenship rows of that
    country-year-indicator whole, as it replaces its total and breakdowns (flows of two sources
    once added up to more than the published total)."""
    if not len(flows):
        return _typed(pd.DataFrame(columns=FLOW_COLUMNS))
    flows = flows.reset_index(drop=True)
    if winners is not None and len(winners):
        source = flows["submission_id"].map(sources(submissions)).fillna("")
        win = winners.set_index(_units(winners))["_win_source"]
        flows = flows[source.to_numpy() == win.reindex(_units(flows)).to_numpy()].reset_index(drop=True)
        if not len(flows):
            return _typed(pd.DataFrame(columns=FLOW_COLUMNS))
    rank = submissions.set_index("submission_id")
    kind = flows["submission_id"].map(rank["source_kind"]).map(PRECEDENCE).fillna(1)
    received = flows["submission_id"].map(arrival_order(submissions))
    key = flow_key(flows)
    order = key.assign(_kind=kind.to_numpy(), _received=received.to_numpy(), _sid=flows["submission_id"].to_numpy())
    order = order.sort_values([*key.columns, "_kind", "_received", "_sid"], kind="stable", na_position="first")
    winners = order.index[~order.duplicated(list(key.columns), keep="last")]
    current = flows.loc[winners]
    return _typed(current.sort_values(FLOW_ORDER, na_position="last").reset_index(drop=True))


def _units(frame: pd.DataFrame) -> pd.MultiIndex:
    """The country-year-indicator of each row, typed alike for flows and winners."""
    return pd.MultiIndex.from_arrays([frame["country_iso3"].astype(str), pd.to_numeric(frame["year"]).astype("int64"), frame["indicator"].astype(str)])


def _typed(flows: pd.DataFrame) -> pd.DataFrame:
    flows = flows[FLOW_COLUMNS].copy()
    for col, kind in types("fact_flow").items():  # BIGINT or VARCHAR (schemas/tables.yaml)
        if kind == "VARCHAR":
            flows[col] = flows[col].astype("object").where(flows[col].notna(), None)
        else:
            flows[col] = pd.to_numeric(flows[col]).astype("Int64")
    return flows


def flow_problems(con) -> dict[str, int]:
    """Contract checks of fact_flow on a built warehouse: keys seen more than once, flows with no
    member on either side. All zero on a good warehouse."""
    dup = con.execute(
        "select count(*) from (select 1 from fact_flow group by country_iso3, coalesce(partner_iso3, 'label:' || lower(partner_label)),"
        " relation, year, indicator, sex, age_group, exploitation having count(*) > 1)"
    ).fetchone()[0]
    outside = con.execute(
        "select count(*) from fact_flow where country_iso3 not in (select country_iso3 from dim_country)"
        " and coalesce(partner_iso3, '') not in (select country_iso3 from dim_country)"
    ).fetchone()[0]
    return {"duplicate_keys": int(dup), "no_member": int(outside)}

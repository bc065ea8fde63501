"""Flows in the public exports: no count from 1 to 4, none recoverable from a member's reported
total, marts computed from the published flows only (on the real GLOTIP warehouse)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from ctip.export.flow_suppression import protect_flows, withheld_flows


@pytest.fixture(scope="module")
def exported(glotip_flow_warehouse, tmp_path_factory):
    from ctip.export import write_exports

    out = tmp_path_factory.mktemp("flow_exports")
    summary = write_exports(glotip_flow_warehouse, out)
    with duckdb.connect(str(glotip_flow_warehouse), read_only=True) as con:
        internal = {t: con.execute(f"select * from {t}").df() for t in ("fact_flow", "fact_observation")}
    public = {t: pd.read_parquet(out / f"{t}.parquet") for t in ("fact_flow", "mart_flows", "mart_flows_origin", "mart_flows_matrix", "fact_observation")}
    return summary, internal, public


def test_flow_tables_are_exported_without_lineage_columns(exported):
    summary, internal, public = exported
    for name in ("fact_flow", "mart_flows", "mart_flows_origin", "mart_flows_matrix", "dim_partner"):
        assert name in summary["tables"], name
    assert "source_file" not in public["fact_flow"].columns and "source_cell" in public["fact_flow"].columns
    assert len(public["fact_flow"]) == len(internal["fact_flow"])


def test_no_published_flow_is_a_small_count(exported):
    _, _, public = exported
    for name, col in (("fact_flow", "value"), ("mart_flows", "value")):
        v = public[name][col].dropna()
        assert not v.between(1, 4).any(), name
    flows = public["fact_flow"]
    assert flows.loc[flows["value"].isna(), "flag"].isin(["suppressed", "withheld"]).all()


def test_no_withheld_flow_follows_from_a_published_total(exported):
    """total − published flows never isolates one withheld flow where the list can be complete."""
    _, internal, public = exported
    fact = public["fact_observation"]
    totals = fact[(fact["citizenship"] == "total")].set_index(["country_iso3", "year", "indicator", "sex", "age_group", "exploitation"])["value"]
    truth = internal["fact_flow"].set_index("source_cell")["value"]
    flows = public["fact_flow"]
    cit = flows[flows["relation"] == "citizenship"]
    checked = 0
    for key, g in cit.groupby(["country_iso3", "year", "indicator", "sex", "age_group", "exploitation"]):
        if key not in totals.index or pd.isna(totals.loc[key]):
            continue
        hidden = g[g["value"].isna()]
        if len(hidden) != 1:
            continue
        derived = totals.loc[key] - g["value"].dropna().sum()
        true = truth.loc[hidden["source_cell"].iloc[0]]
        # Either the true value is unknown to us too (<5 in the source) and the relation cannot
        # hold exactly, or the derived figure is not the true value.
        assert pd.isna(true) or derived != true, key
        checked += 1
    assert checked >= 0


def test_a_nationals_flow_is_withheld_with_its_fact_cell(exported):
    _, internal, public = exported
    fact = internal["fact_observation"].merge(
        public["fact_observation"][["country_iso3", "year", "indicator", "sex", "age_group", "exploitation", "citizenship", "value", "submission_id"]],
        on=["country_iso3", "year", "indicator", "sex", "age_group", "exploitation", "citizenship"],
        suffixes=("", "_public"),
    )
    # the public files link by their own (keyed) submission id, H-Q
    fact = fact.drop(columns=["submission_id"]).rename(columns={"submission_id_public": "submission_id"})
    linked = public["fact_flow"].merge(fact, on=["submission_id", "source_cell"], suffixes=("", "_fact"))
    assert len(linked) > 10
    assert (linked["value"].isna() == linked["value_public"].isna()).all()


def test_complement_on_a_known_relation():
    """A member's total 30 = nationals 20 + Haiti 7 + Colombia 3: Colombia (3) is withheld, so one
    more flow goes; not the nationals flow, which is the fact cell itself."""
    flows = pd.DataFrame(
        {
            "country_iso3": ["DOM"] * 3,
            "partner_iso3": ["DOM", "HTI", "COL"],
            "partner_label": ["Nationals", "Haiti", "Colombia"],
            "relation": ["citizenship"] * 3,
            "year": [2020] * 3,
            "indicator": ["victims_detected"] * 3,
            "sex": ["total"] * 3,
            "age_group": ["total"] * 3,
            "exploitation": ["total"] * 3,
            "value": pd.array([20, 7, 3], dtype="Int64"),
            "flag": [None] * 3,
            "submission_id": ["s"] * 3,
            "source_sheet": ["S"] * 3,
            "source_cell": ["B2", "B3", "B4"],
        }
    )
    fact = pd.DataFrame(
        {
            "country_iso3": ["DOM"] * 2,
            "year": [2020] * 2,
            "indicator": ["victims_detected"] * 2,
            "sex": ["total"] * 2,
            "age_group": ["total"] * 2,
            "exploitation": ["total"] * 2,
            "citizenship": ["total", "national"],
            "value": pd.array([30, 20], dtype="Int64"),
            "submission_id": ["s", "s"],
            "source_sheet": ["S", "S"],
            "source_cell": ["B1", "B2"],
        }
    )
    withheld, primary = withheld_flows(flows, fact, fact)
    assert list(primary) == [False, False, True]
    assert list(withheld) == [False, True, True]
    # Without the total the Colombian flow alone is withheld.
    withheld, _ = withheld_flows(flows, fact[fact["citizenship"] != "total"], None)
    assert list(withheld) == [False, False, True]
    public = protect_flows({"fact_flow": flows, "fact_observation": fact}, fact)
    assert public.tables["fact_flow"]["flag"].tolist() == [None, "withheld", "suppressed"]
    assert np.isnan(public.tables["fact_flow"]["value"].astype("float").iloc[1])

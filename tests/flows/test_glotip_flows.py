"""fact_flow against the raw GLOTIP export read independently (tests/flows/raw_glotip.py)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from tests.flows.conftest import GLOTIP
from tests.flows.raw_glotip import members, raw_flows


@pytest.fixture(scope="module")
def raw():
    if not GLOTIP.exists():
        pytest.skip("data/raw/UNODC/data_glotip.xlsx is missing")
    return raw_flows(GLOTIP)


@pytest.fixture(scope="module")
def tables(glotip_flow_warehouse):
    with duckdb.connect(str(glotip_flow_warehouse), read_only=True) as con:
        flows = con.execute("select * from fact_flow").df()
        quarantine = con.execute("select * from quarantine").df()
    return flows, quarantine


def test_every_raw_flow_involving_a_member_is_in_fact_flow_exactly(raw, tables):
    flows, quarantine = tables
    by_cell = {row.source_cell: row for row in flows.itertuples()}
    q_cells = dict(zip(quarantine["source_cell"], quarantine["reason"]))
    assert len(raw) >= 370  # 374 rows involve a member (issue 12), measured from the raw file
    missing, wrong = [], []
    for f in raw:
        got = by_cell.get(f.cell)
        if got is None:
            # Only a row that names no partner at all may be missing, and it is in quarantine.
            if not (f.category is None and "blank" in q_cells.get(f.cell, "")):
                missing.append(f)
            continue
        got_value = None if pd.isna(got.value) else int(got.value)
        same = (
            got.country_iso3 == f.country_iso3
            and got.relation == f.relation
            and got.indicator == f.indicator
            and got.sex == f.sex
            and got.age_group == f.age_group
            and int(got.year) == f.year
            and got_value == f.value
            and (got.flag == "suppressed") == f.suppressed
            and got.partner_label == f.category
            and (f.partner_member is None or got.partner_iso3 == f.partner_member)
        )
        if not same:
            wrong.append((f, got))
    assert not wrong, wrong[:5]
    assert not missing, missing[:5]
    # Members' citizens found outside the region: figures no member reports.
    abroad = [f for f in raw if f.country_iso3 not in members()]
    assert len(abroad) > 150 and all(by_cell[f.cell].partner_iso3 == f.partner_member for f in abroad)


def test_no_flow_is_stored_that_the_raw_file_does_not_hold(raw, tables):
    flows, _ = tables
    cells = {f.cell for f in raw}
    assert set(flows["source_cell"]) <= cells


def test_nationals_are_the_country_itself_and_groups_keep_their_label(tables):
    flows, _ = tables
    nationals = flows[flows["partner_label"].isin(["Nationals", "Ciudadanos de su pa\ufffds"])]
    assert len(nationals) > 10
    assert (nationals["partner_iso3"] == nationals["country_iso3"]).all()
    groups = flows[flows["partner_iso3"].isna()]
    assert set(groups["partner_label"]) == {
        "Abroad",
        "Unknown",
        "Caribbean (Trinidad and Tobago, Barbados, etc)",
        "Other Countries (Dominica, Panama, French Guiana, Brazil, etc.)",
    }


def test_suppressed_flows_are_null_with_the_flag(tables):
    flows, _ = tables
    suppressed = flows[flows["flag"] == "suppressed"]
    assert len(suppressed) > 200 and suppressed["value"].isna().all()
    assert flows[flows["flag"].isna()]["value"].notna().all()


def test_glotip_quarantine_holds_only_source_problems(tables):
    """Every quarantined GLOTIP cell is a duplicate (naming the cells), a blank partner or a
    composite of countries: nothing is left there for a gap of ours."""
    _, quarantine = tables
    assert len(quarantine) > 0
    for reason in quarantine["reason"]:
        assert (
            ("the same figure is given with different values in data_glotip_1!L" in reason)
            or ("repeats the same figure given in data_glotip_1!L" in reason)
            or ("the same flow" in reason and "data_glotip_1!L" in reason)
            or "is blank in the source" in reason
            or "a figure for several countries together" in reason
        ), reason


def test_fact_flow_contract(glotip_flow_warehouse):
    from ctip.contracts import types
    from ctip.warehouse.contracts import check_warehouse
    from ctip.warehouse.flows import flow_problems

    with duckdb.connect(str(glotip_flow_warehouse), read_only=True) as con:
        assert flow_problems(con) == {"duplicate_keys": 0, "no_member": 0}
        assert all(c.passed for c in check_warehouse(con))
        columns = con.execute(
            "select column_name, data_type from information_schema.columns where table_name = 'fact_flow' order by ordinal_position"
        ).fetchall()
    assert columns == list(types("fact_flow").items())

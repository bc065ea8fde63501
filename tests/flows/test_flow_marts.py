"""The flow marts on a small fact_flow with known truth (tests/flows/synthetic_flows.py)."""

from __future__ import annotations

import duckdb
import pytest

from ctip.contracts import types
from tests.flows.synthetic_flows import flow_warehouse


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("flows") / "w.duckdb"
    flow_warehouse(path)
    with duckdb.connect(str(path), read_only=True) as c:
        yield c


@pytest.mark.parametrize("mart", ["mart_flows", "mart_flows_origin", "mart_flows_matrix"])
def test_columns_follow_the_contract(con, mart):
    cols = con.execute(f"select column_name, data_type from information_schema.columns where table_name = '{mart}' order by ordinal_position").fetchall()
    assert cols == list(types(mart).items())


def test_mart_flows_names_regions_and_membership(con):
    row = con.execute("""select partner_name_es, partner_region, partner_subregion, partner_intermediate_region, partner_is_member,
                                country_is_member, value, suppressed, value_min, value_max
                         from mart_flows where country_iso3 = 'NLD' and partner_iso3 = 'DOM'""").fetchone()
    assert row == ("República Dominicana", "Americas", "Latin America and the Caribbean", "Caribbean", True, False, 12, False, 12, 12)
    ven = con.execute("select partner_is_member, partner_intermediate_region from mart_flows where partner_iso3 = 'VEN'").fetchone()
    assert ven == (False, "South America")
    esp = con.execute("select value, suppressed, value_min, value_max from mart_flows where country_iso3 = 'ESP'").fetchone()
    assert esp == (None, True, 0, 4)
    group = con.execute("select partner_iso3, partner_name_en, partner_is_member from mart_flows where partner_label = 'Abroad'").fetchone()
    assert group == (None, None, False)


def test_origin_sums_members_citizens_abroad_by_destination_region(con):
    rows = con.execute("""select year, destination_region, destination_subregion, destination_is_member, n_countries,
                                 n_suppressed, total, total_min, total_max, destinations
                          from mart_flows_origin where member_iso3 = 'DOM'
                          order by year, destination_region, destination_subregion, destination_is_member""").fetchall()
    assert rows == [
        (2018, "Europe", "Southern Europe", False, 1, 1, None, 0, 4, "ESP"),
        (2018, "Europe", "Western Europe", False, 1, 0, 12, 12, 12, "NLD"),
        (2019, "Americas", "Northern America", False, 1, 0, 6, 6, 6, "USA"),
        (2019, "Americas", "South America", False, 1, 0, 40, 40, 40, "ARG"),
        (2019, "Americas", "South America", True, 1, 0, 9, 9, 9, "GUY"),  # Guyana is a member
    ]
    # Nationals are not 'abroad'.
    assert con.execute("select count(*) from mart_flows_origin where member_iso3 = 'TTO'").fetchone()[0] == 0


def test_matrix_is_a_range_where_a_suppressed_cell_is_involved(con):
    rows = {
        (r[0], r[1], r[2]): r[3:]
        for r in con.execute("""select period, origin_iso3, destination_iso3, total, total_min, total_max, is_range, n_suppressed, years
                                from mart_flows_matrix""").fetchall()
    }
    assert rows[("2012–2016", "GUY", "TTO")] == (None, 10, 14, True, 1, "2013,2014")
    assert rows[("2017–2021", "JAM", "TTO")] == (7, 7, 7, False, 0, "2018")
    assert rows[("2017–2021", "TTO", "TTO")] == (20, 20, 20, False, 0, "2018")
    assert rows[("2003–2011", "HTI", "JAM")] == (8, 8, 8, False, 0, "2008,2010")
    assert rows[("2017–2021", "DOM", "GUY")] == (9, 9, 9, False, 0, "2019")
    # Non-members on either side are not in the intra-regional matrix.
    assert not any(k[1] in ("VEN",) or k[2] in ("NLD", "ESP", "USA", "ARG") for k in rows)

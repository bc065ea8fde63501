"""schemas/tables.yaml is the one source of the tables: the DDL, the column lists and the pandera
models come from it (ctip.contracts), and a built warehouse has exactly its columns and types."""

from __future__ import annotations

import duckdb
import pandas as pd
import pandera.errors
import pytest

from ctip import contracts
from ctip.pipeline import build, discover, stage_all
from ctip.warehouse.build import write_tables
from ctip.warehouse.contracts import table_problems
from tests.glotip_excerpt import write_excerpt


def test_every_contract_is_complete_and_its_ddl_runs():
    con = duckdb.connect()
    for name, spec in contracts.tables().items():
        assert spec.description and spec.columns, name
        assert set(spec.key) <= set(spec.columns), name
        assert all(c.description for c in spec.columns.values()), name
        con.execute(contracts.ddl(name))
        made = con.execute(
            "select column_name, data_type, is_nullable from information_schema.columns where table_name = ? order by ordinal_position", [name]
        ).fetchall()
        assert made == [(c.name, c.type, "YES" if c.nullable else "NO") for c in spec.columns.values()], name
    # A key column is NOT NULL unless the contract says it may be NULL (a flow to a group of countries).
    assert not contracts.table("fact_observation").columns["year"].nullable
    assert contracts.table("fact_flow").columns["partner_iso3"].nullable
    assert contracts.table("fact_observation").columns["value"].nullable


def test_an_unknown_type_or_key_column_is_refused(monkeypatch):
    bad = {"t": {"group": "g", "description": "d", "key": ["a"], "columns": {"a": {"type": "TEXTISH", "description": "x"}}}}
    with pytest.raises(ValueError, match="TEXTISH"):
        contracts._table("t", bad["t"])
    bad["t"]["columns"]["a"]["type"] = "VARCHAR"
    bad["t"]["key"] = ["b"]
    with pytest.raises(ValueError, match="does not have"):
        contracts._table("t", bad["t"])


def test_a_built_warehouse_has_the_contracts_columns_and_types(project_dirs):
    """One submission, no history: before the DDL, the empty history table's columns had DuckDB's
    "NULL" type; every table now has exactly the contract's columns, order and types."""
    raw = project_dirs["raw"]
    write_excerpt(raw / "UNODC" / "data_glotip.xlsx")
    build(stage_all(discover()))
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        assert {"fact_observation", "fact_observation_history", "mart_country_year", "mart_flows", "dim_partner"} <= present
        assert table_problems(con) == {}
        assert con.execute("select count(*) from fact_observation_history").fetchone()[0] == 0
        frames = {name: con.execute(f'select * from "{name}"').df() for name in present}
    for name, frame in frames.items():  # as DuckDB hands them to pandas (a bool column stays bool: coerce)
        contracts.pandera_schema(name, coerce=True).validate(frame)


def test_write_tables_refuses_a_column_the_contract_does_not_know():
    con = duckdb.connect()
    empty = pd.DataFrame(columns=contracts.columns("quarantine"))  # object columns, no rows
    write_tables(con, {"quarantine": empty})
    assert con.execute("select data_type from information_schema.columns where table_name = 'quarantine'").fetchall() == [("VARCHAR",)] * len(
        contracts.columns("quarantine")
    )
    with pytest.raises(ValueError, match="not in it"):
        write_tables(con, {"quarantine": empty.assign(person_name="x")})


def test_the_pandera_model_checks_types_nulls_and_the_key():
    schema = contracts.pandera_schema("ref_population")
    good = pd.DataFrame({"iso3": ["JAM", "JAM"], "year": pd.array([2020, 2021], dtype="Int64"), "population": [2.8e6, 2.8e6], "source": ["x", "x"]})
    schema.validate(good)
    for bad in (
        good.assign(year=pd.array([2020, 2020], dtype="Int64")),  # the key twice
        good.assign(iso3=[None, "JAM"]),  # a NULL key column
        good.assign(year=["2020", "2021"]),  # text where a count goes
        good.assign(extra=1),
    ):  # a column not in the contract
        with pytest.raises((pandera.errors.SchemaError, pandera.errors.SchemaErrors)):
            schema.validate(bad)


def test_the_stages_column_lists_are_the_contracts():
    from ctip.harmonise.flows import FLOW_COLUMNS
    from ctip.harmonise.observations import OBSERVATION_COLUMNS, QUARANTINE_COLUMNS
    from ctip.intake.capture import CAPTURE_COLUMNS
    from ctip.warehouse.precedence import HISTORY_COLUMNS

    assert OBSERVATION_COLUMNS == contracts.columns("fact_observation")
    assert QUARANTINE_COLUMNS == contracts.columns("quarantine")
    assert FLOW_COLUMNS == contracts.columns("fact_flow")
    assert CAPTURE_COLUMNS == contracts.columns("fact_capture_history")
    assert HISTORY_COLUMNS == contracts.columns("fact_observation_history")


def test_table_problems_finds_a_wrong_type_a_missing_column_and_a_repeated_key():
    con = duckdb.connect()
    for name in ("dim_country", "dim_indicator", "ref_population"):
        con.execute(contracts.ddl(name))
    con.execute("alter table dim_indicator drop column sdmx_series")
    con.execute("alter table ref_population alter year type varchar")
    con.execute("insert into dim_country (country_iso3) values ('JAM'), ('JAM')")
    problems = table_problems(con)
    assert set(problems) == {"dim_country", "dim_indicator", "ref_population"}
    assert "more than once" in problems["dim_country"]


def test_the_observation_key_is_the_country_year_indicator_and_every_dimension():
    from ctip.schema import DIMENSIONS, KEY_COLUMNS, load_schema

    assert KEY_COLUMNS == ("country_iso3", "year", "indicator", *DIMENSIONS)
    assert set(DIMENSIONS) == set(load_schema().dimensions)

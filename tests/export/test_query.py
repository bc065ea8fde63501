"""`ctip query`: read-only SQL; nothing a query does changes the warehouse or writes a file."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import duckdb
import pytest

from ctip.cli import main
from ctip.warehouse.query import QueryRefused, check_read_only, connect_read_only, run_query


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_query_is_registered_and_reads(synthetic_warehouse, capsys):
    rc = main(["query", "select country_iso3, count(*) as n from fact_observation group by 1 order by 1",
               "--warehouse", str(synthetic_warehouse)])
    out = capsys.readouterr().out
    assert rc == 0 and "JAM" in out and "(6 rows)" in out
    assert main(["query", "select count(*) as n from dim_country", "--warehouse", str(synthetic_warehouse),
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 23}]
    assert main(["query", "select distinct source_sheet from fact_observation where source_sheet like '=%'",
                 "--warehouse", str(synthetic_warehouse), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["source_sheet"] and rows[1][0].startswith("'=HYPERLINK")  # formula-safe CSV


@pytest.mark.parametrize("sql", [
    "insert into dim_country select * from dim_country",
    "delete from fact_observation",
    "update fact_observation set value = 0",
    "drop table fact_observation",
    "create table x as select 1",
    "alter table dim_country add column x int",
    "attach '{other}' as other",
    "copy fact_observation to '{copy}'",
    "export database '{folder}'",
    "select 1; drop table fact_observation",
    "set enable_external_access = true",
    "install httpfs",
    "checkpoint",
])
def test_writes_are_refused_and_the_file_is_unchanged(synthetic_warehouse, tmp_path, capsys, sql):
    before = _sha(synthetic_warehouse)
    sql = sql.format(other=tmp_path / "other.duckdb", copy=tmp_path / "copy.csv", folder=tmp_path / "dump")
    rc = main(["query", sql, "--warehouse", str(synthetic_warehouse)])
    err = capsys.readouterr().err
    assert rc != 0
    assert "read-only" in err or "one statement" in err
    assert _sha(synthetic_warehouse) == before
    assert not (tmp_path / "other.duckdb").exists() and not (tmp_path / "copy.csv").exists()
    assert not (tmp_path / "dump").exists()


def test_the_connection_itself_cannot_write_or_reach_files(synthetic_warehouse, tmp_path):
    """Defence in depth: even without the statement check, DuckDB refuses."""
    before = _sha(synthetic_warehouse)
    con = connect_read_only(synthetic_warehouse)
    try:
        for sql in (
            "insert into dim_country select * from dim_country",
            "drop table fact_observation",
            f"attach '{tmp_path / 'other.duckdb'}' as other",
            f"copy (select 1) to '{tmp_path / 'x.csv'}'",
            "select * from read_csv('/etc/passwd')",
            "set enable_external_access = true",
            "set lock_configuration = false",
        ):
            with pytest.raises(duckdb.Error):
                con.execute(sql)
    finally:
        con.close()
    assert _sha(synthetic_warehouse) == before
    assert not (tmp_path / "other.duckdb").exists() and not (tmp_path / "x.csv").exists()


def test_statement_check(synthetic_warehouse):
    con = connect_read_only(synthetic_warehouse)
    try:
        check_read_only(con, "with t as (select 1 as a) select * from t")
        check_read_only(con, "describe fact_observation")
        check_read_only(con, "explain select 1")
        with pytest.raises(QueryRefused, match="INSERT statements are not allowed"):
            check_read_only(con, "insert into dim_country select * from dim_country")
        with pytest.raises(QueryRefused, match="could not be parsed"):
            check_read_only(con, "selec 1")
    finally:
        con.close()
    columns, rows = run_query("select count(*) as n from fact_observation", synthetic_warehouse)
    assert columns == ["n"] and rows[0][0] > 0


def test_missing_warehouse(tmp_path, capsys):
    assert main(["query", "select 1", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "ctip run" in capsys.readouterr().err

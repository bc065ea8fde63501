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
    rc = main(["query", "select country_iso3, count(*) as n from fact_observation group by 1 order by 1", "--warehouse", str(synthetic_warehouse)])
    out = capsys.readouterr().out
    assert rc == 0 and "JAM" in out and "(6 rows)" in out
    assert main(["query", "select count(*) as n from dim_country", "--warehouse", str(synthetic_warehouse), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 23}]
    assert (
        main(
            [
                "query",
                "select distinct source_sheet from fact_observation where source_sheet like '=%'",
                "--warehouse",
                str(synthetic_warehouse),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["source_sheet"] and rows[1][0].startswith("'=HYPERLINK")  # formula-safe CSV


@pytest.mark.parametrize(
    "sql",
    [
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
    ],
)
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


# -- limits: time, memory, rows, files, terminal ---------------------------------------------------

LONG_QUERY = "select count(*) from range(1000000000000)"  # a trillion rows: hours without a limit


def test_a_long_query_stops_at_the_timeout_with_a_clear_message(synthetic_warehouse, capsys):
    import time

    t0 = time.monotonic()
    rc = main(["query", LONG_QUERY, "--warehouse", str(synthetic_warehouse), "--timeout", "2"])
    elapsed = time.monotonic() - t0
    err = capsys.readouterr().err
    assert rc == 3 and "stopped after 2 s" in err and "--timeout" in err
    assert 1.5 < elapsed < 8, elapsed
    # The default is 30 s; 0 means none (not exercised here: it would run for hours).
    from ctip.warehouse.query import DEFAULT_TIMEOUT_S

    assert DEFAULT_TIMEOUT_S == 30


def test_ctrl_c_stops_the_query_with_a_clean_message(synthetic_warehouse, capsys):
    import os
    import signal
    import threading
    import time

    # Ctrl-C is SIGINT to the process, here sent 1.5 s into the query (the default handler
    # raises KeyboardInterrupt; DuckDB turns it into an interrupted query).
    timer = threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGINT))
    t0 = time.monotonic()
    timer.start()
    try:
        rc = main(["query", LONG_QUERY, "--warehouse", str(synthetic_warehouse), "--timeout", "60"])
    finally:
        timer.cancel()
    err = capsys.readouterr().err
    assert rc == 130 and "stopped (Ctrl-C)" in err and "Traceback" not in err
    assert time.monotonic() - t0 < 10


@pytest.mark.parametrize(
    "sql",
    [
        "select size from read_blob('{wh}')",
        "select content from read_text('{wh}')",
        "select * from read_blob('{name}')",
        "select * from glob('{folder}/*')",
        "select * from read_csv('{wh}.tmp/x.csv')",
        "select * from read_text('/etc/hostname')",
    ],
)
def test_no_file_can_be_read_not_even_the_warehouse_itself(synthetic_warehouse, capsys, monkeypatch, sql):
    monkeypatch.chdir(synthetic_warehouse.parent)
    sql = sql.format(wh=synthetic_warehouse, name=synthetic_warehouse.name, folder=synthetic_warehouse.parent)
    rc = main(["query", sql, "--warehouse", str(synthetic_warehouse)])
    captured = capsys.readouterr()
    assert rc == 1 and "no file access" in captured.err
    assert captured.out == ""


def test_the_memory_limit_stops_a_query_without_spilling_to_disk(synthetic_warehouse, capsys):
    sql = "select count(distinct s) from (select md5(range::varchar) || range::varchar as s from range(20000000))"
    rc = main(["query", sql, "--warehouse", str(synthetic_warehouse), "--memory", "30MB", "--timeout", "60"])
    err = capsys.readouterr().err
    assert rc == 1 and "memory limit (30MB" in err and "--memory" in err
    # Nothing was written beside the warehouse (no temp folder of spilled data).
    assert sorted(p.name for p in synthetic_warehouse.parent.iterdir()) == ["warehouse.duckdb"]
    assert main(["query", "select 1", "--warehouse", str(synthetic_warehouse), "--memory", "lots"]) == 2
    assert "--memory must be a size" in capsys.readouterr().err


def test_the_rows_printed_are_capped_and_the_cap_is_said(synthetic_warehouse, capsys):
    wh = str(synthetic_warehouse)
    assert main(["query", "select * from range(25000)", "--warehouse", wh]) == 0
    captured = capsys.readouterr()
    assert "(10000 rows)" in captured.out and "only the first 10,000 rows" in captured.err
    assert main(["query", "select * from range(25000)", "--warehouse", wh, "--limit", "7", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 7
    assert main(["query", "select * from range(25000)", "--warehouse", wh, "--limit", "0", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 25001 and captured.err == ""
    assert main(["query", "select * from range(3)", "--warehouse", wh, "--limit", "3"]) == 0
    assert capsys.readouterr().err == ""  # exactly at the cap: nothing left out


HOSTILE_TEXT = "red\x1b[31m\x1b]0;pwned\x07 \u202eevil\x85\x9b2J\x00end\u2028é"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_control_characters_are_escaped_in_every_format(synthetic_warehouse, capsys, fmt):
    parts = [f"chr({ord(ch)})" if not ch.isprintable() else "'" + ch + "'" for ch in HOSTILE_TEXT]
    sql = f'select {" || ".join(parts)} as "label{chr(27)}[2J"'
    assert main(["query", sql, "--warehouse", str(synthetic_warehouse), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert all(ch.isprintable() or ch in "\n " for ch in out), repr(out)
    assert "é" in out and "evil" in out
    if fmt == "json":  # lossless: the JSON decodes to the very text
        assert json.loads(out) == [{f"label{chr(27)}[2J": HOSTILE_TEXT}]
    else:
        assert "\\x1b[31m" in out and "\\u202e" in out and "\\x85" in out


def test_a_refusal_names_the_statement_as_written():
    import duckdb

    from ctip.warehouse.query import QueryRefused, check_read_only

    with duckdb.connect() as con, pytest.raises(QueryRefused, match="INSTALL statements are not allowed"):
        check_read_only(con, "install httpfs")  # DuckDB's own type for it is LOAD

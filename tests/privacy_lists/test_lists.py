"""The disguised lists and the scanner: every list is written with its planted strings, the scanner
finds each of them where they were written (inside xlsx/ods zip members, xls, csv) and in the
stores intake might copy them to (DuckDB, SQLite, Parquet, JSON with escapes, HTML with entities),
and reports nothing in a folder without them."""

from __future__ import annotations

import json
import sqlite3

import duckdb
import pandas as pd
import pytest

from tests.privacy_lists import CASES, generate_lists, planted_strings, written_strings
from tests.privacy_lists.scan import fold, main, needles, scan, scan_file


@pytest.fixture(scope="module")
def lists(tmp_path_factory):
    raw = tmp_path_factory.mktemp("lists") / "raw"
    return raw, generate_lists(raw)


def test_at_least_nine_lists_each_with_names_and_identifiers(lists):
    raw, cases = lists
    assert len(cases) >= 9 and len({c.name for c in cases}) == len(cases)
    suffixes = {(raw / c.relpath).suffix for c in cases}
    assert {".xlsx", ".xls", ".ods", ".csv"} <= suffixes
    for c in cases:
        assert (raw / c.relpath).stat().st_size > 0
        assert len(planted_strings(c)) >= 8, c.name
        assert {"name", "surname"} & set(c.fields), c.name


def test_scanner_finds_every_string_where_it_was_written(lists):
    raw, cases = lists
    ns = needles()
    for c in cases:
        found = {h.needle for h in scan_file(raw / c.relpath, ns)}
        missing = [s for s in written_strings(c) if fold(s) not in found]
        assert not missing, (c.name, missing)


def test_scanner_looks_inside_the_stores_intake_writes(tmp_path):
    case = CASES[0]
    accented = next(s for c in CASES for s in planted_strings(c) if "é" in s)
    name = planted_strings(case)[0]
    doc = next(s for s in planted_strings(case) if any(ch.isdigit() for ch in s))
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table quarantine(raw_label varchar)")
    con.execute("insert into quarantine values (?)", [f"{name} | x"])
    con.close()
    db = sqlite3.connect(tmp_path / "runs.db")
    db.execute("create table event_logs(event text)")
    db.execute("insert into event_logs values (?)", [json.dumps({"label": doc})])
    db.commit()
    db.close()
    pd.DataFrame({"source_sheet": [name.upper()]}).to_parquet(tmp_path / "f.parquet")
    (tmp_path / "report.json").write_text(json.dumps({"label": accented}), encoding="utf-8")  # \\u escapes
    (tmp_path / "summary.html").write_text(f"<td>{accented.replace('é', '&eacute;')}</td>", encoding="utf-8")
    hit_files = {h.path.rsplit("/", 1)[-1] for h in scan([tmp_path])}
    assert hit_files == {"w.duckdb", "runs.db", "f.parquet", "report.json", "summary.html"}


def test_scanner_is_quiet_on_clean_folders_and_says_so(tmp_path, capsys):
    (tmp_path / "ok.csv").write_text("Victims identified,2022,14\n", encoding="utf-8")
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "0 hits" in out


def test_no_two_cases_share_a_planted_string():
    """A leaked string must name the one case it came from."""
    owner = {fold(s): c.name for c in CASES for s in planted_strings(c)}
    assert len(owner) == sum(len(planted_strings(c)) for c in CASES)
    for s, case in owner.items():
        assert not [t for t, other in owner.items() if other != case and s in t], s

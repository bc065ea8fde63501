"""Building the warehouse: precedence, history, withdrawals, contracts, atomic publish."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from ctip.pipeline import build, discover, stage_all
from ctip.warehouse.contracts import check_warehouse
from tests.glotip_excerpt import write_excerpt
from tests.submissions_factory import write_wide

JAN_2024, JAN_2025 = 1_704_067_200, 1_735_689_600


def _value(con, iso3, year, indicator="victims_detected"):
    return con.execute(
        "select value, source_file from fact_observation where country_iso3=? and year=? and indicator=? "
        "and sex='total' and age_group='total' and exploitation='total' and citizenship='total'",
        [iso3, year, indicator],
    ).fetchone()


def test_national_beats_unodc_and_later_beats_earlier(project_dirs):
    raw = project_dirs["raw"]
    write_excerpt(raw / "UNODC" / "data_glotip.xlsx")  # JAM 2019 victims = 1282
    write_wide(raw / "JAM" / "tip_2019_v1.xlsx", {"Victims identified": {2019: 50, 2020: 60}}, mtime=JAN_2024)
    write_wide(raw / "Jamaica" / "tip_2019_v2.xlsx", {"Victims identified": {2019: 55}}, mtime=JAN_2025)
    build(stage_all(discover()))
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert _value(con, "JAM", 2019) == (55, "Jamaica/tip_2019_v2.xlsx")
        assert _value(con, "JAM", 2020) == (60, "JAM/tip_2019_v1.xlsx")
        history = con.execute(
            "select value, source_file, change from fact_observation_history where country_iso3='JAM' and year=2019 "
            "and indicator='victims_detected' and sex='total' and citizenship='total' and exploitation='total' order by value"
        ).fetchall()
        assert history == [(50, "JAM/tip_2019_v1.xlsx", "superseded"), (1282, "UNODC/data_glotip.xlsx", "superseded")]
        assert all(c.passed for c in check_warehouse(con)), check_warehouse(con)


def test_removed_file_is_withdrawn_and_recorded(project_dirs):
    raw = project_dirs["raw"]
    f = write_wide(raw / "BRB" / "stats.xlsx", {"Persons convicted": {2021: 4}})
    build(stage_all(discover()))
    f.unlink()
    build(stage_all(discover()))
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert _value(con, "BRB", 2021, "persons_convicted") is None
        assert con.execute("select value, change from fact_observation_history where country_iso3='BRB'").fetchall() == [(4, "withdrawn")]


def test_every_cell_ends_in_fact_or_quarantine(project_dirs):
    raw = project_dirs["raw"]
    write_wide(
        raw / "GUY" / "guyana.xlsx",
        {"Victims identified": {2020: 10, 2021: "1,234"}, "Hotline calls": {2020: 300, 2021: 280}, "Persons prosecuted": {2020: -2, 2021: "<5"}},
    )
    results = stage_all(discover())
    build(results)
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        n_fact = con.execute("select count(*) from fact_observation").fetchone()[0]
        q = con.execute("select source_cell, reason from quarantine order by source_cell").fetchall()
        status = con.execute("select status from submissions").fetchone()[0]
    assert n_fact == 3  # 10, 1234, suppressed
    assert [c for c, _ in q] == ["B5", "C5", "B6"] or sorted(c for c, _ in q) == ["B5", "B6", "C5"]
    assert any("negative" in r for _, r in q) and any("not one of the network's indicators" in r for _, r in q)
    assert status == "partial"


def test_reader_holding_the_file_never_blocks_a_build(project_dirs):
    raw = project_dirs["raw"]
    write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2019: 50}})
    build(stage_all(discover()))
    wh = project_dirs["warehouse"]
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(wh)!r}, read_only=True)
            print(con.execute("select count(*) from fact_observation").fetchone()[0], flush=True)
            sys.stdin.readline()
            print(con.execute("select count(*) from fact_observation").fetchone()[0], flush=True)
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "1"
        write_wide(raw / "JAM" / "b.xlsx", {"Persons convicted": {2019: 3}})
        summary = build(stage_all(discover()))  # must not wait for, nor disturb, the reader
        assert summary.n_observations == 2
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "1"  # the reader still sees the old, complete file
    finally:
        reader.kill()
    with duckdb.connect(str(wh), read_only=True) as con:
        assert con.execute("select count(*) from fact_observation").fetchone()[0] == 2
    assert not list(wh.parent.glob("*.building-*"))


def test_same_content_twice_is_taken_in_once(project_dirs):
    """The same country twice (two folder names for Jamaica): taken in once; the copy has its own
    rejected row naming the first, so every file has a submission row (issue 9)."""
    raw = project_dirs["raw"]
    a = write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2019: 50}})
    (raw / "Jamaica").mkdir()
    (raw / "Jamaica" / "copy.xlsx").write_bytes(a.read_bytes())
    files = discover()
    assert [f.relative for f in files] == ["JAM/a.xlsx", "Jamaica/copy.xlsx"]
    assert files[0].problem is None and files[1].problem_code == "duplicate" and "'JAM/a.xlsx'" in files[1].problem


@pytest.mark.parametrize(
    "folder,iso3",
    [("JAM", "JAM"), ("Curaçao", "CUW"), ("República Dominicana", "DOM"), ("Haïti", "HTI"), ("Dominicaanse Republiek", "DOM"), ("trinidad and tobago", "TTO")],
)
def test_country_from_folder(folder, iso3):
    from ctip.intake.discover import country_from_folder

    assert country_from_folder(folder) == iso3

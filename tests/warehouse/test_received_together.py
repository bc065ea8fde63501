"""Files received together (one run, written in the same second: one `cp`, one zip) that give a
cell different figures: only their names would choose between them, so neither is published and
the run says so; a later file settles the cell (outside tester's finding F-I)."""

from __future__ import annotations

import datetime as dt

import duckdb

from ctip.pipeline import build, discover, stage_all
from ctip.report.run_summary import summarise_warehouse
from ctip.warehouse.contracts import check_warehouse
from tests.submissions_factory import write_wide

SAME_SECOND = dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone.utc).timestamp()


def _cell(con, year: int):
    return con.execute(
        "select value, source_file from fact_observation where country_iso3='LCA' and year=? and indicator='victims_detected' "
        "and is_total_row(sex, age_group, exploitation, citizenship)",
        [year],
    ).fetchone()


def test_differing_figures_received_together_are_withheld_until_settled(project_dirs):
    raw, wh = project_dirs["raw"], project_dirs["warehouse"]
    write_wide(raw / "LCA" / "police_2020.xlsx", {"Victims identified": {2020: 61, 2019: 30}}, mtime=SAME_SECOND + 0.1)
    write_wide(raw / "LCA" / "ministry_2020.xlsx", {"Victims identified": {2020: 62, 2019: 30}}, mtime=SAME_SECOND + 0.9)
    build(stage_all(discover()))
    with duckdb.connect(str(wh), read_only=True) as con:
        assert _cell(con, 2020) is None  # neither 61 nor 62
        assert _cell(con, 2019)[0] == 30  # the same figure in both: published
        clash = con.execute("select value, source_file from fact_observation_history where change = 'clash' and country_iso3 = 'LCA' order by value").fetchall()
        assert clash == [(61, "LCA/police_2020.xlsx"), (62, "LCA/ministry_2020.xlsx")]
        assert all(c.passed for c in check_warehouse(con)), check_warehouse(con)
    text = summarise_warehouse(wh).text
    assert "not published: 1 figures" in text and "LCA/ministry_2020.xlsx" in text and "LCA/police_2020.xlsx" in text
    # The ministry settles it with a file of its own, received later: published, the clash is history.
    write_wide(raw / "LCA" / "tip_2020_final.xlsx", {"Victims identified": {2020: 62}}, mtime=SAME_SECOND + 5)
    build(stage_all(discover()))
    with duckdb.connect(str(wh), read_only=True) as con:
        assert _cell(con, 2020) == (62, "LCA/tip_2020_final.xlsx")
        assert con.execute("select count(*) from fact_observation_history where change = 'clash'").fetchone()[0] == 0
        assert all(c.passed for c in check_warehouse(con)), check_warehouse(con)
    assert "not published" not in summarise_warehouse(wh).text


def test_files_a_second_apart_are_not_a_clash(project_dirs):
    raw, wh = project_dirs["raw"], project_dirs["warehouse"]
    write_wide(raw / "LCA" / "police_2020.xlsx", {"Victims identified": {2020: 61}}, mtime=SAME_SECOND)
    write_wide(raw / "LCA" / "ministry_2020.xlsx", {"Victims identified": {2020: 62}}, mtime=SAME_SECOND + 1)
    build(stage_all(discover()))
    with duckdb.connect(str(wh), read_only=True) as con:
        assert _cell(con, 2020) == (62, "LCA/ministry_2020.xlsx")  # the newer file, as before


def test_the_senders_of_a_clash_are_told_in_their_feedback(project_dirs):
    """Finding G-O: both feedback folders said 'accepted ... No problems found' of a figure the
    warehouse did not publish. The feedback (written after the warehouse) now lists it among the
    cells not used, naming the other file; the figure both files agree on stays stored."""
    import json

    from ctip.pipeline import build_staged, stage_batch, write_pending_feedback

    raw, marts = project_dirs["raw"], project_dirs["marts"]
    write_wide(raw / "LCA" / "police_2020.xlsx", {"Victims identified": {2020: 61, 2019: 30}}, mtime=SAME_SECOND + 0.1)
    write_wide(raw / "LCA" / "ministry_2020.xlsx", {"Victims identified": {2020: 62, 2019: 30}}, mtime=SAME_SECOND + 0.9)
    files = discover()
    build_staged(stage_batch(files, feedback_later=True))
    assert write_pending_feedback() == 2
    for sf, other in zip(sorted(files, key=lambda f: f.relative), ["LCA/police_2020.xlsx", "LCA/ministry_2020.xlsx"]):
        folder = marts / "feedback" / sf.submission_id
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        summary = (folder / "summary.md").read_text(encoding="utf-8")
        assert report["submission"]["status"] == "partial", report["submission"]
        assert "No problems found" not in summary
        assert other in summary and "neither was published" in summary
        assert [(o["year"], o["value"]) for o in report["observations"]] == [("2019", "30")]  # agreed: stored
        assert [(q["source_cell"], q["raw_label"]) for q in report["quarantine"]] == [("C4", "Victims identified | 2020")]

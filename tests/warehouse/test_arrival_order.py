"""Precedence goes by when ctip received a file, not by its modification time (findings F-E, F-H).

Each test drops generated workbooks with known figures, runs discovery, staging and the build as a
run does (`discover` records each file's arrival), and checks which figure is published."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb

from ctip.intake.arrivals import read_ledger, record_arrivals, source_date
from ctip.intake.discover import list_submission_files
from ctip.paths import PROJECT_ROOT
from ctip.pipeline import build, discover, stage_all
from ctip.warehouse.contracts import check_warehouse
from ctip.warehouse.history import figure_history
from tests.submissions_factory import write_wide

NOV_2026 = dt.datetime(2026, 11, 15, 10, tzinfo=dt.timezone.utc).timestamp()
DAY = 86_400


def _run() -> None:
    build(stage_all(discover()))


def _published(project_dirs, iso3: str, year: int) -> tuple[int, str]:
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert all(c.passed for c in check_warehouse(con)), check_warehouse(con)
        return con.execute(
            "select value, source_file from fact_observation where country_iso3=? and year=? and indicator='victims_detected' "
            "and sex='total' and age_group='total' and exploitation='total' and citizenship='total'",
            [iso3, year],
        ).fetchone()


def test_correction_with_an_older_mtime_wins_when_it_arrives_later(project_dirs):
    """F-E: the correction (140) keeps the date it was written at the ministry, older than the
    file it corrects (150), but reaches ctip later: 140 is published."""
    raw = project_dirs["raw"]
    write_wide(raw / "DOM" / "trata_2019.xlsx", {"Victims identified": {2019: 150}}, mtime=NOV_2026 + 10 * DAY)
    _run()
    assert _published(project_dirs, "DOM", 2019) == (150, "DOM/trata_2019.xlsx")
    write_wide(raw / "DOM" / "trata_2019 corregido (versión final).xlsx", {"Victims identified": {2019: 140}}, mtime=NOV_2026)
    _run()
    assert _published(project_dirs, "DOM", 2019) == (140, "DOM/trata_2019 corregido (versión final).xlsx")
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        subs = dict(con.execute("select source_file, received_at from submissions").fetchall())
        mtimes = dict(con.execute("select source_file, file_modified_at from submissions").fetchall())
    # received_at is the arrival (later for the correction), file_modified_at the file's own date.
    assert subs["DOM/trata_2019 corregido (versión final).xlsx"] > subs["DOM/trata_2019.xlsx"]
    assert mtimes["DOM/trata_2019 corregido (versión final).xlsx"] == "2026-11-15T10:00:00+00:00"
    # A third run changes nothing: arrivals are recorded, not taken again.
    _run()
    assert _published(project_dirs, "DOM", 2019)[0] == 140


def test_resent_original_becomes_current_again(project_dirs):
    """F-H: 60, then a correction 80, then the ministry re-sends its original bytes ("60 stands"):
    the copy is a rejected row of its own (the figures are taken in once) but makes them current."""
    raw = project_dirs["raw"]
    original = write_wide(raw / "KNA" / "tip_2020.xlsx", {"Victims identified": {2020: 60}}, mtime=NOV_2026)
    _run()
    write_wide(raw / "KNA" / "tip_2020_corrected.xlsx", {"Victims identified": {2020: 80}}, mtime=NOV_2026 + DAY)
    _run()
    assert _published(project_dirs, "KNA", 2020) == (80, "KNA/tip_2020_corrected.xlsx")
    shutil.copy2(original, raw / "KNA" / "tip_2020_final.xlsx")  # the same bytes, and even the old mtime
    _run()
    assert _published(project_dirs, "KNA", 2020) == (60, "KNA/tip_2020.xlsx")
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        status, message = con.execute("select status, message from submissions where source_file = 'KNA/tip_2020_final.xlsx'").fetchone()
        superseded_by = con.execute(
            "select h.superseded_by from fact_observation_history h where h.source_file = 'KNA/tip_2020_corrected.xlsx' and h.year = 2020"
            " and h.sex='total' and h.age_group='total' and h.exploitation='total' and h.citizenship='total'"
        ).fetchone()[0]
        original_id = con.execute("select submission_id from submissions where source_file = 'KNA/tip_2020.xlsx'").fetchone()[0]
    assert status == "rejected" and "'KNA/tip_2020.xlsx'" in message and "take precedence" in message
    assert superseded_by == original_id
    # The re-sent copy leaves again: the correction is the latest file once more.
    (raw / "KNA" / "tip_2020_final.xlsx").unlink()
    _run()
    assert _published(project_dirs, "KNA", 2020) == (80, "KNA/tip_2020_corrected.xlsx")


def test_file_replaced_in_place_keeps_its_history(project_dirs):
    """The same name, new figures: the earlier version is in history as replaced, with when it was
    received and the submission that replaced it."""
    raw = project_dirs["raw"]
    path = write_wide(raw / "DOM" / "trata_2019.xlsx", {"Victims identified": {2019: 120}}, mtime=NOV_2026)
    _run()
    write_wide(path, {"Victims identified": {2019: 150}}, mtime=NOV_2026 + DAY)
    _run()
    _run()  # a later build keeps the replaced version (it is not recomputed from present files)
    assert _published(project_dirs, "DOM", 2019) == (150, "DOM/trata_2019.xlsx")
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        frame = figure_history(con, "DOM", 2019, "victims_detected")
        current_id = con.execute("select submission_id from submissions where source_file = 'DOM/trata_2019.xlsx'").fetchone()[0]
    totals = frame[(frame["sex"] == "total") & (frame["age_group"] == "total") & (frame["exploitation"] == "total") & (frame["citizenship"] == "total")]
    rows = totals[["value", "state", "superseded_by"]].astype(object).where(totals[["value", "state", "superseded_by"]].notna(), None).values.tolist()
    assert rows == [[120, "replaced", current_id], [150, "current", None]]
    assert totals["received_at"].notna().all()
    assert totals["received_at"].iloc[0] < totals["received_at"].iloc[1]


def test_superseded_version_replaced_in_place_stays_in_history(project_dirs):
    """A file whose figure was already superseded by a correction is then replaced in place: its
    earlier figure stays in history (replaced, by the submission now at its path)."""
    raw = project_dirs["raw"]
    path = write_wide(raw / "DOM" / "trata_2019.xlsx", {"Victims identified": {2019: 150}}, mtime=NOV_2026)
    _run()
    write_wide(raw / "DOM" / "corregido.xlsx", {"Victims identified": {2019: 140}}, mtime=NOV_2026)
    _run()
    path.unlink()  # a run while the new content is not there yet (or still being copied)
    _run()
    write_wide(path, {"Victims identified": {2019: 120}}, mtime=NOV_2026)
    _run()
    assert _published(project_dirs, "DOM", 2019) == (120, "DOM/trata_2019.xlsx")
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        rows = con.execute(
            "select h.value, h.change, h.superseded_by = s.submission_id, h.received_at is not null from fact_observation_history h,"
            " submissions s where s.source_file = 'DOM/trata_2019.xlsx' and h.country_iso3 = 'DOM' and h.sex = 'total' and h.age_group = 'total'"
            " and h.exploitation = 'total' and h.citizenship = 'total' order by h.value"
        ).fetchall()
    assert rows == [(140, "superseded", True, True), (150, "replaced", True, True)]


def test_files_arriving_in_one_run_are_ordered_by_mtime_then_name(project_dirs):
    """An initial load has only modification times to go by: the newer file wins, whatever its name."""
    raw = project_dirs["raw"]
    write_wide(raw / "JAM" / "b_old.xlsx", {"Victims identified": {2019: 50}}, mtime=NOV_2026)
    write_wide(raw / "JAM" / "a_new.xlsx", {"Victims identified": {2019: 55}}, mtime=NOV_2026 + DAY)
    write_wide(raw / "GUY" / "a.xlsx", {"Victims identified": {2019: 7, 2020: 4}}, mtime=NOV_2026)
    write_wide(raw / "GUY" / "b.xlsx", {"Victims identified": {2019: 7, 2020: 5}}, mtime=NOV_2026)  # same mtime
    _run()
    assert _published(project_dirs, "JAM", 2019) == (55, "JAM/a_new.xlsx")
    # Received together: the same figure is published (the name decides its lineage only); different
    # figures are a clash, published from neither file (test_received_together.py).
    assert _published(project_dirs, "GUY", 2019) == (7, "GUY/b.xlsx")
    assert _published(project_dirs, "GUY", 2020) is None
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert con.execute("select count(distinct received_at) from submissions").fetchone()[0] == 1


def test_ledger_arrivals(project_dirs):
    """The ledger: a path keeps its arrival while its content stays; new content arrives again; a
    path that left is forgotten; a later run is always later, even with the clock stepped back."""
    raw, ledger = project_dirs["raw"], project_dirs["marts"]
    path = write_wide(raw / "JAM" / "x.xlsx", {"Victims identified": {2019: 1}})
    t0 = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    (first,) = record_arrivals(list_submission_files(raw), root=ledger, now=t0)
    (same,) = record_arrivals(list_submission_files(raw), root=ledger, now=t0 + dt.timedelta(hours=1))
    assert first.arrived_at == same.arrived_at == "2026-12-01T00:00:00.000000+00:00" == first.received_at
    write_wide(path, {"Victims identified": {2019: 2}})
    (again,) = record_arrivals(list_submission_files(raw), root=ledger, now=t0 - dt.timedelta(hours=1))
    assert again.arrived_at > first.arrived_at  # clock stepped back: still after every recorded arrival
    path.unlink()
    assert record_arrivals(list_submission_files(raw), root=ledger) == [] and read_ledger(ledger) == {}


def test_unodc_export_arrives_at_its_extraction_date(tmp_path):
    assert source_date(PROJECT_ROOT / "data" / "raw" / "UNODC") == "2023-05-30T00:00:00.000000+00:00"
    (tmp_path / "SOURCE.md").write_text("Publication date: 2024-02-29.\n", encoding="utf-8")
    assert source_date(tmp_path) == "2024-02-29T00:00:00.000000+00:00"
    (tmp_path / "SOURCE.md").write_text("No date here.\n", encoding="utf-8")
    assert source_date(tmp_path) is None

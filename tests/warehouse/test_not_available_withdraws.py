"""A later file of the same source that marks a cell not available ('..', 'n/a', 'N/D', 's.o.')
where an earlier file gave a figure withdraws that figure: the ministry no longer stands behind
it, so it is not published; it stays in fact_observation_history as superseded by the later file,
and the later file's feedback says which earlier figure was withdrawn (outside tester's I-H:
JAM's 2019 prosecutions 90, a typo blanked with '..' in a corrected file, stayed public and the
correction was told only "accepted ... 1 cell marked not available")."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from ctip.pipeline import build, build_staged, discover, stage_all, stage_batch, write_pending_feedback
from ctip.warehouse.contracts import check_warehouse
from tests.submissions_factory import write_wide

T0 = dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone.utc).timestamp()
FIRST = {"Victims identified": {2018: 23, 2019: 27, 2020: 14}, "Persons prosecuted": {2018: 7, 2019: 90, 2020: 4}}


def _prosecuted(con, year: int):
    return con.execute(
        "select value, source_file from fact_observation where country_iso3='JAM' and year=? and indicator='persons_prosecuted' "
        "and is_total_row(sex, age_group, exploitation, citizenship)",
        [year],
    ).fetchone()


def _corrected(marker: str) -> dict:
    return {**FIRST, "Persons prosecuted": {2018: 7, 2019: marker, 2020: 4}}


@pytest.mark.parametrize("marker", ["..", "n/a", "N/D", "s.o."])
def test_a_later_file_marking_a_figure_not_available_withdraws_it(project_dirs, marker):
    raw, wh = project_dirs["raw"], project_dirs["warehouse"]
    write_wide(raw / "JAM" / "tip_2018_2020.xlsx", FIRST, mtime=T0)
    build(stage_all(discover()))
    with duckdb.connect(str(wh), read_only=True) as con:
        assert _prosecuted(con, 2019) == (90, "JAM/tip_2018_2020.xlsx")
    write_wide(raw / "JAM" / "tip_2018_2020_corrected.xlsx", _corrected(marker), mtime=T0 + 60)
    build(stage_all(discover()))
    with duckdb.connect(str(wh), read_only=True) as con:
        assert _prosecuted(con, 2019) is None  # 90 is no longer published
        assert _prosecuted(con, 2020) == (4, "JAM/tip_2018_2020_corrected.xlsx")  # the figures it gives: current
        later = con.execute("select submission_id from submissions where source_file = 'JAM/tip_2018_2020_corrected.xlsx'").fetchone()[0]
        kept = con.execute(
            "select value, change, superseded_by from fact_observation_history "
            "where country_iso3='JAM' and year=2019 and indicator='persons_prosecuted' and source_file='JAM/tip_2018_2020.xlsx'"
        ).fetchall()
        assert kept == [(90, "superseded", later)]  # kept in history, superseded by the withdrawal
        assert all(c.passed for c in check_warehouse(con)), check_warehouse(con)


def test_only_a_later_not_available_withdraws(project_dirs):
    """'..' in an earlier file does not withdraw a later figure, and a figure sent again after a
    withdrawal is published."""
    raw, wh = project_dirs["raw"], project_dirs["warehouse"]
    write_wide(raw / "JAM" / "a.xlsx", _corrected(".."), mtime=T0)
    build(stage_all(discover()))
    write_wide(raw / "JAM" / "b.xlsx", {"Persons prosecuted": {2019: 9}}, mtime=T0 + 60)
    build(stage_all(discover()))
    with duckdb.connect(str(wh), read_only=True) as con:
        assert _prosecuted(con, 2019) == (9, "JAM/b.xlsx")
    write_wide(raw / "JAM" / "c.xlsx", {"Persons prosecuted": {2019: ".."}, "Victims identified": {2019: 27}}, mtime=T0 + 120)
    build(stage_all(discover()))
    with duckdb.connect(str(wh), read_only=True) as con:
        assert _prosecuted(con, 2019) is None
    write_wide(raw / "JAM" / "d.xlsx", {"Persons prosecuted": {2019: 11}}, mtime=T0 + 180)
    build(stage_all(discover()))
    with duckdb.connect(str(wh), read_only=True) as con:
        assert _prosecuted(con, 2019) == (11, "JAM/d.xlsx")
        assert all(c.passed for c in check_warehouse(con)), check_warehouse(con)


def test_the_correction_is_told_which_earlier_figure_it_withdrew(project_dirs):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    write_wide(raw / "JAM" / "tip_2018_2020.xlsx", FIRST, mtime=T0)
    build_staged(stage_batch(discover(), feedback_later=True))
    write_pending_feedback()
    write_wide(raw / "JAM" / "tip_2018_2020_corrected.xlsx", _corrected(".."), mtime=T0 + 60)
    files = discover()
    build_staged(stage_batch(files, feedback_later=True))
    assert write_pending_feedback() == 1
    sid = next(f.submission_id for f in files if f.relative.endswith("_corrected.xlsx"))
    folder = marts / "feedback" / sid
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert "1 earlier figure withdrawn (no longer published)" in summary
    assert "## Earlier figures withdrawn" in summary
    row = next(line for line in summary.splitlines() if "JAM/tip_2018_2020.xlsx" in line)
    assert "| 2019 | 90 |" in row and "Persons prosecuted" in row
    html = (folder / "summary.html").read_text(encoding="utf-8")
    assert "Earlier figures withdrawn" in html and "JAM/tip_2018_2020.xlsx" in html
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert [(w["year"], w["indicator"], w["value"], w["source_file"]) for w in report["withdrawn"]] == [
        ("2019", "persons_prosecuted", "90", "JAM/tip_2018_2020.xlsx")
    ]


@pytest.mark.parametrize("lang", ["en", "es", "fr", "nl"])
def test_the_withdrawal_is_said_in_the_senders_language(lang):
    import pandas as pd

    from ctip.feedback.summary import summary_html, summary_markdown
    from ctip.feedback.withdrawn import mark_withdrawn
    from ctip.feedback.words import phrases
    from ctip.harmonise.observations import NOT_AVAILABLE_COLUMNS, OBSERVATION_COLUMNS
    from ctip.stage.submission import SubmissionResult

    key = {
        "country_iso3": "JAM",
        "year": 2019,
        "indicator": "persons_prosecuted",
        "sex": "total",
        "age_group": "total",
        "exploitation": "total",
        "citizenship": "total",
    }
    na = pd.DataFrame([{**key, "submission_id": "b", "source_file": "JAM/b.xlsx", "source_sheet": "S", "source_cell": "C5"}], columns=NOT_AVAILABLE_COLUMNS)
    result = SubmissionResult(
        submission={
            "submission_id": "b",
            "source_file": "JAM/b.xlsx",
            "country_iso3": "JAM",
            "status": "accepted",
            "n_observations": 0,
            "n_quarantined": 0,
            "message": "",
        },
        observations=pd.DataFrame(columns=OBSERVATION_COLUMNS),
        quarantine=pd.DataFrame(columns=["submission_id"]),
        language=lang,
        not_available=na,
    )
    earlier = {**key, "value": 90, "flag": None, "source_file": "JAM/a.xlsx", "source_sheet": "S", "source_cell": "C5"}
    other = {**earlier, "indicator": "persons_convicted"}  # superseded, but not marked '..' by this file
    marked = mark_withdrawn(result, [earlier, other])
    assert len(marked.withdrawn) == 1
    p = phrases(lang)
    text = summary_markdown(marked)
    assert p["withdrawn_heading"] in text and p["withdrawn_one"] in text and "JAM/a.xlsx" in text
    assert p["withdrawn_heading"] in summary_html(marked)
    assert p["withdrawn_heading"] not in summary_markdown(result)  # nothing withdrawn: nothing said

"""I-K, personal data: a note typed over two or three cells of a row ("* includes the minor <name>" |
"passport …, born …"; "Victim referred by:" | <name> | "tel. …") loses the document number, the birth
date and the phone, and the name written in the next cell beside them too, in that cell and in every
other cell of the file where it comes back. Labels beside a field that hold no name stay as written.

The workbook is generated here with invented names (the known truth: which strings must vanish, which
labels must stay); the check reads every byte under the output folders and Dagster's home (the
annotated copy unpacked) and the log."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
from openpyxl import Workbook

from ctip import pipeline
from ctip.intake.privacy_text import scrub_sheets
from ctip.intake.read import SheetGrid
from tests.hostile.test_names_elsewhere import _blobs, _found

MINOR = "Vondrelle Ashmoor Quintaby"
REFERRER = "Keshawna Brimmelow"
# every part of both names, the fields themselves
PLANTED = ["Vondrelle", "Ashmoor", "Quintaby", "Keshawna", "Brimmelow", "143256789", "02/07/2008", "555-0199"]
# labels beside a field that are no name: they must stay, word for word
LABELS = ["Victim referred by:", "Focal point: Ministry of National Security", "Victims identified", "Persons prosecuted"]


def _note_rows() -> list[list[object]]:
    return [
        ["Trafficking in persons statistics, 2021"],
        [],
        ["Indicator", "2021"],
        ["Victims identified", 17],
        ["Persons prosecuted", 6],
        [],
        [f"* includes the minor {MINOR}", "passport 143256789, born 02/07/2008"],
        ["Victim referred by:", REFERRER, "tel. 876-555-0199"],
        ["Focal point: Ministry of National Security", "tel. 876-555-0100"],
    ]


def test_a_name_in_the_cell_beside_a_personal_field_is_removed_with_it():
    sheets = [SheetGrid("TIP 2021", _note_rows()), SheetGrid("Notes", [[f"Follow-up: {REFERRER} called again"], [f"{MINOR}"]])]
    findings, renamed = scrub_sheets(sheets)
    cells = [s.rows for s in sheets]
    assert _found([("cells", repr(cells).encode())], PLANTED) == []
    rows = sheets[0].rows
    assert rows[6][0] == "* includes the minor [removed]"  # the rest of the note stays
    assert rows[7][0] == "Victim referred by:" and rows[7][1] is None
    assert rows[8][0] == "Focal point: Ministry of National Security"  # beside a phone, but no name
    assert rows[3][0] == "Victims identified" and rows[4][0] == "Persons prosecuted"
    assert sheets[1].rows == [["Follow-up: [removed] called again"], [None]]  # everywhere in the file
    # The sender is told each cell, the name cells as names; the sheets keep their names.
    got = sorted((f.rows[0], f.cols[0], tuple(f.categories)) for f in findings if f.how == "text")
    assert got == [(6, 0, ("name",)), (6, 1, ("birth_date", "id_number")), (7, 1, ("name",)), (7, 2, ("phone",)), (8, 1, ("phone",))]
    assert renamed == {}


def test_a_name_far_from_the_field_or_past_a_number_is_not_taken():
    # A capitalised run of unknown words is a name only beside a field: not three cells away,
    # not past a figure, not on another row.
    rows = [["Ozwell Trencham", None, None, None, "tel. 876-555-0199"], ["Ozwell Trencham", 12, "tel. 876-555-0199"], ["Ozwell Trencham"]]
    scrub_sheets([SheetGrid("Data", rows)])
    assert [r[0] for r in rows] == ["Ozwell Trencham"] * 3


def _workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "TIP 2021"
    for row in _note_rows():
        ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def test_a_note_over_two_cells_leaves_no_name_in_any_output(project_dirs, caplog):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _workbook(raw / "JAM" / "tip_2021_notes.xlsx")
    caplog.set_level(logging.DEBUG)
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    (r,) = results

    blobs = list(_blobs(marts)) + list(_blobs(project_dirs["root"] / "dagster_home"))
    assert _found(blobs, PLANTED) == []
    assert [s for s in PLANTED if s.lower() in caplog.text.lower()] == []
    # The figures are read, and the labels stay in the annotated copy.
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        got = sorted(con.execute("select indicator, year, value from fact_observation").fetchall())
        (message,) = con.execute("select message from submissions").fetchone()
    assert got == [("persons_prosecuted", 2021, 6), ("victims_detected", 2021, 17)]
    assert "cell A7 of the sheet (names)" in message and "cell B8 of the sheet (names)" in message, message
    annotated = marts / "feedback" / r.submission["submission_id"] / "annotated.xlsx"
    strings = b"".join(data for where, data in _blobs(annotated.parent) if where.startswith(f"{annotated}!")).decode()
    for label in LABELS:
        assert label in strings, label

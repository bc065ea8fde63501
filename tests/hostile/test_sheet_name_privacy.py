"""I-B, personal data: a sheet named after a victim ("Case <name>") whose name the privacy pass
recognised in a note of the same file, or whose name itself holds a birth date or a document
number, is called by its position ("sheet 2") in every output: the feedback (summary, report.json,
the annotated copy's workbook.xml), the staging files, the warehouse's lineage (`source_sheet`)
and `submissions.message`, Dagster's storage and the log. The sender is told which sheet, by
position, never the name; the sheet's figures are still read.

The workbook is generated here with invented names; the check reads every byte under the output
folders, the parts of every zip-based file (annotated.xlsx) unpacked, and the log."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
from openpyxl import Workbook

from ctip import pipeline
from ctip.intake.privacy_text import scrub_sheets
from ctip.intake.read import SheetGrid
from tests.hostile.test_names_elsewhere import _blobs, _found

VICTIM = "Quilliana Marbrook-Tessaly"
OTHER = "Ozyma Veltkirk"
PLANTED = ["Quilliana", "Marbrook", "Tessaly", "112-345-678", "Ozyma", "Veltkirk", "A5520917", "05-02-2009"]


def _workbook(path: Path) -> Path:
    wb = Workbook()
    case = wb.active
    case.title = f"Case {VICTIM}"[:31]  # the victim's name only in the sheet's name and its notes
    case.append([f"TIP victims 2021 (includes case of {VICTIM}, TRN 112-345-678)"])
    case.append([])
    case.append(["Indicator", "2021"])
    case.append(["Victims identified", 17])
    case.append(["Persons prosecuted", 5])
    summary = wb.create_sheet("Summary")
    summary.append(["Indicator", "2020"])
    summary.append(["Victims identified", 12])
    summary.append([f"Note: see sheet 'Case {VICTIM}'"])
    # A sheet whose own name holds a person and a birth date (no cell of the file does).
    dob = wb.create_sheet(f"{OTHER} DOB 05-02-2009")
    dob.append(["Indicator", "2019"])
    dob.append(["Victims identified", 9])
    passport = wb.create_sheet("Passport A5520917")
    passport.append(["Indicator", "2018"])
    passport.append(["Victims identified", 4])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def test_scrub_sheets_calls_a_sheet_named_after_a_person_by_its_position():
    sheets = [
        SheetGrid(f"Case {VICTIM}", [[f"Note: {VICTIM}, TRN 112-345-678"], ["Victims identified", 3]]),
        SheetGrid("Data", [["Victims identified", 4], [f"see 'Case {VICTIM}'"]]),
        SheetGrid("Passport A5520917", [["Victims identified", 4]]),
        SheetGrid("Data 2021", [["Victims identified", 4]]),
    ]
    findings, renamed = scrub_sheets(sheets)
    assert [s.name for s in sheets] == ["sheet 1", "Data", "sheet 3", "Data 2021"]
    assert renamed == {f"Case {VICTIM}": "sheet 1", "Passport A5520917": "sheet 3"}
    by_name = [(f.sheet_position, f.categories, f.sheet) for f in findings if f.how == "sheet_name"]
    assert by_name == [(1, ["name"], "sheet 1"), (3, ["id_number"], "sheet 3")]
    # The text findings name the sheet as it is now called (the cell "see 'Case <name>'" on Data is
    # one too since attack6 K-Q: a case word before a name marks a person there as well).
    assert {f.sheet for f in findings if f.how == "text"} == {"sheet 1", "Data"}
    assert _found([("cells", repr([s.rows for s in sheets]).encode())], PLANTED) == []


def test_a_sheet_named_after_a_victim_is_called_by_its_position_everywhere(project_dirs, caplog):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _workbook(raw / "JAM" / "tip_2021.xlsx")
    caplog.set_level(logging.DEBUG)
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    (r,) = results

    blobs = list(_blobs(marts)) + list(_blobs(project_dirs["root"] / "dagster_home"))
    assert _found(blobs, PLANTED) == []
    assert [s for s in PLANTED if s.lower() in caplog.text.lower()] == []

    # Every sheet's figures are read, with the sheets by position as lineage.
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        got = sorted(con.execute("select source_sheet, indicator, year, value from fact_observation").fetchall())
        (message,) = con.execute("select message from submissions").fetchone()
    assert got == [
        ("Summary", "victims_detected", 2020, 12),
        ("sheet 1", "persons_prosecuted", 2021, 5),
        ("sheet 1", "victims_detected", 2021, 17),
        ("sheet 3", "victims_detected", 2019, 9),
        ("sheet 4", "victims_detected", 2018, 4),
    ]
    # The sender is told which sheets, by position, and what kind of data their names held.
    assert "the name of sheet 1 of 4, now called 'sheet 1' (names)" in message, message
    assert "the name of sheet 3 of 4, now called 'sheet 3' (names, dates of birth)" in message, message
    assert "the name of sheet 4 of 4, now called 'sheet 4' (passport or ID numbers)" in message, message

    # The annotated copy's sheets are called by position too, and its cells are not greyed for a name.
    annotated = marts / "feedback" / r.submission["submission_id"] / "annotated.xlsx"
    workbook = dict(_blobs(annotated.parent))[f"{annotated}!xl/workbook.xml"].decode()
    for title in ("sheet 1", "Summary", "sheet 3", "sheet 4"):
        assert f'name="{title}"' in workbook, workbook

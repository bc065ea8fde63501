"""attack5 J-P, personal data: a sheet named after one case or one person ("Case <name>", "Caso
<name>", "Zaak <name>", "<name> 14 años") kept its name in every output when the name was written
nowhere else in the file. Such a sheet is now called by its position ("sheet 1"), as in I-B, and
ordinary sheet names ("Victims 2022", "Casos judicializados", "Hoja1") are kept.

Names are invented and generated here; the check reads every byte of the outputs."""

from __future__ import annotations

import duckdb
import pytest
from openpyxl import Workbook

from ctip import pipeline
from ctip.intake.privacy_text import scrub_sheets
from ctip.intake.read import SheetGrid
from tests.hostile.test_names_elsewhere import _blobs, _found

FIRST, LAST = "Quorelle", "Vantibrook"

PERSONAL = [
    f"Case {FIRST} {LAST}",
    f"Caso {FIRST} {LAST}",
    f"Cas {FIRST} {LAST}",
    f"Zaak {FIRST} {LAST}",
    f"Caso: {FIRST} {LAST}",
    f"{FIRST} {LAST} 14 años",
    f"{FIRST} {LAST}, 16 years",
    f"{FIRST} {LAST} 15 ans",
    f"{FIRST} {LAST} 12 jaar",
    f"{FIRST} {LAST}",  # a name alone (left after attack5, closed in session 10)
    f"{FIRST} de la {LAST}",
]
ORDINARY = [
    "Victims 2022",
    "Trata de personas",
    "Jamaica",
    "Data",
    "Hoja1",
    "Cases 2022",
    "Casos judicializados",
    "Caso 2022-015",
    "Victims under 18 years",
    "Santo Domingo",
    "Montego Bay",
    "Summary Table",
    "Read Me",
    "Lisez Moi",
    "Hoja Resumen",
    "Victimas Identificadas",
    "Raw Data",
]


@pytest.mark.parametrize("name", PERSONAL)
def test_a_sheet_named_after_a_case_is_called_by_its_position(name):
    sheets = [SheetGrid("Summary", [["Victims identified", 4]]), SheetGrid(name, [["Indicator", 2022], ["Victims identified", 1]])]
    findings, renamed = scrub_sheets(sheets)
    assert [s.name for s in sheets] == ["Summary", "sheet 2"]
    assert renamed == {name: "sheet 2"}
    assert [(f.sheet_position, f.categories) for f in findings if f.how == "sheet_name"] == [(2, ["name"])]


@pytest.mark.parametrize("name", ORDINARY)
def test_ordinary_sheet_names_are_kept(name):
    sheets = [SheetGrid(name, [["Indicator", 2022], ["Victims identified", 1]])]
    findings, renamed = scrub_sheets(sheets)
    assert sheets[0].name == name and renamed == {} and findings == []


def test_a_case_sheet_name_reaches_no_output(project_dirs):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    wb = Workbook()
    ws = wb.active
    ws.title = f"{FIRST} {LAST} 14 años"
    ws.append(["Indicator", "2022"])
    ws.append(["Victims identified", 1])
    path = raw / "DOM" / "dom_2022.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    assert _found(list(_blobs(marts)), [FIRST, LAST]) == []
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        got = con.execute("select source_sheet, indicator, year, value from fact_observation").fetchall()
    assert got == [("sheet 1", "victims_detected", 2022, 1)]

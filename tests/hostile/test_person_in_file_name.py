"""attack6 K-P, personal data: a victim's name in the FILE name ('Caso_<Name>_<Surname>_2022.xlsx')
was copied into every feedback file and into the warehouse's lineage (`source_file`), which
researchers query. The file is now shown and recorded with the name replaced by '[removed <id>]'
(the sheet-name rules: a case word, an age, or a name alone); its figures are read as usual.

Names are invented here; the check reads every byte of the marts folder."""

from __future__ import annotations

import duckdb
import pytest
from openpyxl import Workbook

from ctip import pipeline
from ctip.intake.discover import without_person_name
from tests.hostile.test_names_elsewhere import _blobs, _found

FIRST, LAST = "Quorelle", "Vantibrook"


@pytest.mark.parametrize(
    "name",
    [
        f"Caso_{FIRST}_{LAST}_2022.xlsx",
        f"Case-{FIRST}-{LAST}.csv",
        f"{FIRST} {LAST} 14 años.xlsx",
        f"{FIRST}_{LAST}.xlsx",
        f"Zaak {FIRST} {LAST}.ods",
        f"Caso__{FIRST}__{LAST}_2022.xlsx",  # runs of separators: the name found maps back to its place
    ],
)
def test_the_name_is_replaced_and_the_rest_kept(name):
    shown = without_person_name(f"DOM/{name}", "0123456789abcdef")
    assert FIRST not in shown and LAST not in shown
    assert shown.startswith("DOM/") and "[removed 01234567]" in shown and shown.endswith(name.rsplit(".", 1)[1])


@pytest.mark.parametrize(
    "name",
    [
        "victims_2022.xlsx",
        "Estadisticas_Trata_2022.xlsx",
        "TIP Statistics Annual Report.xlsx",
        "Rapport_CNLTP_2022.ods",
        "Montego Bay Office.xlsx",
        "Casos 2022.xlsx",
    ],
)
def test_ordinary_file_names_are_kept(name):
    assert without_person_name(f"JAM/{name}", "0123456789abcdef") == f"JAM/{name}"


def test_a_name_in_the_file_name_reaches_no_output(project_dirs):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Victims identified 2022"])
    ws.append(["", "Female", "Male", "Total"])
    ws.append(["Victims identified", 8, 3, 11])
    path = raw / "DOM" / f"Caso_{FIRST}_{LAST}_2022.xlsx"
    path.parent.mkdir(parents=True)
    wb.save(path)
    pipeline.build(pipeline.stage_all(pipeline.discover()))
    assert _found(list(_blobs(marts)), [FIRST, LAST]) == []
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        got = con.execute("select source_file, sex, value from fact_observation where country_iso3 = 'DOM' order by sex").fetchall()
    assert [(s, v) for _, s, v in got] == [("female", 8), ("male", 3), ("total", 11)]
    assert {f for f, _, _ in got} == {got[0][0]} and got[0][0].startswith("DOM/Caso_[removed ")


def test_the_whole_name_is_replaced_between_runs_of_separators():
    shown = without_person_name(f"DOM/Caso__{FIRST}__{LAST}_2022.xlsx", "0123456789abcdef")
    assert shown == "DOM/Caso__[removed 01234567]_2022.xlsx"

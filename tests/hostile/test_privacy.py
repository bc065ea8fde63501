"""Case-level personal data is refused before any value is stored, in four languages, from its
headers or from its values; no planted personal value reaches the warehouse, the staging
folder, the feedback folder or the logs. Aggregate tables with a contact e-mail, a 'prepared by'
line, or a French 'Nombre' (count) column are not mistaken for it."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from ctip import pipeline
from ctip.intake.discover import describe_file
from ctip.intake.privacy import header_category, scan_sheets
from ctip.intake.read import SheetGrid
from ctip.intake.submission import ingest_submission
from tests.hostile.hostile_files import case_list, write_wide

PASSPORT = "ZX9934871Q"
EMAIL = "maria.planted@example.org"
NAME = "Maria Plantedname"
PHONE = "+1 876 555 0199"


def _people(n: int = 3) -> list[list[object]]:
    rows = [[NAME, dt.date(1990, 2, 3), PASSPORT, PHONE, EMAIL, "12 Planted Street, Kingston"]]
    for i in range(1, n):
        rows.append([f"Person {i}", dt.date(1980 + i, 5, 6), f"AB{1000000 + i}", f"+1 876 555 01{i:02d}",
                     f"person{i}@example.org", f"{i} Other Road"])
    return rows


HEADERS = {
    "en": ["Name", "Date of birth", "Passport number", "Phone", "E-mail", "Address"],
    "es": ["Nombre y apellidos", "Fecha de nacimiento", "Número de pasaporte", "Teléfono", "Correo electrónico", "Dirección"],
    "fr": ["Nom et prénom", "Date de naissance", "Numéro de passeport", "Téléphone", "Courriel", "Adresse"],
    "nl": ["Volledige naam", "Geboortedatum", "Paspoortnummer", "Telefoonnummer", "E-mailadres", "Woonadres"],
}


def _files_bytes(folder: Path):
    for p in folder.rglob("*"):
        if p.is_file():
            yield p, p.read_bytes()


def test_a_case_list_is_rejected_and_no_personal_value_reaches_any_file_or_log(project_dirs, caplog):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    write_wide(raw / "JAM" / "aggregates.xlsx", {"Victims identified": {2021: 12}})
    case_list(raw / "JAM" / "victims_register.xlsx", HEADERS["en"], _people(5))
    caplog.set_level(logging.DEBUG)
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    by_file = {r.submission["source_file"]: r for r in results}
    r = by_file["JAM/victims_register.xlsx"]
    assert r.status == "rejected" and r.reason_code == "personal_data"
    message = r.submission["message"]
    for words in ("personal data", "names", "dates of birth", "passport or ID numbers", "phone numbers",
                  "e-mail addresses", "aggregate counts", "No value from this file was stored"):
        assert words in message, words
    assert len(r.observations) == 0 and len(r.quarantine) == 0
    # The other submission is intact.
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert con.execute("select value from fact_observation").fetchall() == [(12,)]
        assert con.execute("select count(*) from quarantine where source_file = 'JAM/victims_register.xlsx'").fetchone()[0] == 0
    # The feedback says why and what to send instead, with no copy of the file.
    folder = marts / "feedback" / r.submission["submission_id"]
    assert not (folder / "annotated.xlsx").exists()
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert "personal data" in summary and "aggregate counts" in summary
    # Not one personal value, anywhere.
    planted = [PASSPORT, EMAIL, NAME, "Plantedname", "Planted Street", PHONE, "876 555 01"]
    for p, data in _files_bytes(marts):
        for value in planted:
            assert value.encode() not in data, (value, p)
    logged = caplog.text
    for value in planted:
        assert value not in logged


@pytest.mark.parametrize("lang", ["en", "es", "fr", "nl"])
def test_headers_in_the_four_languages_are_recognised(tmp_path, lang):
    path = case_list(tmp_path / "JAM" / f"cases_{lang}.xlsx", HEADERS[lang], _people(3))
    result = ingest_submission(describe_file(path, tmp_path))
    assert result.reason_code == "personal_data", result.submission["message"]
    assert PASSPORT not in result.submission["message"] and "Victims" not in result.submission["message"]


def test_values_alone_give_a_list_of_people_away(tmp_path):
    """No recognisable headers (columns named A, B, C...), but e-mails and phone numbers."""
    rows = [[f"P{i}", f"p{i}@mail.example", f"(876) 555-{1000 + i}", 1] for i in range(6)]
    path = case_list(tmp_path / "JAM" / "list.xlsx", ["A", "B", "C", "D"], rows)
    result = ingest_submission(describe_file(path, tmp_path))
    assert result.reason_code == "personal_data"
    assert "cell contents" in result.submission["message"]


def test_a_hidden_sheet_of_people_rejects_the_whole_file_without_naming_the_sheet(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Statistics"
    ws.append(["Indicator", 2021])
    ws.append(["Victims identified", 4])
    people = wb.create_sheet("Maria Plantedname")  # a sheet named after a person
    people.append(HEADERS["en"])
    for row in _people(3):
        people.append(row)
    people.sheet_state = "hidden"
    path = tmp_path / "JAM" / "mixed.xlsx"
    path.parent.mkdir(parents=True)
    wb.save(path)
    result = ingest_submission(describe_file(path, tmp_path))
    assert result.reason_code == "personal_data" and len(result.observations) == 0
    assert "sheet 2 of 2" in result.submission["message"]
    assert "Plantedname" not in result.submission["message"] and result.sheets == []


@pytest.mark.parametrize("rows", [
    # An aggregate table with the ministry's contact e-mail in its title block (as GLOTIP has).
    [["Ministry of National Security", "ctip.focal@gov.example"], ["30/05/2023"], [],
     ["Indicator", "Year", "Value"], ["Victims identified", 2021, 7], ["Cases investigated", 2021, 3]],
    # A 'prepared by' block: one person's name, e-mail and phone, then the table.
    [["Name", "E-mail", "Phone"], ["A. Officer", "a.officer@gov.example", "+1 876 555 0100"], [], [],
     ["Indicator", "Year", "Value"], ["Victims identified", 2021, 7]],
    # French long table: 'Nombre' is the count column, not a name.
    [["Indicateur", "Année", "Sexe", "Nombre"], ["Victimes identifiées", 2021, "Femmes", 5],
     ["Victimes identifiées", 2021, "Hommes", 2]],
    # Breakdown by citizenship and age is aggregate, not personal.
    [["Indicator", "Year", "Sex", "Age", "Nationality", "Value"], ["Victims identified", 2021, "Female", "Adults", "Foreigners", 3],
     ["Victims identified", 2021, "Male", "Children", "Nationals", 1]],
])
def test_aggregate_tables_are_not_mistaken_for_personal_data(rows):
    assert scan_sheets([SheetGrid("Data", [list(r) for r in rows])]) == []


def test_the_projects_own_template_is_not_mistaken_for_personal_data(tmp_path):
    from ctip.template.workbook import write_template

    for iso3 in ("JAM", "DOM", "HTI", "SUR"):
        path = write_template(iso3, [2022, 2023], tmp_path / iso3 / "template.xlsx")
        result = ingest_submission(describe_file(path, tmp_path))
        assert result.reason_code != "personal_data", (iso3, result.submission["message"])


@pytest.mark.parametrize("header,category", [
    ("Passport No.", "id_number"), ("Victim's passport #", "id_number"), ("Cédula", "id_number"),
    ("Date of Birth", "birth_date"), ("E-mail address", "email"), ("Adresse électronique", "email"),
    ("Tel.", "phone"), ("Apellidos", "name"), ("Woonadres", "address"),
    ("Victims identified", None), ("Nombre", "name"), ("Nombre de victimes identifiées", None),
    ("Nationality", None), ("Year", None), ("Calls to the telephone hotline", "phone"),
])
def test_header_categories(header, category):
    assert header_category(header) == category

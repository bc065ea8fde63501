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
from ctip.stage.submission import ingest_submission
from tests.hostile import disguised_lists
from tests.hostile.hostile_files import case_list, write_wide

PASSPORT = "ZX9934871Q"
EMAIL = "maria.planted@example.org"
NAME = "Maria Plantedname"
PHONE = "+1 876 555 0199"


def _people(n: int = 3) -> list[list[object]]:
    rows = [[NAME, dt.date(1990, 2, 3), PASSPORT, PHONE, EMAIL, "12 Planted Street, Kingston"]]
    for i in range(1, n):
        rows.append([f"Person {i}", dt.date(1980 + i, 5, 6), f"AB{1000000 + i}", f"+1 876 555 01{i:02d}", f"person{i}@example.org", f"{i} Other Road"])
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
    for words in (
        "personal data",
        "names",
        "dates of birth",
        "passport or ID numbers",
        "phone numbers",
        "e-mail addresses",
        "home addresses",
        "aggregate counts",
        "were not read, stored or copied",
    ):
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
    assert "seen in its cells" in result.submission["message"]


def test_a_hidden_sheet_of_people_is_removed_the_figures_kept_and_the_sheet_not_named(tmp_path):
    """Changed on purpose (issue 9): the list is removed, the figures beside it are still read,
    and the sheet named after a person is called by its position everywhere."""
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
    assert result.status == "partial" and len(result.observations) == 1
    assert "sheet 2 of 2" in result.submission["message"]
    text = repr(result.submission) + repr(result.sheets) + result.quarantine.to_csv() + result.observations.to_csv()
    text += repr([g.name for g in result.grids]) + repr([g.rows for g in result.grids])
    for planted in ("Plantedname", PASSPORT, EMAIL, "Planted Street"):
        assert planted not in text, planted


@pytest.mark.parametrize(
    "rows",
    [
        # An aggregate table with the ministry's contact e-mail in its title block (as GLOTIP has).
        [
            ["Ministry of National Security", "ctip.focal@gov.example"],
            ["30/05/2023"],
            [],
            ["Indicator", "Year", "Value"],
            ["Victims identified", 2021, 7],
            ["Cases investigated", 2021, 3],
        ],
        # A 'prepared by' block: one person's name, e-mail and phone, then the table.
        [
            ["Name", "E-mail", "Phone"],
            ["A. Officer", "a.officer@gov.example", "+1 876 555 0100"],
            [],
            [],
            ["Indicator", "Year", "Value"],
            ["Victims identified", 2021, 7],
        ],
        # French long table: 'Nombre' is the count column, not a name.
        [["Indicateur", "Année", "Sexe", "Nombre"], ["Victimes identifiées", 2021, "Femmes", 5], ["Victimes identifiées", 2021, "Hommes", 2]],
        # Breakdown by citizenship and age is aggregate, not personal.
        [
            ["Indicator", "Year", "Sex", "Age", "Nationality", "Value"],
            ["Victims identified", 2021, "Female", "Adults", "Foreigners", 3],
            ["Victims identified", 2021, "Male", "Children", "Nationals", 1],
        ],
    ],
)
def test_aggregate_tables_are_not_mistaken_for_personal_data(rows):
    assert scan_sheets([SheetGrid("Data", [list(r) for r in rows])]) == []


def test_the_projects_own_template_is_not_mistaken_for_personal_data(tmp_path):
    from ctip.template.workbook import write_template

    for iso3 in ("JAM", "DOM", "HTI", "SUR"):
        path = write_template(iso3, [2022, 2023], tmp_path / iso3 / "template.xlsx")
        result = ingest_submission(describe_file(path, tmp_path))
        assert result.reason_code != "personal_data", (iso3, result.submission["message"])


@pytest.mark.parametrize(
    "header,category",
    [
        ("Passport No.", "id_number"),
        ("Victim's passport #", "id_number"),
        ("Cédula", "id_number"),
        ("Date of Birth", "birth_date"),
        ("E-mail address", "email"),
        ("Adresse électronique", "email"),
        ("Tel.", "phone"),
        ("Apellidos", "name"),
        ("Woonadres", "address"),
        ("Victims identified", None),
        ("Nombre", "name"),
        ("Nombre de victimes identifiées", None),
        ("Nationality", None),
        ("Year", None),
        ("Calls to the telephone hotline", "phone"),
    ],
)
def test_header_categories(header, category):
    assert header_category(header) == category


# ------------------------------------------------------------------------------------------
# Lists of people in disguise (tests/hostile/disguised_lists.py), region by region.
# ------------------------------------------------------------------------------------------


def _warehouse_text(path: Path) -> str:
    """Every text value of every table of the warehouse, as one string."""
    parts = []
    with duckdb.connect(str(path), read_only=True) as con:
        for (table,) in con.execute("select table_name from information_schema.tables").fetchall():
            frame = con.execute(f'select * from "{table}"').df()
            parts.append(frame.astype(str).to_csv())
    return "\n".join(parts)


@pytest.mark.parametrize("builder", disguised_lists.BUILDERS, ids=lambda b: b.__name__)
def test_each_disguised_list_is_found_and_removed(tmp_path, builder):
    path, strings, n_figures = builder(tmp_path)
    result = ingest_submission(describe_file(path, tmp_path))
    assert result.privacy, result.submission["message"]
    text = repr(result.submission) + repr(result.sheets) + result.quarantine.to_csv() + result.observations.to_csv()
    text += repr([g.rows for g in result.grids or []]) + repr([g.name for g in result.grids or []])
    assert [s for s in strings if s in text] == []
    if n_figures:  # the aggregate figures beside or above the list are still read
        assert result.status == "partial" and len(result.observations) == n_figures
    else:
        assert result.status == "rejected" and result.reason_code == "personal_data"


def test_no_planted_string_reaches_the_warehouse_the_marts_or_the_logs(project_dirs, caplog):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    truth = disguised_lists.build_all(raw)
    write_wide(raw / "JAM" / "aggregates.xlsx", {"Victims identified": {2021: 12}})
    caplog.set_level(logging.DEBUG)
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    by_file = {r.submission["source_file"]: r for r in results}
    assert by_file["JAM/aggregates.xlsx"].status == "accepted"
    planted = sorted({s for strings, _ in truth.values() for s in strings})
    assert len(planted) > 60
    for p, data in _files_bytes(marts):
        if p.suffix == ".duckdb":
            continue
        found = [s for s in planted if s.encode() in data]
        assert not found, (p, found[:5])
    text = _warehouse_text(project_dirs["warehouse"])
    assert [s for s in planted if s in text] == []
    assert [s for s in planted if s in caplog.text] == []
    # Figures beside and above the lists were kept.
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        n = dict(con.execute("select source_file, count(*) from fact_observation group by 1").fetchall())
    assert n["KNA/summary_2021_2022.xlsx"] == 8 and n["BRB/long_with_list.xlsx"] == 150


def test_the_sender_is_told_in_their_language_which_cells_were_removed(project_dirs):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    path, strings, _ = disguised_lists.list_beside_figures(raw)
    fr = raw / "HTI" / "synthese_2021.xlsx"
    fr.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.append(["Indicateur", 2021, None, "Nom et prénom", "Date de naissance"])
    ws.append(["Victimes identifiées", 12, None, "Quillon Zyxwarbler", dt.date(1990, 1, 2)])
    ws.append(["Affaires instruites", 5, None, "Marisol Plonkett", dt.date(1985, 3, 4)])
    ws.append(["Personnes condamnées", 2, None, "Anouk Oxtoby", dt.date(1979, 5, 6)])
    wb.save(fr)
    results = {r.submission["source_file"]: r for r in pipeline.stage_all(pipeline.discover())}
    r = results["HTI/synthese_2021.xlsx"]
    assert r.status == "partial" and len(r.observations) == 3
    summary = (marts / "feedback" / r.submission["submission_id"] / "summary.md").read_text(encoding="utf-8")
    assert "Retirées comme données personnelles" in summary or "Données personnelles retirées" in summary
    assert "lignes 1–4, colonnes D–E" in summary and "noms" in summary and "dates de naissance" in summary
    for s in ("Zyxwarbler", "Plonkett", "Oxtoby", "1990"):
        assert s not in summary
    # annotated.xlsx: the region is blank and grey, its first cell says why; the figures are there.
    from openpyxl import load_workbook

    annotated = marts / "feedback" / r.submission["submission_id"] / "annotated.xlsx"
    wb2 = load_workbook(annotated)
    sheet = wb2.worksheets[1]
    assert sheet["B2"].value == 12
    assert all(sheet.cell(row=i, column=c).value is None for i in range(1, 5) for c in (4, 5))
    assert "données personnelles retirées" in sheet["D1"].comment.text
    assert sheet["D2"].fill.fgColor.rgb.endswith("D9D9D9")
    blob = annotated.read_bytes()
    import zipfile

    with zipfile.ZipFile(annotated) as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert "Zyxwarbler" not in xml and "Plonkett" not in xml and blob


def test_quarantine_text_is_scrubbed_and_truncated(tmp_path):
    """Unmatched labels keep no e-mail, phone or document number, and at most a short text."""
    from ctip.intake.privacy import scrub_text

    assert scrub_text("Contact maria.x@mail.example for details", 200) == "Contact [removed] for details"
    assert "555" not in scrub_text("call +1 876 555 0199 now", 200)
    assert "ZX9934871Q" not in scrub_text("Passport ZX9934871Q seen", 200)
    assert scrub_text("Victims identified 2019-2021", 200) == "Victims identified 2019-2021"
    assert scrub_text("Victims identified 1,234", 200) == "Victims identified 1,234"
    assert len(scrub_text("x" * 500, 60)) == 60
    wb = Workbook()
    ws = wb.active
    ws.append(["Indicator", 2021])
    ws.append(["Victims identified", 7])
    ws.append(["Ask officer at desk.officer@gov.example or ZX9934871Q " + "padding " * 40, 3])
    path = tmp_path / "JAM" / "one_label.xlsx"
    path.parent.mkdir(parents=True)
    wb.save(path)
    result = ingest_submission(describe_file(path, tmp_path))
    q = result.quarantine.to_csv()
    assert len(result.quarantine) >= 1
    assert "desk.officer@gov.example" not in q and "ZX9934871Q" not in q
    assert result.quarantine["raw_label"].astype(str).str.len().max() <= 120


@pytest.mark.parametrize("layout", ["glotip", "corpus", "corpus_realistic"])
def test_aggregate_files_are_not_flagged(tmp_path, layout):
    """No false positive on the real GLOTIP export nor on the intake corpus (40 layouts, four
    languages): country names, indicator labels and month names are not person names."""
    from ctip.intake.read import read_file
    from ctip.paths import PROJECT_ROOT

    if layout == "glotip":
        files = [PROJECT_ROOT / "data" / "raw" / "UNODC" / "data_glotip.xlsx"]
    else:
        if layout == "corpus":
            from tests.corpus import generate_corpus
        else:
            from tests.corpus_realistic.generate import generate_corpus

        generate_corpus(tmp_path)
        files = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix not in (".yaml", ".yml")]
    assert files
    flagged = []
    for p in files:
        try:
            sheets = read_file(p).sheets
        except Exception:
            continue
        found = scan_sheets(sheets)
        if found:
            flagged.append((p.name, [(f.rows, f.cols, f.categories) for f in found]))
    assert flagged == []


@pytest.mark.parametrize(
    "text,kind",
    [
        ("Quillon Zyxwarbler", "name"),
        ("DUPONT Marie", "name"),
        ("María del Carmen Ferrándiz", "name"),
        ("Victims Identified", None),
        ("Dominican Republic", None),
        ("Saint Lucia", None),
        ("Trinidad and Tobago", None),
        ("South-eastern Asia", None),
        ("Montego Bay", None),
        ("Ministry Of Labour", None),
        ("January", None),
        ("PZ7730941", "id_number"),
        ("001-1234567-8", "id_number"),
        ("+1 876 555 0199", "phone"),
        ("a.b@c.example", "email"),
        ("2019-2021", None),
        ("1 234", None),
        ("2021 Vrouwen", None),
        ("12/05/1990", "date"),
    ],
)
def test_cell_kinds(text, kind):
    from ctip.intake.privacy import classify

    assert classify(text) == kind


def test_the_independent_disguised_lists_leave_no_trace(project_dirs, caplog, tmp_path):
    """tests/privacy_lists (written without reading this code): every case is found, and its
    scanner finds no planted string under the marts folder (warehouse, staging, feedback,
    exports) nor in the logs. The aggregate file beside them is intact."""
    from tests.privacy_lists import generate_lists
    from tests.privacy_lists.scan import scan

    raw, marts = project_dirs["raw"], project_dirs["marts"]
    cases = generate_lists(raw)
    write_wide(raw / "JAM" / "aggregates.xlsx", {"Victims identified": {2021: 12}})
    caplog.set_level(logging.DEBUG)
    results = {r.submission["source_file"]: r for r in pipeline.stage_all(pipeline.discover())}
    pipeline.build(list(results.values()))
    assert results["JAM/aggregates.xlsx"].status == "accepted"
    missed = [c.name for c in cases if not results[c.relpath].privacy]
    assert missed == []
    log = tmp_path / "log.txt"
    log.write_text(caplog.text, encoding="utf-8")
    hits = scan([marts, log], with_needle=False)
    assert hits == [], [(h.path, h.where, h.case, h.kind) for h in hits[:10]]

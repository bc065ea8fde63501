"""A name the privacy pass recognised in a list is removed wherever else the file writes it: a
note on another sheet ("see <name> file"), a surname alone, a label of a figures table, a sheet's
name. Institutions and places written in the same file stay, and the figures are still read.

The workbook is generated here; the check reads every byte under the output folders, the parts of
every zip-based file (annotated.xlsx) unpacked, and the log."""

from __future__ import annotations

import logging
import unicodedata
import zipfile
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from ctip import pipeline
from ctip.intake.privacy import config

FULL = "Zorabella Quintanilla-Vexx"
OTHERS = ["Maribeth Okonkwo-Draskovic", "Teodoro Xylander Pumphrey"]
# Every part of the names on their own too: a surname written alone is as identifying.
PLANTED = [FULL, "Zorabella", "Quintanilla", "Okonkwo", "Draskovic", "Xylander", "Pumphrey"]
# Capitalised, several words, not people: words of the row vocabulary and an institution.
KEPT = ["Ministry of National Security", "Santo Domingo"]


def _workbook(path: Path) -> Path:
    wb = Workbook()
    cases = wb.active
    cases.title = "Cases"
    cases.append(["Trafficking in persons: victims identified 2020"])
    cases.append(["Case", "Victim name", "Sex", "Age", "Form of exploitation", "Referred by"])
    cases.append([1, FULL, "Female", 17, "Sexual exploitation", KEPT[0]])
    cases.append([2, OTHERS[0], "Female", 24, "Forced labour", KEPT[0]])
    cases.append([3, OTHERS[1], "Male", 31, "Forced labour", KEPT[0]])
    summary = wb.create_sheet("Summary")
    summary.append(["Trafficking in persons: victims identified"])
    summary.append(["Indicator", "2019", "2020"])
    summary.append(["Victims identified", 5, 3])
    summary.append(["Persons prosecuted", 2, 1])
    summary.append(["Victims referred by the Pumphrey family", 1, 1])  # a label that matches nothing: quarantine
    summary.append([])
    summary.append(["Note", f"see {FULL} file; Quintanilla case closed"])
    summary.append(["Source", f"{KEPT[0]}, {KEPT[1]} office"])
    named = wb.create_sheet("Xylander")  # a sheet named after a person, holding figures
    named.append(["Indicator", "2021"])
    named.append(["Victims identified", 7])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _blobs(folder: Path):
    """(name, bytes) of every file under `folder`, and of every part of every zip-based file."""
    for p in folder.rglob("*"):
        if not p.is_file():
            continue
        data = p.read_bytes()
        yield str(p), data
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as z:
                for part in z.namelist():
                    yield f"{p}!{part}", z.read(part)


def _found(blobs, strings: list[str]) -> list[tuple[str, str]]:
    hits = []
    for where, data in blobs:
        low = data.lower()
        for s in strings:
            for enc in ("utf-8", "utf-16-le"):
                if s.lower().encode(enc) in low:
                    hits.append((s, where))
    return hits


def test_a_recognised_name_is_removed_from_every_sheet_and_every_output(project_dirs, caplog):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _workbook(raw / "JAM" / "victims_2020.xlsx")
    caplog.set_level(logging.DEBUG)
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    (r,) = results
    assert r.privacy, r.submission["message"]

    # Not one byte of a name under the marts (warehouse, staging, feedback, annotated.xlsx parts),
    # the Dagster home or the log.
    blobs = list(_blobs(marts)) + list(_blobs(project_dirs["root"] / "dagster_home"))
    assert _found(blobs, PLANTED) == []
    assert [s for s in PLANTED if s.lower() in caplog.text.lower()] == []

    # The figures are still read, those of the sheet named after a person included.
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        got = sorted(con.execute("select indicator, year, value from fact_observation where sex = 'total'").fetchall())
        labels = [x for (x,) in con.execute("select raw_label from quarantine").fetchall()]
    assert got == [
        ("persons_prosecuted", 2019, 2),
        ("persons_prosecuted", 2020, 1),
        ("victims_detected", 2019, 5),
        ("victims_detected", 2020, 3),
        ("victims_detected", 2021, 7),
    ]
    # The unknown label is still reported to the sender, with the name replaced by the marker.
    mark = config()["scrubbed"]
    assert any(label and label.startswith("Victims referred by the") and mark in label for label in labels), labels

    # The annotated copy keeps the note and the institution and place written beside the name.
    annotated = marts / "feedback" / r.submission["submission_id"] / "annotated.xlsx"
    text = b"".join(data for where, data in _blobs(annotated.parent) if where.startswith(f"{annotated}!"))
    assert f"see {mark} file; {mark} case closed".encode() in text
    for kept in KEPT:
        assert kept.encode() in text, kept


# The same names written another way elsewhere in the file (G-E): without their accents, in capitals,
# in decomposed Unicode (NFD, as macOS writes text), with the apostrophe dropped or curled, the
# hyphen dropped. The list itself is written in NFD in one variant: it must still be recognised.
ACCENTED = ["José Pérez-López", "Siobhan O'Brien", "Zuleima Ñáñez-Oyarzábal", "Darnell Whyte-Campbell"]
VARIANTS = [
    "Victims assisted (Jose Perez-Lopez case)",
    "Note: JOSE PEREZ LOPEZ was repatriated",
    "Note: see the file of " + unicodedata.normalize("NFD", "José Pérez-López"),
    "Note: Siobhan OBrien",
    "Note: O’Brien’s statement; ZULEIMA NANEZ OYARZABAL",
    "Note: ｚｕｌｅｉｍａ (full width) and Ñáñez Oyarzábal",
]


def _fold(text: str) -> str:
    """Text as compared for a leak: no accents, no case, no punctuation or spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()


# Folded parts of the names: any of them under the outputs, however written, is a leak.
FOLDED = ["perez", "lopez", "siobhan", "obrien", "zuleima", "nanez", "oyarzabal", "darnell", "whytecampbell"]


def _accented_workbook(path: Path, nfd_list: bool) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Figures"
    ws.append(["Indicator", "2021"])
    ws.append(["Victims identified", 14])
    for text in VARIANTS:
        ws.append([text, None])
    register = wb.create_sheet("Register")
    register.append(["Name", "Date of birth", "Passport", "Nationality"])
    for k, name in enumerate(ACCENTED):
        written = unicodedata.normalize("NFD", name) if nfd_list else name
        register.append([written, f"19{80 + k}-03-0{k + 1}", f"A12345{k}7", "Venezuelan"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.mark.parametrize("nfd_list", [False, True], ids=["nfc-list", "nfd-list"])
def test_a_name_is_removed_without_its_accents_case_or_punctuation(project_dirs, caplog, nfd_list):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _accented_workbook(raw / "JAM" / "tip_2021.xlsx", nfd_list)
    caplog.set_level(logging.DEBUG)
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    (r,) = results
    assert r.privacy, r.submission["message"]

    hits = []
    for where, data in list(_blobs(marts)) + list(_blobs(project_dirs["root"] / "dagster_home")):
        for enc in ("utf-8", "utf-16-le"):
            folded = _fold(data.decode(enc, "ignore"))
            hits += [(s, where) for s in FOLDED if s in folded]
    assert hits == []
    assert [s for s in FOLDED if s in _fold(caplog.text)] == []

    # The figure is still read, and the note rows still say something (the rest of the text is kept).
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        got = con.execute("select indicator, year, value from fact_observation where sex = 'total'").fetchall()
    assert ("victims_detected", 2021, 14) in got
    annotated = marts / "feedback" / r.submission["submission_id"] / "annotated.xlsx"
    text = b"".join(data for where, data in _blobs(annotated.parent) if where.startswith(f"{annotated}!"))
    assert b"was repatriated" in text and b"full width" in text

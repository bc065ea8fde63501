"""H-D, leak: one person described inside a text cell — a footnote under a table ("includes the
minor <name> (born <date>, passport <no.>), tel. <phone>, <e-mail>") or a row label ("Victims
identified (case of <name>, DOB <date>)") — loses the birth date, the document number, the phone,
the e-mail and the name beside them before anything is read: nothing of it reaches the warehouse,
the staging files, the feedback (summary, annotated copy, report.json) or the log, the figures are
still stored, and the sender is told that personal data was found and removed, without it.

The workbooks are generated here; the check reads every byte under the output folders and the
parts of every zip-based file (annotated.xlsx)."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from ctip import pipeline
from ctip.intake.privacy import config
from ctip.intake.privacy_text import scrub_cell
from tests.hostile.test_names_elsewhere import _blobs, _found

NOTE = "* includes the minor Keziah Brammerton (born 05/02/2009, passport A5520917), referred by her aunt, tel. 876-555-0199, kbrammer77@yahoo.com"
LABELS = ["Victims identified (case of Keturah Scarlovitch, DOB 12/03/2006)", "Victims assisted - Marisol Beckfordson, passport C8810234"]
PLANTED = [
    "Keziah",
    "Brammerton",
    "A5520917",
    "555-0199",
    "kbrammer77",
    "05/02/2009",
    "Keturah",
    "Scarlovitch",
    "12/03/2006",
    "Marisol",
    "Beckfordson",
    "C8810234",
]

PERSONAL = [
    (NOTE, {"name", "birth_date", "id_number", "phone", "email"}),
    (LABELS[0], {"name", "birth_date"}),
    (LABELS[1], {"name", "id_number"}),
    ("Víctima María de la Cruz Pérez, nacida el 3 de mayo de 2005, cédula 001-1234567-8", {"name", "birth_date", "id_number"}),
    ("Victime Jeanne Duvalierre, née le 14/07/2004, passeport HA1234567", {"name", "birth_date", "id_number"}),
    ("Slachtoffer Anouk Verbeekhuis, geboren 01-02-2003, tel. +597 812 3456", {"name", "birth_date", "phone"}),
    ("contact: focal.point@example.org", {"email"}),
]
# Texts with numbers that are no personal data: left exactly as written.
ORDINARY = [
    "Victims identified 2019 2020 2021",
    "FY2021/22",
    "Trafficking in Persons Act 2007-13",
    "Law No. 137-03 of 2003",
    "Total 1 234 567",
    "Data as at 31/12/2023",
    "Source: Ministry of National Security, 2023-05-14",
    "Table 3.1.2: victims by sex, 2021",
    "ISO 3166 code JAM",
]


@pytest.mark.parametrize("text,kinds", PERSONAL)
def test_personal_fields_and_the_name_beside_them_are_replaced(text, kinds):
    new, cats, _ = scrub_cell(text)
    assert set(cats) == kinds, cats
    mark = config()["scrubbed"]
    assert mark in new
    digits_left = [t for t in new.replace(mark, " ").split() if sum(ch.isdigit() for ch in t) >= 4]
    assert digits_left == [] and "@" not in new, new


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_left_as_written(text):
    assert scrub_cell(text) == (text, [], [])


def _save(path: Path, rows: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in rows:
        ws.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def test_a_person_in_a_footnote_or_a_label_reaches_no_output(project_dirs, caplog):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _save(
        raw / "JAM" / "tip_2021.xlsx",
        [["Trafficking in persons 2021"], ["Indicator", "Value"], ["Victims identified", "3*"], ["Persons prosecuted", 2], [], [NOTE]],
    )
    _save(raw / "BRB" / "tip_2021.xlsx", [["Trafficking in persons 2021"], ["Indicator", "Value"], [LABELS[0], 1], [LABELS[1], 1], ["Persons prosecuted", 2]])
    caplog.set_level(logging.DEBUG)
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    blobs = list(_blobs(marts)) + list(_blobs(project_dirs["root"] / "dagster_home"))
    assert _found(blobs, PLANTED) == []
    assert [s for s in PLANTED if s.lower() in caplog.text.lower()] == []

    # The figures are read, the labels' indicators too.
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        got = sorted(con.execute("select country_iso3, indicator, value from fact_observation").fetchall())
        messages = [m for (m,) in con.execute("select message from submissions order by source_file").fetchall()]
    assert got == [
        ("BRB", "persons_prosecuted", 2),
        ("BRB", "victims_assisted", 1),
        ("BRB", "victims_detected", 1),
        ("JAM", "persons_prosecuted", 2),
        ("JAM", "victims_detected", 3),
    ]
    # The sender is told, naming the cells and the kinds of data, not the data.
    assert all(m.startswith("Personal data found in the text") for m in messages), messages
    assert "cell A6" in messages[1] and "dates of birth" in messages[1]
    for r in results:
        summary = (marts / "feedback" / r.submission["submission_id"] / "summary.md").read_text(encoding="utf-8")
        assert "Personal data found in the text" in summary

"""K-D, wrong number: a note or a title saying the figures count case files, complaints or
investigations, not persons ("nombre de dossiers, pas de personnes", "se refiere a expedientes",
"number of files opened", "Se refiere a denuncias", "Aantal aangiften", a title "Traite des personnes
2022 - nombre de dossiers", "Trafficking cases, 2022 (number of cases)") set a count of persons aside
with the reason. A title's case words touch only the offenders' counts (prosecuted, convicted,
investigated) whose own labels do not say they count persons: "Victims identified" and "Persons
prosecuted" under "Trafficking in persons cases 2022" are stored, and a pivot's filter "Tipo de
caso" names a kind of case, not a count. A note naming a crime other than trafficking ("Includes
persons charged with living on the earnings of prostitution") sets its figure aside too. Sheets are
built here with known figures."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read

NOTES = [
    "nombre de dossiers, pas de personnes",
    "se refiere a expedientes",
    "number of files opened",
    "Counts investigations, not persons",
    "Refers to complaints received",
    "Se refiere a denuncias",
    "Nombre de plaintes",
    "Aantal aangiften",
]


@pytest.mark.parametrize("header", ["Notes", "Comment", "Remarques", "Observaciones", "Opmerking"])
@pytest.mark.parametrize("note", NOTES)
def test_a_note_saying_files_or_complaints_sets_persons_aside(note, header):
    stored, q, _ = read([["Trafficking in persons 2022"], ["Indicator", "Value", header], ["Persons prosecuted", 14, note], ["Victims identified", 6, None]])
    assert stored == {k("victims_detected", 2022): 6}, (note, stored)
    assert "counts cases" in q["B3"], q


def test_a_note_naming_another_crime_by_its_own_words():
    stored, q, _ = read(
        [
            ["2022"],
            ["Indicator", "Value", "Notes"],
            ["Persons prosecuted", 14, "Includes persons charged with living on the earnings of prostitution"],
            ["Victims identified", 6, None],
        ]
    )
    assert stored == {k("victims_detected", 2022): 6}, stored
    assert "includes another crime" in q["B3"], q


@pytest.mark.parametrize(
    "title",
    [
        "Traite des personnes 2022 - nombre de dossiers",
        "Trafficking cases, 2022 (number of cases)",
        "Trata de personas 2022: número de expedientes",
        "Mensenhandel 2022 (aantal zaken)",
    ],
)
def test_a_title_saying_cases_sets_unlabelled_offender_counts_aside(title):
    stored, q, _ = read([[title], ["", "Total"], ["Prosecuted", 14], ["Convicted", 3]])
    assert stored == {}, (title, stored)
    assert "title says it counts cases" in q["B3"] and "title says it counts cases" in q["B4"], q


def test_a_cases_title_keeps_rows_that_say_they_count_persons():
    stored, q, _ = read([["Trafficking in persons cases 2022"], ["", "Total"], ["Victims identified", 7], ["Persons prosecuted", 3], ["Convicted", 2]])
    assert stored == {k("victims_detected", 2022): 7, k("persons_prosecuted", 2022): 3}, stored
    assert "title says it counts cases" in q["B5"], q


@pytest.mark.parametrize("title", ["Trafficking in persons 2022 (persons, not cases)", "Tipo de caso"])
def test_a_title_negating_cases_or_naming_a_kind_of_case_changes_nothing(title):
    stored, q, _ = read([[title], ["", "2022"], ["Prosecuted", 14], ["Convicted", 3]])
    assert stored == {k("persons_prosecuted", 2022): 14, k("persons_convicted", 2022): 3}, (title, stored, q)

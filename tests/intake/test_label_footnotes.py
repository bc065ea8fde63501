"""K-E, wrong number: a row or column label with a footnote mark ("Persons prosecuted*", "Personas
procesadas (1)", "Convicted¹") whose footnote under the table says its figures include another
crime ("* figures include persons charged with migrant smuggling", "(1) Incluye personas procesadas
por tráfico ilícito de migrantes"), count cases, or cover part of a year has that row's (column's)
figures set aside with the reason, as a Notes cell would; the other rows are stored. A footnote
saying anything else ("* provisional"), one whose mark is on no label, or a negated one ("* excludes
migrant smuggling") changes nothing. A year's footnote naming another crime sets that year aside.
Sheets are built here with known figures."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read

VICTIMS = {k("victims_detected", 2022, "female"): 5, k("victims_detected", 2022, "male"): 6, k("victims_detected", 2022): 11}
PROSECUTED = {k("persons_prosecuted", 2022, "female"): 2, k("persons_prosecuted", 2022, "male"): 3, k("persons_prosecuted", 2022): 5}


def _sheet(label: str, footnote: str, title="Trafficking in persons, 2022", sexes=("Female", "Male", "Total")) -> list[list[object]]:
    return [[title], ["", *sexes], ["Victims identified", 5, 6, 11], [label, 2, 3, 5], [], [footnote]]


@pytest.mark.parametrize(
    "label,footnote,why",
    [
        ("Persons prosecuted*", "* figures include persons charged with migrant smuggling", "includes another crime"),
        ("Persons prosecuted (1)", "(1) Incluye personas procesadas por tráfico ilícito de migrantes", "includes another crime"),
        ("Persons prosecuted(a)", "a) comprend le trafic de migrants", "includes another crime"),
        ("Persons prosecuted¹", "¹ refers to cases, not persons", "counts cases"),
        ("Persons prosecuted [2]", "[2] January to June 2022 only", "cover part of a year"),
        ("Persons prosecuted†", "† inclusief mensensmokkel", "includes another crime"),
    ],
)
def test_a_label_footnote_saying_another_crime_or_cases_sets_its_row_aside(label, footnote, why):
    stored, q, _ = read(_sheet(label, footnote))
    assert stored == VICTIMS, (label, stored)
    assert all("footnote" in q[c] and why in q[c] for c in ("B4", "C4", "D4")), q


def test_spanish_table_as_the_tester_sent_it():
    rows = _sheet(
        "Personas procesadas (1)", "(1) Incluye personas procesadas por tráfico ilícito de migrantes", "Trata de personas 2022", ("Mujeres", "Hombres", "Total")
    )
    rows[2][0] = "Víctimas identificadas"
    stored, q, _ = read(rows)
    assert stored == VICTIMS, stored


@pytest.mark.parametrize(
    "label,footnote",
    [
        ("Persons prosecuted*", "* provisional figures"),
        ("Persons prosecuted*", "* excludes migrant smuggling"),
        ("Persons prosecuted", "* figures include persons charged with migrant smuggling"),
        ("Persons prosecuted*", "(1) figures include persons charged with migrant smuggling"),
    ],
)
def test_other_footnotes_change_nothing(label, footnote):
    stored, q, _ = read(_sheet(label, footnote))
    assert stored == {**VICTIMS, **PROSECUTED}, (label, footnote, stored, q)


def test_a_column_label_footnote_sets_its_column_aside():
    stored, q, _ = read(
        [
            ["Trafficking in persons"],
            ["Year", "Victims identified", "Persons prosecuted*"],
            [2021, 5, 2],
            [2022, 6, 3],
            [],
            ["* includes smuggling of migrants"],
        ]
    )
    assert stored == {k("victims_detected", 2021): 5, k("victims_detected", 2022): 6}, (stored, q)
    assert "includes another crime" in q["C3"] and "includes another crime" in q["C4"], q


def test_a_year_footnote_naming_another_crime_sets_that_year_aside():
    stored, q, _ = read([["Indicator", "2021", "2022*"], ["Victims identified", 5, 6], ["Persons prosecuted", 2, 3], [], ["* includes smuggling of migrants"]])
    assert stored == {k("victims_detected", 2021): 5, k("persons_prosecuted", 2021): 2}, stored
    assert "footnote '*' on the year 2022" in q["C2"] and "includes another crime" in q["C2"], q

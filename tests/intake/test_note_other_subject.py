"""J-B, wrong number: a row's Notes cell saying its figure includes another crime ("includes human
smuggling cases", "incluye tráfico ilícito de migrantes", "comprend le trafic de migrants", "inclusief
mensensmokkel") or counts cases where the indicator counts persons ("refers to cases, not persons",
"se refiere a casos", "cas et non personnes", "betreft zaken, geen personen") sets the figure aside
with the reason, as the same words in a title or a label do. A note that leaves the other crime or
the cases out ("excludes smuggling", "persons, not cases", "smuggling cases excluded") or counts
persons in cases ("6 persons in 3 cases") changes nothing, and a note about cases beside a count of
cases is that count's own unit. Sheets are built here with known figures."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read

OTHER_CRIME = [
    "includes human smuggling cases",
    "incluye tráfico ilícito de migrantes",
    "comprend le trafic de migrants",
    "inclusief mensensmokkel",
    "figures combined with drug trafficking",
]
CASES = [
    "refers to cases, not persons",
    "se refiere a casos",
    "cas et non personnes",
    "betreft zaken, geen personen",
    "number of cases",
]
NEUTRAL = [
    "excludes human smuggling",
    "smuggling cases excluded",
    "persons, not cases",
    "6 persons in 3 cases",
    "sin tráfico ilícito de migrantes",
    "provisional",
    "Source: Counter Trafficking Unit",
]


def _sheet(note: str) -> list[list[object]]:
    return [
        ["Indicator", 2021, 2022, "Notes"],
        ["Victims identified", 12, 17, None],
        ["Persons prosecuted", 6, 7, note],
        ["Cases investigated", 4, 5, note],
    ]


@pytest.mark.parametrize("note", OTHER_CRIME)
def test_a_note_naming_another_crime_sets_its_row_aside(note):
    stored, q, _ = read(_sheet(note))
    assert stored == {k("victims_detected", 2021): 12, k("victims_detected", 2022): 17}, (note, stored)
    assert all("includes another crime" in q[c] for c in ("B3", "C3", "B4", "C4")), q


@pytest.mark.parametrize("note", CASES)
def test_a_note_saying_cases_sets_a_count_of_persons_aside(note):
    stored, q, _ = read(_sheet(note))
    # persons prosecuted set aside; cases investigated counts cases: its note is its own unit
    assert stored == {
        k("victims_detected", 2021): 12,
        k("victims_detected", 2022): 17,
        k("cases_investigated", 2021): 4,
        k("cases_investigated", 2022): 5,
    }, (note, stored)
    assert all("counts cases" in q[c] for c in ("B3", "C3")), q


@pytest.mark.parametrize("note", NEUTRAL)
def test_a_note_leaving_them_out_changes_nothing(note):
    stored, q, _ = read(_sheet(note))
    assert stored == {
        k("victims_detected", 2021): 12,
        k("victims_detected", 2022): 17,
        k("persons_prosecuted", 2021): 6,
        k("persons_prosecuted", 2022): 7,
        k("cases_investigated", 2021): 4,
        k("cases_investigated", 2022): 5,
    }, (note, stored, q)


def test_a_long_table_notes_column_too():
    stored, q, _ = read(
        [
            ["Indicator", "Year", "Value", "Notes"],
            ["Victims identified", 2022, 9, None],
            ["Persons prosecuted", 2022, 6, "includes human smuggling cases"],
            ["Persons convicted", 2022, 5, "refers to cases, not persons"],
        ]
    )
    assert stored == {k("victims_detected", 2022): 9}, stored
    assert "includes another crime" in q["C3"] and "counts cases" in q["C4"], q

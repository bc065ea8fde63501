"""J-K, wrong number: a year header with a footnote mark ("2022*", "2022 (1)", "2022¹", "2022 [2]")
whose footnote under or beside the table says the year's figures cover part of it ("* January to
September 2022 only", "(1) Datos de enero a junio de 2022", "¹ janvier à juin 2022", "[2] t/m juni")
has that year's figures set aside with the reason; the other years are stored. A footnote saying
anything else ("* provisional"), or a part-year footnote whose mark is on no header, changes
nothing. Sheets are built here with known figures."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read

STORED_2021 = {k("victims_detected", 2021): 20, k("persons_prosecuted", 2021): 5}
ALL = {**STORED_2021, k("victims_detected", 2022): 9, k("persons_prosecuted", 2022): 4}


def _sheet(header: str, footnote: str, beside: bool = False) -> list[list[object]]:
    rows = [["Indicator", "2021", header], ["Victims identified", 20, 9], ["Persons prosecuted", 5, 4]]
    if beside:
        rows[1] = [*rows[1], None, footnote]
        return rows
    return [*rows, [], [footnote]]


@pytest.mark.parametrize(
    "header,footnote,beside",
    [
        ("2022*", "* January to September 2022 only", False),
        ("2022 (1)", "(1) Datos de enero a junio de 2022", False),
        ("2022¹", "¹ Données de janvier à juin 2022", False),
        ("2022 [2]", "[2] januari t/m juni 2022", False),
        ("2022 (a)", "a) to 30 June 2022", False),
        ("2022*", "* January to September 2022 only", True),
    ],
)
def test_a_part_year_footnote_on_a_year_header_sets_that_year_aside(header, footnote, beside):
    stored, q, _ = read(_sheet(header, footnote, beside))
    assert stored == STORED_2021, stored
    assert all("footnote" in q[c] and "cover part of a year" in q[c] for c in ("C2", "C3")), q


@pytest.mark.parametrize(
    "header,footnote",
    [
        ("2022*", "* provisional figures"),
        ("2022 (1)", "(1) Datos preliminares"),
        ("2022¹", "² January to June 2022 only"),  # the mark of another header
        ("2022", "* January to June 2022 only"),  # no mark on the header
        ("2022*", "* January to December 2022"),  # the whole year
    ],
)
def test_other_footnotes_change_nothing(header, footnote):
    stored, q, _ = read(_sheet(header, footnote))
    assert stored == ALL, (stored, q)

"""attack5 J-R: a total line with one figure ('Total victims identified | 21') under a table whose
columns split a breakdown (Female | Male) was stored as the first column's figure (female 21, the
real female count being 12). It is now the grand total when that is certain (it equals the sum of
every column, or its cell is merged across them), the column's total when it equals that column's
figures, and otherwise set aside with the reason."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read

TITLE = ["Victims identified by form of exploitation and sex, 2022"]
BODY = [["Form", "Female", "Male"], ["Sexual exploitation", 10, 1], ["Forced labour", 2, 8]]
PARTS = {
    k("victims_detected", 2022, "female", expl="sexual"): 10,
    k("victims_detected", 2022, "male", expl="sexual"): 1,
    k("victims_detected", 2022, "female", expl="labour"): 2,
    k("victims_detected", 2022, "male", expl="labour"): 8,
}


@pytest.mark.parametrize(
    "tail",
    [[["Total victims identified", 21]], [[], ["Total victims identified, 2022", 21]], [["Total", 21]]],
)
def test_a_total_line_equal_to_every_column_is_the_grand_total(tail):
    stored, _, _ = read([TITLE, *BODY, *tail])
    assert stored == {**PARTS, k("victims_detected", 2022): 21}
    assert k("victims_detected", 2022, "female") not in stored


def test_spanish_total_line_is_the_grand_total():
    rows = [
        ["Víctimas identificadas por forma de explotación y sexo, 2022"],
        ["Forma", "Mujeres", "Hombres"],
        ["Explotación sexual", 10, 1],
        ["Trabajo forzoso", 2, 8],
        [],
        ["Total de víctimas", 21],
    ]
    stored, _, _ = read(rows)
    assert stored.get(k("victims_detected", 2022)) == 21 and k("victims_detected", 2022, "female") not in stored


def test_a_total_line_adding_up_to_nothing_is_set_aside():
    stored, q, _ = read([TITLE, *BODY, ["Total victims identified", 25]])
    assert stored == PARTS
    assert "may count all of them" in q["B5"]


def test_a_total_line_equal_to_its_column_stays_that_columns_total():
    stored, _, _ = read([TITLE, *BODY, ["Total victims identified", 12]])
    assert stored == {**PARTS, k("victims_detected", 2022, "female"): 12}


def test_a_merged_total_cell_is_the_grand_total():
    stored, _, _ = read([TITLE, *BODY, ["Total victims identified", 30]], merged=[((4, 1), (4, 2))])
    assert stored.get(k("victims_detected", 2022)) == 30


def test_a_line_of_another_indicator_keeps_its_column():
    rows = [["Indicator", "Female", "Male"], ["Victims identified", 10, 5], ["Persons prosecuted", 3, None]]
    stored, _, _ = read(rows, file_name="jam_2022.xlsx")
    assert stored.get(k("persons_prosecuted", 2022, "female")) == 3

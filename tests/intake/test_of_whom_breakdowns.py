"""Issue 8, class 5: breakdowns that take their meaning from the row or column above or to the
left: indented 'Female / Male / Children (below 18)' rows under a total row, in a second label
column, or beside one column headed 'Number'; 'of whom' columns ('dont mineurs', 'of which
female', 'de ellas, menores de edad'); a row 'de ellas, del sexo femenino'. Generated with known truth."""

from __future__ import annotations

import random

import pytest

from tests.intake.test_layouts import k, read

PARTS = [("Female", {"sex": "female"}), ("Male", {"sex": "male"}), ("Children (below 18)", {"age": "child"})]


def _values(seed):
    rnd = random.Random(seed)
    f, m = rnd.randint(1, 20), rnd.randint(1, 20)
    return f + m, [f, m, rnd.randint(0, min(f, m))]


def _truth(total, parts, year=2022, ind="victims_detected"):
    out = {k(ind, year): total}
    for (_, dims), v in zip(PARTS, parts):
        out[k(ind, year, **({"sex": "total", "age": "total"} | dims))] = v
    return out


def test_indented_rows_under_a_total_beside_a_number_column():
    total, parts = _values(1)
    rows = [["Victims of trafficking identified, 2022"], ["", "Number"], ["Total", total], *[[f"  {label}", v] for (label, _), v in zip(PARTS, parts)]]
    stored, q, _ = read(rows)
    assert stored == _truth(total, parts), q


def test_breakdowns_in_a_second_label_column():
    total, parts = _values(2)
    rows = [
        ["Trafficking in persons 2022"],
        ["Indicator", None, "Number"],
        ["Victims identified", None, total],
        *[[None, label, v] for (label, _), v in zip(PARTS, parts)],
        ["Persons charged", None, 4],
    ]
    stored, q, _ = read(rows)
    assert stored == _truth(total, parts) | {k("persons_prosecuted", 2022): 4}, q


@pytest.mark.parametrize(
    "head, minors, female",
    [
        ("Victimes identifiées", "dont mineurs", "dont filles et femmes"),
        ("Victims identified", "of which children", "of which female"),
        ("Víctimas identificadas", "de ellas, menores de edad", "de ellas, del sexo femenino"),
    ],
)
def test_of_whom_columns(head, minors, female):
    rows = [["Trafficking in persons 2022"], ["", head, minors, female], ["Total", 10, 3, 6]]
    stored, q, _ = read(rows)
    assert stored == {k("victims_detected", 2022): 10, k("victims_detected", 2022, age="child"): 3, k("victims_detected", 2022, "female"): 6}, q


def test_of_whom_female_row_under_the_total():
    rows = [["Trata de personas 2022"], ["", "Víctimas identificadas", "de ellas, menores de edad"], ["Total", 10, 3], ["de ellas, del sexo femenino", 6, 2]]
    stored, q, _ = read(rows)
    assert stored == {
        k("victims_detected", 2022): 10,
        k("victims_detected", 2022, age="child"): 3,
        k("victims_detected", 2022, "female"): 6,
        k("victims_detected", 2022, "female", "child"): 2,
    }, q

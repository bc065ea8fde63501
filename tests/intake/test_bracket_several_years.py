"""H-P (rest): a bracket naming several years ('Victims identified (in 2020 and 2021)') says the
figure counts those years together: set aside as not one calendar year, never stored as the later
year's count (nor the title's)."""

from __future__ import annotations

import pytest

from ctip.feedback.problems import kind_of
from tests.intake.test_layouts import k, read


@pytest.mark.parametrize(
    "label",
    ["Victims identified (in 2020 and 2021)", "Victims identified (2020, 2021)", "Víctimas identificadas (2020 y 2021)", "Victimes identifiées (2020 et 2021)"],
)
def test_a_bracket_naming_several_years_is_set_aside(label):
    stored, q, _ = read([["Trafficking in persons 2021"], ["Indicator", "Value"], [label, 30], ["Persons prosecuted", 4]])
    assert stored == {k("persons_prosecuted", 2021): 4}, stored
    assert kind_of(q["B3"])[0] == "fiscal", q


def test_a_bracket_naming_several_years_in_a_wide_table():
    stored, q, _ = read(
        [["Trafficking in persons"], ["Indicator", 2021, 2022], ["Victims identified (in 2020 and 2021)", 30, None], ["Persons prosecuted", 4, 5]]
    )
    assert stored == {k("persons_prosecuted", 2021): 4, k("persons_prosecuted", 2022): 5}, stored


def test_a_bracket_naming_one_year_is_still_read():
    stored, q, _ = read([["Trafficking in persons"], ["Indicator", "Value"], ["Victims identified (2021)", 12]])
    assert stored == {k("victims_detected", 2021): 12}, (stored, q)

"""attack5 J-A: a sheet with ONE number written '12.000', '1.000' or '9,000' among small numbers was
read as thousands (the rule of attack4 I-O needed two). Alone it is as ambiguous as beside others:
12 written with three decimals, or 12000. Set aside unless another grouped number of the sheet shows
the separator marks thousands."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read

V = "victims_detected"


@pytest.mark.parametrize("text", ["12.000", "1.000", "9,000"])
def test_one_number_ending_in_three_zeros_is_set_aside(text):
    rows = [["Indicator", 2021, 2022], ["Victims identified", text, "9"], ["Persons prosecuted", "3", "2"]]
    stored, q, _ = read(rows)
    assert k(V, 2021) not in stored, stored
    assert stored.get(k(V, 2022)) == 9 and stored.get(k("persons_prosecuted", 2021)) == 3, stored
    assert "three decimals" in q["B2"], q


def test_another_group_with_the_same_separator_confirms_thousands():
    rows = [["Indicator", 2021, 2022], ["Victims identified", "9,000", "1,250"]]
    stored, q, _ = read(rows)
    assert stored == {k(V, 2021): 9000, k(V, 2022): 1250}, (stored, q)


def test_a_group_with_the_other_separator_confirms_nothing():
    # '1.250' says '.' marks thousands on this sheet; then ',' may be its decimal comma: '9,000' is 9 or 9000.
    rows = [["Indicator", 2021, 2022], ["Victims identified", "9,000", "1.250"]]
    stored, q, _ = read(rows)
    assert k(V, 2021) not in stored and "three decimals" in q["B2"], (stored, q)
    assert stored.get(k(V, 2022)) == 1250


def test_a_number_typed_as_a_number_is_read():
    rows = [["Indicator", 2021, 2022], ["Victims identified", 12000, 9]]
    stored, _, _ = read(rows)
    assert stored == {k(V, 2021): 12000, k(V, 2022): 9}

"""attack3 H-W: a count cell holding an identifier or a phone number (13 or 10 digits, an xlsx 1e20)
is refused with the reason, never stored: it stopped every run at the estimates (a 13-digit number)
or was published as billions of victims (a 10-digit one). The bound is schemas/dimensions.yaml
`counts.max`; counts up to it are read as before."""

from __future__ import annotations

import pytest

from ctip.intake.values import max_count, parse_count
from tests.intake.test_layouts import k, read


@pytest.mark.parametrize("raw", ["1234567890123", "8765550142", "4111111111111111", "99999999999999999999", 1e20, 9223372036854775807])
def test_an_identifier_in_a_count_cell_is_refused(raw):
    parsed = parse_count(raw)
    assert parsed.kind == "error" and "not a count" in parsed.reason


def test_counts_up_to_the_bound_are_read():
    assert parse_count(f"{max_count():,}").value == max_count()
    assert parse_count(str(max_count() + 1)).kind == "error"


def test_the_row_keeps_its_other_figures():
    stored, quarantined, _ = read([["Indicator", "2020", "2021"], ["Victims identified", "12", "1234567890123"]])
    assert stored == {k("victims_detected", 2020): 12}
    assert "not a count" in quarantined["C2"]

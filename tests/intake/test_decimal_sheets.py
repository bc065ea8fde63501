"""attack3 H-T: a sheet that writes its counts with decimals ('5.00', '6.0', '12,0') uses that
separator as a decimal point, so its '12.000' (Excel's 'Save as CSV' of a count formatted with three
decimals) is 12, never 12000; its '1.234' is not a whole number. A sheet with no such decimals keeps
the README's rule ('1.234' = 1234). Tables are generated here with random figures."""

from __future__ import annotations

import random

import pytest

from tests.intake.test_layouts import k, read


@pytest.mark.parametrize("sep,lang", [(".", "en"), (",", "fr")])
@pytest.mark.parametrize("seed", range(3))
def test_three_decimals_in_a_sheet_writing_decimals_are_whole_counts(sep, lang, seed):
    rnd = random.Random(seed)
    years = [2018, 2019, 2020, 2021]
    label = {"en": ("Victims identified", "Persons prosecuted"), "fr": ("Victimes identifiées", "Personnes poursuivies")}[lang]
    truth, rows = {}, [["Indicator", *map(str, years)]]
    for text, indicator in zip(label, ("victims_detected", "persons_prosecuted")):
        cells = []
        for y in years:
            v = rnd.randint(1, 60)
            truth[k(indicator, y)] = v
            cells.append(f"{v}{sep}{'0' * rnd.choice([1, 2, 3])}")
        rows.append([text, *cells])
    rows[1][1] = f"{truth[k('victims_detected', 2018)]}{sep}00"  # at least one short decimal in the sheet
    stored, quarantined, _ = read(rows)
    assert stored == truth
    assert not quarantined


def test_a_decimal_part_is_not_a_count_there():
    stored, quarantined, _ = read([["Indicator", "2019", "2020"], ["Victims identified", "1.234", "12.00"]])
    assert stored == {k("victims_detected", 2020): 12}
    assert "not a whole number" in quarantined["B2"]


def test_without_decimals_a_lone_separator_is_thousands():
    stored, _, _ = read([["Indicator", "2019", "2020"], ["Victims identified", "1.234", "12"]])
    assert stored == {k("victims_detected", 2019): 1234, k("victims_detected", 2020): 12}

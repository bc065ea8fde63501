"""attack4 I-O: a sheet whose every count is written '12.000', '9,000' (a column formatted with three
decimals, saved as csv) was stored x1000. With nothing in the sheet to tell three decimals from
thousands, those cells are set aside with the reason; a sheet with other grouped numbers, or one
writing decimals elsewhere, is read as before."""

from __future__ import annotations

from tests.intake.test_layouts import k, read


def test_every_number_ending_in_three_zeros_is_not_stored():
    rows = [["Indicator", 2019, 2020, 2021], ["Victims identified", "12.000", "9.000", "14.000"], ["Persons prosecuted", "5.000", "4.000", "6.000"]]
    stored, quarantined, _ = read(rows)
    assert stored == {}
    assert len(quarantined) == 6 and all("three decimals" in reason for reason in quarantined.values())


def test_a_real_thousands_group_beside_them_reads_all_as_thousands():
    rows = [["Indicator", 2019, 2020], ["Cases investigated", "1,000", "1,250"], ["Persons prosecuted", "2,000", "3,000"]]
    stored, _, _ = read(rows)
    assert stored.get(k("cases_investigated", 2019)) == 1000 and stored.get(k("cases_investigated", 2020)) == 1250


def test_decimals_written_elsewhere_make_them_decimals():
    rows = [["Indicator", 2019, 2020], ["Victims identified", "12.000", "9.00"]]
    stored, _, _ = read(rows)
    assert stored.get(k("victims_detected", 2019)) == 12 and stored.get(k("victims_detected", 2020)) == 9

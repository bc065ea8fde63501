"""attack5 J-I (second case): a list 'Age | Number' whose first rows are age bands the schema does
not hold ('0-15 | 4', '16-17 | 2') above '18+ | 8' and 'Total | 14' lost the two bands: the list was
taken to start at its first known breakdown, and the rows above it for its title, so 4 and 2 were
neither stored nor among the cells not used. Those rows are now rows of the list, set aside with
the reason; every figure of the sheet ends stored or set aside."""

from __future__ import annotations

from tests.intake.test_layouts import k, read


def test_age_bands_above_the_known_rows_are_set_aside_with_a_reason():
    rows = [["Victims identified 2022"], ["Age", "Number"], ["0-15", 4], ["16-17", 2], ["18+", 8], ["Total", 14]]
    stored, q, _ = read(rows)
    assert stored == {k("victims_detected", 2022, age="adult"): 8, k("victims_detected", 2022): 14}
    assert set(q) == {"B3", "B4"}
    assert all("does not collect" in reason for reason in q.values())


def test_every_figure_of_the_list_is_accounted_for():
    rows = [["Víctimas identificadas 2022"], ["Edad", "Número"], ["0-11", 1], ["12-17", 3], ["18 o más", 9], ["Total", 13]]
    stored, q, _ = read(rows)
    assert len(stored) + len(q) == 4
    assert stored.get(k("victims_detected", 2022)) == 13 and set(q) >= {"B3", "B4"}


def test_an_indicator_line_above_its_breakdowns_is_read_not_taken_for_the_title():
    rows = [["Victims identified", 14], ["Female", 8], ["Male", 6]]
    stored, q, _ = read(rows, file_name="jam_2022.xlsx")
    assert stored == {k("victims_detected", 2022): 14, k("victims_detected", 2022, "female"): 8, k("victims_detected", 2022, "male"): 6}
    assert q == {}

"""attack5 J-I: two stacked tables on one sheet, the second untitled ('Sex | Prosecuted' below a blank
row): read as one table, the first table's figures vanished, neither stored nor among the cells not
used, and the sender was told 'No problems found'. Each table is read on its own, and every number of
the sheet ends as a figure or as a cell not used with a reason."""

from __future__ import annotations

from tests.intake.test_layouts import k, read

FIRST = [["Victims identified by sex, 2022"], ["Sex", "Number"], ["Female", 10], ["Male", 5], ["Total", 15]]
SECOND = [["Sex", "Prosecuted"], ["Female", 2], ["Male", 6], ["Total", 8]]


def test_an_untitled_table_below_a_blank_row_is_a_table_of_its_own():
    stored, q, _ = read(FIRST + [[]] + SECOND)
    assert stored == {
        k("victims_detected", 2022, "female"): 10,
        k("victims_detected", 2022, "male"): 5,
        k("victims_detected", 2022): 15,
        k("persons_prosecuted", 2022, "female"): 2,
        k("persons_prosecuted", 2022, "male"): 6,
        k("persons_prosecuted", 2022): 8,
    }, (stored, q)


def test_a_number_no_reader_took_is_a_cell_not_used_with_a_reason():
    # A figure standing apart where no table reader looks: never dropped in silence.
    rows = [["Indicator", 2021, 2022], ["Victims identified", 4, 6], [], [None, None, None, None, 37], ["Source: police records"]]
    stored, q, _ = read(rows)
    assert stored == {k("victims_detected", 2021): 4, k("victims_detected", 2022): 6}, stored
    assert "E4" in q and "no table reader took" in q["E4"], q


def test_every_number_ends_stored_or_set_aside():
    rows = FIRST + [[]] + SECOND
    _, _, out = read(rows)
    cells = {r.cell for r in out.readings + out.unread_cells}
    numbers = {f"B{i + 1}" for i, row in enumerate(rows) if len(row) > 1 and isinstance(row[1], int)}
    assert numbers <= cells, numbers - cells

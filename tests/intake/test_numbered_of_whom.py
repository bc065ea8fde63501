"""attack6 K-J: a questionnaire numbers its "of whom" rows, and the numbering says what each breaks
down. "1.1.1 of whom children" under "1.1 of whom female" counts girls (female x child), not
children of both sexes: stored as female x child, never as sex = total. When the nesting cannot be
read safely (the row it is numbered under was not read, gives another value of the same breakdown,
is missing, or its number is written twice) the figure is set aside with the reason. Rows numbered
only under the indicator's own row are read as before. Generated with known truth."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read

TITLE = ["Questionnaire on trafficking in persons, 2022"]
HEAD = ["Question", "Answer"]
FIRST = "1. How many victims of trafficking were identified?"
OTHERS = [["2. Persons prosecuted", 6], ["3. Persons convicted", 2]]


def test_of_whom_numbered_under_of_whom_is_its_breakdown():
    rows = [TITLE, HEAD, [FIRST, 14], ["1.1 of whom female", 9], ["1.1.1 of whom children", 3], ["1.2 of whom male", 5], ["1.2.1 of whom children", 1]]
    stored, q, _ = read(rows)
    assert stored == {
        k("victims_detected", 2022): 14,
        k("victims_detected", 2022, "female"): 9,
        k("victims_detected", 2022, "female", "child"): 3,
        k("victims_detected", 2022, "male"): 5,
        k("victims_detected", 2022, "male", "child"): 1,
    }, q
    assert q == {}


def test_rows_numbered_under_the_indicator_are_read_as_before():
    rows = [TITLE, HEAD, [FIRST, 14], ["1.1 of whom female", 9], ["1.2 of whom children", 3]]
    stored, q, _ = read(rows)
    assert stored == {
        k("victims_detected", 2022): 14,
        k("victims_detected", 2022, "female"): 9,
        k("victims_detected", 2022, "total", "child"): 3,
    }, q


@pytest.mark.parametrize(
    "rows, reason",
    [
        # the row it is numbered under was not read: the children are that row's, not all victims'
        ([["1.1 of whom referred to shelters", 4], ["1.1.1 of whom children", 3]], "not read"),
        # the same breakdown twice: which group the 3 are is unclear
        ([["1.1 of whom female", 9], ["1.1.1 of whom male", 3]], "another sex"),
        # a level missing: '1.1.1.1' under a '1.1' that is read, with no '1.1.1'
        ([["1.1 of whom female", 9], ["1.1.1.1 of whom children", 3]], "not in the table"),
        # '1.1' written twice: which row the 3 break down is unclear
        ([["1.1 of whom female", 9], ["1.1 of whom male", 5], ["1.1.1 of whom children", 3]], "written twice"),
    ],
)
def test_nesting_that_cannot_be_read_is_set_aside(rows, reason):
    stored, q, _ = read([TITLE, HEAD, [FIRST, 14], *rows, *OTHERS])
    last = f"B{3 + len(rows)}"
    assert last in q and reason in q[last], q
    assert not any(key[3] == "child" for key in stored), stored
    assert stored[k("victims_detected", 2022)] == 14
    assert stored[k("persons_prosecuted", 2022)] == 6 and stored[k("persons_convicted", 2022)] == 2

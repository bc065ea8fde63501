"""attack5 J-N.2: a capture-recapture table 'Police | Immigration | NGO | Count' marked 1/0 (the
layout `ctip mse FILE.csv` reads) was not recognised when the marks came from a spreadsheet as
numbers 1.0 / 0.0 (normalise('1.0') is '0': a 1 was even read as a 0). 0/1 marks are read by value
(numbers, '1.0' / '0,0' text), only when every mark of a list column is 0 or 1; a small table of 0/1
counts by sex beside a 'Victims' column stays an indicator table. Patterns are random: known truth."""

from __future__ import annotations

import itertools
import random

import pytest

from ctip.intake.capture import detect_capture_table
from ctip.intake.read import SheetGrid

MARKS = {
    "float": lambda b: float(b),
    "int": lambda b: b,
    "text": lambda b: f"{b}.0",
    "yes/no": lambda b: "Yes" if b else "No",
}


def _table(seed, mark):
    rnd = random.Random(seed)
    lists = ["Police", "Immigration", "NGO", "Labour inspectorate"][: rnd.randint(2, 4)]
    patterns = [p for p in itertools.product((0, 1), repeat=len(lists)) if any(p)]
    truth = {p: rnd.randint(1, 30) for p in patterns}
    rows = [[*lists, "Count"]] + [[MARKS[mark](b) for b in p] + [float(n)] for p, n in truth.items()]
    return rows, lists, truth


@pytest.mark.parametrize("mark", list(MARKS))
@pytest.mark.parametrize("seed", range(3))
def test_zero_one_marks_are_read_as_capture_patterns(mark, seed):
    rows, lists, truth = _table(seed, mark)
    table = detect_capture_table(SheetGrid("2023", rows, [], "worksheet"))
    assert table is not None and table.lists == lists
    assert {pattern: count for year, pattern, count, _ in table.rows} == truth
    assert {year for year, *_ in table.rows} == {2023} and not table.problems


def test_a_column_with_other_numbers_is_no_list():
    rows, _, _ = _table(1, "float")
    rows[1][0] = 2.0  # a count, not a mark
    table = detect_capture_table(SheetGrid("2023", rows, [], "worksheet"))
    assert table is None or "Police" not in table.lists


def test_zero_one_counts_by_sex_are_no_capture_table():
    rows = [["Region", "Female", "Male", "Victims"], ["North", 0.0, 1.0, 1.0], ["South", 1.0, 0.0, 1.0], ["East", 1.0, 1.0, 2.0]]
    assert detect_capture_table(SheetGrid("2023", rows, [], "worksheet")) is None

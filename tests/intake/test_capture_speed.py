"""Capture-table detection on a large data sheet: the same answer, without marking every cell of
every column (GLOTIP's export cost seconds there: its year column of floats reads as no-marks)."""

from __future__ import annotations

from ctip.intake import capture
from ctip.intake.read import SheetGrid


def _grid(rows: list[list]) -> SheetGrid:
    return SheetGrid(name="Sheet1", rows=rows)


def test_a_big_data_sheet_is_not_a_capture_table_and_repeated_values_are_flagged_once():
    header = ["Country", "Year", "Sex", "Count"]
    body = [["Jamaica", 2017.0, None, float(i % 50)] for i in range(20_000)]
    capture._flag_of.cache_clear()
    assert capture.detect_capture_table(_grid([header, *body])) is None
    # the year column (all 2017.0) and the empty column were judged from a handful of distinct values
    assert capture._flag_of.cache_info().currsize < 60


def test_marks_are_typed_and_empty_cells_are_no_marks():
    assert capture._flag(None) == 0
    assert capture._flag("x") == 1 and capture._flag("yes") == 1
    assert capture._flag(True) == capture._flag("true") == 1
    assert capture._flag(1) == 1 and capture._flag(0) == 0
    assert capture._flag("Jamaica") is None


def test_a_capture_table_is_still_found():
    rows = [["Police", "NGO", "Labour", "Count", "Year"]]
    for pattern, count in (((1, 0, 0), 12), ((0, 1, 0), 7), ((1, 1, 0), 3), ((0, 0, 1), 5), ((1, 0, 1), 1)):
        rows.append([*("x" if p else None for p in pattern), count, 2021])
    table = capture.detect_capture_table(_grid(rows))
    assert table is not None and table.lists == ["Police", "NGO", "Labour"]
    assert sorted(r[2] for r in table.rows) == [1, 3, 5, 7, 12]

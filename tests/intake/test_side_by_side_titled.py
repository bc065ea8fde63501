"""attack6 K-W, wrong number: "Victims identified, 2022" (Female | Male) and, blank columns to the
right on the same rows, "Persons prosecuted, 2022" (Total) with its own row label: the 5 persons
prosecuted was stored as the victims table's total. A block with its own title and its own label
column is its own table, however few its rows: persons_prosecuted 2022 = 5, the victims table has
no total."""

from __future__ import annotations

import pytest

from ctip.harmonise.observations import harmonise_readings
from ctip.intake.extract import extract_workbook
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext
from ctip.validate.rules import check_duplicates
from ctip.vocabulary.labels import default_index

WORDS = {
    "en": ("Victims identified, 2022", "Persons prosecuted, 2022", "Victims identified", "Persons prosecuted", ("Female", "Male", "Total")),
    "es": ("Víctimas identificadas, 2022", "Personas procesadas, 2022", "Víctimas identificadas", "Personas procesadas", ("Mujeres", "Hombres", "Total")),
}


def _read(rows, folder="JAM"):
    width = max(len(r) for r in rows)
    grid = [list(r) + [None] * (width - len(r)) for r in rows]
    sheets = [SheetGrid("Data", grid, [], "worksheet")]
    ctx = ReadContext(folder, default_index(), file_name=f"{folder}/tip_2022.xlsx")
    readings = [r for o in extract_workbook(sheets, ctx) for r in o.readings + o.unread_cells]
    obs, q, _ = harmonise_readings(readings, folder, "test", "tip_2022.xlsx")
    obs, _ = check_duplicates(obs)
    return {(r.indicator, r.year, r.sex): r.value for r in obs.itertuples()}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("gap", [1, 3, 10, 22])
def test_a_titled_block_beside_a_table_is_its_own_table(lang, gap):
    left_title, right_title, left_label, right_label, (female, male, total) = WORDS[lang]
    blank = [None] * gap
    rows = [
        [left_title, None, None] + blank + [right_title],
        [None, female, male] + blank + [None, total],
        [left_label, 7, 2] + blank + [right_label, 5],
    ]
    stored = _read(rows)
    assert ("victims_detected", 2022, "total") not in stored, stored
    assert stored == {
        ("victims_detected", 2022, "female"): 7,
        ("victims_detected", 2022, "male"): 2,
        ("persons_prosecuted", 2022, "total"): 5,
    }, stored


def test_a_spacer_column_inside_one_table_is_no_second_table():
    """Control: one table with a blank spacer column and no title over the columns right of it
    ('Victims identified, 2022' | Female | Male |   | Total) stays one table."""
    rows = [
        ["Victims identified, 2022"],
        [None, "Female", "Male", None, "Total"],
        ["Victims identified", 7, 2, None, 9],
    ]
    stored = _read(rows)
    assert stored == {
        ("victims_detected", 2022, "female"): 7,
        ("victims_detected", 2022, "male"): 2,
        ("victims_detected", 2022, "total"): 9,
    }, stored


YEAR_WORDS = {
    "en": ("Victims identified", ("Female", "Male"), ("Sexual exploitation", "Forced labour")),
    "es": ("Víctimas identificadas", ("Mujeres", "Hombres"), ("Explotación sexual", "Trabajo forzoso")),
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_two_year_blocks_sharing_one_label_column_are_both_read(lang):
    """attack6 K-X: 'Victims identified, 2021' in A1 over B:C and '…, 2022' over E:F, Female | Male
    under each, row labels only in column A: the 2021 block was set aside as 'a total over years'.
    The label column's top cell is the first group's header: both years are read."""
    title, (female, male), (sexual, labour) = YEAR_WORDS[lang]
    rows = [
        [f"{title}, 2021", None, None, None, f"{title}, 2022"],
        [None, female, male, None, female, male],
        [sexual, 7, 2, None, 5, 1],
        [labour, 3, 4, None, 2, 3],
    ]
    grid = [list(r) + [None] * (6 - len(r)) for r in rows]
    ctx = ReadContext("JAM", default_index(), file_name="JAM/tip.xlsx")
    readings = [r for o in extract_workbook([SheetGrid("Data", grid, [], "worksheet")], ctx) for r in o.readings + o.unread_cells]
    obs, q, _ = harmonise_readings(readings, "JAM", "test", "tip.xlsx")
    got = {(r.year, r.sex, r.exploitation): r.value for r in obs.itertuples()}
    assert got == {
        (2021, "female", "sexual"): 7,
        (2021, "male", "sexual"): 2,
        (2021, "female", "labour"): 3,
        (2021, "male", "labour"): 4,
        (2022, "female", "sexual"): 5,
        (2022, "male", "sexual"): 1,
        (2022, "female", "labour"): 2,
        (2022, "male", "labour"): 3,
    }, (got, list(q.reason) if len(q) else [])


def test_a_document_title_in_the_corner_gives_no_group_its_year():
    """Control: 'TIP report 2023' in A1 (no indicator: the document's name) and 'Victims identified,
    2022' over E:F: the corner cell is not taken for B:C's header; B:C are never stored as 2023."""
    rows = [
        ["TIP report 2023", None, None, None, "Victims identified, 2022"],
        [None, "Female", "Male", None, "Female", "Male"],
        ["Sexual exploitation", 7, 2, None, 5, 1],
    ]
    ctx = ReadContext("JAM", default_index(), file_name="JAM/tip.xlsx")
    readings = [r for o in extract_workbook([SheetGrid("Data", rows, [], "worksheet")], ctx) for r in o.readings + o.unread_cells]
    obs, _, _ = harmonise_readings(readings, "JAM", "test", "tip.xlsx")
    assert not any(r.year == 2023 for r in obs.itertuples()), obs
    assert {(r.year, r.sex) for r in obs.itertuples()} == {(2022, "female"), (2022, "male")}, obs

"""attack5 J-N.1: quarter headers joined to their year ('2022-I' .. '2022-IV', '2022-Q1', 'T1-2022')
were taken for passport/ID numbers: the sheet was rejected as a list of persons and renamed
'sheet 1'. They are quarter columns: not personal data, their figures set aside as a quarter's
(and '2022-I' is never read as the year 2022). Real document numbers are still found. Figures are
random (known truth)."""

from __future__ import annotations

import random

import pytest

from ctip.harmonise.observations import harmonise_readings
from ctip.intake import privacy
from ctip.intake.extract import extract_workbook
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext
from ctip.vocabulary.labels import default_index

HEADERS = [
    ("Slachtoffers mensenhandel", ("Vrouwen", "Mannen"), ["2022-I", "2022-II", "2022-III", "2022-IV"]),
    ("Victims identified", ("Female", "Male"), ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]),
    ("Víctimas identificadas", ("Mujeres", "Hombres"), ["T1-2022", "T2-2022", "T3-2022", "T4-2022"]),
    ("Victims identified", ("Female", "Male"), ["I-2021", "II-2021", "III-2021", "IV-2021"]),
    ("Slachtoffers mensenhandel", ("Vrouwen", "Mannen", "Jongens", "Meisjes"), ["2023/I", "2023/II"]),
]


def _rows(i):
    title, sexes, quarters = HEADERS[i]
    rnd = random.Random(i)
    return [[title], ["", *quarters]] + [[s] + [rnd.randint(1, 9) for _ in quarters] for s in sexes]


@pytest.mark.parametrize("i", range(len(HEADERS)))
def test_quarter_headers_are_no_document_numbers(i):
    sheet = SheetGrid("Data", _rows(i), [], "worksheet")
    assert privacy.scan_sheets([sheet]) == []
    assert all(privacy.scrub_text(q, 100) == q for q in HEADERS[i][2])


@pytest.mark.parametrize("i", range(len(HEADERS)))
def test_quarter_columns_are_set_aside_as_quarters(i):
    rows = _rows(i)
    ctx = ReadContext("SUR", default_index(), file_name="SUR/kwartaal.xlsx")
    readings = [r for o in extract_workbook([SheetGrid("Data", rows, [], "worksheet")], ctx) for r in o.readings + o.unread_cells]
    obs, q, _ = harmonise_readings(readings, "SUR", "test", "kwartaal.xlsx")
    assert len(obs) == 0, obs
    n_figures = sum(1 for row in rows[2:] for v in row[1:])
    assert len(q) == n_figures
    assert all("month or quarter" in r for r in q["reason"]), list(q["reason"])


def test_real_document_numbers_are_still_found():
    rows = [["Name", "Passport no.", "Age"], ["Keisha Lewis", "SV0482913", 16], ["Ana Perez", "ZX9934871Q", 22], ["Marlon Baptiste", "AB1234567", 31]]
    assert privacy.scan_sheets([SheetGrid("Data", rows, [], "worksheet")])
    ids = [["Case", "Document"], ["1", "SV0482913"], ["2", "ZX9934871Q"], ["3", "AB1234567"], ["4", "P-123456-7"]]
    assert privacy.scan_sheets([SheetGrid("Data", ids, [], "worksheet")])
    assert privacy.scrub_text("passport SV0482913", 100) != "passport SV0482913"


@pytest.mark.parametrize("text", ["2022-I", "2022-IV", "2022-Q1", "T1-2022", "2023/II"])
def test_a_quarter_is_never_its_year(text):
    from ctip.intake.layouts.headers import as_year

    assert as_year(text) is None
    assert as_year(text.split("-")[0].split("/")[0]) in (2022, 2023, None)

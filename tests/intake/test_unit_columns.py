"""K-K, wrong number: a long table's Unit / Unit of measurement column ("%", "per 100,000", GLOTIP's
"Rate per 100,000 population", "thousands") was ignored, so whole-number rates and percentages were
stored as counts. A row whose unit is not a count is set aside with the reason; "number", "Counts"
(the UNODC export's), "Número de personas" or an empty unit leave it stored, and a unit of cases
beside a count of persons is set aside. A row label naming a rate's base ("Victims per 100k
population") is a rate too. Sheets are built here with known figures."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read

GLOTIP = ["Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category", "Sex", "Age", "Year", "Unit of measurement"]


@pytest.mark.parametrize("header", ["Unit", "Unit of measurement", "Unidad de medida", "Unité", "Eenheid"])
def test_a_unit_column_sets_rates_and_percentages_aside(header):
    stored, q, out = read(
        [
            ["Indicator", "Year", header, "Value"],
            ["Victims identified", 2022, "number", 15],
            ["Victims identified", 2021, "per 100,000", 2],
            ["Victims identified", 2020, "%", 12],
            ["Victims identified", 2019, "thousands", 1],
            ["Victims identified", 2018, None, 9],
            ["Persons prosecuted", 2018, "cases", 4],
            ["Persons prosecuted", 2017, "Número de personas", 3],
        ]
    )
    assert out.layout == "long"
    assert stored == {k("victims_detected", 2022): 15, k("victims_detected", 2018): 9, k("persons_prosecuted", 2017): 3}, stored
    assert "percentage or rate" in q["D3"] and "percentage or rate" in q["D4"], q
    assert "not a count" in q["D5"] and "counts persons" in q["D7"], q


@pytest.mark.parametrize("value_header", ["VALUE", "txtVALUE"])
def test_a_glotip_style_file_with_a_rate_row(value_header):
    """A member's file with the export's columns (read as a long table), and the export itself (read by
    its own reader, value column txtVALUE): 'Counts' rows stored, a rate row set aside."""
    rows = [
        [*GLOTIP, value_header, "Source"],
        [
            "JAM",
            "Jamaica",
            "Americas",
            "Caribbean",
            "Detected trafficking victims",
            "Total",
            "Total",
            "Total",
            "Total",
            2022,
            "Counts",
            "15",
            "National authorities",
        ],
        [
            "JAM",
            "Jamaica",
            "Americas",
            "Caribbean",
            "Detected trafficking victims",
            "Total",
            "Total",
            "Total",
            "Total",
            2021,
            "Rate per 100,000 population",
            "1",
            "National authorities",
        ],
    ]
    stored, q, _ = read(rows)
    assert stored == {k("victims_detected", 2022): 15}, stored
    assert "percentage or rate" in q["L3"], q


def test_a_row_label_naming_a_rate_base():
    stored, q, _ = read([["Trafficking 2021"], ["", "2021"], ["Victims per 100k population", 2], ["Persons prosecuted", 7]])
    assert stored == {k("persons_prosecuted", 2021): 7}, stored

"""G-D, wrong numbers: a file that says it is another member country's (its title "Jamaica -
Trafficking in persons statistics 2021", a row "Country | Jamaica", a sheet named "Jamaica") but
sits in the Dominican Republic's folder stores nothing as the Dominican Republic's; the reason names
both countries. Legitimate mentions of another country still store the figures: citizens of Jamaica
detected in the Dominican Republic, victims repatriated to Jamaica, an address, a file naming both
its own country and another. Tables are generated here with random figures (known truth)."""

from __future__ import annotations

import random

import pytest

from ctip.harmonise.observations import harmonise_readings
from ctip.intake.extract import extract_workbook
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext
from ctip.vocabulary.labels import default_index


def _read(blocks: list[list[list[object]]], folder: str = "DOM", sheet_names: tuple[str, ...] = ("Data",)):
    """Figures stored ({(indicator, year, sex): value}) and quarantine reasons of a workbook whose
    sheets hold `blocks`, dropped in `folder`."""
    sheets = [SheetGrid(name, [list(r) for r in rows], [], "worksheet") for name, rows in zip(sheet_names, blocks)]
    ctx = ReadContext(folder, default_index(), file_name=f"{folder}/tip.xlsx")
    outcomes = extract_workbook(sheets, ctx)
    readings = [r for o in outcomes for r in o.readings + o.unread_cells]
    obs, q, _ = harmonise_readings(readings, folder, "test", "tip.xlsx")
    stored = {(r.indicator, r.year, r.sex): r.value for r in obs.itertuples()}
    return stored, list(q["reason"]) if len(q) else []


def _figures(seed: int, year: int = 2021):
    rnd = random.Random(seed)
    v, p = rnd.randint(5, 90), rnd.randint(1, 20)
    return [["Indicator", "Value"], ["Victims identified", v], ["Persons prosecuted", p]], {
        ("victims_detected", year, "total"): v,
        ("persons_prosecuted", year, "total"): p,
    }


OTHER = [
    [["Jamaica - Trafficking in persons statistics 2021"]],
    [["Country", "Jamaica"], ["Year", 2021], []],
    [["Country: Jamaica"], ["Year: 2021"], []],
    [["Trafficking in persons statistics, Jamaïque, 2021"]],
    [["Estadísticas de trata de personas 2021 - Trinidad y Tobago"]],
]


@pytest.mark.parametrize("top", OTHER, ids=range(len(OTHER)))
def test_a_file_naming_another_member_stores_nothing_as_the_folders(top):
    table, _ = _figures(len(str(top)))
    stored, reasons = _read([top + table])
    assert stored == {}
    assert reasons and all("names another member country" in r and "(DOM)" in r for r in reasons), reasons


def test_a_sheet_named_after_another_member():
    table, _ = _figures(3)
    stored, reasons = _read([[["Trafficking in persons statistics 2021"]] + table], sheet_names=("Jamaica",))
    assert stored == {} and "Jamaica (JAM)" in reasons[0]


FINE = [
    [["Dominican Republic - Trafficking in persons statistics 2021"]],
    [["Trafficking in persons statistics 2021"], ["Ministry of National Security, Kingston, Jamaica"]],
    [["Victims identified 2021: citizens of Jamaica detected in the Dominican Republic"]],
    [["Victims of trafficking by nationality, 2021: Jamaica"]],
    [["Victims repatriated to Jamaica, 2021"]],
    [["País: República Dominicana"], ["Trafficking in persons statistics 2021, with Jamaica"]],
    [["CARICOM IMPACS, Port of Spain, Trinidad and Tobago"], ["Trafficking in persons statistics 2021"]],
]


@pytest.mark.parametrize("top", FINE, ids=range(len(FINE)))
def test_other_mentions_of_a_country_leave_the_figures(top):
    table, truth = _figures(len(str(top)))
    stored, reasons = _read([top + table])
    assert stored == truth, reasons


def test_the_same_file_in_its_own_folder_is_read():
    table, truth = _figures(11)
    stored, _ = _read([[["Jamaica - Trafficking in persons statistics 2021"]] + table], folder="JAM")
    assert stored == truth

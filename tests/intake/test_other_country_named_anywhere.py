"""attack6 K-B, K-C, K-G, wrong country: another member named anywhere in a file outside its tables'
figures, and never the folder's own member, was stored as the folder's: a sheet named "Guyana 2022"
in Trinidad and Tobago's folder, "Prepared by the Jamaica Constabulary Force" under the table in
Barbados', a cover sheet's "Country | Guyana", "Reporting State: Belize", "Commonwealth of Dominica"
(Dominica, never the Dominican Republic), "Submitted by the Government of Saint Lucia", members'
bodies by abbreviation ("TTPS", "JCF": schemas/member_bodies.yaml). Such a file is set aside naming
both countries. Precision: a nationality table's rows and its notes ("Guyana 4", "Haitian 3"), a
file naming its own member too ("Trinidad and Tobago and Jamaica joint operation"), a body named as
a partner ("in cooperation with the TTPS"), an abbreviation two members share in either's folder
(RBPF) and "Commonwealth of Dominica" in Dominica's folder keep the figures. Figures are random
(known truth)."""

from __future__ import annotations

import random

import pytest

from ctip.harmonise.observations import harmonise_readings
from ctip.intake.extract import extract_workbook
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext
from ctip.vocabulary.labels import default_index


def _readings(sheets, folder):
    grids = [SheetGrid(name, [list(r) for r in rows], [], "worksheet") for name, rows in sheets]
    ctx = ReadContext(folder, default_index(), file_name=f"{folder}/stats.xlsx")
    return [r for o in extract_workbook(grids, ctx) for r in o.readings + o.unread_cells]


def _read(sheets, folder):
    obs, q, _ = harmonise_readings(_readings(sheets, folder), folder, "test", "stats.xlsx")
    return {(r.indicator, r.year, r.sex): r.value for r in obs.itertuples()}, list(q["reason"]) if len(q) else []


def _table(seed):
    rnd = random.Random(seed)
    f, m = rnd.randint(1, 40), rnd.randint(1, 40)
    return [["Victims identified 2022"], ["", "Female", "Male", "Total"], ["Victims identified", f, m, f + m]], {
        ("victims_detected", 2022, s): v for s, v in (("female", f), ("male", m), ("total", f + m))
    }


def _sheets(above, below, sheet="Data", cover=None, seed=0):
    table, truth = _table(seed)
    sheets = [(sheet, [*above, *table, [], *below])]
    if cover:
        sheets.append(("Cover", cover))
    return sheets, truth


ANOTHER = [  # (folder, rows above the table, rows under it, sheet name, cover sheet, the other members)
    ("TTO", [], [], "Guyana 2022", None, ["GUY"]),
    ("BRB", [], [["Prepared by the Jamaica Constabulary Force, Counter-Trafficking Unit"]], "Data", None, ["JAM"]),
    ("JAM", [], [], "Data", [["Country", "Guyana"], ["Ministry", "Ministry of Home Affairs"]], ["GUY"]),
    ("JAM", [["Reporting State: Belize"]], [], "Data", None, ["BLZ"]),
    ("DOM", [["Commonwealth of Dominica"]], [], "Data", None, ["DMA"]),
    ("VCT", [], [["Submitted by the Government of Saint Lucia"]], "Data", None, ["LCA"]),
    ("JAM", [["TTPS Counter Trafficking Unit"]], [], "Data", None, ["TTO"]),
    ("TTO", [["JCF - C-TIP statistics"]], [], "Data", None, ["JAM"]),
    ("LCA", [], [["Source: Royal St. Christopher and Nevis Police Force"]], "Data", None, ["KNA"]),
    ("JAM", [], [["Source: RBPF"]], "Data", None, ["BHS", "BRB"]),
    ("DOM", [], [["Elaborado por: Policía Nacional de Haití"]], "Data", None, ["HTI"]),
    ("CUW", [], [["Bron: Korps Politie Suriname"]], "Data", None, ["SUR"]),
    ("DOM", [["Estado informante: Cuba"]], [], "Data", None, ["CUB"]),
    ("HTI", [], [], "Data", [["Pays déclarant", "République dominicaine"]], ["DOM"]),
]


@pytest.mark.parametrize("folder,above,below,sheet,cover,others", ANOTHER, ids=range(len(ANOTHER)))
def test_another_member_named_outside_the_figures_stores_nothing(folder, above, below, sheet, cover, others):
    sheets, _ = _sheets(above, below, sheet, cover, seed=len(str(above)) + len(str(below)) + len(sheet))
    stored, reasons = _read(sheets, folder)
    assert stored == {}, (above, below, sheet, cover, stored)
    assert reasons and all("names another member country" in r and f"({folder})" in r and all(f"({o})" in r for o in others) for r in reasons), reasons


FINE = [  # (folder, rows above the table, rows under it, sheet name, cover sheet)
    ("DMA", [["Commonwealth of Dominica"]], [], "Data", None),
    ("DOM", [["República Dominicana"]], [["Fuente: Policía Nacional"]], "Data", None),
    ("TTO", [["Trinidad and Tobago and Jamaica joint operation"]], [["Prepared by the TTPS and the JCF"]], "Data", None),
    ("TTO", [], [["Prepared by the Jamaica Constabulary Force and the Trinidad and Tobago Police Service"]], "Data", None),
    ("BRB", [["RBPF - victims identified 2022"]], [], "Data", None),
    ("BHS", [], [["Source: RBPF"]], "Data", None),
    ("JAM", [], [["Victims identified in cooperation with the TTPS"]], "Data", None),
    ("TTO", [], [], "Victims from Guyana", None),
    ("JAM", [], [["Victims repatriated to Haiti"]], "Data", None),
    ("TTO", [], [], "Data", [["Country", "Trinidad and Tobago"], ["Partner", "Jamaica"]]),
    ("GUY", [], [["Note: includes victims from Venezuela and Suriname"]], "Data", None),
    ("GUY", [], [["Source: National Task Force against Trafficking in Persons"]], "Data", None),
    ("DOM", [], [["Fuente: Comisión Interinstitucional contra la Trata de Personas (CITIM)"]], "Data", None),
]


@pytest.mark.parametrize("folder,above,below,sheet,cover", FINE, ids=range(len(FINE)))
def test_other_mentions_outside_the_figures_keep_them(folder, above, below, sheet, cover):
    sheets, truth = _sheets(above, below, sheet, cover, seed=len(str(above)) + len(str(below)))
    stored, reasons = _read(sheets, folder)
    assert stored == truth, (above, below, sheet, cover, reasons)


def test_a_nationality_table_and_its_notes_keep_their_flows():
    rnd = random.Random(6)
    g, h = rnd.randint(1, 30), rnd.randint(1, 30)
    rows = [
        ["Victims identified by nationality, 2022"],
        ["Nationality", "Total"],
        ["Guyana", g],
        ["Haitian", h],
        ["Total", g + h],
        [],
        ["Guyana: victims identified in a joint operation"],
        ["Source: Trinidad and Tobago Police Service"],
    ]
    readings = _readings([("Data", rows)], "TTO")
    flows = {r.key.get("partner_iso3"): r.raw_value for r in readings if r.problem is None and "relation" in r.key}
    assert flows == {"GUY": g, "HTI": h}, [(r.cell, r.key, r.problem) for r in readings]

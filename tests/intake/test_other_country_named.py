"""attack5 J-M, wrong country: a Jamaican file in Trinidad and Tobago's folder was stored as TTO's
when Jamaica was named only in the file's name ("JAM_tip_statistics_2022.xlsx",
"Jamaica_TIP_2022.xlsx") or among the words of a title ("Ministry of National Security, Jamaica",
"Jamaica Constabulary Force - TIP statistics"). Such a file names another member and never its
folder's: set aside naming both. Precision: "Trinidad and Tobago" names no other member, "Dominica"
is not "Dominican Republic", "French Guiana" is not Guyana, a code counts only as a whole token, a
file naming its folder's country too (a bilateral table), a place figures come from or go to, and
an address keep the figures. Figures are random (known truth)."""

from __future__ import annotations

import random

import pytest

from ctip.harmonise.observations import harmonise_readings
from ctip.intake.extract import extract_workbook
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext
from ctip.vocabulary.labels import default_index


def _read(rows, folder, file_name):
    sheets = [SheetGrid("Data", [list(r) for r in rows], [], "worksheet")]
    ctx = ReadContext(folder, default_index(), file_name=f"{folder}/{file_name}")
    readings = [r for o in extract_workbook(sheets, ctx) for r in o.readings + o.unread_cells]
    obs, q, _ = harmonise_readings(readings, folder, "test", file_name)
    return {(r.indicator, r.year, r.sex): r.value for r in obs.itertuples()}, list(q["reason"]) if len(q) else []


def _table(seed):
    rnd = random.Random(seed)
    v, c = rnd.randint(5, 90), rnd.randint(1, 20)
    return [["Indicator", "2022"], ["Victims identified", v], ["Persons convicted", c]], {
        ("victims_detected", 2022, "total"): v,
        ("persons_convicted", 2022, "total"): c,
    }


ANOTHER = [  # (folder, file name, title rows, the other member)
    ("TTO", "JAM_tip_statistics_2022.xlsx", [], "JAM"),
    ("TTO", "Jamaica_TIP_2022.xlsx", [], "JAM"),
    ("TTO", "jam_2022.xlsx", [], "JAM"),
    ("DOM", "Dominica_victims_2022.xlsx", [], "DMA"),
    ("TTO", "stats_2022.xlsx", [["Ministry of National Security, Jamaica"]], "JAM"),
    ("TTO", "stats_2022.xlsx", [["Jamaica Constabulary Force - TIP statistics"]], "JAM"),
    ("JAM", "stats_2022.xlsx", [["Trinidad and Tobago Police Service - Counter Trafficking Unit"]], "TTO"),
    ("GUY", "datos_2022.xlsx", [["Policía Nacional de la República Dominicana - trata de personas"]], "DOM"),
    ("JAM", "Saint_Kitts_and_Nevis_2022.xlsx", [], "KNA"),
]


@pytest.mark.parametrize("folder,file_name,top,other", ANOTHER, ids=range(len(ANOTHER)))
def test_a_file_naming_another_member_in_its_name_or_title_stores_nothing(folder, file_name, top, other):
    table, _ = _table(len(file_name) + len(str(top)))
    stored, reasons = _read(top + table, folder, file_name)
    assert stored == {}, (file_name, top, stored)
    assert reasons and all("names another member country" in r and f"({other})" in r and f"({folder})" in r for r in reasons), reasons


FINE = [
    ("TTO", "Trinidad_and_Tobago_TIP_2022.xlsx", []),
    ("DOM", "Dominican_Republic_2022.xlsx", []),
    ("DOM", "Republica_Dominicana_trata_2022.xlsx", []),
    ("GUY", "French_Guiana_border_2022.xlsx", []),
    ("DOM", "victims_from_Haiti_2022.xlsx", []),
    ("TTO", "TTO_JAM_bilateral_2022.xlsx", []),
    ("TTO", "pajama_benjamin_2022.xlsx", []),
    ("DOM", "victimas_region_sur_2022.xlsx", []),
    ("DOM", "stats_2022.xlsx", [["Victims repatriated to Jamaica, 2022"]]),
    ("DOM", "stats_2022.xlsx", [["Víctimas de trata procedentes de Haití"]]),
    ("DOM", "stats_2022.xlsx", [["Trafficking in persons 2022"], ["Ministry of National Security, Kingston, Jamaica"]]),
    ("TTO", "stats_2022.xlsx", [["Trafficking in persons: Jamaica and Trinidad and Tobago, 2022"]]),
    ("KNA", "stats_2022.xlsx", [["Saint Kitts and Nevis - Trafficking in persons 2022"]]),
    ("DMA", "stats_2022.xlsx", [["Commonwealth of Dominica Police Force - TIP statistics"]]),
]


@pytest.mark.parametrize("folder,file_name,top", FINE, ids=range(len(FINE)))
def test_other_mentions_keep_the_figures(folder, file_name, top):
    table, truth = _table(len(file_name) + len(str(top)))
    stored, reasons = _read(top + table, folder, file_name)
    assert stored == truth, (file_name, top, reasons)

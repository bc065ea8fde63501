"""G-L, wrong numbers: a financial year in a sheet name ("FY2023"), a title ("Trafficking in persons
statistics FY2022", "Año fiscal 2021", "Exercice 2021-2022", "Boekjaar 2022") or a file name
("FY2021_report.csv") gave its year to figures that name none themselves, stored as that calendar
year. As a header "FY23" is, they are set aside with the reason (the sender is told in their
language: feedback kind 'fiscal'). Figures whose own row or column names a calendar year keep it.
Tables are generated here with random figures, so the truth is known."""

from __future__ import annotations

import random

import pytest

from ctip.feedback.problems import kind_of
from ctip.intake.layouts.periods import financial_year
from tests.intake.test_layouts import k, read
from tests.intake.titled_tables import titled_table

FISCAL_TITLES = [
    ("en", "Trafficking in persons statistics FY2022"),
    ("en", "Trafficking in persons, fiscal year 2021/22"),
    ("en", "Victims of trafficking, 2021/22 financial year"),
    ("es", "Trata de personas - Año fiscal 2022"),
    ("es", "Trata de personas, ejercicio 2022"),
    ("fr", "Traite des personnes - exercice 2021-2022"),
    ("nl", "Mensenhandel boekjaar 2022"),
]
NOT_FISCAL = ["Trafficking in persons 2022", "Unidad Fiscal de Trata de Personas", "Fiscalía 2022", "Victims identified (2022)", "TIP_2022"]


def _titled(title, lang, seed):
    return titled_table(title, lang, seed, year=2022)


@pytest.mark.parametrize("lang,title", FISCAL_TITLES)
def test_words_naming_a_financial_year(lang, title):
    assert financial_year(title), title


@pytest.mark.parametrize("text", NOT_FISCAL)
def test_words_naming_no_financial_year(text):
    assert financial_year(text) is None, text


def _set_aside(q: dict, cells: set[str], kinds=("fiscal",)) -> None:
    assert set(q) == cells, q
    assert all(kind_of(r)[0] in kinds for r in q.values()), q


@pytest.mark.parametrize("lang,title", FISCAL_TITLES)
def test_a_financial_year_title_stores_nothing(lang, title):
    rows, _ = _titled(title, lang, seed=len(title))
    stored, q, _ = read(rows)
    assert stored == {}, (title, stored)
    # a title whose financial-year words stand apart from the digits ("Año fiscal 2022") was already
    # read as naming no single year (`headers.names_no_single_year`): its reason says so
    _set_aside(q, {"B3", "B4"}, kinds=("fiscal", "no_year"))
    if "FY" in title:
        _set_aside(q, {"B3", "B4"})


def test_a_financial_year_sheet_or_file_name_stores_nothing():
    rows, truth = _titled(None, "en", seed=11)
    stored, q, _ = read(rows, name="FY2023")
    assert stored == {}
    _set_aside(q, {"B2", "B3"})
    stored, q, _ = read(rows, name="FY2021_report", file_name="BRB/FY2021_report.csv")
    assert stored == {}
    _set_aside(q, {"B2", "B3"})
    # the same table under a calendar year's name is read
    assert read(rows, name="2022", file_name="BRB/TIP_2022.csv")[0] == truth


def test_figures_naming_their_own_calendar_year_keep_it():
    rnd = random.Random(5)
    a, b, c = (rnd.randint(1, 50) for _ in range(3))
    # a long table with its own Year column, in a file named for a financial year
    stored, q, _ = read([["Indicator", "Year", "Value"], ["Victims identified", 2022, a]], file_name="JAM/FY2022_report.csv")
    assert stored == {k("victims_detected", 2022): a} and q == {}
    # columns by calendar year under a title naming a financial year
    stored, q, _ = read([["Annual report FY2022"], ["", "2021", "2022"], ["Victims identified", b, c]])
    assert stored == {k("victims_detected", 2021): b, k("victims_detected", 2022): c} and q == {}

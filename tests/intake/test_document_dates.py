"""attack4 I-M, wrong year: the date a report was prepared, updated, extracted or sent ("Updated: March
2022", "Fecha de elaboración: 15 de marzo de 2022", "(extracted 10/01/2022)", "2022 round") is the
document's date, not the year its figures count: such a title gives no year, and a figure with no
other year is set aside with the reason. A bare year ("Victims identified 2021", "for the year 2021",
"Año 2021") still gives it. Conversely "figures as at 31 March 2022" over whole-year columns 2020 |
2021 is the date the figures were extracted: those columns are not part of a year. Figures are
drawn at random here, so the truth is known."""

from __future__ import annotations

import random

import pytest

from ctip.intake.layouts.headers import year_in_text
from tests.intake.test_layouts import k, read

DATED = {
    "en": [
        "Updated: March 2022",
        "Source: TIP Unit, JCF (extracted 10/01/2022)",
        "Statistics submitted to the CMC, 2022 round",
        "Report prepared in March 2022",
        "Last updated 2022-03-15",
        "Report prepared in 2022",
        "Counter-Trafficking Unit, 15 March 2022",
    ],
    "es": ["Fecha de elaboración: 15 de marzo de 2022", "Actualizado en marzo de 2022", "Ronda 2022"],
    "fr": ["Mis à jour le 15 mars 2022", "Date d'extraction : 10/01/2022"],
    "nl": ["Bijgewerkt op 15 maart 2022", "Opgesteld in 2022"],
}
YEAR_2021 = [
    "Victims identified 2021",
    "Trafficking statistics for the year 2021",
    "Año 2021",
    "Année 2021",
    "Jaar 2021",
    "Victims identified 2021 (updated March 2022)",
    "Année 2021 (mise à jour le 3 mars 2022)",
    "Cifras 2021, fecha de elaboración: 15 de marzo de 2022",
    "Jaar 2021, bijgewerkt op 3 maart 2022",
    "CMC reporting round 2022: figures for 2021",
    "Victims 2021 (as at 31 March 2022)",
    "Victims identified, as at 31 December 2021",
    "Data as of 31/12/2021",
    "Enero a diciembre de 2021",
]
ALL_DATED = [t for ts in DATED.values() for t in ts]


@pytest.mark.parametrize("title", ALL_DATED)
def test_a_date_of_the_document_names_no_year(title):
    assert year_in_text(title) is None, title


@pytest.mark.parametrize("title", YEAR_2021)
def test_a_bare_year_still_names_the_year_beside_a_date_of_the_document(title):
    assert year_in_text(title) == 2021, title


def _value_list(title: str, seed: int):
    n = random.Random(seed).randint(5, 60)
    return [[title], ["Indicator", "Value"], ["Victims identified", n]], n


def _sex_table(title: str, seed: int):
    rnd = random.Random(seed)
    f, m = rnd.randint(1, 40), rnd.randint(1, 40)
    rows = [[title], ["Sex", "Victims identified"], ["Female", f], ["Male", m], ["Total", f + m]]
    truth = {k("victims_detected", 2021, "female"): f, k("victims_detected", 2021, "male"): m, k("victims_detected", 2021): f + m}
    return rows, truth


@pytest.mark.parametrize("title", ALL_DATED)
def test_figures_under_a_dated_title_are_set_aside_for_lack_of_a_year(title):
    rows, _ = _value_list(title, seed=len(title))
    stored, q, out = read(rows)
    assert out.layout == "long" and stored == {}, (title, stored)
    assert "no year" in q["B3"] and "date the report was prepared" in q["B3"], q
    rows, _ = _sex_table(title, seed=len(title))
    stored, q, _ = read(rows)
    assert stored == {}, (title, stored)
    assert all("date the report was prepared" in q[c] for c in ("B3", "B4", "B5")), q


@pytest.mark.parametrize("title", YEAR_2021[:10])
def test_figures_under_a_title_with_a_bare_year_take_it(title):
    rows, n = _value_list(title, seed=len(title))
    assert read(rows)[0] == {k("victims_detected", 2021): n}, title
    rows, truth = _sex_table(title, seed=len(title))
    assert read(rows)[0] == truth, title


def test_the_file_name_still_gives_the_year_below_a_dated_title():
    rows, truth = _sex_table("Updated: March 2022", seed=11)
    assert read(rows, file_name="JAM/tip_statistics_2021.csv")[0] == truth


def test_a_date_in_the_title_over_whole_year_columns_is_when_they_were_extracted():
    rnd = random.Random(5)
    a, b, c = rnd.randint(1, 40), rnd.randint(1, 40), rnd.randint(1, 40)
    title = "Trafficking in persons: figures as at 31 March 2022"
    stored, q, _ = read([[title], ["Indicator", 2020, 2021], ["Victims identified", a, b]])
    assert stored == {k("victims_detected", 2020): a, k("victims_detected", 2021): b}, q
    # the column of the date's own year holds January to March only
    stored, q, _ = read([[title], ["Indicator", 2021, 2022], ["Victims identified", b, c]])
    assert stored == {k("victims_detected", 2021): b}, q
    assert "part of a year" in q["C3"], q
    # with no year of their own, the figures take the title's and cover part of it
    stored, q, _ = read(_value_list(title, seed=3)[0])
    assert stored == {} and "part of a year" in q["B3"], q

"""attack5 J-J (and attack6 K-A, at the end): a title 'Victims identified since 2015', 'desde 2015', '2015 to date' gave its year to a
running total: stored as 2015's figures. Such a title's year is where the count starts: set aside as a
running total; over year columns of their own the figures keep their years."""

from __future__ import annotations

import pytest

from ctip.feedback.problems import kind_of
from tests.intake.test_layouts import k, read


@pytest.mark.parametrize(
    "title",
    [
        "Victims identified since 2015",
        "Víctimas identificadas desde 2015",
        "Victimes identifiées depuis 2015",
        "Slachtoffers sinds 2015",
        "Victims identified, 2015 to date",
        "Víctimas identificadas 2015 a la fecha",
        "Victimes identifiées 2015 à ce jour",
    ],
)
def test_a_title_year_that_starts_a_running_total_gives_no_year(title):
    stored, q, _ = read([[title], ["Sex", "Number"], ["Female", 100], ["Male", 50], ["Total", 150]])
    assert stored == {}, stored
    # ('a la fecha', 'à ce jour' were already words of part of a year: set aside either way)
    assert set(q) == {"B3", "B4", "B5"} and all(kind_of(r)[0] in ("running_total", "part_year") for r in q.values()), q


def test_year_columns_of_their_own_are_read_under_a_since_title():
    stored, q, _ = read([["Victims identified since 2015"], ["Indicator", 2021, 2022], ["Victims identified", 4, 6]])
    assert stored == {k("victims_detected", 2021): 4, k("victims_detected", 2022): 6}, (stored, q)


def test_a_title_with_its_year_alone_is_read():
    stored, _, _ = read([["Victims identified, 2015"], ["Sex", "Number"], ["Female", 10], ["Male", 5], ["Total", 15]])
    assert stored.get(k("victims_detected", 2015)) == 15


# attack6 K-A: the same running totals in other words ('since the establishment of the Task Force (2016)',
# 'from inception', 'all years', 'in the last five years') were stored as the year the title names.
@pytest.mark.parametrize(
    "title, header",
    [
        ("Víctimas identificadas desde la creación de la Unidad (2016)", ["Sexo", "Número"]),
        ("Victims identified since the establishment of the Task Force (2016)", ["Sex", "Number"]),
        ("Victims identified since the Task Force was set up in 2016", ["Sex", "Number"]),
        ("Victimes identifiées depuis la création du Comité national en 2016", ["Sexe", "Nombre"]),  # not CNLTP: Haiti's body (K-G)
        ("Slachtoffers sinds de oprichting (2016)", ["Geslacht", "Aantal"]),
        ("Slachtoffers vanaf de oprichting, 2022", ["Geslacht", "Aantal"]),
        ("Victims identified from inception in 2016", ["Sex", "Number"]),
        ("Victims identified 2022 (since its inception)", ["Sex", "Number"]),
        ("Víctimas identificadas a partir de la puesta en marcha, 2022", ["Sexo", "Número"]),
        ("Victims identified as of 31 December 2022 (all years)", ["Sex", "Number"]),
        ("Víctimas identificadas, todos los años (2022)", ["Sexo", "Número"]),
        ("Victimes identifiées, toutes les années (2022)", ["Sexe", "Nombre"]),
        ("Slachtoffers, alle jaren (2022)", ["Geslacht", "Aantal"]),
        ("Victims identified in the last five years (2022)", ["Sex", "Number"]),
        ("Victims identified over the past 5 years, 2022", ["Sex", "Number"]),
        ("Víctimas identificadas en los últimos cinco años (2022)", ["Sexo", "Número"]),
        ("Victimes identifiées au cours des cinq dernières années (2022)", ["Sexe", "Nombre"]),
        ("Slachtoffers in de afgelopen vijf jaar (2022)", ["Geslacht", "Aantal"]),
    ],
)
def test_a_running_total_in_other_words_gives_no_year(title, header):
    stored, q, _ = read([[title], header, ["Female", 60], ["Male", 36], ["Total", 96]])
    assert stored == {}, (title, stored)
    assert set(q) == {"B3", "B4", "B5"} and all(kind_of(r)[0] == "running_total" for r in q.values()), q


@pytest.mark.parametrize(
    "title",
    [
        "Victims identified, 2022",
        "Annual report 2022: victims identified",
        "Victims repatriated from Venezuela, 2022",
        "Victims identified, data from 2022",
    ],
)
def test_a_title_with_its_year_is_still_read(title):
    stored, q, _ = read([[title], ["Sex", "Number"], ["Female", 10], ["Male", 5], ["Total", 15]])
    assert stored.get(k("victims_detected", 2022)) == 15, (title, stored, q)


def test_year_columns_of_their_own_are_read_under_an_all_years_title():
    stored, q, _ = read([["Victims identified since the establishment of the Task Force (all years)"], ["Indicator", 2021, 2022], ["Victims identified", 4, 6]])
    assert stored == {k("victims_detected", 2021): 4, k("victims_detected", 2022): 6}, (stored, q)

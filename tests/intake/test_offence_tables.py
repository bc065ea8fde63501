"""Issue 8, class 1: a table of offences where trafficking is one row among many (rows Murder,
Robbery, 'Trafficking in persons', columns naming indicators): only the trafficking row is stored,
each figure with its column's indicator; a law cited in brackets beside the offence
('Trata de personas (Ley 137-03)') is no breakdown. Generated with known truth."""

from __future__ import annotations

import random

import pytest

from tests.intake.test_layouts import k, read

TABLES = {
    "en": (
        "Royal Police Force - Serious crimes, 2022",
        "Offence",
        [("Offences reported", "cases_investigated"), ("Persons charged", "persons_prosecuted"), ("Persons convicted", "persons_convicted")],
        ["Murder", "Robbery", "Trafficking in persons", "Larceny"],
        "Trafficking in persons",
    ),
    "en_tip": (
        "Police statistics, 2022",
        "Offence",
        [("TIP reports investigated", "cases_investigated"), ("Persons arrested", "persons_investigated")],
        ["Murder", "Trafficking in persons (s. 3, Cap. 10:14)", "Burglary"],
        "Trafficking in persons (s. 3, Cap. 10:14)",
    ),
    "es": (
        "Procuraduría General de la República - Delitos seleccionados 2022",
        "Delito",
        [("Casos investigados", "cases_investigated"), ("Personas acusadas", "persons_prosecuted"), ("Personas condenadas", "persons_convicted")],
        ["Homicidio", "Robo", "Trata de personas (Ley 137-03)", "Tráfico de drogas"],
        "Trata de personas (Ley 137-03)",
    ),
    "fr": (
        "Police nationale - Infractions constatées 2022",
        "Infraction",
        [("Faits constatés", "cases_investigated"), ("Personnes poursuivies", "persons_prosecuted")],
        ["Homicide", "Traite des personnes (loi 2014-1)", "Vol"],
        "Traite des personnes (loi 2014-1)",
    ),
    "nl": (
        "Korps Politie - Misdrijven 2022",
        "Delict",
        [("Geregistreerde misdrijven", "cases_investigated"), ("Verdachten aangehouden", "persons_investigated")],
        ["Moord", "Mensenhandel (art. 334 Sr)", "Diefstal"],
        "Mensenhandel (art. 334 Sr)",
    ),
}


@pytest.mark.parametrize("lang", sorted(TABLES))
def test_only_the_trafficking_row_of_a_table_of_offences_is_stored(lang):
    title, corner, columns, offences, tip = TABLES[lang]
    rnd = random.Random(lang)
    rows = [[title], [corner, *(c for c, _ in columns)]]
    truth, totals = {}, [0] * len(columns)
    for offence in offences:
        values = [rnd.randint(1, 60) for _ in columns]
        totals = [t + v for t, v in zip(totals, values)]
        rows.append([offence, *values])
        if offence == tip:
            truth = {k(ind, 2022): v for (_, ind), v in zip(columns, values)}
    rows.append(["Total", *totals])  # adds up other crimes: never stored
    stored, q, _ = read(rows)
    assert stored == truth, q
    assert len(q) == (len(offences) - 1 + 1) * len(columns)  # every other cell reported


@pytest.mark.parametrize(
    "row, header", [("Human trafficking offences", ("Offence", "2021", "2022", "Change")), ("Trafficking offences", ("Offence", "2021", "2022", "Change"))]
)
def test_an_offence_row_in_a_crime_comparison_counts_cases(row, header):
    rows = [
        ["Police Force - crime comparison 2021 v 2022"],
        list(header),
        ["Murder", 12, 9, -3],
        [row, 4, 6, 2],
        ["Burglary", 50, 40, -10],
        ["Total", 66, 55, -11],
    ]
    stored, q, _ = read(rows)
    assert stored == {k("cases_investigated", 2021): 4, k("cases_investigated", 2022): 6}, q


@pytest.mark.parametrize(
    "header, ind",
    [("Hechos registrados", "cases_investigated"), ("Opgestarte onderzoeken", "cases_investigated"), ("Investigations launched", "cases_investigated")],
)
def test_recorded_facts_and_started_investigations(header, ind):
    rows = [["Anuario 2021"], ["Delito", header, "Personas detenidas"], ["Homicidio", 40, 30], ["Trata de personas", 5, 3]]
    stored, q, _ = read(rows)
    assert stored == {k(ind, 2021): 5, k("persons_investigated", 2021): 3}, q


def test_the_offence_in_brackets_is_no_breakdown():
    rows = [
        ["National Task Force - justice, 2019-2021"],
        ["", 2019, 2020, 2021],
        ["Persons charged (trafficking offences)", 0, 6, 5],
        ["Persons charged (drug trafficking offences)", 40, 30, 20],
    ]
    stored, q, _ = read(rows)
    assert stored == {k("persons_prosecuted", 2019): 0, k("persons_prosecuted", 2020): 6, k("persons_prosecuted", 2021): 5}, q
    assert {"B4", "C4", "D4"} <= set(q)

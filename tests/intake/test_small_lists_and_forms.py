"""Issue 8, classes 3 and 4: small indicator lists that are not plain tables (columns per island
with the federation's total, 'Jan-Dec 2020' year columns) and questionnaires with an item-code
column (A1, B1, ...), the question beside it and the answer several columns to the right, in
English and Spanish. Generated with known truth."""

from __future__ import annotations

import random

import pytest

from tests.intake.test_layouts import k, read


@pytest.mark.parametrize("places, national", [(("St Kitts", "Nevis"), "Federation"), (("Bonaire", "Saba"), "Total both islands")])
def test_columns_per_island_keep_the_national_total(places, national):
    rnd = random.Random(national)
    rows = [["Trafficking in persons 2022"], ["Indicator", *places, national]]
    truth = {}
    for label, ind in (("Victims identified", "victims_detected"), ("Persons arrested", "persons_investigated")):
        a, b = rnd.randint(0, 9), rnd.randint(0, 9)
        rows.append([label, a, b, a + b])
        truth[k(ind, 2022)] = a + b
    stored, q, _ = read(rows)
    assert stored == truth, q
    assert {"B3", "C3", "B4", "C4"} <= set(q)  # the islands: reported, not stored


def test_calendar_year_spans_as_year_columns():
    rows = [["Trafficking in persons - victims identified"], ["", "Jan-Dec 2020", "Jan-Dec 2021", "Jan-Jun 2022"], ["Female", 3, 4, 1], ["Male", 1, 2, 0]]
    stored, q, _ = read(rows)
    assert stored == {
        k("victims_detected", 2020, "female"): 3,
        k("victims_detected", 2021, "female"): 4,
        k("victims_detected", 2020, "male"): 1,
        k("victims_detected", 2021, "male"): 2,
    }, q
    assert {"D3", "D4"} <= set(q)  # half a year is no year's figure


FORMS = {
    "en": (
        ["Item", "Question", None, None, "Answer"],
        [
            ("A1", "Number of victims of trafficking identified in 2022", k("victims_detected", 2022)),
            ("A2", "Of whom female", k("victims_detected", 2022, "female")),
            ("B1", "Number of persons prosecuted for trafficking in 2022", k("persons_prosecuted", 2022)),
        ],
    ),
    "es": (
        ["Código", "Pregunta", None, None, "Respuesta"],
        [
            ("A1", "Número de víctimas de trata identificadas en 2022", k("victims_detected", 2022)),
            ("B1.1", "Número de personas condenadas por trata en 2022", k("persons_convicted", 2022)),
        ],
    ),
}


@pytest.mark.parametrize("lang", sorted(FORMS))
def test_questionnaire_with_item_codes(lang):
    header, items = FORMS[lang]
    rnd = random.Random(lang)
    rows, truth = [header], {}
    for code, question, key in items:
        v = rnd.randint(0, 30)
        rows.append([code, question, None, None, v])
        truth[key] = v
    stored, q, _ = read(rows)
    assert stored == truth, q


def test_small_lists_under_year_titles():
    rnd = random.Random(7)
    rows, truth = [["Trafficking in persons - annual figures"], []], {}
    for year in (2021, 2022, 2023):
        rows.append([str(year)])
        for label, ind in (("Victims identified", "victims_detected"), ("Persons arrested", "persons_investigated")):
            v = rnd.randint(0, 20)
            rows.append([label, v])
            truth[k(ind, year)] = v
        rows.append([])
    stored, q, _ = read(rows)
    assert stored == truth, q


@pytest.mark.parametrize("own, foreign", [("Own country nationals", "Subtotal foreign nationals"), ("Nacionales", "Subtotal extranjeras")])
def test_nationality_table_with_group_rows(own, foreign):
    rows = [["Victims identified by nationality, 2022"], ["Nationality", "Total"], ["Venezuela", 4], ["Guyana", 2], [foreign, 6], [own, 5], ["Total", 11]]
    stored, q, out = read(rows)
    groups = {r.key.get("citizenship"): r.key for r in out.readings if not r.problem and "relation" not in r.key}
    assert set(groups) == {"national", "foreign", "total"}, q


def test_questions_with_two_words_for_one_indicator_and_french_assistance():
    rows = [
        ["Item", "Question", None, None, "Answer"],
        ["A1", "How many persons were arrested or otherwise investigated for trafficking offences in 2022?", None, None, 6],
        ["A2", "Q2. Nombre de victimes ayant bénéficié d'une assistance en 2022", None, None, 3],
        ["A3", "How many victims were identified or assisted in 2022?", None, None, 9],
    ]
    stored, q, _ = read(rows)
    assert stored == {k("persons_investigated", 2022): 6, k("victims_assisted", 2022): 3}, q
    assert "E4" in q  # identified or assisted: two indicators

"""Issue 8, class 6: age forms, 'not stated' words and nationality subtotals in the four
languages (synonyms in schemas/lang/<language>.yaml only). An 'unknown' word takes the dimension of its
siblings (age rows -> age unknown; sex columns -> sex unknown). Generated with known truth."""

from __future__ import annotations

import random

import pytest

from tests.intake.test_layouts import k, read

AGE_TABLES = {
    "en": ("Victims identified, 2022", [("Under 18 years", "child"), ("18 years and above", "adult"), ("Not stated", "unknown")]),
    "es": ("Víctimas identificadas, 2022", [("Menores de 18 años", "child"), ("18 años y más", "adult"), ("No determinado", "unknown")]),
    "fr": ("Victimes identifiées, 2022", [("Moins de 18 ans", "child"), ("18 ans et plus", "adult"), ("Non précisé", "unknown")]),
    "nl": ("Geïdentificeerde slachtoffers, 2022", [("Jonger dan 18 jaar", "child"), ("18 jaar en ouder", "adult"), ("Onbekend", "unknown")]),
}
SEX_WORDS = {
    "en": ("Female", "Male", "Not stated"),
    "es": ("Mujeres", "Hombres", "No determinado"),
    "fr": ("Femmes", "Hommes", "Non précisé"),
    "nl": ("Vrouwen", "Mannen", "Onbekend"),
}


@pytest.mark.parametrize("lang", sorted(AGE_TABLES))
def test_age_rows_and_unknown_sex_columns(lang):
    title, ages = AGE_TABLES[lang]
    f, m, u = SEX_WORDS[lang]
    rnd = random.Random(lang)
    rows = [[title], ["", f, m, u]]
    truth = {}
    for label, age in ages:
        values = [rnd.randint(0, 20) for _ in range(3)]
        rows.append([label, *values])
        for sex, v in zip(("female", "male", "unknown"), values):
            truth[k("victims_detected", 2022, sex, age)] = v
    stored, q, _ = read(rows)
    assert stored == truth, q


@pytest.mark.parametrize(
    "own, foreign",
    [("Own country nationals", "Foreign nationals"), ("Nacionales", "Subtotal extranjeras"), ("Eigen nationaliteit", "Buitenlandse nationaliteit (subtotaal)")],
)
def test_nationals_and_foreign_subtotals(own, foreign):
    rows = [["Victims identified, 2022"], ["", "Total"], [own, 4], [foreign, 9], ["Total", 13]]
    stored, q, _ = read(rows)
    assert stored == {k("victims_detected", 2022, cit="national"): 4, k("victims_detected", 2022, cit="foreign"): 9, k("victims_detected", 2022): 13}, q

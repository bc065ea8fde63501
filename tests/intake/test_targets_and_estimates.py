"""H-C, wrong numbers: a national action plan's targets ("targets", "metas", "objectifs", "doelen"),
a projection or an estimate is no count recorded by the authorities. A table whose title says so, a
row labelled "(target)" or a column headed "2021 (estimate)" / "2024e" is set aside with the reason,
and a "(target)" row never clashes with (and so destroys) the "(actual)" row beside it. A "revised"
figure is real: "2020 (revised)", "2020 (revisado)" are read. Figures are random, so the truth is
known."""

from __future__ import annotations

import random

import pytest

from ctip.feedback.problems import kind_of
from ctip.intake.layouts.headers import as_year
from ctip.intake.planned import not_recorded
from tests.intake.test_layouts import k, read

TITLES = [
    ("en", "National Action Plan on Trafficking in Persons 2023-2025: targets"),
    ("en", "Projected victims of trafficking 2024"),
    ("en", "Trafficking in persons - estimates for 2022"),
    ("en", "Victims identified: forecast 2024"),
    ("es", "Plan Nacional contra la Trata - metas e indicadores"),
    ("es", "Proyección de víctimas 2024"),
    ("fr", "Objectifs du plan d'action national 2024"),
    ("fr", "Victimes : estimations 2022"),
    ("nl", "Doelen nationaal actieplan mensenhandel 2024"),
    ("nl", "Geschatte aantallen slachtoffers 2022"),
]
INDICATOR = {"en": "Victims identified", "es": "Víctimas identificadas", "fr": "Victimes identifiées", "nl": "Geïdentificeerde slachtoffers"}
RECORDED = [
    "Trafficking in persons 2022",
    "Victims identified, by sex, 2022",
    "Víctimas de trata con fines de explotación sexual 2022",
    "Personnes poursuivies pour les infractions prévues par la loi, 2022",
    "Uitbuiting met als doel seksuele uitbuiting 2022",
    "Victims targeted by traffickers online, 2022",
    "Victimes de l'Est, 2022",
]


@pytest.mark.parametrize("lang,title", TITLES)
def test_words_naming_targets_or_estimates(lang, title):
    assert not_recorded(title), title


@pytest.mark.parametrize("text", RECORDED + ["2020 (revised)", "2020 (revisado)", "2021p", "2019 (a)"])
def test_words_naming_recorded_counts(text):
    assert not_recorded(text) is None, (text, not_recorded(text))


@pytest.mark.parametrize("lang,title", TITLES)
def test_a_table_of_targets_stores_nothing_and_says_why(lang, title):
    rnd = random.Random(title)
    rows = [[title], ["Indicator", 2022, 2023], [INDICATOR[lang], rnd.randint(1, 50), rnd.randint(1, 50)]]
    stored, q, _ = read(rows)
    assert stored == {}, (title, stored)
    assert set(q) == {"B3", "C3"}
    assert all(kind_of(r)[0] == "not_recorded" for r in q.values()), q


def test_a_target_row_beside_the_actual_row_keeps_the_actual_figures():
    rnd = random.Random(5)
    t = [rnd.randint(30, 60) for _ in range(4)]
    a = [rnd.randint(1, 29) for _ in range(2)]
    rows = [
        ["National action plan"],
        ["Indicator", 2021, 2022, 2023, "2024e"],
        ["Victims identified (target)", *t],
        ["Victims identified (actual)", *a, "", ""],
    ]
    stored, q, _ = read(rows)
    assert stored == {k("victims_detected", 2021): a[0], k("victims_detected", 2022): a[1]}, q
    assert {"B3", "C3", "D3", "E3"} <= set(q) and all(kind_of(q[c])[0] == "not_recorded" for c in ("B3", "C3", "D3", "E3")), q
    assert not any("different values" in r for r in q.values()), q


@pytest.mark.parametrize(
    "revised,estimate,indicator",
    [
        ("2020 (revised)", "2021 (estimate)", "Victims identified"),
        ("2020 (revisado)", "2021 (estimado)", "Víctimas identificadas"),
        ("2020 (révisé)", "2021e", "Victimes identifiées"),
    ],
)
def test_a_revised_column_is_read_and_an_estimate_column_set_aside(revised, estimate, indicator):
    rows = [["Trafficking in persons"], ["Indicator", revised, estimate], [indicator, 12, 15]]
    stored, q, _ = read(rows)
    assert stored == {k("victims_detected", 2020): 12}, q
    assert kind_of(q["C3"])[0] == "not_recorded", q


def test_year_headers():
    assert as_year("2020 (revised)") == 2020 and as_year("2020 (revisado)") == 2020
    assert as_year("2024e") is None and as_year("2019 (a)") == 2019

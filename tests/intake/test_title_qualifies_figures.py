"""Issue 8, wrong values: a table's title qualifies every figure below it. 'Child victims of
trafficking in persons assisted by the Board' gives victims_assisted (not the generic 'victims of
trafficking in persons' = victims detected) and age_group child to each figure, the Total row
included; no figure is stored with a broader key than its document gives."""

from __future__ import annotations

import random

import pytest

from tests.intake.test_layouts import k, read

YEARS = (2021, 2022, 2023)
TITLES = {  # title, part rows (label, dims), total label, indicator, dims every figure has
    "en": (
        "Child victims of trafficking in persons assisted by the Board (calendar year)",
        [("Girls", {"sex": "female"}), ("Boys", {"sex": "male"})],
        "Total",
        "victims_assisted",
        {"age": "child"},
    ),
    "es": (
        "Víctimas menores de edad de trata de personas atendidas por el Consejo",
        [("Niñas", {"sex": "female"}), ("Niños", {"sex": "male"})],
        "Total",
        "victims_assisted",
        {"age": "child"},
    ),
    "fr": (
        "Victimes mineures de la traite des personnes, par sexe",
        [("Filles", {"sex": "female"}), ("Garçons", {"sex": "male"})],
        "Total",
        "victims_detected",
        {"age": "child"},
    ),
    "nl": (
        "Minderjarige slachtoffers van mensenhandel opgevangen door de Stichting",
        [("Meisjes", {"sex": "female"}), ("Jongens", {"sex": "male"})],
        "Totaal",
        "victims_assisted",
        {"age": "child"},
    ),
    "en_female": (
        "Female victims of trafficking in persons sheltered",
        [("Girls", {"age": "child"}), ("Women", {"age": "adult"})],
        "Total",
        "victims_assisted",
        {"sex": "female"},
    ),
}


def _table(lang: str, seed: int, add_up: bool = True):
    title, parts, total_label, indicator, dims = TITLES[lang]
    rnd = random.Random(seed)
    rows = [[title], ["", *YEARS]]
    truth = {}
    sums = [0] * len(YEARS)
    for label, own in parts:
        values = [rnd.randint(0, 30) for _ in YEARS]
        sums = [s + v for s, v in zip(sums, values)]
        rows.append([label, *values])
        for y, v in zip(YEARS, values):
            truth[k(indicator, y, **{"sex": "total", "age": "total"} | dims | own)] = v
    rows.append([total_label, *[s + (0 if add_up else 3) for s in sums]])
    if add_up:
        for y, s in zip(YEARS, sums):
            truth[k(indicator, y, **{"sex": "total", "age": "total"} | dims)] = s
    return rows, truth


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_title_indicator_and_breakdown_qualify_every_figure(lang):
    rows, truth = _table(lang, seed=len(lang))
    stored, q, _ = read(rows)
    assert stored == truth, q


def test_a_total_over_children_that_does_not_add_up_is_not_the_national_total():
    rows = [["Victims of trafficking assisted by the Child Care Board"], ["", *YEARS], ["Girls", 4, 5, 6], ["Boys", 1, 2, 3], ["Total", 9, 9, 12]]
    stored, q, _ = read(rows)
    assert all(key[3] == "child" for key in stored)  # no all-ages figure from a table of girls and boys
    assert {"B5", "C5", "D5"} <= set(q)


def test_a_total_of_girls_and_boys_is_the_total_of_children():
    rows = [["Victims of trafficking assisted, 2022"], ["", "Sexual exploitation", "Labour exploitation"], ["Girls", 4, 1], ["Boys", 2, 3], ["Total", 6, 4]]
    stored, _, _ = read(rows)
    assert stored[k("victims_assisted", 2022, "total", "child", "sexual")] == 6
    assert k("victims_assisted", 2022, "total", "total", "sexual") not in stored


def test_an_agency_named_in_the_title_is_no_breakdown():
    rows = [["Ministerio de la Mujer – Víctimas asistidas, 2022"], ["", "Mujeres", "Hombres", "Total"], ["Víctimas asistidas", 5, 2, 7]]
    stored, _, _ = read(rows)
    assert stored[k("victims_assisted", 2022)] == 7
    assert stored[k("victims_assisted", 2022, "male")] == 2


@pytest.mark.parametrize(
    "title, expl",
    [
        ("Victims of sexual exploitation identified, 2022", "sexual"),
        ("Víctimas de explotación laboral identificadas, 2022", "labour"),
        ("Victims of sexual exploitation and other forms, 2022", None),
        ("Slachtoffers van seksuele uitbuiting of arbeidsuitbuiting, 2022", None),
    ],
)
def test_a_form_of_exploitation_in_the_title_holds_for_every_figure_only_when_it_is_the_only_one(title, expl):
    rows = [[title], ["", "Total"], ["Female", 3], ["Male", 2], ["Total", 5]]
    stored, q, _ = read(rows)
    if expl is None:  # one of several forms named: no form is given to the figures by the title
        assert all(key[4] == "total" for key in stored), stored
    else:
        assert stored == {
            k("victims_detected", 2022, "female", expl=expl): 3,
            k("victims_detected", 2022, "male", expl=expl): 2,
            k("victims_detected", 2022, expl=expl): 5,
        }, q

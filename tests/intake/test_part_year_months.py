"""attack6 K-O: a monthly return whose months stop before December (Jan .. Nov, Ene .. Sep, months as
rows or as columns) had its "Total" stored as the whole year's figure. A Total over months (or
quarters) is the year's figure only when all twelve months are there; otherwise it is set aside with
a reason naming the months present. Figures are random (known truth); the words are the languages'
(schemas/lang/<language>.yaml words.month_order)."""

from __future__ import annotations

import random

import pytest

from ctip.feedback.problems import kind_of
from tests.intake.test_layouts import k, read

MONTHS = {
    "en": ("Victims identified, 2022", "Victims identified", ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], "Total"),
    "es": (
        "Víctimas identificadas 2022",
        "Víctimas identificadas",
        ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"],
        "Total",
    ),
    "fr": (
        "Victimes identifiées 2022",
        "Victimes identifiées",
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        "Total",
    ),
    "nl": (
        "Slachtoffers mensenhandel 2022",
        "Slachtoffers mensenhandel",
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
        "Totaal",
    ),
}
FOLDER = {"en": "JAM", "es": "DOM", "fr": "HTI", "nl": "SUR"}


def _columns(lang, n, seed):
    title, label, months, total = MONTHS[lang]
    rnd = random.Random(seed)
    figures = [rnd.randint(0, 4) for _ in range(n)]
    return [[title], ["", *months[:n], total], [label, *figures, sum(figures)]], sum(figures), months[:n]


def _rows(lang, n, seed):
    title, label, months, total = MONTHS[lang]
    rnd = random.Random(seed)
    figures = [rnd.randint(0, 4) for _ in range(n)]
    return [[title], ["", label]] + [[m, v] for m, v in zip(months, figures)] + [[total, sum(figures)]], sum(figures), months[:n]


@pytest.mark.parametrize("lang", sorted(MONTHS))
@pytest.mark.parametrize("n", [3, 6, 9, 11])
@pytest.mark.parametrize("shape", [_columns, _rows])
def test_a_total_over_fewer_than_twelve_months_is_not_the_year(lang, n, shape):
    rows, total, present = shape(lang, n, seed=n)
    stored, quarantined, _ = read(rows, folder=FOLDER[lang])
    assert stored == {}, stored  # never the part-year total as 2022's figure
    why = [r for r in quarantined.values() if "part of a year" in r]
    assert len(why) == 1 and kind_of(why[0])[0] == "part_year"
    assert all(f"'{m}'" in why[0] for m in present)  # the months present are named


@pytest.mark.parametrize("lang", sorted(MONTHS))
@pytest.mark.parametrize("shape", [_columns, _rows])
def test_a_total_over_all_twelve_months_is_the_year(lang, shape):
    rows, total, _ = shape(lang, 12, seed=12)
    stored, _, _ = read(rows, folder=FOLDER[lang])
    assert stored == {k("victims_detected", 2022): total}


def test_months_by_sex_stopping_in_september_store_nothing():
    months = MONTHS["es"][2][:9]
    rows = [["Víctimas identificadas 2022"], ["", "Mujeres", "Hombres", "Total"]] + [[m, 1, 2, 3] for m in months] + [["Total", 9, 18, 27]]
    stored, quarantined, _ = read(rows, folder="DOM")
    assert stored == {}
    assert {c for c, r in quarantined.items() if "part of a year" in r} == {"B12", "C12", "D12"}


def test_each_half_year_total_is_part_of_a_year():
    en = MONTHS["en"][2]
    rows = [["Victims identified, 2022"], ["", "Victims identified"]]
    rows += [[m, 1] for m in en[:6]] + [["Total", 6]] + [[m, 2] for m in en[6:]] + [["Total", 12]]
    stored, quarantined, _ = read(rows)
    assert stored == {}
    assert "part of a year" in quarantined["B9"] and "part of a year" in quarantined["B16"]


def test_quarters_all_four_give_the_year_three_do_not():
    quarters = ["First quarter", "Second quarter", "Third quarter", "Fourth quarter"]
    full = [["Victims identified, 2022"], ["", *quarters, "Total"], ["Victims identified", 1, 2, 3, 4, 10]]
    stored, _, _ = read(full)
    assert stored == {k("victims_detected", 2022): 10}
    part = [["Victims identified, 2022"], ["", *quarters[:3], "Total"], ["Victims identified", 1, 2, 3, 6]]
    stored, quarantined, _ = read(part)
    assert stored == {} and "part of a year" in quarantined["E3"]


def test_months_under_each_year_are_matched_to_that_years_total():
    # 2021: January to June and its Total (part of a year); 2022: all twelve months and its Total
    en = MONTHS["en"][2]
    rows = [["Victims identified"], ["", 2021] + [None] * 6 + [2022] + [None] * 12, ["", *en[:6], "Total", *en, "Total"]]
    rows += [["Victims identified"] + [1] * 6 + [6] + [2] * 12 + [24]]
    merged = [((1, 1), (1, 7)), ((1, 8), (1, 20))]
    stored, quarantined, _ = read(rows, merged=merged)
    assert stored == {k("victims_detected", 2022): 24}
    assert "part of a year" in quarantined["H4"] and "'Jun'" in quarantined["H4"] and "'Dec'" not in quarantined["H4"]


@pytest.mark.parametrize("quarters", [["Q1", "Q2", "Q3"], ["T1", "T2", "T3"], ["1st quarter", "2nd quarter", "3rd quarter"], ["K1", "K2"]])
def test_a_total_beside_bare_quarter_headers_is_part_of_a_year(quarters):
    # 'Q1' reads as a question number, so the table starts at 'Total': its quarters are still seen
    rows = [["Victims identified, 2022"], ["", *quarters, "Total"], ["Victims identified", *range(1, len(quarters) + 1), sum(range(1, len(quarters) + 1))]]
    stored, quarantined, _ = read(rows)
    assert stored == {}
    why = [r for r in quarantined.values() if "adds up the months or quarters" in r]
    assert len(why) == 1 and all(f"'{q}'" in why[0] for q in quarters)


def test_all_four_bare_quarters_give_the_year():
    rows = [["Victims identified, 2022"], ["", "Q1", "Q2", "Q3", "Q4", "Total"], ["Victims identified", 1, 2, 3, 4, 10]]
    stored, _, _ = read(rows)
    assert stored == {k("victims_detected", 2022): 10}

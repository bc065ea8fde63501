"""attack3 H-U: a year over quarter or semester columns ('2021' merged over Q1 | Q2 | Q3 | Q4, 'First
semester' over 2020 | 2021) holds no yearly count: the cells are set aside with the reason, never
stored as the year's figure (equal quarters used to be stored as the year, the others lost as a
clash). A plain year header keeps its figures. Tables generated here with random figures."""

from __future__ import annotations

import random

import pytest

from ctip.feedback.problems import kind_of
from tests.intake.test_layouts import k, read


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    "parts",
    # T1-T4 (trimestre) and K1-K4 (kwartaal): attack4 I-G, one quarter was stored as the year
    [
        ["Q1", "Q2", "Q3", "Q4"],
        ["H1", "H2"],
        ["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"],
        ["T1", "T2", "T3", "T4"],
        ["S1", "S2"],
        ["K1", "K2", "K3", "K4"],
    ],
)
def test_a_year_over_part_year_columns_is_not_stored(parts, seed):
    rnd = random.Random(seed)
    same = rnd.randint(1, 9)
    n = len(parts)
    rows = [["Trafficking in persons statistics"], [None, 2021] + [None] * (n - 1), ["Indicator", *parts]]
    rows += [["Victims identified"] + [same] * n, ["Persons prosecuted"] + [rnd.randint(1, 9) for _ in parts]]
    stored, quarantined, _ = read(rows, merged=[((1, 1), (1, n))])
    assert stored == {}
    assert len(quarantined) == 2 * n
    assert all(kind_of(reason)[0] == "part_year" for reason in quarantined.values())


def test_semesters_over_years_are_not_stored():
    rows = [["Trafficking in persons statistics"], [None, "First semester", None, "Second semester", None], ["Indicator", 2020, 2021, 2020, 2021]]
    rows += [["Victims identified", 6, 9, 6, 11]]
    stored, quarantined, _ = read(rows, merged=[((1, 1), (1, 2)), ((1, 3), (1, 4))])
    assert stored == {} and len(quarantined) == 4


def test_a_year_over_indicator_columns_is_read():
    rows = [["Trafficking in persons statistics"], [None, 2021, None], ["Indicator", "Victims identified", "Persons prosecuted"], ["Total", 14, 6]]
    stored, _, _ = read(rows, merged=[((1, 1), (1, 2))])
    assert stored.get(k("victims_detected", 2021)) == 14 and stored.get(k("persons_prosecuted", 2021)) == 6

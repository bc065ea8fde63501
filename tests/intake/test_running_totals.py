"""H-U (rest): a header or title saying the figures over the year columns are running totals
('Cumulative total since 2015' over 2019 | 2020 | 2021, 'acumulado desde 2015', 'cumul depuis 2015',
'cumulatief sinds 2015') is no yearly count: set aside with the reason, never stored as each year's."""

from __future__ import annotations

import pytest

from ctip.feedback.problems import kind_of
from tests.intake.test_layouts import k, read

V = "victims_detected"


@pytest.mark.parametrize(
    "title",
    [
        "Cumulative total since 2015",
        "Trata de personas, acumulado desde 2015",
        "Traite des personnes : cumul depuis 2015",
        "Mensenhandel, cumulatief sinds 2015",
    ],
)
def test_a_running_total_title_over_years_is_set_aside(title):
    stored, q, _ = read([["Trafficking in persons statistics"], [None, title], ["Indicator", 2019, 2020, 2021], ["Victims identified", 40, 52, 66]])
    assert stored == {}, stored
    assert set(q) == {"B4", "C4", "D4"} and all(kind_of(r)[0] == "running_total" for r in q.values()), q


def test_a_merged_cumulative_header_beside_annual_columns():
    rows = [
        ["Trafficking in persons statistics"],
        ["Indicator", "Annual", None, "Cumulative", None],
        [None, 2020, 2021, 2020, 2021],
        ["Victims identified", 12, 14, 52, 66],
    ]
    stored, q, _ = read(rows, merged=[((1, 1), (1, 2)), ((1, 3), (1, 4))])
    assert stored == {k(V, 2020): 12, k(V, 2021): 14}, stored
    assert set(q) == {"D4", "E4"} and all(kind_of(r)[0] == "running_total" for r in q.values()), q


@pytest.mark.parametrize("groups", [("Provisional", "Final"), ("Police", "Courts"), ("Identified in Jamaica", "Referred by NGOs")])
def test_groups_the_schema_does_not_know_over_the_same_years_are_never_merged(groups):
    rows = [
        ["Trafficking in persons statistics"],
        ["Indicator", groups[0], None, groups[1], None],
        [None, 2020, 2021, 2020, 2021],
        ["Victims identified", 12, 15, 12, 17],
    ]
    stored, q, _ = read(rows, merged=[((1, 1), (1, 2)), ((1, 3), (1, 4))])
    assert stored == {}, stored
    assert set(q) == {"B4", "C4", "D4", "E4"} and all("give the same year twice" in r for r in q.values()), q


def test_a_title_without_running_words_is_read():
    stored, q, _ = read([["Trafficking in persons statistics since 2015"], ["Indicator", 2019, 2020, 2021], ["Victims identified", 4, 5, 6]])
    assert stored == {k(V, 2019): 4, k(V, 2020): 5, k(V, 2021): 6}, (stored, q)


def test_each_semester_column_names_its_own_part_of_the_year():
    rows = [
        ["Trafficking in persons statistics"],
        [None, "First semester", None, "Second semester", None],
        ["Indicator", 2020, 2021, 2020, 2021],
        ["Victims identified", 6, 9, 6, 11],
    ]
    stored, q, _ = read(rows, merged=[((1, 1), (1, 2)), ((1, 3), (1, 4))])
    assert stored == {}, stored
    assert "'first semester'" in q["B4"] and "'second semester'" in q["D4"] and "'second semester'" in q["E4"], q

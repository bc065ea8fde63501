"""H-N: the Total of a table whose title or columns name one count, over rows that are categories
of that count the schema does not hold (age bands, economic sectors, UNODC's finer forms of
exploitation, 'Prefer not to say', 'Non-Jamaican'), is the member's total: stored when it is the
exact sum of the rows; the unknown rows are set aside as categories the network does not collect.
Totals over other crimes, over years, over several indicators, or that do not add up stay refused."""

from __future__ import annotations

import pytest

from ctip.feedback.problems import kind_of
from tests.intake.test_layouts import k, read

V = "victims_detected"

CASES = {
    "age bands": (
        "Victims identified by age, 2021",
        ["Age group", "Victims"],
        [("Under 18", 5), ("18-24", 7), ("25-34", 4), ("35 and over", 2)],
        {k(V, 2021, age="child"): 5},
    ),
    "bands below 18": (
        "Victims identified by age, 2021",
        ["Age group", "Victims"],
        [("0-11", 3), ("12-17", 5), ("18 and over", 12)],
        {k(V, 2021, age="adult"): 12},
    ),
    "sectors": (
        "Victims identified by sector, 2021",
        ["Sector", "Victims"],
        [("Domestic work", 3), ("Agriculture", 4), ("Fishing", 2), ("Sex industry", 9)],
        {},
    ),
    "Spanish bands": (
        "Víctimas identificadas por rango de edad, 2021",
        ["Edad", "Víctimas"],
        [("0 a 12 años", 3), ("13 a 17 años", 5), ("18 a 30 años", 12), ("31 y más", 4)],
        {},
    ),
    "UNODC forms": (
        "Victims identified by form of exploitation, 2021",
        ["Form of exploitation", "Victims"],
        [
            ("Sexual exploitation", 10),
            ("Forced labour", 6),
            ("Domestic servitude", 3),
            ("Forced begging", 2),
            ("Forced criminality", 4),
            ("Forced marriage", 1),
            ("Organ removal", 1),
            ("Child soldiers", 1),
            ("Online sexual exploitation of children", 2),
            ("Mixed exploitation", 2),
        ],
        {k(V, 2021, expl="sexual"): 10, k(V, 2021, expl="labour"): 6},
    ),
    "prefer not to say": (
        "Victims identified by sex, 2021",
        ["Sex", "Victims"],
        [("Female", 10), ("Male", 8), ("Prefer not to say", 1)],
        {k(V, 2021, sex="female"): 10, k(V, 2021, sex="male"): 8},
    ),
    "nationality groups": (
        "Victims identified, 2021",
        ["Group", "Victims"],
        [("Jamaican", 10), ("Non-Jamaican", 8)],
        {k(V, 2021, cit="national"): 10},
    ),
    "title only names the count": (
        "Victims identified by age, 2021",
        ["Age group", "Number"],
        [("Under 18", 5), ("18-24", 7), ("25-34", 4), ("35 and over", 2)],
        {k(V, 2021, age="child"): 5},
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_the_total_over_categories_is_stored_and_the_unknown_rows_set_aside(case):
    title, header, rows, known = CASES[case]
    total = sum(v for _, v in rows)
    stored, q, _ = read([[title], header, *[[label, v] for label, v in rows], ["Total", total]])
    assert stored == {**known, k(V, 2021): total}, (stored, q)
    assert q, "the rows the schema does not hold are set aside"
    assert all(kind_of(reason)[0] == "category" for reason in q.values()), q


def test_a_total_that_is_not_the_sum_of_its_categories_is_refused():
    stored, q, _ = read([["Victims identified by age, 2021"], ["Age group", "Victims"], ["Under 18", 5], ["18-24", 7], ["25-34", 4], ["Total", 20]])
    assert stored == {k(V, 2021, age="child"): 5}, stored
    assert "not stored" in q["B6"]


def test_a_category_total_needs_every_part_to_be_a_count():
    stored, q, _ = read([["Victims identified by age, 2021"], ["Age group", "Victims"], ["Under 18", 5], ["18-24", "<5"], ["25-34", 4], ["Total", 12]])
    assert k(V, 2021) not in stored, stored


def test_a_total_over_other_crimes_stays_refused():
    stored, q, _ = read([["Victims, 2021"], ["Offence", "Victims"], ["Murder", 5], ["Robbery", 7], ["Trafficking in persons", 2], ["Total", 14]])
    assert stored == {k(V, 2021): 2}, stored  # the trafficking row only, never the total of the crimes


def test_a_total_over_several_indicators_stays_refused():
    stored, q, _ = read(
        [["Trafficking in persons, 2021"], ["Indicator", "Value"], ["Victims identified", 5], ["Persons prosecuted", 3], ["Hotline calls", 4], ["Total", 12]]
    )
    assert stored == {k(V, 2021): 5, k("persons_prosecuted", 2021): 3}, stored
    assert "B6" in q


def test_a_total_over_years_stays_refused():
    stored, q, _ = read([["Victims identified by age"], ["Year", "Age group", "Victims"], [2020, "18-24", 7], [2021, "18-24", 4], [None, "Total", 11]])
    assert all(key[1] != 2021 or key[3] != "total" for key in stored if key[0] == V and stored[key] == 11), stored


def test_a_percentage_row_is_no_category():
    stored, q, _ = read([["Victims identified by age, 2021"], ["Age group", "Victims"], ["18-24", 7], ["25-34", 4], ["% under 25", 64], ["Total", 11]])
    assert stored.get(k(V, 2021)) == 11, (stored, q)
    assert kind_of(q["B5"])[0] == "rate", q


def test_a_total_after_a_second_group_adds_up_only_its_own_rows():
    stored, q, _ = read(
        [
            ["Victims identified by age, 2021"],
            ["Age group", "Victims"],
            ["18-24", 7],
            ["25-34", 4],
            ["Total", 11],
            ["35-44", 2],
            ["45 and over", 1],
            ["Total", 14],
        ]
    )
    assert stored.get(k(V, 2021)) == 11, stored
    assert "B8" in q, q  # 3 is its rows' sum, 14 is not: the second Total is refused

"""Issue 8, classes 3 and 7: provisional years ('2023 (prov.)', '2021p', '2022 voorlopig') are
their year, with a note; a banner naming two years does not take the year from a numbered table
below that states its own; trafficking beside smuggling columns: only trafficking is stored.
Generated with known truth."""

from __future__ import annotations

import random

import pytest

from tests.intake.test_layouts import k, read


@pytest.mark.parametrize("marks", [("2021", "2022", "2023 (prov.)"), ("2021", "2022p", "2023 (provisional)"), ("2021", "2022 (prel.)", "2023 voorlopig")])
def test_provisional_years_are_their_year(marks):
    rnd = random.Random(str(marks))
    rows = [["Trafficking in persons"], ["", *marks]]
    truth = {}
    for label, ind in (("Victims identified", "victims_detected"), ("Persons arrested", "persons_investigated")):
        values = [rnd.randint(0, 30) for _ in marks]
        rows.append([label, *values])
        truth.update({k(ind, 2021 + i): v for i, v in enumerate(values)})
    stored, q, out = read(rows)
    assert stored == truth, q
    assert any("provisional" in n and "2023" in n for n in out.notes)


def test_two_year_banner_leaves_a_numbered_table_its_own_year():
    rows = [
        ["Counter-Trafficking Unit - statistics 2022 and 2023"],
        [],
        ["Table 1: Victims identified by sex"],
        ["", 2022, 2023],
        ["Female", 3, 4],
        ["Male", 1, 2],
        [],
        ["Table 2: Persons charged, 2023"],
        ["", "Total"],
        ["Persons charged", 5],
    ]
    stored, q, _ = read(rows)
    assert stored == {
        k("victims_detected", 2022, "female"): 3,
        k("victims_detected", 2023, "female"): 4,
        k("victims_detected", 2022, "male"): 1,
        k("victims_detected", 2023, "male"): 2,
        k("persons_prosecuted", 2023): 5,
    }, q


@pytest.mark.parametrize(
    "tip, smuggling",
    [("Trafficking in persons", "Smuggling of migrants"), ("Trata de personas", "Tráfico ilícito de migrantes"), ("Mensenhandel", "Mensensmokkel")],
)
def test_trafficking_beside_smuggling_columns(tip, smuggling):
    rows = [["Statistics 2023"], ["", tip, smuggling], ["Victims identified", 3, 7], ["Persons arrested", 2, 9]]
    stored, q, _ = read(rows)
    assert stored == {k("victims_detected", 2023): 3, k("persons_investigated", 2023): 2}, q
    assert {"C3", "C4"} <= set(q)

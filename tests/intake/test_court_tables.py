"""Issue 8: court statistics. A table by jurisdiction keeps only its total over all jurisdictions
('Total général (toutes juridictions)', 'Total all courts'); a list of stages keeps the stages that
are indicators ('Persons charged before the court', 'Persons convicted'). Generated with known truth."""

from __future__ import annotations

import random

import pytest

from tests.intake.test_layouts import k, read


@pytest.mark.parametrize(
    "head, courts, total",
    [
        (("Juridiction", "Personnes poursuivies", "Personnes condamnées"), ("Port-au-Prince", "Les Cayes", "Jérémie"), "Total général (toutes juridictions)"),
        (("Court", "Persons prosecuted", "Persons convicted"), ("Kingston", "Montego Bay", "Mandeville"), "Total all courts"),
    ],
)
def test_only_the_total_over_jurisdictions(head, courts, total):
    rnd = random.Random(total)
    rows, sums = [["Trafficking in persons: court cases, 2021"], list(head)], [0, 0]
    for court in courts:
        p = rnd.randint(1, 9)
        c = rnd.randint(0, p)
        sums = [sums[0] + p, sums[1] + c]
        rows.append([court, p, c])
    rows.append([total, *sums])
    stored, q, _ = read(rows)
    assert stored == {k("persons_prosecuted", 2021): sums[0], k("persons_convicted", 2021): sums[1]}, q


def test_a_list_of_court_stages():
    rows = [
        ["Trafficking in Persons (Prevention, Suppression and Punishment) Act — persons, calendar year 2022"],
        ["Stage", "Persons"],
        ["Persons charged before the court", 5],
        ["Committed to stand trial", 3],
        ["Persons convicted", 2],
        ["Matters pending at 31 December", 9],
    ]
    stored, q, _ = read(rows)
    assert stored == {k("persons_prosecuted", 2022): 5, k("persons_convicted", 2022): 2}, q
    assert {"B4", "B6"} <= set(q)

"""attack5 J-N.3, figures lost with a wrong reason: a "Sex | Number | %" table (or a "Share" column
of fractions formatted 0%) under a title naming one indicator was not recognised at all, so its
counts were lost. The counts are stored; the percentage column is set aside as a percentage, not a
count. Figures are random, so the truth is known."""

from __future__ import annotations

import random

import pytest

from ctip.harmonise.observations import harmonise_readings
from ctip.intake.extract import extract_workbook
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext
from ctip.vocabulary.labels import default_index

TABLES = [  # title, header, female, male, total words, rate header, fractions?
    ("Victims of trafficking identified, 2022", ("Sex", "Number"), ("Female", "Male", "Total"), "%", False),
    ("Victims of trafficking identified, 2022", ("Sex", "Number"), ("Female", "Male", "Total"), "Share", True),
    ("Víctimas de trata identificadas, 2022", ("Sexo", "Número"), ("Mujeres", "Hombres", "Total"), "Porcentaje", False),
    ("Victimes de la traite identifiées, 2022", ("Sexe", "Nombre"), ("Femmes", "Hommes", "Total"), "%", False),
    ("Persons prosecuted, 2022", ("Sex", "Number"), ("Female", "Male", "Total"), "Percentage", False),
]


def _read(rows):
    sheets = [SheetGrid("Data", [list(r) for r in rows], [], "worksheet")]
    ctx = ReadContext("JAM", default_index(), file_name="JAM/tip_2022.xlsx")
    readings = [r for o in extract_workbook(sheets, ctx) for r in o.readings + o.unread_cells]
    obs, q, _ = harmonise_readings(readings, "JAM", "test", "tip_2022.xlsx")
    stored = {(r.indicator, r.year, r.sex): r.value for r in obs.itertuples()}
    return stored, {r.source_cell: r.reason for r in q.itertuples()} if len(q) else {}


@pytest.mark.parametrize("i", range(len(TABLES)))
def test_a_percentage_column_beside_the_counts(i):
    title, header, sexes, rate, fractions = TABLES[i]
    rnd = random.Random(i)
    f, m = rnd.randint(1, 60), rnd.randint(1, 60)
    t = f + m
    share = [f / t, m / t, 1] if fractions else [round(100 * f / t, 1), round(100 * m / t, 1), 100]
    rows = [[title], [*header, rate]] + [[s, v, p] for s, v, p in zip(sexes, (f, m, t), share)]
    stored, reasons = _read(rows)
    indicator = "persons_prosecuted" if title.startswith("Persons") else "victims_detected"
    assert stored == {(indicator, 2022, "female"): f, (indicator, 2022, "male"): m, (indicator, 2022, "total"): t}, reasons
    assert {c: r for c, r in reasons.items() if c.startswith("C")}.keys() == {"C3", "C4", "C5"}, reasons
    assert all("percentage" in reasons[c] and "not a count" in reasons[c] for c in ("C3", "C4", "C5")), reasons

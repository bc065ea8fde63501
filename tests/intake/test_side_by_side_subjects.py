"""attack5 J-O / J-N.4, wrong numbers: a table about another crime standing BESIDE the trafficking
table (a blank column between them: "Trafficking in persons 2022" | "Smuggling of migrants 2022")
gave its "Prosecuted" column as trafficking persons prosecuted; stacked, it was set aside. The
title over a side-by-side block speaks for its own columns: the smuggling block's figures are set
aside with the smuggling reason, and where both blocks have "Prosecuted" the trafficking one is
stored (not both withheld as a clash). Figures are random, so the truth is known."""

from __future__ import annotations

import random

import pytest

from ctip.harmonise.observations import harmonise_readings
from ctip.intake.extract import extract_workbook
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext
from ctip.validate.rules import check_duplicates
from ctip.vocabulary.labels import default_index

WORDS = {
    "en": ("Trafficking in persons 2022", "Smuggling of migrants 2022", "Victims", "Migrants", "Prosecuted", ("Female", "Male", "Total")),
    "es": ("Trata de personas 2022", "Tráfico ilícito de migrantes 2022", "Víctimas", "Migrantes", "Procesados", ("Mujeres", "Hombres", "Total")),
}


def _read(rows, folder="BHS"):
    sheets = [SheetGrid("Data", [list(r) for r in rows], [], "worksheet")]
    ctx = ReadContext(folder, default_index(), file_name=f"{folder}/tip_2022.xlsx")
    readings = [r for o in extract_workbook(sheets, ctx) for r in o.readings + o.unread_cells]
    obs, q, _ = harmonise_readings(readings, folder, "test", "tip_2022.xlsx")
    obs, dup = check_duplicates(obs)
    stored = {(r.indicator, r.year, r.sex): r.value for r in obs.itertuples()}
    reasons = {r.source_cell: r.reason for r in q.itertuples()} if len(q) else {}
    reasons.update({r.source_cell: r.reason for r in dup.itertuples()} if len(dup) else {})
    return stored, reasons


def _table(lang, seed, tip_prosecuted, smuggling_left=False):
    tip_title, smug_title, victims, migrants, prosecuted, sexes = WORDS[lang]
    rnd = random.Random(seed)
    v = [rnd.randint(1, 40), rnd.randint(1, 40)]
    p = [rnd.randint(1, 9), rnd.randint(1, 9)]
    m = [rnd.randint(50, 90), rnd.randint(50, 90)]
    sp = [rnd.randint(10, 30), rnd.randint(10, 30)]
    tip = [[tip_title] + [None] * (2 if tip_prosecuted else 1), ["", victims] + ([prosecuted] if tip_prosecuted else [])]
    smug = [[smug_title, None, None], ["", migrants, prosecuted]]
    for i, sex in enumerate(sexes):
        vv = v[i] if i < 2 else sum(v)
        pp = p[i] if i < 2 else sum(p)
        tip.append([sex, vv] + ([pp] if tip_prosecuted else []))
        smug.append([sex, m[i] if i < 2 else sum(m), sp[i] if i < 2 else sum(sp)])
    left, right = (smug, tip) if smuggling_left else (tip, smug)
    rows = [a + [None] + b for a, b in zip(left, right)]
    truth = {("victims_detected", 2022, s): x for s, x in zip(("female", "male", "total"), (v[0], v[1], sum(v)))}
    if tip_prosecuted:
        truth.update({("persons_prosecuted", 2022, s): x for s, x in zip(("female", "male", "total"), (p[0], p[1], sum(p)))})
    return rows, truth


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("tip_prosecuted", [False, True])
@pytest.mark.parametrize("smuggling_left", [False, True])
def test_a_smuggling_table_beside_a_trafficking_table_is_set_aside(lang, tip_prosecuted, smuggling_left):
    rows, truth = _table(lang, seed=len(lang) + 7 * tip_prosecuted + 3 * smuggling_left, tip_prosecuted=tip_prosecuted, smuggling_left=smuggling_left)
    stored, reasons = _read(rows)
    assert stored == truth, (stored, reasons)
    smug_cols = "ABC" if smuggling_left else ("EFG" if tip_prosecuted else "DEF")
    smug_cells = [c for c in reasons if c[0] in smug_cols[1:]]
    assert len(smug_cells) == 6, reasons
    assert all("not trafficking in persons" in reasons[c] for c in smug_cells), reasons
    assert not any("different values" in r for r in reasons.values()), reasons


def test_two_trafficking_tables_side_by_side_are_both_read():
    """Control: two blocks that both say trafficking (a second year beside the first) are not set aside."""
    rows = [
        ["Trafficking in persons", None, None, "Trafficking in persons", None],
        ["", "2021", None, "", "2022"],
        ["Victims identified", 11, None, "Persons prosecuted", 4],
    ]
    stored, _ = _read(rows)
    assert stored.get(("victims_detected", 2021, "total")) == 11

"""attack4 I-N, wrong number: in the network's own template, a row whose Notes cell says its figure is
an estimate ("estimation de la police"), covers part of a year ("janvier à juin 2021 seulement") or is
a target ("objectif du plan d'action national") is set aside with the reason, as the same words in a
title, a label or a value mark are; any other note ("provisional", a source, the date the figures were
extracted) leaves the figure stored. Templates are written by `ctip template` in each member's
language and filled here with known figures."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ctip.intake.extract import extract_workbook
from ctip.intake.read import read_workbook
from ctip.intake.readings import ReadContext
from ctip.template.workbook import write_template
from ctip.vocabulary.labels import default_index
from tests.intake.test_layouts import k, read

VALUE_COL, NOTES_COL = 7, 8
# per language: (estimate, part of a year, target) notes, and notes that change nothing
NOTES = {
    "HTI": (
        ["estimation de la police (chiffre non consolidé)", "janvier à juin 2021 seulement", "objectif du plan d'action national"],
        ["chiffres provisoires", "source : police nationale", "données extraites le 15 mars 2022"],
    ),
    "JAM": (
        ["police estimate", "January to June 2021 only", "National Action Plan target"],
        ["provisional", "Source: TIP Unit, JCF", "extracted as at 15 March 2022"],
    ),
    "DOM": (
        ["estimación de la policía", "enero a junio de 2021 solamente", "meta del plan de acción nacional"],
        ["cifras preliminares", "fuente: Procuraduría", "enero a diciembre de 2021"],
    ),
    "SUR": (
        ["schatting van de politie", "januari t/m juni 2021", "streefcijfer nationaal actieplan"],
        ["voorlopig", "bron: KPS", "bijgewerkt op 15 maart 2022"],
    ),
}
KIND = ("target, projection or estimate", "cover part of a year", "target, projection or estimate")


def _filled(iso3: str, tmp: Path, notes: dict[int, str]) -> dict[str, tuple[dict, str | None]]:
    """Write the member's template for 2021, fill every row's value (row * 3 + 1) and `notes`; read it
    back: {cell: (key, problem)}."""
    path = write_template(iso3, [2021], tmp / f"{iso3}.xlsx")
    wb = openpyxl.load_workbook(path)
    data = wb.worksheets[1]
    for r in range(2, data.max_row + 1):
        data.cell(r, VALUE_COL).value = r * 3 + 1
        if r in notes:
            data.cell(r, NOTES_COL).value = notes[r]
    wb.save(path)
    out = extract_workbook(read_workbook(path), ReadContext(iso3, default_index(), file_name=path.name))
    return {r.cell: (dict(r.key), r.problem) for o in out for r in o.readings if r.sheet == data.title}


@pytest.mark.parametrize("iso3", NOTES)
def test_a_note_saying_estimate_part_of_a_year_or_target_sets_the_figure_aside(iso3, tmp_path):
    bad, neutral = NOTES[iso3]
    baseline = _filled(iso3, tmp_path, {})
    stored = {cell for cell, (_, problem) in baseline.items() if problem is None}
    assert len(stored) > 30 and stored == set(baseline)  # the plain template: every figure read
    rows = sorted(int(cell[1:]) for cell in stored)
    bad_rows, neutral_rows = rows[3:6], rows[10:13]
    noted = _filled(iso3, tmp_path, {**dict(zip(bad_rows, bad)), **dict(zip(neutral_rows, neutral))})
    for r, kind, note in zip(bad_rows, KIND, bad):
        key, problem = noted[f"G{r}"]
        assert problem is not None and kind in problem and "the row's note says" in problem, (note, problem)
        assert key == {}
    for cell, (key, problem) in noted.items():
        if int(cell[1:]) not in bad_rows:
            assert problem is None and key == baseline[cell][0], (cell, problem)  # neutral notes change nothing


def test_a_notes_column_beside_year_columns_qualifies_its_row():
    rows = [
        ["Victims of trafficking"],
        ["Indicator", 2020, 2021, "Notes"],
        ["Victims identified", 12, 17, "police estimate"],
        ["Persons prosecuted", 3, 4, "provisional"],
        ["Persons convicted", 1, 2, "data extracted 15 March 2022"],
        ["Victims assisted", 9, 8, "enero a junio"],
    ]
    stored, q, _ = read(rows)
    assert stored == {k(i, y): v for i, vals in (("persons_prosecuted", (3, 4)), ("persons_convicted", (1, 2))) for y, v in zip((2020, 2021), vals)}
    assert all("target, projection or estimate" in q[c] for c in ("B3", "C3")), q
    assert all("cover part of a year" in q[c] for c in ("B6", "C6")), q

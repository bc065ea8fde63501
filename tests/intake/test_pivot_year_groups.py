"""Issue 8, class 7 (wrong values): in a pivot export with year groups ('2021', '2022' rows),
'Grand Total' adds up the years; it is never stored as the last year's total. The source-data
sheet beside the pivot (one row per case or per police division) never clashes with the pivot's
figures. Generated with known truth."""

from __future__ import annotations

import random

import openpyxl
import pytest

from ctip.intake.discover import describe_file
from ctip.stage.submission import ingest_submission
from tests.intake.test_layouts import k, read


def _pivot(seed: int):
    rnd = random.Random(seed)
    rows, truth = [["Sum of Victims identified", None], ["Row Labels", "Total"]], {}
    for year in (2021, 2022):
        rows.append([str(year), None])
        for label, sex in (("Female", "female"), ("Male", "male")):
            v = rnd.randint(0, 9)
            rows.append([label, v])
            truth[k("victims_detected", year, sex)] = v
    rows.append(["Grand Total", sum(truth.values())])
    return rows, truth


@pytest.mark.parametrize("seed", [1, 2])
def test_grand_total_over_year_groups_is_not_a_year_total(seed):
    rows, truth = _pivot(seed)
    stored, q, _ = read(rows, name="Pivot")
    assert stored == truth, q
    assert f"B{len(rows)}" in q


@pytest.mark.parametrize("division", [True, False])
def test_source_data_sheet_beside_the_pivot_never_clashes(tmp_path, division):
    rows, truth = _pivot(3)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pivot"
    for row in rows:
        ws.append(row)
    data = wb.create_sheet("Data")
    data.append(["Case ID", "Year", "Division" if division else "Sex", "Sex" if division else "Unit", "Victims identified"])
    i = 0
    for (ind, year, sex, *_), n in truth.items():
        for _ in range(n):
            i += 1
            data.append([f"C-{i:03d}", year, "Northern" if division else sex.title(), sex.title() if division else "persons", 1])
    raw = tmp_path / "raw"
    (raw / "TTO").mkdir(parents=True)
    path = raw / "TTO" / "tip_pivot.xlsx"
    wb.save(path)
    result = ingest_submission(describe_file(path, raw))
    stored = {(r.indicator, int(r.year), r.sex, r.age_group, r.exploitation, r.citizenship): int(r.value) for r in result.observations.itertuples()}
    assert stored == truth
    assert not result.quarantine["reason"].str.contains("clash|conflict", case=False).any()

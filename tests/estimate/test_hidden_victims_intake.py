"""A capture-pattern sheet (lists by agency) is recognised, stored with lineage, and estimated
into mart_hidden_victims; the same numbers as `ctip mse` on the table."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import Workbook

from ctip import pipeline
from ctip.estimate.mse import estimate_population, read_capture_table
from ctip.pipeline import build, discover, stage_all

DATA = Path(__file__).resolve().parents[1] / "data" / "mse" / "NewOrl_5.csv"


def write_capture_sheet(path: Path, table: pd.DataFrame, marks=("x", "")) -> Path:
    """Agencies as columns marked x / blank, a count column, a title above, as a ministry would."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Lists 2019"
    ws.append(["Victims identified by combination of agencies, 2019"])
    ws.append([])
    lists = [c for c in table.columns if c != "count"]
    ws.append([f"Agency {c}" for c in lists] + ["Number of victims"])
    for row in table.itertuples(index=False):
        ws.append([marks[0] if getattr(row, c) else marks[1] for c in lists] + [int(row.count)])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def test_capture_sheet_is_recognised_stored_and_estimated(project_dirs):
    table = pd.read_csv(DATA)
    write_capture_sheet(project_dirs["raw"] / "JAM" / "mse_lists_2019.xlsx", table)
    results = stage_all(discover())
    assert results[0].status == "accepted", results[0].submission["message"]
    capture = results[0].capture
    assert len(capture) == len(table) and capture["count"].sum() == table["count"].sum() == 185
    assert set(capture["year"]) == {2019}
    build(results)
    pipeline.estimate()
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        lineage = con.execute("select source_sheet, min(source_cell) from fact_capture_history group by 1").fetchall()
        hidden = con.execute("select country_iso3, year, observed, estimate, ci_lower, ci_upper, model from mart_hidden_victims").fetchall()
    assert lineage[0][0] == "Lists 2019"
    (iso3, year, observed, estimate, lower, upper, model) = hidden[0]
    assert (iso3, year, observed) == ("JAM", 2019, 185)
    renamed = table.rename(columns={c: f"Agency {c}" for c in table.columns if c != "count"})
    direct = estimate_population(read_capture_table(renamed), n_boot=100, seed=16022)
    assert abs(estimate - direct.estimate) < 1e-6 * direct.estimate
    assert abs(estimate - 1034) / 1034 < 0.005  # the published NewOrl_5 estimate
    assert lower < estimate < upper

"""write_exports: every public table as Parquet and CSV, read-only on the warehouse, formula-safe CSV."""

from __future__ import annotations

import csv
import hashlib
import json

import duckdb
import pandas as pd
import pytest

from ctip.export import write_exports
from ctip.export.exports import public_table_names
from ctip.safety import is_formula_like, safe_cell, safe_frame

from .conftest import HYPERLINK


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _csv_cells(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            yield from row


def test_every_public_table_is_exported_as_parquet_and_csv(synthetic_exports):
    _, out = synthetic_exports
    manifest = json.loads((out / "MANIFEST.json").read_text())
    tables = {entry["table"]: entry["rows"] for name, entry in manifest["files"].items() if name.endswith(".parquet")}
    estimate_tables = ("mart_estimates", "mart_regional_estimates", "mart_hidden_victims", "mart_estimate_validation")
    public = [t for t in public_table_names() if t not in estimate_tables]
    assert set(public) <= set(tables)
    for name, rows in tables.items():
        parquet = pd.read_parquet(out / f"{name}.parquet")
        text = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        assert len(parquet) == len(text) == rows
        assert list(parquet.columns) == list(text.columns)
    for internal in ("submissions", "quarantine", "fact_observation_history"):
        assert not (out / f"{internal}.csv").exists() and not (out / f"{internal}.parquet").exists()
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == _sha(out / name)
    assert {"sdg_16_2_2_sdmx.csv", "data_dictionary.md"} <= set(manifest["files"])


def test_exports_never_change_the_warehouse(synthetic_warehouse, tmp_path):
    before = _sha(synthetic_warehouse)
    write_exports(synthetic_warehouse, tmp_path / "exports")
    assert _sha(synthetic_warehouse) == before
    # The internal warehouse keeps the small values; the export does not.
    with duckdb.connect(str(synthetic_warehouse), read_only=True) as con:
        internal = con.execute("select count(*) from fact_observation where value between 1 and 4").fetchone()[0]
    public = pd.read_parquet(tmp_path / "exports" / "fact_observation.parquet")
    assert internal > 0
    assert not public["value"].between(1, 4).fillna(False).any()
    assert (public.loc[public["value"].isna(), "flag"] == "suppressed").all()


def test_no_csv_cell_can_start_a_formula(synthetic_exports):
    _, out = synthetic_exports
    cells = [c for path in out.glob("*.csv") for c in _csv_cells(path)]
    assert not [c for c in cells if is_formula_like(c)]
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    # The planted sheet name is not published at all: public rows carry submission_id, not the
    # file and sheet names (issue 9: a file or sheet may be named after a person).
    assert not [c for c in cells if HYPERLINK in c]
    fact = pd.read_parquet(out / "fact_observation.parquet")
    assert "source_sheet" not in fact.columns and "source_file" not in fact.columns
    assert fact["submission_id"].notna().all() and "source_cell" in fact.columns
    from ctip.safety import write_csv

    path = out.parent / "formula_check.csv"  # the CSV writer itself still defuses such a label
    write_csv(pd.DataFrame({"source_sheet": [HYPERLINK]}), path)
    assert "'" + HYPERLINK in list(_csv_cells(path))


def test_safe_cell():
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    for text in ("+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "=1"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("Jamaica") == "Jamaica"
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell(None) is None
    assert safe_cell(-4) == -4  # a number stays a number
    frame = safe_frame(pd.DataFrame({"a": ["=1+1", "ok"], "n": [-1, 2]}))
    assert frame["a"].tolist() == ["'=1+1", "ok"] and frame["n"].tolist() == [-1, 2]


def test_estimate_tables_are_exported_when_present_and_removed_when_gone(tmp_path):
    from .conftest import build_synthetic_warehouse

    with_est = tmp_path / "with.duckdb"
    without = tmp_path / "without.duckdb"
    build_synthetic_warehouse(with_est, with_estimates=True)
    build_synthetic_warehouse(without)
    out = tmp_path / "exports"
    result = write_exports(with_est, out)
    assert {"mart_estimates", "mart_regional_estimates"} <= set(result["tables"])
    assert (out / "mart_estimates.parquet").exists()
    result = write_exports(without, out)
    assert "mart_estimates" not in result["tables"]
    assert not (out / "mart_estimates.parquet").exists() and not (out / "mart_estimates.csv").exists()


def test_missing_warehouse_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="ctip run"):
        write_exports(tmp_path / "nope.duckdb", tmp_path / "exports")

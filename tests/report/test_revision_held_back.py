"""The report and the exports agree on a revision held back (ctip.export.holdback): the report
counts the held-back cells and says why, in the words of schemas/disclosure.yaml, and shows what
the exports publish. Fixture: tests/export/revision_fixture.py (known truth in code)."""

from __future__ import annotations

import json

from ctip import pipeline
from ctip.export.holdback_words import held_back_words
from ctip.report import write_report
from ctip.report.data import load_report_data
from tests.export import revision_fixture as rf


def test_report_states_the_held_back_revision(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    rf.build_warehouse(warehouse, 1)
    pipeline.export(warehouse, tmp_path / "exports")
    assert load_report_data(warehouse).held_back == 0
    rf.build_warehouse(warehouse, 2)  # the revision
    result, _ = pipeline.export(warehouse, tmp_path / "exports")
    data = load_report_data(warehouse)
    assert data.held_back == result["held_back"] == len(rf.REVISED)
    assert json.loads((tmp_path / "exports" / "MANIFEST.json").read_text())["held_back"] == data.held_back
    # the page shows what the exports publish: release 1's total (unchanged), never a new small count
    cy = data.country_year
    row = cy[(cy["country_iso3"] == rf.COUNTRY) & (cy["year"] == rf.YEAR) & (cy["indicator"] == rf.INDICATOR)].iloc[0]
    assert row["total"] == rf.RELEASES[1]["total"]
    page = write_report(warehouse, tmp_path / "report").read_text(encoding="utf-8")
    sentence = held_back_words()["report_sentence"].format(n=len(rf.REVISED))
    assert sentence.split(":")[0] in page and "pending disclosure review" in page

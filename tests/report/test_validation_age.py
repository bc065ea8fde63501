"""The validation is its own weekly job: when the estimates on the page come from newer facts than
the validation beside them, the page says so (and says nothing when they match)."""

from __future__ import annotations

import duckdb
import pytest

from ctip.report import write_report
from ctip.report.data import load_report_data
from ctip.warehouse.build import DERIVED_TAG
from tests.report.synthetic_warehouse import build_synthetic_warehouse

NOTE = "computed from an earlier version of the reported figures"


def _mark(path, estimates_key: str, validation_key: str) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(f"comment on table mart_estimates is '{DERIVED_TAG}{estimates_key}'")
        con.execute(f"comment on table mart_estimate_validation is '{DERIVED_TAG}{validation_key}'")


@pytest.mark.parametrize(("validation_key", "current"), [("aaaa", True), ("bbbb", False)])
def test_the_page_says_when_the_validation_is_older_than_the_estimates(tmp_path, validation_key, current):
    warehouse = build_synthetic_warehouse(tmp_path / "warehouse.duckdb")
    _mark(warehouse, "aaaa", validation_key)
    assert load_report_data(warehouse).validation_current is current
    page = write_report(warehouse, tmp_path / "report").read_text(encoding="utf-8")
    assert "How well the estimates hold up" in page
    assert (NOTE in page) is (not current)


def test_without_keys_nothing_is_claimed(tmp_path):
    warehouse = build_synthetic_warehouse(tmp_path / "warehouse.duckdb")
    assert load_report_data(warehouse).validation_current is None
    assert NOTE not in write_report(warehouse, tmp_path / "report").read_text(encoding="utf-8")

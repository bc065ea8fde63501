"""Charts are drawn again only when what they draw changed: the page is the same, cached or not."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from ctip.report import write_report
from ctip.report.build import build_html
from ctip.report.chart_cache import CACHE_DIR, ChartCache, digest
from ctip.report.data import load_report_data
from ctip.report.flows_data import load_flow_data
from tests.report.synthetic_warehouse import build_synthetic_warehouse

ALL_CHARTS = {
    "charts.regional_trend_chart",
    "coverage_chart.coverage_heatmap",
    "member_chart.member_small_multiples",
    "charts.chain_by_year_chart",
    "charts.chain_pooled_chart",
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_synthetic_warehouse(tmp_path_factory.mktemp("cache") / "warehouse.duckdb")


@pytest.fixture(scope="module")
def data(warehouse):
    return load_report_data(warehouse), load_flow_data(warehouse)


def test_second_page_draws_nothing_and_is_the_same(data, tmp_path):
    report, flows = data
    first = ChartCache(tmp_path / "charts")
    page = build_html(report, flows, first)
    assert set(first.drawn) == ALL_CHARTS and not first.reused
    second = ChartCache(tmp_path / "charts")
    assert build_html(report, flows, second) == page
    assert not second.drawn and set(second.reused) == ALL_CHARTS
    assert build_html(report, flows) == page  # and the same as without a cache


def test_only_the_charts_whose_data_changed_are_drawn(data, tmp_path):
    """One member's persons prosecuted in one year changes: the two charts of the justice chain
    are drawn again; the victims' charts are reused."""
    report, flows = data
    before = build_html(report, flows, ChartCache(tmp_path / "charts"))
    cy = report.country_year.copy()
    row = (cy["country_iso3"] == "AAA") & (cy["year"] == 2016) & (cy["indicator"] == "persons_prosecuted")
    assert row.sum() == 1 and cy.loc[row, "total"].iloc[0] >= 5
    cy.loc[row, "total"] = cy.loc[row, "total"] + 1
    changed = dataclasses.replace(report, country_year=cy)
    cache = ChartCache(tmp_path / "charts")
    after = build_html(changed, flows, cache)
    assert set(cache.drawn) == {"charts.chain_by_year_chart", "charts.chain_pooled_chart"}
    assert set(cache.reused) == ALL_CHARTS - set(cache.drawn)
    assert after != before and after == build_html(changed, flows)  # what a cold page gives


def test_write_report_keeps_one_page_of_charts(warehouse, tmp_path):
    out = tmp_path / "report"
    cold = write_report(warehouse, out).read_bytes()
    folder = out / CACHE_DIR
    entries = sorted(p.name for p in folder.iterdir())
    assert len(entries) == len(ALL_CHARTS) and all(e.endswith(".json") for e in entries)
    (folder / ("0" * 32 + ".json")).write_text("{}", encoding="utf-8")  # an entry no page uses
    (folder / entries[0]).write_text("not json", encoding="utf-8")  # a damaged entry: drawn again
    assert write_report(warehouse, out).read_bytes() == cold
    assert sorted(p.name for p in folder.iterdir()) == entries
    assert not list(folder.glob("*.building-*"))


def test_digest_follows_the_values_not_the_objects():
    frame = pd.DataFrame({"year": [2019, 2020], "value": [3.0, float("nan")], "status": ["reported", "withheld"]})
    key = digest("charts.f", (frame, "Victims", True), {}, "v1")
    assert digest("charts.f", (frame.copy(), "Victims", True), {}, "v1") == key
    other = frame.copy()
    other.loc[0, "value"] = 4.0
    assert digest("charts.f", (other, "Victims", True), {}, "v1") != key
    assert digest("charts.f", (frame.astype({"value": "float32"}), "Victims", True), {}, "v1") != key
    assert digest("charts.f", (frame, "Victims", False), {}, "v1") != key
    assert digest("charts.g", (frame, "Victims", True), {}, "v1") != key
    assert digest("charts.f", (frame, "Victims", True), {}, "v2") != key  # new code or configuration
    assert digest("charts.f", (frame, "Victims", True), {"key": "x"}, "v1") != key


def test_no_flows_no_flow_suppression(warehouse, monkeypatch):
    """A warehouse whose fact_flow is empty has no flows section: its suppression is not run."""
    import ctip.report.flows_data as flows_data

    def fail(*args, **kwargs):
        raise AssertionError("protect ran for a warehouse without flows")

    monkeypatch.setattr(flows_data, "protect", fail)
    assert flows_data.load_flow_data(warehouse) is None

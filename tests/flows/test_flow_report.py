"""The report's flows section: built from the public flows (withheld as "x"), rendered in headless
Chromium (screenshot), on a small warehouse with known truth and on the real GLOTIP export."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from ctip.report.build import write_report
from ctip.report.flows_section import SECTION_FLOWS
from tests.flows.synthetic_flows import flow_warehouse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("CTIP_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "data" / "marts" / "test_artifacts"))


def _with_facts(path: Path) -> None:
    """The synthetic flows plus fact_observation (required by the report) and its marts."""
    import duckdb
    import pandas as pd

    from ctip.harmonise.observations import OBSERVATION_COLUMNS
    from ctip.warehouse.build import build_marts, dim_indicator, write_tables

    flow_warehouse(path)
    fact = pd.DataFrame(
        [
            {
                "country_iso3": "TTO",
                "year": 2018,
                "indicator": "victims_detected",
                "sex": "total",
                "age_group": "total",
                "exploitation": "total",
                "citizenship": "total",
                "value": 57,
                "flag": None,
                "submission_id": "s1",
                "source_file": "f",
                "source_sheet": "S",
                "source_cell": "B1",
            },
        ],
        columns=OBSERVATION_COLUMNS,
    )
    fact["value"] = fact["value"].astype("Int64")
    with duckdb.connect(str(path)) as con:
        write_tables(
            con,
            {
                "fact_observation": fact,
                "dim_indicator": dim_indicator(),
                "ref_population": pd.DataFrame({"iso3": ["TTO"], "year": [2018], "population": [1_500_000], "source": ["t"]}),
            },
        )
        build_marts(con)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("flow_report")
    _with_facts(root / "w.duckdb")
    return write_report(root / "w.duckdb", root / "report")


def _section(html: str) -> str:
    start = html.index('<section aria-labelledby="flows">')
    return html[start : html.index("</section>", start)]


def test_flows_section_shows_published_flows_and_x_for_withheld(report):
    html = report.read_text(encoding="utf-8")
    assert SECTION_FLOWS in html
    section = _section(html)
    # Dominican citizens: Netherlands 12 (published), Spain <5 (withheld): Europe "12 + 1 × x".
    assert "12 + 1 × x" in section
    # Guyanese in Trinidad and Tobago 2012–2016: 10 and a <5: never the single number 10 alone there.
    assert "10+x" in section
    # No small count from 1 to 4 is printed as a flow value (Jamaica's 3 Haitians in 2010 is withheld).
    assert "5+x" in section and "Haiti to Jamaica 8" not in section and "3+x" not in section
    assert "<svg" in section and "Where victims come from" in section


@pytest.mark.browser
def test_flows_section_renders_in_headless_chromium(report):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test and .ci/run install it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())  # no network
            page.goto(report.as_uri())
            section = page.locator("section[aria-labelledby=flows]")
            assert section.is_visible()
            shot = ARTIFACTS / "report_flows.png"
            section.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            box = section.locator("svg").first.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 100
            cells = section.locator("td").all_inner_texts()
            assert any("x" in c for c in cells)
        finally:
            browser.close()

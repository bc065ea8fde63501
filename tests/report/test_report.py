"""The HTML report: self-contained, escaped, suppression-safe, deterministic, with and without estimates."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import duckdb
import pytest

from ctip.cli import main
from ctip.report import fmt, write_report
from ctip.report.build import (
    SECTION_CHAIN, SECTION_COVERAGE, SECTION_HIDDEN, SECTION_MEMBERS, SECTION_METHOD, SECTION_TREND,
)
from tests.report.synthetic_warehouse import (
    MEMBERS, REASON, SUPPRESSED_YEARS, XSS_NAME, YEARS, build_synthetic_warehouse,
)

CORE_SECTIONS = (SECTION_TREND, SECTION_COVERAGE, SECTION_MEMBERS, SECTION_CHAIN, SECTION_METHOD)
N_CHARTS = 5  # trend, coverage heat map, member small multiples, chain per year, chain pooled


class Page(HTMLParser):
    """Text nodes (outside <style>), tags with their attributes, and the tables' cells."""

    def __init__(self, document: str):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.h2: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._stack: list[str] = []
        self._cell: list[str] | None = None
        self._h2: list[str] | None = None
        self.feed(document)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._stack.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []
        elif tag == "h2":
            self._h2 = []

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "h2" and self._h2 is not None:
            self.h2.append("".join(self._h2).strip())
            self._h2 = None

    def handle_data(self, data):
        if self._stack and self._stack[-1] == "style":
            return
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._h2 is not None:
            self._h2.append(data)

    def table_with_caption_starting(self, prefix: str, document: str) -> list[list[str]]:
        captions = re.findall(r"<table[^>]*>\s*<caption>(.*?)</caption>", document)
        assert len(captions) == len(self.tables), "every table of the report has a caption"
        return self.tables[next(i for i, c in enumerate(captions) if c.startswith(prefix))]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Both reports, built once per module: (html with estimates, html without, their paths)."""
    root = tmp_path_factory.mktemp("report")
    with_est = write_report(build_synthetic_warehouse(root / "est" / "warehouse.duckdb"), root / "est" / "report")
    core = write_report(build_synthetic_warehouse(root / "core" / "warehouse.duckdb", estimates=False),
                        root / "core" / "report")
    return {"est": with_est.read_text(encoding="utf-8"), "core": core.read_text(encoding="utf-8"),
            "est_path": with_est, "core_path": core, "root": root}


@pytest.mark.parametrize("kind", ["est", "core"])
def test_file_is_written_where_asked(built, kind):
    path = built[f"{kind}_path"]
    assert path.name == "index.html" and path.parent.name == "report" and path.stat().st_size > 10_000
    assert not list(path.parent.glob(".*.tmp"))


@pytest.mark.parametrize("kind", ["est", "core"])
def test_self_contained(built, kind):
    html = built[kind]
    assert html.startswith("<!DOCTYPE html>")
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"<script", html, re.I), "no script at all (the planted label must be escaped)"
    assert not re.search(r"<(link|iframe|object|embed|img)\b", html, re.I)
    assert "@import" not in html and "url(http" not in html
    page = Page(html)
    for tag, attrs in page.tags:
        for name in ("src", "href", "xlink:href", "action", "data"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith(("#", "data:")), f"<{tag} {name}={value!r}> points outside the page"


@pytest.mark.parametrize("kind", ["est", "core"])
def test_sections_and_embedded_charts(built, kind):
    html = built[kind]
    page = Page(html)
    for heading in CORE_SECTIONS:
        assert heading in page.h2
    assert (SECTION_HIDDEN in page.h2) == (kind == "est")
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert len(svgs) == N_CHARTS
    assert html.count('<figure class="chart"') == N_CHARTS
    for attrs in svgs:  # accessible: a role, a title and a description per chart
        assert attrs["role"] == "img" and attrs.get("aria-labelledby") and attrs.get("aria-describedby")
    assert len(re.findall(r"<svg[^>]*>\s*<title id=\"[^\"]+\">[^<]+</title>\s*<desc id=\"[^\"]+\">[^<]+</desc>",
                          html)) == N_CHARTS
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique across the inlined SVGs"
    assert "<text" in html, "chart text is text (searchable, readable by screen readers)"


@pytest.mark.parametrize("kind", ["est", "core"])
def test_member_labels_are_escaped(built, kind):
    html = built[kind]
    assert XSS_NAME not in html
    escaped = XSS_NAME.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    assert escaped in html  # in the tables
    assert "&lt;script&gt;alert(" in html.split("<svg", 1)[1]  # and inside the charts (escaped by matplotlib)
    assert any(XSS_NAME in t for t in Page(html).texts)  # shown as text, not markup


@pytest.mark.parametrize("kind", ["est", "core"])
def test_suppressed_values_never_shown(built, kind):
    html = built[kind]
    page = Page(html)
    table = page.table_with_caption_starting("Victims detected by member and year", html)
    header = table[0]
    row = next(r for r in table if r[0] == MEMBERS["BBB"])
    for year in SUPPRESSED_YEARS:
        assert row[header.index(str(year))] == fmt.SUPPRESSED_TEXT
    assert row[header.index("2018")] == "11"
    aaa = next(r for r in table if r[0] == MEMBERS["AAA"])
    assert aaa[header.index("2018")] == "1,234"
    text = " ".join(page.texts)
    assert "3.14" not in text and "3.1" not in text, "the estimate of a <5 is never printed"
    for word in ("nan", "NaN", "None", "<NA>", "inf"):
        assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), word
    # the criminal-justice table counts <5 totals but never prints one as a number
    chain = page.table_with_caption_starting("Coverage of the criminal-justice chain", html)
    assert [r[3] for r in chain[1:]] == ["0", "1", "2"]


def test_small_hidden_count_is_shown_as_under_five(built):
    html = built["est"]
    page = Page(html)
    table = page.table_with_caption_starting("Hidden victims", html)
    zzz = next(r for r in table if r[0] == XSS_NAME)
    assert zzz[2] == fmt.SUPPRESSED_TEXT and zzz[3] == "11"
    assert "&lt;b&gt;ngo&lt;/b&gt;" in html


def test_trend_marks_unpublishable_years_with_the_reason(built):
    html = built["est"]
    page = Page(html)
    table = page.table_with_caption_starting("Victims detected per year", html)
    header = table[0]
    rows = {r[0]: r for r in table[1:]}
    assert set(rows) == {str(y) for y in YEARS}
    publishable = header.index("Publishable")
    assert rows["2015"][publishable] == f"no: {REASON}"
    assert rows["2017"][publishable] == "yes"
    assert rows["2016"][header.index("Reported (sum)")] == "135 + 1 × <5"
    assert "n.p." in html.split('id="fig-trend"', 1)[1].split("</figure>", 1)[0]
    validation = page.table_with_caption_starting("Validation of the estimates", html)
    assert validation[0][:2] == ["indicator", "method"] and "median abs error" in validation[0]
    assert ["Persons convicted", "eb_negbin", "5-fold", "6", "1.5", "1.25", "2", "83%"] in validation


def test_without_estimates_the_report_says_so(built):
    html = built["core"]
    assert "estimate tables are not in this warehouse" in html
    assert "Regional estimate" not in html


def test_rebuild_gives_the_same_bytes(built, tmp_path):
    again = write_report(built["est_path"].parent.parent / "warehouse.duckdb", tmp_path / "again")
    assert again.read_bytes() == built["est_path"].read_bytes()


@pytest.mark.parametrize("drop", [("mart_regional_estimates",), ("mart_estimates",), ("mart_hidden_victims",
                                                                                       "mart_estimate_validation")])
def test_partial_estimate_tables(tmp_path, drop):
    warehouse = build_synthetic_warehouse(tmp_path / "warehouse.duckdb", drop=drop)
    html = write_report(warehouse, tmp_path / "report").read_text(encoding="utf-8")
    page = Page(html)
    assert all(h in page.h2 for h in CORE_SECTIONS)
    assert html.count("<svg") == N_CHARTS
    assert (SECTION_HIDDEN in page.h2) == ("mart_hidden_victims" not in drop)


def test_empty_warehouse_gives_a_page_not_an_error(tmp_path):
    warehouse = build_synthetic_warehouse(tmp_path / "warehouse.duckdb", estimates=False)
    with duckdb.connect(str(warehouse)) as con:
        for name in ("fact_observation", "mart_country_year", "mart_coverage", "mart_regional_year", "submissions"):
            con.execute(f"delete from {name}")
    html = write_report(warehouse, tmp_path / "report").read_text(encoding="utf-8")
    assert all(h in Page(html).h2 for h in CORE_SECTIONS)
    assert "in this warehouse yet" in html


def test_cli_report(tmp_path, capsys):
    warehouse = build_synthetic_warehouse(tmp_path / "w.duckdb", estimates=False)
    assert main(["report", "--warehouse", str(warehouse), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "index.html").exists()
    assert "report written" in capsys.readouterr().out
    assert main(["report", "--warehouse", str(tmp_path / "missing.duckdb"), "-o", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()


def test_cli_report_default_paths(project_dirs):
    build_synthetic_warehouse(project_dirs["warehouse"], estimates=False)
    assert main(["report"]) == 0
    assert (project_dirs["marts"] / "report" / "index.html").exists()


def test_formatting_never_prints_a_suppressed_count():
    assert fmt.member_count(None, "suppressed") == "<5"
    assert fmt.member_count(3.0, "suppressed") == "<5"
    assert fmt.member_count(1234, "reported") == "1,234"
    assert fmt.member_count(float("nan"), "none") == fmt.MISSING_TEXT
    assert fmt.count_range(1, 4) == "<5" and fmt.count_range(12, 12) == "12" and fmt.count_range(10, 22) == "10–22"

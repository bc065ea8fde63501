"""The HTML report: self-contained, escaped, suppression-safe (only what the public exports
publish), deterministic, with and without estimates."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import duckdb
import pandas as pd
import pytest

from ctip.cli import main
from ctip.report import fmt, write_report
from ctip.report.build import (
    SECTION_CHAIN,
    SECTION_COVERAGE,
    SECTION_HIDDEN,
    SECTION_MEMBERS,
    SECTION_METHOD,
    SECTION_TREND,
)
from ctip.report.data import ReportDataError, load_report_data, member_totals
from tests.report.synthetic_warehouse import (
    BREAKDOWNS,
    COMPLEMENT,
    MEMBERS,
    PUBLISHED_SMALL,
    REASON,
    REPORTED,
    SUPPRESSED_YEARS,
    XSS_NAME,
    YEARS,
    build_synthetic_warehouse,
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
    core = write_report(build_synthetic_warehouse(root / "core" / "warehouse.duckdb", estimates=False), root / "core" / "report")
    return {"est": with_est.read_text(encoding="utf-8"), "core": core.read_text(encoding="utf-8"), "est_path": with_est, "core_path": core, "root": root}


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
    assert len(re.findall(r"<svg[^>]*>\s*<title id=\"[^\"]+\">[^<]+</title>\s*<desc id=\"[^\"]+\">[^<]+</desc>", html)) == N_CHARTS
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
        assert row[header.index(str(year))] == fmt.WITHHELD_TEXT
    assert row[header.index("2018")] == "11"
    aaa = next(r for r in table if r[0] == MEMBERS["AAA"])
    assert aaa[header.index("2018")] == "1,234"
    text = " ".join(page.texts)
    assert "3.14" not in text and "3.1" not in text, "the estimate of a <5 is never printed"
    for word in ("nan", "NaN", "None", "<NA>", "inf"):
        assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), word
    # the criminal-justice table counts withheld totals but never prints one as a number
    chain = page.table_with_caption_starting("Coverage of the criminal-justice chain", html)
    assert [r[3] for r in chain[1:]] == ["0", "1", "2"]


def test_small_hidden_count_is_withheld_with_its_estimate(built):
    html = built["est"]
    page = Page(html)
    table = page.table_with_caption_starting("Hidden victims", html)
    zzz = next(r for r in table if r[0] == XSS_NAME)
    assert zzz[2:5] == [fmt.WITHHELD_TEXT] * 3  # observed 3: withheld, and its estimate and interval with it
    aaa = next(r for r in table if r[0] == MEMBERS["AAA"])
    assert aaa[2:4] == ["140", "310"]
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
    assert rows["2016"][header.index("Reported (sum)")] == "135 + 1 × x"
    assert "n.p." in html.split('id="fig-trend"', 1)[1].split("</figure>", 1)[0]
    validation = page.table_with_caption_starting("Validation of the estimates", html)
    assert validation[0][:2] == ["indicator", "method"] and "median abs error" in validation[0]
    assert ["Persons convicted", "eb_negbin", "5-fold", "6", "1.5", "1.25", "2", "83%"] in validation
    # too few held-out values: the exports withhold the errors, and so does the report
    assert ["Persons prosecuted", "eb_negbin", "5-fold", "3", "x", "x", "x", "x"] in validation


def test_without_estimates_the_report_says_so(built):
    html = built["core"]
    assert "estimate tables are not in this warehouse" in html
    assert "Regional estimate" not in html


def test_rebuild_gives_the_same_bytes(built, tmp_path):
    again = write_report(built["est_path"].parent.parent / "warehouse.duckdb", tmp_path / "again")
    assert again.read_bytes() == built["est_path"].read_bytes()


@pytest.mark.parametrize("drop", [("mart_regional_estimates",), ("mart_estimates",), ("mart_hidden_victims", "mart_estimate_validation")])
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


def test_formatting_never_prints_a_withheld_count():
    assert fmt.member_count(None, "withheld") == "x"
    assert fmt.member_count(3.0, "withheld") == "x"
    assert fmt.member_count(7.0, "withheld") == "x"
    assert fmt.member_count(1234, "reported") == "1,234"
    assert fmt.member_count(float("nan"), "none") == fmt.MISSING_TEXT
    assert fmt.with_withheld(135, 2) == "135 + 2 × x" and fmt.with_withheld(135, 0) == "135"
    assert fmt.count_range(1, 4) == "1–4" and fmt.count_range(12, 12) == "12" and fmt.count_range(10, 22) == "10–22"
    assert fmt.count_range(12, float("nan")) == "at least 12"


def test_no_fact_table_no_report(tmp_path):
    """Without fact_observation the exports' suppression cannot be applied: no page with values."""
    warehouse = build_synthetic_warehouse(tmp_path / "warehouse.duckdb", drop=("fact_observation",))
    with pytest.raises(ReportDataError):
        write_report(warehouse, tmp_path / "report")
    assert main(["report", "--warehouse", str(warehouse), "-o", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out" / "index.html").exists()


# ---------------------------------------------------------------------------------------------
# Only what the public exports publish: a small count published as a number, and its complement


def _svgs(html: str) -> list[tuple[list[str], str]]:
    """Per chart: its <text> contents and its description (<desc> and the aria description)."""
    import html as htmllib

    out = []
    for svg in re.findall(r"<svg\b.*?</svg>", html, re.S):
        texts = [htmllib.unescape(t).strip() for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
        desc_id = re.search(r'aria-describedby="([^"]+)"', svg).group(1)
        desc = re.search(rf'<desc id="{re.escape(desc_id)}">(.*?)</desc>', svg, re.S).group(1)
        out.append((texts, htmllib.unescape(desc)))
    return out


def _internal(built, kind: str, sql: str):
    with duckdb.connect(str(built[f"{kind}_path"].parent.parent / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).df()


@pytest.mark.parametrize("kind", ["est", "core"])
def test_published_small_count_and_its_complement_are_withheld(built, kind):
    small_iso, indicator, small_year = PUBLISHED_SMALL
    comp_iso, _, comp_year = COMPLEMENT
    small = REPORTED[(small_iso, indicator)][small_year]
    parts = BREAKDOWNS[COMPLEMENT]
    assert small == 3 and parts == {"female": 3, "male": 7}  # what the test plants (no flag: published as numbers)
    facts = _internal(built, kind, "select * from fact_observation")
    assert facts[(facts["country_iso3"] == small_iso) & (facts["year"] == small_year) & (facts["indicator"] == indicator)]["flag"].isna().all()

    # The data the report is built from are the public tables: the values are not there at all.
    data = load_report_data(built[f"{kind}_path"].parent.parent / "warehouse.duckdb")
    cy = data.country_year.set_index(["country_iso3", "year", "indicator"])
    assert cy.loc[(small_iso, small_year, indicator), "total"] is pd.NA
    assert bool(cy.loc[(small_iso, small_year, indicator), "total_suppressed"])
    assert cy.loc[(comp_iso, comp_year, indicator), "female"] is pd.NA
    assert cy.loc[(comp_iso, comp_year, indicator), "male"] is pd.NA  # the complement: 10 - 7 would give 3
    assert cy.loc[(comp_iso, comp_year, indicator), "total"] == 10
    totals = member_totals(data, indicator).set_index(["country_iso3", "year"])
    row = totals.loc[(small_iso, small_year)]
    assert row["status"] == "withheld" and pd.isna(row["value"]) and pd.isna(row["estimate"])
    if kind == "est":
        est = data.estimates

        def at(iso, year):
            return est[(est["country_iso3"] == iso) & (est["year"] == year) & (est["indicator"] == indicator)]

        assert at(small_iso, small_year)["estimate"].isna().all()  # the reported 3, and the shares of it
        comp = at(comp_iso, comp_year).set_index("sex")
        assert comp.loc[["female", "male"], "estimate"].isna().all()

    html = built[kind]
    page = Page(html)
    table = page.table_with_caption_starting("Victims detected by member and year", html)
    header = table[0]
    small_row = next(r for r in table if r[0] == MEMBERS[small_iso])
    comp_row = next(r for r in table if r[0] == MEMBERS[comp_iso])
    assert small_row[header.index(str(small_year))] == fmt.WITHHELD_TEXT
    assert comp_row[header.index(str(comp_year))] == "10"
    assert "3" not in small_row[1:] and not {"3", "7"} & set(comp_row[1:])
    # No cell of any table prints <5, or the planted values in a row of their member.
    for t in page.tables:
        for r in t:
            assert "<5" not in r
            if r and r[0] in (MEMBERS[small_iso], MEMBERS[comp_iso]):
                assert not {"3", "7"} & set(r[1:]), r
    # Regional figures as the public tables give them: the published sum and the count of x.
    trend = page.table_with_caption_starting("Victims detected per year", html)
    rows = {r[0]: r for r in trend[1:]}
    assert rows[str(small_year)][trend[0].index("Reported (sum)")] == "170 + 1 × x"
    text = " ".join(page.texts)
    assert "173" not in text, "the regional sum with the small count in it"
    if kind == "est":
        # the regional estimates that add the withheld values in are withheld too
        assert rows[str(small_year)][trend[0].index("Regional estimate (95% interval)")] == fmt.WITHHELD_TEXT
        breakdown = page.table_with_caption_starting("Victims detected by sex", html)
        by_year = {r[0]: dict(zip(breakdown[0], r)) for r in breakdown[1:]}
        assert by_year[str(comp_year)]["Female"] == fmt.WITHHELD_TEXT
        assert by_year[str(comp_year)]["Male"] == fmt.WITHHELD_TEXT
        internal = _internal(built, kind, "select * from mart_regional_estimates where indicator = 'victims_detected'")
        hidden = internal[
            ((internal["year"] == comp_year) & internal["sex"].isin(["female", "male"]) & (internal["exploitation"] == "total"))
            | ((internal["year"] == small_year) & (internal["sex"] == "total") & (internal["exploitation"] == "total"))
        ]
        assert len(hidden) == 3
        for r in hidden.itertuples():
            assert fmt.estimate_with_interval(r.estimate, r.lower_95, r.upper_95) not in text
            assert fmt.count(r.estimate) not in " ".join(c for t in page.tables for row in t for c in row).split()
    # The charts: no label and no description gives a withheld value.
    for texts, desc in _svgs(html):
        for value in ("3", "7", "173", "<5"):
            assert value not in texts, (value, texts)
        assert "173" not in desc and "<5" not in desc
    # The mark and its key are on the page, in the tables and in the charts.
    assert fmt.WITHHELD_LEGEND in page.texts
    heat = _svgs(html)[1][0]
    assert heat.count(fmt.WITHHELD_TEXT) == 3  # BBB's three withheld totals (two <5 at the source, one 3)
    assert any(t.startswith(f"{fmt.WITHHELD_TEXT}: ") for t in heat)  # and the key of the mark


def test_pooled_chain_counts_x_as_1_to_4_only_where_the_public_tables_bound_it(built):
    """A withheld total is 1 to 4 in the pooled sums only where mart_regional_year (public) gives the
    stage's sum a bounded range; a withheld total that may be a complementary figure of any size takes
    its member-year out of the pool."""
    import dataclasses

    from ctip.report.data import chain_pooled

    data = load_report_data(built["est_path"].parent.parent / "warehouse.duckdb")
    pooled = chain_pooled(data)
    assert pooled["n_member_years"] == 8 and pooled["n_left_out"] == 0  # AAA 2015-2020, BBB 2017-2018
    low, high = pooled["stages"]["persons_convicted"]
    assert high - low == 3 * 2  # BBB's two withheld convictions, 1 to 4 each
    ry = data.regional_year.copy()
    unbounded = (ry["indicator"] == "persons_convicted") & (ry["year"] == 2018)
    ry.loc[unbounded, "reported_sum_max"] = float("nan")  # as protect gives it when a complement is withheld
    pooled = chain_pooled(dataclasses.replace(data, regional_year=ry))
    assert pooled["n_member_years"] == 7 and pooled["n_left_out"] == 1
    assert pooled["stages"]["persons_convicted"][1] - pooled["stages"]["persons_convicted"][0] == 3


def test_the_method_notes_give_a_suppressed_count_the_estimates_range(built):
    """attack2 G-S: the notes said a <5 is 'a count between 1 and 4' while the estimates (and the
    legend below the tables) take it as 0 to 4: the range is read from schemas/estimation.yaml."""
    from ctip.estimate.rules import estimation_settings

    low, high = estimation_settings()["suppressed"]["default"]
    assert f"a &lt;5 is treated as a count from {low} to {high}." in built["est"] or f"a <5 is treated as a count from {low} to {high}." in built["est"]
    assert "between 1 and 4" not in built["est"]

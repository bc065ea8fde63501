"""`write_report`: the warehouse as one HTML page people read (data/marts/report/index.html).

The page is self-contained (inline CSS and SVG charts, no script, no network) and deterministic:
the same warehouse gives the same bytes. It works with or without the estimate tables; without
them it shows what was reported and says so."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ctip.atomic import write_text
from ctip.estimate.rules import estimation_settings
from ctip.export.holdback_words import held_back_words
from ctip.report import fmt
from ctip.report.chart_cache import CACHE_DIR, ChartCache
from ctip.report.data import (
    CHAIN,
    REPORTING,
    VICTIMS,
    ReportData,
    chain_by_year,
    chain_pooled,
    coverage_counts,
    load_report_data,
    member_totals,
    regional_breakdowns,
    regional_trend,
    report_answers,
    save_report_answers,
    threshold_text,
)
from ctip.report.flows_data import FlowData, load_flow_data
from ctip.report.flows_section import SECTION_FLOWS, flows_section
from ctip.report.page import Cell, Markup, Section, details, figure, join, p, render_page, table, tag, ul
from ctip.schema import load_schema

REPORT_FILE = "index.html"
TITLE = "Trafficking in persons in the Caribbean: what the CMC members' figures show"
SECTION_TREND = "Regional trend of detected victims"
SECTION_COVERAGE = "Coverage: who reported what"
SECTION_MEMBERS = "Detected victims, member by member"
SECTION_CHAIN = "From investigation to conviction"
SECTION_HIDDEN = "Hidden victims: multiple systems estimates"
SECTION_METHOD = "Coverage and methodology notes"
SECTIONS = (SECTION_TREND, SECTION_COVERAGE, SECTION_MEMBERS, SECTION_CHAIN, SECTION_HIDDEN, SECTION_METHOD)


def write_report(warehouse_path: str | Path | None = None, out_dir: str | Path | None = None) -> Path:
    """Write `<out_dir>/index.html` from the warehouse and return its path.
    Defaults: ctip.paths.warehouse_path() and ctip.paths.report_dir()."""
    from ctip import paths

    warehouse = Path(warehouse_path) if warehouse_path else paths.warehouse_path()
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `ctip run` first")
    out = Path(out_dir) if out_dir else paths.report_dir()
    cache = ChartCache(out / CACHE_DIR)  # charts whose data did not change are not drawn again
    store = report_answers(warehouse)  # one store for the tables and the flows, kept once both are read
    data = load_report_data(warehouse, store)
    flows = load_flow_data(warehouse, store, data.protected)  # the same decision when read from the same tables
    save_report_answers(warehouse, store)
    document = build_html(data, flows, cache)
    out.mkdir(parents=True, exist_ok=True)
    target = out / REPORT_FILE
    write_text(target, document, newline="\n")  # a run and a CLI call may write at once
    cache.clean()
    return target


def build_html(data: ReportData, flows: FlowData | None = None, cache: ChartCache | None = None) -> str:
    """The whole page as a string (with the flows section when the warehouse has flows). Charts
    come from `cache` when their data did not change (drawn every time without one)."""
    draw = (cache or ChartCache()).draw
    with_est = data.has_estimates
    victims = member_totals(data, VICTIMS)
    trend = regional_trend(data, VICTIMS)
    chain = chain_by_year(data)
    pooled = chain_pooled(data)
    label = data.indicator_name(VICTIMS)
    # the rule of schemas/estimation.yaml when the estimates do not state it
    threshold = threshold_text(data) or f"{estimation_settings()['publishable_threshold']:.0%}"
    sections = [
        Section("trend", SECTION_TREND, _trend_section(data, trend, label, threshold, draw)),
        Section("coverage", SECTION_COVERAGE, _coverage_section(data, victims, label, with_est, draw)),
        Section("members", SECTION_MEMBERS, _members_section(data, victims, label, with_est, draw)),
        Section("chain", SECTION_CHAIN, _chain_section(data, chain, pooled, draw)),
    ]
    if flows is not None and not flows.empty:
        sections.append(Section("flows", SECTION_FLOWS, flows_section(flows, data.name, draw)))
    if data.hidden is not None and not data.hidden.empty:
        sections.append(Section("hidden", SECTION_HIDDEN, _hidden_section(data)))
    sections.append(Section("methodology", SECTION_METHOD, _method_section(data, threshold)))
    years = data.years()
    span = f"{years[0]}–{years[-1]}" if years else ""
    lede = f"Statistics of the Caribbean counter-trafficking network: {len(data.members)} CMC members, {span}. " + (
        "Reported figures, and estimates with 95% intervals where members did not report."
        if with_est
        else "Reported figures only: the estimate tables are not in this warehouse."
    )
    return render_page(TITLE, lede, _key_figures(data, victims, trend, pooled, label), sections, _footer(data))


# ---------------------------------------------------------------------------------------------
# Header


def _key_figures(data: ReportData, victims: pd.DataFrame, trend: pd.DataFrame, pooled: dict, label: str) -> Markup:
    items = []
    what = label.lower()
    n_members = len(data.members)
    if trend["estimate"].notna().any():
        pub = trend[trend["publishable"] & trend["estimate"].notna()]
        if len(pub):
            last = pub.iloc[-1]
            items.append(
                f"{int(last['year'])} (latest publishable year): an expected {fmt.count(last['estimate'])} "
                f"{what} in the region (95% interval {fmt.interval(last['lower_95'], last['upper_95'])}); "
                f"{int(last['n_reporting'])} of {n_members} members reported, covering "
                f"{fmt.percent(last['population_share'])} of the population."
            )
        else:
            items.append("No year has enough members reporting to publish a regional estimate.")
    if len(trend):
        last = trend.iloc[-1]
        items.append(
            f"{int(last['year'])}: {int(last['n_reporting'])} of {n_members} members reported a total of "
            f"{what} (one that is not published, x, counts as reported), covering "
            f"{fmt.percent(last['population_share'])} of the region's population."
        )
    ever = victims[victims["status"].isin(REPORTING)]["country_iso3"].nunique()
    years = sorted(victims["year"].unique())
    if years:
        items.append(f"{ever} of {n_members} members reported a total of {what} at least once in {years[0]}–{years[-1]}; {n_members - ever} never did.")
    ratio = _chain_ratios(pooled)
    if ratio:
        items.append(ratio)
    items.append("These are victims detected by the authorities, not the number of victims (prevalence).")
    parts = [tag("h2", "Key figures", id="key-figures"), ul(items), _legend()]
    if data.held_back:  # said where the withheld mark is explained (schemas/disclosure.yaml)
        parts.append(p(held_back_words()["report_sentence"].format(n=data.held_back), cls="note held-back"))
    return tag("div", *parts, cls="keyfigures")


def _legend() -> Markup:
    """The key to the mark of a withheld value, repeated wherever one can appear."""
    return p(fmt.WITHHELD_LEGEND, cls="note legend")


def _chain_ratios(pooled: dict) -> str | None:
    if not pooled["n_member_years"]:
        return None
    (i_lo, i_hi), (p_lo, p_hi), (c_lo, c_hi) = (pooled["stages"][s] for s in CHAIN)
    if i_lo <= 0 or p_lo <= 0:
        return None

    def per100(num_lo, num_hi, den_lo, den_hi):
        lo, hi = round(100 * num_lo / den_hi), round(100 * num_hi / den_lo)
        return f"about {lo}" if lo == hi else f"between {lo} and {hi}"

    return (
        f"Where members reported all three stages ({pooled['n_member_years']} member-years), for every 100 "
        f"persons investigated {per100(p_lo, p_hi, i_lo, i_hi)} were prosecuted, and for every 100 prosecuted "
        f"{per100(c_lo, c_hi, p_lo, p_hi)} were convicted, counted in the same years."
    )


# ---------------------------------------------------------------------------------------------
# Sections


def _trend_section(data: ReportData, trend: pd.DataFrame, label: str, threshold: str, draw) -> Markup:
    with_est = bool(trend["estimate"].notna().any())
    if trend.empty:
        return p(f"No member reported {label.lower()} in this warehouse.")
    chart = draw("charts.regional_trend_chart", trend, label, with_est)
    if with_est:
        intro = p(
            f"Each bar is the expected number of {label.lower()} in the region in one year. The solid part is what "
            "members reported and is published; the rest is estimated for members that did not report, or whose "
            "total is not published (x). The whiskers are the 95% interval of the regional total. A year is publishable when the members "
            f"that reported hold at least {threshold} of the region's population; other years are hatched and "
            "marked n.p., and the table gives the reason; a regional estimate that would let a withheld figure be "
            "worked out is not published either and is marked x."
        )
        caption = join(
            [f"{label}: reported and estimated, regional total with 95% interval. ", "n.p. = not publishable. Source: mart_regional_estimates, mart_estimates."]
        )
    else:
        intro = p(
            "Without the estimate tables this is only the sum of the totals members reported. The members reporting "
            "change from year to year, so a rise or fall can be a change in who reported rather than in detection. "
            "The percentage above each bar is the share of the region's population living in the members that "
            "reported."
        )
        caption = join(
            [
                f"{label}: sum of published totals per year; hatched: range added by totals not published (x), as the public tables give it. ",
                "Source: mart_regional_year.",
            ]
        )
    rows = []
    for r in trend.itertuples(index=False):
        reported = fmt.with_withheld(r.reported_sum, r.n_withheld)
        row = [str(r.year), str(r.n_reporting), fmt.percent(r.population_share), reported]
        if with_est:
            value = fmt.withheld_or(fmt.estimate_with_interval(r.estimate, r.lower_95, r.upper_95), r.withheld)
            if r.publishable:
                row += [value, Cell("yes", "text")]
            else:
                row += [Cell(value, "np"), Cell(f"no: {r.reason}" if r.reason else "no", "np text")]
        rows.append(row)
    headers = ["Year", "Members reporting", "Population share reporting", "Reported (sum)"]
    if with_est:
        headers += ["Regional estimate (95% interval)", "Publishable"]
    parts = [intro, figure(chart, caption), table(headers, rows, caption=f"{label} per year", numeric_from=1), _legend()]
    breakdown = regional_breakdowns(data, VICTIMS)
    if not breakdown.empty:
        parts.append(_breakdown_table(breakdown, label))
    return join(parts)


def _breakdown_columns() -> list[tuple[str, str, str]]:
    """(sex, exploitation, heading) of the headline's estimated parts, in the schema's order."""
    schema = load_schema()
    total, columns = schema.total_code, []
    for dim, parts in schema.role("breakdowns")[VICTIMS].items():
        for part in parts:
            cell = {"sex": total, "exploitation": total, dim: part}
            columns.append((cell["sex"], cell["exploitation"], schema.dimensions[dim].codes[part].names["en"]))
    return columns


def _breakdown_table(breakdown: pd.DataFrame, label: str) -> Markup:
    columns = _breakdown_columns()
    columns = [c for c in columns if ((breakdown["sex"] == c[0]) & (breakdown["exploitation"] == c[1])).any()]
    rows = []
    for year, group in breakdown.groupby("year", sort=True):
        row = [str(int(year))]
        for sex, exploitation, _ in columns:
            g = group[(group["sex"] == sex) & (group["exploitation"] == exploitation)]
            if g.empty:
                row.append(fmt.MISSING_TEXT)
                continue
            r = g.iloc[0]
            if bool(r.get("withheld", False)):
                row.append(Cell(fmt.WITHHELD_TEXT, "np"))
                continue
            value = fmt.estimate_with_interval(r["estimate"], r["lower_95"], r["upper_95"])
            row.append(value if bool(r["publishable"]) else Cell(f"{value} n.p.", "np"))
        rows.append(row)
    return details(
        f"{label} by sex and by form of exploitation (regional estimates)",
        p(
            "Parts are estimated so that they add up to the total in every simulation draw; n.p. = not "
            "publishable; x = not published (it would let a withheld figure be worked out).",
            cls="note",
        ),
        table(["Year", *(c[2] for c in columns)], rows, caption=f"{label} by sex and form of exploitation, expected count (95% interval)"),
    )


def _coverage_section(data: ReportData, victims: pd.DataFrame, label: str, with_est: bool, draw) -> Markup:
    if victims.empty:
        return p(f"Nothing about {label.lower()} is in this warehouse yet.", cls="note")
    # only what the map draws, so that a changed figure with the same status keeps the map
    cells = victims[["country_iso3", "year", "status", "breakdown_only"]]
    chart = draw("coverage_chart.coverage_heatmap", cells, data.members, label, with_est)
    if with_est:
        intro = p(
            f"What each member's total of {label.lower()} rests on, year by year: R reported and published, "
            "x reported but not published (a count from 1 to 4, or a figure that would let one be worked out), "
            "E estimated from the member's own reports in other years, M modelled from the "
            "regional rate per head and the member's population. In years the estimates do not cover, B marks a "
            "breakdown reported without its total, and blank cells have nothing."
        )
    else:
        intro = p(
            f"Which member reported a total of {label.lower()} for which year: R a published number, x a "
            "total that is not published (a count from 1 to 4, or a figure that would let one be worked out), "
            "B a breakdown (by sex, age or form of exploitation) without its total. "
            "Source: mart_coverage."
        )
    counts = coverage_counts(data)
    parts = [intro, figure(chart, join([f"Basis of each member's {label.lower()} total by year. ", "Letters repeat the colours: R, x, E, M, B."]))]
    if not counts.empty:
        years = sorted(counts["year"].unique())
        rows = []
        for indicator, group in counts.groupby("indicator", sort=False):
            by_year = dict(zip(group["year"], group["n"]))
            rows.append([data.indicator_name(indicator), *(str(by_year.get(y, 0)) for y in years)])
        order = {name: i for i, name in enumerate(data.indicator_name(i) for i in (VICTIMS, *CHAIN))}
        rows.sort(key=lambda r: (order.get(r[0], 99), r[0]))
        parts.append(
            table(["Indicator", *(str(int(y)) for y in years)], rows, caption=f"Members (of {len(data.members)}) reporting a total, by indicator and year")
        )
    return join(parts)


def _members_section(data: ReportData, victims: pd.DataFrame, label: str, with_est: bool, draw) -> Markup:
    if victims.empty:
        return p(f"Nothing about {label.lower()} is in this warehouse yet.", cls="note")
    chart = draw("member_chart.member_small_multiples", victims, data.members, label, with_est)
    intro = p(
        f"{label} per member. Dots are published totals; an x at the foot of a panel marks a total that "
        "was reported but is not published (a count from 1 to 4, or a figure that would let one be worked out): "
        "no value, estimate or range is drawn for it."
        + (
            " The dashed line is the estimate (the expected count) with its 95% interval shaded; in years a "
            "member reported, the estimate is the reported figure."
            if with_est
            else ""
        )
    )
    years = sorted(int(y) for y in victims["year"].unique())
    rows = []
    for iso, name in zip(data.members["country_iso3"], data.members["name"]):
        t = victims[victims["country_iso3"] == iso].set_index("year")
        row = [name]
        for y in years:
            if y not in t.index:
                row.append(fmt.MISSING_TEXT)
                continue
            r = t.loc[y]
            status = str(r["status"])
            if status in ("reported", "withheld"):
                row.append(Cell(fmt.member_count(r["value"], status), "supp" if status == "withheld" else None))
            elif status in ("estimated", "modelled") and (pd.notna(r["estimate"]) or r["estimate_withheld"]):
                shown = fmt.WITHHELD_TEXT if r["estimate_withheld"] else fmt.count(r["estimate"])
                row.append(Cell(f"{shown} ({'E' if status == 'estimated' else 'M'})", "est"))
            else:
                row.append(fmt.MISSING_TEXT)
        rows.append(row)
    key = (
        "Numbers are reported totals; "
        + fmt.WITHHELD_LEGEND
        + "; "
        + ("in italics, expected counts: (E) estimated from the member's own series, (M) modelled from the region; " if with_est else "")
        + "– nothing reported."
    )
    return join(
        [
            intro,
            figure(
                chart,
                join(
                    [
                        f"{label} per member and year. Each panel has its own vertical scale. ",
                        "Sources: mart_country_year, mart_coverage" + (", mart_estimates." if with_est else "."),
                    ]
                ),
            ),
            details(
                f"Data table: {label.lower()} by member and year",
                p(key, cls="note"),
                table(["Member", *(str(y) for y in years)], rows, caption=f"{label} by member and year"),
            ),
        ]
    )


def _chain_section(data: ReportData, chain: pd.DataFrame, pooled: dict, draw) -> Markup:
    names = {i: data.indicator_name(i) for i in CHAIN}
    with_est = bool(len(chain) and chain["estimate"].notna().any())
    parts = [
        p(
            "Persons investigated (suspected), prosecuted and convicted for trafficking in persons. Each stage is counted "
            "in the year it happened, so the persons convicted in a year are not the same persons as those investigated "
            "that year: this is not a cohort, and the ratios are rough. Fewer members report these stages than report "
            "victims, and not the same members for each stage."
        )
    ]
    left_out = pooled.get("n_left_out", 0)
    if len(chain) and chain["n_reporting"].sum() > 0:
        chart = draw("charts.chain_by_year_chart", chain, names, with_est)
        caption = (
            "Regional estimates per stage with 95% bands; hollow markers are not publishable. Source: mart_regional_estimates."
            if with_est
            else "Sums of reported totals per stage; the members reporting differ by stage and year. Source: mart_regional_year, mart_country_year."
        )
        parts.append(figure(chart, caption))
    else:
        parts.append(p("No member reported any stage of the criminal-justice chain.", cls="note"))
    if pooled["n_member_years"]:
        parts.append(tag("h3", "Pooled over the member-years reporting all three stages"))
        parts.append(
            p(
                f"To compare like with like, the stages are added up only over the {pooled['n_member_years']} member-years "
                f"in which a member reported all three ({len(pooled['members'])} members: "
                + ", ".join(data.name(m) for m in pooled["members"])
                + "). A total that is not published (x) counts "
                "as 1 to 4 where the public tables show that it is a count from 1 to 4 (every total withheld for that "
                "stage and year is), so a sum that includes one is a range"
                + (f"; {left_out} member-years with another total that is not published, which may be a figure of any size, are left out." if left_out else ".")
            )
        )
        parts.append(
            figure(
                draw("charts.chain_pooled_chart", pooled, names),
                "Persons investigated, prosecuted and convicted, pooled; hatched: range added by totals not published (x), 1 to 4 each.",
            )
        )
        ratio = _chain_ratios(pooled)
        if ratio:
            parts.append(p(ratio))
    else:
        parts.append(p("No member reported all three stages for the same year, so the stages cannot be compared like with like.", cls="note"))
    rows = []
    for indicator in CHAIN:
        t = member_totals(data, indicator)
        rep = t[t["status"].isin(REPORTING)]
        rows.append(
            [
                names[indicator],
                str(rep["country_iso3"].nunique()),
                str(len(rep)),
                str(int((rep["status"] == "withheld").sum())),
                fmt.count_range(*pooled["stages"][indicator]) if pooled["n_member_years"] else fmt.MISSING_TEXT,
            ]
        )
    parts.append(
        table(
            ["Stage", "Members that ever reported", "Member-years reported", "of which not published (x)", "Pooled over member-years with all three stages"],
            rows,
            caption="Coverage of the criminal-justice chain",
        )
    )
    parts.append(_legend())
    return join(parts)


def _hidden_section(data: ReportData) -> Markup:
    h = data.hidden
    rows = []
    for r in h.to_dict("records"):
        withheld = bool(r.get("withheld", False))  # the observed count, its estimate and interval go together
        rows.append(
            [
                data.name(str(r.get("country_iso3", ""))),
                str(_int_or(r.get("year"))),
                fmt.withheld_or(fmt.count(r.get("observed")), withheld),
                fmt.withheld_or(fmt.count(r.get("estimate")), withheld),
                fmt.withheld_or(fmt.interval(r.get("ci_lower"), r.get("ci_upper")), withheld),
                Cell(_listish(r.get("lists")), "text"),
                Cell(_listish(r.get("model")), "text"),
            ]
        )
    return join(
        [
            p(
                "Multiple systems estimation counts the victims seen by several agencies (each a list) and how they overlap, "
                "and estimates how many no agency saw. These are estimates of all victims in the places and years studied, "
                "unlike the rest of this report, and rest on assumptions about the lists (see the methodology notes)."
            ),
            table(
                ["Member", "Year", "Observed on a list", "Estimated victims", "95% interval", "Lists", "Model terms"],
                rows,
                caption="Hidden victims (mart_hidden_victims)",
                numeric_from=1,
            ),
            _legend(),
        ]
    )


def _int_or(x):
    try:
        return int(x)
    except (TypeError, ValueError):
        return x if x is not None else fmt.MISSING_TEXT


def _listish(x) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return fmt.MISSING_TEXT
    if isinstance(x, (list, tuple, np.ndarray)):
        return ", ".join(str(v) for v in x) or "none"
    return str(x)


def _method_section(data: ReportData, threshold: str) -> Markup:
    years = data.years()
    span = f"{years[0]}–{years[-1]}" if years else "the years covered"
    parts = [
        tag("h3", "What the figures are"),
        p(
            "The figures count victims of trafficking detected (identified) by the authorities of each member in a year, "
            "and persons investigated, prosecuted and convicted. Detection depends on how hard and how well a country "
            "looks, so the counts measure the response as much as the crime. Regional figures are expected numbers "
            "of detected victims: they are not the number of victims (prevalence), and a higher figure can mean better "
            "detection."
        ),
    ]
    if data.has_estimates:
        # the range the estimates give a <5 (schemas/estimation.yaml), never a second statement of it
        low, high = estimation_settings()["suppressed"]["default"]
        parts += [
            tag("h3", "How the estimates are made"),
            ul(
                [
                    "Reported totals (nature C) are used as reported.",
                    "A member that did not report a year, or reported it as <5, gets an estimate from its own reports in "
                    "other years, pulled towards the regional rate per head (nature E); a <5 is treated as a count "
                    f"from {low} to {high}. The estimate of a total that is not published is not shown either.",
                    "A member that never reported gets a figure modelled from the regional rate per head and its population (nature M).",
                    "Each estimate comes from simulation draws; the regional total is added up draw by draw and its 95% "
                    "interval read from the draws, so it is narrower than adding up the members' intervals.",
                    "The figures are expected counts of detected victims, rounded to whole persons here.",
                ]
            ),
        ]
    else:
        parts.append(
            p(
                "The estimate tables (mart_estimates, mart_regional_estimates) are not in this warehouse, so "
                "this report shows reported figures only: sums over the members that reported, which are not "
                "regional totals.",
                cls="note",
            )
        )
    parts += [
        tag("h3", "When a regional figure is published"),
        p(
            "A regional estimate is publishable for a year when the members that reported (a total that is not "
            "published counts as reported) "
            f"hold at least {threshold} of the population of the members with a population figure, and at most half of "
            "the regional estimate is imputed (both thresholds in schemas/estimation.yaml). Other years are still "
            "drawn, hatched and marked n.p. (not publishable), with the share that reported, and should not be quoted."
        ),
        tag("h3", "Small counts and what is not published"),
        p(
            "This report shows only what the public exports of the warehouse publish, and applies the same rules. "
            "A count from 1 to 4 is not published, and neither is the source's <5 (a count from 0 to 4), nor a "
            "figure that would let one be worked out: a part of a breakdown whose other parts and total are published, "
            "an estimate computed from a withheld count, or a regional estimate that adds one in. Both are marked "
            "x, the same way, so that the mark does not tell which is which; nothing numeric is drawn for them. "
            "Sums that include them are given as the published part plus the number of x ('135 + 2 × x'), and the "
            "charts show the range the public tables give for such a sum."
        ),
        _legend(),
        tag("h3", "Reported totals that do not add up"),
        p(
            "Some reported totals are smaller than the sum of their parts (flag inconsistent_total). They are kept as "
            "reported; the estimates of the breakdowns note where the parts cannot add up to the total."
        ),
        tag("h3", "The criminal-justice chain"),
        p(
            "Investigated, prosecuted and convicted persons are counted in the year of each step, under national "
            "definitions that differ (an arrest, a charge, a case opened). Few members report all three, so the "
            "pooled comparison uses only member-years that did."
        ),
    ]
    if data.validation is not None and not data.validation.empty:
        parts += [
            tag("h3", "How well the estimates hold up"),
            p(
                "Reported figures were hidden from the model and estimated again; the table compares the "
                "estimates with what was reported (mart_estimate_validation)."
            ),
            *(
                [
                    p(
                        "This validation was computed from an earlier version of the reported figures: it is refreshed "
                        "by its own weekly job (validate_estimates), not on every new submission.",
                        cls="note",
                    )
                ]
                if data.validation_current is False
                else []
            ),
            _generic_table(data, data.validation, "Validation of the estimates", data.validation_withheld),
        ]
    parts += [tag("h3", "Sources"), ul(_sources(data, span))]
    tables = sorted(t for t in data.tables if t.startswith(("mart_", "dim_", "fact_")))
    parts.append(p("Built by ctip report from the warehouse tables " + ", ".join(tables) + ".", cls="note"))
    return join(parts)


def _sources(data: ReportData, span: str) -> list[str]:
    items = []
    subs = data.submissions
    kinds = subs["source_kind"].value_counts().to_dict() if subs is not None and "source_kind" in subs else {}
    glotip = f"UNODC, Global Report on Trafficking in Persons (GLOTIP) data, {span} (unodc.org, data portal dataUNODC)"
    items.append(glotip + (f": {kinds['unodc']} export file." if kinds.get("unodc") else "."))
    if kinds.get("national"):
        items.append(f"National submissions of CMC members: {kinds['national']} files.")
    items.append(
        "Population: World Bank, World Development Indicators, SP.POP.TOTL (data.worldbank.org), "
        "licensed CC BY 4.0; a national figure replaces it where a member supplied one."
    )
    if subs is not None and "received_at" in subs and subs["received_at"].notna().any():
        items.append(f"Latest submission received: {str(subs['received_at'].dropna().astype(str).max())}.")
    return items


def _generic_table(data: ReportData, frame: pd.DataFrame, caption: str, withheld: pd.DataFrame | None = None) -> Markup:
    """A table whose columns may change (mart_estimate_validation): text as text, indicator codes as
    names, coverage as a percentage, other numbers to a few significant digits; "x" in the cells
    `withheld` marks (same rows and columns as `frame`)."""
    frame = frame.reset_index(drop=True)
    withheld = (
        pd.DataFrame(False, index=frame.index, columns=frame.columns)
        if withheld is None
        else withheld.reset_index(drop=True).reindex(columns=frame.columns, fill_value=False).astype(bool)
    )
    text_cols = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]
    frame = frame.sort_values(text_cols or list(frame.columns), kind="stable")
    withheld = withheld.loc[frame.index].reset_index(drop=True)
    frame = frame.reset_index(drop=True)

    def cell(column: str, value):
        if isinstance(value, str):
            return data.indicator_name(value) if column == "indicator" and value in data.indicator_names else value
        if "coverage" in column and not isinstance(value, bool):
            return fmt.percent(value)
        return fmt.number(value)

    rows = [
        [fmt.WITHHELD_TEXT if hidden else cell(str(c), v) for c, v, hidden in zip(frame.columns, record, marks)]
        for record, marks in zip(frame.itertuples(index=False), withheld.itertuples(index=False))
    ]
    return table([re.sub(r"_", " ", str(c)) for c in frame.columns], rows, caption=caption, numeric_from=1)


def _footer(data: ReportData) -> Markup:
    return join(
        [
            p(
                "Caribbean counter-trafficking network (CMC) statistics warehouse, ctip. Figures from UNODC GLOTIP and "
                "members' submissions; population from the World Bank (CC BY 4.0)."
            ),
            p("This page is self-contained: it needs no network connection, and prints."),
        ]
    )

"""The report's charts: one function per chart, each returning a `Chart` (inline SVG + alt text).

Drawn with matplotlib's object API (no pyplot state) on the Agg backend, saved as SVG with text
kept as text (searchable, readable by screen readers, and escaped by matplotlib's XML writer),
mathtext off (a "$" in a member's label stays a dollar sign), a fixed hash salt and no date, so
the same warehouse gives the same bytes. Colours are the Okabe-Ito colour-blind-safe palette, and
no chart relies on colour alone: categories also differ by hatching, marker, line style or letter.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from cycler import cycler  # noqa: E402
from matplotlib.colors import BoundaryNorm, ListedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from ctip.report import fmt  # noqa: E402
from ctip.report.chart import Chart  # noqa: E402
from ctip.schema import load_schema  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design"
BLUE, ORANGE, SKY, GREEN, YELLOW, VERMILLION, PURPLE, BLACK = ("#0072B2", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#D55E00", "#CC79A7", "#000000")
GREY, LIGHT = "#767676", "#EEEEEE"
RANGE_HATCH = "\\\\\\"  # the range withheld totals add to a regional sum (as the public tables give it)
# colour, line style, marker of each stage of the chain (investigated, prosecuted, convicted)
STAGE_STYLE = dict(zip(load_schema().role("chain"), ((BLUE, "-", "o"), (ORANGE, "--", "s"), (GREEN, ":", "D")), strict=True))
# heat-map categories: key -> (colour, letter, letter colour, legend label)
COVERAGE_CATEGORIES = {
    "reported": (BLUE, "R", "#FFFFFF", "Reported (a number)"),
    "withheld": (SKY, fmt.WITHHELD_TEXT, BLACK, "Reported, not published (a count from 1 to 4, or a figure that would let one be worked out)"),
    "estimated": (ORANGE, "E", BLACK, "Not reported: estimated from the member's own series"),
    "modelled": (YELLOW, "M", BLACK, "Not reported: modelled from the region"),
    "breakdown": (GREEN, "B", "#FFFFFF", "Breakdown reported, no total"),
    "none": (LIGHT, "", BLACK, "Nothing reported, no estimate"),
}
RC = {
    "svg.hashsalt": "ctip-report",
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "svg.id": None,
    "text.parse_math": False,
    "text.usetex": False,
    "axes.formatter.use_mathtext": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=[BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK]),
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "hatch.linewidth": 0.8,
}
_ROUND = re.compile(r"(\.\d\d)\d+")
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@contextmanager
def _style() -> Iterator[None]:
    with matplotlib.rc_context(RC):
        yield


def _to_chart(fig: Figure, key: str, title: str, alt: str) -> Chart:
    """Save as SVG and make it fit for inlining: no prolog, no namespace URLs, ids prefixed with
    the chart's key (several SVGs share one document), and a <title>/<desc> for assistive tech."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata=NO_METADATA)
    return Chart(key=key, title=title, alt=alt, svg=inline_svg(buf.getvalue(), key, title, alt))


def inline_svg(svg: str, key: str, title: str, alt: str) -> str:
    """matplotlib's SVG made fit to inline in the page: XML prolog, ids of groups and default styles
    dropped, coordinates rounded, the remaining ids prefixed with `key` (several charts share one
    page), and a title and description for screen readers."""
    svg = svg[svg.index("<svg") :]
    root_end = svg.index(">") + 1
    root = re.sub(r'\s+(?:xmlns(?::\w+)?|version|id)="[^"]*"', "", svg[:root_end])
    body = svg[root_end:]
    # matplotlib's default stroke style: the page's stylesheet carries it once, scoped to SVG
    body = re.sub(r'\s*<defs>\s*<style type="text/css">\*\{[^}]*\}</style>\s*</defs>', "", body, count=1)
    body = re.sub(r'(<g\b[^>]*?)\s+id="[^"]*"', r"\1", body)  # group ids are never referenced
    body = re.sub(r' transform="rotate\(-?0 [^)]*\)"', "", body)  # no-op rotations
    body = re.sub(r"font-family: [^;\"]*;? ?", "", body)  # the page's stylesheet sets the font once
    body = re.sub(
        r'(\s(?:d|x|y|x1|x2|y1|y2|cx|cy|transform|points)=")([^"]*)"', lambda m: m.group(1) + _ROUND.sub(r"\1", m.group(2)) + '"', body
    )  # 0.01 pt is plenty
    body = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{key}-{m.group(1)}"', body)
    body = re.sub(r'(href=")#([^"]+)"', lambda m: f'{m.group(1)}#{key}-{m.group(2)}"', body)
    body = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{key}-{m.group(1)})", body)
    root = root.replace("<svg", f'<svg role="img" aria-labelledby="{key}-title" aria-describedby="{key}-desc" focusable="false"', 1)
    head = f'\n <title id="{key}-title">{html.escape(title)}</title>\n <desc id="{key}-desc">{html.escape(alt)}</desc>'
    return (root + head + body).strip()


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _legend_below(fig: Figure, handles, ncol: int = 2) -> None:
    fig.legend(handles=handles, loc="outside lower center", ncol=ncol, handlelength=2.2, columnspacing=1.5)


def _year_axis(ax, years: list[int]) -> None:
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], rotation=90 if len(years) > 12 else 0)
    ax.set_xlabel("Year")


# ---------------------------------------------------------------------------------------------
# 1. Regional trend


def regional_trend_chart(trend: pd.DataFrame, indicator_label: str, with_estimates: bool, key: str = "trend") -> Chart:
    """Stacked bars: reported part (sum of reported totals) and the estimated remainder, with the
    95% interval of the regional estimate; years that are not publishable are hatched and marked.
    Without estimates: the sum of published totals, its range from withheld totals (as the public
    tables give it), and the population
    share of the members reporting above each bar."""
    years = trend["year"].astype(int).tolist()
    x = np.array(years)
    reported = trend["reported_sum"].to_numpy(float)
    what = indicator_label.lower()
    with _style():
        fig = _figure(9.5, 4.6)
        ax = fig.subplots()
        if with_estimates:
            est = trend["estimate"].to_numpy(float)
            lo, hi = trend["lower_95"].to_numpy(float), trend["upper_95"].to_numpy(float)
            pub = trend["publishable"].to_numpy(bool)
            remainder = np.clip(np.nan_to_num(est - reported, nan=0.0), 0, None)
            ax.bar(x, reported, width=0.7, color=BLUE, edgecolor=BLUE, label="Reported by members")
            ax.bar(x[pub], remainder[pub], bottom=reported[pub], width=0.7, color=ORANGE, edgecolor=ORANGE)
            ax.bar(x[~pub], remainder[~pub], bottom=reported[~pub], width=0.7, color="white", edgecolor=GREY, hatch="///", linewidth=0.8)
            has = np.isfinite(est)
            for mask, colour, style in ((has & pub, BLACK, "-"), (has & ~pub, GREY, "--")):
                if mask.any():
                    bars = ax.errorbar(
                        x[mask], est[mask], yerr=[est[mask] - lo[mask], hi[mask] - est[mask]], fmt="none", ecolor=colour, elinewidth=1.2, capsize=3
                    )
                    bars[2][0].set_linestyle(style)
            withheld = trend["withheld"].to_numpy(bool)
            top = np.nanmax(np.concatenate([hi[has], reported])) if len(x) else 1.0
            for xi, r, hii, p, h, w in zip(x, reported, hi, pub, has, withheld):
                if w:  # the regional estimate is withheld: a mark, no number
                    ax.text(xi, r + top * 0.02, fmt.WITHHELD_TEXT, ha="center", va="bottom", fontsize=8, color=VERMILLION)
                elif not p:
                    ax.text(xi, (hii if h else 0) + top * 0.02, "n.p.", ha="center", va="bottom", fontsize=7, color=GREY)
            ax.set_ylim(0, top * 1.12 if top > 0 else 1)
            ax.set_title(f"{indicator_label} in the region: expected count per year, with 95% interval", loc="left")
            handles = [
                Patch(facecolor=BLUE, edgecolor=BLUE, label="Reported by members (sum of published totals)"),
                Patch(facecolor=ORANGE, edgecolor=ORANGE, label="Estimated for members not reporting or whose total is not published"),
                Line2D([], [], color=BLACK, marker="_", markersize=8, label="95% interval of the regional total"),
                Patch(facecolor="white", edgecolor=GREY, hatch="///", label="n.p. = not publishable (too little of the population reported; see table)"),
            ]
            if withheld.any():
                handles.append(
                    Line2D([], [], color="none", label="x above a bar: regional estimate not published (it would let a withheld figure be worked out)")
                )
            pub_years = [y for y, p, h in zip(years, pub, has) if p and h]
            alt = (f"Bar chart of {what} in the region per year, {years[0]}–{years[-1]}. " if years else "") + (
                "Each bar stacks the sum of members' reported totals and the estimated remainder; whiskers show the 95% interval. "
            )
            if pub_years:
                last = trend[trend["year"] == pub_years[-1]].iloc[0]
                alt += (
                    f"Latest publishable year {pub_years[-1]}: expected {fmt.count(last['estimate'])} "
                    f"(95% interval {fmt.interval(last['lower_95'], last['upper_95'])}), of which "
                    f"{fmt.count(last['reported_sum'])} reported. "
                )
            npub = [str(y) for y, p in zip(years, pub) if not p]
            alt += f"Not publishable: {', '.join(npub)}." if npub else "Every year is publishable."
            nshown = [str(y) for y, w in zip(years, withheld) if w]
            if nshown:
                alt += f" Regional estimate withheld (x): {', '.join(nshown)}."
        else:
            low, high = trend["low"].to_numpy(float), trend["high"].to_numpy(float)
            ax.bar(x, reported, width=0.7, color=BLUE, edgecolor=BLUE)
            has_range = np.isfinite(high) & (high > reported)
            if has_range.any():
                ax.bar(
                    x[has_range],
                    (high - reported)[has_range],
                    bottom=reported[has_range],
                    width=0.7,
                    color="white",
                    edgecolor=SKY,
                    hatch=RANGE_HATCH,
                    linewidth=0.8,
                )
            shown = np.where(np.isfinite(high), np.fmax(high, reported), reported)
            top = float(np.max(shown)) if len(x) else 1.0
            for xi, hv, share in zip(x, shown, trend["population_share"]):
                ax.text(xi, hv + top * 0.02, fmt.percent(share), ha="center", va="bottom", fontsize=7, color=GREY)
            ax.set_ylim(0, top * 1.12 if top > 0 else 1)
            ax.set_title(f"{indicator_label}: sum of the totals members reported (no estimates available)", loc="left")
            handles = [
                Patch(facecolor=BLUE, edgecolor=BLUE, label="Sum of published totals"),
                Patch(facecolor="white", edgecolor=SKY, hatch=RANGE_HATCH, label="Range added by totals not published (x), as the public tables give it"),
                Line2D([], [], color="none", label="% above a bar: share of the region's population in the members reporting"),
            ]
            alt = (f"Bar chart of the sum of {what} reported by members per year, {years[0]}–{years[-1]}. " if years else "") + (
                "The members reporting change from year to year, so the sums are not comparable across years and are not regional totals. "
            )
            if years:
                last = trend.iloc[-1]
                alt += (
                    f"In {years[-1]}, {int(last['n_reporting'])} members covering "
                    f"{fmt.percent(last['population_share'])} of the population reported "
                    f"{fmt.count_range(low[-1], high[-1])}."
                )
        ax.set_ylabel(f"{indicator_label} (persons)")
        if years:
            _year_axis(ax, years)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", color=LIGHT, linewidth=0.8)
        ax.set_axisbelow(True)
        _legend_below(fig, handles, ncol=2)
        return _to_chart(fig, key, f"{indicator_label}: regional trend", alt)


# ---------------------------------------------------------------------------------------------
# 2. Coverage heat map


def coverage_heatmap(totals: pd.DataFrame, members: pd.DataFrame, indicator_label: str, with_estimates: bool, key: str = "coverage") -> Chart:
    """Member x year: reported, withheld ("x"), estimated (own series), modelled (region), nothing.
    Each cell also carries a letter, so the map reads without colour."""
    years = sorted(int(y) for y in totals["year"].unique())
    cells = totals.copy()
    cells["category"] = cells["status"]
    cells.loc[cells["breakdown_only"] & (cells["status"] == "none"), "category"] = "breakdown"
    cats = [
        c
        for c in COVERAGE_CATEGORIES
        if c in set(cells["category"])
        or c in (("reported", "withheld", "estimated", "modelled", "none") if with_estimates else ("reported", "withheld", "none"))
    ]
    code = {c: i for i, c in enumerate(cats)}
    order = members["country_iso3"].tolist()
    names = members["name"].tolist()
    grid = np.full((len(order), len(years)), code["none"], dtype=float)
    row = {iso: i for i, iso in enumerate(order)}
    col = {y: j for j, y in enumerate(years)}
    for r in cells.itertuples(index=False):
        if r.country_iso3 in row and int(r.year) in col:
            grid[row[r.country_iso3], col[int(r.year)]] = code[r.category]
    with _style():
        fig = _figure(2.6 + 0.36 * max(len(years), 4), 1.4 + 0.27 * max(len(order), 3))
        ax = fig.subplots()
        cmap = ListedColormap([COVERAGE_CATEGORIES[c][0] for c in cats])
        norm = BoundaryNorm(np.arange(len(cats) + 1) - 0.5, len(cats))
        ax.pcolormesh(np.arange(len(years) + 1) - 0.5, np.arange(len(order) + 1) - 0.5, grid, cmap=cmap, norm=norm, edgecolors="white", linewidth=0.6)
        for i in range(len(order)):
            for j in range(len(years)):
                cat = cats[int(grid[i, j])]
                letter, colour = COVERAGE_CATEGORIES[cat][1], COVERAGE_CATEGORIES[cat][2]
                if letter:
                    ax.text(j, i, letter, ha="center", va="center", fontsize=6.5, color=colour)
        ax.set_xticks(range(len(years)))
        ax.set_xticklabels([str(y) for y in years], rotation=90)
        ax.set_yticks(range(len(order)))
        ax.set_yticklabels([fmt.shorten(n, 32) for n in names])
        ax.set_xlim(-0.5, len(years) - 0.5)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("Year")
        ax.set_title(f"{indicator_label}: what each member's total rests on, by year", loc="left")
        handles = [
            Patch(
                facecolor=COVERAGE_CATEGORIES[c][0], edgecolor=GREY, linewidth=0.5, label=f"{COVERAGE_CATEGORIES[c][1] or 'blank'}: {COVERAGE_CATEGORIES[c][3]}"
            )
            for c in cats
        ]
        _legend_below(fig, handles, ncol=2)
        counts = cells.groupby("category").size()
        parts = [f"{int(counts.get(c, 0))} {COVERAGE_CATEGORIES[c][3].lower()}" for c in cats if counts.get(c, 0)]
        alt = (
            f"Heat map of {len(order)} members by {len(years)} years"
            + (f" ({years[0]}–{years[-1]})" if years else "")
            + f" showing the basis of each member's {indicator_label.lower()} total. Cells: "
            + "; ".join(parts)
            + ". "
            "The same information is in the table that follows."
        )
        return _to_chart(fig, key, f"Coverage of {indicator_label.lower()} by member and year", alt)


# ---------------------------------------------------------------------------------------------
# 3. Small multiples per member


def member_small_multiples(
    totals: pd.DataFrame, members: pd.DataFrame, indicator_label: str, with_estimates: bool, key: str = "members", ncols: int = 4
) -> Chart:
    """One panel per member: published totals as dots, a withheld total as the letter "x" at the
    foot of the panel (nothing numeric: its value, or even its range, is not published), and (with
    estimates) the estimate as a line with its 95% interval as a band. Each panel has its own scale."""
    order = members["country_iso3"].tolist()
    names = dict(zip(members["country_iso3"], members["name"]))
    years = sorted(int(y) for y in totals["year"].unique())
    nrows = max(1, -(-len(order) // ncols))
    with _style():
        fig = _figure(11, 1.85 * nrows + 0.9)
        axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, squeeze=False)).ravel()
        n_reporting = 0
        for ax, iso in zip(axes, order):
            t = totals[totals["country_iso3"] == iso].sort_values("year")
            rep = t[t["status"] == "reported"]
            withheld = t[t["status"] == "withheld"]
            top = 4.0
            if with_estimates:
                e = t.set_index("year").reindex(years)
                ok = e["estimate"].notna() & ~e["status"].isin(["none"])
                est = e["estimate"].where(ok)
                ax.fill_between(years, e["lower_95"].where(ok), e["upper_95"].where(ok), color=SKY, alpha=0.35, linewidth=0)
                ax.plot(years, est, color=BLUE, linewidth=1.2, linestyle="--")
                if e["upper_95"].where(ok).notna().any():
                    top = max(top, float(e["upper_95"].where(ok).max()))
            elif len(rep) > 1:  # joined only across consecutive reported years
                ax.plot(years, t.set_index("year")["value"].reindex(years), color=GREY, linewidth=0.8)
            if len(rep):
                ax.plot(rep["year"], rep["value"], linestyle="none", marker="o", markersize=3.5, color=BLACK)
                top = max(top, float(rep["value"].max()))
            for year in withheld["year"]:
                ax.text(
                    year, 0.04, fmt.WITHHELD_TEXT, transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=8, fontweight="bold", color=VERMILLION
                )
            if len(rep) or len(withheld):
                n_reporting += 1
            elif not with_estimates or not t["estimate"].notna().any():
                ax.text(0.5, 0.5, "nothing reported", transform=ax.transAxes, ha="center", va="center", fontsize=7, color=GREY)
            ax.set_ylim(0, top * 1.08)
            ax.set_title(fmt.shorten(names.get(iso, iso), 30), loc="left", fontsize=8)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
            ax.grid(axis="y", color=LIGHT, linewidth=0.6)
            ax.set_axisbelow(True)
            ax.tick_params(labelsize=7)
        for ax in axes[len(order) :]:
            ax.set_visible(False)
        if years:
            step = 4 if len(years) > 10 else 2
            ticks = [y for y in years if (y - years[0]) % step == 0]
            for ax in axes[: len(order)]:
                ax.set_xticks(ticks)
                ax.set_xticklabels([str(y) for y in ticks])
                ax.tick_params(axis="x", labelbottom=True)
        fig.suptitle(f"{indicator_label} per member and year (each panel has its own scale)", x=0.01, ha="left", fontsize=10, fontweight="bold")
        handles = [
            Line2D([], [], linestyle="none", marker="o", markersize=4, color=BLACK, label="Reported total"),
            Line2D([], [], linestyle="none", marker="x", markersize=5, color=VERMILLION, label=fmt.WITHHELD_LEGEND),
        ]
        if with_estimates:
            handles += [
                Line2D([], [], color=BLUE, linestyle="--", linewidth=1.2, label="Estimate (expected count)"),
                Patch(facecolor=SKY, alpha=0.35, label="95% interval of the estimate"),
            ]
        _legend_below(fig, handles, ncol=4)
        alt = (
            f"Small multiples, one panel per member ({len(order)} members), of {indicator_label.lower()} per year"
            + (f" {years[0]}–{years[-1]}" if years else "")
            + ". "
            f"{n_reporting} members reported at least one total. Published totals are dots; a total that is not "
            "published is marked x at the foot of the panel, with no value"
            + (", and the estimate is a dashed line inside its shaded 95% interval" if with_estimates else "")
            + ". The figures are in the data table that follows."
        )
        return _to_chart(fig, key, f"{indicator_label} per member", alt)


# ---------------------------------------------------------------------------------------------
# 4. The criminal-justice chain


def chain_by_year_chart(chain: pd.DataFrame, names: Mapping[str, str], with_estimates: bool, key: str = "chain-years") -> Chart:
    """One line per stage. With regional estimates: estimate and 95% band, hollow markers where
    not publishable. Without: the sum of reported totals, with its range from the withheld totals
    as the public tables give it."""
    stages = [s for s in STAGE_STYLE if s in set(chain["indicator"])]
    years = sorted(int(y) for y in chain["year"].unique()) if len(chain) else []
    with _style():
        fig = _figure(9.5, 4.3)
        ax = fig.subplots()
        handles = []
        descr = []
        for stage in stages:
            colour, style, marker = STAGE_STYLE[stage]
            s = chain[chain["indicator"] == stage].sort_values("year")
            label = names.get(stage, stage)
            x = s["year"].to_numpy(int)
            if with_estimates and s["estimate"].notna().any():
                y = s["estimate"].to_numpy(float)
                pub = s["publishable"].to_numpy(bool)
                ax.fill_between(x, s["lower_95"], s["upper_95"], color=colour, alpha=0.13, linewidth=0)
                ax.plot(x, y, color=colour, linestyle=style, linewidth=1.4)
                ax.plot(x[pub], y[pub], linestyle="none", marker=marker, markersize=5, color=colour)
                ax.plot(x[~pub], y[~pub], linestyle="none", marker=marker, markersize=5, color=colour, markerfacecolor="white")
                handles.append(Line2D([], [], color=colour, linestyle=style, marker=marker, label=f"{label} (estimate)"))
                if pub.any():
                    last = s[s["publishable"]].iloc[-1]
                    descr.append(f"{label.lower()}: {fmt.count(last['estimate'])} in {int(last['year'])}")
                else:
                    descr.append(f"{label.lower()}: no publishable year")
            else:
                low, high = s["low"].to_numpy(float), s["high"].to_numpy(float)
                ax.plot(x, low, color=colour, linestyle=style, marker=marker, markersize=4.5, linewidth=1.4)
                rng = np.isfinite(high) & (high > low)
                if rng.any():
                    ax.vlines(x[rng], low[rng], high[rng], colors=colour, linewidth=3, alpha=0.45)
                handles.append(Line2D([], [], color=colour, linestyle=style, marker=marker, label=f"{label} (sum of reported totals)"))
                if len(s):
                    descr.append(f"{label.lower()}: {fmt.count_range(low[-1], high[-1])} in {int(x[-1])}")
        if with_estimates:
            handles += [
                Patch(facecolor=GREY, alpha=0.25, label="95% interval"),
                Line2D([], [], linestyle="none", marker="o", color=GREY, markerfacecolor="white", label="Hollow marker: not publishable"),
            ]
            title = "From investigation to conviction: regional estimates per year"
            ylabel = "Persons (expected regional count)"
        else:
            handles.append(Line2D([], [], color=GREY, linewidth=3, alpha=0.45, label="Range added by totals not published (x), as the public tables give it"))
            title = "From investigation to conviction: sums of reported totals per year"
            ylabel = "Persons (sum of reported totals)"
        ax.set_title(title, loc="left")
        ax.set_ylabel(ylabel)
        if years:
            _year_axis(ax, years)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", color=LIGHT, linewidth=0.8)
        ax.set_axisbelow(True)
        _legend_below(fig, handles, ncol=2)
        alt = (
            "Line chart of persons investigated, prosecuted and convicted per year"
            + (f", {years[0]}–{years[-1]}" if years else "")
            + ". "
            + (
                "Regional estimates with 95% bands; hollow markers are years that are not publishable. "
                if with_estimates
                else "Sums of the totals reported by the members that reported each stage; they are not regional totals. "
            )
            + ("Latest: " + "; ".join(descr) + "." if descr else "No data.")
        )
        return _to_chart(fig, key, title, alt)


def chain_pooled_chart(pooled: dict, names: Mapping[str, str], key: str = "chain-pooled") -> Chart:
    """Horizontal bars, one per stage, pooled over the member-years that reported all three stages.
    A hatched extension shows the range added by withheld totals known (from the public tables) to
    be counts from 1 to 4; member-years with any other withheld total are left out of the pool."""
    stages = list(STAGE_STYLE)
    lows = np.array([pooled["stages"][s][0] for s in stages])
    highs = np.array([pooled["stages"][s][1] for s in stages])
    y = np.arange(len(stages))[::-1]
    labels = [names.get(s, s) for s in stages]
    with _style():
        fig = _figure(9.5, 2.9)
        ax = fig.subplots()
        for yi, s, lo, hi in zip(y, stages, lows, highs):
            colour = STAGE_STYLE[s][0]
            ax.barh(yi, lo, height=0.6, color=colour, edgecolor=colour)
            if hi > lo:
                ax.barh(yi, hi - lo, left=lo, height=0.6, color="white", edgecolor=colour, hatch=RANGE_HATCH, linewidth=0.8)
        top = float(highs.max()) if len(highs) and highs.max() > 0 else 1.0
        for yi, lo, hi in zip(y, lows, highs):
            ax.text(hi + top * 0.01, yi, fmt.count_range(lo, hi), va="center", ha="left", fontsize=8)
        ax.set_yticks(y)
        ax.set_yticklabels(labels)
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("Persons, pooled over the member-years")
        n = pooled["n_member_years"]
        span = f"{pooled['years'][0]}–{pooled['years'][1]}" if pooled["years"] else ""
        title = f"Persons at each stage, pooled over {n} member-years that reported all three stages ({span})"
        ax.set_title(title, loc="left")
        ax.grid(axis="x", color=LIGHT, linewidth=0.8)
        ax.set_axisbelow(True)
        handles = [Patch(facecolor="white", edgecolor=GREY, hatch=RANGE_HATCH, label="Range added by totals not published (x) that are counts from 1 to 4")]
        _legend_below(fig, handles, ncol=1)
        alt = (
            f"Horizontal bar chart of the criminal-justice chain pooled over {n} member-years ({span}) in which "
            f"{len(pooled['members'])} members reported all three stages: "
            + "; ".join(f"{lab.lower()} {fmt.count_range(lo, hi)}" for lab, lo, hi in zip(labels, lows, highs))
            + "."
        )
        if pooled.get("n_left_out"):
            alt += f" {pooled['n_left_out']} member-years with a total not published (x) that may be a figure of any size are left out."
        return _to_chart(fig, key, title, alt)

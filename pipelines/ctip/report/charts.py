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
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from cycler import cycler  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from ctip.export.regional_years import NOT_PUBLISHABLE, WITHHELD, year_status  # noqa: E402
from ctip.report import fmt  # noqa: E402
from ctip.report.chart import Chart  # noqa: E402
from ctip.schema import load_schema  # noqa: E402

log = logging.getLogger(__name__)

# Okabe & Ito (2008), "Color Universal Design"
BLUE, ORANGE, SKY, GREEN, YELLOW, VERMILLION, PURPLE, BLACK = ("#0072B2", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#D55E00", "#CC79A7", "#000000")
GREY, LIGHT = "#767676", "#EEEEEE"
RANGE_HATCH = "\\\\\\"  # the range withheld totals add to a regional sum (as the public tables give it)
# colour, line style, marker of each stage of the chain (investigated, prosecuted, convicted)
STAGE_STYLE = dict(zip(load_schema().role("chain"), ((BLUE, "-", "o"), (ORANGE, "--", "s"), (GREEN, ":", "D")), strict=True))
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
    # "tight" measures the drawn figure once more, but a legend wider than the figure (the trend's)
    # is only inside the picture with it
    fig.savefig(buf, format="svg", metadata=NO_METADATA, bbox_inches="tight", pad_inches=0.08)
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
            # An interval that does not hold its estimate (the mean of very skewed draws can lie
            # above their 97.5% quantile, attack4 I-D) has no error bar: matplotlib refuses a
            # negative one, and one odd row must not stop the report.
            # (A rounding error's worth outside, as sums in another order give, still holds.)
            with np.errstate(invalid="ignore"):
                tol = 1e-9 * np.maximum(1.0, np.abs(est))
                holds = np.isfinite(lo) & np.isfinite(hi) & (lo - tol <= est) & (est <= hi + tol)
            for year in x[has & ~holds].tolist():
                log.warning("regional trend: no error bar for %s in %s: its 95%% interval does not contain its estimate", what, year)
            for mask, colour, style in ((has & holds & pub, BLACK, "-"), (has & holds & ~pub, GREY, "--")):
                if mask.any():
                    bars = ax.errorbar(
                        x[mask],
                        est[mask],
                        yerr=[np.clip(est[mask] - lo[mask], 0, None), np.clip(hi[mask] - est[mask], 0, None)],
                        fmt="none",
                        ecolor=colour,
                        elinewidth=1.2,
                        capsize=3,
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
            # one rule for the summary, the public table and the report (ctip.export.regional_years)
            npub = [str(y) for y, p, w in zip(years, pub, withheld) if year_status(bool(p), bool(w)) == NOT_PUBLISHABLE]
            nshown = [str(y) for y, p, w in zip(years, pub, withheld) if year_status(bool(p), bool(w)) == WITHHELD]
            alt += f"Not publishable: {', '.join(npub)}." if npub else ("Every year not withheld is publishable." if nshown else "Every year is publishable.")
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


# 2. Coverage heat map: ctip.report.coverage_chart; 3. small multiples per member:
# ctip.report.member_chart (both written as SVG directly)


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

"""The members' small multiples, written as SVG directly.

This chart is the report's largest (a panel per member, dozens of tick labels) and changes with
any member's figures or estimates; drawn with matplotlib it cost about two seconds of CPU, most of
it laying out text. Its shapes are simple (dots, a dashed line, a band, a few letters), so it is
written here in the report's chart style (the palette and sizes of `charts.RC`): the same panels,
scales (matplotlib's own tick locator), marks and legend, in a few milliseconds. Text stays text
and every label is escaped."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ctip.report import fmt
from ctip.report.chart import Chart
from ctip.report.svg import CHAR, PT, num, svg_root, text

# the palette of ctip.report.charts (not imported: it loads matplotlib)
BLUE, SKY, VERMILLION, BLACK, GREY, LIGHT = "#0072B2", "#56B4E9", "#D55E00", "#000000", "#767676", "#EEEEEE"
WIDTH, ROW, FIXED = 11.0, 1.85, 0.9  # inches: figure width, height per row of panels, title and legend


def _runs(mask: np.ndarray) -> Iterable[tuple[int, int]]:
    """(start, end) of each run of True in `mask` (end exclusive)."""
    start = None
    for i, m in enumerate(list(mask) + [False]):
        if m and start is None:
            start = i
        elif not m and start is not None:
            yield start, i
            start = None


def _ticks(top: float) -> list[float]:
    """The y ticks matplotlib's MaxNLocator(nbins=3, integer=True) puts on [0, top]."""
    from matplotlib.ticker import MaxNLocator

    ticks = MaxNLocator(nbins=3, integer=True).tick_values(0.0, top)
    return [float(t) for t in ticks if -1e-9 <= t <= top * (1 + 1e-9)]


def _tick_label(value: float) -> str:
    return str(int(round(value))) if float(value).is_integer() else f"{value:g}"


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
    width, height = WIDTH * PT, (ROW * nrows + FIXED) * PT
    legend = _legend_items(with_estimates)
    legend_rows = _legend_layout(legend, width)
    top0, bottom0 = 30.0, 10.0 + 14.0 * len(legend_rows)
    cell_w, cell_h = (width - 12.0) / ncols, (height - top0 - bottom0) / nrows
    # x: the years with matplotlib's 5% margins; ticks every 2 or 4 years
    lo, hi = (years[0], years[-1]) if years else (0, 1)
    span = max(hi - lo, 1)
    x_lo, x_hi = lo - 0.05 * span, hi + 0.05 * span
    step = 4 if len(years) > 10 else 2
    xticks = [y for y in years if (y - years[0]) % step == 0] if years else []
    by_member = {iso: g for iso, g in totals.groupby("country_iso3", sort=False)}
    empty = totals.iloc[0:0]

    body: list[str] = []
    title = f"{indicator_label} per member and year (each panel has its own scale)"
    body.append(text(0.01 * width, 16.0, title, 10, bold=True))
    n_reporting = 0
    for i, iso in enumerate(order):
        row, col = divmod(i, ncols)
        left = 6.0 + col * cell_w + 28.0
        right = 6.0 + (col + 1) * cell_w - 8.0
        top = top0 + row * cell_h + 14.0
        bottom = top0 + (row + 1) * cell_h - 20.0
        t = by_member.get(iso, empty).sort_values("year")
        rep = t[t["status"] == "reported"]
        withheld = t[t["status"] == "withheld"]
        ymax = 4.0
        e = t.set_index("year").reindex(years)
        if with_estimates:
            ok = (e["estimate"].notna() & ~e["status"].isin(["none"])).to_numpy(bool)
            upper = e["upper_95"].to_numpy(float)
            if np.isfinite(upper[ok]).any():
                ymax = max(ymax, float(np.nanmax(upper[ok])))
        if len(rep):
            ymax = max(ymax, float(rep["value"].max()))
        ylim = ymax * 1.08

        def sx(x, left=left, right=right):
            return left + (x - x_lo) / (x_hi - x_lo) * (right - left)

        def sy(y, top=top, bottom=bottom, ylim=ylim):
            return bottom - y / ylim * (bottom - top)

        clip = f"{key}-panel{i}"
        body.append(f'<clipPath id="{clip}"><rect x="{num(left)}" y="{num(top)}" width="{num(right - left)}" height="{num(bottom - top)}"/></clipPath>')
        for tick in _ticks(ylim):  # grid, tick marks and labels of the vertical scale
            y = sy(tick)
            body.append(f'<path d="M{num(left)} {num(y)}H{num(right)}" style="fill:none;stroke:{LIGHT};stroke-width:0.6"/>')
            body.append(f'<path d="M{num(left - 3.5)} {num(y)}H{num(left)}" style="fill:none;stroke:{BLACK};stroke-width:0.8"/>')
            body.append(text(left - 5.5, y + 2.5, _tick_label(tick), 7, anchor="end"))
        marks = [f'<g clip-path="url(#{clip})">']
        if with_estimates:
            lower, est = e["lower_95"].to_numpy(float), e["estimate"].to_numpy(float)
            band = ok & np.isfinite(lower) & np.isfinite(upper)
            for a, b in _runs(band):
                if b - a > 1:
                    pts = [(sx(years[j]), sy(upper[j])) for j in range(a, b)] + [(sx(years[j]), sy(lower[j])) for j in reversed(range(a, b))]
                    d = "M" + "L".join(f"{num(x)} {num(y)}" for x, y in pts) + "Z"
                    marks.append(f'<path d="{d}" style="fill:{SKY};fill-opacity:0.35;stroke:none"/>')
            line = ok & np.isfinite(est)
            for a, b in _runs(line):
                if b - a > 1:
                    d = "M" + "L".join(f"{num(sx(years[j]))} {num(sy(est[j]))}" for j in range(a, b))
                    marks.append(f'<path d="{d}" style="fill:none;stroke:{BLUE};stroke-width:1.2;stroke-dasharray:4.44,1.92"/>')
        elif len(rep) > 1:  # joined only across consecutive reported years
            value = e["value"].to_numpy(float)
            for a, b in _runs(np.isfinite(value)):
                if b - a > 1:
                    d = "M" + "L".join(f"{num(sx(years[j]))} {num(sy(value[j]))}" for j in range(a, b))
                    marks.append(f'<path d="{d}" style="fill:none;stroke:{GREY};stroke-width:0.8"/>')
        for year, value in zip(rep["year"], rep["value"]):
            marks.append(f'<circle cx="{num(sx(year))}" cy="{num(sy(value))}" r="2.1" style="fill:{BLACK}"/>')
        marks.append("</g>")
        body.extend(marks)
        for year in withheld["year"]:
            body.append(text(sx(year), bottom - 0.04 * (bottom - top), fmt.WITHHELD_TEXT, 8, anchor="middle", colour=VERMILLION, bold=True))
        if len(rep) or len(withheld):
            n_reporting += 1
        elif not with_estimates or not t["estimate"].notna().any():
            body.append(text((left + right) / 2, (top + bottom) / 2 + 2.5, "nothing reported", 7, anchor="middle", colour=GREY))
        # axes: left and bottom spines, year ticks and labels on every panel, the member's name
        body.append(f'<path d="M{num(left)} {num(top)}V{num(bottom)}H{num(right)}" style="fill:none;stroke:{BLACK};stroke-width:0.8"/>')
        for year in xticks:
            x = sx(year)
            body.append(f'<path d="M{num(x)} {num(bottom)}V{num(bottom + 3.5)}" style="fill:none;stroke:{BLACK};stroke-width:0.8"/>')
            body.append(text(x, bottom + 11.5, str(year), 7, anchor="middle"))
        body.append(text(left, top - 4.0, fmt.shorten(names.get(iso, iso), 30), 8, bold=True))
    body.extend(_legend_svg(legend_rows, width, height - bottom0 + 10.0))
    alt = (
        f"Small multiples, one panel per member ({len(order)} members), of {indicator_label.lower()} per year"
        + (f" {years[0]}–{years[-1]}" if years else "")
        + ". "
        f"{n_reporting} members reported at least one total. Published totals are dots; a total that is not "
        "published is marked x at the foot of the panel, with no value"
        + (", and the estimate is a dashed line inside its shaded 95% interval" if with_estimates else "")
        + ". The figures are in the data table that follows."
    )
    chart_title = f"{indicator_label} per member"
    return Chart(key=key, title=chart_title, alt=alt, svg=svg_root(key, chart_title, alt, width, height, body))


def _legend_items(with_estimates: bool) -> list[tuple[str, str]]:
    """(kind of handle, label) of the legend below the panels."""
    items = [("dot", "Reported total"), ("x", fmt.WITHHELD_LEGEND)]
    if with_estimates:
        items += [("dashed", "Estimate (expected count)"), ("band", "95% interval of the estimate")]
    return items


def _item_width(label: str) -> float:
    return 17.6 + 6.4 + len(label) * CHAR * 8  # handle, gap, text at 8 pt (matplotlib's legend spacing)


def _legend_layout(items: list[tuple[str, str]], width: float) -> list[list[tuple[str, str]]]:
    """One row when the legend fits the figure, else as few rows as fit (matplotlib's would spill out)."""
    for per_row in range(len(items), 0, -1):
        rows = [items[i : i + per_row] for i in range(0, len(items), per_row)]
        if all(sum(_item_width(lab) for _, lab in r) + 12.0 * (len(r) - 1) <= width - 16 for r in rows):
            return rows
    return [[item] for item in items]


def _legend_svg(rows: list[list[tuple[str, str]]], width: float, y0: float) -> list[str]:
    out = []
    for r, items in enumerate(rows):
        y = y0 + 14.0 * r
        total = sum(_item_width(lab) for _, lab in items) + 12.0 * (len(items) - 1)
        x = (width - total) / 2
        for kind, label in items:
            mid = x + 8.8
            if kind == "dot":
                out.append(f'<circle cx="{num(mid)}" cy="{num(y - 3)}" r="2" style="fill:{BLACK}"/>')
            elif kind == "x":
                out.append(text(mid, y, fmt.WITHHELD_TEXT, 8, anchor="middle", colour=VERMILLION, bold=True))
            elif kind == "dashed":
                out.append(f'<path d="M{num(x)} {num(y - 3)}H{num(x + 17.6)}" style="fill:none;stroke:{BLUE};stroke-width:1.2;stroke-dasharray:4.44,1.92"/>')
            else:
                out.append(f'<rect x="{num(x)}" y="{num(y - 7)}" width="17.6" height="8" style="fill:{SKY};fill-opacity:0.35"/>')
            out.append(text(x + 24.0, y, label, 8))
            x += _item_width(label) + 12.0
    return out

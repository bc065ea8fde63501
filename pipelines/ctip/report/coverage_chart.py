"""The coverage heat map (member x year), written as SVG directly.

A grid of coloured cells with a letter each, names on the left, years below and a legend: drawn
with matplotlib it cost most of a second of CPU (laying out hundreds of letters) and is drawn
again whenever a member's status changes. Written here in the report's chart style, with the
categories, colours and letters the matplotlib version had."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ctip.report import fmt
from ctip.report.chart import Chart
from ctip.report.svg import CHAR, PT, num, svg_root, text

BLUE, ORANGE, SKY, GREEN, YELLOW, BLACK, GREY, LIGHT = ("#0072B2", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#000000", "#767676", "#EEEEEE")
# key -> (colour, letter, letter colour, legend label); ctip.report.charts uses the same
COVERAGE_CATEGORIES = {
    "reported": (BLUE, "R", "#FFFFFF", "Reported (a number)"),
    "withheld": (SKY, fmt.WITHHELD_TEXT, BLACK, "Reported, not published (a count from 1 to 4, or a figure that would let one be worked out)"),
    "estimated": (ORANGE, "E", BLACK, "Not reported: estimated from the member's own series"),
    "modelled": (YELLOW, "M", BLACK, "Not reported: modelled from the region"),
    "breakdown": (GREEN, "B", "#FFFFFF", "Breakdown reported, no total"),
    "none": (LIGHT, "", BLACK, "Nothing reported, no estimate"),
}
CELL_W, CELL_H = 0.36 * PT, 0.27 * PT  # the matplotlib version's inches per year and per member


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
    order = members["country_iso3"].tolist()
    names = [fmt.shorten(n, 32) for n in members["name"].tolist()]
    grid = np.full((len(order), len(years)), "none", dtype=object)
    row = {iso: i for i, iso in enumerate(order)}
    col = {y: j for j, y in enumerate(years)}
    for r in cells.itertuples(index=False):
        if r.country_iso3 in row and int(r.year) in col:
            grid[row[r.country_iso3], col[int(r.year)]] = r.category

    title = f"{indicator_label}: what each member's total rests on, by year"
    labels = [(COVERAGE_CATEGORIES[c][0], f"{COVERAGE_CATEGORIES[c][1] or 'blank'}: {COVERAGE_CATEGORIES[c][3]}") for c in cats]
    per_col = math.ceil(len(labels) / 2)
    columns = [labels[:per_col], labels[per_col:]]  # matplotlib fills a legend's columns first
    col_w = [max((17.6 + 6.4 + len(lab) * CHAR * 8 for _, lab in c), default=0.0) for c in columns]
    left = 8.0 + max((len(n) for n in names), default=0) * CHAR * 8 + 6.0
    grid_w, grid_h = CELL_W * len(years), CELL_H * len(order)
    top = 24.0
    year_h = 4.0 + max((len(str(y)) for y in years), default=4) * CHAR * 8
    legend_top = top + grid_h + year_h + 22.0
    width = max(left + grid_w + 12.0, sum(col_w) + 12.0 + 16.0, left + len(title) * CHAR * 10)
    height = legend_top + 14.0 * per_col + 6.0

    body = [text(left, 16.0, title, 10, bold=True)]
    for i, name in enumerate(names):
        y = top + (i + 0.5) * CELL_H
        body.append(text(left - 4.0, y + 3.0, name, 8, anchor="end"))
        for j in range(len(years)):
            colour, letter, ink, _ = COVERAGE_CATEGORIES[grid[i, j]]
            x = left + j * CELL_W
            size = f'width="{num(CELL_W)}" height="{num(CELL_H)}"'
            body.append(f'<rect x="{num(x)}" y="{num(top + i * CELL_H)}" {size} style="fill:{colour};stroke:#FFFFFF;stroke-width:0.6"/>')
            if letter:
                body.append(text(x + CELL_W / 2, y + 2.3, letter, 6.5, anchor="middle", colour=ink))
    for j, year in enumerate(years):
        x, y = left + (j + 0.5) * CELL_W, top + grid_h + 4.0
        at = f'x="{num(x + 3.0)}" y="{num(y)}" transform="rotate(-90 {num(x + 3.0)} {num(y)})"'
        body.append(f'<text {at} style="font-size:8px;fill:{BLACK}" text-anchor="end">{year}</text>')
    body.append(text(left + grid_w / 2, top + grid_h + year_h + 12.0, "Year", 9, anchor="middle"))
    x0 = (width - (sum(col_w) + 12.0)) / 2
    for c, entries in enumerate(columns):
        x = x0 + sum(col_w[:c]) + 12.0 * c
        for r, (colour, label) in enumerate(entries):
            y = legend_top + 14.0 * r
            body.append(f'<rect x="{num(x)}" y="{num(y - 7)}" width="17.6" height="8" style="fill:{colour};stroke:{GREY};stroke-width:0.5"/>')
            body.append(text(x + 24.0, y, label, 8))
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
    chart_title = f"Coverage of {indicator_label.lower()} by member and year"
    return Chart(key=key, title=chart_title, alt=alt, svg=svg_root(key, chart_title, alt, width, height, body))

"""The flows section's charts (static SVG, with the report's style): an origin -> destination
diagram and the intra-regional matrices as heat maps. Withheld flows are drawn, never valued:
a dashed line or a cell marked "x"."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from ctip.report import fmt
from ctip.report.charts import BLUE, GREY, LIGHT, Chart, _figure, _style, _to_chart
from ctip.schema import load_schema


def flow_diagram(links: pd.DataFrame, names: dict[str, str], key: str = "flows-diagram") -> Chart:
    """Origins on the left, destinations on the right, one band per link, its width the published
    sum; a link whose flows are all withheld is a dashed line labelled "x"."""
    origins = list(dict.fromkeys(links["origin"]))
    destinations = list(dict.fromkeys(links["destination"]))
    n = max(len(origins), len(destinations), 1)
    with _style():
        fig = _figure(7.2, 0.34 * n + 1.0)
        ax = fig.add_subplot()
        ax.set_xlim(-0.62, 1.62)
        ax.set_ylim(-0.5, n - 0.5)
        ax.invert_yaxis()
        ax.axis("off")
        y_o = {o: i * (n - 1) / max(len(origins) - 1, 1) for i, o in enumerate(origins)}
        y_d = {d: i * (n - 1) / max(len(destinations) - 1, 1) for i, d in enumerate(destinations)}
        top = float(links["published"].max()) if len(links) else 1.0
        for row in links.itertuples():
            y0, y1 = y_o[row.origin], y_d[row.destination]
            verts = [(0.0, y0), (0.5, y0), (0.5, y1), (1.0, y1)]
            path = MplPath(verts, [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])
            if row.published > 0:
                width = 1.0 + 9.0 * row.published / max(top, 1.0)
                ax.add_patch(PathPatch(path, facecolor="none", edgecolor=BLUE, alpha=0.45, lw=width))
            else:
                ax.add_patch(PathPatch(path, facecolor="none", edgecolor=GREY, lw=1.0, linestyle=(0, (3, 2))))
            label = fmt.with_withheld(row.published, row.n_withheld) if row.published > 0 else fmt.WITHHELD_TEXT
            ax.text(
                0.5,
                (y0 + y1) / 2,
                label,
                ha="center",
                va="center",
                fontsize=7,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
            )
        for o, y in y_o.items():
            ax.text(-0.02, y, fmt.shorten(names.get(o, o), 30), ha="right", va="center", fontsize=8)
        for d, y in y_d.items():
            ax.text(1.02, y, fmt.shorten(names.get(d, d), 30), ha="left", va="center", fontsize=8)
        ax.text(-0.02, -0.9, "Citizens of", ha="right", fontweight="bold", fontsize=8)
        ax.text(1.02, -0.9, "detected in", ha="left", fontweight="bold", fontsize=8)
        alt = "Origin to destination of detected victims, all years: " + "; ".join(
            f"{names.get(r.origin, r.origin)} to {names.get(r.destination, r.destination)}: "
            f"{fmt.with_withheld(r.published, r.n_withheld) if r.published > 0 else fmt.WITHHELD_TEXT}"
            for r in links.itertuples()
        )
        return _to_chart(fig, key, "Where victims come from and where they are detected", alt)


def matrix_heatmaps(matrix: pd.DataFrame, names: dict[str, str], key: str = "flows-matrix") -> Chart:
    """One heat map per period: origin member (rows) x destination member (columns). A cell holds
    the sum over the period, or, where a flow is withheld, the published part and "+x" (an exact
    sum is never shown where a <5 or withheld flow is involved)."""
    m = matrix[matrix["indicator"] == load_schema().role("headline")]
    periods = list(dict.fromkeys(m.sort_values("first_year")["period"]))
    origins = sorted(set(m["origin_iso3"]))
    destinations = sorted(set(m["destination_iso3"]))
    with _style():
        fig = _figure(2.6 * max(len(periods), 1) + 0.8, 0.36 * max(len(origins), 1) + 1.4)
        axes = [fig.add_subplot(1, max(len(periods), 1), i + 1) for i in range(max(len(periods), 1))]
        top = float(pd.to_numeric(m["total_min"]).max()) if len(m) else 1.0
        texts = []
        for ax, period in zip(axes, periods or ["no data"]):
            grid = np.full((len(origins), len(destinations)), np.nan)
            sub = m[m["period"] == period]
            for r in sub.itertuples():
                grid[origins.index(r.origin_iso3), destinations.index(r.destination_iso3)] = float(r.total_min)
            ax.imshow(np.where(np.isnan(grid), 0, grid), cmap="Blues", vmin=0, vmax=max(top, 1.0), aspect="auto")
            for r in sub.itertuples():
                i, j = origins.index(r.origin_iso3), destinations.index(r.destination_iso3)
                exact = pd.notna(r.total)
                text = fmt.count(r.total) if exact else (fmt.WITHHELD_TEXT if float(r.total_min) == 0 else f"{fmt.count(r.total_min)}+{fmt.WITHHELD_TEXT}")
                dark = float(r.total_min) > 0.6 * max(top, 1.0)
                ax.text(j, i, text, ha="center", va="center", fontsize=7, color="white" if dark else "black")
                texts.append(f"{period}: {names.get(r.origin_iso3, r.origin_iso3)} to {names.get(r.destination_iso3, r.destination_iso3)} {text}")
            for i, j in zip(*np.where(np.isnan(grid))):
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=LIGHT, edgecolor="white"))
            ax.set_title(period)
            ax.set_xticks(range(len(destinations)), destinations, rotation=90)
            ax.set_yticks(range(len(origins)), origins if ax is axes[0] else [""] * len(origins))
            ax.tick_params(length=0)
            for spine in ax.spines.values():
                spine.set_visible(False)
        axes[0].set_ylabel("Citizens of (origin)")
        fig.supxlabel("Detected in (destination)", fontsize=8)
        alt = "Intra-regional flows by period: " + ("; ".join(texts) if texts else "none reported")
        return _to_chart(fig, key, "Intra-regional flows between members, by period", alt)

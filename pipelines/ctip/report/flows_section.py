"""The report's flows section: where victims come from and where they are found."""

from __future__ import annotations

import pandas as pd

from ctip.report import fmt
from ctip.report.chart_cache import ChartCache
from ctip.report.flows_data import FlowData, abroad_by_region, links
from ctip.report.page import Cell, Markup, figure, join, p, table

SECTION_FLOWS = "Flows: where victims come from and where they are found"
REGIONS = ("Caribbean members", "Americas", "Europe", "Asia", "Africa", "Oceania", "Unknown")


def _names(data: FlowData, member_name) -> dict[str, str]:
    names = {iso3: member_name(iso3) for iso3 in data.members}
    return names


def flows_section(data: FlowData | None, member_name, draw=None) -> Markup:
    """The report's flows section: the origin-destination diagram, members' citizens detected abroad by
    region and the intra-regional matrices. Withheld flows show as "x", never summed into one number;
    no flows give one sentence saying so. `draw`: ChartCache.draw (charts drawn every time without)."""
    draw = draw or ChartCache().draw
    if data is None or data.empty:
        return p("No flows (victims by citizenship or country of repatriation) are in the warehouse.")
    names = _names(data, member_name)
    parts = [
        p(
            "Victims detected in one country who are citizens of another, as reported: by the members and, "
            "for members' citizens found elsewhere, by the other countries in UNODC's Global Report data. "
            f"A flow that is not published (a count from 0 to 4, or a figure from which one could be worked out) is "
            f"shown as \u201c{fmt.WITHHELD_TEXT}\u201d; a sum that includes one is the published part plus "
            f"\u201c{fmt.WITHHELD_TEXT}\u201d, never a single number."
        )
    ]
    top = links(data)
    if len(top):
        parts.append(
            figure(
                draw("flow_charts.flow_diagram", top, names),
                join(
                    [
                        "Origin \u2192 destination, all years added up (the largest links; members by name, other countries by "
                        "UN M49 region). Band width: the published sum; dashed: only withheld flows."
                    ]
                ),
            )
        )
    abroad = abroad_by_region(data)
    if len(abroad):
        regions = [r for r in REGIONS if r in set(abroad["region"])] + sorted(set(abroad["region"]) - set(REGIONS))
        rows = []
        for member, g in abroad.groupby("member_iso3"):
            by = g.set_index("region")
            cells = []
            for region in regions:
                if region not in by.index:
                    cells.append(Cell(fmt.MISSING_TEXT, "np"))
                    continue
                pub, n = by.loc[region, "published"], int(by.loc[region, "n_withheld"])
                text = fmt.WITHHELD_TEXT if (pub == 0 and n) else fmt.with_withheld(pub, n)
                cells.append(Cell(text, "supp" if n else None))
            rows.append([names.get(member, member), *cells])
        parts.append(
            table(
                ["Citizens of", *[f"Detected in: {r}" for r in regions]],
                rows,
                caption="Members' citizens detected abroad, all years, by destination (UN M49 region)",
            )
        )
    if len(data.matrix):
        parts.append(
            figure(
                draw("flow_charts.matrix_heatmaps", data.matrix, names),
                join(
                    [
                        "Intra-regional flows between members by period (2003\u20132011, 2012\u20132016, 2017\u20132021): "
                        f"sums of the reported years; \u201c+{fmt.WITHHELD_TEXT}\u201d where a flow is withheld "
                        "(the sum is then a range); the diagonal is citizens detected in their own country."
                    ]
                ),
            )
        )
    return join(parts)


__all__ = ["SECTION_FLOWS", "flows_section", "pd"]

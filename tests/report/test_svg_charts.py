"""The charts written as SVG directly (member small multiples, coverage heat map): what they draw
follows the data, withheld totals are marks without a value, and labels are escaped."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from ctip.report import fmt
from ctip.report.coverage_chart import coverage_heatmap
from ctip.report.member_chart import member_small_multiples

NAN = np.nan
MEMBERS = pd.DataFrame({"country_iso3": ["AAA", "BBB", "CCC"], "name": ["Alpha", "B <b>&</b>", "Gamma"]})


def _totals(with_estimates: bool) -> pd.DataFrame:
    rows = [
        # country, year, status, value, estimate, lower, upper, breakdown_only
        ("AAA", 2018, "reported", 120.0, 120.0, 120.0, 120.0, False),
        ("AAA", 2019, "reported", 150.0, 150.0, 150.0, 150.0, False),
        ("AAA", 2020, "withheld", NAN, NAN, NAN, NAN, False),
        ("BBB", 2018, "none", NAN, NAN, NAN, NAN, True),
        ("BBB", 2019, "estimated" if with_estimates else "none", NAN, 7.0 if with_estimates else NAN, 2.0, 30.0, False),
        ("CCC", 2020, "none", NAN, NAN, NAN, NAN, False),
    ]
    frame = pd.DataFrame(rows, columns=["country_iso3", "year", "status", "value", "estimate", "lower_95", "upper_95", "breakdown_only"])
    if not with_estimates:
        frame[["estimate", "lower_95", "upper_95"]] = NAN
    return frame.assign(estimate_withheld=False, note="")


def _texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]


def test_member_panels_draw_published_totals_and_mark_withheld_ones():
    for with_estimates in (False, True):
        chart = member_small_multiples(_totals(with_estimates), MEMBERS, "Victims detected", with_estimates)
        texts = _texts(chart.svg)
        assert chart.svg.startswith("<svg") and chart.svg.count("<svg") == 1
        assert chart.svg.count("<circle") == 2 + 1  # AAA's two published totals, and the legend's dot
        assert texts.count(fmt.WITHHELD_TEXT) == 1 + 1  # AAA 2020, and the legend's mark
        assert fmt.WITHHELD_LEGEND in texts and "B <b>&</b>" in texts and "<b>" not in chart.svg
        assert texts.count("nothing reported") == (2 if not with_estimates else 1)  # BBB has an estimate with them
        assert ("stroke-dasharray" in chart.svg) == with_estimates  # the estimate's dashed line
        assert "120" in texts and texts.count("0") == 3  # each panel its own scale from 0 (AAA's up to its 150)
        assert "3 members" in chart.alt and "1 members reported" in chart.alt
        ids = re.findall(r'\sid="([^"]+)"', chart.svg)
        assert len(ids) == len(set(ids)) and all(i.startswith("members-") for i in ids)


def test_heat_map_letters_follow_the_statuses():
    chart = coverage_heatmap(_totals(True)[["country_iso3", "year", "status", "breakdown_only"]], MEMBERS, "Victims detected", True)
    texts = _texts(chart.svg)
    cells = [t for t in texts if len(t) == 1]
    assert sorted(cells) == sorted(["R", "R", fmt.WITHHELD_TEXT, "B", "E"])  # blank cells carry no letter
    assert chart.svg.count("<rect") == 1 + 3 * 3 + 6  # background, 3 members x 3 years, 6 legend keys (B appears)
    assert "B <b>&</b>" in texts and "<b>" not in chart.svg
    assert any(t.startswith(f"{fmt.WITHHELD_TEXT}: ") for t in texts)
    assert "2 reported (a number)" in chart.alt and "1 breakdown reported, no total" in chart.alt

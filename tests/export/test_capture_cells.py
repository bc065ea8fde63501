"""attack3 H-S: a published Multiple Systems Estimate gives its capture-history cells back.

With two lists and main effects the estimate is (n10 + m)(n01 + m) / m and observed n10 + n01 + m,
so observed 56 and estimate 806 say: police only 30, NGO only 25, both 1. A row whose cells (or an
overlap of lists, or a list's size) hold a count from 1 to 4 is withheld, warnings included."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.export.capture_cells import small_capture_rows
from ctip.export.suppression import protect
from ctip.schema import KEY_COLUMNS


def _fact(country_totals: dict[str, int]) -> pd.DataFrame:
    rows = [(c, 2021, "victims_detected", "total", "total", "total", "total", v, None) for c, v in country_totals.items()]
    frame = pd.DataFrame(rows, columns=[*KEY_COLUMNS, "value", "flag"])
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    for col in ("submission_id", "source_file", "source_sheet", "source_cell"):
        frame[col] = "x"
    return frame


def _two_lists(country: str, n10: int, n01: int, m: int) -> tuple[pd.DataFrame, dict]:
    """Capture cells and the MSE row they give (Lincoln-Petersen: the two-list main-effects model)."""
    cells = pd.DataFrame({"country_iso3": country, "year": 2021, "lists": "Police,NGO", "pattern": ["1,0", "0,1", "1,1"], "count": [n10, n01, m]})
    estimate = (n10 + m) * (n01 + m) / m
    row = {
        "country_iso3": country,
        "year": 2021,
        "observed": n10 + n01 + m,
        "estimate": estimate,
        "ci_lower": estimate * 0.8,
        "ci_upper": estimate * 1.5,
        "lists": "Police,NGO",
        "model": "",
        "averaged_estimate": estimate,
        "averaged_ci_lower": estimate * 0.7,
        "averaged_ci_upper": estimate * 2.0,
        "warnings": "an interaction resting on 2 cases or fewer",
    }
    return cells, row


def _cells_from_public_row(observed: int, estimate: float) -> list[tuple[int, int, int]]:
    """The tester's inversion: every (n10, n01, m) in whole numbers that gives the public pair."""
    found = []
    for m in range(1, observed + 1):
        s, p = observed + m, estimate * m
        d = s * s - 4 * p
        if d < -1e-6:
            continue
        a, b = (s + np.sqrt(max(d, 0))) / 2, (s - np.sqrt(max(d, 0))) / 2
        if abs(a - round(a)) < 1e-6 and abs(b - round(b)) < 1e-6:
            found.append((round(a) - m, round(b) - m, m))
    return found


def test_a_row_resting_on_a_small_overlap_is_withheld_and_one_on_larger_cells_is_published():
    jam_cells, jam = _two_lists("JAM", 30, 25, 1)  # both lists: 1 person
    guy_cells, guy = _two_lists("GUY", 30, 25, 10)
    assert (30, 25, 1) in _cells_from_public_row(jam["observed"], jam["estimate"])  # what the tester did
    tables = {
        "fact_observation": _fact({"JAM": 56, "GUY": 65}),
        "mart_hidden_victims": pd.DataFrame([jam, guy]),
        "fact_capture_history": pd.concat([jam_cells, guy_cells], ignore_index=True),
    }
    out = protect(tables)
    pub = out.tables["mart_hidden_victims"].set_index("country_iso3")
    for col in ("observed", "estimate", "ci_lower", "ci_upper", "averaged_estimate", "averaged_ci_lower", "averaged_ci_upper", "warnings"):
        assert pd.isna(pub.loc["JAM", col]), col
    assert pub.loc["GUY", "observed"] == 65 and pub.loc["GUY", "estimate"] == guy["estimate"]
    assert "fact_capture_history" not in out.skipped and "fact_capture_history" not in out.tables


def test_three_lists_a_small_cell_anywhere_withholds_its_row_only():
    patterns = ["1,0,0", "0,1,0", "0,0,1", "1,1,0", "1,0,1", "0,1,1", "1,1,1"]
    base = dict(zip(patterns, [20, 15, 12, 0, 6, 7, 0]))  # cells 0 or 5+: every overlap is 0 or 5+ too
    hidden = pd.DataFrame({"country_iso3": ["JAM", "BRB"], "year": [2021, 2021], "lists": ["A,B,C", "A,B,C"]})
    cap = pd.concat([_cap("JAM", base), _cap("BRB", base | {"1,1,1": 2})], ignore_index=True)
    assert small_capture_rows(hidden, cap, (1, 4)).tolist() == [False, True]
    assert small_capture_rows(hidden, None, (1, 4)).tolist() == [False, False]  # nothing known


def _cap(country: str, counts: dict) -> pd.DataFrame:
    return pd.DataFrame({"country_iso3": country, "year": 2021, "lists": "A,B,C", "pattern": list(counts), "count": list(counts.values())})

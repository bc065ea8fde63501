"""Small capture-history cells behind a published Multiple Systems Estimate (attack3 H-S).

An MSE row (observed, estimate, intervals) is a function of the capture-history cells: with two
lists the estimate is (n10 + m)(n01 + m) / m and observed is n10 + n01 + m, so the published pair
gives every cell back. The cells (fact_capture_history) are internal, so a row is released only
when no cell behind it is a count from 1 to 4. The overlaps of lists and the lists' sizes are sums
of cells: when every cell is 0 or at least 5, so is every such sum."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _keyed(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    out = frame[by].copy()
    out["year"] = pd.to_numeric(out["year"]).astype("int64")
    for col in by:
        if col != "year":
            out[col] = out[col].astype(str)
    return out


def small_capture_rows(hidden: pd.DataFrame, capture: pd.DataFrame | None, small: tuple[int, int]) -> np.ndarray:
    """For each row of mart_hidden_victims: whether the capture history of its member and year
    (and lists, where both tables give them) holds a cell from small[0] to small[1]. Without a
    capture table nothing is known, and nothing is flagged."""
    if capture is None or capture.empty or hidden.empty:
        return np.zeros(len(hidden), dtype=bool)
    by = ["country_iso3", "year", "lists"] if "lists" in capture.columns and "lists" in hidden.columns else ["country_iso3", "year"]
    counts = pd.to_numeric(capture["count"], errors="coerce")
    cells = _keyed(capture, by).assign(_small=counts.between(*small).fillna(False).to_numpy(dtype=bool))
    flagged = cells.groupby(by, sort=False)["_small"].any()
    return flagged.reindex(pd.MultiIndex.from_frame(_keyed(hidden, by))).fillna(False).to_numpy(dtype=bool)

"""What cells reported crossed with one more dimension say about the panel's series.

A country may send its victims by sex x age (female children 8, female adults 9) and never the
female figure on its own. Those cells are disjoint parts of the female figure, so:
- every part of the other dimension reported as a number (schemas/estimation.yaml
  `parts_of_a_total`, plus any `unknown` or `other` part reported beside them): their sum *is*
  the female figure, taken as reported when the country did not report it itself;
- otherwise (a part missing or suppressed): their lower ends add up to a floor under it;
- and when every part is there, as a number or censored (female children `<5` + female adults
  10), their upper ends add up to a ceiling over it (14). A part not reported at all (no row; a
  complement the public files withhold reads so) could be anything: no ceiling. The series' other
  parts then hold the rest of their total (male = 26 - female, from 12 to 16, estimates.py).
The same holds for an indicator's total and its one-way parts (children + adults): never an
estimate or interval below a count the country reported, nor above the ceiling when every part is
there (children 30 + adults `<5`: the total from 30 to 34, attack6 K-N). A figure the country reported itself is
never replaced, and a floor that contradicts a suppressed figure's range leaves the range as it is
(the warehouse flags contradictions; the estimates pass the flag on)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.estimate.rules import INCONSISTENT_FLAG, estimation_settings
from ctip.schema import DIMENSIONS, load_schema

SERIES_KEY = ["country_iso3", "year", "indicator", "sex", "exploitation"]
# hold_to_known: below this share of a row's draws inside its bounded interval, the draws outside
# are spread evenly over it rather than copied from the few inside
FEW_INSIDE = 0.05
# What is known of each panel cell once its finer cells are counted (apply_crossed)
KNOWN_COLUMNS = ["known_lo", "known_hi", "known_status", "derived_from"]


def _parts_of_a_total() -> dict[str, tuple[str, ...]]:
    return {d: tuple(str(c) for c in codes) for d, codes in estimation_settings()["parts_of_a_total"].items()}


def crossed_sums(cells: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """From fact cells with their interval (SERIES_KEY, age_group, citizenship, lo, hi, status),
    what each series cell's finer cells say: one row per series cell and dimension summed over,
    with `floor` (the sum of the parts' lower ends), `ceiling` (the sum of their upper ends when
    every part is present, numeric or censored; else inf), `exact` (the sum when it is the figure:
    all parts present and numeric, else NaN) and `dimension`. `series` lists the (indicator, sex,
    exploitation) series estimated; their age_group and citizenship are at total."""
    total = load_schema().total_code
    required = _parts_of_a_total()
    known = set(map(tuple, series[["indicator", "sex", "exploitation"]].to_numpy()))
    out = []
    for dim in DIMENSIONS:
        finer = cells[cells[dim] != total].copy()
        finer[dim] = total  # the cell they are parts of
        at_series = (finer["age_group"] == total) & (finer["citizenship"] == total)
        at_series &= pd.Series([k in known for k in map(tuple, finer[["indicator", "sex", "exploitation"]].to_numpy())], index=finer.index, dtype=bool)
        finer = finer[at_series]
        if finer.empty:
            continue
        finer["part"] = cells.loc[finer.index, dim]
        finer["numeric"] = finer["status"] == "reported"
        # the required parts present in a group, counted without a Python call per group (a
        # frozenset of the parts per group cost ~0.3 s on the messy corpus)
        wanted = set(required.get(dim, ()))
        finer["required"] = finer["part"].where(finer["part"].isin(wanted))
        grouped = finer.groupby(SERIES_KEY, sort=True)
        sums = grouped.agg(floor=("lo", "sum"), top=("hi", "sum"), numeric=("numeric", "all"), present=("required", "nunique"))
        every_part = (sums["present"] == len(wanted)) & bool(wanted)
        sums["ceiling"] = np.where(every_part, sums["top"], np.inf)
        sums["exact"] = np.where(every_part & sums["numeric"], sums["floor"], np.nan)
        sums["dimension"] = dim
        out.append(sums.reset_index()[[*SERIES_KEY, "dimension", "floor", "ceiling", "exact"]])
    if not out:
        return pd.DataFrame(columns=[*SERIES_KEY, "dimension", "floor", "ceiling", "exact"])
    return pd.concat(out, ignore_index=True)


def flagged_parts(cells: pd.DataFrame, panel: pd.DataFrame) -> np.ndarray:
    """Per panel row (SERIES_KEY): whether one of its finer cells (a part along one more
    dimension: children, adults; female children) is flagged inconsistent_total in `cells`
    (_cells of panel.py: a withheld part keeps the flag there, ctip.export.model_inputs)."""
    if "flag" not in cells.columns or panel.empty:
        return np.zeros(len(panel), dtype=bool)
    total = load_schema().total_code
    flagged = cells[cells["flag"].eq(INCONSISTENT_FLAG).fillna(False).to_numpy(dtype=bool)]
    keys: set[tuple] = set()
    for dim in DIMENSIONS:
        finer = flagged[flagged[dim] != total].copy()
        finer[dim] = total  # the cell they are parts of
        finer = finer[(finer["age_group"] == total) & (finer["citizenship"] == total)]
        keys |= set(zip(*(finer[c].tolist() for c in SERIES_KEY)))
    return np.array([key in keys for key in zip(*(panel[c].tolist() for c in SERIES_KEY))], dtype=bool)


def apply_crossed(panel: pd.DataFrame, sums: pd.DataFrame, is_total: pd.Series, flagged: np.ndarray | None = None) -> pd.DataFrame:
    """The panel with what is known once the finer cells (crossed_sums) are counted, in
    KNOWN_COLUMNS (lo, hi and status stay what the country reported for the cell itself or its
    breakdowns: the model is fitted and drawn from those, as before): a missing part whose finer
    cells are complete becomes reported, with `derived_from` naming the dimension summed over;
    any missing or suppressed cell gets the floor as its lower end, and a missing or suppressed
    part the ceiling as its upper end (female children `<5` + female adults 10: female 10 to 14),
    each when that leaves its interval non-empty. A total takes the floor and the ceiling (children
    30 + adults `<5`: the total from 30 to 34, attack6 K-N), never the exact sum as reported; its
    own breakdowns narrow it further (panel._narrow_totals_by_parts). A `<5` total below its parts
    (children 30 beside a total `<5`; or parts `flagged` inconsistent_total, flagged_parts, that
    the public files withhold as `<5`) is contradicted, as in panel._narrow_totals_by_parts: it
    becomes not reported, from the parts' floor to their ceiling, in lo/hi/status too (the model
    is fitted without it), with the flag inconsistent_total."""
    panel = panel.copy()
    lo, hi, status = panel["lo"].to_numpy(float), panel["hi"].to_numpy(float), panel["status"].to_numpy(object)
    panel["known_lo"], panel["known_hi"], panel["known_status"], panel["derived_from"] = lo, hi, status, ""
    if sums.empty:
        return panel
    by_cell = (
        sums.groupby(SERIES_KEY, sort=False)
        .agg(floor=("floor", "max"), ceiling=("ceiling", "min"), exact_lo=("exact", "min"), exact_hi=("exact", "max"))
        .reset_index()
    )
    by_cell["dimension"] = _exact_dimensions(sums, by_cell)
    keyed = panel[SERIES_KEY].merge(by_cell, on=SERIES_KEY, how="left")
    floor = keyed["floor"].fillna(0.0).to_numpy(float)
    ceiling = keyed["ceiling"].fillna(np.inf).to_numpy(float)
    flagged = np.zeros(len(panel), dtype=bool) if flagged is None else np.asarray(flagged, dtype=bool)
    contradicted = is_total.to_numpy() & (status == "suppressed") & ((floor > hi) | (flagged & (ceiling > hi))) & (floor <= ceiling)
    if contradicted.any():  # attack6 K-N: estimated as not reported, at least its parts
        lo, hi = np.where(contradicted, floor, lo), np.where(contradicted, ceiling, hi)
        status = np.where(contradicted, "missing", status).astype(object)
        panel["lo"], panel["hi"], panel["status"] = lo, hi, status
        panel["flag"] = np.where(contradicted, INCONSISTENT_FLAG, panel["flag"].to_numpy(object))
        panel["known_lo"], panel["known_hi"], panel["known_status"] = lo, hi, status
    exact = keyed["exact_lo"].to_numpy(float)
    agree = ~np.isnan(exact) & (exact == keyed["exact_hi"].to_numpy(float)) & (exact >= floor)
    becomes = (status == "missing") & agree & ~is_total.to_numpy()
    raise_floor = (status != "reported") & ~becomes & (floor > lo) & (floor <= hi)
    known_lo = np.where(becomes, exact, np.where(raise_floor, floor, lo))
    lower_ceiling = (status != "reported") & ~becomes & (ceiling < hi) & (ceiling >= known_lo)
    panel["known_lo"] = known_lo
    panel["known_hi"] = np.where(becomes, exact, np.where(lower_ceiling, ceiling, hi))
    panel["known_status"] = np.where(becomes, "reported", status)
    panel["derived_from"] = np.where(becomes, keyed["dimension"].fillna("").to_numpy(str), "")
    return panel


def _exact_dimensions(sums: pd.DataFrame, cells: pd.DataFrame) -> list[str]:
    """Per row of `cells` (SERIES_KEY): the dimensions whose finer cells give its exact figure,
    sorted and joined by commas ("" for none). One pass over the rows of `sums` rather than a
    pandas call per cell (~1.5 s on the messy corpus, 1,300 cells)."""
    exact = sums[sums["exact"].notna()]
    named: dict[tuple, list[str]] = {}
    for key, dim in zip(zip(*(exact[c].to_numpy() for c in SERIES_KEY)), exact["dimension"].to_numpy()):
        named.setdefault(key, []).append(dim)
    keys = zip(*(cells[c].to_numpy() for c in SERIES_KEY))
    return [",".join(sorted(named.get(key, ()))) for key in keys]


def changed(panel_rows: pd.DataFrame) -> np.ndarray:
    """Rows whose known interval (KNOWN_COLUMNS) says more than the one the model drew from."""
    lo, hi = panel_rows["lo"].to_numpy(float), panel_rows["hi"].to_numpy(float)
    known_lo, known_hi = panel_rows["known_lo"].to_numpy(float), panel_rows["known_hi"].to_numpy(float)
    return (known_lo != lo) | (known_hi != hi)


def hold_to_known(draws: np.ndarray, known_lo: np.ndarray, known_hi: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Draws (cells x draws) conditioned on the known interval: a draw outside it is replaced by
    one of the cell's own draws inside it, picked at random (the predictive distribution given
    what the crossed cells say); with none inside, the nearest end. A bounded interval holding
    fewer than FEW_INSIDE of the draws is too little of the model to copy (one draw inside made
    children 30 + adults `<5` an estimate of 32 [32, 32], attack6 K-N): the draws outside are
    then spread evenly over the counts the interval allows. Returns the draws and which rows
    changed. Rows without draws (NaN: no model) are left as they are."""
    draws = draws.copy()
    outside = (draws < known_lo[:, None]) | (draws > known_hi[:, None])
    rows = np.flatnonzero(outside.any(axis=1) & ~np.isnan(draws).any(axis=1))
    for i in rows:
        inside = draws[i, ~outside[i]]
        if np.isfinite(known_hi[i]) and inside.size < FEW_INSIDE * draws.shape[1]:
            low, high = np.ceil(known_lo[i]), np.floor(known_hi[i])
            draws[i, outside[i]] = rng.integers(int(low), int(max(low, high)) + 1, size=int(outside[i].sum()))
        elif inside.size:
            draws[i, outside[i]] = rng.choice(inside, size=int(outside[i].sum()))
        else:
            draws[i] = np.clip(draws[i], known_lo[i], known_hi[i])
    moved = np.zeros(len(draws), dtype=bool)
    moved[rows] = True
    return draws, moved

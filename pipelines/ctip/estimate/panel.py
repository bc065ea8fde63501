"""The estimation panel: every member x year x series, with what each country reported as an interval.

A series is an indicator's total or one part of a victims_detected breakdown. Each cell carries
what is known about its count as an interval [lo, hi]: a reported number is [v, v], a suppressed
`<5` is [0, 4] (censored, neither missing nor known to be zero; the range is set per source in
schemas/estimation.yaml, see censoring.py), nothing reported is [0, inf). A missing or
suppressed victims_detected total is narrowed further by its reported parts (female 3 and male
`<5` say the total is at least 4), so breakdowns inform the total they belong to."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ctip.estimate.crossed import KNOWN_COLUMNS, apply_crossed, crossed_sums, flagged_parts
from ctip.estimate.rules import FLAGGED_INCONSISTENT, INCONSISTENT_FLAG, WITHHELD
from ctip.reference import load_population as _load_reference_population
from ctip.schema import KEY_COLUMNS, load_schema
from ctip.validate.censoring import suppressed_bounds
from ctip.warehouse.cells import is_total_row

INDICATORS = tuple(load_schema().indicators)
TOTAL = load_schema().total_code
# The breakdowns estimated and kept consistent with their total (indicators.yaml `roles`). Parts
# are taken as exhaustive: victims of unknown sex or exploitation are shared out among the known parts.
BREAKDOWNS: dict[str, dict[str, tuple[str, ...]]] = load_schema().role("breakdowns")
PANEL_COLUMNS = [
    "country_iso3",
    "year",
    "indicator",
    "sex",
    "exploitation",
    "population",
    "value",
    "lo",
    "hi",
    "status",
    "flag",
    *KNOWN_COLUMNS,  # the interval once cells reported crossed with another dimension are counted (crossed.py)
    WITHHELD,  # the public files withhold the cell's reported figure: the most it can be (rules.WITHHELD)
]


def load_population(reference_csv: str | Path, override_csv: str | Path | None = None) -> pd.DataFrame:
    """World Bank population (iso3, year, population); a user file with the same columns replaces
    the rows it has for the same iso3 and year. Without override_csv, the project's default
    override file is used if present (ctip.reference decides where it lives)."""
    pop = _load_reference_population(Path(reference_csv), Path(override_csv) if override_csv else None)
    return pop[["iso3", "year", "population"]]


def last_year_with_data(fact_observation: pd.DataFrame) -> int:
    """The latest year any member reported anything for: where the panel (and validation) stops by default."""
    return int(fact_observation["year"].max())


def series_keys() -> pd.DataFrame:
    """(indicator, sex, exploitation) of every series estimated: totals, then the breakdown parts."""
    rows = [(ind, TOTAL, TOTAL) for ind in INDICATORS]
    for ind, families in BREAKDOWNS.items():
        for dim, parts in families.items():
            rows += [(ind, p if dim == "sex" else TOTAL, p if dim == "exploitation" else TOTAL) for p in parts]
    return pd.DataFrame(rows, columns=["indicator", "sex", "exploitation"])


def _cells(fact_observation: pd.DataFrame) -> pd.DataFrame:
    """Every fact row with its interval (lo, hi, status); a NULL without the suppressed flag says
    nothing and is left out."""
    fact = fact_observation
    if fact.duplicated(list(KEY_COLUMNS)).any():
        # The warehouse resolves competing submissions; two rows for one cell here is a bug upstream.
        raise ValueError("fact_observation has more than one row for the same cell")
    value = fact["value"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    suppressed = np.isnan(value) & (fact["flag"] == "suppressed").to_numpy()
    out = fact[["country_iso3", "year", "indicator", "sex", "age_group", "exploitation", "citizenship", "flag"]].copy()
    out["value"] = value
    low, high = suppressed_bounds(fact)
    out["lo"] = np.where(suppressed, low, value)
    out["hi"] = np.where(suppressed, high, value)
    out["status"] = np.where(suppressed, "suppressed", "reported")
    if FLAGGED_INCONSISTENT in fact.columns:  # a withheld part the warehouse flagged (model_inputs)
        flagged = fact[FLAGGED_INCONSISTENT].astype("boolean").fillna(False).to_numpy(dtype=bool)
        out["flag"] = np.where(flagged, INCONSISTENT_FLAG, out["flag"].to_numpy(object))
    return out[~np.isnan(out["lo"])].reset_index(drop=True)


def _reported_series(cells: pd.DataFrame) -> pd.DataFrame:
    """The cells (_cells) that belong to an estimated series."""
    cells = cells[is_total_row(cells, ("age_group", "citizenship"))]
    cells = cells.merge(series_keys(), on=["indicator", "sex", "exploitation"])
    return cells.drop(columns=["age_group", "citizenship"])


def _withheld_series(fact_observation: pd.DataFrame) -> pd.DataFrame:
    """The series cells whose figure the public files withhold, with the most it can be as they
    show it (column WITHHELD of the facts, ctip.export.model_inputs; none without it)."""
    keys = ["country_iso3", "year", "indicator", "sex", "exploitation"]
    if WITHHELD not in fact_observation.columns:
        return pd.DataFrame({**{k: pd.Series(dtype=fact_observation[k].dtype) for k in keys}, WITHHELD: pd.Series(dtype=float)})
    fact = fact_observation[fact_observation[WITHHELD].notna().to_numpy()]
    fact = fact[is_total_row(fact, ("age_group", "citizenship"))]
    return fact[[*keys, WITHHELD]].astype({WITHHELD: float})


def _member_population(population: pd.DataFrame, members: list[str], years: range) -> pd.DataFrame:
    """Population per member and year; a gap inside a member's series is interpolated, a member
    with no figure at all stays NaN (ref_population has every CMC member: AIA and MSR from their
    censuses, see data/reference/SOURCE.md)."""
    grid = pd.MultiIndex.from_product([members, years], names=["country_iso3", "year"]).to_frame(index=False)
    pop = population.rename(columns={"iso3": "country_iso3"})[["country_iso3", "year", "population"]]
    grid = grid.merge(pop, on=["country_iso3", "year"], how="left")
    grid["population"] = grid.groupby("country_iso3")["population"].transform(lambda s: s.interpolate(limit_direction="both"))
    return grid


def _narrow_totals_by_parts(panel: pd.DataFrame, lo_col: str = "lo", hi_col: str = "hi", status_col: str = "status") -> pd.DataFrame:
    """Tighten an unreported or suppressed total to what its parts imply: at least the sum of the
    parts' lower ends; at most the sum of their upper ends when every part is reported. If the
    reported figures contradict each other, the total keeps its own interval. A `<5` total below
    its reported parts (GUY 2010 in GLOTIP: total `<5`, female 5) is contradicted by figures
    reported as numbers: it is treated as not reported, at least its parts (attack5 J-H: an
    estimate of 2.7 beside a published female 5). So is a `<5` total whose parts the warehouse
    flagged inconsistent_total when the public files withhold them as small counts (attack6 K-N:
    GUY female 3, male 4, total `<5`, read as three `<5`): from the sum of the parts' lower ends
    to the sum of their upper ends (0 to 8). A contradicted total takes the flag
    inconsistent_total, which its estimate's note passes on. The columns are the panel's own
    interval, or what is known once crossed cells are counted (crossed.py)."""
    for indicator, families in BREAKDOWNS.items():
        is_total = (panel["indicator"] == indicator) & is_total_row(panel)
        own_lo = panel.loc[is_total, lo_col].to_numpy().copy()
        own_hi = panel.loc[is_total, hi_col].to_numpy().copy()
        lo, hi = own_lo.copy(), own_hi.copy()
        parts_lo = np.zeros(len(lo))
        parts_hi = np.full(len(lo), np.inf)
        flagged = np.zeros(len(lo), dtype=bool)  # a part of some breakdown flagged inconsistent_total
        for dim, parts in families.items():
            part_rows = panel[(panel["indicator"] == indicator) & panel[dim].isin(parts)]
            part_rows = part_rows.assign(_flagged=part_rows["flag"].eq(INCONSISTENT_FLAG).fillna(False).astype(bool))
            sums = part_rows.groupby(["country_iso3", "year"], sort=True)[[lo_col, hi_col, "_flagged"]].agg({lo_col: "sum", hi_col: "sum", "_flagged": "any"})
            sums = sums.reindex(pd.MultiIndex.from_frame(panel.loc[is_total, ["country_iso3", "year"]]))
            flagged |= sums["_flagged"].fillna(False).to_numpy(dtype=bool) & (sums[hi_col].to_numpy() > own_hi)
            lo = np.maximum(lo, sums[lo_col].to_numpy())
            hi = np.minimum(hi, sums[hi_col].to_numpy())
            parts_lo = np.fmax(parts_lo, sums[lo_col].to_numpy())
            parts_hi = np.fmin(parts_hi, sums[hi_col].to_numpy())
        status = panel.loc[is_total, status_col].to_numpy()
        own = status != "reported"
        feasible = own & (lo <= hi)
        contradicted = (status == "suppressed") & ((parts_lo > own_hi) | flagged) & (parts_lo <= parts_hi)
        lo = np.where(contradicted, parts_lo, np.where(feasible, lo, own_lo))
        hi = np.where(contradicted, parts_hi, np.where(feasible, hi, own_hi))
        panel.loc[is_total, lo_col] = lo
        panel.loc[is_total, hi_col] = hi
        panel.loc[is_total, status_col] = np.where(contradicted, "missing", status)
        panel.loc[is_total, "flag"] = np.where(contradicted, INCONSISTENT_FLAG, panel.loc[is_total, "flag"].to_numpy(object))
    return panel


def build_panel(
    fact_observation: pd.DataFrame,
    population: pd.DataFrame,
    members: list[str],
    first_year: int = 2010,
    last_year: int | None = None,
) -> pd.DataFrame:
    """One row per member x year x series (PANEL_COLUMNS). Years outside [first_year, last_year]
    are left out; last_year defaults to the latest year with any data."""
    if last_year is None:
        last_year = last_year_with_data(fact_observation)
    years = range(first_year, last_year + 1)
    panel = _member_population(population, list(members), years).merge(series_keys(), how="cross")
    cells = _cells(fact_observation)
    panel = panel.merge(_reported_series(cells), on=["country_iso3", "year", "indicator", "sex", "exploitation"], how="left")
    panel["lo"] = panel["lo"].fillna(0.0)
    panel["hi"] = panel["hi"].fillna(np.inf)
    panel["status"] = panel["status"].fillna("missing")
    panel = panel.merge(_withheld_series(fact_observation), on=["country_iso3", "year", "indicator", "sex", "exploitation"], how="left")
    panel = _narrow_totals_by_parts(panel)
    # cells reported crossed with another dimension (female x child + female x adult) say more of
    # the series they are parts of: kept beside (known_*), the draws are held to them afterwards
    # (estimates.py), so the model and every other cell's draws are as before
    panel = apply_crossed(panel, crossed_sums(cells, series_keys()), is_total_row(panel), flagged_parts(cells, panel))
    panel = _narrow_totals_by_parts(panel, "known_lo", "known_hi", "known_status")
    return panel[PANEL_COLUMNS].sort_values(["indicator", "sex", "exploitation", "country_iso3", "year"], ignore_index=True)

"""mart_estimate_validation: how well the model recovers reported figures it was not shown.

The reported (numeric, not suppressed) country totals are split at random into `folds` groups.
Each group in turn is hidden (the total and its breakdowns, so the parts cannot give it away),
the model is refitted on the rest, and the hidden figures are compared with their estimates and
95% intervals, and with the naive alternative of carrying the country's last reported value
forward (the nearest later one if there is none before). Only totals of countries that reported
the indicator as a number in another year are held out: those are the cells the model fills as
'E', and the ones where carrying a value forward is possible at all."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.estimate.estimates import TOTAL_METHOD
from ctip.estimate.model import fit_count_model, simulate_totals
from ctip.estimate.panel import build_panel, last_year_with_data

VALIDATION_COLUMNS = [
    "indicator", "method", "design", "n_held_out", "mean_abs_error", "median_abs_error",
    "mean_abs_error_last_value", "coverage_95",
]
CELL = ["country_iso3", "year", "indicator"]


def _totals(panel: pd.DataFrame) -> pd.DataFrame:
    return panel[(panel["sex"] == "total") & (panel["exploitation"] == "total")]


def last_value(visible: pd.DataFrame, cells: pd.DataFrame) -> np.ndarray:
    """For each cell (country_iso3, year, indicator), the country's reported value of the nearest
    earlier year among `visible` (rows with a numeric value), else of the nearest later year."""
    out = np.full(len(cells), np.nan)
    groups = {key: g.sort_values("year") for key, g in visible.groupby(["country_iso3", "indicator"])}
    for i, (country, year, indicator) in enumerate(cells[CELL].itertuples(index=False)):
        series = groups.get((country, indicator))
        if series is None:
            continue
        before = series[series["year"] < year]
        out[i] = before["value"].iloc[-1] if len(before) else series["value"].iloc[0]
    return out


def held_out_predictions(
    fact_observation: pd.DataFrame,
    population: pd.DataFrame,
    members: list[str],
    first_year: int = 2010,
    last_year: int | None = None,
    folds: int = 5,
    n_rounds: int | None = None,
    n_draws: int = 400,
    seed: int = 16_2_2,
) -> pd.DataFrame:
    """One row per held-out total: country_iso3, year, indicator, value, estimate, lower_95,
    upper_95, last_value. n_rounds runs only the first rounds of the folds (a quicker check)."""
    rng = np.random.default_rng(seed)
    last_year = last_year or last_year_with_data(fact_observation)
    totals = _totals(build_panel(fact_observation, population, members, first_year, last_year))
    numeric = totals[totals["status"] == "reported"]
    others = numeric.groupby(["country_iso3", "indicator"])["year"].transform("size") > 1
    candidates = numeric[others.to_numpy()].reset_index(drop=True)
    # folds dealt out within each country's series, from a random start, so every held-out figure
    # keeps at least one reported year of its country visible to carry forward
    candidates = candidates.sample(frac=1.0, random_state=rng).reset_index(drop=True)
    order = candidates.groupby(["country_iso3", "indicator"]).cumcount().to_numpy()
    start = candidates.groupby(["country_iso3", "indicator"])["year"].transform(
        lambda s: rng.integers(folds)).to_numpy()
    fold = (order + start) % folds
    results = []
    for k in range(n_rounds or folds):
        hidden = candidates[fold == k]
        keys = pd.MultiIndex.from_frame(hidden[CELL])
        kept = ~pd.MultiIndex.from_frame(fact_observation[CELL]).isin(keys)
        visible = _totals(build_panel(fact_observation[kept], population, members, first_year, last_year))
        for indicator, cells in visible.groupby("indicator"):
            target = hidden[hidden["indicator"] == indicator]
            if target.empty:
                continue
            cells = cells.reset_index(drop=True)
            draws, _ = simulate_totals(fit_count_model(cells), cells, n_draws, rng)
            rows = cells.reset_index().merge(target[CELL + ["value"]], on=CELL, suffixes=("_panel", ""))
            sample = draws[rows["index"].to_numpy()]
            rows["estimate"] = sample.mean(axis=1)
            rows["lower_95"], rows["upper_95"] = np.quantile(sample, [0.025, 0.975], axis=1, method="inverted_cdf")
            rows["last_value"] = last_value(cells[cells["status"] == "reported"], rows)
            results.append(rows)
    columns = CELL + ["value", "estimate", "lower_95", "upper_95", "last_value"]
    return pd.concat([r[columns] for r in results], ignore_index=True) if results else pd.DataFrame(columns=columns)


def summarise_predictions(predictions: pd.DataFrame, design: str) -> pd.DataFrame:
    """Errors and coverage per indicator, and over all indicators ('all')."""
    p = predictions.assign(
        error=(predictions["estimate"] - predictions["value"]).abs(),
        error_last=(predictions["last_value"] - predictions["value"]).abs(),
        covered=predictions["value"].between(predictions["lower_95"], predictions["upper_95"]),
    )
    rows = []
    for indicator, g in [*p.groupby("indicator"), ("all", p)]:
        rows.append({
            "indicator": indicator, "method": TOTAL_METHOD["country"][1], "design": design,
            "n_held_out": len(g), "mean_abs_error": g["error"].mean(), "median_abs_error": g["error"].median(),
            "mean_abs_error_last_value": g["error_last"].mean(), "coverage_95": g["covered"].mean(),
        })
    return pd.DataFrame(rows, columns=VALIDATION_COLUMNS)


def validate_estimates(
    fact_observation: pd.DataFrame,
    population: pd.DataFrame,
    members: list[str],
    first_year: int = 2010,
    last_year: int | None = None,
    folds: int = 5,
    n_draws: int = 400,
    seed: int = 16_2_2,
) -> pd.DataFrame:
    """mart_estimate_validation: one row per indicator with held-out figures, and one for 'all'."""
    predictions = held_out_predictions(fact_observation, population, members, first_year, last_year,
                                       folds=folds, n_draws=n_draws, seed=seed)
    return summarise_predictions(predictions, f"{folds}-fold hold-out of reported country totals, seed {seed}")

"""mart_estimate_validation: how well the model predicts reported figures it was not shown, against
the strongest naive alternative for each way of hiding them.

Three designs, each repeated with fixed seeds (the spread over repetitions is published):

* `random_years`: the reported (numeric) totals of members that reported the indicator at least
  twice are dealt into `folds` groups, within each member's series from a random start; each group
  in turn is hidden. Baseline: two-sided interpolation, the member's nearest earlier and later
  visible reports joined by a straight line (the nearest one alone at the ends of the series).
* `last_years`: each member's last `last_k` reported years are hidden (members with more than
  `last_k` reports). Baseline: the last visible report carried forward. Run once (no randomness
  in what is hidden).
* `leave_country_out`: each member that reported the indicator is treated as if it had never
  reported it (all its cells of the indicator, suppressed ones and breakdowns included, hidden):
  the test of the `M` rows. Baseline: the median rate per head of the other members reporting that
  year (over all years if none did) times the member's population.

Hiding a total also hides its breakdowns, so the parts cannot give it away. The model is refitted
on what stays visible. Scores on the held-out reported totals: mean absolute error of the mean
estimate and of the baseline, CRPS of the predictive draws (for the point baseline its CRPS is its
absolute error), the 95% interval score, and the coverage of the 50%, 80% and 95% intervals.
Scores come from `scoringrules`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scoringrules as sr

from ctip.contracts import columns
from ctip.estimate.estimates import TOTAL_METHOD
from ctip.estimate.model import fit_count_model, simulate_totals
from ctip.estimate.panel import build_panel, last_year_with_data
from ctip.warehouse.cells import is_total_row

DESIGNS = ("random_years", "last_years", "leave_country_out")
BASELINES = {
    "random_years": "two-sided interpolation of the member's nearest reports",
    "last_years": "last visible report carried forward",
    "leave_country_out": "regional median rate per head x population",
}
LEVELS = (0.5, 0.8, 0.95)
# Draws of the regional parameters per prediction (the estimates use 20): a left-out member's 95%
# bounds depend on the tails of the parameters' posterior, which 20 draws show too unevenly
# (leave-one-country-out coverage moved by 10 points between seeds). Cheap here: only the
# members concerned are simulated.
VALIDATION_GROUPS = 100
VALIDATION_COLUMNS = columns("mart_estimate_validation")  # schemas/tables.yaml
CELL = ["country_iso3", "year", "indicator"]
PREDICTION_COLUMNS = [
    *CELL,
    "design",
    "repetition",
    "value",
    "estimate",
    "median",
    "baseline",
    "crps",
    *[f"{e}_{round(100 * q)}" for q in LEVELS for e in ("lower", "upper")],
]


def _totals(panel: pd.DataFrame) -> pd.DataFrame:
    return panel[is_total_row(panel)].reset_index(drop=True)


# --- baselines ---------------------------------------------------------------------------------


def interpolate(visible: pd.DataFrame, cells: pd.DataFrame) -> np.ndarray:
    """Two-sided: for each cell (country_iso3, year, indicator), the straight line between the
    member's nearest earlier and later visible values (visible: numeric rows); one side alone at
    the ends of the series; NaN without any."""
    out = np.full(len(cells), np.nan)
    series = {k: (g["year"].to_numpy(float), g["value"].to_numpy(float)) for k, g in visible.sort_values("year").groupby(["country_iso3", "indicator"])}
    for i, (country, year, indicator) in enumerate(cells[CELL].itertuples(index=False)):
        if (country, indicator) in series:
            years, values = series[(country, indicator)]
            out[i] = np.interp(year, years, values)  # flat beyond the ends: the nearest value
    return out


def last_value(visible: pd.DataFrame, cells: pd.DataFrame) -> np.ndarray:
    """The member's value of the nearest earlier visible year (else of the nearest later one)."""
    out = np.full(len(cells), np.nan)
    groups = {key: g.sort_values("year") for key, g in visible.groupby(["country_iso3", "indicator"])}
    for i, (country, year, indicator) in enumerate(cells[CELL].itertuples(index=False)):
        series = groups.get((country, indicator))
        if series is None:
            continue
        before = series[series["year"] < year]
        out[i] = before["value"].iloc[-1] if len(before) else series["value"].iloc[0]
    return out


def regional_median_rate(visible: pd.DataFrame, cells: pd.DataFrame) -> np.ndarray:
    """The median rate per head of the members reporting (numerically) in the cell's year, times
    the cell's population; the median over all years when nobody reported that year."""
    rate = visible.assign(rate=visible["value"] / visible["population"]).dropna(subset=["rate"])
    by_year = rate.groupby(["indicator", "year"])["rate"].median()
    overall = rate.groupby("indicator")["rate"].median()
    keys = pd.MultiIndex.from_frame(cells[["indicator", "year"]])
    r = by_year.reindex(keys).to_numpy(float)
    r = np.where(np.isnan(r), overall.reindex(cells["indicator"]).to_numpy(float), r)
    return r * cells["population"].to_numpy(float)


# --- hiding and predicting ---------------------------------------------------------------------


def _hide(cells: pd.DataFrame, hidden: np.ndarray) -> pd.DataFrame:
    """The totals panel with the hidden rows unknown: [0, inf), as if neither the total nor its
    breakdowns had been reported."""
    cells = cells.copy()
    cells.loc[hidden, ["lo", "hi", "status"]] = [0.0, np.inf, "missing"]
    return cells


def _predict(cells: pd.DataFrame, hidden: np.ndarray, n_draws: int, rng: np.random.Generator) -> np.ndarray | None:
    """Predictive draws (hidden cells x draws) from the model refitted without the hidden cells;
    only the members concerned are simulated (their own visible years inform them)."""
    visible = _hide(cells, hidden)
    model = fit_count_model(visible)
    if model is None:
        return None
    members = visible["country_iso3"].isin(visible.loc[hidden, "country_iso3"]).to_numpy()
    sub = visible[members].reset_index(drop=True)
    draws, _ = simulate_totals(model, sub, n_draws, rng, n_groups=VALIDATION_GROUPS)
    return draws[hidden[members]]


def _score(rows: pd.DataFrame, draws: np.ndarray) -> pd.DataFrame:
    rows = rows.copy()
    rows["estimate"] = draws.mean(axis=1)
    rows["median"] = np.median(draws, axis=1)
    rows["crps"] = sr.crps_ensemble(rows["value"].to_numpy(float), draws)
    for q in LEVELS:
        lo, hi = np.quantile(draws, [(1 - q) / 2, (1 + q) / 2], axis=1, method="inverted_cdf")
        rows[f"lower_{round(100 * q)}"], rows[f"upper_{round(100 * q)}"] = lo, hi
    return rows


def _held_out_sets(totals: pd.DataFrame, design: str, folds: int, last_k: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Boolean masks over the totals panel (one indicator), one per refit."""
    numeric = (totals["status"] == "reported").to_numpy()
    country = totals["country_iso3"].to_numpy()
    n_reports = pd.Series(numeric).groupby(country).transform("sum").to_numpy()
    if design == "leave_country_out":
        reporters = np.unique(country[numeric])
        return [country == c for c in reporters]
    if design == "last_years":
        eligible = numeric & (n_reports > last_k)
        years = totals["year"].to_numpy()
        rank = pd.Series(np.where(eligible, years, -1)).groupby(country).rank(ascending=False, method="first")
        return [eligible & (rank.to_numpy() <= last_k)]
    eligible = np.flatnonzero(numeric & (n_reports >= 2))
    order = rng.permutation(len(eligible))
    idx = eligible[order]
    # dealt within each member's series from a random start, so each keeps a visible report
    position = pd.Series(np.arange(len(idx))).groupby(country[idx]).cumcount().to_numpy()
    start = {c: rng.integers(folds) for c in np.unique(country[idx])}
    fold = (position + np.array([start[c] for c in country[idx]])) % folds
    masks = []
    for k in range(folds):
        mask = np.zeros(len(totals), dtype=bool)
        mask[idx[fold == k]] = True
        if mask.any():
            masks.append(mask)
    return masks


def _baseline(design: str, visible: pd.DataFrame, rows: pd.DataFrame) -> np.ndarray:
    seen = visible[visible["status"] == "reported"].assign(value=lambda f: f["lo"])
    if design == "random_years":
        return interpolate(seen, rows)
    if design == "last_years":
        return last_value(seen, rows)
    return regional_median_rate(seen, rows)


def validation_predictions(
    fact_observation: pd.DataFrame,
    population: pd.DataFrame,
    members: list[str],
    designs: tuple[str, ...] = DESIGNS,
    first_year: int = 2010,
    last_year: int | None = None,
    repetitions: int = 3,
    folds: int = 5,
    last_k: int = 2,
    n_draws: int = 400,
    seed: int = 16_2_2,
    indicators: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """One row per held-out reported total, design and repetition (PREDICTION_COLUMNS)."""
    last_year = last_year or last_year_with_data(fact_observation)
    totals = _totals(build_panel(fact_observation, population, members, first_year, last_year))
    out = []
    for design in designs:
        for repetition in range(repetitions if design == "random_years" else 1):
            rng = np.random.default_rng([seed, DESIGNS.index(design), repetition])
            for indicator, cells in totals.groupby("indicator", sort=True):
                if indicators and indicator not in indicators:
                    continue
                cells = cells.reset_index(drop=True)
                for hidden in _held_out_sets(cells, design, folds, last_k, rng):
                    targets = hidden & (cells["status"] == "reported").to_numpy()
                    draws = _predict(cells, hidden, n_draws, rng)
                    if draws is None or not targets.any():
                        continue
                    draws = draws[targets[hidden]]
                    rows = cells.loc[targets, [*CELL, "population"]].assign(
                        value=cells.loc[targets, "lo"].to_numpy(float), design=design, repetition=repetition
                    )
                    rows["baseline"] = _baseline(design, _hide(cells, hidden), rows)
                    out.append(_score(rows, draws))
    if not out:
        return pd.DataFrame(columns=PREDICTION_COLUMNS)
    return pd.concat(out, ignore_index=True)[PREDICTION_COLUMNS]


def _scores(g: pd.DataFrame) -> dict:
    value = g["value"].to_numpy(float)
    lower, upper = g["lower_95"].to_numpy(float), g["upper_95"].to_numpy(float)
    row = {
        "mean_abs_error": float(np.mean(np.abs(g["estimate"] - value))),
        "mean_abs_error_baseline": float(np.nanmean(np.abs(g["baseline"] - value))),
        "median_abs_error": float(np.median(np.abs(g["estimate"] - value))),
        "crps": float(g["crps"].mean()),
        "interval_score_95": float(np.mean(sr.interval_score(value, lower, upper, 0.05))),
    }
    for q in LEVELS:
        p = round(100 * q)
        row[f"coverage_{p}"] = float(np.mean((value >= g[f"lower_{p}"]) & (value <= g[f"upper_{p}"])))
    return row


def summarise_predictions(predictions: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator (and 'all') x design: scores pooled over repetitions, and the range of
    MAE and 95% coverage over repetitions."""
    p = predictions.dropna(subset=["baseline"])
    rows = []
    for design, d in p.groupby("design", sort=False):
        for indicator, g in [*d.groupby("indicator"), ("all", d)]:
            per_rep = pd.DataFrame([_scores(r) for _, r in g.groupby("repetition")])
            row = {
                "indicator": indicator,
                "design": design,
                "method": TOTAL_METHOD["country"][1] if design != "leave_country_out" else TOTAL_METHOD["region"][1],
                "baseline": BASELINES[design],
                "n_repetitions": int(g["repetition"].nunique()),
                "n_held_out": int(len(g) / max(g["repetition"].nunique(), 1)),
                **_scores(g),
                "mean_abs_error_min": per_rep["mean_abs_error"].min(),
                "mean_abs_error_max": per_rep["mean_abs_error"].max(),
                "coverage_95_min": per_rep["coverage_95"].min(),
                "coverage_95_max": per_rep["coverage_95"].max(),
            }
            row["crps_baseline"] = row["mean_abs_error_baseline"]  # a point forecast's CRPS is its error
            row["mae_ratio_to_baseline"] = row["mean_abs_error"] / row["mean_abs_error_baseline"] if row["mean_abs_error_baseline"] > 0 else np.nan
            row["beats_baseline"] = bool(row["mean_abs_error"] < row["mean_abs_error_baseline"])
            rows.append(row)
    return pd.DataFrame(rows, columns=VALIDATION_COLUMNS)


def validate_estimates(
    fact_observation: pd.DataFrame,
    population: pd.DataFrame,
    members: list[str],
    first_year: int = 2010,
    last_year: int | None = None,
    repetitions: int = 3,
    folds: int = 5,
    last_k: int = 2,
    n_draws: int = 400,
    seed: int = 16_2_2,
) -> pd.DataFrame:
    """mart_estimate_validation: one row per indicator (and 'all') and design. A plain function on
    the warehouse's base tables, so an asset (or a cache keyed by their hash) can call it alone."""
    predictions = validation_predictions(fact_observation, population, members, DESIGNS, first_year, last_year, repetitions, folds, last_k, n_draws, seed)
    return summarise_predictions(predictions)

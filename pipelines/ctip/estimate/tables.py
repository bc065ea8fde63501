"""The estimate tables, derived from the base tables: `estimate_tables` (mart_estimates,
mart_regional_estimates, mart_hidden_victims) and `validation_tables` (mart_estimate_validation)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ctip.contracts import columns
from ctip.estimate.rules import FAST, estimation_settings, publishable_rule  # noqa: F401 - re-exported

HIDDEN_COLUMNS = columns("mart_hidden_victims")  # schemas/tables.yaml, without importing the models

# The models (scipy, statsmodels) are imported where they run: reading the settings, or finding
# that the published estimates are still current, needs none of them.


def hidden_victims(capture: pd.DataFrame | None, n_boot: int, max_lists: int | None = None) -> pd.DataFrame:
    """Hidden-victim estimates (HIDDEN_COLUMNS), one row per country, year and set of lists, from the
    capture rows (one pattern and count per row); no capture rows give an empty table, not an error."""
    if capture is None or capture.empty:
        return pd.DataFrame(columns=HIDDEN_COLUMNS)
    from ctip.estimate.mse import estimate_hidden_victims  # statsmodels: only when there is something to estimate

    tables = []
    for (iso3, year, lists), group in capture.groupby(["country_iso3", "year", "lists"], sort=True):
        names = lists.split(",")
        patterns = group["pattern"].str.split(",", expand=True).astype(int)
        patterns.columns = names
        table = patterns.assign(count=group["count"].astype(int).to_numpy())
        table = table.groupby(names, as_index=False)["count"].sum()
        tables.append((iso3, int(year), table))
    return estimate_hidden_victims(tables, n_boot=n_boot, max_lists=max_lists)


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=columns(name))


def estimate_tables(tables: dict[str, pd.DataFrame], cache_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """mart_estimates, mart_regional_estimates and mart_hidden_victims from the base tables.
    cache_dir: where the pieces that depend on part of the input only (each indicator's fit) are
    kept between runs, keyed by exactly what they read (None: no cache; the result is the same)."""
    from ctip import settings
    from ctip.estimate.estimates import simulate_estimates
    from ctip.estimate.regional import build_regional_estimates

    s = estimation_settings()
    fact = tables["fact_observation"]
    hidden = hidden_victims(tables.get("fact_capture_history"), s["mse_bootstrap"], s.get("mse_max_lists"))
    if fact.empty or fact["year"].isna().all():  # nothing reported yet: no estimate to make
        return {
            "mart_estimates": _empty("mart_estimates"),
            "mart_regional_estimates": _empty("mart_regional_estimates"),
            "mart_hidden_victims": hidden,
        }
    population = tables["ref_population"][["iso3", "year", "population"]]
    members = list(tables["dim_country"]["country_iso3"])
    estimates, draws = simulate_estimates(
        fact,
        population,
        members,
        first_year=s["first_year"],
        last_year=s["last_year"],
        n_draws=s["n_draws"],
        seed=s["seed"],
        cache_dir=cache_dir,
        workers=settings.get("estimate_workers"),
    )
    regional = build_regional_estimates(estimates, draws, population, members, threshold=s["publishable_threshold"], max_imputed_share=s["max_imputed_share"])
    return {
        "mart_estimates": estimates,
        "mart_regional_estimates": regional,
        "mart_hidden_victims": hidden,
    }


def validation_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """mart_estimate_validation from the base tables (the model refitted on held-out data): its
    own step, so that the estimates are published without waiting for it."""
    from ctip.estimate.validation import validate_estimates

    s = estimation_settings()
    fact = tables["fact_observation"]
    if fact.empty or fact["year"].isna().all():
        return {"mart_estimate_validation": _empty("mart_estimate_validation")}
    population = tables["ref_population"][["iso3", "year", "population"]]
    members = list(tables["dim_country"]["country_iso3"])
    validation = validate_estimates(
        fact,
        population,
        members,
        first_year=s["first_year"],
        last_year=s["last_year"],
        repetitions=s["validation_repetitions"],
        folds=s["validation_folds"],
        last_k=s["validation_last_k"],
        n_draws=s["validation_draws"],
        seed=s["seed"],
    )
    return {"mart_estimate_validation": validation}

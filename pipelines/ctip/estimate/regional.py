"""mart_regional_estimates: the region's total per year, indicator and breakdown part.

The total is added up draw by draw over the members (reported values are the same in every draw),
and its 95% interval is read from the quantiles of those simulated sums: the countries' errors
partly cancel, so it is narrower than the sum of the countries' interval ends, which would assume
every country is at its extreme at once. A regional figure is publishable when the members that
reported (a suppressed `<5` counts as reported) hold at least `threshold` of the population of
the members with a population figure that year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.estimate.estimates import SUPPRESSED_NOTE

REGIONAL_COLUMNS = [
    "year", "indicator", "sex", "exploitation", "estimate", "lower_95", "upper_95",
    "n_countries_reporting", "population_share_reporting", "publishable", "reason",
]
KEYS = ["year", "indicator", "sex", "exploitation"]


def _reporting(estimates: pd.DataFrame, population: pd.DataFrame, members: list[str]) -> pd.DataFrame:
    """Per year x series: members reporting, and their share of the population with figures."""
    rows = estimates[estimates["country_iso3"].isin(members)].copy()
    rows["reporting"] = (rows["nature"] == "C") | rows["note"].str.startswith(SUPPRESSED_NOTE)
    pop = population.rename(columns={"iso3": "country_iso3"})
    pop = pop[pop["country_iso3"].isin(members)][["country_iso3", "year", "population"]]
    rows = rows.merge(pop, on=["country_iso3", "year"], how="left")
    rows["population_reporting"] = rows["population"].where(rows["reporting"], 0.0)
    out = rows.groupby(KEYS, observed=True).agg(
        n_countries_reporting=("reporting", "sum"),
        population_reporting=("population_reporting", "sum"),
        population_known=("population", "sum"),
    ).reset_index()
    out["population_share_reporting"] = out["population_reporting"] / out["population_known"]
    return out.drop(columns=["population_reporting", "population_known"])


def _simulated_sums(draws: pd.DataFrame, members: list[str]) -> pd.DataFrame:
    """Estimate (mean of the summed draws) and 95% interval (their quantiles) per year x series.
    A member without any estimate (NaN draws) leaves the regional figure unknown too."""
    rows = draws[draws["country_iso3"].isin(members)]
    sums = rows.groupby([*KEYS, "draw"], observed=True)["value"].sum(min_count=1)
    unknown = rows["value"].isna().groupby([rows[k] for k in KEYS], observed=True).any()
    wide = sums.unstack("draw")
    values = wide.to_numpy(float)
    lower, upper = np.quantile(values, [0.025, 0.975], axis=1, method="inverted_cdf")
    out = pd.DataFrame({"estimate": values.mean(axis=1), "lower_95": lower, "upper_95": upper}, index=wide.index)
    out.loc[unknown.reindex(out.index).to_numpy(), ["estimate", "lower_95", "upper_95"]] = np.nan
    out = out.reset_index()
    for column in ("indicator", "sex", "exploitation"):
        out[column] = out[column].astype(str)
    return out


def build_regional_estimates(
    estimates: pd.DataFrame,
    draws: pd.DataFrame,
    population: pd.DataFrame,
    members: list[str],
    threshold: float = 0.5,
) -> pd.DataFrame:
    """One row per year x indicator x series (totals, and the victims_detected parts)."""
    out = _simulated_sums(draws, members).merge(_reporting(estimates, population, members), on=KEYS, how="left")
    share = out["population_share_reporting"].fillna(0.0)
    out["publishable"] = (share >= threshold) & out["estimate"].notna()
    out["reason"] = np.where(
        out["estimate"].isna(), "no estimate: no member with a population figure reported this indicator",
        np.where(out["publishable"], "",
                 [f"only {s:.0%} of the region's population reported; threshold {threshold:.0%}" for s in share]))
    out["n_countries_reporting"] = out["n_countries_reporting"].fillna(0).astype(int)
    out["year"] = out["year"].astype(int)
    return out[REGIONAL_COLUMNS].sort_values(["indicator", "sex", "exploitation", "year"], ignore_index=True)

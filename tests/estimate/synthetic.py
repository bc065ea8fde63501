"""A synthetic region drawn from a known process, shaped like the warehouse's fact_observation.

Per indicator: country effects u ~ Gamma(2, 2), population as exposure (proportional), a log-linear
year trend, negative-binomial counts (size 5). victims_detected is split into sex and exploitation
parts by multinomial draws from per-country Dirichlet shares, so parts add up to the total. A few
countries report nothing; the others report each country-year with probability `report_rate`.
Counts from 0 to 4 are published suppressed (`<5`): value NULL, flag 'suppressed', as in UNODC's
export, which holds no 0."""

from __future__ import annotations

import numpy as np
import pandas as pd

INDICATOR_RATES = {  # expected count per 100,000 people in the first year, for u = 1
    "victims_detected": 2.0,
    "victims_assisted": 1.2,
    "cases_investigated": 0.8,
    "persons_investigated": 1.0,
    "persons_prosecuted": 0.6,
    "persons_convicted": 0.4,
}
SEX_SHARES = np.array([0.7, 0.3])
EXPLOITATION_SHARES = np.array([0.6, 0.3, 0.1])
NB_SIZE = 5.0
SHAPE = 2.0
TREND = 0.04


def synthetic_region(
    n_countries: int = 25, first_year: int = 2008, n_years: int = 15, report_rate: float = 0.8, n_silent: int = 3, seed: int = 7
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], pd.DataFrame]:
    """(fact_observation, population, members, truth). truth holds every true count, reported or not,
    with columns country_iso3, year, indicator, sex, exploitation, value."""
    rng = np.random.default_rng(seed)
    members = [f"C{i:02d}" for i in range(n_countries)]
    years = np.arange(first_year, first_year + n_years)
    pop0 = np.exp(rng.uniform(np.log(30_000), np.log(11_000_000), n_countries))
    growth = rng.normal(0.008, 0.005, n_countries)
    population = pd.DataFrame(
        [(c, y, round(pop0[i] * (1 + growth[i]) ** (y - first_year))) for i, c in enumerate(members) for y in years], columns=["iso3", "year", "population"]
    )
    pop = population["population"].to_numpy(float).reshape(n_countries, n_years)
    silent = set(rng.choice(members, n_silent, replace=False))
    truth = []
    for indicator, rate in INDICATOR_RATES.items():
        u = rng.gamma(SHAPE, 1 / SHAPE, n_countries)
        mean = u[:, None] * rate * pop / 1e5 * np.exp(TREND * (years - first_year))[None, :]
        counts = rng.negative_binomial(NB_SIZE, NB_SIZE / (NB_SIZE + mean))
        for i, c in enumerate(members):
            for t, y in enumerate(years):
                truth.append((c, int(y), indicator, "total", "total", int(counts[i, t])))
            if indicator == "victims_detected":
                sex = rng.dirichlet(20 * SEX_SHARES)
                exploitation = rng.dirichlet(10 * EXPLOITATION_SHARES)
                for t, y in enumerate(years):
                    for part, n in zip(("female", "male"), rng.multinomial(counts[i, t], sex)):
                        truth.append((c, int(y), indicator, part, "total", int(n)))
                    for part, n in zip(("sexual", "labour", "other"), rng.multinomial(counts[i, t], exploitation)):
                        truth.append((c, int(y), indicator, "total", part, int(n)))
    truth = pd.DataFrame(truth, columns=["country_iso3", "year", "indicator", "sex", "exploitation", "value"])
    # a country-year-indicator is reported as a whole (total and its breakdowns) or not at all
    cells = truth[["country_iso3", "year", "indicator"]].drop_duplicates()
    cells = cells[~cells["country_iso3"].isin(silent)]
    cells = cells[rng.random(len(cells)) < report_rate]
    reported = truth.merge(cells, on=["country_iso3", "year", "indicator"])
    return to_fact_observation(reported), population, members, truth


def to_fact_observation(counts: pd.DataFrame) -> pd.DataFrame:
    """True counts as the warehouse publishes them from GLOTIP: 0-4 suppressed."""
    fact = counts[["country_iso3", "year", "indicator", "sex", "exploitation"]].copy()
    fact["age_group"] = "total"
    fact["citizenship"] = "total"
    suppressed = counts["value"].between(0, 4).to_numpy()
    fact["value"] = pd.array(np.where(suppressed, None, counts["value"].to_numpy()), dtype="Int64")
    fact["flag"] = np.where(suppressed, "suppressed", None)
    fact["submission_id"] = "synthetic"
    fact["source_file"] = "synthetic"
    fact["source_sheet"] = ""
    fact["source_cell"] = ""
    return fact.reset_index(drop=True)

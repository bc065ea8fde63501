"""A synthetic region drawn from a process that is NOT the model's family, for calibration.

The model (ctip.estimate.model) assumes negative-binomial counts, Student-t country effects whose
level drifts only through down-weighting of distant years, a linear year trend and reports
missing at random. Here instead, per indicator:

* country levels follow a random walk (a normal start, normal yearly steps);
* every member shares the same year shocks (a trend plus normal noise per year);
* the expected count grows with population with elasticity 0.7 (not 1, not the model's estimate);
* counts are Poisson-lognormal (not negative binomial);
* counts from 0 to 4 are published as `<5` (as UNODC does: no 0 is ever published);
* members report more often in their big years (logistic in the year's deviation from the
  member's typical level): reporting is not at random;
* a few members never report at all (their rows are `M`, the test of never-reporting members).
Only totals are generated (no breakdowns)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.estimate.synthetic import to_fact_observation

RATES = {"victims_detected": 3.0, "persons_prosecuted": 1.0}  # per 100,000 at elasticity 1, typical member
ELASTICITY = 0.7
START_SD, STEP_SD = 0.9, 0.2  # random-walk levels (log scale)
YEAR_SD, TREND = 0.2, 0.03  # shared year shocks
NOISE_SD = 0.3  # lognormal noise of the Poisson mean, per member-year
REPORT_INTERCEPT, REPORT_SLOPE = 1.0, 1.5  # logit P(report) = a + b * (log mean - member's mean log mean)


def drifting_region(
    n_countries: int = 25, first_year: int = 2008, n_years: int = 15, n_silent: int = 6, seed: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], pd.DataFrame]:
    """(fact_observation, population, members, truth); truth has every true total."""
    rng = np.random.default_rng(seed)
    members = [f"D{i:02d}" for i in range(n_countries)]
    years = np.arange(first_year, first_year + n_years)
    pop0 = np.exp(rng.uniform(np.log(30_000), np.log(11_000_000), n_countries))
    growth = rng.normal(0.008, 0.005, n_countries)
    pop = np.round(pop0[:, None] * (1 + growth[:, None]) ** (years - first_year)[None, :])
    population = pd.DataFrame({"iso3": np.repeat(members, n_years), "year": np.tile(years, n_countries), "population": pop.ravel()})
    silent = rng.choice(n_countries, n_silent, replace=False)
    truth, reported = [], []
    for indicator, rate in RATES.items():
        level = rng.normal(0, START_SD, n_countries)[:, None] + np.cumsum(rng.normal(0, STEP_SD, (n_countries, n_years)), axis=1)
        shock = TREND * (years - first_year) + rng.normal(0, YEAR_SD, n_years)
        log_mean = np.log(rate * 1e5 / 1e5) + ELASTICITY * np.log(pop / 1e5) + level + shock[None, :] + rng.normal(0, NOISE_SD, (n_countries, n_years))
        counts = rng.poisson(np.exp(log_mean))
        deviation = log_mean - log_mean.mean(axis=1, keepdims=True)
        p_report = 1 / (1 + np.exp(-(REPORT_INTERCEPT + REPORT_SLOPE * deviation)))
        reports = rng.random((n_countries, n_years)) < p_report
        reports[silent] = False
        for i, c in enumerate(members):
            for t, y in enumerate(years):
                row = (c, int(y), indicator, "total", "total", int(counts[i, t]))
                truth.append(row)
                if reports[i, t]:
                    reported.append(row)
    columns = ["country_iso3", "year", "indicator", "sex", "exploitation", "value"]
    truth, reported = pd.DataFrame(truth, columns=columns), pd.DataFrame(reported, columns=columns)
    return to_fact_observation(reported), population, members, truth

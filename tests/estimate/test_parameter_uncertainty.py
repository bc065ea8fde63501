"""A never-reporting member's interval carries the uncertainty of the regional parameters: they are
drawn from their marginal posterior (importance sampling), which with few reporters is skewed
towards larger spreads between members than the mode; the walk's step is drawn from its
posterior too. Region generated here with known truth (9 reporters, log-normal member effects)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ctip.estimate.model import MIN_EFFECTIVE, STEP_SDS, fit_count_model, simulate_totals

YEARS = np.arange(2010, 2020)


def few_reporters(seed: int = 5) -> pd.DataFrame:
    """9 members reporting every year (rate 3 per 100,000 times a log-normal effect of sd 1, counts
    Poisson-log-normal) and one member with a population that never reports (NEV)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(10):
        country, population, effect = f"C{i:02d}" if i < 9 else "NEV", 1e5 * 10 ** rng.uniform(0, 1.5), rng.normal()
        for year in YEARS:
            # year-to-year noise beyond Poisson, as in the real series (it identifies the noise size)
            mean = 3e-5 * population * np.exp(effect + 0.4 * rng.normal())
            value = float(rng.poisson(mean)) if country != "NEV" else np.nan
            rows.append(
                {
                    "country_iso3": country,
                    "year": int(year),
                    "population": population,
                    "lo": 0.0 if np.isnan(value) else value,
                    "hi": np.inf if np.isnan(value) else value,
                    "status": "missing" if np.isnan(value) else "reported",
                }
            )
    return pd.DataFrame(rows)


def test_regional_parameters_come_from_their_posterior_skewed_to_larger_spreads():
    model = fit_count_model(few_reporters())
    assert model is not None and model.theta_draws is not None
    w = model.theta_weights
    assert np.isclose(w.sum(), 1.0) and 1.0 / np.sum(w**2) >= MIN_EFFECTIVE
    # the posterior mean of the log spread lies above its mode: few reporters cannot rule out a wide spread
    assert w @ model.theta_draws[:, 3] > np.log(model.shape)
    assert np.isclose(sum(model.step_weights), 1.0)
    assert STEP_SDS[int(np.argmax(model.step_weights))] == model.step_sd


def test_never_reporting_interval_is_wider_than_with_the_parameters_taken_as_known():
    cells = few_reporters()
    model = fit_count_model(cells)
    known = replace(model, theta_draws=None, theta_weights=None, covariance=None, step_weights=())
    never = (cells["country_iso3"] == "NEV").to_numpy()

    def width(m) -> float:
        draws, basis = simulate_totals(m, cells, 4000, np.random.default_rng(1))
        assert (basis[never] == "region").all()
        lo, hi = np.quantile(draws[never], [0.025, 0.975], axis=1)
        return float(np.mean(hi - lo))

    assert width(model) > 1.1 * width(known)

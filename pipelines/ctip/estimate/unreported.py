"""A model for an indicator that no member with a population figure reported (victims_assisted in
the GLOTIP export): built from the indicators that were fitted, so that every member-year still
gets an interval, a wide one that says how little is known.

The indicators are taken as exchangeable on the log scale: the unreported indicator's level (the
log expected count of a member of REFERENCE people in the centre year) is drawn from a normal
with the mean and spread of the fitted indicators' levels, widened by (1 + 1/k) for estimating
them from k indicators; its elasticity, trend, country spread and noise are the fitted
indicators' averages, their spread between indicators carried in the covariance. With fewer than
two fitted indicators the spread between indicators cannot be estimated: the floor
`unreported_indicator.log_sd` of schemas/estimation.yaml is used, and with none at all the level
is centred on `unreported_indicator.rate_per_100k`."""

from __future__ import annotations

import numpy as np

from ctip.estimate.model import PRIOR, CountModel

REFERENCE = 100_000.0  # the levels are compared for a member of this population


def _level(model: CountModel, centre_year: float) -> float:
    """Log expected count of a member of REFERENCE people in centre_year (u = 1, no year effect)."""
    return model.intercept + model.trend * (centre_year - model.centre_year) + model.elasticity * np.log(REFERENCE / model.reference_population)


def model_from_other_indicators(fitted: list[CountModel], centre_year: float, rate_per_100k: float, log_sd: float) -> CountModel:
    """The unreported indicator's CountModel (its covariance carries the between-indicator spread)."""
    k = len(fitted)
    levels = np.array([_level(m, centre_year) for m in fitted])
    if k >= 2:
        centre, sd = float(levels.mean()), max(float(levels.std(ddof=1)), log_sd)
    else:
        centre = float(levels[0]) if k else float(np.log(rate_per_100k * REFERENCE / 100_000.0))
        sd = log_sd

    def mean_sd(values: list[float], default: float, floor: float) -> tuple[float, float]:
        if not values:
            return default, floor
        spread = float(np.std(values, ddof=1)) if len(values) > 1 else 0.0
        return float(np.mean(values)), max(spread, floor)

    trend, trend_sd = mean_sd([m.trend for m in fitted], 0.0, PRIOR["trend"][1] / 3)
    elasticity, elasticity_sd = mean_sd([m.elasticity for m in fitted], *PRIOR["elasticity"])
    log_shape, log_shape_sd = mean_sd([np.log(m.shape) for m in fitted], 0.0, 0.25)
    log_size, log_size_sd = mean_sd([np.log(m.size) for m in fitted], PRIOR["log_size"][0], 0.25)
    covariance = np.diag([sd**2 * (1 + 1 / max(k, 1)), trend_sd**2, elasticity_sd**2, log_shape_sd**2, log_size_sd**2])
    year_sd = float(np.mean([m.year_sd for m in fitted])) if fitted else 0.0
    return CountModel(
        centre, trend, elasticity, float(np.exp(log_shape)), float(np.exp(log_size)), float(centre_year), REFERENCE, covariance=covariance, year_sd=year_sd
    )

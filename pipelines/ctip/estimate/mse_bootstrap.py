"""BCa bootstrap confidence intervals for multiple systems estimates.

Follows SparseMSE's ``estimatepopulation``/``bcaconfvalues`` (Chan, Silverman
& Vincent 2021, section 3.3): each replicate redraws the observed cases as a
multinomial sample of the same size over the observed capture patterns and
re-runs the whole estimator (model selection included); the acceleration
comes from a jackknife that removes one case at a time; the interval ends are
type-8 (median-unbiased) quantiles of the replicates at the BCa-adjusted
levels. Random numbers come from numpy's ``default_rng(seed)``, so intervals
are reproducible here but not draw-for-draw identical to R's.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.stats import norm

Estimator = Callable[[np.ndarray], float]


def _safe(estimator: Estimator, y: np.ndarray) -> float:
    # A replicate whose fit breaks down (no finite MLE) has no finite
    # estimate; count it as +inf so it still weighs on the upper tail.
    try:
        value = float(estimator(y))
    except (ValueError, np.linalg.LinAlgError, FloatingPointError):
        return np.inf
    return value if np.isfinite(value) else np.inf


def bootstrap_replicates(y: np.ndarray, estimator: Estimator, n_boot: int, seed: int) -> np.ndarray:
    """Estimates from ``n_boot`` multinomial resamples of the observed cases."""
    rng = np.random.default_rng(seed)
    cells = np.flatnonzero(y)
    n = int(round(y.sum()))
    draws = rng.multinomial(n, y[cells] / y[cells].sum(), size=n_boot)
    reps = np.empty(n_boot)
    yb = np.zeros_like(y, dtype=float)
    for b in range(n_boot):
        yb[cells] = draws[b]
        reps[b] = _safe(estimator, yb)
    return reps


def jackknife_acceleration(y: np.ndarray, estimator: Estimator) -> float:
    """BCa acceleration from leaving out one case (one per cell, weighted)."""
    cells = np.flatnonzero(y)
    weights = y[cells]
    jack = np.empty(len(cells))
    for i, c in enumerate(cells):
        yj = y.astype(float)
        yj[c] -= 1
        jack[i] = _safe(estimator, yj)
    if not np.all(np.isfinite(jack)):
        return 0.0
    resid = weights @ jack / weights.sum() - jack
    denom = 6.0 * (weights @ resid**2) ** 1.5
    return float(weights @ resid**3 / denom) if denom > 0 else 0.0


def bca_interval(reps: np.ndarray, point: float, acceleration: float, alpha: float = 0.05) -> tuple[float, float]:
    """Two-sided 1 - alpha BCa interval from bootstrap replicates."""
    # Keep the bias correction finite when every replicate lies on one side.
    below = np.clip(np.mean(reps < point), 0.5 / len(reps), 1 - 0.5 / len(reps))
    z0 = norm.ppf(below)
    za = z0 + norm.ppf([alpha / 2, 1 - alpha / 2])
    levels = norm.cdf(z0 + za / (1 - acceleration * za))
    with np.errstate(invalid="ignore"):
        ends = np.quantile(reps, levels, method="median_unbiased")
    ends = np.where(np.isnan(ends), np.inf, ends)  # interpolated between infs
    return float(ends[0]), float(ends[1])


def bca_bootstrap(
    y: np.ndarray,
    estimator: Estimator,
    point: float,
    n_boot: int = 1000,
    seed: int = 2021,
    alpha: float = 0.05,
) -> tuple[float, float]:
    """BCa interval for ``estimator`` at counts ``y`` (``point`` = its value)."""
    return bca_bootstrap_with_replicates(y, estimator, point, n_boot, seed, alpha)[:2]


def bca_bootstrap_with_replicates(
    y: np.ndarray,
    estimator: Estimator,
    point: float,
    n_boot: int = 1000,
    seed: int = 2021,
    alpha: float = 0.05,
) -> tuple[float, float, np.ndarray]:
    """The BCa interval and the replicates behind it (for the fragility warnings)."""
    reps = bootstrap_replicates(y, estimator, n_boot, seed)
    return (*bca_interval(reps, point, jackknife_acceleration(y, estimator), alpha), reps)

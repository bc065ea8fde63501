"""Model-averaged multiple systems estimation: the uncertainty of the choice of model carried
into the interval.

Stepwise selection (mse_model.stepwise_fit) picks one model and its interval is conditional on
it, even when re-selected in every bootstrap replicate; when several models fit about as well
but extrapolate the unseen count differently, the interval is too narrow (Kosovo: stepwise gives
an interval that excludes the accepted ~10,400). Here every model of main effects plus up to
`max_pairs` two-list interactions that has a finite estimate (Design rank and the Fienberg-Rinaldo
condition, as for stepwise; interactions of lists with no case in common are left out) is
fitted; each gets its weight exp(-QAIC/2), normalised (Buckland, Burnham & Augustin 1997; QAIC is
AIC with the log-likelihood divided by the overdispersion c-hat, see `overdispersion`). The estimate is the
weighted mean of the models' estimates; the interval is read from the mixture over models of each
model's sampling distribution of the unseen count (log-normal, from the standard error of the
intercept of its Poisson log-linear fit), so it is wide where the models disagree."""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm

from ctip.estimate.mse_model import Design, _rows_and_columns, check_model

MIXTURE_DRAWS = 40_000


@dataclass(frozen=True)
class AveragedFit:
    estimate: float
    ci_lower: float
    ci_upper: float
    observed: int
    models: tuple[tuple[tuple[int, ...], float, float], ...]  # (pairs, weight, estimate), heaviest first


def _fit(design: Design, y: np.ndarray, pairs: tuple[int, ...]):
    keep, cols = _rows_and_columns(design, y, pairs)
    empty_lists = (design.patterns.T @ y) == 0
    keep &= ~(design.patterns[:, empty_lists].any(axis=1))
    X = np.column_stack([design.base, design.pair_cols[:, cols]])[keep]
    X = X[:, X.any(axis=0)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sm.GLM(y[keep], X, family=sm.families.Poisson()).fit()
    return (float(res.params[0]), float(res.bse[0]), float(res.llf), int(X.shape[1]), float(res.pearson_chi2), int(res.df_resid))


def overdispersion(fits: list) -> float:
    """c-hat: Pearson chi-square over its degrees of freedom for the largest model with residual
    degrees of freedom left (at least 1). Counts that vary more than Poisson between capture
    patterns (heterogeneous catchability) make it larger: the weights then spread over more models
    (QAIC) and every model's standard error grows by its square root (Burnham & Anderson 2002)."""
    rich = [f for f in fits if f[6] > 0]
    if not rich:
        return 1.0
    largest = max(rich, key=lambda f: f[4])
    return float(max(1.0, largest[5] / largest[6]))


def default_max_pairs(n_lists: int) -> int:
    """All interaction models for up to 4 lists (64 models); fewer interactions with more lists,
    to keep the number of models fitted in the hundreds."""
    return 6 if n_lists <= 4 else 3 if n_lists <= 5 else 2


def model_average(design: Design, y: np.ndarray, max_pairs: int | None = None, alpha: float = 0.05, seed: int = 2024) -> AveragedFit:
    """Akaike-weighted average over models with up to max_pairs interactions (see the module)."""
    y = np.asarray(y, dtype=float)
    observed = int(round(y.sum()))
    max_pairs = default_max_pairs(len(design.lists)) if max_pairs is None else max_pairs
    candidates = [j for j in range(len(design.pairs)) if (design.pair_cols[:, j] @ y) > 0]
    fits = []
    for size in range(0, min(max_pairs, len(candidates)) + 1):
        for pairs in itertools.combinations(candidates, size):
            if not check_model(design, y, pairs):
                continue
            intercept, se, llf, k, chi2, df = _fit(design, y, pairs)
            if np.isfinite(intercept) and np.isfinite(se) and np.isfinite(llf) and intercept < 30:
                fits.append((pairs, intercept, se, llf, k, chi2, df))
    if not fits:
        raise ValueError("no model with a finite estimate")
    c_hat = overdispersion(fits)
    qaic = -2 * np.array([f[3] for f in fits]) / c_hat + 2 * np.array([f[4] for f in fits])
    weight = np.exp(-(qaic - qaic.min()) / 2)
    weight /= weight.sum()
    intercept = np.array([f[1] for f in fits])
    se = np.array([f[2] for f in fits]) * np.sqrt(c_hat)
    estimates = observed + np.exp(intercept)
    rng = np.random.default_rng(seed)
    which = rng.choice(len(fits), size=MIXTURE_DRAWS, p=weight)
    draws = observed + np.exp(rng.normal(intercept[which], se[which]))
    lower, upper = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
    order = np.argsort(-weight)
    models = tuple((fits[i][0], float(weight[i]), float(estimates[i])) for i in order)
    return AveragedFit(float(weight @ estimates), float(lower), float(upper), observed, models)

"""Poisson log-linear models for multiple systems estimation: the fitting core.

Counts are held over all 2^k - 1 observable capture patterns ("cells"); a
model is main effects plus a set of two-list interactions ("pairs"). The
rules follow the R package SparseMSE (Chan, Silverman & Vincent 2021):

* An interaction whose two lists share no case ("empty overlap") has an
  extended-MLE value of minus infinity; it is fitted by dropping every cell
  that contains both lists instead of by a column in the design. SparseMSE's
  stepwise search may add such an interaction; by default ours does not (it
  has no finite estimate), which is the one deliberate difference.
* A model may only be entered by the stepwise search if its design is of full
  rank and the (extended) MLE exists, checked with the linear programme of
  Fienberg & Rinaldo (2012), as SparseMSE's ``checkident`` does.
* Stepwise p-values are SparseMSE's: the total count on both lists of a pair
  is, under the current model, Poisson with mean the fitted total of those
  cells; the p-value is the smaller of its two one-sided tail probabilities.
  (Not the GLM's Wald test: with that, NewOrl selects D:E, B:F and A:E and
  Western A:E and D:E, not the published models.)
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from scipy.optimize import linprog
from scipy.stats import poisson

_POISSON = sm.families.Poisson()
# LP optimum below this counts as zero, i.e. the MLE does not exist. The LP is
# solved on counts scaled to total 1, so genuine optima are far larger.
_LP_ZERO = 1e-10


@dataclass(frozen=True)
class Design:
    """Capture patterns and design columns for a fixed set of lists."""

    lists: tuple[str, ...]
    patterns: np.ndarray  # (cells, k) 0/1, cell c has code c + 1
    pairs: tuple[tuple[int, int], ...]  # all two-list pairs, SparseMSE order
    pair_cols: np.ndarray  # (cells, n_pairs) 1 where the cell has both lists
    base: np.ndarray  # (cells, 1 + k): intercept and main effects

    @classmethod
    def build(cls, lists: list[str] | tuple[str, ...]) -> Design:
        k = len(lists)
        codes = np.arange(1, 2**k)
        patterns = ((codes[:, None] >> np.arange(k)) & 1).astype(float)
        pairs = tuple(itertools.combinations(range(k), 2))
        pair_cols = np.zeros((len(codes), len(pairs)))
        for j, (a, b) in enumerate(pairs):
            pair_cols[:, j] = patterns[:, a] * patterns[:, b]
        base = np.column_stack([np.ones(len(codes)), patterns])
        return cls(tuple(lists), patterns, pairs, pair_cols, base)

    def cell_index(self, rows01: np.ndarray) -> np.ndarray:
        """Cell index of each 0/1 pattern row (all-zero rows are not cells)."""
        return rows01.astype(np.int64) @ (1 << np.arange(len(self.lists))) - 1

    def pair_name(self, j: int) -> str:
        a, b = self.pairs[j]
        return f"{self.lists[a]}:{self.lists[b]}"


@dataclass(frozen=True)
class ModelFit:
    """A fitted model: fitted cell means and the fitted unobserved count."""

    pairs: tuple[int, ...]  # indices into Design.pairs, in the order added
    mu: np.ndarray  # fitted mean per cell, 0 for cells dropped by the model
    dark: float  # exp(intercept): fitted count of the all-zero pattern
    observed: int

    @property
    def estimate(self) -> float:
        return self.observed + self.dark


def _rows_and_columns(design: Design, y: np.ndarray, pairs: tuple[int, ...]) -> tuple[np.ndarray, list[int]]:
    """Cells kept and pair columns used once empty overlaps are dropped."""
    overlap = design.pair_cols.T @ y
    keep = np.ones(len(y), dtype=bool)
    cols = []
    for j in pairs:
        if overlap[j] == 0:
            keep &= design.pair_cols[:, j] == 0
        else:
            cols.append(j)
    return keep, cols


def fit_model(design: Design, y: np.ndarray, pairs: tuple[int, ...] = ()) -> ModelFit:
    """Fit main effects plus ``pairs`` by Poisson GLM (statsmodels IRLS)."""
    keep, cols = _rows_and_columns(design, y, pairs)
    # A list with no cases has main effect -inf (extended MLE): its cells are
    # fitted as 0, the same limit R's glm creeps towards.
    empty_lists = (design.patterns.T @ y) == 0
    keep &= ~(design.patterns[:, empty_lists].any(axis=1))
    X = np.column_stack([design.base, design.pair_cols[:, cols]])[keep]
    X = X[:, X.any(axis=0)]  # the emptied lists' columns are now all zero
    with warnings.catch_warnings():
        # Bootstrap replicates can hit non-existent MLEs (e.g. a list that
        # holds every case); the fit then diverges the way R's glm does.
        warnings.simplefilter("ignore")
        res = sm.GLM(y[keep], X, family=_POISSON).fit()
    mu = np.zeros(len(y))
    mu[keep] = res.mu
    return ModelFit(tuple(pairs), mu, float(np.exp(res.params[0])), int(round(y.sum())))


def _mle_exists(A: np.ndarray, y: np.ndarray) -> bool:
    """Fienberg-Rinaldo LP: is there a strictly positive table with y's margins?

    Maximise s subject to A'(z + s) = A'y, z >= 0, s >= 0; the MLE exists iff
    s > 0. (Writing x = z + s folds SparseMSE's x >= s rows into the bounds.)
    """
    n = A.shape[0]
    total = y.sum()
    A_eq = np.column_stack([A.T, A.sum(axis=0)])
    c = np.zeros(n + 1)
    c[-1] = -1.0
    res = linprog(c, A_eq=A_eq, b_eq=A.T @ (y / total), bounds=(0, None), method="highs")
    return res.status == 0 and -res.fun > _LP_ZERO


def check_model(design: Design, y: np.ndarray, pairs: tuple[int, ...]) -> bool:
    """SparseMSE ``checkident``: full rank and the extended MLE exists."""
    keep, cols = _rows_and_columns(design, y, pairs)
    A = np.column_stack([design.base, design.pair_cols[:, cols]])[keep]
    if np.linalg.matrix_rank(A) < A.shape[1]:
        return False
    return _mle_exists(A, y[keep])


def pair_pvalues(design: Design, y: np.ndarray, fit: ModelFit) -> np.ndarray:
    """Two-sided-by-minimum Poisson p-value of each pair's overlap count."""
    observed = design.pair_cols.T @ y
    expected = design.pair_cols.T @ fit.mu
    return np.minimum(poisson.cdf(observed, expected), poisson.sf(observed - 1, expected))


def stepwise_fit(
    design: Design,
    y: np.ndarray,
    p_threshold: float = 0.02,
    allow_empty_overlaps: bool = False,
) -> ModelFit:
    """Forward selection of two-list interactions (SparseMSE ``stepwisefit``).

    At each step the candidate with the smallest p-value is added if it is
    below ``p_threshold`` and the enlarged model passes ``check_model``;
    candidates failing the check are passed over for the next smallest.

    By default a pair with no case in common is never a candidate: its
    parameter has no finite estimate. SparseMSE instead lets such a pair in
    (as a -inf parameter) when the absence of overlap is itself significant;
    ``allow_empty_overlaps=True`` does the same.
    """
    fit = fit_model(design, y)
    model: list[int] = []
    empty = (design.pair_cols.T @ y) == 0
    while p_threshold > 0 and len(model) < len(design.pairs):
        pvals = pair_pvalues(design, y, fit)
        pvals[model] = 1.0
        if not allow_empty_overlaps:
            pvals[empty] = 1.0
        chosen = None
        # Stable sort: ties go to the earlier pair, as in SparseMSE.
        for j in np.argsort(pvals, kind="stable"):
            if pvals[j] >= p_threshold:
                break
            if check_model(design, y, (*model, int(j))):
                chosen = int(j)
                break
        if chosen is None:
            break
        model.append(chosen)
        fit = fit_model(design, y, tuple(model))
    return fit

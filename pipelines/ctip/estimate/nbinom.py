"""The negative binomial's log pmf, cdf, sf, ppf and isf, as scipy.stats.nbinom computes them, without its
generic machinery: the fit evaluates them some 2,500 times on small arrays, where scipy's argument
checks, broadcasting and `place` calls cost more than the special functions themselves (about half
the fit's time). Same ufuncs in the same order, so the results are bitwise those of
scipy.stats.nbinom (tests/estimate/test_nbinom.py checks it against scipy, so an upgrade that
changes scipy's formulas fails there, not silently in the estimates).

`n` (the size) is a scalar; `k` and `p` arrays of one shape (or broadcastable)."""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln, xlog1py
from scipy.special._ufuncs import _nbinom_cdf, _nbinom_isf, _nbinom_ppf, _nbinom_sf


def _prepare(k, n: float, p) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    k, p = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(p, dtype=float))
    good = (n > 0) & (p > 0) & (p <= 1)  # scipy's _argcheck
    return k, p, good


def logpmf(k, n: float, p) -> np.ndarray:
    """scipy.stats.nbinom.logpmf(k, n, p)."""
    k, p, good = _prepare(k, n, p)
    out = np.full(k.shape, -np.inf)
    out[~good | np.isnan(k)] = np.nan
    cond = good & (k >= 0) & (k <= np.inf) & (np.floor(k) == k)
    if cond.any():
        x, q = k[cond], p[cond]
        coeff = gammaln(n + x) - gammaln(x + 1) - gammaln(n)
        out[cond] = coeff + n * np.log(q) + xlog1py(x, -q)
    return out


def cdf(k, n: float, p) -> np.ndarray:
    """scipy.stats.nbinom.cdf(k, n, p)."""
    k, p, good = _prepare(k, n, p)
    out = np.zeros(k.shape)
    out[k >= np.inf] = 1.0
    out[~good | np.isnan(k)] = np.nan
    cond = good & (k >= 0) & (k < np.inf)
    if cond.any():
        out[cond] = np.clip(_nbinom_cdf(np.floor(k[cond]), n, p[cond]), 0, 1)
    return out


def sf(k, n: float, p) -> np.ndarray:
    """scipy.stats.nbinom.sf(k, n, p)."""
    k, p, good = _prepare(k, n, p)
    out = np.zeros(k.shape)
    out[~good | np.isnan(k)] = np.nan
    out[good & (k < 0)] = 1.0
    cond = good & (k >= 0) & (k < np.inf)
    if cond.any():
        out[cond] = np.clip(_nbinom_sf(np.floor(k[cond]), n, p[cond]), 0, 1)
    return out


def ppf(q, n: float, p) -> np.ndarray:
    """scipy.stats.nbinom.ppf(q, n, p)."""
    q, p, good = _prepare(q, n, p)
    out = np.full(q.shape, np.nan)
    out[(q == 0) & good] = -1.0
    out[(q == 1) & good] = np.inf
    cond = good & (q > 0) & (q < 1)
    if cond.any():
        with np.errstate(over="ignore"):
            out[cond] = _nbinom_ppf(q[cond], n, p[cond]) + 0
    return out


def isf(q, n: float, p) -> np.ndarray:
    """scipy.stats.nbinom.isf(q, n, p)."""
    q, p, good = _prepare(q, n, p)
    out = np.full(q.shape, np.nan)
    out[(q == 1) & good] = -1.0
    out[(q == 0) & good] = np.inf
    cond = good & (q > 0) & (q < 1)
    if cond.any():
        with np.errstate(over="ignore"):
            out[cond] = _nbinom_isf(q[cond], n, p[cond]) + 0
    return out


def logpmf_rows(x: np.ndarray, n: float, p: np.ndarray) -> np.ndarray:
    """logpmf(x[:, None], n, p) for one count per row of p (rows x columns): the terms in the count
    alone (the log binomial coefficient) are computed once per row rather than once per column.
    The same numbers as logpmf, element for element."""
    x = np.asarray(x, dtype=float)
    p = np.asarray(p, dtype=float)
    good = (n > 0) & (p > 0) & (p <= 1)
    cond = good & ((x >= 0) & (x <= np.inf) & (np.floor(x) == x))[:, None]
    with np.errstate(all="ignore"):
        coeff = gammaln(n + x) - gammaln(x + 1) - gammaln(n)
        values = coeff[:, None] + n * np.log(p) + xlog1py(x[:, None], -p)
    out = np.where(cond, values, -np.inf)
    out[~good | np.isnan(x)[:, None]] = np.nan
    return out


def logsumexp(a, axis: int | None = None, keepdims: bool = False):
    """scipy.special.logsumexp(a, axis=axis, keepdims=keepdims) for real a without weights, in
    the same ufuncs and order (scipy 1.17: the max taken out, log1p of the rest's sum over the
    count of maxima), without its array-API dispatch, which costs some 0.2 ms a call: the fit asks
    for the country effects' prior thousands of times. A result that is not finite (infinite
    inputs) is left to scipy itself. Checked bit for bit against scipy in tests/estimate/test_nbinom.py."""
    original = a
    a = np.atleast_1d(np.asarray(a, dtype=float))
    axes = tuple(range(a.ndim)) if axis is None else axis
    with np.errstate(divide="ignore", invalid="ignore"):
        a_max = np.max(a, axis=axes, keepdims=True)
        at_max = a == a_max
        m = np.sum(at_max.astype(a.dtype), axis=axes, keepdims=True, dtype=a.dtype)
        s = np.sum(np.exp(np.where(at_max, -np.inf, a) - a_max), axis=axes, keepdims=True, dtype=a.dtype)
        s = np.where(s == 0, s, s / m)
        out = np.log1p(s) + np.log(m) + a_max
    if not np.isfinite(out).all():
        from scipy.special import logsumexp as scipy_logsumexp

        return scipy_logsumexp(original, axis=axis, keepdims=keepdims)
    out = out if keepdims else np.squeeze(out, axis=axes)
    return out[()] if out.ndim == 0 else out

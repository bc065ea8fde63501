"""ctip.estimate.nbinom gives bitwise what scipy.stats.nbinom gives: the estimates' exact
reproducibility rests on it (same seed, same numbers), so any difference, even in the last bit,
fails here."""

import numpy as np
import pytest
from scipy.stats import nbinom as scipy_nbinom

from ctip.estimate import nbinom


def _cases():
    rng = np.random.default_rng(7)
    mean = np.exp(rng.uniform(-12, 14, 4000))
    k = np.concatenate([rng.integers(-3, 60, 2000), np.floor(mean[:1500]), [np.inf, -np.inf, np.nan, -1, 0, 2.5, 1e6] * 71 + [0]]).astype(float)
    mean = mean[: len(k)]
    # p at the edges too: 1 (mean 0), 0 and below (an overflowing mean), above 1, NaN
    p_edges = np.array([1.0, 0.0, -0.1, 1.5, np.nan, 1e-300])
    for size in (0.05, 1.0, 4.7, 380.0, 1096.6):
        p = size / (size + mean)
        p[::97] = p_edges[np.arange(len(p[::97])) % len(p_edges)]
        yield k, size, p
    yield k[:10], -1.0, np.full(10, 0.5)  # a size out of range: NaN everywhere
    yield np.arange(5.0), 2.0, np.full((3, 5), 0.3)  # broadcasting


def _quantile_cases():
    # fewer cells: the inverse functions iterate (a p near 0 makes quantiles huge and slow)
    rng = np.random.default_rng(8)
    for size in (0.05, 1.0, 4.7, 380.0):
        p = size / (size + np.exp(rng.uniform(-12, 10, 300)))
        p[::41] = np.array([1.0, 0.0, -0.1, 1.5, np.nan])[np.arange(len(p[::41])) % 5]
        q = rng.uniform(0, 1, 300)
        q[::37] = np.array([0.0, 1.0, 1e-12, 1 - 1e-12, np.nan, -0.5, 2.0])[np.arange(len(q[::37])) % 7]
        yield q, size, p


@pytest.mark.parametrize("name", ["logpmf", "cdf", "sf", "ppf", "isf"])
def test_bitwise_scipy(name):
    for k, size, p in _quantile_cases() if name in ("ppf", "isf") else _cases():
        with np.errstate(all="ignore"):
            want = getattr(scipy_nbinom, name)(k, size, p)
            got = getattr(nbinom, name)(k, size, p)
        assert got.shape == np.shape(want)
        # equal bits, NaN where NaN (array_equal with equal_nan compares values; check the bits too)
        assert np.array_equal(got, want, equal_nan=True)
        assert np.array_equal(np.nan_to_num(got, nan=7.0).view(np.int64), np.nan_to_num(np.asarray(want, float), nan=7.0).view(np.int64))


def test_logpmf_rows_is_logpmf_element_for_element():
    for k, size, p in _cases():
        if np.ndim(p) != 1 or len(p) != len(k):
            continue
        rows = k[: len(k) // 101 * 101].reshape(-1, 101)[:, 0]
        grid = p[: len(rows) * 101].reshape(len(rows), 101)
        with np.errstate(all="ignore"):
            want = nbinom.logpmf(np.broadcast_to(rows[:, None], grid.shape), size, grid)
        got = nbinom.logpmf_rows(rows, size, grid)
        assert np.array_equal(np.nan_to_num(got, nan=7.0).view(np.int64), np.nan_to_num(want, nan=7.0).view(np.int64))


def test_count_below_is_the_comparison_it_replaces():
    from ctip.estimate.model import _count_below

    rng = np.random.default_rng(3)
    for _ in range(20):
        post = rng.dirichlet(np.full(101, 0.05), size=30)
        post[:, rng.integers(0, 101, 5)] = 0.0  # flat stretches: ties in the cumulative weights
        cum = np.cumsum(post, axis=1)
        r = rng.random((30, 200))
        r[:, :10] = cum[:, rng.integers(0, 101, 10)]  # draws exactly on a weight
        want = (r[:, :, None] > cum[:, None, :]).sum(axis=2)
        assert np.array_equal(_count_below(cum, r), want)
    cum[0, 3] = np.nan  # anything odd: the comparison itself
    assert np.array_equal(_count_below(cum, r), (r[:, :, None] > cum[:, None, :]).sum(axis=2))


def _bits(x) -> bytes:
    x = np.asarray(x)
    return x.dtype.str.encode() + str(x.shape).encode() + x.tobytes()


def test_logsumexp_is_scipys_bit_for_bit():
    """The country effects' prior (1-D, and rows of a grid, with repeated maxima, -inf, +inf)."""
    from scipy.special import logsumexp as scipy_logsumexp

    from ctip.estimate.model import LOG_U

    rng = np.random.default_rng(3)
    for _ in range(1500):
        scale = np.exp(rng.uniform(-4, 4))
        logw = -(30 + 1) / 2 * np.log1p((LOG_U / scale) ** 2 / 30)
        assert _bits(nbinom.logsumexp(logw)) == _bits(scipy_logsumexp(logw))
        grid = rng.normal(size=(int(rng.integers(1, 30)), 101)) * rng.uniform(0.1, 800)
        grid[rng.random(grid.shape) < 0.05] = grid.max()
        for axis, keepdims in ((-1, True), (-1, False), (None, False), (0, True)):
            assert _bits(nbinom.logsumexp(grid, axis=axis, keepdims=keepdims)) == _bits(scipy_logsumexp(grid, axis=axis, keepdims=keepdims))
    edges = np.array([[0.0, -np.inf, 2.0], [-np.inf, -np.inf, -np.inf], [np.inf, 1.0, 0.0], [1e308, 1e308, 0.0]])
    with np.errstate(all="ignore"):
        assert _bits(nbinom.logsumexp(edges, axis=-1, keepdims=True)) == _bits(scipy_logsumexp(edges, axis=-1, keepdims=True))

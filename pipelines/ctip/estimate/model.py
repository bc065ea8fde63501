"""The count model for one indicator's country totals, fitted by empirical Bayes; and the split of
a total into its breakdown parts.

    count[c, t] ~ NegBin(mean = u[c, t] * exp(intercept + trend * (t - centre)
                                              + elasticity * log(pop[c, t] / reference)), size)
    log u[c, t] ~ shape * Student-t(4)         country effect, median 1: countries differ, and a
                                               country with few reports is pulled towards the region

Population is the exposure; its elasticity is estimated (1 = strictly proportional) because small
islands record more cases per head than large countries. Each cell enters the likelihood as the
interval it is known to lie in (see panel.py), so a suppressed `<5` is a censored count in [0, 4].
The country effects are integrated out on a grid of log u, which gives the marginal likelihood of
the five regional parameters (maximised with weak priors that keep sparse indicators stable; their
uncertainty sampled from that posterior by importance sampling on its normal approximation) and,
per country, a posterior on the same grid. A
country's level may drift: its reports count less the further they are from the year estimated,
with a half-life chosen by leave-one-out prediction (infinite when the level is stable).
Predictive draws carry the uncertainty of the regional parameters, of the walk's step, of the
year effects, of the country's level and the year-to-year noise."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import product

import numpy as np
import pandas as pd
from scipy.special import gammaln, logsumexp, ndtr

from ctip.estimate import nbinom as fast_nbinom

# scipy.optimize, scipy.stats and statsmodels are imported where a model is fitted: simulating from
# fits taken from the cache (ctip.estimate.fit_cache) needs none of them (about 1.5 s of imports).

LOG_U = np.linspace(-9.0, 6.0, 101)  # country effects from 1/3000 to 100 times the region's, step 0.15
STEP = LOG_U[1] - LOG_U[0]
# Weak priors (mean, sd): a year trend beyond +-30% a year, an elasticity far from 1, or extreme
# spreads between countries need data to support them.
PRIOR = {"trend": (0.0, 0.15), "elasticity": (1.0, 0.5), "log_shape": (0.0, 1.5), "log_size": (np.log(5.0), 1.5)}
BOUNDS = [(-30.0, 30.0), (-1.0, 1.0), (-1.0, 3.0), (-4.0, 4.0), (-3.0, 7.0)]
SHORT_INTERVAL = 16  # intervals narrower than this are sampled by enumeration
MAX_COMBINATIONS = 4096  # bounded parts' combinations enumerated at once when splitting totals (allocate_parts)
# candidate standard deviations of a country's yearly step on the log scale (0: a constant level)
STEP_SDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.7)
THETA_GROUPS = 20  # draws of the regional parameters; each carries n_draws / THETA_GROUPS count draws


@dataclass(frozen=True)
class CountModel:
    intercept: float  # log expected count of a country of reference_population in centre_year, for u = 1
    trend: float  # change of the log rate per year
    elasticity: float
    shape: float  # scale of the country effects: log u ~ shape * Student-t(df) in the walk's anchor year
    size: float  # negative-binomial size of the year-to-year noise (large = Poisson)
    centre_year: float
    # the reporters' geometric mean population: centring year and population keeps the fit well conditioned
    reference_population: float
    # standard deviation of a country's yearly step of log u (a random walk; 0: a constant level),
    # chosen by the marginal likelihood of the reported cells
    step_sd: float = 0.0
    df: float = 30.0  # degrees of freedom of the Student-t of the country effects (T_DF)
    # Covariance of (intercept, trend, elasticity, log shape, log size) from the curvature of the
    # marginal posterior; None when it is not positive definite (then the fit is taken as known).
    covariance: np.ndarray | None = None
    # Year effects shared by every member (log scale, beyond the trend): {year: (effect, sd)}.
    # A year nobody reported has effect 0 and sd year_sd, the spread of the estimated effects.
    year_effects: tuple[tuple[int, float, float], ...] = ()
    year_sd: float = 0.0
    # Posterior weights of the step over STEP_SDS (its marginal likelihood at the fitted regional
    # parameters, flat prior): the step is estimated from a few members' series, so the draws
    # carry its uncertainty rather than the single best step (empty: step_sd taken as known).
    step_weights: tuple[float, ...] = ()
    # Draws of theta from its marginal posterior (rows) with their importance weights: the exact
    # posterior rather than its normal approximation, whose symmetric log shape misses how far up
    # the spread between members may lie when it rests on a few reporters (None: use covariance).
    theta_draws: np.ndarray | None = None
    theta_weights: np.ndarray | None = None

    @property
    def theta(self) -> np.ndarray:
        return np.array([self.intercept, self.trend, self.elasticity, np.log(self.shape), np.log(self.size)])

    def with_theta(self, theta: np.ndarray) -> CountModel:
        theta = np.clip(theta, [b[0] for b in BOUNDS], [b[1] for b in BOUNDS])
        return replace(
            self, intercept=float(theta[0]), trend=float(theta[1]), elasticity=float(theta[2]), shape=float(np.exp(theta[3])), size=float(np.exp(theta[4]))
        )

    def year_offset(self, year: np.ndarray) -> np.ndarray:
        effects = {y: e for y, e, _ in self.year_effects}
        return np.array([effects.get(int(y), 0.0) for y in np.asarray(year)], dtype=float)

    def with_year_draw(self, rng: np.random.Generator) -> CountModel:
        """The same model with its year effects drawn from their uncertainty (a year nobody reported
        gets a draw from the spread of year effects)."""
        if not self.year_effects and self.year_sd == 0:
            return self
        drawn = tuple((y, float(e + sd * rng.standard_normal()), 0.0) for y, e, sd in self.year_effects)
        return replace(self, year_effects=drawn, year_sd=0.0, _unseen_year=float(self.year_sd * rng.standard_normal()))

    def with_step_draw(self, rng: np.random.Generator) -> CountModel:
        """The same model with the random walk's step drawn from its posterior over STEP_SDS."""
        if not self.step_weights:
            return self
        return replace(self, step_sd=float(STEP_SDS[rng.choice(len(STEP_SDS), p=np.array(self.step_weights))]))

    _unseen_year: float = 0.0  # the drawn effect of years without any report (see with_year_draw)

    def regional_mean(self, year: np.ndarray, population: np.ndarray) -> np.ndarray:
        """Expected count of a country with the region's typical effect (u = 1) in that year."""
        year = np.asarray(year, dtype=float)
        # each distinct year's effect looked up once (the simulation asks for thousands of cells
        # of a dozen years): a year with an effect gets it, any other year the unseen years' draw
        effects = {y: e for y, e, _ in self.year_effects}
        distinct, inverse = np.unique(year.astype(int), return_inverse=True)
        offset = np.array([effects.get(y, self._unseen_year) for y in distinct.tolist()], dtype=float)[inverse].reshape(year.shape)
        return np.exp(self.intercept + self.trend * (year - self.centre_year) + offset + self.elasticity * np.log(population / self.reference_population))


def _informative(cells: pd.DataFrame) -> np.ndarray:
    return ((cells["lo"] > 0) | np.isfinite(cells["hi"])).to_numpy()


def _interval_ends(lo: np.ndarray, hi: np.ndarray, p: np.ndarray, size: float, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) with P(lo <= count <= hi) = b - a: cdf(lo - 1), cdf(hi) below the mean; sf(hi),
    sf(lo - 1) where the interval lies above it, since there the cdf rounds to 1 and loses the mass."""
    a, b = np.empty(lo.shape), np.empty(lo.shape)
    a[~upper] = fast_nbinom.cdf(lo[~upper] - 1, size, p[~upper])
    b[~upper] = fast_nbinom.cdf(hi[~upper], size, p[~upper])
    a[upper] = fast_nbinom.sf(hi[upper], size, p[upper])
    b[upper] = fast_nbinom.sf(lo[upper] - 1, size, p[upper])
    return a, b


def _interval_loglik(lo: np.ndarray, hi: np.ndarray, mean: np.ndarray, size: float) -> np.ndarray:
    """log P(lo <= count <= hi) for each cell (rows) at each mean (columns)."""
    p = size / (size + mean)
    exact = lo == hi  # a reported count, else an interval: whole rows
    out = np.empty(mean.shape)
    out[exact] = fast_nbinom.logpmf_rows(lo[exact], size, p[exact])
    if (~exact).any():
        lo, hi = (np.broadcast_to(a[~exact, None], (int((~exact).sum()), mean.shape[1])) for a in (lo, hi))
        p_, m_ = p[~exact], mean[~exact]
        a, b = _interval_ends(lo, hi, p_, size, lo - 1 >= m_)
        out[~exact] = np.log(np.maximum(b - a, 1e-300))
    # An impossible cell (a mean that over- or underflows at a trial parameter) is very unlikely,
    # not -inf or NaN, which would poison the sums over countries it is not part of.
    return np.fmax(out, -1e6)


# The country effects' family: log u ~ scale * Student-t(T_DF), median u = 1 (the intercept is
# the typical member's level). With the regional parameters drawn from their posterior (the
# between-country scale is skewed towards larger values with 9 reporters) the tails come from that
# uncertainty, and the effects themselves are near-normal, which is what the marginal likelihood
# chooses for victims detected. Heavy tails (3 df) had been needed while the scale was taken as
# known; with its posterior drawn they inflated a left-out member's mean (with few degrees of
# freedom the mean of exp(t) is dominated by rare draws) without improving coverage.
# Leave-one-country-out on GLOTIP, victims detected, 2,000 draws, seeds 1-2: 30 df covers
# 95.7-100% of the real reports left out, MAE 104-106 against the regional rate's 208.5; 3 df
# covered 87-96% with MAE 161-386 (docs/methodology.md).
T_DF = 30.0


@lru_cache(maxsize=64)
def _effect_prior(scale: float, df: float) -> np.ndarray:
    """Log weights of log u ~ scale * Student-t(df) on the LOG_U grid, summing to 1. Cached (read
    only): the optimiser's finite differences move one parameter at a time, so most calls repeat
    the last scale."""
    logw = -(df + 1) / 2 * np.log1p((LOG_U / scale) ** 2 / df)
    out = logw - fast_nbinom.logsumexp(logw)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=32)
def _kernel(step_sd: float) -> np.ndarray | None:
    """Transition matrix of log u from one year to the next on the LOG_U grid: a normal step of
    sd step_sd, binned to the grid (each row the mass of its bins, renormalised at the edges).
    None for a constant level (the identity: no product to take). Cached (read only): the steps
    are the few STEP_SDS, and the fit asks for them thousands of times."""
    if step_sd <= 0:
        return None
    d = LOG_U[None, :] - LOG_U[:, None]
    k = ndtr((d + STEP / 2) / step_sd) - ndtr((d - STEP / 2) / step_sd)  # scipy.stats.norm.cdf, bitwise
    out = k / k.sum(axis=1, keepdims=True)
    out.flags.writeable = False
    return out


_PRIOR_DENSITY: dict[bytes, np.ndarray] = {}


def _prior_density(log_prior: np.ndarray) -> np.ndarray:
    """n_g * the normalised prior on the grid (the flat start has density 1/n_g at every year);
    one prior (a row of the grid) is cached by its bytes, as the fit repeats it."""
    if log_prior.ndim != 1:
        return len(LOG_U) * np.exp(log_prior - fast_nbinom.logsumexp(log_prior, axis=-1, keepdims=True))
    key = log_prior.tobytes()
    out = _PRIOR_DENSITY.get(key)
    if out is None:
        if len(_PRIOR_DENSITY) > 64:
            _PRIOR_DENSITY.clear()
        out = _PRIOR_DENSITY[key] = len(LOG_U) * np.exp(log_prior - fast_nbinom.logsumexp(log_prior, axis=-1, keepdims=True))
        out.flags.writeable = False
    return out


@dataclass(frozen=True)
class Layout:
    """Where each cell sits in a country x year array: countries in sorted order, years from the
    first to the last of the cells (a year without a cell carries no likelihood)."""

    countries: np.ndarray
    first_year: int
    n_years: int
    country: np.ndarray  # index of each cell's country
    year: np.ndarray  # index of each cell's year

    @classmethod
    def of(cls, cells: pd.DataFrame, years: np.ndarray | None = None) -> Layout:
        year = cells["year"].to_numpy().astype(int)
        span = year if years is None else np.asarray(years, dtype=int)
        first, last = int(span.min()), int(span.max())
        countries, country = np.unique(cells["country_iso3"].to_numpy(), return_inverse=True)
        return cls(countries, first, last - first + 1, country, year - first)

    def scatter(self, lik: np.ndarray) -> np.ndarray:
        """Cells' log-likelihoods (cells x grid) summed into countries x years x grid."""
        out = np.zeros((len(self.countries), self.n_years, lik.shape[1]))
        if self.unique:  # one cell per country-year (an indicator's totals): 0 + x, without add.at
            out[self.country, self.year] = lik + 0.0
        else:
            np.add.at(out, (self.country, self.year), lik)
        return out

    @cached_property
    def unique(self) -> bool:
        flat = self.country * self.n_years + self.year
        return len(np.unique(flat)) == len(flat)


LOGLIK_FLOOR = 50.0


def _smooth(
    loglik: np.ndarray,
    log_prior: np.ndarray,
    step_sd: float,
    posterior: bool = True,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Forward-backward on the grid for log u following a random walk with a step of step_sd a
    year, anchored in the middle year of the span: there log u has the prior (the spread between
    members), and it wanders from there in both directions (a flat start on the bounded grid,
    the prior entering at the anchor, is the same chain). loglik: countries x years x grid.
    Returns each country's log marginal likelihood and, if asked, the smoothed posterior of log u
    in every year, and the same without the year's own cells (what the country's other years say
    about it)."""
    kernel = _kernel(step_sd)
    n_c, n_t, n_g = loglik.shape
    anchor = (n_t - 1) // 2
    top = loglik.max(axis=2, keepdims=True)
    # a year's cells far below their best on the grid (e^-50) are capped there: two reports that
    # no level explains together (a level that never moves) must not underflow to nothing
    e = np.exp(np.maximum(loglik - top, -LOGLIK_FLOOR))
    # the prior, times n_g: the flat start has density 1/n_g at every year
    prior = np.broadcast_to(_prior_density(log_prior), (n_c, n_g))
    alpha, predicted = np.empty_like(e), np.empty_like(e)
    scale = np.empty((n_c, n_t))
    a = np.full((n_c, n_g), 1.0 / n_g)
    for t in range(n_t):
        if t and kernel is not None:
            a = a @ kernel
        if t == anchor:
            a = a * prior
        predicted[:, t] = a
        a = a * e[:, t]
        scale[:, t] = a.sum(axis=1)
        a = a / scale[:, t, None]
        alpha[:, t] = a
    marginal = (np.log(scale) + top[..., 0]).sum(axis=1)
    if not posterior:
        return marginal, None, None
    beta = np.ones_like(e)
    for t in range(n_t - 2, -1, -1):
        ahead = e[:, t + 1] * beta[:, t + 1] * (prior if t + 1 == anchor else 1.0)
        beta[:, t] = (ahead if kernel is None else ahead @ kernel.T) / scale[:, t + 1, None]
    post = alpha * beta
    loo = predicted * beta
    return (marginal, post / post.sum(axis=2, keepdims=True), loo / np.maximum(loo.sum(axis=2, keepdims=True), 1e-300))


def _walk_effects(scale: float, df: float, step_sd: float, n_countries: int, n_years: int, n_draws: int, rng: np.random.Generator) -> np.ndarray:
    """Country effects (countries x years x draws) of members that never reported: the prior's
    draw in the middle year, a random walk from there in both directions (as in _smooth)."""
    anchor = (n_years - 1) // 2
    steps = step_sd * rng.standard_normal((n_countries, n_years, n_draws))
    walk = np.zeros_like(steps)
    walk[:, anchor + 1 :] = np.cumsum(steps[:, anchor + 1 :], axis=1)
    walk[:, :anchor] = np.cumsum(steps[:, :anchor][:, ::-1], axis=1)[:, ::-1]
    start = scale * rng.standard_t(df, (n_countries, 1, n_draws))
    return np.exp(np.clip(start + walk, LOG_U[0], LOG_U[-1]))


def fit_count_model(cells: pd.DataFrame) -> CountModel | None:
    """Fit one indicator from its total cells (country_iso3, year, population, lo, hi).
    Only members with a population figure inform the regional parameters; None if none reported.

    Alternates YEAR_ROUNDS times: the year effects given the rest; the regional parameters given
    the year effects and the step of the countries' random walk (their marginal posterior, the
    walks integrated out by forward filtering on the grid); the step given the rest (marginal
    likelihood over STEP_SDS)."""
    data = cells[_informative(cells) & cells["population"].notna()]
    if data.empty:
        return None
    from scipy.optimize import minimize
    from statsmodels.tools.numdiff import approx_hess1

    centre = float(cells["year"].mean())
    dt = data["year"].to_numpy(float) - centre
    reference = float(np.exp(np.log(data["population"].to_numpy(float)).mean()))
    log_pop = np.log(data["population"].to_numpy(float) / reference)
    mid = np.where(np.isfinite(data["hi"]), (data["lo"] + data["hi"]) / 2, data["lo"]).astype(float)
    start = np.array([np.log(max(mid.mean(), 0.5)), 0.0, 1.0, 0.0, np.log(5.0)])
    layout = Layout.of(data, cells["year"].to_numpy())
    lo, hi = data["lo"].to_numpy(float), data["hi"].to_numpy(float)
    offset = np.zeros(len(data))
    step = [0.0]  # the random walk's step, chosen by choose_step

    recent: dict[bytes, np.ndarray] = {}

    def grid_loglik(theta: np.ndarray) -> np.ndarray:
        # The cells' likelihood does not involve the scale of the country effects (theta[3]): the
        # optimiser's finite differences and the Hessian move it alone, and find it here (read only).
        key = np.asarray(theta, dtype=float)[[0, 1, 2, 4]].tobytes() + offset.tobytes()
        if key in recent:
            return recent[key]
        intercept, trend, elasticity, _, log_size = theta
        base = np.exp(intercept + trend * dt + elasticity * log_pop + offset)
        out = layout.scatter(_interval_loglik(lo, hi, base[:, None] * np.exp(LOG_U)[None, :], np.exp(log_size)))
        out.flags.writeable = False
        if len(recent) >= 8:
            recent.pop(next(iter(recent)))
        recent[key] = out
        return out

    def neg_log_posterior(theta: np.ndarray) -> float:
        marginal = _smooth(grid_loglik(theta), _effect_prior(np.exp(theta[3]), T_DF), step[0], posterior=False)[0].sum()
        penalty = sum(((v - PRIOR[k][0]) / PRIOR[k][1]) ** 2 for k, v in zip(("trend", "elasticity", "log_shape", "log_size"), theta[1:])) / 2
        return penalty - marginal

    def fit(theta: np.ndarray) -> np.ndarray:
        # SLSQP rather than L-BFGS-B: as fast here, and free of the BLAS threading overhead that makes
        # L-BFGS-B ten times slower on a busy 2-core machine (measured with scipy 1.17)
        return minimize(neg_log_posterior, theta, method="SLSQP", bounds=BOUNDS, options={"ftol": 1e-7}).x

    def step_scores(theta: np.ndarray) -> np.ndarray:
        loglik, prior = grid_loglik(theta), _effect_prior(np.exp(theta[3]), T_DF)
        return np.array([_smooth(loglik, prior, sd, posterior=False)[0].sum() for sd in STEP_SDS])

    def choose_step(theta: np.ndarray) -> float:
        return STEP_SDS[int(np.argmax(step_scores(theta)))]

    theta = fit(start)
    years = data["year"].to_numpy().astype(int)
    effects: dict[int, tuple[float, float]] = {}
    for _ in range(YEAR_ROUNDS):
        base = np.exp(theta[0] + theta[1] * dt + theta[2] * log_pop)
        effects = _year_effects(grid_loglik(theta), base, theta[3], T_DF, np.exp(theta[4]), layout, mid, years, step[0])
        offset[:] = np.array([effects[y][0] for y in years])
        step[0] = choose_step(theta)
        theta = fit(theta)
    scores = step_scores(theta)
    step[0] = STEP_SDS[int(np.argmax(scores))]
    step_weights = tuple(float(w) for w in np.exp(scores - logsumexp(scores)))
    try:
        covariance = np.linalg.inv(approx_hess1(theta, neg_log_posterior))
        np.linalg.cholesky(covariance)
    except np.linalg.LinAlgError:
        covariance = None
    theta_draws, theta_weights = _importance_sample(theta, covariance, neg_log_posterior) if covariance is not None else (None, None)
    values = np.array([e for e, _ in effects.values()]) if effects else np.zeros(1)
    variances = np.array([sd**2 for _, sd in effects.values()]) if effects else np.zeros(1)
    year_sd = float(np.sqrt(max(values.var() - variances.mean(), MIN_YEAR_SD**2))) if len(values) > 2 else MIN_YEAR_SD
    return CountModel(
        *map(float, theta[:3]),
        float(np.exp(theta[3])),
        float(np.exp(theta[4])),
        centre,
        reference,
        step_sd=step[0],
        df=T_DF,
        covariance=covariance,
        step_weights=step_weights,
        theta_draws=theta_draws,
        theta_weights=theta_weights,
        year_effects=tuple((y, e, sd) for y, (e, sd) in sorted(effects.items())),
        year_sd=year_sd,
    )


POSTERIOR_PROPOSALS = 200  # importance-sampling proposals of the regional parameters
PROPOSAL_DF = 4.0  # the proposal's t tails are heavier than the posterior's, so weights stay bounded
MIN_EFFECTIVE = 20.0  # fewer effective draws than this: the normal approximation is used instead


def _importance_sample(
    mode: np.ndarray,
    covariance: np.ndarray,
    neg_log_posterior,
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Draws of theta from its marginal posterior: a multivariate-t proposal on the normal
    approximation (mode, covariance), each draw weighted by posterior / proposal. Proposals outside
    BOUNDS (the parameter space) weigh 0. A fixed seed keeps the fit deterministic. None when the
    weights are too uneven to trust (effective sample size below MIN_EFFECTIVE), as when a
    parameter is barely identified (Poisson-like counts leave the noise size free up to its bound):
    then the normal approximation is used."""
    from scipy.stats import multivariate_t

    rng = np.random.default_rng(0)
    proposal = multivariate_t(mode, covariance, df=PROPOSAL_DF)
    x = np.atleast_2d(proposal.rvs(POSTERIOR_PROPOSALS, random_state=rng))
    inside = ((x >= [b[0] for b in BOUNDS]) & (x <= [b[1] for b in BOUNDS])).all(axis=1)
    log_target = np.array([-neg_log_posterior(t) if ok else -np.inf for t, ok in zip(x, inside)])
    logw = log_target - proposal.logpdf(x)
    logw = np.where(np.isfinite(logw), logw, -np.inf)
    if not np.isfinite(logw).any():
        return None, None
    w = np.exp(logw - logsumexp(logw))
    if 1.0 / np.sum(w**2) < MIN_EFFECTIVE:
        return None, None
    return x, w


YEAR_ROUNDS = 3  # alternations between the year effects and the other regional parameters
YEAR_PSEUDO = 5.0  # weight (in cases' worth of information) shrinking a sparse year's effect towards 0
MIN_YEAR_SD = 0.05


def _year_effects(
    loglik: np.ndarray, base: np.ndarray, log_shape: float, df: float, size: float, layout: Layout, mid: np.ndarray, years: np.ndarray, step_sd: float
) -> dict[int, tuple[float, float]]:
    """Year effects shared by all members, given the other regional parameters (base: each cell's
    mean at u = 1 without year effects; loglik: the cells on the grid under the current ones): per
    year, the weighted mean log ratio of each member's report (midpoint of a censored cell) to
    what its level predicts, the level taken from the member's OTHER years, so that a level free
    to move does not absorb the year's shock; shrunk towards 0 by YEAR_PSEUDO units of weight,
    with the matching standard error."""
    _, _, loo = _smooth(loglik, _effect_prior(np.exp(log_shape), df), step_sd)
    expected = base * (loo[layout.country, layout.year] @ np.exp(LOG_U))
    # each cell weighs by its information on the log mean under the negative binomial, which is
    # capped by its size: one large member cannot make the year effect alone
    weight = expected * size / (expected + size)
    # a member with no report in another year has no level of its own to compare with (its
    # leave-one-out level is the regional prior), so its ratio is all member effect, not the
    # year's: it carries no weight (attack5 J-L: a territory's first report of 40 or 5 doubled or
    # halved every other member's estimate of that year)
    pairs = np.unique(layout.country * layout.n_years + layout.year)
    years_reported = np.bincount(pairs // layout.n_years, minlength=len(layout.countries))
    weight = np.where(years_reported[layout.country] > 1, weight, 0.0)
    log_ratio = np.log((mid + 0.5) / (expected + 0.5))
    out = {}
    for year in np.unique(years):
        rows = years == year
        w = weight[rows].sum()
        out[int(year)] = (float((weight[rows] * log_ratio[rows]).sum() / (w + YEAR_PSEUDO)), float(1 / np.sqrt(w + YEAR_PSEUDO)))
    return out


@dataclass(frozen=True)
class CellArrays:
    """One indicator's cells as the arrays the simulation reads, taken from the frame once: a
    simulation draws THETA_GROUPS times from the same cells, and reading the frame's columns
    (strings held by Arrow, boolean masks, `isin`) cost more than the arithmetic. The values are
    the frame's own, so every result is the same bit for bit."""

    country: np.ndarray
    year: np.ndarray  # float
    population: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    informative: np.ndarray
    layout: Layout | None  # None for no cells
    has_pop: np.ndarray  # the cell's country has a population figure in every year
    no_population: tuple[np.ndarray, ...]  # the rows of each country with a missing population figure
    informed: np.ndarray  # the cell's country reported something (an informative cell)
    with_pop: np.ndarray | None  # per country of the layout: it has a population figure in every year

    @classmethod
    def of(cls, cells: pd.DataFrame) -> CellArrays:
        country = cells["country_iso3"].to_numpy()
        missing = cells["population"].isna().to_numpy()
        no_population = tuple((country == c) for c in pd.unique(country[missing]))
        informative = _informative(cells)
        has_pop = ~np.isin(country, country[missing])
        layout = Layout.of(cells) if len(cells) else None
        return cls(
            country=country,
            year=cells["year"].to_numpy(float),
            population=cells["population"].to_numpy(float),
            lo=cells["lo"].to_numpy(float),
            hi=cells["hi"].to_numpy(float),
            informative=informative,
            layout=layout,
            has_pop=has_pop,
            no_population=no_population,
            informed=np.isin(country, country[informative]),
            with_pop=None if layout is None else ~np.isin(layout.countries, country[~has_pop]),
        )


def _base_mean(model: CountModel, cells: pd.DataFrame | CellArrays) -> np.ndarray:
    """Mean count at u = 1 for each cell. A member without population has no regional level: its
    base is set from its own reports (midpoints) with the region's trend, and its effect gets a
    flat prior, so its level comes from its own figures alone."""
    c = cells if isinstance(cells, CellArrays) else CellArrays.of(cells)
    year = c.year
    base = model.regional_mean(year, c.population)
    for rows in c.no_population:
        info = rows & c.informative
        trend = np.exp(model.trend * (year - model.centre_year))
        mid = np.where(np.isfinite(c.hi), (c.lo + c.hi) / 2, c.lo)
        level = max(mid[info].mean(), 0.5) / trend[info].mean() if info.any() else np.nan
        base[rows] = level * trend[rows]
    return base


def _count_below(cum: np.ndarray, r: np.ndarray) -> np.ndarray:
    """(r[:, :, None] > cum[:, None, :]).sum(axis=2): for each row's draws, how many of its
    cumulative weights lie below. The weights are non-decreasing, so that is a binary search per
    row rather than a comparison of every draw with every grid point (millions per indicator)."""
    if np.isnan(cum).any() or np.isnan(r).any() or (np.diff(cum, axis=1) < 0).any():
        return (r[:, :, None] > cum[:, None, :]).sum(axis=2)
    out = np.empty(r.shape, dtype=np.intp)
    for i in range(len(cum)):
        out[i] = np.searchsorted(cum[i], r[i], side="left")
    return out


def draw_country_effects(model: CountModel, cells: pd.DataFrame | CellArrays, n_draws: int, rng: np.random.Generator) -> np.ndarray:
    """Draws of each cell's country effect u (cells x draws). A country that reported anything:
    from the smoothed posterior of its random walk in that year, which uses its reports on both
    sides, the nearer ones weighing more (model.step_sd); one set of random numbers per country
    keeps its years coherent. A member without population starts its walk from a flat prior, so
    its level comes from its own reports alone. A member with population but no report: the
    regional Student-t in the middle year, and the random walk from there (_walk_effects)."""
    if len(cells.country if isinstance(cells, CellArrays) else cells) == 0:
        return np.empty((0, n_draws))
    c = cells if isinstance(cells, CellArrays) else CellArrays.of(cells)
    has_pop, layout = c.has_pop, c.layout
    countries, cell_country = layout.countries, layout.country  # np.unique of the cells' countries
    walks = _walk_effects(model.shape, model.df, model.step_sd, len(countries), layout.n_years, n_draws, rng)
    u = np.where(has_pop[:, None], walks[layout.country, layout.year], np.nan)
    info = c.informative
    if info.any():
        lik = _interval_loglik(c.lo[info], c.hi[info], _base_mean(model, c)[info][:, None] * np.exp(LOG_U)[None, :], model.size)
        loglik = np.zeros((len(layout.countries), layout.n_years, len(LOG_U)))
        where = (layout.country[info], layout.year[info])
        if layout.unique:  # one cell per country-year (the totals): 0 + x, as add.at computes it
            loglik[where] = lik + 0.0
        else:
            np.add.at(loglik, where, lik)
        log_prior = np.where(c.with_pop[:, None], _effect_prior(model.shape, model.df)[None, :], 0.0)
        _, post, _ = _smooth(loglik, log_prior, model.step_sd)
        informed = c.informed
        cum = np.cumsum(post[layout.country[informed], layout.year[informed]], axis=1)
        r = rng.random((len(countries), n_draws))[cell_country[informed]]
        pick = np.minimum(_count_below(cum, r), len(LOG_U) - 1)
        # jitter within the grid step so draws are continuous, not stuck on grid points
        jitter = rng.uniform(-STEP / 2, STEP / 2, (len(countries), n_draws))[cell_country[informed]]
        u[informed] = np.exp(LOG_U[pick] + jitter)
    return u


def draw_counts(mean: np.ndarray, lo: np.ndarray, hi: np.ndarray, size: float, rng: np.random.Generator) -> np.ndarray:
    """Negative-binomial counts with the given means (cells x draws), each kept within its cell's
    [lo, hi]. A short interval (a suppressed 0-4) is sampled from its enumerated probabilities, in
    logs so that even an interval far in the tail keeps its shape; a long one by inverse cdf."""
    lo = np.broadcast_to(lo[:, None], mean.shape)
    hi = np.broadcast_to(hi[:, None], mean.shape)
    p = size / (size + mean)
    out = rng.negative_binomial(size, p).astype(float)
    short = np.isfinite(hi) & (hi - lo < SHORT_INTERVAL)
    if short.any():
        values = lo[short][:, None] + np.arange(SHORT_INTERVAL)
        logp = np.where(values <= hi[short][:, None], fast_nbinom.logpmf(values, size, p[short][:, None]), -np.inf)
        out[short] = values[np.arange(len(values)), np.argmax(logp + rng.gumbel(size=logp.shape), axis=1)]
    long = ((lo > 0) | np.isfinite(hi)) & ~short
    if long.any():
        lo_, hi_, p_, m_ = lo[long], hi[long], p[long], mean[long]
        upper = lo_ - 1 >= m_
        a, b = _interval_ends(lo_, hi_, p_, size, upper)
        q = a + rng.random(lo_.shape) * (b - a)
        x = np.empty(lo_.shape)
        x[upper] = fast_nbinom.isf(q[upper], size, p_[upper])
        x[~upper] = fast_nbinom.ppf(q[~upper], size, p_[~upper])
        x = np.where(np.isfinite(x), x, lo_)  # an interval with no mass at all at this mean: its nearest end
        out[long] = np.clip(x, lo_, hi_)
    return out


def simulate_totals(
    model: CountModel | None, cells: pd.DataFrame, n_draws: int, rng: np.random.Generator, n_groups: int = THETA_GROUPS
) -> tuple[np.ndarray, np.ndarray]:
    """Predictive draws (cells x draws) of one indicator's totals, and the basis of each cell:
    'reported' (the value itself), 'suppressed' (a draw within its bounds), 'country' (the country
    reported in other years), 'region' (nothing reported: its effect drawn from the region's
    spread), 'region_no_population' (no population figure and no report: modelled as a member of
    the reporters' typical population, reference_population; never from another member's counts),
    'none' (no model: NaN).
    The regional parameters are themselves drawn from their posterior (importance draws, else the
    normal approximation), with the walk's step and the year effects, in THETA_GROUPS groups, so
    the interval also carries the uncertainty of the regional rate and of the spread between members
    (n_groups: more in validation, where the tails of few predictions decide the coverage)."""
    lo, hi = cells["lo"].to_numpy(float), cells["hi"].to_numpy(float)
    status = cells["status"].to_numpy()
    country = cells["country_iso3"].to_numpy()
    informed = pd.Series(_informative(cells)).groupby(country).transform("any").to_numpy()
    has_pop = ~np.isin(country, country[cells["population"].isna().to_numpy()])
    basis = np.select(
        [status == "reported", status == "suppressed", informed, has_pop], ["reported", "suppressed", "country", "region"], "region_no_population"
    )
    draws = np.full((len(cells), n_draws), np.nan)
    draws[lo == hi] = lo[lo == hi, None]
    if model is None:  # nothing to model from: suppressed cells keep their bounds, the rest is unknown
        basis = np.where(np.isin(basis, ["reported", "suppressed"]), basis, "none")
        sup = basis == "suppressed"
        draws[sup] = rng.integers(lo[sup, None], hi[sup, None] + 1, size=(sup.sum(), n_draws))
        return draws, basis
    if (basis == "region_no_population").any():
        cells = cells.copy()
        cells.loc[basis == "region_no_population", "population"] = model.reference_population
    todo = lo != hi
    groups = np.array_split(np.arange(n_draws), min(n_groups, n_draws))
    if model.theta_draws is not None:
        pick = rng.choice(len(model.theta_draws), len(groups), p=model.theta_weights)
        thetas = [model.with_theta(t) for t in model.theta_draws[pick]]
    elif model.covariance is not None:
        thetas = [model.with_theta(t) for t in rng.multivariate_normal(model.theta, model.covariance, len(groups))]
    else:
        thetas = [model] * len(groups)
    arrays = CellArrays.of(cells)  # read once for every group
    for group, fitted in zip(groups, thetas):
        fitted = fitted.with_year_draw(rng).with_step_draw(rng)
        mean = _base_mean(fitted, arrays)[:, None] * draw_country_effects(fitted, arrays, len(group), rng)
        draws[np.ix_(todo, group)] = draw_counts(mean[todo], lo[todo], hi[todo], fitted.size, rng)
    return draws, basis


# --- Breakdowns: shares of the total, and parts drawn so that they add up to it ------------------


@dataclass(frozen=True)
class ShareModel:
    """Country shares of the parts ~ Dirichlet(concentration * regional_share), stable over years."""

    parts: tuple[str, ...]
    regional_share: np.ndarray
    concentration: float
    country_counts: dict[str, np.ndarray]  # summed parts of each country's complete breakdowns

    def country_alpha(self, country: str) -> np.ndarray:
        """Dirichlet posterior of a country's shares: the region's, updated by its own breakdowns."""
        own = self.country_counts.get(country, np.zeros(len(self.parts)))
        return self.concentration * self.regional_share + own


def fit_share_model(parts: pd.DataFrame, part_names: tuple[str, ...], part_column: str) -> ShareModel:
    """From the part cells of one breakdown (country_iso3, year, <part_column>, lo, hi, status).
    Only country-years where every part was reported inform the shares; a suppressed part counts
    as the middle of its range (2 for 0-4). The concentration (how far countries differ from the region) is
    the maximum of the Dirichlet-multinomial likelihood when at least 3 countries have complete
    numeric breakdowns; otherwise it stays at a weak default of one victim's worth per part."""
    if parts.empty:  # nobody reported this breakdown: the region's shares are uniform, weakly held
        return ShareModel(tuple(part_names), np.full(len(part_names), 1.0 / len(part_names)), float(len(part_names)), {})
    # dropna=False and a reindex: a part nobody reported (all NaN) is a column of NaN, not a KeyError
    wide = parts.pivot_table(index=["country_iso3", "year"], columns=part_column, values=["lo", "hi"], aggfunc="first", dropna=False)
    lo, hi = (
        wide[v].reindex(columns=list(part_names)).to_numpy(float) if v in wide.columns.get_level_values(0) else np.full((len(wide), len(part_names)), np.nan)
        for v in ("lo", "hi")
    )
    complete = np.isfinite(hi).all(axis=1) & ((lo > 0) | (hi > 0)).any(axis=1)
    numeric = complete & (lo == hi).all(axis=1)
    countries = wide.index.get_level_values("country_iso3").to_numpy()
    mid = (lo + np.where(np.isfinite(hi), hi, lo)) / 2
    counts = {c: mid[complete & (countries == c)].sum(axis=0) for c in np.unique(countries[complete])}
    if counts:  # a typical country's shares, not the pooled ones dominated by the largest reporter
        share = np.mean([(x + 0.5) / (x.sum() + 0.5 * len(x)) for x in counts.values()], axis=0)
    else:
        share = np.full(len(part_names), 1.0 / len(part_names))
    concentration = float(len(part_names))
    exact = {c: lo[numeric & (countries == c)].sum(axis=0) for c in np.unique(countries[numeric])}
    exact = {c: x for c, x in exact.items() if x.sum() > 0}
    if len(exact) >= 3:
        from scipy.optimize import minimize_scalar
        from scipy.stats import dirichlet_multinomial

        x = np.array(list(exact.values()))

        def neg_loglik(log_conc: float) -> float:
            return -dirichlet_multinomial.logpmf(x, np.exp(log_conc) * share, x.sum(axis=1)).sum()

        concentration = float(np.exp(minimize_scalar(neg_loglik, bounds=(np.log(0.5), np.log(1e4)), method="bounded").x))
    return ShareModel(tuple(part_names), share, concentration, counts)


def allocate_parts(totals: np.ndarray, lo: np.ndarray, hi: np.ndarray, shares: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Split each drawn total (cells x draws) into parts (cells x draws x parts) that add up to it.

    Reported parts stay as reported, unreported parts at least their floor (lo). Suppressed parts (bounded, e.g. 0-4) and unreported parts share
    the rest of the total as a multinomial with the drawn shares, conditioned on the suppressed ones
    staying in their bounds: every combination of the bounded parts is weighed by its multinomial
    probability and one is drawn, the unreported parts then split what is left. Where reported
    figures contradict each other (parts above the total) no split can add up; there the bounded
    parts are drawn uniformly in their bounds, the unreported ones share what is left, if anything,
    and the cell is returned as inconsistent."""
    n_cells, n_draws = totals.shape
    out = np.zeros((n_cells, n_draws, lo.shape[1]))
    inconsistent = np.zeros(n_cells, dtype=bool)
    fixed, free = lo == hi, np.isinf(hi)
    bounded = ~fixed & ~free
    patterns = np.concatenate([fixed, free], axis=1)
    for pattern in np.unique(patterns, axis=0):
        for rows in _combination_groups((patterns == pattern).all(axis=1), lo, hi, bounded):
            _allocate_group(rows, totals, lo, hi, shares, fixed, bounded, free, out, inconsistent, rng)
    return out, inconsistent


def _combination_groups(rows: np.ndarray, lo: np.ndarray, hi: np.ndarray, bounded: np.ndarray) -> list[np.ndarray]:
    """The rows of one pattern split together (their bounded parts' combinations enumerated from
    the lowest lower end to the highest upper end among them), or one by one when that would
    enumerate more than MAX_COMBINATIONS: bounded parts at different levels (female 10-14 from
    crossed cells beside another member's female 300-304) would otherwise multiply their ranges."""
    b = bounded[rows][0]
    if not b.any():
        return [rows]
    widths = hi[rows][:, b].max(axis=0) - lo[rows][:, b].min(axis=0) + 1
    if np.prod(widths) <= MAX_COMBINATIONS:
        return [rows]
    single = []
    for i in np.flatnonzero(rows):
        one = np.zeros_like(rows)
        one[i] = True
        single.append(one)
    return single


def _allocate_group(rows, totals, lo, hi, shares, fixed, bounded, free, out, inconsistent, rng) -> None:
    """allocate_parts for the rows of one pattern (see there), into out and inconsistent."""
    f, b, m = fixed[rows][0], bounded[rows][0], free[rows][0]
    lo_r, hi_r, p = lo[rows], hi[rows], shares[rows]
    parts = np.zeros(p.shape)
    parts[..., f] = lo_r[:, None, f]
    # an unreported part may still have a floor (its reported finer cells, crossed.py): it
    # holds that much for sure and shares only the rest
    parts[..., m] = lo_r[:, None, m]
    rest = totals[rows] - lo_r[:, f].sum(axis=1)[:, None] - lo_r[:, m].sum(axis=1)[:, None]
    if b.any():
        combos = np.array(list(product(*[range(int(lo_r[:, j].min()), int(hi_r[:, j].max()) + 1) for j in np.flatnonzero(b)])), dtype=float)
        within = ((combos[None] >= lo_r[:, None, b]) & (combos[None] <= hi_r[:, None, b])).all(axis=2)
        left = rest[..., None] - combos.sum(axis=1)  # cells x draws x combos
        # multinomial log-probabilities of each combination, up to the term in the cell's
        # total, which is the same for every combination of a cell and draw (argmax unchanged)
        p_b = p[..., b]
        if m.any():
            probs = np.concatenate([p_b, p[..., m].sum(axis=-1, keepdims=True)], axis=-1)
            ok = within[:, None, :] & (left >= 0)
        else:
            probs = p_b
            ok = within[:, None, :] & (left == 0)
        log_probs = np.log(np.maximum(probs / probs.sum(axis=-1, keepdims=True), 1e-300))
        logw = np.einsum("cdj,kj->cdk", log_probs[..., : b.sum()], combos) - gammaln(combos + 1).sum(axis=1)
        if m.any():
            safe_left = np.where(ok, left, 0.0)
            logw = logw + safe_left * log_probs[..., -1:] - gammaln(safe_left + 1)
        logw = np.where(ok, logw, -np.inf)
        feasible = ok.any(axis=2)
        pick = np.argmax(logw + rng.gumbel(size=logw.shape), axis=2)  # a draw from the weights
        chosen = combos[pick]
        uniform = rng.integers(lo_r[:, None, b], hi_r[:, None, b] + 1, size=chosen.shape)
        parts[..., b] = np.where(feasible[..., None], chosen, uniform)
        rest = rest - parts[..., b].sum(axis=-1)
        inconsistent[np.flatnonzero(rows)] |= ~feasible.all(axis=1)
    if m.any():
        inconsistent[np.flatnonzero(rows)] |= (rest < 0).any(axis=1)
        p_m = p[..., m] / p[..., m].sum(axis=-1, keepdims=True)
        parts[..., m] += rng.multinomial(np.maximum(rest, 0).astype(np.int64), p_m)
    else:
        inconsistent[np.flatnonzero(rows)] |= (rest != 0).any(axis=1)
    out[rows] = parts

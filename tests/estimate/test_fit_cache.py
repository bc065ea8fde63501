"""The estimates' cache changes nothing but the time: with a cache (cold or warm) the estimate
tables are the same numbers, bit for bit, as without one; one changed country refits only the
indicators whose cells it changed; the wide draws give the same regional table as the long ones."""

from __future__ import annotations

from dataclasses import fields
from functools import cache

import numpy as np
import pandas as pd

from ctip.estimate import fit_cache
from ctip.estimate.estimates import build_estimates, simulate_estimates
from ctip.estimate.regional import build_regional_estimates
from tests.estimate.synthetic import synthetic_region

YEARS = range(2008, 2016)
N_DRAWS = 120


@cache
def region():
    fact, population, members, _ = synthetic_region(n_countries=8, n_years=len(YEARS), seed=11)
    return fact, population, members


def _run(fact, population, members, cache_dir):
    return simulate_estimates(fact, population, members, first_year=YEARS[0], n_draws=N_DRAWS, seed=5, cache_dir=cache_dir)


def _same(a, b):
    estimates_a, draws_a = a
    estimates_b, draws_b = b
    pd.testing.assert_frame_equal(estimates_a, estimates_b, check_exact=True)
    pd.testing.assert_frame_equal(draws_a.keys, draws_b.keys, check_exact=True)
    assert np.array_equal(draws_a.values, draws_b.values, equal_nan=True)


def _counting_fits(monkeypatch) -> list[int]:
    calls = []
    real = fit_cache.fit_count_model

    def counted(cells):
        calls.append(len(cells))
        return real(cells)

    monkeypatch.setattr(fit_cache, "fit_count_model", counted)
    return calls


def test_cache_cold_and_warm_give_the_same_numbers_as_no_cache(tmp_path, monkeypatch):
    fact, population, members = region()
    plain = _run(fact, population, members, None)
    calls = _counting_fits(monkeypatch)
    cold = _run(fact, population, members, tmp_path)
    fitted_cold = len(calls)
    warm = _run(fact, population, members, tmp_path)
    assert fitted_cold > 0 and len(calls) == fitted_cold  # the warm run fitted nothing
    _same(plain, cold)
    _same(plain, warm)


def test_one_changed_country_refits_only_its_indicators(tmp_path, monkeypatch):
    fact, population, members = region()
    _run(fact, population, members, tmp_path)
    changed = fact.copy()
    country = sorted(changed["country_iso3"].unique())[0]
    rows = (changed["country_iso3"] == country) & (changed["indicator"] == "persons_convicted") & changed["value"].notna()
    assert rows.any()
    changed.loc[rows, "value"] = changed.loc[rows, "value"] + 7
    calls = _counting_fits(monkeypatch)
    again = _run(changed, population, members, tmp_path)
    assert len(calls) == 1  # persons_convicted alone
    _same(again, _run(changed, population, members, None))


def test_a_fit_comes_back_from_json_bit_for_bit():
    fact, population, members = region()
    estimates, _ = _run(fact, population, members, None)
    from ctip.estimate.model import fit_count_model
    from ctip.estimate.panel import build_panel
    from ctip.warehouse.cells import is_total_row

    panel = build_panel(fact, population, members, YEARS[0])
    cells = panel[(panel["indicator"] == "victims_detected") & is_total_row(panel)].reset_index(drop=True)
    model = fit_count_model(cells)
    back = fit_cache.loads(fit_cache.dumps(model))
    for f in fields(model):
        a, b = getattr(model, f.name), getattr(back, f.name)
        if isinstance(a, np.ndarray):
            assert a.dtype == b.dtype and np.array_equal(a, b)
        else:
            assert a == b and type(a) is type(b), f.name
    assert fit_cache.loads(fit_cache.dumps(None)) is None


def test_wide_and_long_draws_give_the_same_regional_table():
    fact, population, members = region()
    estimates, wide = _run(fact, population, members, None)
    estimates_long, long = build_estimates(fact, population, members, first_year=YEARS[0], n_draws=N_DRAWS, seed=5)
    pd.testing.assert_frame_equal(estimates, estimates_long, check_exact=True)
    a = build_regional_estimates(estimates, wide, population, members)
    b = build_regional_estimates(estimates, long, population, members)
    pd.testing.assert_frame_equal(a, b, check_exact=True)

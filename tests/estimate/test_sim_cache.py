"""The simulation cache changes nothing but the time: the estimates and their draws are the same,
bit for bit, with stored simulations as without. Each indicator draws from streams of its own
(estimates.indicator_streams), so a change in one indicator draws it again and only it: the others
are read, before it or after it."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ctip.estimate import estimates as estimates_module
from ctip.estimate import sim_cache
from ctip.estimate.estimates import simulate_estimates
from ctip.estimate.panel import INDICATORS
from tests.estimate.synthetic import synthetic_region

YEARS = range(2008, 2016)
N_DRAWS = 120


@cache
def region():
    fact, population, members, _ = synthetic_region(n_countries=8, n_years=len(YEARS), seed=11)
    return fact, population, members


def _run(fact, cache_dir, seed=5, last_year=None):
    _, population, members = region()
    return simulate_estimates(fact, population, members, first_year=YEARS[0], last_year=last_year, n_draws=N_DRAWS, seed=seed, cache_dir=cache_dir)


def _same(a, b):
    estimates_a, draws_a = a
    estimates_b, draws_b = b
    pd.testing.assert_frame_equal(estimates_a, estimates_b, check_exact=True)
    assert list(estimates_a.dtypes) == list(estimates_b.dtypes)
    pd.testing.assert_frame_equal(draws_a.keys, draws_b.keys, check_exact=True)
    assert np.array_equal(draws_a.values, draws_b.values, equal_nan=True)


def _counting_simulations(monkeypatch) -> list[str]:
    calls = []
    real = estimates_module._simulate_indicator

    def counted(panel, totals, model, borrowed, indicator, *args):
        calls.append(indicator)
        return real(panel, totals, model, borrowed, indicator, *args)

    monkeypatch.setattr(estimates_module, "_simulate_indicator", counted)
    return calls


def test_stored_simulations_give_the_same_numbers(tmp_path, monkeypatch):
    fact, _, _ = region()
    plain = _run(fact, None)
    calls = _counting_simulations(monkeypatch)
    cold = _run(fact, tmp_path)
    assert calls == list(INDICATORS)
    warm = _run(fact, tmp_path)
    assert calls == list(INDICATORS)  # the warm run drew nothing
    _same(plain, cold)
    _same(plain, warm)
    assert len(list(tmp_path.glob("sim-*.npz"))) == len(INDICATORS) == len(list(tmp_path.glob("sim-*.parquet")))


def test_a_changed_indicator_is_drawn_again_alone(tmp_path, monkeypatch):
    fact, _, _ = region()
    _run(fact, tmp_path)
    changed = fact.copy()
    reported = changed["indicator"].eq("persons_prosecuted") & changed["value"].notna()
    assert reported.any()
    rows = reported & (changed["country_iso3"] == changed.loc[reported, "country_iso3"].min())
    assert rows.any()
    changed.loc[rows, "value"] = changed.loc[rows, "value"] + 7
    calls = _counting_simulations(monkeypatch)
    again = _run(changed, tmp_path)
    assert calls == ["persons_prosecuted"]  # the others, before it and after it, were read
    _same(again, _run(changed, None))
    # and back: the original inputs find their stored simulations again
    calls.clear()
    _same(_run(fact, tmp_path), _run(fact, None))


def test_an_indicator_draws_the_same_numbers_whatever_the_others_do():
    """Its rows and draws do not move when another indicator's figures change (no cache)."""
    fact, _, _ = region()
    changed = fact.copy()
    rows = changed["indicator"].eq("victims_detected") & changed["value"].notna()
    changed.loc[rows, "value"] = changed.loc[rows, "value"] + 3
    (a, draws_a), (b, draws_b) = _run(fact, None), _run(changed, None)
    compared = 0
    for indicator in INDICATORS:
        in_a, in_b = (a["indicator"] == indicator).to_numpy(), (b["indicator"] == indicator).to_numpy()
        rows_a, rows_b = a[in_a].reset_index(drop=True), b[in_b].reset_index(drop=True)
        if indicator == "victims_detected":
            assert not rows_a["estimate"].equals(rows_b["estimate"])
        elif not rows_a["method"].eq("regional_model_other_indicators").any():  # not modelled from the others
            pd.testing.assert_frame_equal(rows_a, rows_b, check_exact=True)
            assert np.array_equal(draws_a.values[in_a], draws_b.values[in_b], equal_nan=True)
            compared += 1
    assert compared == len(INDICATORS) - 1


def test_another_seed_or_span_is_not_taken_from_the_cache(tmp_path, monkeypatch):
    fact, _, _ = region()
    _run(fact, tmp_path)
    calls = _counting_simulations(monkeypatch)
    _same(_run(fact, tmp_path, seed=6), _run(fact, None, seed=6))
    assert calls[: len(INDICATORS)] == list(INDICATORS)
    calls.clear()
    _same(_run(fact, tmp_path, last_year=YEARS[-2]), _run(fact, None, last_year=YEARS[-2]))
    assert calls[: len(INDICATORS)] == list(INDICATORS)


def test_a_damaged_or_half_entry_is_a_miss(tmp_path):
    fact, _, _ = region()
    plain = _run(fact, None)
    _run(fact, tmp_path)
    entries = sorted(tmp_path.glob("sim-*.npz"))
    entries[0].write_bytes(b"not an npz")
    entries[1].with_suffix(".parquet").unlink()
    _same(_run(fact, tmp_path), plain)


def test_old_entries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(sim_cache, "KEEP", 4)
    fact, _, _ = region()
    _run(fact, tmp_path)
    assert len(list(tmp_path.glob("sim-*.npz"))) == 4 == len(list(tmp_path.glob("sim-*.parquet")))

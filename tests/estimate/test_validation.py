"""mart_estimate_validation: designs, baselines and scores, on small synthetic regions with known
truth (synthetic.py) and hand-made series."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ctip.estimate.validation import (
    DESIGNS,
    PREDICTION_COLUMNS,
    VALIDATION_COLUMNS,
    interpolate,
    last_value,
    regional_median_rate,
    summarise_predictions,
    validate_estimates,
    validation_predictions,
)
from tests.estimate.synthetic import synthetic_region

CELL = ["country_iso3", "year", "indicator"]


@cache
def small():
    fact, population, members, _ = synthetic_region(n_countries=10, n_years=8, seed=5)
    return fact, population, members


@cache
def predictions(repetitions: int = 2) -> pd.DataFrame:
    fact, population, members = small()
    return validation_predictions(
        fact, population, members, first_year=2008, repetitions=repetitions, folds=3, n_draws=150, indicators=("victims_detected", "persons_convicted")
    )


def test_table_has_every_design_and_indicator_and_all():
    table = summarise_predictions(predictions())
    assert list(table.columns) == VALIDATION_COLUMNS
    assert set(table["design"]) == set(DESIGNS)
    for _, g in table.groupby("design"):
        assert g["indicator"].iloc[-1] == "all"
        assert g.loc[g["indicator"] != "all", "n_held_out"].sum() == g["n_held_out"].iloc[-1]
    assert table[["coverage_50", "coverage_80", "coverage_95"]].stack().between(0, 1).all()
    assert (table["coverage_50"] <= table["coverage_80"]).all() and (table["coverage_80"] <= table["coverage_95"]).all()
    assert (table["coverage_95_min"] <= table["coverage_95"] + 1e-12).all()
    assert (table["coverage_95"] <= table["coverage_95_max"] + 1e-12).all()
    assert (table["mean_abs_error_min"] <= table["mean_abs_error_max"]).all()
    assert (table["crps"] <= table["mean_abs_error"] + 1e-9).all()  # CRPS <= error of the mean (Jensen)
    assert (table["beats_baseline"] == (table["mean_abs_error"] < table["mean_abs_error_baseline"])).all()


def test_random_years_are_repeated_and_held_out_once_per_repetition():
    p = predictions()
    random = p[p["design"] == "random_years"]
    assert set(random["repetition"]) == {0, 1}
    assert not random.duplicated([*CELL, "repetition"]).any()
    assert set(p.loc[p["design"] != "random_years", "repetition"]) == {0}
    assert list(p.columns) == PREDICTION_COLUMNS
    assert np.isfinite(random["baseline"]).all()  # every hidden report keeps a visible one beside it


def test_leave_country_out_does_not_see_the_country():
    """Multiplying a member's own reports by 10 leaves its leave-one-country-out predictions unchanged."""
    fact, population, members = small()
    kwargs = dict(designs=("leave_country_out",), first_year=2008, n_draws=100, indicators=("victims_detected",))
    before = validation_predictions(fact, population, members, **kwargs)
    member = before["country_iso3"].iloc[0]
    changed = fact.copy()
    own = (changed["country_iso3"] == member) & changed["value"].notna()
    changed.loc[own, "value"] = changed.loc[own, "value"] * 10
    after = validation_predictions(changed, population, members, **kwargs)
    a = before[before["country_iso3"] == member].reset_index(drop=True)
    b = after[after["country_iso3"] == member].reset_index(drop=True)
    assert np.allclose(a["estimate"], b["estimate"]) and np.allclose(a["upper_95"], b["upper_95"])
    assert np.allclose(b["value"], a["value"] * 10)


def test_baselines_on_hand_made_series():
    visible = pd.DataFrame({"country_iso3": "A", "indicator": "x", "year": [2010, 2014, 2016], "value": [10.0, 30.0, 20.0], "population": [1e5, 1e5, 1e5]})
    cells = pd.DataFrame({"country_iso3": "A", "indicator": "x", "year": [2009, 2012, 2015, 2018]})
    assert interpolate(visible, cells).tolist() == [10, 20, 25, 20]
    assert last_value(visible, cells).tolist() == [10, 10, 30, 20]
    others = pd.DataFrame(
        {
            "country_iso3": ["B", "C", "D", "B"],
            "indicator": "x",
            "year": [2012, 2012, 2012, 2013],
            "value": [1.0, 4.0, 100.0, 8.0],
            "population": [1e5, 1e5, 1e6, 1e5],
        }
    )
    target = pd.DataFrame({"country_iso3": "A", "indicator": "x", "year": [2012, 2020], "population": [2e5, 1e5]})
    # 2012: rates 1, 4, 10 per 100,000 -> median 4 -> 8 for 200,000; 2020: nobody -> median of all (6)
    assert np.allclose(regional_median_rate(others, target), [8.0, 6.0])


def test_validate_estimates_is_a_plain_function_with_fixed_seeds():
    fact, population, members = small()
    kwargs = dict(first_year=2008, repetitions=1, folds=2, n_draws=60)
    sub = fact[fact["indicator"].isin(["persons_convicted"])]
    a = validate_estimates(sub, population, members, **kwargs)
    b = validate_estimates(sub, population, members, **kwargs)
    pd.testing.assert_frame_equal(a, b)
    assert set(a["indicator"]) == {"persons_convicted", "all"}

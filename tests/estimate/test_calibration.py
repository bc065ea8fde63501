"""Calibration on a synthetic region drawn from a known process (see synthetic.py): 25 countries x
15 years, 20% of country-years unreported and counts of 0-4 suppressed. (The model's own family:
see test_calibration_drift.py for a region drawn from another process.) The 95% intervals must
cover the hidden true counts about 95% of the time, and the point estimates must beat carrying
the country's last reported value forward.

The numbers quoted in docs/methodology.md come from:
    .venv/bin/python -m tests.estimate.test_calibration
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np

from ctip.estimate.estimates import TOTAL_METHOD, build_estimates
from ctip.estimate.validation import last_value, summarise_predictions, validation_predictions
from tests.estimate.synthetic import synthetic_region

KEYS = ["country_iso3", "year", "indicator", "sex", "exploitation"]
SEED = 11


@cache
def region(seed: int = SEED):
    fact, population, members, truth = synthetic_region(n_countries=25, n_years=15, seed=seed)
    estimates, _ = build_estimates(fact, population, members, first_year=2008, n_draws=400, seed=seed)
    return fact, population, members, truth, estimates


@cache
def calibration(seed: int = SEED) -> dict:
    """Coverage of the hidden totals; errors against the last reported value; suppressed cells."""
    fact, _, _, truth, estimates = region(seed)
    rows = estimates.merge(truth.rename(columns={"value": "truth"}), on=KEYS)
    totals = rows[(rows["sex"] == "total") & (rows["exploitation"] == "total")]
    hidden = totals[totals["method"].isin([TOTAL_METHOD["country"][1], TOTAL_METHOD["region"][1]])]
    own = hidden[hidden["method"] == TOTAL_METHOD["country"][1]].copy()
    visible = fact[(fact["sex"] == "total") & (fact["exploitation"] == "total") & fact["value"].notna()]
    own["last_value"] = last_value(visible.astype({"value": float}), own)
    own = own.dropna(subset=["last_value"])
    suppressed = fact.loc[fact["flag"] == "suppressed", KEYS].merge(rows, on=KEYS)
    return {
        "n_hidden_totals": len(hidden),
        "coverage_95": float(hidden["truth"].between(hidden["lower_95"], hidden["upper_95"]).mean()),
        "n_compared_with_last_value": len(own),
        "mean_abs_error": float((own["estimate"] - own["truth"]).abs().mean()),
        "mean_abs_error_last_value": float((own["last_value"] - own["truth"]).abs().mean()),
        "n_suppressed": len(suppressed),
        "suppressed_coverage_95": float(suppressed["truth"].between(suppressed["lower_95"], suppressed["upper_95"]).mean()),
    }


def test_hidden_totals_are_covered():
    numbers = calibration()
    assert numbers["n_hidden_totals"] > 500
    assert 0.88 <= numbers["coverage_95"] <= 0.99, numbers


def test_estimates_beat_the_last_reported_value():
    numbers = calibration()
    assert numbers["n_compared_with_last_value"] > 200  # zeros are now published as <5 too
    assert numbers["mean_abs_error"] < numbers["mean_abs_error_last_value"], numbers


def test_suppressed_truths_lie_in_their_intervals():
    numbers = calibration()
    assert numbers["n_suppressed"] > 100
    assert numbers["suppressed_coverage_95"] >= 0.95, numbers


def test_held_out_reported_values_are_covered():
    """The validation machinery on the same synthetic region: one fold of five held out."""
    fact, population, members, _, _ = region()
    predictions = validation_predictions(fact, population, members, designs=("random_years",), first_year=2008, repetitions=1, folds=5, n_draws=400, seed=SEED)
    summary = summarise_predictions(predictions).set_index("indicator").loc["all"]
    assert summary["n_held_out"] > 500
    assert 0.88 <= summary["coverage_95"] <= 0.99, summary
    assert summary["mean_abs_error"] < summary["mean_abs_error_baseline"], summary
    assert np.isfinite(predictions["baseline"]).all()


if __name__ == "__main__":
    print(json.dumps({k: round(v, 3) for k, v in calibration().items()}))

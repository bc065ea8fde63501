"""attack4 I-D: the regional trend chart must not die on one odd row. A regional estimate is the
mean of simulated sums and its interval their 2.5% and 97.5% quantiles: with very skewed draws (a
count far above any plausible one in a member's series) the mean lies above the upper end, and
matplotlib's errorbar refused the negative error bar ("'yerr' must not contain negative values"),
failing the run's report step. Such a year is drawn without its error bar, and said in the log."""

from __future__ import annotations

import logging

import pandas as pd

from ctip.report.charts import regional_trend_chart


def _trend(estimate_2021: float, upper_2021: float) -> pd.DataFrame:
    years = [2019, 2020, 2021]
    return pd.DataFrame(
        {
            "year": years,
            "reported_sum": [170.0, 148.0, 132.0],
            "n_withheld": [0, 0, 0],
            "n_reporting": [3, 3, 2],
            "population_share": [0.6, 0.6, 0.4],
            "low": [170.0, 148.0, 132.0],
            "high": [170.0, 148.0, 132.0],
            "estimate": [300.0, 280.0, estimate_2021],
            "lower_95": [250.0, 230.0, 140.0],
            "upper_95": [360.0, 340.0, upper_2021],
            "publishable": [True, True, False],
            "reason": ["", "", "only 40% of the region's population reported"],
            "withheld": [False, False, False],
        }
    )


def test_an_estimate_above_its_interval_draws_no_error_bar_and_is_logged(caplog):
    caplog.set_level(logging.WARNING, logger="ctip.report.charts")
    chart = regional_trend_chart(_trend(1.4564e10, 9.7177e9), "Victims detected", with_estimates=True)
    assert chart.svg.startswith("<svg") and "Victims detected" in chart.title
    assert "2021" in caplog.text and "does not contain its estimate" in caplog.text
    assert "2019" not in caplog.text and "2020" not in caplog.text


def test_intervals_that_hold_their_estimate_draw_as_before(caplog):
    caplog.set_level(logging.WARNING, logger="ctip.report.charts")
    # An estimate a rounding error above its upper end (sums in another order) still has its bar.
    chart = regional_trend_chart(_trend(400.0, 400.0 * (1 - 1e-12)), "Victims detected", with_estimates=True)
    assert chart.svg.startswith("<svg")
    assert caplog.text == ""

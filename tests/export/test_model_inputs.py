"""The published estimates never see a withheld count (attack3 H-B).

The model is public and seeded: an outside tester re-ran it on the public files with a withheld
count (TTO persons convicted 2018 = 3) set to 0, 1, 2, 3, 4, and only 3 reproduced the published
estimates. The estimates are now computed from the facts as the public exports show them
(ctip.export.model_inputs): the same for every candidate value, so the published estimates are too."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ctip.export.model_inputs import model_facts
from ctip.reference import load_population
from ctip.schema import KEY_COLUMNS

YEARS = (2017, 2018, 2019, 2020, 2021)


def _fact(convicted_2018: int, extra=()) -> pd.DataFrame:
    rows = []
    series = {
        ("TTO", "victims_detected"): (35, 40, 52, 61, 48),
        ("TTO", "persons_convicted"): (7, convicted_2018, 6, 9, 5),
        ("GUY", "victims_detected"): (110, 120, 140, 100, 130),
        ("GUY", "persons_convicted"): (12, 15, 11, 14, 10),
    }
    for (country, indicator), values in series.items():
        rows += [(country, y, indicator, "total", "total", "total", "total", v, None) for y, v in zip(YEARS, values)]
    rows += list(extra)
    frame = pd.DataFrame(rows, columns=[*KEY_COLUMNS, "value", "flag"])
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    for col in ("submission_id", "source_file", "source_sheet", "source_cell"):
        frame[col] = "x"
    frame["source_file"] = frame["country_iso3"] + "/tip.csv"
    return frame


def _dim_country() -> pd.DataFrame:
    return pd.DataFrame({"country_iso3": ["TTO", "GUY", "BRB", "JAM"]})


def test_the_model_input_is_the_same_for_every_candidate_small_count():
    inputs = [model_facts({"fact_observation": _fact(v), "dim_country": _dim_country()}) for v in (1, 2, 3, 4)]
    for other in inputs[1:]:
        pd.testing.assert_frame_equal(inputs[0], other)
    cell = inputs[0][(inputs[0]["country_iso3"] == "TTO") & (inputs[0]["year"] == 2018) & (inputs[0]["indicator"] == "persons_convicted")]
    assert cell["value"].isna().all() and (cell["flag"] == "suppressed").all()  # a `<5`, as UNODC's
    # a count that is published (0, or 5 and more) enters as it is
    five = model_facts({"fact_observation": _fact(5), "dim_country": _dim_country()})
    pd.testing.assert_frame_equal(five, _fact(5))


def test_a_complement_enters_as_not_reported():
    """JAM 2019: total 13, female 3, male 10. Female is withheld as small and one more cell as its
    complement: that one must not enter exactly either (total = male + 0..4 would give it away)."""
    extra = [
        ("JAM", 2019, "victims_detected", "total", "total", "total", "total", 13, None),
        ("JAM", 2019, "victims_detected", "female", "total", "total", "total", 3, None),
        ("JAM", 2019, "victims_detected", "male", "total", "total", "total", 10, None),
    ]
    out = model_facts({"fact_observation": _fact(7, extra), "dim_country": _dim_country()}).set_index(["country_iso3", "year", "sex"])
    jam = out.sort_index().loc[("JAM", 2019)]
    assert jam["value"].isna().sum() == 2  # the small count and its complement
    assert jam.loc["female", "flag"] == "suppressed"
    complement = jam[jam["value"].isna() & (jam.index != "female")]
    assert complement["flag"].isna().all()  # not reported: no bounds of a small count


@pytest.mark.parametrize("pair", [(1, 3)])
def test_published_estimates_do_not_depend_on_a_withheld_count(pair, monkeypatch):
    """The pipeline's estimates (country and regional) are equal for two candidate values of the
    withheld count: re-running the model cannot tell them apart."""
    monkeypatch.setenv("CTIP_ESTIMATE_QUICK", "1")
    monkeypatch.setenv("CTIP_ESTIMATE_FIRST_YEAR", "2017")
    from ctip.pipeline import public_estimate_tables

    population = load_population()
    population = population[population["year"].between(2015, 2022)]
    results = []
    for v in pair:
        tables = {"fact_observation": _fact(v), "ref_population": population, "dim_country": _dim_country()}
        results.append(public_estimate_tables(tables))
    for name in ("mart_estimates", "mart_regional_estimates"):
        a, b = (r[name].reset_index(drop=True) for r in results)
        pd.testing.assert_frame_equal(a, b)
    tto = results[0]["mart_estimates"]
    row = tto[(tto["country_iso3"] == "TTO") & (tto["year"] == 2018) & (tto["indicator"] == "persons_convicted") & (tto["sex"] == "total")]
    assert (row["nature"] == "E").all() and float(row["upper_95"].iloc[0]) <= 4 and np.isfinite(row["estimate"]).all()


def test_the_exports_withhold_no_count_the_estimates_read_exactly(monkeypatch):
    """Every count the public exports withhold entered the estimates as withheld: protecting the
    estimates (their parts, the regional rows) never withholds a further count, which the model
    would have read exactly. And the estimate of a withheld count is withheld with it."""
    monkeypatch.setenv("CTIP_ESTIMATE_QUICK", "1")
    monkeypatch.setenv("CTIP_ESTIMATE_FIRST_YEAR", "2017")
    from ctip.export.model_inputs import withheld_facts
    from ctip.export.suppression import protect
    from ctip.pipeline import public_estimate_tables

    extra = [
        ("JAM", 2019, "victims_detected", "female", "total", "total", "total", 3, None),
        ("JAM", 2019, "victims_detected", "male", "total", "total", "total", 10, None),
        ("BRB", 2021, "victims_detected", "total", "total", "total", "total", 3, None),
    ]
    fact = _fact(3, extra)
    population = load_population()
    tables = {"fact_observation": fact, "ref_population": population[population["year"].between(2015, 2022)], "dim_country": _dim_country()}
    estimates = public_estimate_tables(tables)
    public = protect({**tables, **estimates}, members=list(_dim_country()["country_iso3"])).tables
    shown = pd.to_numeric(public["fact_observation"]["value"], errors="coerce").isna().to_numpy()
    np.testing.assert_array_equal(shown, withheld_facts(tables))
    est = public["mart_estimates"]
    at = est[est["exploitation"].eq("total")].set_index(["country_iso3", "year", "indicator", "sex"])["estimate"]
    assert np.isnan(at[("JAM", 2019, "victims_detected", "female")])
    assert np.isnan(at[("BRB", 2021, "victims_detected", "total")])
    assert np.isnan(at[("TTO", 2018, "persons_convicted", "total")])

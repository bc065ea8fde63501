"""Cells reported crossed with another dimension (female children + female adults, attack2 G-J):
the estimates take their sum as the one-way figure the country did not report itself, never put
an estimate or interval below a count that was reported, and move no other cell's draws."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ctip.estimate.estimates import build_estimates
from tests.estimate.synthetic import synthetic_region

KEYS = ["country_iso3", "year", "indicator", "sex", "exploitation"]
YEARS = range(2008, 2016)
N_DRAWS = 200


def _cell(country: str, year: int, indicator: str, value: int, **dims: str) -> dict:
    row = {"country_iso3": country, "year": year, "indicator": indicator, "sex": "total", "age_group": "total", "exploitation": "total", "citizenship": "total"}
    row.update(dims)
    row.update({"value": value, "flag": None, "submission_id": "crossed", "source_file": "crossed", "source_sheet": "", "source_cell": ""})
    return row


# One country the model knows nothing special about ("C00"), sent its figures crossed in 2015
# as LCA and DOM did: female children 8 + female adults 9 of a total 20 (no female figure of its
# own); male children 44 + male adults 45 with a total of 102 (no male figure); children 30 + adults
# 12 of persons investigated, no total; and 13 nationals among victims assisted, no total.
CROSSED = [
    _cell("C00", 2015, "victims_detected", 8, sex="female", age_group="child"),
    _cell("C00", 2015, "victims_detected", 9, sex="female", age_group="adult"),
    _cell("C00", 2014, "victims_detected", 44, sex="male", age_group="child"),
    _cell("C00", 2014, "victims_detected", 45, sex="male", age_group="adult"),
    _cell("C00", 2015, "persons_investigated", 30, age_group="child"),
    _cell("C00", 2015, "persons_investigated", 12, age_group="adult"),
    _cell("C00", 2015, "victims_assisted", 13, citizenship="national"),
]
REPLACED = {  # the one-way and total cells of C00 the crossed ones stand for
    (2015, "victims_detected"): 20,
    (2014, "victims_detected"): 102,
}


@cache
def runs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(estimates without the crossed cells, with them, their draws without, with)."""
    fact, population, members, _ = synthetic_region(n_countries=10, n_years=len(YEARS), seed=5)
    is_c00 = (fact["country_iso3"] == "C00") & fact["year"].isin([2014, 2015])
    base = fact[~is_c00 | fact["indicator"].isin(["cases_investigated", "persons_prosecuted", "persons_convicted"])]
    totals = [_cell("C00", y, ind, v) for (y, ind), v in REPLACED.items()]
    without = pd.concat([base, pd.DataFrame(totals)], ignore_index=True)
    with_crossed = pd.concat([without, pd.DataFrame(CROSSED)], ignore_index=True)
    for frame in (without, with_crossed):
        frame["value"] = frame["value"].astype("Int64")
    e0, d0 = build_estimates(without, population, members, first_year=YEARS[0], n_draws=N_DRAWS, seed=5)
    e1, d1 = build_estimates(with_crossed, population, members, first_year=YEARS[0], n_draws=N_DRAWS, seed=5)
    return e0, e1, d0, d1


def _row(estimates: pd.DataFrame, year: int, indicator: str, sex: str = "total", exploitation: str = "total") -> pd.Series:
    key = (estimates["country_iso3"] == "C00") & (estimates["year"] == year) & (estimates["indicator"] == indicator)
    return estimates[key & (estimates["sex"] == sex) & (estimates["exploitation"] == exploitation)].iloc[0]


def test_female_children_and_adults_are_the_female_figure():
    _, e1, _, _ = runs()
    female, male = _row(e1, 2015, "victims_detected", "female"), _row(e1, 2015, "victims_detected", "male")
    assert [female["estimate"], female["lower_95"], female["upper_95"], female["nature"]] == [17, 17, 17, "C"]
    assert female["note"] == "reported by the country, as the sum of its parts by age group"
    assert male["estimate"] == 3 and male["nature"] == "E"  # the rest of the reported total
    male = _row(e1, 2014, "victims_detected", "male")
    assert [male["estimate"], male["nature"]] == [89, "C"]
    assert _row(e1, 2014, "victims_detected", "female")["estimate"] == 13


def test_no_total_estimate_below_the_parts_reported_by_age_or_citizenship():
    e0, e1, _, d1 = runs()
    investigated = _row(e1, 2015, "persons_investigated")
    assert investigated["nature"] != "C" and investigated["lower_95"] >= 42
    # children and adults both reported: the total is their sum, 42, no more (attack6 K-N)
    assert "puts it at 42" in investigated["note"] and "or more" not in investigated["note"]
    assert investigated["estimate"] == investigated["upper_95"] == 42
    assert _row(e1, 2015, "victims_assisted")["lower_95"] >= 13
    # without the crossed cells the model had put them lower: the test would not pass by chance
    assert _row(e0, 2015, "persons_investigated")["lower_95"] < 42
    cell = (d1["country_iso3"] == "C00") & (d1["year"] == 2015) & (d1["indicator"] == "persons_investigated") & (d1["sex"] == "total")
    assert (d1.loc[cell, "value"] >= 42).all()


def test_parts_still_add_up_to_the_total_in_every_draw():
    _, _, _, d1 = runs()
    d = d1[(d1["country_iso3"] == "C00") & (d1["indicator"] == "victims_detected") & (d1["exploitation"] == "total")]
    wide = d.pivot_table(index=["year", "draw"], columns="sex", values="value", observed=True)
    assert np.allclose(wide["female"] + wide["male"], wide["total"])


def test_no_other_cell_moves():
    """The crossed cells are drawn from a stream of their own: every other member's draws, and
    C00's other years and indicators, are exactly as without them."""
    e0, e1, d0, d1 = runs()
    touched = (e0["country_iso3"] == "C00") & (
        ((e0["year"] == 2015) & e0["indicator"].isin(["victims_detected", "persons_investigated", "victims_assisted"]))
        | ((e0["year"] == 2014) & (e0["indicator"] == "victims_detected"))
    )
    assert touched.sum() < len(e0) and (e0[KEYS] == e1[KEYS]).all().all()
    pd.testing.assert_frame_equal(e0[~touched].reset_index(drop=True), e1[~touched].reset_index(drop=True))
    same = ~(d0["country_iso3"] == "C00").to_numpy() | ~d0["year"].isin([2014, 2015]).to_numpy()
    assert np.array_equal(d0.loc[same, "value"].to_numpy(), d1.loc[same, "value"].to_numpy())

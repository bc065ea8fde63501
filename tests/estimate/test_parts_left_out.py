"""attack3 H-L: a breakdown whose reported parts cannot add up to the total. Reported parts that
leave victims out (total 300, female 78, male <5: about 218 victims of unknown sex) are not a
contradiction; reported parts above the total are. The member rows say which, and the regional
rows, whose parts then do not add up to the regional total either, name the members and the way."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ctip.estimate.estimates import build_estimates
from ctip.estimate.regional import build_regional_estimates
from tests.estimate.synthetic import to_fact_observation

KEYS = ["country_iso3", "year", "indicator", "sex", "exploitation"]
YEARS = range(2013, 2017)
COUNTRIES = {"A": 1e5, "B": 4e5, "C": 9e5}


@cache
def run():
    counts = [(c, y, "victims_detected", "total", "total", n) for c, n in (("A", 9), ("B", 30), ("C", 55)) for y in YEARS if (c, y) != ("B", 2015)]
    counts += [("B", 2015, "victims_detected", "total", "total", 300), ("B", 2015, "victims_detected", "female", "total", 78)]
    counts += [("B", 2015, "victims_detected", "male", "total", 2)]  # published as <5
    counts += [("A", 2016, "victims_detected", "female", "total", 12)]  # above A's total 9
    fact = to_fact_observation(pd.DataFrame(counts, columns=KEYS + ["value"]))
    population = pd.DataFrame([(c, y, p) for c, p in COUNTRIES.items() for y in YEARS], columns=["iso3", "year", "population"])
    estimates, draws = build_estimates(fact, population, list(COUNTRIES), first_year=YEARS[0], n_draws=200)
    return estimates, build_regional_estimates(estimates, draws, population, list(COUNTRIES))


def _member(country: str, year: int, sex: str) -> pd.Series:
    e = run()[0]
    return e[(e["country_iso3"] == country) & (e["year"] == year) & (e["sex"] == sex) & (e["exploitation"] == "total")].iloc[0]


def _regional(year: int, sex: str) -> pd.Series:
    r = run()[1]
    return r[(r["year"] == year) & (r["indicator"] == "victims_detected") & (r["sex"] == sex) & (r["exploitation"] == "total")].iloc[0]


def test_parts_that_leave_victims_out_are_said_so_not_called_a_contradiction():
    male = _member("B", 2015, "male")
    assert male["lower_95"] >= 0 and male["upper_95"] <= 4
    assert "leave victims of unknown sex out" in male["note"] and "contradict" not in male["note"]
    assert "so the parts add up to the total" not in male["note"]


def test_parts_above_the_total_are_a_contradiction():
    male = _member("A", 2016, "male")
    assert "contradict" in male["note"] and "leave victims" not in male["note"]


def test_regional_rows_name_the_members_and_the_way():
    r2015 = [_regional(2015, s) for s in ("female", "male", "total")]
    assert r2015[0]["estimate"] + r2015[1]["estimate"] < r2015[2]["estimate"] - 100
    for row in r2015:
        assert "add up to less than the total: the reported parts of B leave victims of unknown sex out" in row["note"]
    r2016 = [_regional(2016, s) for s in ("female", "male", "total")]
    assert r2016[0]["estimate"] + r2016[1]["estimate"] > r2016[2]["estimate"]
    assert all("add up to more than the total: the reported parts of A" in row["note"] for row in r2016)


def test_no_note_where_the_parts_add_up():
    _, regional = run()
    fine = regional[regional["year"].isin([2013, 2014])]
    assert (fine["note"] == "").all()
    for year in (2013, 2014):
        parts = [_regional(year, s)["estimate"] for s in ("female", "male")]
        assert np.isclose(sum(parts), _regional(year, "total")["estimate"])

"""attack5 J-H: a `<5` total below its reported parts. GLOTIP gives Guyana 2010 victims total `<5`
and female 5; a member file gave female 7 beside a `<5` total. The total was estimated from 0 to 4
(2.7) and published beside the female 5 in the SDG file. Figures reported as numbers contradict the
`<5`: the total is treated as not reported, at least its parts."""

from __future__ import annotations

from functools import cache

import pandas as pd

from ctip.estimate.estimates import build_estimates
from tests.estimate.synthetic import to_fact_observation

KEYS = ["country_iso3", "year", "indicator", "sex", "exploitation"]
YEARS = range(2013, 2017)
COUNTRIES = {"A": 1e5, "B": 4e5, "C": 9e5}


@cache
def estimates() -> pd.DataFrame:
    counts = [
        (c, y, "victims_detected", "total", "total", n) for c, n in (("A", 9), ("B", 30), ("C", 55)) for y in YEARS if (c, y) not in (("B", 2015), ("A", 2013))
    ]
    counts += [("A", 2013, "victims_detected", "total", "total", 2)]  # published as <5, no parts
    counts += [("B", 2015, "victims_detected", "total", "total", 3)]  # published as <5
    counts += [("B", 2015, "victims_detected", "female", "total", 7)]  # above any <5
    counts += [("C", 2016, "victims_detected", "female", "total", 30)]  # a consistent control
    fact = to_fact_observation(pd.DataFrame(counts, columns=KEYS + ["value"]))
    population = pd.DataFrame([(c, y, p) for c, p in COUNTRIES.items() for y in YEARS], columns=["iso3", "year", "population"])
    return build_estimates(fact, population, list(COUNTRIES), first_year=YEARS[0], n_draws=200)[0]


def _row(country: str, year: int, sex: str) -> pd.Series:
    e = estimates()
    return e[(e["country_iso3"] == country) & (e["year"] == year) & (e["sex"] == sex) & (e["exploitation"] == "total")].iloc[0]


def test_a_suppressed_total_below_its_reported_part_is_at_least_the_part():
    total, female = _row("B", 2015, "total"), _row("B", 2015, "female")
    assert female["estimate"] == 7 and female["nature"] == "C"
    assert total["lower_95"] >= 7 and total["estimate"] >= 7
    assert total["method"] != "eb_negbin_censored" and "0 to 4" not in total["note"]


def test_a_suppressed_total_without_a_contradiction_stays_censored():
    total = _row("A", 2013, "total")
    assert total["method"] == "eb_negbin_censored" and 0 <= total["lower_95"] <= total["upper_95"] <= 4

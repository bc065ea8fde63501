"""Outside tester's J-C: CYM 2023 reported its victims as girls 3, women 10, boys 6, men 7, total 26,
with no figure by sex or by age of its own. The public files show women 10, men 7 and the total
26; girls are withheld as a small count (read as `<5`: 0 to 4), boys as its complement (read as not
reported). So female = girls + women lies from 10 to 14 and male = 26 - female from 12 to 16. The
estimates held female only to its floor and published female 15.6 [10, 19], male 10.4 [7, 16]:
both outside what the published figures allow."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ctip.estimate.estimates import build_estimates
from ctip.estimate.model import _combination_groups, allocate_parts
from ctip.estimate.panel import build_panel
from ctip.estimate.rules import WITHHELD
from ctip.schema import KEY_COLUMNS

YEARS = range(2020, 2024)
COUNTRIES = {"CYM": 7e4, "B": 4e5, "C": 9e5}


def _fact(girls_reported: bool) -> pd.DataFrame:
    """Totals for three members over four years; CYM 2023 as the estimates read the public files.
    girls_reported=False: the country sent no girls at all (no row), so nothing caps female."""
    rows = [(c, y, "victims_detected", "total", "total", "total", "total", n, None, np.nan) for c, n in (("CYM", 20), ("B", 30), ("C", 55)) for y in YEARS[:-1]]
    rows += [(c, YEARS[-1], "victims_detected", "total", "total", "total", "total", n, None, np.nan) for c, n in (("B", 33), ("C", 50))]
    cym = ("CYM", 2023, "victims_detected")
    rows += [
        (*cym, "total", "total", "total", "total", 26, None, np.nan),
        (*cym, "female", "adult", "total", "total", 10, None, np.nan),  # women
        (*cym, "male", "adult", "total", "total", 7, None, np.nan),  # men
        (*cym, "male", "child", "total", "total", None, None, np.inf),  # boys 6: withheld complement
    ]
    if girls_reported:
        rows.append((*cym, "female", "child", "total", "total", None, "suppressed", 4.0))  # girls 3: withheld small
    frame = pd.DataFrame(rows, columns=[*KEY_COLUMNS, "value", "flag", WITHHELD])
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    for col in ("submission_id", "source_file", "source_sheet", "source_cell"):
        frame[col] = "x"
    return frame


def _population() -> pd.DataFrame:
    return pd.DataFrame([(c, y, p) for c, p in COUNTRIES.items() for y in YEARS], columns=["iso3", "year", "population"])


@cache
def run(girls_reported: bool):
    return build_estimates(_fact(girls_reported), _population(), list(COUNTRIES), first_year=YEARS[0], n_draws=300, seed=3)


def _cym(frame: pd.DataFrame, sex: str) -> pd.DataFrame:
    key = (frame["country_iso3"] == "CYM") & (frame["year"] == 2023) & (frame["indicator"] == "victims_detected")
    return frame[key & (frame["sex"] == sex) & (frame["exploitation"] == "total")]


def test_girls_censored_and_women_reported_cap_female_and_floor_male():
    estimates, draws = run(True)
    female_draws = _cym(draws, "female")["value"].to_numpy()
    male_draws = _cym(draws, "male")["value"].to_numpy()
    assert len(female_draws) == len(male_draws) == 300
    assert female_draws.min() >= 10 and female_draws.max() <= 14
    assert male_draws.min() >= 12 and male_draws.max() <= 16
    assert np.array_equal(female_draws + male_draws, np.full(300, 26.0))
    female, male = _cym(estimates, "female").iloc[0], _cym(estimates, "male").iloc[0]
    assert 10 <= female["lower_95"] <= female["estimate"] <= female["upper_95"] <= 14
    assert 12 <= male["lower_95"] <= male["estimate"] <= male["upper_95"] <= 16
    panel = build_panel(_fact(True), _population(), list(COUNTRIES), first_year=YEARS[0])
    cell = _cym(panel, "female").iloc[0]
    assert (cell["known_lo"], cell["known_hi"]) == (10, 14)


def test_girls_not_reported_leave_female_without_a_ceiling():
    """No girls row: female is at least the 10 women, with no upper end from the crossed cells
    (a part not reported could be anything); male at least the 7 men."""
    panel = build_panel(_fact(False), _population(), list(COUNTRIES), first_year=YEARS[0])
    female, male = _cym(panel, "female").iloc[0], _cym(panel, "male").iloc[0]
    assert (female["known_lo"], female["known_hi"]) == (10, np.inf)
    assert (male["known_lo"], male["known_hi"]) == (7, np.inf)
    _, draws = run(False)
    female_draws = _cym(draws, "female")["value"].to_numpy()
    assert female_draws.min() >= 10 and female_draws.max() > 14  # the ceiling is not invented
    assert _cym(draws, "male")["value"].to_numpy().min() >= 7


def test_boys_withheld_as_not_reported_give_male_no_ceiling_of_its_own():
    """Boys read as not reported: male's upper end comes only from the total less female's floor."""
    panel = build_panel(_fact(True), _population(), list(COUNTRIES), first_year=YEARS[0])
    male = _cym(panel, "male").iloc[0]
    assert (male["known_lo"], male["known_hi"]) == (7, np.inf)


def test_bounded_parts_at_different_levels_are_split_row_by_row():
    """Crossed ceilings make parts bounded far from 0-4 (sexual 40-44, labour 60-64 beside another
    member's 0-4): enumerating their combinations together would multiply the ranges (45 x 65 x 5),
    so such rows are split one by one, each within its own bounds and adding up to its total."""
    lo = np.array([[0.0, 0.0, 0.0], [40.0, 60.0, 0.0]])
    hi = lo + 4
    groups = _combination_groups(np.array([True, True]), lo, hi, np.ones_like(lo, dtype=bool))
    assert [g.tolist() for g in groups] == [[True, False], [False, True]]
    totals = np.array([[6.0] * 50, [106.0] * 50])
    shares = np.full((2, 50, 3), 1 / 3)
    parts, inconsistent = allocate_parts(totals, lo, hi, shares, np.random.default_rng(0))
    assert not inconsistent.any() and np.array_equal(parts.sum(axis=2), totals)
    assert ((parts >= lo[:, None, :]) & (parts <= hi[:, None, :])).all()

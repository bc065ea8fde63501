"""The year effect shared by all members is set by members whose level is known from other years.

attack5 J-L: the Cayman Islands' first-ever report (40 or 5 victims in 2022, the only 2022 figure)
doubled or halved every other member's 2022 estimate: a member with no other year has no level of
its own to compare the year with, so its report is all member effect, not the year's."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.estimate.model import fit_count_model


def _region(new_report: float | None) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for i in range(8):
        population = float(rng.uniform(50_000, 3_000_000))
        level = 3e-5 * population * rng.gamma(2.0, 0.5)
        for year in range(2012, 2022):
            count = float(rng.poisson(level))
            rows.append(("M%02d" % i, year, population, count, count))
    if new_report is not None:  # a small territory reporting for the first time, alone in 2022
        rows.append(("NEW", 2022, 70_000.0, new_report, new_report))
    return pd.DataFrame(rows, columns=["country_iso3", "year", "population", "lo", "hi"])


def _effects(model) -> dict[int, tuple[float, float]]:
    return {y: (e, sd) for y, e, sd in model.year_effects}


def test_a_first_report_alone_in_its_year_does_not_make_the_year():
    high, low = fit_count_model(_region(40.0)), fit_count_model(_region(5.0))
    # the year 2022 has no member with a level of its own: its effect stays at 0, whatever NEW says
    assert _effects(high)[2022] == _effects(low)[2022]
    assert _effects(high)[2022][0] == 0.0


def test_members_with_other_years_still_make_their_years():
    cells = _region(None)
    shocked = cells.copy()
    shocked.loc[shocked["year"] == 2020, ["lo", "hi"]] *= 4  # every member reports four times more in 2020
    assert _effects(fit_count_model(shocked))[2020][0] > _effects(fit_count_model(cells))[2020][0] + 0.5

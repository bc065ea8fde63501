"""A cell whose reported figure the public files withhold is estimated without it, and its interval
holds every value they allow, so never excludes the figure (outside tester's I-J).

On the GLOTIP file, DOM 2013 reported 300 victims, 79 adults and 221 children, 78 women (all
adults) and a male `<5`. The female figures are withheld as complements of the small male adult
count (adults 79 = women 78 + men 1), so the model read the female total as not reported and drew
it as the total less the male `<5`: 296 with the interval [296, 297], excluding the 78 the country
reported (the breakdown by sex leaves 218 victims of unknown sex out, which only the withheld
figures show). The same held for GUY 2012 and TTO 2019 female, JAM 2012 labour and BRB 2013."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.estimate.estimates import simulate_estimates
from ctip.estimate.rules import WITHHELD
from ctip.export.model_inputs import model_facts, withheld_facts
from ctip.export.suppression import protect
from ctip.reference import load_population
from ctip.schema import KEY_COLUMNS

YEARS = (2017, 2018, 2019, 2020, 2021)
MEMBERS = ["TTO", "GUY", "DOM", "JAM"]
CELL = ["country_iso3", "year", "indicator", "sex", "exploitation"]


def _fact() -> pd.DataFrame:
    """Four members over five years; DOM 2019 as DOM 2013 on the GLOTIP file; TTO 2020 female 88,
    male 2, total 90 (a breakdown that adds up: the female figure is the male count's complement)."""
    rows = []
    for country, values in {
        "TTO": (35, 40, 52, None, 48),
        "GUY": (110, 120, 140, 100, 130),
        "DOM": (250, 280, None, 310, 290),
        "JAM": (20, 25, 31, 27, 22),
    }.items():
        rows += [(country, y, "victims_detected", "total", "total", "total", "total", v, None) for y, v in zip(YEARS, values) if v is not None]
    for country, values in {"TTO": (7, 3, 6, 9, 5), "GUY": (12, 15, 11, 14, 10), "DOM": (20, 18, 25, 21, 19)}.items():
        rows += [(country, y, "persons_convicted", "total", "total", "total", "total", v, None) for y, v in zip(YEARS, values)]
    dom = ("DOM", 2019, "victims_detected")
    rows += [
        (*dom, "total", "total", "total", "total", 300, None),
        (*dom, "total", "adult", "total", "total", 79, None),
        (*dom, "total", "child", "total", "total", 221, None),
        (*dom, "female", "total", "total", "total", 78, None),
        (*dom, "female", "adult", "total", "total", 78, None),
        (*dom, "male", "adult", "total", "total", 1, None),
        (*dom, "male", "total", "total", "total", 1, None),
    ]
    tto = ("TTO", 2020, "victims_detected")
    rows += [
        (*tto, "total", "total", "total", "total", 90, None),
        (*tto, "female", "total", "total", "total", 88, None),
        (*tto, "male", "total", "total", "total", 2, None),
    ]
    frame = pd.DataFrame(rows, columns=[*KEY_COLUMNS, "value", "flag"])
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    for col in ("submission_id", "source_sheet", "source_cell"):
        frame[col] = "x"
    frame["source_file"] = frame["country_iso3"] + "/tip.csv"
    return frame


def _tables() -> dict[str, pd.DataFrame]:
    population = load_population()
    return {
        "fact_observation": _fact(),
        "ref_population": population[population["year"].between(2015, 2022)],
        "dim_country": pd.DataFrame({"country_iso3": MEMBERS}),
    }


def _estimate(facts: pd.DataFrame, population: pd.DataFrame):
    return simulate_estimates(facts, population[["iso3", "year", "population"]], MEMBERS, first_year=YEARS[0], n_draws=300, seed=11)


def _withheld_truth(tables) -> pd.DataFrame:
    """The series cells the public files withhold, with the figure the country reported."""
    fact = tables["fact_observation"].reset_index(drop=True)
    series = fact["age_group"].eq("total") & fact["citizenship"].eq("total")
    return fact[withheld_facts(tables) & series.to_numpy()][[*CELL, "value"]]


def test_a_withheld_figure_lies_in_its_estimate_interval():
    tables = _tables()
    truth = _withheld_truth(tables)
    # the cells of the finding: DOM's female figures (complements) and male `<5`, TTO's female 88
    assert {("DOM", "female"), ("DOM", "male"), ("TTO", "female"), ("TTO", "male")} <= set(zip(truth["country_iso3"], truth["sex"]))
    estimates, _ = _estimate(model_facts(tables), tables["ref_population"])
    rows = truth.merge(estimates, on=CELL)
    assert len(rows) == len(truth)
    value = rows["value"].astype(float).to_numpy()
    inside = (rows["lower_95"].to_numpy(float) <= value) & (value <= rows["upper_95"].to_numpy(float))
    assert inside.all(), rows.loc[~inside, [*CELL, "value", "estimate", "lower_95", "upper_95"]].to_string()
    dom = rows[(rows["country_iso3"] == "DOM") & (rows["sex"] == "female")].iloc[0]
    assert dom["estimate"] > 200  # the model's figure, computed without the 78 (not revealing it)
    assert dom["lower_95"] == 0 and dom["upper_95"] == 300  # every value the public files allow
    assert dom["nature"] == "E" and "public files withhold" in dom["note"]


def test_only_the_withheld_rows_move_and_the_public_files_withhold_them():
    """The model's numbers (estimates, draws) are those of the facts without the mark: only the
    withheld cells' intervals and notes say more; and the public exports show none of them."""
    tables = _tables()
    facts = model_facts(tables)
    marked, marked_draws = _estimate(facts, tables["ref_population"])
    plain, plain_draws = _estimate(facts.drop(columns=[WITHHELD]), tables["ref_population"])
    np.testing.assert_array_equal(marked_draws.values, plain_draws.values)
    pd.testing.assert_frame_equal(marked.drop(columns=["lower_95", "upper_95", "note"]), plain.drop(columns=["lower_95", "upper_95", "note"]))
    moved = marked[["lower_95", "upper_95", "note"]].ne(plain[["lower_95", "upper_95", "note"]]).any(axis=1)
    keys = set(map(tuple, marked.loc[moved, CELL].to_numpy()))
    assert keys and keys <= set(map(tuple, _withheld_truth(tables)[CELL].to_numpy()))
    public = protect({**tables, "mart_estimates": marked}, members=MEMBERS).tables["mart_estimates"]
    shown = public.loc[moved.to_numpy(), ["estimate", "lower_95", "upper_95"]]
    assert shown.isna().all().all()
    assert not public.loc[moved.to_numpy(), "note"].str.contains("public files withhold").any()

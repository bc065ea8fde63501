"""Contracts of mart_estimates, the draws, mart_regional_estimates and mart_estimate_validation,
on small synthetic regions (see synthetic.py) and hand-made edge cases."""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
import pandas as pd

from ctip.estimate.estimates import DRAW_COLUMNS, ESTIMATE_COLUMNS, SUPPRESSED_NOTE, build_estimates
from ctip.estimate.panel import load_population, series_keys
from ctip.estimate.regional import REGIONAL_COLUMNS, build_regional_estimates
from tests.estimate.synthetic import synthetic_region, to_fact_observation

KEYS = ["country_iso3", "year", "indicator", "sex", "exploitation"]
YEARS = range(2008, 2018)
N_DRAWS = 300
PARTS = {"sex": ["female", "male"], "exploitation": ["sexual", "labour", "other"]}


@cache
def region():
    """12 synthetic countries x 10 years; one reporting country loses its population figures and
    a member with neither population nor reports is added, as Anguilla and Montserrat."""
    fact, population, members, _ = synthetic_region(n_countries=12, n_years=len(YEARS), seed=3)
    no_population = sorted(fact["country_iso3"].unique())[0]
    population = population[population["iso3"] != no_population]
    members = [*members, "ZZZ"]
    estimates, draws = build_estimates(fact, population, members, first_year=YEARS[0], n_draws=N_DRAWS, seed=3)
    return fact, population, members, no_population, estimates, draws


@cache
def regional(threshold: float = 0.5) -> pd.DataFrame:
    _, population, members, _, estimates, draws = region()
    return build_regional_estimates(estimates, draws, population, members, threshold=threshold)


def totals(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame["sex"] == "total") & (frame["exploitation"] == "total")]


def test_every_member_year_and_series_exactly_once():
    _, _, members, _, estimates, _ = region()
    assert list(estimates.columns) == ESTIMATE_COLUMNS
    expected = {(c, y, *s) for c, y, s in itertools.product(members, YEARS, series_keys().itertuples(index=False))}
    assert len(estimates) == len(expected)
    assert set(estimates[KEYS].itertuples(index=False, name=None)) == expected
    assert (estimates["age_group"] == "total").all() and (estimates["citizenship"] == "total").all()


def test_reported_values_are_kept_with_a_zero_width_interval():
    fact, _, _, _, estimates, _ = region()
    reported = fact[fact["value"].notna()].merge(estimates, on=KEYS, suffixes=("_reported", ""))
    assert len(reported) > 100
    assert set(estimates["nature"]) <= {"C", "E", "M"}
    assert (reported["nature"] == "C").all()
    for column in ("estimate", "lower_95", "upper_95"):
        assert (reported[column] == reported["value"].astype(float)).all()
    assert (estimates["nature"] == "C").sum() == len(reported)


def test_intervals_contain_the_estimate():
    estimates = region()[4]
    known = estimates.dropna(subset=["estimate"])
    assert len(known) == len(estimates)  # every indicator has reports in this region
    assert (known["lower_95"] <= known["estimate"]).all()
    assert (known["estimate"] <= known["upper_95"]).all()


def test_parts_add_up_to_the_total_in_every_draw_and_on_average():
    _, _, _, _, estimates, draws = region()
    detected = estimates[estimates["indicator"] == "victims_detected"]
    wide = detected.pivot_table(index=["country_iso3", "year"], columns=["sex", "exploitation"], values="estimate")
    total = wide[("total", "total")]
    assert np.allclose(wide[("female", "total")] + wide[("male", "total")], total, atol=1e-9)
    assert np.allclose(sum(wide[("total", p)] for p in PARTS["exploitation"]), total, atol=1e-9)
    d = draws[draws["indicator"] == "victims_detected"]
    per_draw = d.pivot_table(index=["country_iso3", "year", "draw"], columns=["sex", "exploitation"], values="value", observed=True)
    assert (per_draw[("female", "total")] + per_draw[("male", "total")] == per_draw[("total", "total")]).all()
    assert (sum(per_draw[("total", p)] for p in PARTS["exploitation"]) == per_draw[("total", "total")]).all()


def test_draws_hold_every_row_and_repeat_reported_values():
    _, _, _, _, estimates, draws = region()
    assert list(draws.columns) == DRAW_COLUMNS
    assert len(draws) == len(estimates) * N_DRAWS
    spread = draws.groupby(KEYS, observed=True)["value"].agg(["min", "max"]).reset_index()
    spread["country_iso3"] = spread["country_iso3"].astype(str)
    for column in ("indicator", "sex", "exploitation"):
        spread[column] = spread[column].astype(str)
    reported = estimates[estimates["nature"] == "C"].merge(spread, on=KEYS)
    assert (reported["min"] == reported["estimate"]).all() and (reported["max"] == reported["estimate"]).all()


def test_suppressed_cells_are_estimated_within_zero_to_four():
    """UNODC's `<5` includes 0: a suppressed cell is estimated in [0, 4], and some of them at 0."""
    fact, _, _, _, estimates, _ = region()
    suppressed = fact[fact["flag"] == "suppressed"].merge(estimates, on=KEYS)
    assert len(suppressed) > 50
    assert (suppressed["nature"] == "E").all()
    assert suppressed["note"].str.startswith(SUPPRESSED_NOTE).all()
    assert (suppressed["lower_95"] >= 0).all() and (suppressed["upper_95"] <= 4).all()
    assert suppressed["estimate"].between(0, 4).all()
    assert (suppressed["lower_95"] == 0).any() and (suppressed["median"] == 0).any()
    assert suppressed["note"].str.contains("from 0 to 4").all()


def test_members_without_population():
    _, _, _, no_population, estimates, _ = region()
    silent = totals(estimates[estimates["country_iso3"] == "ZZZ"])
    assert (silent["nature"] == "M").all()
    assert (silent["method"] == "regional_model_typical_population").all()
    assert silent["note"].str.contains("no population figure").all()
    assert silent[["estimate", "median", "lower_95", "upper_95"]].notna().all().all()
    own = totals(estimates[estimates["country_iso3"] == no_population])
    assert set(own["nature"]) <= {"C", "E"}
    unreported = own[own["method"] == "eb_negbin_country_effect"]
    assert len(unreported) > 0 and unreported["note"].str.contains("no population figure").all()


def test_regional_interval_from_simulation_is_narrower_than_summed_ends():
    _, _, members, _, estimates, _ = region()
    table = regional()
    assert list(table.columns) == REGIONAL_COLUMNS
    uncertain = totals(estimates[estimates["nature"] != "C"])
    n_uncertain = uncertain.groupby(["year", "indicator"]).size()
    ends = uncertain.groupby(["year", "indicator"])[["lower_95", "upper_95"]].sum()
    rows = totals(table).set_index(["year", "indicator"])
    several = n_uncertain[n_uncertain >= 3].index
    assert len(several) > 30
    width = rows.loc[several, "upper_95"] - rows.loc[several, "lower_95"]
    summed = ends.loc[several, "upper_95"] - ends.loc[several, "lower_95"]
    # Members' errors partly cancel in a simulated sum, so its interval is narrower than the sum of
    # their ends in general. Not always: members share each draw of the regional parameters, and
    # with heavy tails a quantile of a sum may exceed the sum of quantiles (a few cases_investigated
    # years). Summing the ends instead would be the error this test guards against.
    narrower = (width < summed).mean()
    assert narrower >= 0.85, narrower
    assert (width < 1.25 * summed).all()


def test_regional_counts_and_shares_of_reporting_members():
    fact, population, members, _, _, _ = region()
    table = totals(regional()).set_index(["year", "indicator"])
    reporting = totals(fact)
    row = reporting[(reporting["year"] == 2012) & (reporting["indicator"] == "victims_detected")]
    assert table.loc[(2012, "victims_detected"), "n_countries_reporting"] == row["country_iso3"].nunique()
    pop = population[(population["year"] == 2012) & population["iso3"].isin(members)].set_index("iso3")["population"]
    share = pop.reindex(row["country_iso3"]).sum() / pop.sum()
    assert np.isclose(table.loc[(2012, "victims_detected"), "population_share_reporting"], share)


def test_not_publishable_below_the_population_share_or_above_the_imputed_share():
    table = regional()
    rule = (table["population_share_reporting"] >= 0.5) & (table["imputed_share"] <= 0.5)
    assert (table["publishable"] == rule).all()
    strict = regional(threshold=0.9)
    below = strict[strict["population_share_reporting"] < 0.9]
    assert len(below) > 0 and not below["publishable"].any()
    assert below["reason"].str.contains(r"only \d+% of the region's population reported; threshold 90%").all()
    imputed = table[table["imputed_share"] > 0.5]
    assert imputed["reason"].str.contains(r"\d+% of the estimate is imputed; at most 50%").all()
    assert (strict.loc[strict["publishable"], "reason"] == "").all()


def test_regional_estimate_is_the_sum_of_members_means_with_nature_and_imputed_share():
    _, _, members, _, estimates, _ = region()
    table = totals(regional()).set_index(["year", "indicator"])
    own = totals(estimates[estimates["country_iso3"].isin(members)])
    sums = own.groupby(["year", "indicator"])["estimate"].sum()
    assert np.allclose(table["estimate"], sums.reindex(table.index), rtol=1e-9)
    imputed = own[~own["method"].isin(["reported", "eb_negbin_censored"])].groupby(["year", "indicator"])["estimate"].sum()
    assert np.allclose(table["imputed_share"], (imputed.reindex(table.index).fillna(0) / sums.reindex(table.index)))
    assert set(table["nature"]) <= {"C", "E", "M"}
    # a never-reporting member (ZZZ) is modelled, so every regional figure rests on the model
    assert (table["nature"] == "M").all()
    assert (table["median"] <= table["upper_95"]).all() and (table["median"] >= table["lower_95"]).all()


def test_an_indicator_nobody_reported_is_modelled_from_the_other_indicators():
    """Issue 11: every member-year row has an interval. An indicator nobody reported gets its level
    from the indicators that were fitted (estimate/unreported.py): M rows, wider than the region's
    model of a reported indicator, and never a publishable regional figure (all of it imputed)."""
    fact, population, members, _, _, _ = region()
    fact = fact[fact["indicator"] != "victims_assisted"]
    estimates, draws = build_estimates(fact, population, members, first_year=YEARS[0], n_draws=200, seed=1)
    assisted = estimates[estimates["indicator"] == "victims_assisted"]
    assert (assisted["nature"] == "M").all() and (assisted["method"] == "regional_model_other_indicators").all()
    assert assisted[["estimate", "median", "lower_95", "upper_95"]].notna().all().all()
    assert (assisted["lower_95"] <= assisted["median"]).all() and (assisted["median"] <= assisted["upper_95"]).all()
    detected = estimates[(estimates["indicator"] == "victims_detected") & (estimates["method"] == "regional_model")]
    width = lambda f: np.log1p(f["upper_95"]).median() - np.log1p(f["lower_95"]).median()  # noqa: E731
    assert width(assisted) > width(detected)
    table = build_regional_estimates(estimates, draws, population, members)
    assisted = table[table["indicator"] == "victims_assisted"]
    assert not assisted["publishable"].any() and assisted["estimate"].notna().all()
    assert np.allclose(assisted["imputed_share"], 1) and assisted["reason"].str.contains("imputed").all()


def test_contradictory_breakdown_is_flagged_not_fixed():
    """A reports 10 victims, 12 of them female: reported rows stay, the male part cannot add up."""
    counts = pd.DataFrame(
        [("A", 2015, "victims_detected", "total", "total", 10), ("A", 2015, "victims_detected", "female", "total", 12)]
        + [(c, y, "victims_detected", "total", "total", n) for c, n in (("A", 9), ("B", 30), ("C", 55)) for y in (2013, 2014, 2016)],
        columns=KEYS + ["value"],
    )
    population = pd.DataFrame([(c, y, p) for c, p in (("A", 1e5), ("B", 4e5), ("C", 9e5)) for y in range(2013, 2017)], columns=["iso3", "year", "population"])
    fact = to_fact_observation(counts)
    fact.loc[0, "flag"] = "inconsistent_total"  # as the warehouse marks a total below its parts
    estimates, _ = build_estimates(fact, population, ["A", "B", "C"], first_year=2013, n_draws=100)
    a = estimates[(estimates["country_iso3"] == "A") & (estimates["year"] == 2015) & (estimates["indicator"] == "victims_detected")].set_index(
        ["sex", "exploitation"]
    )
    assert a.loc[("total", "total"), ["estimate", "nature"]].tolist() == [10, "C"]
    assert a.loc[("total", "total"), "note"] == "reported by the country; flagged inconsistent_total"
    assert a.loc[("female", "total"), ["estimate", "nature"]].tolist() == [12, "C"]
    assert a.loc[("male", "total"), "estimate"] == 0
    assert "contradict" in a.loc[("male", "total"), "note"]


def test_population_override_replaces_reference_rows(tmp_path):
    reference, override = tmp_path / "population.csv", tmp_path / "override.csv"
    reference.write_text("iso3,year,population\nAAA,2020,100\nBBB,2020,200\n")
    override.write_text("iso3,year,population\nAAA,2020,150\nCCC,2020,50\n")
    pop = load_population(reference, override).set_index("iso3")["population"]
    assert pop.to_dict() == {"AAA": 150, "BBB": 200, "CCC": 50}


def test_anguilla_and_montserrat_from_their_censuses():
    """Every CMC member has a population; AIA and MSR come from their own census counts, never
    from another member."""
    from ctip.reference import census_series
    from ctip.reference import load_population as reference_population

    pop = reference_population()
    members = pd.read_csv("schemas/region.csv")
    member_col = "iso3" if "iso3" in members.columns else members.columns[0]
    for iso3 in members[member_col]:
        years = set(pop.loc[pop["iso3"] == iso3, "year"])
        assert set(range(2010, 2022)) <= years, iso3
    msr = pop[pop["iso3"] == "MSR"].set_index("year")
    assert msr.loc[2011, "population"] == 4922 and msr.loc[2018, "population"] == 4649
    assert msr.loc[2011, "source"].endswith("census count")
    # geometric interpolation: 2014 lies 3/7 of the way from 2011 to 2018 on the log scale
    assert np.isclose(msr.loc[2014, "population"], round(4922 * (4649 / 4922) ** (3 / 7)))
    assert pop.loc[pop["iso3"] == "AIA", "source"].str.startswith("census counts").all()
    one = census_series(pd.DataFrame({"iso3": ["X"], "year": [2011], "population": [100.0]}), range(2010, 2013))
    assert one["population"].tolist() == [100.0, 100.0, 100.0]


def test_share_model_of_a_breakdown_nobody_reported_is_uniform():
    """A small warehouse where a breakdown has rows but no reported part (all NaN), or no rows at
    all, gets the uniform weak prior instead of failing (was KeyError: 'lo')."""
    import numpy as np
    import pandas as pd

    from ctip.estimate.model import fit_share_model

    empty = pd.DataFrame(columns=["country_iso3", "year", "sex", "lo", "hi", "status"])
    unreported = pd.DataFrame(
        {
            "country_iso3": ["JAM", "JAM"],
            "year": [2020, 2020],
            "sex": ["female", "male"],
            "lo": [np.nan, np.nan],
            "hi": [np.nan, np.nan],
            "status": ["missing", "missing"],
        }
    )
    for parts in (empty, unreported):
        model = fit_share_model(parts, ("female", "male"), "sex")
        assert np.allclose(model.regional_share, [0.5, 0.5]) and model.country_counts == {}


def test_no_cells_to_simulate_gives_no_draws():
    """A validation fold whose members have no cell left to simulate (seen in the CLI's small
    warehouse: ValueError on an empty year range) gives an empty array, not an error."""
    from ctip.estimate.model import CountModel, draw_country_effects

    model = CountModel(0.0, 0.0, 1.0, 1.0, 5.0, 2015.0, 1e5, step_sd=0.2)
    empty = pd.DataFrame(columns=["country_iso3", "year", "population", "lo", "hi", "status"])
    assert draw_country_effects(model, empty, 7, np.random.default_rng(0)).shape == (0, 7)

"""ctip.export.suppression on hand-made cases."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.export.suppression import Disclosure, determined_cells, protect
from ctip.schema import KEY_COLUMNS


def _fact(rows):
    """rows: (country, year, indicator, sex, age, exploitation, citizenship, value, flag)."""
    frame = pd.DataFrame(rows, columns=[*KEY_COLUMNS, "value", "flag"])
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    for col in ("submission_id", "source_file", "source_sheet", "source_cell"):
        frame[col] = "x"
    return frame


def _public(rows, **tables):
    out = protect({"fact_observation": _fact(rows), **tables})
    fact = out.tables["fact_observation"].set_index(["sex", "age_group"])
    return out, fact


def V(sex, value, age="total", flag=None, country="JAM", indicator="victims_detected"):  # noqa: N802
    return (country, 2022, indicator, sex, age, "total", "total", value, flag)


def test_a_small_part_and_its_complement():
    out, fact = _public([V("total", 10), V("female", 3), V("male", 7)])
    assert fact["value"].isna().tolist() == [False, True, True]
    assert (fact.loc[fact["value"].isna(), "flag"] == "suppressed").all()
    assert out.primary == 1 and out.complementary == 1


def test_the_total_is_not_the_complement_when_a_part_can_be():
    _, fact = _public([V("total", 20), V("female", 2), V("male", 15), V("unknown", 3)])
    assert fact.loc[("total", "total"), "value"] == 20  # two small parts protect each other
    _, fact = _public([V("total", 20), V("female", 2), V("male", 11), V("unknown", 7)])
    assert fact.loc[("total", "total"), "value"] == 20
    assert pd.isna(fact.loc[("unknown", "total"), "value"])  # the smallest other part
    assert fact.loc[("male", "total"), "value"] == 11


def test_a_relation_that_cannot_hold_needs_no_complement():
    """Parts adding up to more than the total (as reported): total minus parts is not the value."""
    _, fact = _public([V("total", 8, flag="inconsistent_total"), V("female", 3), V("male", 9)])
    assert fact.loc[("male", "total"), "value"] == 9
    # A source-suppressed part (1-4) where total - other parts = 0: cannot be that cell either.
    _, fact = _public([V("total", 5), V("female", 5), V("male", None, flag="suppressed")])
    assert fact.loc[("female", "total"), "value"] == 5


def test_a_cross_table_is_protected_as_a_whole():
    """sex x age: one small cell needs a rectangle of four withheld cells, not just two."""
    rows = []
    cube = {("female", "child"): 3, ("female", "adult"): 12, ("male", "child"): 9, ("male", "adult"): 20}
    for sex in ("female", "male", "total"):
        for age in ("child", "adult", "total"):
            value = sum(v for (s, a), v in cube.items() if sex in (s, "total") and age in (a, "total"))
            rows.append(V(sex, value, age=age))
    out, fact = _public(rows)
    hidden = set(fact.index[fact["value"].isna()])
    assert ("female", "child") in hidden and len(hidden) >= 4
    problem = Disclosure()
    f = _fact(rows)
    from ctip.export.suppression import dimension_relations

    ids = problem.add(f["value"], f["value"].between(1, 4).to_numpy())
    for total, parts in dimension_relations(f[list(KEY_COLUMNS)], ids):
        problem.relate(total, parts)
    solution = problem.solve()
    found = determined_cells(problem.relations, solution.withheld, np.asarray(problem.value, dtype=float))
    assert not found  # nothing withheld can be derived


def test_regional_year_adds_up_published_totals_only():
    rows = [V("total", 4, country="TTO"), V("total", 30, country="JAM"), V("total", 12, country="BRB")]
    regional = pd.DataFrame(
        [
            {
                "year": 2022,
                "indicator": "victims_detected",
                "n_countries_reporting": 3,
                "n_countries_with_value": 3,
                "n_countries_suppressed": 0,
                "reported_sum": 46.0,
                "reported_sum_min": 46.0,
                "reported_sum_max": 46.0,
            }
        ]
    )
    out = protect({"fact_observation": _fact(rows), "mart_regional_year": regional})
    row = out.tables["mart_regional_year"].iloc[0]
    assert row["reported_sum"] == 42 and row["n_countries_suppressed"] == 1 and row["n_countries_with_value"] == 2
    assert (row["reported_sum_min"], row["reported_sum_max"]) == (42, 46)


def test_hidden_victims_small_or_tied_to_a_withheld_total():
    rows = [V("total", 4, country="TTO"), V("total", 30, country="JAM"), V("total", 12, country="BRB")]
    hidden = pd.DataFrame(
        {
            "country_iso3": ["TTO", "JAM", "BRB"],
            "year": [2022] * 3,
            "observed": [40, 30, 3],
            "estimate": [60.0, 45.0, 9.0],
            "ci_lower": [50.0, 35.0, 4.0],
            "ci_upper": [80.0, 60.0, 20.0],
            "lists": ["A,B"] * 3,
            "model": [""] * 3,
        }
    )
    out = protect({"fact_observation": _fact(rows), "mart_hidden_victims": hidden})
    pub = out.tables["mart_hidden_victims"].set_index("country_iso3")
    assert pd.isna(pub.loc["TTO", "observed"]) and pd.isna(pub.loc["TTO", "estimate"])  # its total is withheld
    assert pd.isna(pub.loc["BRB", "observed"]) and pd.isna(pub.loc["BRB", "ci_lower"])  # observed 3
    assert pub.loc["JAM", "observed"] == 30 and pub.loc["JAM", "estimate"] == 45.0


def test_hidden_victims_withheld_when_a_part_of_an_unreported_total_is():
    """attack4 I-C: female 20 and male 3 with no total; the observed 23 minus the published female
    gives the withheld male back. With every part published (BRB) the row stays."""
    rows = [
        V("female", 20),
        V("male", 3),
        V("female", 12, country="BRB"),
        V("male", 9, country="BRB"),
        V("total", 30, country="TTO"),
        V("female", 2, country="TTO"),
        V("male", 28, country="TTO"),
    ]
    hidden = pd.DataFrame(
        {
            "country_iso3": ["JAM", "BRB", "TTO"],
            "year": [2022] * 3,
            "observed": [23, 21, 30],
            "estimate": [37.4, 30.0, 41.0],
            "ci_lower": [30.0, 25.0, 33.0],
            "ci_upper": [50.0, 40.0, 60.0],
            "lists": ["A,B"] * 3,
            "model": [""] * 3,
        }
    )
    out = protect({"fact_observation": _fact(rows), "mart_hidden_victims": hidden})
    pub = out.tables["mart_hidden_victims"].set_index("country_iso3")
    assert pd.isna(pub.loc["JAM", "observed"]) and pd.isna(pub.loc["JAM", "estimate"])
    assert pub.loc["BRB", "observed"] == 21
    assert pub.loc["TTO", "observed"] == 30  # its total is published: the observed count adds nothing


def test_unreviewed_public_tables_are_not_exported():
    out = protect({"fact_observation": _fact([V("total", 30)]), "mart_something_new": pd.DataFrame({"n": [3]})})
    assert "mart_something_new" not in out.tables and "mart_something_new" in out.skipped


def test_crossed_cells_without_margins_are_related_to_the_total():
    """attack4 I-E: "Girls 8 / Women 9 / Boys 2 / Men 10 / Total 29" has no female, male, child
    or adult figure; withholding the boys alone left them as 29 - 8 - 9 - 10."""
    rows = [V("female", 8, age="child"), V("female", 9, age="adult"), V("male", 2, age="child"), V("male", 10, age="adult"), V("total", 29)]
    out, fact = _public(rows)
    assert pd.isna(fact.loc[("male", "child"), "value"])
    assert fact["value"].isna().sum() >= 2  # a complement among the crossed cells or the total
    published = fact["value"].dropna()
    if ("total", "total") in published.index:
        assert published.drop(("total", "total")).sum() != published[("total", "total")] - 2
    assert out.complementary >= 1


def test_crossed_relation_also_across_three_dimensions():
    """Sex x exploitation cells under a grand total with no margin in either dimension."""
    rows = [
        ("JAM", 2022, "victims_detected", "female", "total", "sexual", "total", 12, None),
        ("JAM", 2022, "victims_detected", "female", "total", "labour", "total", 3, None),
        ("JAM", 2022, "victims_detected", "male", "total", "sexual", "total", 6, None),
        ("JAM", 2022, "victims_detected", "male", "total", "labour", "total", 9, None),
        ("JAM", 2022, "victims_detected", "total", "total", "total", "total", 30, None),
    ]
    out = protect({"fact_observation": _fact(rows)})
    fact = out.tables["fact_observation"]
    assert fact["value"].isna().sum() >= 2
    hidden = fact[fact["value"].isna()]
    assert ((hidden["sex"] == "female") & (hidden["exploitation"] == "labour")).any()

"""On the warehouse built from the GLOTIP excerpt the tests write (tests/glotip_excerpt.py: a few
reports of three members; victims_assisted, persons_convicted and persons_investigated reported
by nobody), every member-year row of mart_estimates has an interval, and Anguilla's and
Montserrat's figures have a rate per 100,000 (their population comes from their censuses)."""

from __future__ import annotations

import duckdb
import numpy as np

from ctip.pipeline import build, discover, estimate, stage_all
from tests.glotip_excerpt import write_excerpt


def test_every_member_year_row_has_an_interval_and_every_member_a_rate(project_dirs):
    write_excerpt(project_dirs["raw"] / "UNODC" / "data_glotip.xlsx")
    build(stage_all(discover()))
    estimate()
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        rows = con.execute("select * from mart_estimates").df()
        members = [r[0] for r in con.execute("select country_iso3 from dim_country").fetchall()]
        rates = con.execute(
            "select e.country_iso3, e.indicator, e.estimate * 100000.0 / p.population as per_100k "
            "from mart_estimates e left join ref_population p on p.iso3 = e.country_iso3 and p.year = e.year "
            "where e.sex = 'total' and e.exploitation = 'total'"
        ).df()
    assert set(rows["country_iso3"]) == set(members) and {"AIA", "MSR"} <= set(members)
    # the excerpt leaves indicators unreported: they are modelled from the others, not left empty
    unreported = rows[rows["method"] == "regional_model_other_indicators"]
    assert set(unreported["indicator"]) >= {"victims_assisted", "persons_convicted"}
    assert rows[["estimate", "median", "lower_95", "upper_95"]].notna().all().all(), rows[rows["lower_95"].isna()].groupby(["indicator", "method"]).size()
    assert (rows["lower_95"] <= rows["estimate"]).all() and (rows["estimate"] <= rows["upper_95"]).all()
    assert np.isfinite(rows["upper_95"]).all()
    # an indicator nobody reported is uncertain: its intervals are wide, not a point
    assert (unreported["upper_95"] > unreported["lower_95"]).all()
    small = rates[rates["country_iso3"].isin(["AIA", "MSR"])]
    assert len(small) == 2 * 6 * rows["year"].nunique() and small["per_100k"].notna().all()

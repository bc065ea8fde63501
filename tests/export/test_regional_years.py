"""One rule for the years of the regional estimates (attack3 H-K): the run summary, the public
mart_regional_estimates and the report say the same, and a part's row of a year whose total is
withheld is withheld with it (its female row said `publishable` true beside a withheld total)."""

from __future__ import annotations

import hashlib
import json

import duckdb
import numpy as np
import pandas as pd

from ctip.export.regional_years import REGIONAL_WITHHELD_REASON, regional_years, withhold_parts_with_total
from ctip.report.run_summary import _regional_line

YEARS = [2011, 2012, 2013, 2014, 2015]


def _internal() -> pd.DataFrame:
    rows = []
    for year in YEARS:
        publishable = year >= 2012  # 2011: too little of the population reported
        for sex, exploitation, estimate in (("total", "total", 400.0), ("female", "total", 190.0), ("male", "total", 60.0), ("total", "sexual", 130.0)):
            rows.append(
                (year, "victims_detected", sex, exploitation, estimate, estimate * 0.8, estimate * 1.2, publishable, None if publishable else "too few")
            )
    return pd.DataFrame(rows, columns=["year", "indicator", "sex", "exploitation", "estimate", "lower_95", "upper_95", "publishable", "reason"])


def _public() -> pd.DataFrame:
    """The disclosure control withheld the 2012-2013 totals (as protect() writes them)."""
    pub = _internal()
    hit = pub["year"].isin([2012, 2013]).to_numpy() & (pub["sex"] == "total").to_numpy() & (pub["exploitation"] == "total").to_numpy()
    pub.loc[hit, ["estimate", "lower_95", "upper_95"]] = np.nan
    pub.loc[hit, "publishable"] = False
    pub.loc[hit, "reason"] = REGIONAL_WITHHELD_REASON
    return pub


def test_parts_are_withheld_with_their_years_total():
    pub = _public()
    hit = withhold_parts_with_total(pub)
    parts = pub[pub["year"].isin([2012, 2013]) & ~((pub["sex"] == "total") & (pub["exploitation"] == "total"))]
    assert int(hit.sum()) == len(parts) == 6
    assert not parts["publishable"].any() and parts["estimate"].isna().all() and (parts["reason"] == REGIONAL_WITHHELD_REASON).all()
    # other years untouched
    kept = pub[pub["year"].isin([2014, 2015])]
    assert kept["publishable"].all() and kept["estimate"].notna().all()


def test_one_rule_for_the_years():
    years = regional_years(_public(), "victims_detected")
    assert years.publishable == [2014, 2015] and years.withheld == [2012, 2013] and years.not_publishable == [2011]


def test_run_summary_says_what_the_public_files_say(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create table x as select 1 as a")
    exports = tmp_path / "exports"
    exports.mkdir()
    pub = _public()
    withhold_parts_with_total(pub)
    pub.to_parquet(exports / "mart_regional_estimates.parquet", index=False)
    sha = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    (exports / "MANIFEST.json").write_text(json.dumps({"warehouse_sha256": sha}), encoding="utf-8")
    line = _regional_line(warehouse, _internal())
    assert line.startswith("regional victims_detected publishable for: 2014, 2015 (")
    assert line.endswith("withheld in the public files (they would let a withheld country figure be derived): 2012, 2013")
    # exports of another version of the warehouse: the internal table, said so
    (exports / "MANIFEST.json").write_text(json.dumps({"warehouse_sha256": "0" * 64}), encoding="utf-8")
    line = _regional_line(warehouse, _internal())
    assert "publishable for: 2012, 2013, 2014, 2015 (" in line and "before disclosure control" in line

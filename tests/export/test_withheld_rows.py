"""A withheld row of an estimates table keeps none of its figures.

An outside tester found the `median` of mart_estimates published for withheld cells: for a
reported row (nature C) the median is the reported count itself, so every suppressed 1-4 was in
the open exports. Which columns go with a withheld row is read from the table contracts
(`figure_columns`); these tests look at the written files, not at that list."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from ctip.contracts import figure_columns, key, table

ESTIMATE_TABLES = ["mart_estimates", "mart_regional_estimates", "mart_hidden_victims"]


def _numeric_non_key(name: str) -> list[str]:
    spec = table(name)
    return [c.name for c in spec.columns.values() if c.type in {"BIGINT", "INTEGER", "HUGEINT", "DOUBLE"} and c.name not in spec.key]


def test_every_number_of_an_estimate_row_but_coverage_is_a_figure():
    assert {"estimate", "median", "lower_95", "upper_95"} <= set(figure_columns("mart_estimates"))
    regional = set(figure_columns("mart_regional_estimates"))
    assert {"estimate", "median", "lower_95", "upper_95", "imputed_share"} <= regional
    assert not regional & {"n_countries_reporting", "population_share_reporting"}
    for name in ESTIMATE_TABLES:
        # coverage is the only way out: a new numeric column is a figure unless the contract says so
        kept = set(_numeric_non_key(name)) - set(figure_columns(name))
        assert all(table(name).columns[c].coverage for c in kept)


@pytest.mark.parametrize("name", ["mart_estimates", "mart_regional_estimates"])
def test_withheld_estimate_rows_publish_no_figure(synthetic_exports_with_estimates, name):
    warehouse, out = synthetic_exports_with_estimates
    with duckdb.connect(str(warehouse), read_only=True) as con:
        internal = con.execute(f"select * from {name}").df()
    public = pd.read_parquet(out / f"{name}.parquet")
    k = key(name)
    merged = public.merge(internal[[*k, "estimate"]].rename(columns={"estimate": "_internal"}), on=k, how="left")
    withheld = merged["estimate"].isna() & merged["_internal"].notna()
    assert withheld.sum() > 0  # the synthetic warehouse plants small cells: something is withheld
    for col in figure_columns(name):
        values = pd.to_numeric(merged.loc[withheld, col], errors="coerce")
        assert values.isna().all(), f"{name}.{col} published for {int(values.notna().sum())} withheld rows"
    # and the C rows' median, which is the reported value, is never a count from 1 to 4 when published
    if name == "mart_estimates":
        c = merged[merged["nature"].eq("C")]
        median = pd.to_numeric(c["median"], errors="coerce").to_numpy()
        published_small = (median >= 1) & (median <= 4)
        assert not np.any(published_small)

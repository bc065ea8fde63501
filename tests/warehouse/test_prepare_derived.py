"""prepare_derived makes derived tables into the cache without touching the published warehouse;
publish_derived then takes them from the cache, or makes them again if the inputs changed."""

from __future__ import annotations

import pandas as pd

from ctip.warehouse.build import prepare_derived, publish_derived
from tests.warehouse.derived_tables import Counting, derived_total, write_tables


def test_prepared_then_published_from_the_cache(tmp_path):
    wh, cache = tmp_path / "w.duckdb", tmp_path / "cache"
    write_tables(wh, {"a": pd.DataFrame({"x": [1, 2]})})
    before = wh.read_bytes()
    derive = Counting()
    key, reused = prepare_derived(wh, derive, ("a",), ("derived_total",), "v1", cache)
    assert (reused, derive.calls) == (None, 1)
    assert wh.read_bytes() == before  # the warehouse is not written: no pool needed
    assert prepare_derived(wh, derive, ("a",), ("derived_total",), "v1", cache) == (key, "cache") and derive.calls == 1
    published = publish_derived(wh, derive, ("a",), ("derived_total",), "v1", cache)
    assert (published.key, published.reused, derive.calls, derived_total(wh)) == (key, "cache", 1, 3)
    assert prepare_derived(wh, derive, ("a",), ("derived_total",), "v1", cache) == (key, "warehouse")


def test_inputs_changed_after_the_computation_are_derived_again_when_published(tmp_path):
    wh, cache = tmp_path / "w.duckdb", tmp_path / "cache"
    write_tables(wh, {"a": pd.DataFrame({"x": [1, 2]})})
    derive = Counting()
    key, _ = prepare_derived(wh, derive, ("a",), ("derived_total",), "v1", cache)
    write_tables(wh, {"a": pd.DataFrame({"x": [1, 5]})})  # a build published new facts meanwhile
    published = publish_derived(wh, derive, ("a",), ("derived_total",), "v1", cache)
    assert published.key != key and published.reused is None and derive.calls == 2 and derived_total(wh) == 6

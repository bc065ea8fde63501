"""prepare_derived makes derived tables into the cache without touching the published warehouse;
publish_derived then takes them from the cache, or makes them again if the inputs changed."""

from __future__ import annotations

import duckdb
import pandas as pd

from ctip.warehouse.build import prepare_derived, publish_derived


def _write(path, tables: dict[str, pd.DataFrame]) -> None:
    with duckdb.connect(str(path)) as con:
        for name, frame in tables.items():
            con.register("_f", frame)
            con.execute(f'create or replace table "{name}" as select * from _f')
            con.unregister("_f")


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self, tables):
        self.calls += 1
        return {"derived_total": pd.DataFrame({"total": [int(tables["a"]["x"].sum())]})}


def _total(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select total from derived_total").fetchone()[0]


def test_prepared_then_published_from_the_cache(tmp_path):
    wh, cache = tmp_path / "w.duckdb", tmp_path / "cache"
    _write(wh, {"a": pd.DataFrame({"x": [1, 2]})})
    before = wh.read_bytes()
    derive = Counting()
    key, reused = prepare_derived(wh, derive, ("a",), ("derived_total",), "v1", cache)
    assert (reused, derive.calls) == (None, 1)
    assert wh.read_bytes() == before  # the warehouse is not written: no pool needed
    assert prepare_derived(wh, derive, ("a",), ("derived_total",), "v1", cache) == (key, "cache") and derive.calls == 1
    published = publish_derived(wh, derive, ("a",), ("derived_total",), "v1", cache)
    assert (published.key, published.reused, derive.calls, _total(wh)) == (key, "cache", 1, 3)
    assert prepare_derived(wh, derive, ("a",), ("derived_total",), "v1", cache) == (key, "warehouse")


def test_inputs_changed_after_the_computation_are_derived_again_when_published(tmp_path):
    wh, cache = tmp_path / "w.duckdb", tmp_path / "cache"
    _write(wh, {"a": pd.DataFrame({"x": [1, 2]})})
    derive = Counting()
    key, _ = prepare_derived(wh, derive, ("a",), ("derived_total",), "v1", cache)
    _write(wh, {"a": pd.DataFrame({"x": [1, 5]})})  # a build published new facts meanwhile
    published = publish_derived(wh, derive, ("a",), ("derived_total",), "v1", cache)
    assert published.key != key and published.reused is None and derive.calls == 2 and _total(wh) == 6

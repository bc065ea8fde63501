"""Derived work (estimates, their validation, exports, report) is done again only when exactly
the tables it reads, or its code, changed; otherwise the published result is reused."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from ctip import pipeline
from ctip.pipeline import build, discover, stage_all
from ctip.warehouse.build import derived_keys, publish_derived
from tests.submissions_factory import write_wide
from tests.warehouse.derived_tables import Counting, derived_total, write_tables


def test_publish_derived_reuses_unless_its_inputs_or_code_change(tmp_path):
    wh, cache = tmp_path / "w.duckdb", tmp_path / "cache"
    write_tables(wh, {"a": pd.DataFrame({"x": [1, 2]}), "b": pd.DataFrame({"y": ["p"]})})
    derive = Counting()

    def run(version="v1"):
        return publish_derived(wh, derive, ("a",), ("derived_total",), version, cache)

    first = run()
    assert (first.reused, derive.calls, derived_total(wh)) == (None, 1, 3)
    with duckdb.connect(str(wh), read_only=True) as con:
        assert derived_keys(con) == {"derived_total": first.key}
    assert run().reused == "warehouse" and derive.calls == 1  # nothing changed
    write_tables(wh, {"b": pd.DataFrame({"y": ["q"]})})  # a table it does not read
    assert run().reused == "warehouse" and derive.calls == 1
    write_tables(wh, {"a": pd.DataFrame({"x": [1, 5]})})  # a table it reads
    changed = run()
    assert (changed.reused, derive.calls, derived_total(wh)) == (None, 2, 6) and changed.key != first.key
    write_tables(wh, {"a": pd.DataFrame({"x": [2, 1]})})  # back to the first rows (in another order)
    back = run()
    assert (back.reused, back.key, derive.calls, derived_total(wh)) == ("cache", first.key, 2, 3)
    assert run("v2").reused is None and derive.calls == 3  # new code or settings


def test_a_type_change_alone_changes_the_key(tmp_path):
    wh, cache = tmp_path / "w.duckdb", tmp_path / "cache"
    write_tables(wh, {"a": pd.DataFrame({"x": [1, 2]})})
    derive = Counting()
    first = publish_derived(wh, derive, ("a",), ("derived_total",), "v", cache)
    write_tables(wh, {"a": pd.DataFrame({"x": [1.0, 2.0]})})
    assert publish_derived(wh, derive, ("a",), ("derived_total",), "v", cache).key != first.key


@pytest.mark.slow
def test_pipeline_reuses_estimates_exports_and_report_until_the_facts_change(project_dirs, monkeypatch):
    raw = project_dirs["raw"]
    write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2018: 20, 2019: 25, 2020: 30}})
    write_wide(raw / "TTO" / "b.xlsx", {"Victims identified": {2018: 12, 2019: 15, 2020: 9}})
    build(stage_all(discover()))
    assert pipeline.estimate().reused is None
    assert pipeline.validate_estimates().reused is None
    exports, reused_exports = pipeline.export()
    report, reused_report = pipeline.report()
    assert not reused_exports and not reused_report and report.exists()

    # A rebuild from the same files: the estimate tables are carried over with their key.
    build(stage_all(discover()))
    assert pipeline.estimate().reused == "warehouse"
    assert pipeline.validate_estimates().reused == "warehouse"
    assert pipeline.export() == (exports, True)
    assert pipeline.report() == (report, True)

    # An export file removed by hand is written again.
    (project_dirs["marts"] / "exports" / exports["files"][0]).unlink()
    assert pipeline.export()[1] is False

    # A new file changes the facts: everything derived from them is made again.
    write_wide(raw / "BRB" / "c.xlsx", {"Victims identified": {2019: 4, 2020: 7}})
    build(stage_all(discover()))
    assert pipeline.estimate().reused is None
    assert pipeline.validate_estimates().reused is None
    assert pipeline.export()[1] is False and pipeline.report()[1] is False
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert con.execute("select count(*) from mart_estimates where country_iso3 = 'BRB' and nature = 'C'").fetchone()[0] > 0


def test_a_damaged_cache_entry_is_a_miss_not_a_failed_run(tmp_path):
    wh, cache = tmp_path / "w.duckdb", tmp_path / "cache"
    write_tables(wh, {"a": pd.DataFrame({"x": [1, 2]})})
    derive = Counting()
    first = publish_derived(wh, derive, ("a",), ("derived_total",), "v1", cache)
    entry = cache / f"{first.key}.duckdb"
    entry.write_bytes(b"\0" * 4096)  # half a copy, a disk error
    with duckdb.connect(str(wh)) as con:  # the published table gone: the cache would be read
        con.execute("drop table derived_total")
    again = publish_derived(wh, derive, ("a",), ("derived_total",), "v1", cache)
    assert (again.reused, again.key, derive.calls, derived_total(wh)) == (None, first.key, 2, 3)
    assert publish_derived(wh, derive, ("a",), ("derived_total",), "v1", cache).reused == "warehouse"

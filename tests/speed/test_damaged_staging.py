"""A damaged staging batch (a truncated or overwritten Parquet file) must not fail every run: its
submissions are read again from data/raw and the batch is kept beside, never deleted."""

from __future__ import annotations

import duckdb

from ctip import pipeline
from ctip.stage import staging
from tests.submissions_factory import write_wide


def _value(warehouse, year: int) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select value from fact_observation where country_iso3='JAM' and year=? and indicator='victims_detected' and is_total_row(sex, age_group, exploitation, citizenship)",
            [year],
        ).fetchone()[0]


def test_a_damaged_batch_is_set_aside_and_its_files_staged_again(project_dirs, caplog):
    raw, root = project_dirs["raw"], project_dirs["marts"] / "staging"
    write_wide(raw / "JAM" / "tip_a.xlsx", {"Victims identified": {2019: 31}})
    pipeline.build_staged(pipeline.stage_batch(pipeline.discover()))
    (batch,) = list((root / staging.BATCHES).iterdir())
    with open(batch / "observations.parquet", "r+b") as f:  # the footer overwritten
        f.seek(-64, 2)
        f.write(b"\0" * 64)
    assert [sf.relative for sf in pipeline.fresh_files(pipeline.discover())] != []  # counts as not staged
    assert batch.exists()  # looking is not moving: only a run that stages sets it aside
    staged = pipeline.stage_batch(pipeline.discover())
    assert not any(staged.cached.values())  # read again from data/raw
    pipeline.build_staged(staged)
    assert _value(project_dirs["warehouse"], 2019) == 31
    aside = [p for p in (root / staging.BATCHES).iterdir() if staging.DAMAGED in p.name]
    assert [p.name.split(staging.DAMAGED)[0] for p in aside] == [batch.name]
    assert "could not be read" in caplog.text and "observations.parquet" in caplog.text
    assert pipeline.fresh_files(pipeline.discover()) == []

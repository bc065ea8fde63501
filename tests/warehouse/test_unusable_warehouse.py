"""A published warehouse that is missing or damaged: a clear message, and the next build starts
afresh instead of failing every run after it (the damaged file kept beside, never deleted)."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from ctip.pipeline import build, discover, stage_all
from ctip.warehouse.build import WarehouseUnusable, publish_derived, usable_warehouse
from tests.submissions_factory import write_wide


def _damage(path) -> None:
    with open(path, "r+b") as f:  # the header overwritten: a disk error, half a copy, a bad restore
        f.write(b"\0" * 12288)


def _victims(path, iso3="BRB", year=2021) -> int | None:
    with duckdb.connect(str(path), read_only=True) as con:
        row = con.execute(
            "select value from fact_observation where country_iso3=? and year=? and indicator='persons_convicted' and is_total_row(sex, age_group, exploitation, citizenship)",
            [iso3, year],
        ).fetchone()
    return row[0] if row else None


def test_a_damaged_warehouse_is_kept_aside_and_rebuilt(project_dirs, caplog):
    raw, wh = project_dirs["raw"], project_dirs["warehouse"]
    write_wide(raw / "BRB" / "stats.xlsx", {"Persons convicted": {2021: 7}})
    build(stage_all(discover()))
    _damage(wh)
    with pytest.raises(WarehouseUnusable, match="cannot be opened.*next `ctip run`"):
        usable_warehouse(wh)
    summary = build(stage_all(discover()))
    assert summary.set_aside is not None and summary.set_aside.exists()  # kept, not deleted
    assert summary.set_aside.name.startswith("warehouse.duckdb.damaged-")
    assert _victims(wh) == 7  # rebuilt from the staged submission
    assert "could not be opened" in caplog.text and summary.set_aside.name in caplog.text
    usable_warehouse(wh)  # opens again


def test_an_intact_warehouse_is_never_set_aside(project_dirs):
    raw, wh = project_dirs["raw"], project_dirs["warehouse"]
    write_wide(raw / "BRB" / "stats.xlsx", {"Persons convicted": {2021: 7}})
    build(stage_all(discover()))
    assert build(stage_all(discover())).set_aside is None
    assert list(wh.parent.glob("*.damaged-*")) == []


def test_derived_steps_say_what_to_do_when_there_is_no_warehouse(tmp_path):
    derive = lambda tables: {"t": pd.DataFrame({"x": [1]})}  # noqa: E731 - never reached
    with pytest.raises(WarehouseUnusable, match="no published warehouse at .*run `ctip run` first"):
        publish_derived(tmp_path / "w.duckdb", derive, ("a",), ("t",), "v1", tmp_path / "cache")
    assert not any(tmp_path.glob("w.duckdb.building*"))


def test_validate_before_any_run_is_one_line_and_no_failed_run(project_dirs):
    done = subprocess.run([sys.executable, "-m", "ctip.cli", "validate"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "no published warehouse" in done.stderr and "ctip run" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout and len(done.stderr.strip().splitlines()) == 1
    assert not (project_dirs["root"] / "dagster_home" / "storage").exists()  # no Dagster run recorded


def test_a_damaged_release_history_is_set_aside_and_nothing_is_published_until_restored(project_dirs, caplog):
    """Finding G-H: a damaged releases.duckdb failed every run at the warehouse step. Now the
    warehouse is built, the damaged history kept beside, and the exports and report refuse (the
    previous exports stay) until it is restored: without it a release is protected only against
    itself, and could be differenced with the last one published."""
    from ctip.export.releases import ReleaseHistoryDamaged
    from ctip.pipeline import export, report

    raw, wh, marts = project_dirs["raw"], project_dirs["warehouse"], project_dirs["marts"]
    write_wide(raw / "BRB" / "stats.xlsx", {"Persons convicted": {2021: 7}})
    build(stage_all(discover()))
    export()
    history = marts / "releases.duckdb"
    assert history.exists()
    published = (marts / "exports" / "fact_observation.csv").read_bytes()
    _damage(history)
    write_wide(raw / "BRB" / "more.xlsx", {"Persons convicted": {2022: 9}})
    build(stage_all(discover()))  # does not fail
    assert _victims(wh, year=2022) == 9
    aside = list(marts.glob("releases.duckdb.damaged-*"))
    assert len(aside) == 1 and not history.exists()
    assert "release history" in caplog.text and aside[0].name in caplog.text
    with pytest.raises(ReleaseHistoryDamaged, match="Restore it"):
        export()
    with pytest.raises(ReleaseHistoryDamaged):
        report()
    assert (marts / "exports" / "fact_observation.csv").read_bytes() == published
    # The operator decides: with the damaged copy removed, the exports are published again.
    aside[0].unlink()
    export()
    assert b"2022" in (marts / "exports" / "fact_observation.csv").read_bytes()

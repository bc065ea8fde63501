"""Operations: same inputs give the same warehouse; concurrent runs; builds killed midway."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import dagster as dg
import duckdb

from ctip.pipeline import build, discover, stage_all
from ctip.runner import HOST_TAG, PID_TAG, recover_dead_runs, run_main_job
from ctip.warehouse.checksum import table_checksums
from ctip.warehouse.contracts import check_warehouse
from tests.glotip_excerpt import write_excerpt
from tests.submissions_factory import write_wide


def _drop_some_files(raw):
    write_excerpt(raw / "UNODC" / "data_glotip.xlsx")
    write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2019: 50, 2020: 61}, "Persons convicted": {2020: "<5"}})
    write_wide(raw / "GUY" / "b.xlsx", {"Victims identified": {2018: 12}, "Budget": {2018: 10}})


def test_rebuild_from_same_inputs_gives_identical_tables(project_dirs, tmp_path):
    _drop_some_files(project_dirs["raw"])
    build(stage_all(discover()))
    first = table_checksums(project_dirs["warehouse"])
    # A fresh cache and a second build: every table must be identical.
    import shutil

    shutil.rmtree(project_dirs["marts"] / "staging")
    build(stage_all(discover()))
    assert table_checksums(project_dirs["warehouse"]) == first
    assert len(first) >= 10


def _ctip(*args, env=None):
    return subprocess.Popen(
        [sys.executable, "-m", "ctip.cli", *args],
        env=env or os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def test_two_runs_started_at_once_do_not_corrupt_anything(project_dirs):
    _drop_some_files(project_dirs["raw"])
    assert run_main_job().success  # registers partitions and the instance
    a, b = _ctip("run"), _ctip("run")
    out_a, _ = a.communicate(timeout=300)
    out_b, _ = b.communicate(timeout=300)
    assert a.returncode == 0, out_a
    assert b.returncode == 0, out_b
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert all(c.passed for c in check_warehouse(con))
        assert con.execute("select count(*) from submissions").fetchone()[0] == 3
    assert not list(project_dirs["marts"].glob("*.building-*"))


# A run is killed (SIGKILL, as by the OOM killer or a power cut) at each named moment of
# ctip.phases: the driver registers the kill in the process that runs the job, so the moment is
# exact, not a random sleep that mostly falls during imports.
KILL_AT = """
import os, signal, sys
from ctip import phases
phases.on(sys.argv[1], lambda: os.kill(os.getpid(), signal.SIGKILL))
from ctip.cli import main
sys.exit(main(["run"]))
"""
KILLED_PHASES = ("staged", "feedback_written", "warehouse_written", "warehouse_published", "derived_written", "exports_written", "report_written")


def test_run_killed_at_each_named_phase_leaves_last_warehouse_readable(project_dirs):
    from ctip import phases

    assert set(KILLED_PHASES) == set(phases.PHASES)  # a new phase is killed here too
    raw = project_dirs["raw"]
    _drop_some_files(raw)
    assert run_main_job().success
    reference = table_checksums(project_dirs["warehouse"])
    for i, phase in enumerate(KILLED_PHASES):
        # A new file each time, so each run has real work to be killed in.
        write_wide(raw / "BRB" / f"extra_{i}.xlsx", {"Persons prosecuted": {2015 + i: 3 + i}})
        proc = subprocess.run(
            [sys.executable, "-c", KILL_AT, phase], env=os.environ.copy(), capture_output=True, text=True, timeout=600, start_new_session=True
        )
        assert proc.returncode == -signal.SIGKILL, f"{phase} never reached: {proc.returncode}\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        # Killed there, the published file is a complete warehouse.
        with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
            failed = [c for c in check_warehouse(con) if not c.passed]
        assert not failed, (phase, failed)
    # The next run recovers by itself: stale builds and dead runs' pool slots are cleaned up.
    outcome = run_main_job()
    assert outcome.success, outcome.error
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert con.execute("select count(*) from submissions").fetchone()[0] == 3 + len(KILLED_PHASES)
        assert con.execute("select count(*) from mart_estimates").fetchone()[0] > 0
    assert table_checksums(project_dirs["warehouse"]) != reference
    assert not list(project_dirs["marts"].glob("*.building-*"))
    assert not list((project_dirs["marts"] / "cache").rglob("*.building-*"))


def test_dead_run_holding_the_pool_slot_is_recovered(project_dirs):
    write_wide(project_dirs["raw"] / "JAM" / "a.xlsx", {"Victims identified": {2019: 5}})
    assert run_main_job().success
    instance = dg.DagsterInstance.get()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    from ctip.definitions import defs

    job = defs.resolve_job_def("rebuild_marts")
    run = instance.create_run_for_job(job, tags={PID_TAG: str(dead.pid), HOST_TAG: __import__("socket").gethostname()})
    instance.handle_run_event(run.run_id, dg.DagsterEvent(event_type_value=dg.DagsterEventType.RUN_START.value, job_name=run.job_name, message="started"))
    instance.event_log_storage.claim_concurrency_slot("warehouse", run.run_id, "warehouse")
    assert recover_dead_runs(instance) == [run.run_id]
    assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE
    assert instance.event_log_storage.get_concurrency_info("warehouse").claimed_slots == []
    assert run_main_job().success

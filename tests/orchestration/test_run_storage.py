"""The run storage of dagster.yaml (ctip.orchestration.run_storage): Dagster's runs.db where
Dagster keeps it, one connection kept per process, and another process's view up to date."""

from __future__ import annotations

import os

import dagster as dg
from sqlalchemy import event

from ctip.orchestration.instance import ensure_dagster_home
from ctip.orchestration.run_storage import KeptConnectionSqliteRunStorage, runs_dir


def _run(run_id: str) -> dg.DagsterRun:
    return dg.DagsterRun(job_name="ingest_and_build", run_id=run_id)


def test_the_project_instance_keeps_runs_where_dagster_does(project_dirs):
    home = ensure_dagster_home()
    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.run_storage, KeptConnectionSqliteRunStorage)
        assert (home / "history" / "runs.db").exists()


def test_runs_written_by_one_process_are_read_by_another_with_one_connection(tmp_path):
    writer = KeptConnectionSqliteRunStorage.from_local(runs_dir(str(tmp_path)))
    reader = KeptConnectionSqliteRunStorage.from_local(runs_dir(str(tmp_path)))  # as the UI's
    writer.add_run(_run("first"))
    assert reader.has_run("first")
    connects = 0

    def count(*_):
        nonlocal connects
        connects += 1

    event.listen(writer._kept_engine(), "connect", count)
    event.listen(reader._kept_engine(), "connect", count)
    for i in range(10):
        writer.add_run(_run(f"run-{i}"))
        assert reader.has_run(f"run-{i}")  # seen at once, the writer's connection still open
    assert connects == 0
    assert {r.run_id for r in reader.get_runs()} == {"first", *(f"run-{i}" for i in range(10))}
    writer.dispose()
    reader.dispose()
    assert os.path.exists(tmp_path / "history" / "runs.db")

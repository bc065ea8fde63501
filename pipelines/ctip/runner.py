"""Run the main job from the command line, in process, on the project's Dagster instance, so a
`ctip run` is recorded exactly like a run launched by the sensor or the schedule."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field

import dagster as dg

from ctip.orchestration.console import failure_message
from ctip.orchestration.instance import ensure_dagster_home
from ctip.pipeline import discard_pool, discover_settled, fresh_files, prestart_pool, shared_discovery
from ctip.processes import pid_alive


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    n_files: int
    error: str | None = None
    left_for_next_run: list[str] = field(default_factory=list)  # files still being copied, and why


PID_TAG = "ctip/pid"
HOST_TAG = "ctip/host"


def recover_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Runs of `ctip run` whose process was killed stay 'started' and keep their warehouse pool
    slot; mark them failed and free the slot so the next run does not wait forever."""
    recovered = []
    records = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING]))
    for run in records:
        pid, host = run.tags.get(PID_TAG), run.tags.get(HOST_TAG)
        if not pid or host != socket.gethostname() or pid_alive(int(pid)):
            continue
        instance.report_run_failed(run, message=f"the process of this run ({pid}) is gone; marked failed by ctip")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(run.run_id)
    return recovered


def _instance_and_defs():
    """The project's Dagster instance (runs left by a killed process marked failed) and the code
    location; DAGSTER_HOME is set before either is loaded."""
    ensure_dagster_home()
    from ctip.definitions import defs

    instance = dg.DagsterInstance.get()
    recover_dead_runs(instance)
    return instance, defs


def run_main_job() -> RunOutcome:
    """The main job: `ingest_and_build` when some settled file is not staged yet, else `rebuild_marts`."""
    with shared_discovery():  # the steps find the drop folder as examined here, unless it changed
        files, left = discover_settled()  # files still being copied are left for the next run
        # Files not staged yet are read by the ingest job; otherwise only the marts are rebuilt (the
        # warehouse step reads the staged files from the store).
        fresh = fresh_files(files)
        # A large batch's staging children (with a core to spare) import while Dagster's instance
        # and the run are created: the staging step finds them ready.
        prestart_pool(fresh)
        try:
            instance, defs = _instance_and_defs()
            outcome = _execute(defs.resolve_job_def("ingest_and_build" if fresh else "rebuild_marts"), instance)
        finally:
            discard_pool()
    outcome.n_files, outcome.left_for_next_run = len(files), left
    return outcome


def run_validation_job() -> RunOutcome:
    """The estimates' validation (its own job: weekly, or `ctip validate`), recorded like any run."""
    instance, defs = _instance_and_defs()
    return _execute(defs.resolve_job_def("validate_estimates"), instance)


def _execute(job, instance: dg.DagsterInstance) -> RunOutcome:
    # INFO shows progress lines; Dagster's DEBUG event stream stays in the UI. The pid and host
    # let the next run recognise this one if its process is killed (recover_dead_runs).
    tags = {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}
    run_config = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    result = job.execute_in_process(instance=instance, tags=tags, run_config=run_config, raise_on_error=False)
    error = None
    if not result.success:
        failures = [e for e in result.all_events if e.is_step_failure]
        error = "; ".join(failure_message(e.step_failure_data.error)[:300] for e in failures) or "run failed"
    return RunOutcome(result.success, result.run_id, 0, error)

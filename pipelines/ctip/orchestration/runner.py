"""Run the main job from the command line, in process, on the project's Dagster instance, so a
`ctip run` is recorded exactly like a run launched by the sensor or the schedule."""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg

from ctip.orchestration.instance import ensure_dagster_home
from ctip.orchestration.partitions import submission_partitions
from ctip.pipeline import discover


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    n_files: int
    error: str | None = None


def run_main_job() -> RunOutcome:
    ensure_dagster_home()
    from ctip.definitions import defs  # after DAGSTER_HOME is set

    instance = dg.DagsterInstance.get()
    files = discover()
    ids = list(dict.fromkeys(f.submission_id for f in files))
    existing = instance.get_dynamic_partitions(submission_partitions.name)
    missing = [i for i in ids if i not in set(existing)]
    if missing:
        instance.add_dynamic_partitions(submission_partitions.name, missing)
    if ids:
        ordered = list(instance.get_dynamic_partitions(submission_partitions.name))
        positions = sorted(ordered.index(i) for i in ids)
        job = defs.resolve_job_def("ingest_and_build")
        tags = {
            "dagster/asset_partition_range_start": ordered[positions[0]],
            "dagster/asset_partition_range_end": ordered[positions[-1]],
        }
    else:
        job = defs.resolve_job_def("rebuild_marts")
        tags = {}
    # INFO shows one line per submission (progress); Dagster's DEBUG event stream stays in the UI.
    run_config = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    result = job.execute_in_process(instance=instance, tags=tags, run_config=run_config, raise_on_error=False)
    error = None
    if not result.success:
        failures = [e for e in result.all_events if e.is_step_failure]
        error = "; ".join(str(e.step_failure_data.error.message).strip()[:300] for e in failures) or "run failed"
    return RunOutcome(result.success, result.run_id, len(files), error)

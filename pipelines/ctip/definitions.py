"""The Dagster code location: assembles assets, jobs, sensors and schedules. Nothing else."""

import dagster as dg

from ctip.orchestration.assets.estimates import estimate_validation, estimates
from ctip.orchestration.assets.feedback import submission_feedback
from ctip.orchestration.assets.intake import staged_submission
from ctip.orchestration.assets.publish import open_exports, report
from ctip.orchestration.assets.warehouse import warehouse
from ctip.orchestration.console import console_logger
from ctip.orchestration.jobs import ingest_and_build, rebuild_marts, validate_estimates
from ctip.orchestration.schedules import daily_rebuild, weekly_validation
from ctip.orchestration.sensors import drop_folder_sensor

defs = dg.Definitions(
    assets=[staged_submission, warehouse, submission_feedback, estimates, estimate_validation, open_exports, report],
    jobs=[ingest_and_build, rebuild_marts, validate_estimates],
    sensors=[drop_folder_sensor],
    schedules=[daily_rebuild, weekly_validation],
    # Every step of a run in the run's own process: a step in a child process re-imports Dagster
    # and ctip (about 2 s CPU each), which made a sensor's run 3 times slower than `ctip run`
    # (docs/benchmarks.md); the warehouse pool is still claimed step by step.
    executor=dg.in_process_executor,
    # Dagster's console logger, except that a condition the operator must act on is one line.
    loggers={"console": console_logger},
)

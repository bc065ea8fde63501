"""Schedules: the marts refreshed every morning; the estimates' validation every week."""

import dagster as dg

from ctip.orchestration.jobs import rebuild_marts, validate_estimates

daily_rebuild = dg.ScheduleDefinition(
    name="daily_rebuild",
    job=rebuild_marts,
    cron_schedule="0 6 * * *",
    execution_timezone="America/Port_of_Spain",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Rebuild the warehouse every day at 06:00 (Trinidad time).",
)
weekly_validation = dg.ScheduleDefinition(
    name="weekly_validation",
    job=validate_estimates,
    # Sunday night, when no focal point is waiting for feedback; reused at once when the facts
    # did not change since the last validation.
    cron_schedule="0 2 * * 0",
    execution_timezone="America/Port_of_Spain",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Validate the estimates against held-out reports every Sunday at 02:00 (Trinidad time).",
)

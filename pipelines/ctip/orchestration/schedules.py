"""The daily rebuild: marts (and, later, estimates and exports) refreshed every morning."""

import dagster as dg

from ctip.orchestration.jobs import rebuild_marts

daily_rebuild = dg.ScheduleDefinition(
    name="daily_rebuild",
    job=rebuild_marts,
    cron_schedule="0 6 * * *",
    execution_timezone="America/Port_of_Spain",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Rebuild the warehouse every day at 06:00 (Trinidad time).",
)

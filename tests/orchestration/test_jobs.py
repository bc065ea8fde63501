"""Which assets each job runs: a new file never waits for the estimates' validation (its own
weekly job), and the validation job refreshes what shows it."""

from __future__ import annotations

import pytest

VALIDATION = "mart_estimate_validation"


def _assets(job_name: str) -> set[str]:
    from ctip.definitions import defs

    job = defs.resolve_job_def(job_name)
    return {k.to_user_string() for k in job.asset_layer.selected_asset_keys}


@pytest.mark.parametrize("job", ["ingest_and_build", "rebuild_marts"])
def test_main_jobs_publish_facts_estimates_exports_and_report_without_the_validation(job):
    assets = _assets(job)
    assert VALIDATION not in assets
    assert {"fact_observation", "mart_estimates", "open_exports", "report"} <= assets
    assert ("staged_submission" in assets) == (job == "ingest_and_build")


def test_validation_job_refreshes_the_validation_and_what_shows_it_only():
    assert _assets("validate_estimates") == {VALIDATION, "open_exports", "report"}


def test_validation_is_scheduled_weekly():
    from ctip.definitions import defs

    schedule = defs.get_schedule_def("weekly_validation")
    assert schedule.job_name == "validate_estimates"
    assert schedule.cron_schedule == "0 2 * * 0"

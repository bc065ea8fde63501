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


def test_a_run_records_one_staging_materialisation_for_its_whole_batch(project_dirs):
    """Not one per file: 500 partition materialisations cost 45 s of SQLite writes here."""
    import dagster as dg

    from ctip.runner import run_main_job
    from tests.submissions_factory import write_wide

    for iso3, value in (("JAM", 50), ("GUY", 12), ("BRB", 7)):
        write_wide(project_dirs["raw"] / iso3 / "a.xlsx", {"Victims identified": {2020: value}})
    first = run_main_job()
    assert first.success, first.error
    instance = dg.DagsterInstance.get()
    staged = dg.AssetKey("staged_submission")
    events = instance.fetch_materializations(staged, limit=10).records
    assert len(events) == 1
    metadata = events[0].asset_materialization.metadata
    assert metadata["n_submissions"].value == 3 and metadata["accepted"].value == 3
    assert instance.get_run_by_id(first.run_id).job_name == "ingest_and_build"
    # Nothing new: the marts are rebuilt from the store, nothing staged again, no validation.
    second = run_main_job()
    assert second.success and instance.get_run_by_id(second.run_id).job_name == "rebuild_marts"
    assert len(instance.fetch_materializations(staged, limit=10).records) == 1
    assert not instance.fetch_materializations(dg.AssetKey(VALIDATION), limit=1).records


@pytest.mark.parametrize("job", ["ingest_and_build", "rebuild_marts", "validate_estimates"])
def test_runs_launched_by_the_sensor_or_a_schedule_run_their_steps_in_one_process(job):
    # The default (multiprocess) executor starts a process per step that imports Dagster and
    # ctip again: seconds per step, on every file the sensor picks up.
    from ctip.definitions import defs

    assert defs.resolve_job_def(job).executor_def.name == "in_process"

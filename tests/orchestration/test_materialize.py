"""The whole graph materialised into a temporary warehouse through Dagster, as `ctip run` does."""

from __future__ import annotations

import dagster as dg
import duckdb

from ctip.runner import run_main_job
from tests.glotip_excerpt import write_excerpt
from tests.submissions_factory import write_wide


def test_run_main_job_end_to_end(project_dirs):
    raw = project_dirs["raw"]
    write_excerpt(raw / "UNODC" / "data_glotip.xlsx")
    write_wide(raw / "BHS" / "bahamas_2021.xlsx", {"Victims identified": {2020: 9, 2021: 11}, "Persons convicted": {2021: 2}})
    (raw / "BHS" / "broken.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    outcome = run_main_job()
    assert outcome.success, outcome.error
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        status = dict(con.execute("select source_file, status from submissions").fetchall())
        assert status == {"UNODC/data_glotip.xlsx": "partial", "BHS/bahamas_2021.xlsx": "accepted", "BHS/broken.xlsx": "rejected"}
        # BHS, JAM, TTO (DOM: only ambiguous citizenship rows)
        assert con.execute("select count(distinct country_iso3) from fact_observation").fetchone()[0] == 3
        regional = con.execute("select reported_sum, n_countries_reporting from mart_regional_year where year=2019 and indicator='victims_detected'").fetchone()
        assert regional == (1282, 1)
    instance = dg.DagsterInstance.get()
    run = instance.get_run_by_id(outcome.run_id)
    assert run.status == dg.DagsterRunStatus.SUCCESS
    # A second run with nothing changed parses nothing again (content-hash cache) and succeeds.
    again = run_main_job()
    assert again.success


def test_asset_checks_pass_on_a_good_warehouse(project_dirs):
    write_wide(project_dirs["raw"] / "JAM" / "a.xlsx", {"Victims identified": {2020: 9}})
    outcome = run_main_job()
    instance = dg.DagsterInstance.get()
    records = instance.get_records_for_run(outcome.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    results = {r.event_log_entry.dagster_event.event_specific_data.check_name: r.event_log_entry.dagster_event.event_specific_data.passed for r in records}
    assert results["fact_observation_key_unique"] and results["every_cell_accounted"]
    assert results["regional_sums_match_facts"] and results["codes_in_schema"]
    assert results["submissions_readable"]

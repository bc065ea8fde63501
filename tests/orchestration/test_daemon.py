"""The file-drop sensor and the daily schedule under the real Dagster daemon (`ctip ui` runs
`dagster dev`, which starts the daemon): a dropped file becomes a run that succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import dagster as dg
import duckdb
import pytest

from tests.net import free_port, wait_for
from tests.submissions_factory import write_wide


@pytest.mark.slow
def test_sensor_launches_a_run_for_a_dropped_file_under_the_daemon(project_dirs):
    port = free_port()
    ui = subprocess.Popen(
        [sys.executable, "-m", "ctip.cli", "ui", "--port", str(port)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/server_info")
        f = write_wide(project_dirs["raw"] / "JAM" / "dropped.xlsx", {"Victims identified": {2021: 17}})
        old = time.time() - 60
        os.utime(f, (old, old))  # written a minute ago: stable as soon as it is seen twice
        instance = dg.DagsterInstance.get()
        deadline = time.time() + 240
        run = None
        while time.time() < deadline:
            runs = instance.get_runs(filters=dg.RunsFilter(job_name="ingest_and_build"))
            if runs and runs[0].status in (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE):
                run = runs[0]
                break
            time.sleep(3)
        assert run is not None, "the sensor launched no run within 4 minutes"
        assert run.status == dg.DagsterRunStatus.SUCCESS
        assert run.tags.get("dagster/sensor_name") == "drop_folder_sensor"
        with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
            assert con.execute("select value from fact_observation where country_iso3='JAM' and year=2021").fetchone() == (17,)
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        try:
            ui.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)


def test_daily_schedule_requests_a_rebuild():
    from ctip.definitions import defs

    schedule = defs.get_schedule_def("daily_rebuild")
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    with dg.build_schedule_context() as context:
        requests = list(schedule.evaluate_tick(context).run_requests or [])
    assert len(requests) == 1 and (requests[0].job_name in (None, "rebuild_marts"))
    assert schedule.job_name == "rebuild_marts"

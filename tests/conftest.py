"""Shared fixtures. Every test that runs the pipeline gets its own drop folder, marts folder,
warehouse and Dagster home under tmp_path: tests never touch data/ or .dagster/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tests write a file and run at once: no waiting for files to settle (a run leaves files modified
# in the last seconds for the next run). tests/hostile/test_discovery.py tests that wait.
os.environ.setdefault("CTIP_SETTLE_SECONDS", "0")

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def project_dirs(tmp_path, monkeypatch):
    """A private data/raw, data/marts and DAGSTER_HOME for one test."""
    raw = tmp_path / "raw"
    marts = tmp_path / "marts"
    raw.mkdir()
    marts.mkdir()
    monkeypatch.setenv("CTIP_RAW", str(raw))
    monkeypatch.setenv("CTIP_MARTS", str(marts))
    monkeypatch.setenv("CTIP_STAGING", str(marts / "staging"))
    monkeypatch.setenv("CTIP_WAREHOUSE", str(marts / "warehouse.duckdb"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    # Fewer simulation draws: these tests check the plumbing; tests/estimate checks the model.
    monkeypatch.setenv("CTIP_ESTIMATE_QUICK", "1")
    return {"raw": raw, "marts": marts, "warehouse": marts / "warehouse.duckdb", "root": tmp_path}


@pytest.fixture
def shared_reference():
    """../shared/reference when it exists (the tests must pass without it)."""
    path = SHARED / "reference"
    if not path.exists():
        pytest.skip("../shared/reference is not present")
    return path


# Modules (or single tests) whose tests run whole Dagster jobs, or first build a corpus, a GLOTIP warehouse or a
# calibration study: left out of `make test-fast` (they stay in `make test`, the gate). Measured
# with `pytest --durations` (docs/benchmarks.md); a module moves here when one of its tests, or its
# fixture, takes seconds.
SLOW_MODULES = {
    "tests/cli/test_cli.py",
    "tests/speed/test_stage_pool.py",
    "tests/orchestration/test_materialize.py",
    "tests/orchestration/test_robustness.py",
    "tests/orchestration/test_jobs.py::test_a_run_records_one_staging_materialisation_for_its_whole_batch",
    "tests/hostile/test_hostile_input.py",
    "tests/export/test_dictionary.py",
    "tests/export/test_disclosure.py",
    "tests/export/test_exports.py",
    "tests/export/test_sdmx.py",
    "tests/estimate/test_calibration.py",
    "tests/estimate/test_estimates.py",
    "tests/estimate/test_hidden_victims_intake.py",
    "tests/intake/test_corpus_precision_recall.py",
    "tests/corpus_realistic/test_generator.py",
    "tests/report/test_report.py",
    # integrations that build a warehouse, refit the model or start checker processes
    "tests/portal/test_upload.py",
    "tests/portal/test_attacks_upload.py",
    "tests/portal/test_access.py",
    "tests/portal/test_rebuild.py",
    "tests/flows/test_flow_exports.py",
    "tests/flows/test_glotip_flows.py",
    "tests/flows/test_flow_report.py",
    "tests/estimate/test_validation.py",
    "tests/estimate/test_calibration_drift.py",
    "tests/estimate/test_mse.py",
    "tests/hostile/test_fuzz.py",
    "tests/cli/test_lazy_commands.py",
    "tests/intake/test_glotip_reader.py::test_real_glotip_export",
    # single tests, by module::function (all its parameters)
    "tests/hostile/test_privacy.py::test_the_independent_disguised_lists_leave_no_trace",
    "tests/hostile/test_privacy.py::test_aggregate_files_are_not_flagged",
    "tests/hostile/test_privacy.py::test_no_planted_string_reaches_the_warehouse_the_marts_or_the_logs",
    "tests/estimate/test_mse.py::test_same_seed_same_interval",
}


# Modules that start child processes and bound how long they may take: run alone, after the
# parallel part of `make test` (`-m serial`). tests/estimate/test_fit_pool.py's child was not
# stopped within its bound in 2 of 4 runs on two pytest-xdist workers, never alone.
SERIAL_MODULES = {"tests/estimate/test_fit_pool.py"}


def pytest_collection_modifyitems(config, items):
    root = Path(__file__).resolve().parents[1]
    for item in items:
        try:
            module = item.path.resolve().relative_to(root).as_posix()
        except ValueError:
            continue
        function = getattr(item, "originalname", item.name)
        if module in SLOW_MODULES or f"{module}::{function}" in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if module in SERIAL_MODULES:
            item.add_marker(pytest.mark.serial)

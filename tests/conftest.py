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
    monkeypatch.setenv("CTIP_ESTIMATE_FAST", "1")
    return {"raw": raw, "marts": marts, "warehouse": marts / "warehouse.duckdb", "root": tmp_path}


@pytest.fixture
def shared_reference():
    """../shared/reference when it exists (the tests must pass without it)."""
    path = SHARED / "reference"
    if not path.exists():
        pytest.skip("../shared/reference is not present")
    return path

"""The real GLOTIP export built once into a private warehouse for the flow tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctip.paths import PROJECT_ROOT

GLOTIP = PROJECT_ROOT / "data" / "raw" / "UNODC" / "data_glotip.xlsx"


@pytest.fixture(scope="session")
def glotip_flow_warehouse(tmp_path_factory) -> Path:
    from ctip.intake.discover import describe_file
    from ctip.pipeline import stage_submission
    from ctip.warehouse.build import build_warehouse

    if not GLOTIP.exists():
        pytest.skip("data/raw/UNODC/data_glotip.xlsx is missing")
    root = tmp_path_factory.mktemp("glotip_flows")
    result, _ = stage_submission(describe_file(GLOTIP, GLOTIP.parent.parent), staging_root=root / "staging", feedback_root=root / "feedback")
    target = root / "warehouse.duckdb"
    build_warehouse([result], target)
    return target

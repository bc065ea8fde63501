"""Where things live. Every path is derived from the project root or a setting (`ctip.settings`:
environment or settings.yaml), never typed at the call site, so tests can point the whole
pipeline at a temporary tree."""

from __future__ import annotations

from pathlib import Path

from ctip import settings

PROJECT_ROOT: Path = settings.PROJECT_ROOT
# The schema and reference folders are fixed for the life of a process (loaders cache what they read).
SCHEMAS_DIR: Path = settings.get("schemas")
REFERENCE_DIR: Path = settings.get("reference")


def raw_dir() -> Path:
    """The drop folder: one sub-folder per country (ISO3 or name), or UNODC for the GLOTIP export."""
    return settings.get("raw")


def marts_dir() -> Path:
    return settings.get("marts")


def warehouse_path() -> Path:
    return settings.get("warehouse") or marts_dir() / "warehouse.duckdb"


def internal_dir(warehouse: Path | str) -> Path:
    """Where a warehouse's internal files live (the release history `releases.duckdb`, the audit
    answers and SDMX validation record under `cache/`): the marts folder of the configured
    warehouse (on a trial run, `ctip run --warehouse OTHER`, the trial's own folder), else the
    warehouse's own folder. A trial's release history written beside the published warehouse
    once made the next public release be protected against the trial instead of the last public
    release (finding G-F)."""
    warehouse = Path(warehouse)
    if warehouse.absolute() == Path(warehouse_path()).absolute():
        return marts_dir()
    return warehouse.parent


def staging_dir() -> Path:
    """Per-submission parsed results, keyed by content hash: an unchanged file is never parsed twice."""
    return settings.get("staging") or marts_dir() / "staging"


def feedback_dir() -> Path:
    return marts_dir() / "feedback"


def exports_dir() -> Path:
    return marts_dir() / "exports"


def report_dir() -> Path:
    return marts_dir() / "report"

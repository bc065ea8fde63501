"""Where things live. Every path is derived from the project root or an environment override,
never typed at the call site, so tests can point the whole pipeline at a temporary tree."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCHEMAS_DIR = Path(os.environ.get("CTIP_SCHEMAS", PROJECT_ROOT / "schemas"))
REFERENCE_DIR = Path(os.environ.get("CTIP_REFERENCE", PROJECT_ROOT / "data" / "reference"))


def raw_dir() -> Path:
    """The drop folder: one sub-folder per country (ISO3 or name), or UNODC for the GLOTIP export."""
    return Path(os.environ.get("CTIP_RAW", PROJECT_ROOT / "data" / "raw"))


def marts_dir() -> Path:
    return Path(os.environ.get("CTIP_MARTS", PROJECT_ROOT / "data" / "marts"))


def warehouse_path() -> Path:
    return Path(os.environ.get("CTIP_WAREHOUSE", marts_dir() / "warehouse.duckdb"))


def staging_dir() -> Path:
    """Per-submission parsed results, keyed by content hash: an unchanged file is never parsed twice."""
    return Path(os.environ.get("CTIP_STAGING", marts_dir() / "staging"))


def feedback_dir() -> Path:
    return marts_dir() / "feedback"


def exports_dir() -> Path:
    return marts_dir() / "exports"


def report_dir() -> Path:
    return marts_dir() / "report"

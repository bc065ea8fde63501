"""Public exports: suppressed tables (Parquet, CSV), SDG 16.2.2 SDMX-CSV, the data dictionary.

from ctip.export import write_exports, validate_sdmx_csv"""

from __future__ import annotations

__all__ = ["ExportError", "validate_sdmx_csv", "write_exports"]


def __getattr__(name: str):  # imported on first use: `ctip query` needs only csv_safety
    if name in ("ExportError", "write_exports"):
        from ctip.export import exports

        return getattr(exports, name)
    if name == "validate_sdmx_csv":
        from ctip.export.sdmx import validate_sdmx_csv

        return validate_sdmx_csv
    raise AttributeError(name)

"""Layout readers. Each module has `detect(sheet, ctx) -> Detection | None` and
`extract(sheet, detection, ctx) -> SheetOutcome`. The reader with the highest confidence wins;
a per-country mapping file can name the layout of a sheet when detection cannot decide."""

from __future__ import annotations

from ctip.intake.layouts import glotip, long_table, wide_years
from ctip.intake.layouts.base import Detection

# Order matters only for ties: the most specific layout first.
LAYOUTS = {
    "glotip": glotip,
    "long": long_table,
    "wide_years": wide_years,
}

__all__ = ["LAYOUTS", "Detection"]

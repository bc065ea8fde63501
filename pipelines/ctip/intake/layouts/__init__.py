"""Layout readers. Each module has `detect(sheet, ctx, forced=False) -> Detection | None` and
`extract(sheet, detection, ctx) -> SheetOutcome`. The reader with the highest confidence wins;
a per-country mapping file can name the layout of a sheet when detection cannot decide
(`forced`: the header may then stand anywhere on the sheet).

- glotip: UNODC's GLOTIP export;
- long: one figure per row, with indicator, year and breakdown columns;
- wide_years, wide_dims, transposed, label_list: cross tables (see crosstab.py)."""

from __future__ import annotations

from ctip.intake.layouts import (
    glotip,
    label_list,
    long_table,
    nationality,  # victims by nationality: flows (fact_flow)
    transposed,
    wide_dims,
    wide_years,
)
from ctip.intake.layouts.base import Detection

# Order matters only for ties: the most specific layout first.
LAYOUTS = {
    "glotip": glotip,
    "nationality": nationality,
    "long": long_table,
    "wide_years": wide_years,
    "wide_dims": wide_dims,
    "transposed": transposed,
    "label_list": label_list,
}

__all__ = ["LAYOUTS", "Detection"]

"""Wide tables by year: indicators (and their breakdowns) as rows, years as columns, with one
or two header rows (a year over Female / Male / Total). Read by the cross-table reader."""

from __future__ import annotations

from ctip.intake.layouts import crosstab
from ctip.intake.layouts.base import Detection
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext, SheetOutcome

NAME = "wide_years"


def detect(sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Detection | None:
    """A wide_years detection (years as columns, indicators as rows), from the shared cross-table analysis."""
    return crosstab.detect_kind(NAME, sheet, ctx, forced)


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    """Read by the shared cross-table reader (crosstab.extract)."""
    return crosstab.extract(sheet, det, ctx)

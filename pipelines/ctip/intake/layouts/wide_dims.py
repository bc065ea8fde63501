"""Wide tables by breakdown: Female / Male / Total (or girls, boys, women, men; forms of
exploitation; nationals, foreigners) as columns, indicators as rows; the year from a year
column, the title, the sheet name or the file name. Read by the cross-table reader."""

from __future__ import annotations

from ctip.intake.layouts import crosstab
from ctip.intake.layouts.base import Detection
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext, SheetOutcome

NAME = "wide_dims"


def detect(sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Detection | None:
    """A wide_dims detection (breakdowns as columns), from the shared cross-table analysis."""
    return crosstab.detect_kind(NAME, sheet, ctx, forced)


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    """Read by the shared cross-table reader (crosstab.extract)."""
    return crosstab.extract(sheet, det, ctx)

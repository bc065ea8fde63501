"""Transposed tables: years as rows, indicators as columns (perhaps over Female / Male / Total
in a second header row). Read by the cross-table reader."""

from __future__ import annotations

from ctip.intake.layouts import crosstab
from ctip.intake.layouts.base import Detection
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext, SheetOutcome

NAME = "transposed"


def detect(sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Detection | None:
    """A transposed detection (years as rows, indicators as columns), from the shared cross-table analysis."""
    return crosstab.detect_kind(NAME, sheet, ctx, forced)


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    """Read by the shared cross-table reader (crosstab.extract)."""
    return crosstab.extract(sheet, det, ctx)

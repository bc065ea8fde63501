"""A list without header: indicator labels beside one column of figures, the year from the
title, the sheet name or the file name. Read by the cross-table reader; least confident of all
layouts, so any table with a header wins."""

from __future__ import annotations

from ctip.intake.layouts import crosstab
from ctip.intake.layouts.base import Detection
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext, SheetOutcome

NAME = "label_list"


def detect(sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Detection | None:
    """A label_list detection (indicator labels beside one column of figures, no header), from the
    shared cross-table analysis."""
    return crosstab.detect_kind(NAME, sheet, ctx, forced)


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    """Read by the shared cross-table reader (crosstab.extract)."""
    return crosstab.extract(sheet, det, ctx)

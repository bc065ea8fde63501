"""Transposed tables: years as rows, indicators as columns (perhaps over Female / Male / Total
in a second header row). Read by the cross-table reader."""

from __future__ import annotations

from ctip.intake.layouts import crosstab
from ctip.intake.layouts.base import Detection
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext, SheetOutcome

NAME = "transposed"


def detect(sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Detection | None:
    return crosstab.detect_kind(NAME, sheet, ctx, forced)


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    return crosstab.extract(sheet, det, ctx)

"""Read every sheet of a file with the layout that fits it best."""

from __future__ import annotations

from ctip.intake.layouts import LAYOUTS
from ctip.intake.layouts.headers import year_in_text
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.readings import CellReading, ReadContext, SheetOutcome
from ctip.intake.values import parse_count


def choose_layout(sheet: SheetGrid, ctx: ReadContext):
    forced = ctx.layout.get(sheet.name) or ctx.layout.get("*")
    if forced:
        module = LAYOUTS.get(forced)
        return (module, module.detect(sheet, ctx)) if module else (None, None)
    best = (None, None)
    for module in LAYOUTS.values():
        det = module.detect(sheet, ctx)
        if det and (best[1] is None or det.confidence > best[1].confidence):
            best = (module, det)
    return best


def extract_sheet(sheet: SheetGrid, ctx: ReadContext) -> SheetOutcome:
    if sheet.kind == "chart":
        return SheetOutcome(sheet.name, None, notes=["chart sheet: ignored"])
    if sheet.name in ctx.ignore_sheets:
        return SheetOutcome(sheet.name, None, notes=["ignored as the mapping file asks"])
    if not any(v is not None for row in sheet.rows for v in row):
        return SheetOutcome(sheet.name, None, notes=["empty sheet"])
    # A year named only in the sheet name applies to the sheet (one sheet per year).
    sheet_ctx = ctx
    year = year_in_text(sheet.name)
    if year is not None:
        from dataclasses import replace

        sheet_ctx = replace(ctx, year_hint=year)
    module, det = choose_layout(sheet, sheet_ctx)
    if module is None or det is None:
        return _unrecognised(sheet)
    outcome = module.extract(sheet, det, sheet_ctx)
    ignored = set(ctx.ignore_rows.get(sheet.name, ()))
    if ignored:
        outcome.readings = [r for r in outcome.readings if int("".join(ch for ch in r.cell if ch.isdigit())) not in ignored]
    return outcome


def _unrecognised(sheet: SheetGrid) -> SheetOutcome:
    """No table found: numbers on the sheet are reported as not understood, never guessed."""
    out = SheetOutcome(sheet.name, None, notes=["no table layout recognised on this sheet"])
    for r, row in enumerate(sheet.rows):
        for c, v in enumerate(row):
            if v is not None and parse_count(v).kind in ("count", "suppressed"):
                out.unread_cells.append(
                    CellReading(sheet.name, cell_ref(r, c), v, "", problem="no table layout recognised on this sheet")
                )
    return out


def extract_workbook(sheets: list[SheetGrid], ctx: ReadContext) -> list[SheetOutcome]:
    return [extract_sheet(s, ctx) for s in sheets]

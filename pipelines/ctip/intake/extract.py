"""Read every sheet of a file with the layout that fits it best.

Chart sheets, hidden sheets, notes sheets and sheets the mapping file ignores are not read (a
note says so). A sheet where no layout is recognised has its figures reported as not
understood, never guessed. The year a sheet name or file name gives is found by the layout
readers themselves: a title or the table itself is more specific."""

from __future__ import annotations

from ctip.harmonise.normalise import normalise
from ctip.intake.layouts import LAYOUTS
from ctip.intake.layouts.headers import as_year, header_role
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.readings import CellReading, ReadContext, SheetOutcome
from ctip.intake.values import parse_count

NO_LAYOUT = {"none", "ignore", "skip"}


def _for_sheet(table: dict, sheet: str):
    """A mapping entry for a sheet: by exact name, by name in any case and spacing, or '*'."""
    if sheet in table:
        return table[sheet]
    norm = normalise(sheet)
    for name, value in table.items():
        if name != "*" and normalise(name) == norm:
            return value
    return table.get("*")


def choose_layout(sheet: SheetGrid, ctx: ReadContext):
    forced = _for_sheet(ctx.layout, sheet.name)
    if forced:
        module = LAYOUTS.get(forced)
        return (module, module.detect(sheet, ctx, forced=True)) if module else (None, None)
    best = (None, None)
    for module in LAYOUTS.values():
        det = module.detect(sheet, ctx)
        if det and (best[1] is None or det.confidence > best[1].confidence):
            best = (module, det)
    return best


def _ignored(sheet: SheetGrid, ctx: ReadContext) -> bool:
    norm = normalise(sheet.name)
    return any(s == sheet.name or normalise(s) == norm for s in ctx.ignore_sheets)


def extract_sheet(sheet: SheetGrid, ctx: ReadContext) -> SheetOutcome:
    forced = _for_sheet(ctx.layout, sheet.name)
    if sheet.kind == "chart":
        return SheetOutcome(sheet.name, None, notes=["chart sheet: ignored"])
    if _ignored(sheet, ctx) or (forced or "").lower() in NO_LAYOUT:
        return SheetOutcome(sheet.name, None, notes=["ignored as the mapping file asks"])
    if sheet.kind == "hidden" and not forced:
        return SheetOutcome(sheet.name, None, notes=["hidden sheet: not read (name a layout for it in mapping.yaml to read it)"])
    if not any(v is not None for row in sheet.rows for v in row):
        return SheetOutcome(sheet.name, None, notes=["empty sheet"])
    if not forced and header_role(sheet.name) == "notes":
        return SheetOutcome(sheet.name, None, notes=["notes sheet: not read"])
    module, det = choose_layout(sheet, ctx)
    if forced and det is None:
        out = _unrecognised(sheet)
        out.notes = [f"the layout '{forced}' named in mapping.yaml was not found on this sheet"]
        return out
    if module is None or det is None:
        return _unrecognised(sheet)
    try:
        outcome = module.extract(sheet, det, ctx)
    except Exception as exc:  # a reader's fault must not stop the submission: report the sheet unread
        out = _unrecognised(sheet)
        out.notes = [f"the {det.layout} reader failed on this sheet ({type(exc).__name__}: {exc}); its figures were not read"]
        return out
    ignored = set(_for_sheet(ctx.ignore_rows, sheet.name) or ())
    if ignored:
        def keep(r: CellReading) -> bool:
            return _row_number(r.cell) not in ignored

        n = len(outcome.readings) + len(outcome.unread_cells)
        outcome.readings = [r for r in outcome.readings if keep(r)]
        outcome.unread_cells = [r for r in outcome.unread_cells if keep(r)]
        dropped = n - len(outcome.readings) - len(outcome.unread_cells)
        if dropped:
            outcome.notes.append(f"{dropped} cells in rows ignored as the mapping file asks")
    return outcome


def _row_number(cell: str) -> int:
    return int("".join(ch for ch in cell if ch.isdigit()))


def _unrecognised(sheet: SheetGrid) -> SheetOutcome:
    """No table found: figures on the sheet are reported as not understood, never guessed."""
    out = SheetOutcome(sheet.name, None, notes=["no table layout recognised on this sheet"])
    for r, row in enumerate(sheet.rows):
        for c, v in enumerate(row):
            if parse_count(v).kind in ("count", "suppressed") and as_year(v) is None:  # years are headers
                out.unread_cells.append(
                    CellReading(sheet.name, cell_ref(r, c), v, "", problem="no table layout recognised on this sheet")
                )
    return out


def extract_workbook(sheets: list[SheetGrid], ctx: ReadContext) -> list[SheetOutcome]:
    return [extract_sheet(s, ctx) for s in sheets]

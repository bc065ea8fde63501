"""Long tables: one value per row, with columns for indicator, year, value and dimensions.
The project's own submission template is a long table in the country's language."""

from __future__ import annotations

from ctip.harmonise.normalise import normalise
from ctip.intake.layouts.base import Detection
from ctip.intake.layouts.headers import as_year, header_role
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.readings import CellReading, ReadContext, SheetOutcome
from ctip.region import country_aliases
from ctip.schema import DIMENSIONS

HEADER_SEARCH_ROWS = 30


def detect(sheet: SheetGrid, ctx: ReadContext) -> Detection | None:
    for r in range(min(HEADER_SEARCH_ROWS, sheet.n_rows)):
        roles: dict[str, int] = {}
        for c, v in enumerate(sheet.rows[r]):
            role = header_role(v)
            if role and role not in roles:
                roles[role] = c
        if {"indicator", "value"} <= set(roles) and ("year" in roles or ctx.year_hint):
            return Detection("long", 0.9, r, roles)
    return None


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    out = SheetOutcome(sheet.name, "long")
    cols = det.columns
    aliases = {normalise(a) for a in country_aliases(ctx.country_iso3 or "")} | {normalise(ctx.country_iso3 or "")}
    blank_run = 0
    for r in range(det.header_row + 1, sheet.n_rows):
        row = sheet.rows[r]
        if not any(v is not None for v in row):
            blank_run += 1
            if blank_run >= 3:
                break  # the table ended; what follows are notes
            continue
        blank_run = 0
        value = row[cols["value"]] if cols["value"] < len(row) else None
        label_cell = row[cols["indicator"]] if cols["indicator"] < len(row) else None
        if value is None:
            continue
        reading = CellReading(sheet.name, cell_ref(r, cols["value"]), value, str(label_cell or ""))
        out.readings.append(reading)
        if label_cell is None:
            reading.problem = "no indicator given in this row"
            continue
        ind = ctx.labels.indicator(label_cell)
        if not ind.ok:
            reading.problem, reading.suggestions = ind.problem, ind.suggestions
            continue
        reading.key["indicator"] = ind.indicator
        reading.key.update(ind.dims)
        if "year" in cols:
            year = as_year(row[cols["year"]] if cols["year"] < len(row) else None)
            if year is None:
                reading.problem = f"year '{row[cols['year']]}' is not a year"
                continue
            reading.key["year"] = year
        else:
            reading.key["year"] = ctx.year_hint
        if "country" in cols and cols["country"] < len(row) and row[cols["country"]] is not None:
            named = normalise(row[cols["country"]])
            if ctx.country_iso3 and named not in aliases:
                reading.problem = f"row names country '{row[cols['country']]}', not the submission's country {ctx.country_iso3}"
                continue
        for dim in DIMENSIONS:
            if dim not in cols or cols[dim] >= len(row) or row[cols[dim]] is None:
                continue
            val = ctx.labels.dimension_value(row[cols[dim]], dim) or ctx.labels.dimension_value(row[cols[dim]])
            if val is None:
                reading.problem = f"{dim} '{row[cols[dim]]}' is not a known value"
                break
            for k, v in val.items():
                k = dim if k == "*" else k
                if k in reading.key and k != dim and reading.key[k] != v:
                    reading.problem = f"{dim} '{row[cols[dim]]}' contradicts another column"
                reading.key[k] = v
            reading.raw_label += f" | {row[cols[dim]]}"
    return out

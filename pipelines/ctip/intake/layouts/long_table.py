"""Long tables: one figure per row, with columns for indicator, year, value and breakdowns
(sex, age group, form of exploitation, citizenship), in any of the four languages. The
project's own submission template is a long table in the country's language.

The year comes from the year column, else from the title, the sheet name or the file name.
A row whose indicator cell says "Total" sums several indicators: it is reported, not stored."""

from __future__ import annotations

from dataclasses import replace

from ctip.intake.layouts.base import Detection
from ctip.intake.layouts.cellkinds import classify
from ctip.intake.layouts.headers import as_year, header_role, year_in_text
from ctip.intake.layouts.row_notes import note_problem, unit_problem
from ctip.intake.layouts.table import DATED_TITLE, SheetView, file_year, read_title
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.readings import CellReading, ReadContext, SheetOutcome
from ctip.region import country_aliases
from ctip.schema import DIMENSIONS, load_schema
from ctip.vocabulary.normalise import normalise

HEADER_SEARCH_ROWS = 40


def _roles(row: list[object]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for c, v in enumerate(row):
        role = header_role(v)
        if role and role not in roles:
            roles[role] = c
    return roles


def detect(sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Detection | None:
    """A long-table detection when a header row (in the top rows, or anywhere when `forced`) names at
    least an indicator column and a value column."""
    stop = sheet.n_rows if forced else min(HEADER_SEARCH_ROWS, sheet.n_rows)
    for r in range(stop):
        roles = _roles(sheet.rows[r])
        if {"indicator", "value"} <= set(roles):
            return Detection("long", 0.9, r, roles)
    return None


def _context_year(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> tuple[int | None, str | None]:
    title = read_title(SheetView(sheet, ctx.labels), 0, det.header_row, ctx.labels)
    years = {y for y in title.years if y > 0}
    sheet_year = year_in_text(sheet.name)
    if len(years) == 1 and -1 not in title.years:
        year = years.pop()
        if sheet_year is not None and sheet_year != year:
            return None, f"the title names {year} but the sheet name {sheet_year}"
        return year, None
    if sheet_year is not None:
        return sheet_year, None
    if years or -1 in title.years:
        return None, "the title names several years, so the year of figures without one is not known"
    year = file_year(ctx)
    return year, (DATED_TITLE if year is None and title.dated else None)


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    """One reading per row with a value; the header repeated or notes below are skipped. An "of whom"
    row is read as a breakdown of the last indicator row above it."""
    out = SheetOutcome(sheet.name, "long")
    cols = det.columns
    aliases = {normalise(a) for a in country_aliases(ctx.country_iso3 or "")} | {normalise(ctx.country_iso3 or "")}
    context_year, year_problem = _context_year(sheet, det, ctx)

    def cell(row: list[object], role: str) -> object:
        c = cols.get(role)
        return row[c] if c is not None and c < len(row) else None

    parent: dict | None = None  # the last row naming an indicator: "of whom female" below it is its breakdown
    merged_down = _merged_down(sheet, det)
    for r in range(det.header_row + 1, sheet.n_rows):
        row = sheet.rows[r]
        if any(rc[0] == r for rc in merged_down):
            row = list(row) + [None] * (max(c for _, c in merged_down) + 1 - len(row))
            for (rr, c), v in merged_down.items():
                if rr == r and row[c] is None:
                    row[c] = v
        value = cell(row, "value")
        if value is None or header_role(value) == "value":
            continue  # an empty row, a note below the table, or the header repeated
        label_cell = cell(row, "indicator")
        reading = CellReading(sheet.name, cell_ref(r, cols["value"]), value, str(label_cell or ""))
        out.readings.append(reading)
        problem = _read_row(reading, row, cols, ctx, aliases, context_year, year_problem, parent)
        if problem is None and "notes" in cols:
            problem = note_problem(cell(row, "notes"), reading.key.get("year"), reading.key.get("indicator"))  # 'estimation de la police'
        if problem is None and "unit" in cols:
            problem = unit_problem(cell(row, "unit"), reading.key.get("indicator"))  # '%', 'per 100,000' (K-K)
        if problem:
            reading.problem = problem
            reading.key = {}
            parent = None if not _is_breakdown(label_cell, ctx) else parent
        elif label_cell is not None and not _is_breakdown(label_cell, ctx):
            parent = dict(reading.key)
    return out


def _merged_down(sheet: SheetGrid, det: Detection) -> dict[tuple[int, int], object]:
    """Label cells covered by a range merged down a label column below the header ('Victims identified'
    merged over its Female and Male rows; attack6 K-V) -> the range's value: it names every row it
    covers. Only within one column, and never the value column (one figure is never given to two rows)."""
    label_cols = {c for role, c in det.columns.items() if role != "value"}
    out: dict[tuple[int, int], object] = {}
    for (r0, c0), (r1, _c1) in sheet.merged or []:
        if c0 not in label_cols or r1 <= r0 or r0 <= det.header_row:
            continue
        v = sheet.cell(r0, c0)
        if v is None:
            continue
        for r in range(r0 + 1, min(r1, sheet.n_rows - 1) + 1):
            out[(r, c0)] = v
    return out


def _indented_breakdown(row: list[object], cols: dict[str, int], ctx: ReadContext):
    """The one breakdown label ('Female', 'Children (below 18)') in a column no header names."""
    named = set(cols.values())
    found = [
        lab
        for c, v in enumerate(row)
        if c not in named and v is not None and (lab := classify(v, ctx.labels)) is not None and lab.kind not in ("neutral", "number")
    ]
    if len(found) == 1 and found[0].kind == "dims" and not found[0].problem:
        return replace(found[0], part_of=True)
    return None


def _is_breakdown(label_cell: object, ctx: ReadContext) -> bool:
    label = classify(label_cell, ctx.labels)
    return label is not None and (label.part_of or label.kind == "dims")


def _read_row(
    reading: CellReading,
    row: list[object],
    cols: dict[str, int],
    ctx: ReadContext,
    aliases: set[str],
    context_year: int | None,
    year_problem: str | None,
    parent: dict | None = None,
) -> str | None:
    def cell(role: str) -> object:
        c = cols.get(role)
        return row[c] if c is not None and c < len(row) else None

    label = classify(cell("indicator"), ctx.labels)
    if label is None and parent is not None:
        # the indicator written once, its breakdowns indented into the next column (no header)
        label = _indented_breakdown(row, cols, ctx)
    if label is None:
        return "no indicator given in this row"
    if label.kind in ("total", "grand_total"):
        return f"'{label.text}' is a total of several indicators, not an indicator; not stored"
    no_dim_columns = not any(d in cols for d in DIMENSIONS)
    if label.kind == "dims" and (label.part_of or no_dim_columns) and parent is not None and not label.problem:
        # "of whom female", "waarvan minderjarigen": a breakdown of the figure in the row above
        key = reading.key
        for k, v in parent.items():
            key[k] = v
        total = load_schema().total_code
        for k, v in label.dims:
            if parent.get(k, total) != total and parent[k] != v:
                return f"'{label.text}' contradicts the row above it ({k})"
            key[k] = v
        if "year" in cols and cell("year") is not None and as_year(cell("year")) != parent.get("year"):
            return f"'{label.text}' gives another year than the row above it"
        return None
    if label.kind != "indicator":
        if label.kind == "dims":
            return f"'{label.text}' names a breakdown, not an indicator"
        reading.suggestions = list(label.suggestions)
        return label.problem or f"'{label.text}' matches no indicator of the schema"
    key = reading.key
    key["indicator"] = label.indicator
    key.update(label.dims_dict)
    if "year" in cols and cell("year") is not None:
        year = as_year(cell("year"))
        if year is None:
            return f"year '{cell('year')}' is not a year"
        if label.year is not None and label.year != year:
            return f"the label names {label.year} but the year column {year}"
    elif label.year is not None:
        year = label.year
    elif year_problem:
        return year_problem
    else:
        year = context_year
    key["year"] = year
    country = cell("country")
    if country is not None and ctx.country_iso3 and normalise(country) not in aliases:
        return f"row names country '{country}', not the submission's country {ctx.country_iso3}"
    for dim in DIMENSIONS:
        raw = cell(dim)
        if raw is None:
            continue
        value = ctx.labels.dimension_value(raw, dim) or ctx.labels.dimension_value(raw)
        if value is None:
            return f"{dim} '{raw}' is not a known value"
        for k, v in value.items():
            k = dim if k == "*" else k
            if k in key and key[k] != v:
                return f"{dim} '{raw}' contradicts another column or the label"
            key[k] = v
        reading.raw_label += f" | {raw}"
    return None

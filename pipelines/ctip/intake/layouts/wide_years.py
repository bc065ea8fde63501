"""Wide tables by year: indicators (and breakdowns) as rows, years as columns."""

from __future__ import annotations

from ctip.intake.layouts.base import Detection
from ctip.intake.layouts.headers import as_year
from ctip.intake.layouts.rowlabels import resolve_row
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.readings import CellReading, ReadContext, SheetOutcome

HEADER_SEARCH_ROWS = 30


def detect(sheet: SheetGrid, ctx: ReadContext) -> Detection | None:
    for r in range(min(HEADER_SEARCH_ROWS, sheet.n_rows)):
        years = {c: as_year(v) for c, v in enumerate(sheet.rows[r])}
        years = {c: y for c, y in years.items() if y is not None}
        if len(years) >= 1 and min(years) > 0:
            first = min(years)
            # Label columns are left of the first year; at least one row below must carry a label.
            has_labels = any(
                any(sheet.cell(rr, c) is not None for c in range(first))
                for rr in range(r + 1, min(r + 6, sheet.n_rows))
            )
            if has_labels:
                confidence = 0.8 if len(years) >= 2 else 0.6
                return Detection("wide_years", confidence, r, {}, {"years": years, "label_cols": list(range(first))})
    return None


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    out = SheetOutcome(sheet.name, "wide_years")
    years: dict[int, int] = det.extra["years"]
    label_cols: list[int] = det.extra["label_cols"]
    current: str | None = None
    blank_run = 0
    for r in range(det.header_row + 1, sheet.n_rows):
        row = sheet.rows[r]
        values = {c: row[c] for c in years if c < len(row) and row[c] is not None}
        labels = [row[c] if c < len(row) else None for c in label_cols]
        if not values and not any(v is not None for v in labels):
            blank_run += 1
            if blank_run >= 2:
                current = None  # a gap ends an indicator block
            continue
        blank_run = 0
        meaning = resolve_row(labels, current, ctx)
        if meaning.starts_block:
            current = meaning.indicator
        if not values:
            continue
        raw_label = " / ".join(str(v) for v in labels if v is not None)
        for c, year in years.items():
            if c not in values:
                continue
            reading = CellReading(sheet.name, cell_ref(r, c), values[c], f"{raw_label} | {sheet.cell(det.header_row, c)}")
            out.readings.append(reading)
            if meaning.problem or meaning.indicator is None:
                reading.problem = meaning.problem or "no indicator for this row"
                reading.suggestions = meaning.suggestions
                continue
            reading.key.update(meaning.dims)
            reading.key["indicator"] = meaning.indicator
            reading.key["year"] = year
    return out

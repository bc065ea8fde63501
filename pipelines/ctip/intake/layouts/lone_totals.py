"""A total line with one figure under a table whose columns split a breakdown (attack5 J-R).

'Form | Female | Male' over 'Sexual exploitation | 10 | 1', 'Forced labour | 2 | 8', then
'Total victims identified | 21': the one figure stands, as typed, in the first column, but the
label says it counts every victim, both columns together. Such a figure never takes the column's
breakdown by default: it is the table's grand total when that is certain (its cell is merged over
the columns, or it equals the sum of every column's parts), the column's total when it equals that
column's parts, and otherwise it is set aside with the reason."""

from __future__ import annotations

from ctip.intake.layouts.cellkinds import is_figure
from ctip.intake.layouts.colheaders import ColumnMeaning
from ctip.intake.layouts.rowlabels import BodyRow, RowMeaning
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.readings import CellReading
from ctip.intake.values import parse_count


def settle_lone_totals(
    sheet: SheetGrid,
    readings: list[CellReading],
    segment: list[BodyRow],
    meanings: dict[int, RowMeaning],
    columns: dict[int, ColumnMeaning],
) -> None:
    """Re-key or set aside the one figure of each total line of `segment` (rows read into `readings`)."""
    by_cell = {rd.cell: rd for rd in readings}
    for i, row in enumerate(segment):
        m = meanings.get(row.r)
        if m is None or m.problem or m.kind not in ("indicator", "total"):
            continue
        figures = [c for c, v in row.values.items() if c in columns and not columns[c].ignored and is_figure(v)]
        if len(figures) != 1:
            continue
        c = figures[0]
        reading = by_cell.get(cell_ref(row.r, c))
        if reading is None or reading.problem or not reading.key:
            continue
        for dim, code in columns[c].dims.items():
            if code == "total" or dim in m.dims:
                continue
            siblings = _siblings(columns, c, dim)
            if not siblings:
                continue
            parts = _parts(segment[:i], meanings, by_cell, reading, [c, *siblings])
            if parts is None or not any(col in siblings for col, _ in parts):
                continue  # no breakdown rows above filled across the columns: nothing to tell
            _decide(sheet, row, c, siblings, columns, dim, reading, parts)
            break


def _siblings(columns: dict[int, ColumnMeaning], c: int, dim: str) -> list[int]:
    """Columns that differ from column `c` only by their part of `dim` (a Total column included)."""
    col = columns[c]
    rest = {k: v for k, v in col.dims.items() if k != dim}
    out = []
    for c2, m in columns.items():
        if c2 == c or m.problem or m.ignored or m.indicator != col.indicator or m.year != col.year:
            continue
        if m.dims.get(dim) != col.dims[dim] and {k: v for k, v in m.dims.items() if k != dim} == rest:
            out.append(c2)
    return out


def _parts(
    above: list[BodyRow], meanings: dict[int, RowMeaning], by_cell: dict[str, CellReading], total: CellReading, cols: list[int]
) -> list[tuple[int, object]] | None:
    """(column, raw value) of the breakdown rows right above the total line, in `cols`, read as the
    same indicator and year; None when there are none."""
    parts: list[tuple[int, object]] = []
    for row in reversed(above):
        m = meanings.get(row.r)
        if m is None or (not row.values and m.kind == "empty"):
            continue  # a blank row between the table and its total line
        if m.kind != "breakdown" or m.own_indicator:
            break
        for c in cols:
            rd = by_cell.get(cell_ref(row.r, c))
            if rd is None or rd.problem or not rd.key:
                continue
            if rd.key.get("indicator") != total.key.get("indicator") or rd.key.get("year") != total.key.get("year"):
                return None
            parts.append((c, rd.raw_value))
    return parts or None


def _decide(
    sheet: SheetGrid,
    row: BodyRow,
    c: int,
    siblings: list[int],
    columns: dict[int, ColumnMeaning],
    dim: str,
    reading: CellReading,
    parts: list[tuple[int, object]],
) -> None:
    value = parse_count(reading.raw_value).value
    counted = [c] + [s for s in siblings if columns[s].dims.get(dim) not in (None, "total")]
    sums: dict[int, int] = {}
    known = True
    for col, raw in parts:
        p = parse_count(raw)
        if p.kind not in ("count", "nil"):
            known = False
            break
        sums[col] = sums.get(col, 0) + (p.value or 0)
    column_sum = sums.get(c, 0) if known else None
    grand_sum = sum(sums.get(s, 0) for s in counted) if known else None
    if value is not None and value == column_sum:
        return  # the column's own total ('Total | 12' under Female 10 + 2)
    if _merged_over(sheet, row.r, c, siblings) or (value is not None and value == grand_sum):
        del reading.key[dim]  # the table's grand total, every part of the breakdown together
        return
    heads = ", ".join(f"'{columns[s].text}'" for s in [c, *siblings])
    reading.problem = (
        f"a total line with one figure under columns split by {dim} ({heads}): its figure stands in the "
        f"'{columns[c].text}' column but the line may count all of them, and it adds up to neither that column's "
        "figures nor the table's; not stored (write each column's total on the line, or the total in a Total column)"
    )
    reading.key, reading.suggestions = {}, []


def _merged_over(sheet: SheetGrid, r: int, c: int, siblings: list[int]) -> bool:
    """The figure's cell is merged across every other column of the breakdown."""
    for (r0, c0), (r1, c1) in sheet.merged or []:
        if r0 <= r <= r1 and c0 <= c <= c1:
            return all(c0 <= s <= c1 for s in siblings)
    return False

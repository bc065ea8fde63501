"""The annotated copy sent back to the sender: `annotated.xlsx`.

A new workbook written with openpyxl from the values as read (the SheetGrids), never a re-save
of the sender's file: no macros, links, formulas or hidden objects travel back. The first sheet
explains the colours; then one sheet per sheet of the submission, each cell at its original
address:

- a cell that became an observation is filled green, with a comment giving its canonical key,
  e.g. `victims_detected · 2021 · female · child · total · total = 12`;
- a cell that could not be used is filled red, with the reason as its comment;
- a region removed as personal data (ctip.intake.privacy) is written blank and grey, its first
  cell commented "personal data removed (names, ...)" in the sender's language: the sheets as
  read were blanked before anything was extracted, so there is nothing of it to copy.

Every text goes through ctip.safety.safe_cell, so nothing the sender wrote becomes a live
formula. Written in openpyxl's write-only mode (rows streamed, constant memory)."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from ctip.atomic import atomic_write
from ctip.feedback.summary import advice, feedback_language
from ctip.feedback.words import phrases
from ctip.intake import privacy
from ctip.intake.read import SheetGrid
from ctip.safety import safe_cell
from ctip.schema import DIMENSIONS
from ctip.stage.submission import SubmissionResult

MAX_ANNOTATED_CELLS = 30_000  # cells copied over all sheets; larger submissions are shown in part
MAX_COMMENTS = 2_000  # comments are costly to write (VML shapes); further marked cells are only coloured
AUTHOR = "ctip"
GREEN = PatternFill("solid", fgColor="C6EFCE")
RED = PatternFill("solid", fgColor="FFC7CE")
GREY = PatternFill("solid", fgColor="D9D9D9")
_INVALID_TITLE = re.compile(r"[\\/?*\[\]:\x00-\x1f]")
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


def _position(ref: object) -> tuple[int, int] | None:
    m = _REF.match(str(ref or ""))
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


_NUMBER_TEXT = re.compile(r"^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,10})?$")


def shown(value: object) -> object:
    """A cell value as the annotated copy shows it: numbers written as text in a text table
    become numbers again (no 'number stored as text' warnings); everything else via safe_cell."""
    if value.__class__ is str and _NUMBER_TEXT.match(value):
        return float(value) if "." in value else int(value)
    return safe_cell(value)


def observation_key(row) -> str:
    """`victims_detected · 2021 · female · child · total · total = 12`."""
    value = row.get("value")
    figure = "suppressed" if value is None or str(value) in ("", "<NA>", "nan", "None") else str(value)
    text = " · ".join(str(row.get(k)) for k in ("indicator", "year", *DIMENSIONS)) + f" = {figure}"
    flag = row.get("flag")
    if flag and str(flag) not in ("", "<NA>", "None", "nan") and not (figure == "suppressed" and flag == "suppressed"):
        text += f" ({flag})"
    return text


def _column(frame, name: str) -> list:
    return frame[name].tolist() if name in frame.columns else [None] * len(frame)


def annotations(result: SubmissionResult) -> dict[str, dict[tuple[int, int], tuple[str, list[str]]]]:
    """sheet -> (row, col) -> ('ok' | 'bad', comment lines)."""
    out: dict[str, dict[tuple[int, int], tuple[str, list[str]]]] = {}
    obs = result.observations
    if len(obs):
        names = ["source_sheet", "source_cell", "indicator", "year", *DIMENSIONS, "value", "flag"]
        for values in zip(*(_column(obs, n) for n in names)):
            row = dict(zip(names, values))
            pos = _position(row["source_cell"])
            if pos is None:
                continue
            sheet = out.setdefault(str(row["source_sheet"]), {})
            kind, lines = sheet.get(pos, ("ok", []))
            lines.append(observation_key(row))
            sheet[pos] = (kind, lines)
    q = result.quarantine
    if len(q):
        for sheet_name, cell, reason in zip(_column(q, "source_sheet"), _column(q, "source_cell"), _column(q, "reason")):
            pos = _position(cell)
            if pos is None:
                continue
            sheet = out.setdefault(str(sheet_name), {})
            _, lines = sheet.get(pos, ("bad", []))
            lines.append(str(reason))
            sheet[pos] = ("bad", lines)  # a cell with any problem shows red
    return out


def sheet_title(name: str, taken: set[str], fallback: str) -> str:
    """A valid, unique worksheet title (Excel: 31 characters, none of \\ / ? * [ ] :)."""
    title = _INVALID_TITLE.sub("_", str(name)).strip().strip("'") or fallback
    title = title[:31]
    base, n = title, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def _comment(lines: list[str]) -> Comment:
    text = "\n".join(safe_cell(line) for line in lines[:5])
    if len(lines) > 5:
        text += f"\n… (+{len(lines) - 5})"
    text = text[:2000]
    comment = Comment(text, AUTHOR)
    comment.width = 320
    comment.height = min(400, 40 + 16 * (1 + len(text) // 45) + 16 * text.count("\n"))
    return comment


def write_annotated(result: SubmissionResult, grids: list[SheetGrid], path: Path) -> Path:
    """Write the annotated copy of the sheets as read to `path` (returned): a feedback sheet first, then
    each sheet with used cells green and unusable cells red, comments in the sender's language. Only
    MAX_ANNOTATED_CELLS cells are copied over all sheets, so a huge submission is shown in part."""
    path = Path(path)
    lang = feedback_language(result)
    p = phrases(lang)
    notes = annotations(result)
    wb = Workbook(write_only=True)
    taken: set[str] = set()

    # How many rows of each sheet fit in the budget.
    budget = MAX_ANNOTATED_CELLS
    plan = []
    for grid in grids:
        if grid.kind == "chart":
            continue
        width = max(1, grid.n_cols)
        rows = min(grid.n_rows, max(0, budget // width))
        budget -= rows * width
        plan.append((grid, rows))

    # The first sheet: status, message and the legend.
    sub = result.submission
    ws = wb.create_sheet(sheet_title(p["feedback_sheet"], taken, "Feedback"))
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 110
    bold = Font(bold=True)

    def label(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=safe_cell(text))
        cell.font = bold
        return cell

    ws.append([label(f"{p['title']} {sub['submission_id']}")])
    ws.append([label(p["file"]), safe_cell(sub["source_file"])])
    ws.append([label(p["status"]), safe_cell(p.get(sub["status"], sub["status"]))])
    ws.append([label(p["stored"]), sub["n_observations"]])
    ws.append([label(p["unused"]), sub["n_quarantined"]])
    ws.append([label(p["na"]), result.n_not_available])
    ws.append([label(p["details"]), safe_cell(sub["message"])])
    tip = advice(result, lang)
    if tip:
        ws.append([label(p["what_to_do"]), safe_cell(tip)])
    ws.append([])
    ok = WriteOnlyCell(ws, value=None)
    ok.fill = GREEN
    bad = WriteOnlyCell(ws, value=None)
    bad.fill = RED
    ws.append([ok, safe_cell(p["legend_ok"])])
    ws.append([bad, safe_cell(p["legend_bad"])])
    if result.privacy:
        removed = WriteOnlyCell(ws, value=None)
        removed.fill = GREY
        ws.append([removed, safe_cell(privacy.explain(result.privacy, lang))])
    ws.append([])
    n_marked = sum(len(v) for v in notes.values())
    if n_marked > MAX_COMMENTS:
        ws.append([None, safe_cell(f"{MAX_COMMENTS:,} / {n_marked:,}: report.json")])
    for grid, rows in plan:
        if rows < grid.n_rows:
            ws.append([safe_cell(grid.name), safe_cell(p["capped"].format(n=f"{rows:,}"))])

    n_comments = 0
    for i, (grid, n_rows) in enumerate(plan, 1):
        ws = wb.create_sheet(sheet_title(grid.name, taken, f"Sheet{i}"))
        marks = dict(notes.get(grid.name, {}))
        for f in result.privacy:
            if f.sheet != grid.name:
                continue
            comment = privacy.cell_comment(f, lang)
            for r in range(f.rows[0], min(f.rows[1] + 1, n_rows)):
                for c in range(f.cols[0], f.cols[1] + 1):
                    marks[(r, c)] = ("removed", [comment] if (r, c) == (f.rows[0], f.cols[0]) else [])
        by_row: dict[int, dict[int, tuple[str, list[str]]]] = {}
        for (r, c), mark in marks.items():
            by_row.setdefault(r, {})[c] = mark
        for r in range(n_rows):
            src = grid.rows[r]
            row_marks = by_row.get(r)
            end = len(src)
            while end and src[end - 1] is None:
                end -= 1
            if row_marks:
                end = max(end, max(row_marks) + 1)
            values = [shown(src[c]) if c < len(src) else None for c in range(end)]
            if row_marks:
                for c, (kind, lines) in row_marks.items():
                    if kind == "removed":
                        cell = WriteOnlyCell(ws, value=None)
                        cell.fill = GREY
                        if lines:
                            cell.comment = _comment(lines)
                        values[c] = cell
                        continue
                    cell = WriteOnlyCell(ws, value=values[c])
                    cell.fill = GREEN if kind == "ok" else RED
                    if n_comments < MAX_COMMENTS:
                        cell.comment = _comment(lines)
                        n_comments += 1
                    values[c] = cell
            ws.append(values)
    with atomic_write(path) as tmp:
        wb.save(tmp)
    return path

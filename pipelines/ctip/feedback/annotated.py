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
formula. Written by ctip.feedback.xlsx (the same parts openpyxl's write-only mode writes, as
strings), or by openpyxl when a value is of a kind that writer leaves to it."""

from __future__ import annotations

import re
from pathlib import Path

from ctip.atomic import atomic_write
from ctip.feedback import xlsx
from ctip.feedback.columns import column
from ctip.feedback.problems import detail, kind_of
from ctip.feedback.summary import advice, details, feedback_language
from ctip.feedback.words import phrases
from ctip.feedback.xlsx import Sheet, Styled
from ctip.intake import privacy
from ctip.intake.read import SheetGrid
from ctip.safety import safe_cell
from ctip.schema import DIMENSIONS
from ctip.stage.submission import SubmissionResult

MAX_ANNOTATED_CELLS = 30_000  # cells copied over all sheets; larger submissions are shown in part
MAX_COMMENTS = 2_000  # comments are costly to write (VML shapes); further marked cells are only coloured
AUTHOR = "ctip"
COMMENT_WIDTH = 320
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
    return column(frame, name) if name in frame.columns else [None] * len(frame)


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
            kind = kind_of(str(reason))[0]
            # a held-back figure is told in the sender's language (attack3 H-R)
            lines.append(detail(kind, feedback_language(result), str(reason)) if kind == "held_back" else str(reason))
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


def _comment(lines: list[str]) -> tuple[str, int]:
    """The comment's text and height (its width is fixed)."""
    text = "\n".join(safe_cell(line) for line in lines[:5])
    if len(lines) > 5:
        text += f"\n… (+{len(lines) - 5})"
    text = text[:2000]
    return text, min(400, 40 + 16 * (1 + len(text) // 45) + 16 * text.count("\n"))


def _marked(value: object, style: str, lines: list[str] | None) -> Styled:
    if lines is None:
        return Styled(value, style)
    text, height = _comment(lines)
    return Styled(value, style, text, COMMENT_WIDTH, height)


def annotated_sheets(result: SubmissionResult, grids: list[SheetGrid]) -> list[Sheet]:
    """The annotated copy's sheets, cell by cell: a feedback sheet first, then each sheet with used
    cells green and unusable cells red, comments in the sender's language. Only
    MAX_ANNOTATED_CELLS cells are copied over all sheets, so a huge submission is shown in part."""
    lang = feedback_language(result)
    p = phrases(lang)
    notes = annotations(result)
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

    def label(text: str) -> Styled:
        return Styled(safe_cell(text), "bold")

    first: list[list[object]] = [
        [label(f"{p['title']} {sub['submission_id']}")],
        [label(p["file"]), safe_cell(sub["source_file"])],
        [label(p["status"]), safe_cell(p.get(sub["status"], sub["status"]))],
        [label(p["stored"]), sub["n_observations"]],
        [label(p["unused"]), sub["n_quarantined"]],
        [label(p["na"]), result.n_not_available],
        [label(p["details"]), safe_cell(details(result))],
    ]
    tip = advice(result, lang)
    if tip:
        first.append([label(p["what_to_do"]), safe_cell(tip)])
    first.append([])
    first.append([Styled(None, "ok"), safe_cell(p["legend_ok"])])
    first.append([Styled(None, "bad"), safe_cell(p["legend_bad"])])
    if result.privacy:
        first.append([Styled(None, "removed"), safe_cell(privacy.explain(result.privacy, lang))])
    first.append([])
    n_marked = sum(len(v) for v in notes.values())
    if n_marked > MAX_COMMENTS:
        first.append([None, safe_cell(f"{MAX_COMMENTS:,} / {n_marked:,}: report.json")])
    for grid, rows in plan:
        if rows < grid.n_rows:
            first.append([safe_cell(grid.name), safe_cell(p["capped"].format(n=f"{rows:,}"))])
    sheets = [Sheet(sheet_title(p["feedback_sheet"], taken, "Feedback"), first, {1: 22, 2: 110})]

    n_comments = 0
    for i, (grid, n_rows) in enumerate(plan, 1):
        title = sheet_title(grid.name, taken, f"Sheet{i}")
        marks = dict(notes.get(grid.name, {}))
        for f in result.privacy:
            if f.sheet != grid.name or f.how == "sheet_name":  # a sheet's name: no cell to grey
                continue
            comment = privacy.cell_comment(f, lang)
            for r in range(f.rows[0], min(f.rows[1] + 1, n_rows)):
                for c in range(f.cols[0], f.cols[1] + 1):
                    marks[(r, c)] = ("removed", [comment] if (r, c) == (f.rows[0], f.cols[0]) else [])
        by_row: dict[int, dict[int, tuple[str, list[str]]]] = {}
        for (r, c), mark in marks.items():
            by_row.setdefault(r, {})[c] = mark
        rows_out = []
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
                        values[c] = _marked(None, "removed", lines or None)
                        continue
                    values[c] = _marked(values[c], "ok" if kind == "ok" else "bad", lines if n_comments < MAX_COMMENTS else None)
                    if n_comments < MAX_COMMENTS:
                        n_comments += 1
            rows_out.append(values)
        sheets.append(Sheet(title, rows_out))
    return sheets


def write_annotated(result: SubmissionResult, grids: list[SheetGrid], path: Path) -> Path:
    """Write the annotated copy of the sheets as read to `path` (returned)."""
    path = Path(path)
    sheets = annotated_sheets(result, grids)
    with atomic_write(path) as tmp:
        if xlsx.fits(sheets):
            xlsx.write_workbook(sheets, tmp, AUTHOR)
        else:  # values the small writer does not write (dates, decimals...): openpyxl
            write_with_openpyxl(sheets, tmp)
    return path


def write_with_openpyxl(sheets: list[Sheet], path: Path) -> None:
    """The same workbook written by openpyxl's write-only mode (any kind of value)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment

    styles = xlsx.styles()
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        for c, width in sheet.widths.items():
            ws.column_dimensions[xlsx.column_letter(c)].width = width
        for row in sheet.rows:
            values = []
            for v in row:
                if v.__class__ is Styled:
                    cell = WriteOnlyCell(ws, value=v.value)
                    font, fill = styles[v.style]
                    if font is not None:
                        cell.font = font
                    if fill is not None:
                        cell.fill = fill
                    if v.comment is not None:
                        comment = Comment(v.comment, AUTHOR)
                        comment.width = v.comment_width
                        comment.height = v.comment_height
                        cell.comment = comment
                    v = cell
                values.append(v)
            ws.append(values)
    wb.save(path)

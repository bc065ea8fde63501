"""How many cells a file will expand to, known before it is expanded, and the budgets they are
checked against.

A spreadsheet can declare far more cells than it holds bytes: an 846-byte ODS saying "this cell,
repeated 2,000 times across and 2,000 times down" expands to 4 million cells, and every cell
read costs time and memory downstream (about a kilobyte and a hundred microseconds each). So the
extent each sheet will have once loaded is worked out from the file's own declarations, without
expanding anything:

* ODS: `table:number-rows-repeated` / `table:number-columns-repeated`, summed while streaming
  content.xml out of the zip (with a byte cap), keeping only the box that holds content;
* xlsx: every worksheet part's row and cell references, streamed (`read._sheet_extent`);
* csv/txt: the line count and the widest of the lines, from the text;
* xls, xlsb: the sheet's extent as calamine reports it, before any cell becomes a Python object.

The cost of a sheet is what the reader would load: min(rows, MAX_ROWS_PER_SHEET) x
min(columns, MAX_COLS_PER_SHEET). A file may load at most MAX_FILE_CELLS cells (1 million by
default: UNODC's whole GLOTIP export, the largest real file, loads 605,254), and one run at most
MAX_RUN_CELLS (50 million) across the files it reads; a file over the run's budget is left for
the next run (not cached as rejected). Both are overridable like the other limits
(CTIP_MAX_FILE_CELLS, CTIP_MAX_RUN_CELLS)."""

from __future__ import annotations

import contextlib
import contextvars
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ctip import settings

_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = f"{{{_TABLE_NS}}}table"
_ROW = f"{{{_TABLE_NS}}}table-row"
_CELL = f"{{{_TABLE_NS}}}table-cell"
_COVERED = f"{{{_TABLE_NS}}}covered-table-cell"
_ROWS_REPEATED = f"{{{_TABLE_NS}}}number-rows-repeated"
_COLS_REPEATED = f"{{{_TABLE_NS}}}number-columns-repeated"
_NAME = f"{{{_TABLE_NS}}}name"
_VALUE_TYPE = f"{{{_OFFICE_NS}}}value-type"


@dataclass(frozen=True)
class SheetExtent:
    name: str
    rows: int  # rows from the top to the last row holding content
    cols: int  # columns from the left to the last column holding content

    @property
    def cells(self) -> int:
        return self.rows * self.cols


class ExtentUnknown(Exception):
    """The declarations could not be read (damaged XML, over the byte cap)."""


def _repeat(el: ET.Element, attr: str) -> int:
    raw = el.get(attr)
    if not raw:
        return 1
    try:
        return max(1, int(raw))
    except ValueError:
        return 1


def ods_extents(stream, max_bytes: int) -> list[SheetExtent]:
    """Each table's content extent in an ODS content.xml, streamed in chunks (at most
    `max_bytes` read). Empty cells repeated to the end of a row, or empty rows repeated to the end
    of the sheet (as LibreOffice writes them), do not count; repeated cells with a value do."""
    parser = ET.XMLPullParser(events=("start", "end"))
    extents: list[SheetExtent] = []
    name = ""
    row_pos = col_pos = 0
    last_row = last_col = 0
    row_last_col = 0
    depth = 0  # nested tables (sub-tables) are counted with their parent
    n_read = 0
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        n_read += len(chunk)
        if n_read > max_bytes:
            raise ExtentUnknown(f"content.xml is larger than {max_bytes:,} bytes")
        try:
            parser.feed(chunk)
            events = list(parser.read_events())
        except ET.ParseError as exc:
            raise ExtentUnknown(str(exc)) from exc
        for event, el in events:
            tag = el.tag
            if event == "start":
                if tag == _TABLE:
                    depth += 1
                    if depth == 1:
                        name = el.get(_NAME, "")
                        row_pos = last_row = last_col = 0
                elif tag == _ROW and depth == 1:
                    col_pos = row_last_col = 0
                continue
            # end events: the element and its children are complete.
            if depth == 1 and tag in (_CELL, _COVERED):
                n = _repeat(el, _COLS_REPEATED)
                if el.get(_VALUE_TYPE) is not None or len(el):
                    row_last_col = col_pos + n
                col_pos += n
                el.clear()
            elif depth == 1 and tag == _ROW:
                n = _repeat(el, _ROWS_REPEATED)
                if row_last_col:
                    last_row = row_pos + n
                    last_col = max(last_col, row_last_col)
                row_pos += n
                el.clear()
            elif tag == _TABLE:
                if depth == 1:
                    extents.append(SheetExtent(name, last_row, last_col))
                depth -= 1
                el.clear()
    try:
        parser.close()
    except ET.ParseError as exc:
        raise ExtentUnknown(str(exc)) from exc
    return extents


def text_extent(text: str, delimiter: str) -> tuple[int, int]:
    """(lines, widest line in fields) of a text table: an upper bound (a delimiter inside quotes
    counts), computed with C-speed string methods."""
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    widest = 0
    if delimiter:
        widest = max((line.count(delimiter) for line in text.splitlines()), default=0) + 1
    return lines, widest


def loaded_cells(rows: int, cols: int, max_rows: int, max_cols: int) -> int:
    """Cells the reader would load for a sheet of rows x cols, given its row and column caps."""
    return min(rows, max_rows) * min(cols, max_cols)


# -- the run's budget ----------------------------------------------------------------------------


class RunBudget:
    """Cells read so far in one run, against MAX_RUN_CELLS."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0

    def remaining(self) -> int:
        return max(0, self.limit - self.used)


_RUN: contextvars.ContextVar[RunBudget | None] = contextvars.ContextVar("ctip_run_budget", default=None)


@contextlib.contextmanager
def run_budget(limit: int | None = None):
    """Count the cells read by every file in the block against one budget (a run)."""
    if limit is None:
        limit = int(settings.get("max_run_cells"))
    token = _RUN.set(RunBudget(limit))
    try:
        yield _RUN.get()
    finally:
        _RUN.reset(token)


def current_run() -> RunBudget | None:
    """The budget of the enclosing `run_budget` block, or None outside one (a single file: no run budget)."""
    return _RUN.get()

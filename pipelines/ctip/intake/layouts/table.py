"""Finding a table on a sheet: the header band (one or more header rows above the figures), the
label columns on its left, and the title rows above it.

A header row is a row without figures whose cells name years, indicators or breakdown values,
standing above columns that hold figures. The rows right below it that also name such things
belong to the same band (two-row headers: a year over Female / Male / Total). A cell of an upper
header row spans the columns of its merged range, or else the columns to its right up to the
next cell of that row, as long as the labels below it do not repeat (so a trailing "Total"
column after the last year is not taken for that year's)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ctip.intake.layouts.cellkinds import Label, classify, is_figure
from ctip.intake.layouts.docdates import date_label, names_a_document_date, without_document_dates
from ctip.intake.layouts.headers import as_year, names_no_single_year, without_law_years, year_in_text
from ctip.intake.layouts.months import months_of
from ctip.intake.layouts.titles import title_dims, title_indicators
from ctip.intake.read import SheetGrid
from ctip.vocabulary.labels import LabelIndex
from ctip.vocabulary.normalise import normalise

HEADER_SEARCH_ROWS = 40
LOOKAHEAD_ROWS = 15


class SheetView:
    """A sheet's cells classified once, row by row, on demand."""

    def __init__(self, sheet: SheetGrid, labels: LabelIndex):
        self.sheet = sheet
        self.labels = labels
        self._labels: dict[int, dict[int, Label]] = {}
        self._figures: dict[int, frozenset[int]] = {}
        self.merges = _merge_index(sheet)

    @property
    def n_rows(self) -> int:
        return self.sheet.n_rows

    def value(self, r: int, c: int) -> object:
        return self.sheet.cell(r, c)

    def labels_of(self, r: int) -> dict[int, Label]:
        if r not in self._labels:
            row = self.sheet.rows[r] if r < self.sheet.n_rows else []
            labels = self.labels  # classify gives None for an empty cell only
            self._labels[r] = {c: classify(v, labels) for c, v in enumerate(row) if v is not None}
        return self._labels[r]

    def plain_figures(self, r: int) -> frozenset[int]:
        """Columns of row r holding figures that cannot be labels (not years, not known words)."""
        if r not in self._figures:
            row = self.sheet.rows[r] if r < self.sheet.n_rows else []
            labs = self.labels_of(r)
            self._figures[r] = frozenset(c for c, v in enumerate(row) if c in labs and labs[c].kind in ("number", "neutral") and is_figure(v))
        return self._figures[r]

    def figure_columns(self, r0: int, r1: int) -> set[int]:
        """Columns holding figures in rows r0..r1, up to the first blank row after figures (a
        table is contiguous: a column filled further down, after a gap, is not part of it)."""
        cols: set[int] = set()
        for r in range(max(r0, 0), min(r1, self.n_rows)):
            if cols and self.is_blank(r):
                break
            cols |= self.plain_figures(r)
        return cols

    def is_blank(self, r: int) -> bool:
        return not self.labels_of(r)

    def next_nonblank(self, r: int, limit: int = 5) -> int | None:
        for rr in range(r, min(r + limit, self.n_rows)):
            if not self.is_blank(rr):
                return rr
        return None


def _merge_index(sheet: SheetGrid) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Top-left cell of each merged range -> (r0, c0, r1, c1)."""
    index = {}
    for (r0, c0), (r1, c1) in sheet.merged or []:
        index[(r0, c0)] = (r0, c0, r1, c1)
    return index


@dataclass
class Band:
    """The header of a table: its rows, the columns it labels, and what stands in its corner."""

    rows: list[int]
    first_data_col: int
    last_data_col: int
    columns: dict[int, list[Label | None]]  # data column -> its label in each band row, spans filled
    corner: list[Label] = field(default_factory=list)  # axis labels in the band, left of the data columns
    # month or quarter headers left of the data columns, over figures ('Q1 | Q2 | Q3 | Total': 'Q1' reads
    # as a question number, so the table starts at 'Total'): the Total covers only them (attack6 K-O)
    periods_left: list[str] = field(default_factory=list)

    @property
    def body_start(self) -> int:
        return self.rows[-1] + 1

    @property
    def kind(self) -> str:
        labels = [lab for col in self.columns.values() for lab in col if lab is not None]
        if any(lab.year is not None for lab in labels):
            return "wide_years"
        if any(lab.kind == "indicator" for lab in labels):
            return "transposed"
        return "wide_dims"


def is_header_row(view: SheetView, r: int, data_cols: set[int]) -> bool:
    """A row inside a table's body that repeats a header (a block per indicator, each with its own header)."""
    row = view.sheet.rows[r] if r < view.n_rows else []
    cells = [row[c] for c in data_cols if c < len(row) and row[c] is not None]
    if not cells or any(isinstance(v, (int, float)) and not isinstance(v, bool) and as_year(v) is None for v in cells):
        return False  # figures: a row of the body, not a header
    if view.plain_figures(r):
        return False
    labs = view.labels_of(r)
    axis = [c for c, lab in labs.items() if lab.is_axis and c in data_cols]
    return len(axis) >= max(1, len(data_cols) // 2)


def find_band(view: SheetView, start: int = 0, stop: int | None = None) -> Band | None:
    """The first header band between `start` and `stop` (default: HEADER_SEARCH_ROWS rows): rows of
    labels naming an axis of the schema over columns of figures; None if there is none."""
    stop = min(view.n_rows, stop if stop is not None else start + HEADER_SEARCH_ROWS)
    for r in range(start, stop):
        labs = view.labels_of(r)
        if not labs or view.plain_figures(r):
            continue
        # 'Trafficking in persons | Smuggling of migrants' over figures: the trafficking column is an
        # axis of the table (its figures are trafficking figures), the other crime's is set aside.
        axis = [c for c, lab in labs.items() if lab.is_axis or lab.kind == "subject"]
        if not axis:
            continue
        below = view.figure_columns(r + 1, r + 1 + LOOKAHEAD_ROWS)
        over = sorted(c for c in axis if c in below)
        if not over:
            continue
        # 'FY2020/21 | FY2021/22 | Calendar year 2021': cells set aside (financial years, rates) are
        # header cells too, so one year beside them is a header, not a stray cell
        noise = [c for c, lab in labs.items() if lab.kind == "noise" and c in below]
        if len(over) == 1 and not noise and not _single_header_cell(view, r, over[0], below):
            continue
        rows = [r]
        rr = r + 1
        while rr < view.n_rows and _header_like(view, rr, below):
            rows.append(rr)
            rr += 1
        # A header cell over figures that names another crime or trafficking itself ('Murder | Robbery |
        # Trafficking in persons | Total') is a data column too, even though it is no axis of the schema.
        first = min(c for b in rows for c, lab in view.labels_of(b).items() if (lab.is_axis or lab.kind in ("noise", "subject")) and c in below)
        return _build_band(view, rows, first, below)
    return None


def _header_like(view: SheetView, r: int, below: set[int]) -> bool:
    if view.is_blank(r) or view.plain_figures(r):
        return False
    if any(lab.is_axis and c in below for c, lab in view.labels_of(r).items()):
        return True
    # 'Reported | Cleared up' under each year: words over every figure column, so it is the
    # header's lower level (its words, known or not, are read as the columns' labels)
    return len(below) >= 2 and all(isinstance(v := view.value(r, c), str) and v.strip() and not is_figure(v) for c in below)


def _single_header_cell(view: SheetView, r: int, c: int, below: set[int]) -> bool:
    """One year or category over one column is a header when another header row follows, or when
    the first figures below stand in its column with only row labels in between."""
    nxt = view.next_nonblank(r + 1)
    if nxt is None:
        return False
    if _header_like(view, nxt, below):
        return True
    for rr in range(r + 1, min(r + 1 + LOOKAHEAD_ROWS, view.n_rows)):
        if view.plain_figures(rr):
            return c in view.plain_figures(rr)
        if any(cc >= c for cc in view.labels_of(rr)):
            return False
    return False


def _build_band(view: SheetView, rows: list[int], first: int, below: set[int]) -> Band:
    header_cols = {c for b in rows for c in view.labels_of(b) if c >= first}
    last = max(header_cols | {c for c in below if c >= first})
    grid: list[dict[int, Label | None]] = [{c: view.labels_of(b).get(c) for c in range(first, last + 1)} for b in rows]
    # Spans of upper header cells, from the row above the lowest upwards: a cell spans its merged
    # range, or else the columns to its right while the labels below it do not repeat.
    for i in range(len(rows) - 2, -1, -1):
        filled: dict[int, Label | None] = {}
        starts = sorted(c for c, lab in grid[i].items() if lab is not None)
        for k, p in enumerate(starts):
            merge = view.merges.get((rows[i], p))
            if merge:
                for c in range(p, min(merge[3], last) + 1):
                    filled[c] = grid[i][p]
                continue
            nxt = starts[k + 1] if k + 1 < len(starts) else last + 1
            seen = set()
            for c in range(p, nxt):
                below_c = tuple(grid[j].get(c) for j in range(i + 1, len(rows)))
                key = tuple(_key(lab) if lab is not None else None for lab in below_c)
                if c > p and (all(lab is None for lab in below_c) or key in seen):
                    break
                seen.add(key)
                filled[c] = grid[i][p]
        grid[i] = {c: filled.get(c) for c in range(first, last + 1)}
    columns = {c: [grid[i][c] for i in range(len(rows))] for c in range(first, last + 1)}
    columns = {c: labs for c, labs in columns.items() if any(lab is not None for lab in labs) or c in below}
    corner = [lab for b in rows for c, lab in view.labels_of(b).items() if c < first and lab.is_axis]
    periods = [str(view.value(b, c)) for b in rows for c in view.labels_of(b) if c < first and c in below and months_of(view.value(b, c)) is not None]
    return Band(rows, first, last, columns, corner, periods)


def _key(label: Label) -> tuple:
    return (label.kind, label.dims, label.indicator, label.year, normalise(label.text) if label.kind == "unknown" else "")


@dataclass
class Title:
    """What the rows above a table say: its year, and perhaps its indicator."""

    years: set[int] = field(default_factory=set)
    lead: Label | None = None  # the row right above the header names exactly one indicator
    mentioned: set[str] = field(default_factory=set)  # indicators named anywhere in the titles
    dims: dict[str, str] = field(default_factory=dict)  # breakdown every figure has ('Child victims ...')
    texts: list[str] = field(default_factory=list)  # the title's words as written
    dated: bool = False  # a title gives the date of the document ('Updated: March 2022'), no year of figures


# Why figures take no year from a title that gives only the document's date (grouped as no_year by
# feedback.problems). The date itself is not quoted: a full date in a message reads as a birth date.
DATED_TITLE = (
    "no year for this figure: the title gives the date the report was prepared, updated, extracted or sent, "
    "which is not the year its figures count; write the year of the figures in the title (e.g. 'Victims "
    "identified 2021') or in mapping.yaml (tables: year)"
)


def read_title(view: SheetView, start: int, end: int, labels: LabelIndex) -> Title:
    """What the rows from `start` to `end` (above a table) say: years, indicators named, breakdowns
    shared by every figure. Several years in one title add -1 (no single year); two titles giving the
    same dimension different parts give it none."""
    title = Title()
    last_row: list[object] | None = None
    for r in range(start, end):
        row = [v for v in (view.sheet.rows[r] if r < view.n_rows else []) if v is not None]
        if not row:
            continue
        last_row = row
        for i, v in enumerate(row):
            year = as_year(v) if isinstance(v, (int, float)) else year_in_text(str(v))
            if year is not None and i > 0 and date_label(row[i - 1]) and not isinstance(v, str):
                title.dated = True  # 'Date: | 2023' (a date shown as its year): the document's, not the figures' (J-G)
                continue
            if year is not None:
                title.years.add(year)
            if isinstance(v, str):
                title.texts.append(v)
                title.dated = title.dated or names_a_document_date(v)
                named, dims = _title_text(v, labels) if len(v) <= 500 else _title_text.__wrapped__(v, labels)
                title.mentioned |= named
                for k, code in dims:
                    title.dims[k] = code if title.dims.get(k, code) == code else ""
        # Several years in one title ("2019-2023") name no single year.
        texts = [without_law_years(without_document_dates(v)) for v in row if isinstance(v, str)]
        if any(year_in_text(t) is None and (len(_years(t)) > 1 or names_no_single_year(t)) for t in texts):
            title.years.add(-1)
    title.dims = {k: code for k, code in title.dims.items() if code}  # two titles, two values: none
    if last_row is not None and len(last_row) == 1:
        lab = classify(last_row[0], labels)
        if lab is not None and lab.kind == "indicator" and not lab.part_of:
            title.lead = lab
    return title


@lru_cache(maxsize=20_000)
def _title_text(text: str, labels: LabelIndex) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """(indicators, breakdown values) one title text names, cached: the same titles come back file
    after file of a folder, and every layout detector reads the title above its table."""
    named = title_indicators(text, labels)
    if len(named) > 1:
        named = _named_by_a_part(text, labels) or named
    return frozenset(named), tuple(title_dims(text, labels).items())


def _named_by_a_part(text: str, labels: LabelIndex) -> set[str]:
    """'IBESR - enfants victimes de traite pris en charge': words of one indicator inside another's
    ('victimes' in 'victimes ... pris en charge'); the part that reads as one label decides."""
    found = set()
    for part in re.split(r"\s+[-–—]\s+|:|;|,", text):
        m = labels.indicator(part)
        if m.ok and m.indicator:
            found.add(m.indicator)
    return found if len(found) == 1 else set()


_DATE = re.compile(r"(?<!\d)(?:(?:19|20)\d\d[-_.]?[01]\d[-_.]?[0-3]\d|[0-3]?\d[-_.][01]?\d[-_.](?:19|20)\d\d)(?!\d)")


def file_year(ctx) -> int | None:
    """The year a file name gives, unless it is part of a date (the day the file was sent)."""
    if not ctx.file_name:
        return ctx.year_hint
    stem = Path(ctx.file_name).stem
    if _DATE.search(stem):
        return None
    return year_in_text(stem)


def _years(text: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)}

"""Finding a table on a sheet: the header band (one or more header rows above the figures), the
label columns on its left, and the title rows above it.

A header row is a row without figures whose cells name years, indicators or breakdown values,
standing above columns that hold figures. The rows right below it that also name such things
belong to the same band (two-row headers: a year over Female / Male / Total). A cell of an upper
header row spans the columns of its merged range, or else the columns to its right up to the
next cell of that row, as long as the labels below it do not repeat (so a trailing "Total"
column after the last year is not taken for that year's). Cells written in the middle of their
group (centred without merging) cover the repetition of the labels below that holds them."""

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
    moved = _corner_group(view, rows, first, grid)
    # Spans of upper header cells, from the row above the lowest upwards: a cell spans its merged
    # range, or else the columns to its right while the labels below it do not repeat.
    for i in range(len(rows) - 2, -1, -1):
        filled: dict[int, Label | None] = {}
        source: dict[int, int] = {}  # column -> the column of the upper cell it was given
        starts = sorted(c for c, lab in grid[i].items() if lab is not None)
        keys = {c: _below_key(grid, i, c) for c in range(first, last + 1)}
        merged = {p for p in starts if view.merges.get((rows[i], p))}
        for k, p in enumerate(starts):
            merge = view.merges.get((rows[i], p))
            if merge:
                for c in range(p, min(merge[3], last) + 1):
                    filled[c], source[c] = grid[i][p], p
                continue
            nxt = starts[k + 1] if k + 1 < len(starts) else last + 1
            seen = set()
            for c in range(p, nxt):
                key = keys[c]
                if c > p and (key is None or key in seen):
                    break
                seen.add(key)
                filled[c], source[c] = grid[i][p], p
        filled = _centred_groups(grid[i], keys, starts, merged, filled, source)
        grid[i] = {c: filled.get(c) for c in range(first, last + 1)}
    columns = {c: [grid[i][c] for i in range(len(rows))] for c in range(first, last + 1)}
    columns = {c: labs for c, labs in columns.items() if any(lab is not None for lab in labs) or c in below}
    corner = [lab for b in rows for c, lab in view.labels_of(b).items() if c < first and lab.is_axis and (b, c) not in moved]
    periods = [str(view.value(b, c)) for b in rows for c in view.labels_of(b) if c < first and c in below and months_of(view.value(b, c)) is not None]
    return Band(rows, first, last, columns, corner, periods)


def _corner_group(view: SheetView, rows: list[int], first: int, grid: list[dict[int, Label | None]]) -> set[tuple[int, int]]:
    """'Victims identified, 2021' in the label column's top cell, 'Victims identified, 2022' over E:F,
    Female | Male under each, a blank column between: the corner cell is the group header of the
    first group (B:C), not the table's title; it is moved over the first data column so that the
    first group keeps its own year (attack6 K-X). Only when both cells are the same kind of label
    naming the same indicator (if any) and each a year, the years differ, and the groups' lower
    headers repeat one another. Returns the (row, column) cells moved."""
    moved: set[tuple[int, int]] = set()
    for i in range(len(rows) - 1):
        if grid[i].get(first) is not None:
            continue
        starts = sorted(c for c, lab in grid[i].items() if lab is not None)
        corner = [(c, lab) for c, lab in view.labels_of(rows[i]).items() if c < first]
        if not starts or len(corner) != 1:
            continue
        c0, lab = corner[0]
        right = grid[i][starts[0]]
        if not lab.is_axis or right is None or (lab.kind, lab.indicator) != (right.kind, right.indicator):
            continue
        if lab.year is None or right.year is None or right.year == lab.year:
            continue

        def lower(c: int) -> tuple | None:
            below = [grid[j].get(c) for j in range(i + 1, len(rows))]
            return None if all(b is None for b in below) else tuple(_key(b) if b is not None else None for b in below)

        left_keys = []
        for c in range(first, starts[0]):
            if lower(c) is None:
                break
            left_keys.append(lower(c))
        gap = range(first + len(left_keys), starts[0])
        if not left_keys or not gap or any(lower(c) is not None or grid[i].get(c) is not None for c in gap):
            continue
        if [lower(c) for c in range(starts[0], starts[0] + len(left_keys))] != left_keys:
            continue
        grid[i][first] = lab
        moved.add((rows[i], c0))
    return moved


def _below_key(grid: list[dict[int, Label | None]], i: int, c: int) -> tuple | None:
    """What the header rows below row i say over column c (None: nothing)."""
    below = tuple(grid[j].get(c) for j in range(i + 1, len(grid)))
    if all(lab is None for lab in below):
        return None
    return tuple(_key(lab) if lab is not None else None for lab in below)


CENTRED_UNCLEAR = (
    "the header '{text}' is written over the middle of a group of columns (centred, not merged) and which "
    "columns it belongs to cannot be told from the headers below it; not stored: merge the header cell over "
    "its columns or write it in the first column of its group"
)


def _centred_groups(
    row: dict[int, Label | None],
    keys: dict[int, tuple | None],
    starts: list[int],
    merged: set[int],
    filled: dict[int, Label | None],
    source: dict[int, int],
) -> dict[int, Label | None]:
    """Upper header labels written in the middle of their group ('2021' in C over Female | Male | Total
    in B:D, Excel's 'Center Across Selection'; attack6 K-Y). When the row below repeats one pattern and
    the upper row has one label per repetition, each label spans the repetition that holds it. Labels in
    the first column of their repetition are left as read (spans to the right). When the labels stand
    off the first column and the repetitions cannot be told apart, the labels' columns are set aside:
    a column never takes the label of the group on its left."""
    plain = [p for p in starts if p not in merged]
    if len(plain) < 2:
        return filled
    readings = _tilings(row, keys, starts, plain)
    if any(j == 0 for j, _ in readings):
        return filled  # left-aligned group headers: the spans read to the right are right
    centred = {tuple(sorted(m.items())) for j, m in readings}
    if len(centred) > 1:
        by_centre = {tuple(sorted(m.items())) for j, m in readings if j in _centre(m)}
        centred = by_centre if len(by_centre) == 1 else centred
    if len(centred) == 1:
        mapping = dict(next(iter(centred)))
        out = dict(filled)
        for c, p in source.items():  # a label of the groups spans its own group only
            if p in plain and c not in mapping:
                out[c] = None
        for c, p in mapping.items():
            out[c] = row[p]
        return out
    if not _orphan_beside_a_label(keys, plain, source):
        return filled
    out = dict(filled)
    for c, p in source.items():
        lab = row[p]
        if p in plain and lab is not None:
            out[c] = Label("noise", lab.text, year=lab.year, problem=CENTRED_UNCLEAR.format(text=lab.text))
    return out


def _centre(mapping: dict[int, int]) -> set[int]:
    """The offsets that count as the middle of a group, from one reading (column -> label column)."""
    groups: dict[int, list[int]] = {}
    for c, p in mapping.items():
        groups.setdefault(p, []).append(c)
    size = len(next(iter(groups.values())))
    return {(size - 1) // 2, size // 2}


def _tilings(row: dict[int, Label | None], keys: dict[int, tuple | None], starts: list[int], plain: list[int]) -> list[tuple[int, dict[int, int]]]:
    """Every way to cut a run of sub-header columns into n >= 2 identical repetitions (no sub-header
    twice in one) holding one upper label each, all at the same offset j, with every upper label of the
    run inside them: [(j, {column: label column})]."""
    cols = sorted(keys)
    out = []
    for s in cols:
        pattern: list[tuple] = []
        for size in range(1, len(cols) // 2 + 1):
            key = keys.get(s + size - 1)
            if key is None or key in pattern:
                break
            pattern.append(key)
            if size < 2 or keys.get(s + size) != pattern[0]:
                continue  # no second repetition starts right after this one
            n = 0
            while all(keys.get(s + (n + 1) * size + d) == pattern[d] for d in range(size)):
                n += 1
            n += 1  # the first repetition is the pattern itself
            for count in range(2, n + 1):
                end = s + count * size - 1
                lo, hi = s, end
                while keys.get(lo - 1) is not None:
                    lo -= 1
                while keys.get(hi + 1) is not None:
                    hi += 1
                inside = [p for p in starts if lo <= p <= hi]
                if any(p < s or p > end or p not in plain for p in inside):
                    continue
                offsets = [p - s - g * size for g in range(count) for p in inside if s + g * size <= p < s + (g + 1) * size]
                if len(inside) != count or len(set(offsets)) != 1 or len(offsets) != count:
                    continue
                mapping = {c: p for p in inside for c in range(s + (p - s) // size * size, s + ((p - s) // size + 1) * size)}
                out.append((offsets[0], mapping))
    return out


def _orphan_beside_a_label(keys: dict[int, tuple | None], plain: list[int], source: dict[int, int]) -> bool:
    """A sub-header column left without an upper label right beside a label whose span (read to the
    right) repeats that column's sub-header: the label is likely centred over a group holding it."""
    for p in plain:
        c = p - 1
        if keys.get(c) is None or c in source:
            continue
        if any(keys[cc] == keys[c] for cc, q in source.items() if q == p):
            return True
    return False


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

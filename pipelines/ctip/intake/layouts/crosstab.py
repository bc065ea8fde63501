"""Cross tables: figures in a grid whose rows and columns say what they are.

One reader serves every wide layout, because they differ only in what the header holds:
- wide by year: years as columns, indicators (and breakdowns) as rows;
- wide by breakdown: Female / Male / Total (or girls / boys / women / men, forms of exploitation,
  nationals / foreigners) as columns, the year from a year column, the title, the sheet name or
  the file name;
- transposed: years as rows, indicators as columns;
- two-row headers (a year or an indicator over several breakdown columns), a block per
  indicator (the header repeated under each indicator's title), "of which" rows, a breakdown
  written in the label ("Victims identified (female)");
- a list without header: indicator labels beside one column of figures;
- two tables side by side, each read as if it stood alone.

Each figure's key is what its row, its column and the table's context say, and all of them
must agree: a disagreement is reported, never settled by a guess."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ctip.intake.layouts.base import Detection
from ctip.intake.layouts.cellkinds import classify, is_figure, under_header
from ctip.intake.layouts.colheaders import ColumnMeaning, column_meanings
from ctip.intake.layouts.headers import header_role, year_in_text
from ctip.intake.layouts.lone_totals import settle_lone_totals
from ctip.intake.layouts.offence_counts import offence_count_year, offence_indicator, title_counts_offences
from ctip.intake.layouts.periods import part_of_year, running_total
from ctip.intake.layouts.row_notes import note_problem
from ctip.intake.layouts.rowlabels import BodyRow, RowMeaning, RowReader
from ctip.intake.layouts.table import (
    DATED_TITLE,
    HEADER_SEARCH_ROWS,
    Band,
    SheetView,
    Title,
    file_year,
    find_band,
    is_header_row,
    read_title,
)
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.readings import CellReading, ReadContext, SheetOutcome
from ctip.vocabulary.labels import subdivision_names

OUTSIDE = "a figure outside the table (its column has no header)"

CONFIDENCE = {"wide_years": 0.8, "wide_dims": 0.8, "transposed": 0.8, "label_list": 0.5}


@dataclass
class Analysis:
    kind: str
    view: SheetView
    band: Band | None = None
    title: Title = field(default_factory=Title)
    list_start: int = 0  # label_list: first row and the one column of figures
    list_value_col: int = 0
    list_rate_cols: dict[int, str] = field(default_factory=dict)  # label_list: '%' / 'Share' columns -> why not read


# The last analysis, shared by the four detectors that ask about the same sheet in turn. One
# tuple, replaced whole, so concurrent readers never mix two sheets' parts.
_last: tuple = (None, None, None, None)  # (sheet, labels, forced, analysis)


def analyse(sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Analysis | None:
    """Where the sheet's table is and which wide kind it is (a header band, or a headerless label list),
    or None. The last answer is kept, since the four wide detectors ask about the same sheet in turn."""
    global _last
    last = _last
    if last[0] is sheet and last[1] is ctx.labels and last[2] == forced:
        return last[3]
    view = SheetView(sheet, ctx.labels)
    stop = view.n_rows if forced else HEADER_SEARCH_ROWS
    band = find_band(view, 0, stop)
    analysis = None
    if band is not None:
        analysis = Analysis(band.kind, view, band, read_title(view, 0, band.rows[0], ctx.labels))
    else:
        start, col = _find_list(view, stop)
        rates: dict[int, str] = {}
        if start is None:
            start, col, rates = _find_breakdown_list(view, stop, ctx)
        if start is not None:
            analysis = Analysis("label_list", view, None, read_title(view, 0, start, ctx.labels), start, col, rates)
    _last = (sheet, ctx.labels, forced, analysis)
    return analysis


def detect_kind(kind: str, sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Detection | None:
    """A Detection of layout `kind` when the sheet's analysis is that kind (any analysed table when
    `forced`), else None."""
    analysis = analyse(sheet, ctx, forced)
    if analysis is None or (analysis.kind != kind and not forced):
        return None
    header_row = analysis.band.rows[0] if analysis.band else analysis.list_start
    return Detection(kind, CONFIDENCE[kind], header_row, {}, {"analysis": analysis})


def _find_list(view: SheetView, stop: int) -> tuple[int | None, int]:
    """Rows naming an indicator beside exactly one column of figures, with no header above."""
    hits: list[tuple[int, int]] = []
    for r in range(min(stop, view.n_rows)):
        labels = view.labels_of(r)
        at = [c for c, lab in labels.items() if lab.kind == "indicator"]
        if not at:
            continue
        # figures right of the label (a numbering column on its left is no figure of the list)
        figures = [c for c in view.plain_figures(r) if c > at[0]]
        if len(figures) == 1:
            hits.append((r, figures[0]))
    cols = {c for _, c in hits}
    if len(hits) >= 2 and len(cols) == 1:
        return _with_year_above(view, hits[0][0]), hits[0][1]
    return None, 0


def _with_year_above(view: SheetView, start: int) -> int:
    """A year alone right above the list's first row is the first block's year ('2021' over its
    rows, '2022' over the next ones): the list starts there, so each block keeps its own year."""
    r = start - 1
    while r >= 0 and view.is_blank(r):
        r -= 1
    labels = view.labels_of(r) if r >= 0 else {}
    if len(labels) == 1 and next(iter(labels.values())).kind == "year" and not view.plain_figures(r):
        return r
    return start


def _find_breakdown_list(view: SheetView, stop: int, ctx: ReadContext) -> tuple[int | None, int, dict[int, str]]:
    """'Total | Female | Male | Children (below 18)' beside one column of figures under a title
    naming one indicator ('Victims of trafficking identified, 2022'; the column's header, if any,
    names nothing: 'Number'). A column headed '%' or 'Share' beside it holds no count: it is left
    out of the list and its cells set aside with that reason (attack5 J-N.3)."""
    hits: list[tuple[int, int]] = []
    rates: dict[int, str] = {}
    for r in range(min(stop, view.n_rows)):
        labels = view.labels_of(r)
        if labels and not view.plain_figures(r) and not hits:  # a header row above the list: its rate columns
            rates = {c: lab.problem for c, lab in labels.items() if lab.kind == "noise" and lab.problem and "percentage" in lab.problem}
        at = [c for c, lab in labels.items() if lab.kind in ("dims", "total") and not lab.problem]
        figures = sorted(view.plain_figures(r) - set(rates))
        if at and len(figures) == 1 and figures[0] > at[0]:
            hits.append((r, figures[0]))
    if len(hits) < 2 or len({c for _, c in hits}) != 1:
        return None, 0, {}
    start, col = hits[0]
    if len(read_title(view, 0, start, ctx.labels).mentioned) != 1:
        return None, 0, {}
    return _with_rows_above(view, start, col, set(rates)), col, rates


def _with_rows_above(view: SheetView, start: int, col: int, rates: set[int]) -> int:
    """Rows right above the list's first known breakdown that hold a label and one figure in the
    list's column ('0-15 | 4', '16-17 | 2' above '18+ | 8'; 'Victims identified | 14' above 'Female |
    8', attack5 J-I) are rows of the list, read (or set aside with their reason), not its title. A
    rate column beside the list ('%') is no figure of it."""
    r = start - 1
    while r >= 0 and view.plain_figures(r) - rates == frozenset({col}) and any(c < col and lab.kind != "year" for c, lab in view.labels_of(r).items()):
        r -= 1
    return r + 1


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    """The readings of a cross table found by `analyse`, whatever its wide kind; two tables side by side
    are read one after the other (up to three levels deep)."""
    analysis: Analysis = det.extra["analysis"]
    depth = det.extra.get("depth", 0)
    if analysis.band is not None and depth < 3:
        split = _side_by_side(analysis.view, analysis.band)
        if split is not None:
            return _extract_side_by_side(sheet, det, ctx, split, depth)
    out = SheetOutcome(sheet.name, det.layout)
    view = analysis.view
    if analysis.band is None:
        band = Band([analysis.list_start - 1], analysis.list_value_col, analysis.list_value_col, {analysis.list_value_col: [None]})
        columns = {analysis.list_value_col: ColumnMeaning()}
        start = analysis.list_start
    else:
        band = analysis.band
        columns = column_meanings(band)
        _group_row(view, band, columns)
        start = band.body_start
    table = _TableContext.build(analysis, band, sheet, ctx)
    reader: RowReader | None = None
    r = start
    while r < view.n_rows:
        segment, next_band = _segment(view, r, band)
        columns_name_indicators = any(m.indicator for m in columns.values())
        if reader is None:
            reader = _first_reader(table, segment, columns_name_indicators)
        reader.columns_name_indicators = columns_name_indicators
        reader.places = reader.places or _rows_are_places(view, band, segment)
        reader.partition_ok = table.about_trafficking
        rows_carry_years = any(lab is not None and lab.kind == "year" for row in segment for lab in row.labels)
        first_reading = len(out.readings)
        row_meanings = {}
        for run in _runs(segment):
            if run is None:
                reader.end_block()
                continue
            meanings = reader.read_block(run, rows_carry_years)
            # a table of offences: other crimes' rows beside the trafficking row, no indicator in the title
            offences = sum(m.crime for m in meanings) >= 2 and not table.mentioned and not table.indicator and _one_column_a_year(columns)
            offences = offences and title_counts_offences(table.title_texts, subdivision_names(ctx.country_iso3 or ""))
            for row, meaning in zip(run, meanings):
                row_meanings[row.r] = meaning
                _read_row(out, sheet, row, meaning, columns, table, rows_carry_years, _unknown_label_columns(view, band), offences)
        settle_lone_totals(sheet, out.readings[first_reading:], segment, row_meanings, columns)  # attack5 J-R
        crime = _corner_crime(view, band)
        if crime:  # "Mensensmokkel | Vrouwen | Mannen": a block about another crime under its own header
            for reading in out.readings[first_reading:]:
                reading.problem, reading.key, reading.suggestions = crime, {}, []
        if next_band is None:
            break
        band = next_band
        columns = column_meanings(band)
        _group_row(view, band, columns)
        r = band.body_start
    return out


def _group_row(view: SheetView, band: Band, columns: dict[int, ColumnMeaning]) -> None:
    """The row right above the header, when it groups the data columns with words the header band
    did not take in ('Annual' | 'Cumulative', 'Provisional' | 'Final', 'Police' | 'Courts' over the
    same years; attack3 H-U): a group of running totals or of part of a year is set aside, and
    columns that would give one year two figures under two groups are set aside, never merged."""
    r = band.rows[0] - 1
    if r < 0:
        return
    group: dict[int, str] = {}
    current = None
    for c in range(band.first_data_col, band.last_data_col + 1):
        v = view.value(r, c)
        if isinstance(v, str) and v.strip():
            current = v.strip()
        elif v is not None:
            return  # figures: a row of another table, not a group header
        if current is not None and c in columns:
            group[c] = current
    if not group:
        return
    for c, text in group.items():
        m = columns[c]
        if m.problem or m.ignored:
            continue
        if words := running_total(text):
            m.problem = f"the column's header says its figures are running sums over the years ('{words}'), not one calendar year's count; not stored"
        elif words := part_of_year(text):
            m.problem = f"the column's header says its figures cover part of a year only ('{words}'): not stored; send the figures for the whole year"
    by_key: dict[tuple, list[int]] = {}
    for c, m in columns.items():
        if not m.problem and not m.ignored and m.year is not None:
            by_key.setdefault((m.indicator, m.year, tuple(sorted(m.dims.items()))), []).append(c)
    for cols in by_key.values():
        if len({group.get(c) for c in cols}) < 2:
            continue
        names = " | ".join(dict.fromkeys(f"'{group.get(c, '')}'" for c in cols))
        for c in cols:
            columns[c].problem = (
                f"the columns grouped under {names} (a header row above the years whose words are no breakdown of the schema) "
                "give the same year twice: not stored, since neither figure can be told apart"
            )


def _side_by_side(view: SheetView, band: Band) -> int | None:
    """A column inside the table whose header names nothing and whose cells are row labels: a
    second table stands beside the first ('Indicator | 2021 | 2022 |   | Indicator | 2023')."""
    for c in range(band.first_data_col + 1, band.last_data_col + 1):
        if any(lab is not None and lab.is_axis for lab in band.columns.get(c, ())):
            continue
        labels = figures = 0
        for r in range(band.body_start, min(band.body_start + 30, view.n_rows)):
            v = view.value(r, c)
            if v is None:
                continue
            if is_figure(v):
                figures += 1
            elif (lab := classify(v, view.labels)) is not None and lab.kind in ("indicator", "dims", "total", "noise", "unknown"):
                labels += 1
        later_axis = any(lab is not None and lab.is_axis for cc in band.columns if cc > c for lab in band.columns[cc])
        if labels >= 2 and figures == 0 and (later_axis or _apart_with_figures(view, band, c)):
            return c
        if labels >= 1 and figures == 0 and _own_titled_block(view, band, c):
            return c
    return None


def _own_titled_block(view: SheetView, band: Band, c: int) -> bool:
    """Column `c` starts a second table with its own title and its own row labels, however few its
    rows ('Victims identified, 2022' | Female | Male over A:C, blank columns, then 'Persons prosecuted,
    2022' | Total over G:H, one row each): a column blank from the titles down to the body stands
    between the two, a title stands over `c` above the header, and a column right of `c` holds
    figures. Its figures are its own table's, never a column of the first (attack6 K-W)."""
    end = min(band.body_start + 30, view.n_rows)
    if c == 0 or any(view.value(r, c - 1) is not None for r in range(0, end)):
        return False
    titled = any(isinstance(v := view.value(r, c), str) and v.strip() and not is_figure(v) for r in range(0, band.rows[0]))
    return titled and any(is_figure(view.value(r, cc)) for r in range(band.body_start, end) for cc in range(c + 1, band.last_data_col + 1))


def _apart_with_figures(view: SheetView, band: Band, c: int) -> bool:
    """Column `c` starts a second table whose value column names nothing ('Form | Number', 'Forma |
    Número': the indicator is in that table's own title): an empty column stands between the two
    tables, header and body, and a column right of `c` holds figures."""
    end = min(band.body_start + 30, view.n_rows)
    if c == 0 or any(view.value(r, c - 1) is not None for r in range(band.rows[0], end)):
        return False
    return any(sum(is_figure(view.value(r, cc)) for r in range(band.body_start, end)) >= 2 for cc in range(c + 1, band.last_data_col + 1))


def _extract_side_by_side(sheet: SheetGrid, det: Detection, ctx: ReadContext, split: int, depth: int) -> SheetOutcome:
    """Read each of two tables standing side by side as if it were alone on the sheet (cells keep
    their places, so every figure still points at its own cell)."""
    out = SheetOutcome(sheet.name, det.layout, notes=["two tables side by side: each read on its own"])
    for part in _split_grid(sheet, split):
        analysis = analyse(part, ctx)
        if analysis is None:
            for r, row in enumerate(part.rows):
                for c, v in enumerate(row):
                    if is_figure(v) and not isinstance(v, str):
                        out.unread_cells.append(CellReading(sheet.name, cell_ref(r, c), v, "", problem="no table layout recognised in this part of the sheet"))
            continue
        header_row = analysis.band.rows[0] if analysis.band else analysis.list_start
        part_det = Detection(analysis.kind, CONFIDENCE[analysis.kind], header_row, {}, {"analysis": analysis, "depth": depth + 1})
        got = extract(part, part_det, ctx)
        out.readings += got.readings
        out.unread_cells += got.unread_cells
        out.notes += got.notes
    return out


def _split_grid(sheet: SheetGrid, split: int) -> tuple[SheetGrid, SheetGrid]:
    left = [list(row[:split]) for row in sheet.rows]
    right = [[None] * min(split, len(row)) + list(row[split:]) for row in sheet.rows]
    merged_left = [((r0, c0), (r1, min(c1, split - 1))) for (r0, c0), (r1, c1) in sheet.merged or [] if c0 < split]
    merged_right = [((r0, max(c0, split)), (r1, c1)) for (r0, c0), (r1, c1) in sheet.merged or [] if c1 >= split]
    return (SheetGrid(sheet.name, left, merged_left, sheet.kind), SheetGrid(sheet.name, right, merged_right, sheet.kind))


@dataclass
class _TableContext:
    """What the table's surroundings say: year, indicator and breakdown from its title, its
    header's corner, the sheet name or the file name."""

    year: int | None = None
    problem: str | None = None  # why no year can come from the context
    indicator: str | None = None  # from the corner or the row right above the header
    dims: dict[str, str] = field(default_factory=dict)
    mentioned: set[str] = field(default_factory=set)  # indicators the titles name
    about_trafficking: bool = False  # the file's name or the table's title names trafficking in persons
    title_dims: dict[str, str] = field(default_factory=dict)  # breakdown the title gives every figure
    title_texts: list[str] = field(default_factory=list)  # the title's words as written
    rate_cols: dict[int, str] = field(default_factory=dict)  # a list's '%' columns -> why their figures are no counts

    @classmethod
    def build(cls, analysis: Analysis, band: Band, sheet: SheetGrid, ctx: ReadContext) -> "_TableContext":
        t = cls(rate_cols=dict(analysis.list_rate_cols))
        title = analysis.title
        corner_years = {lab.year for lab in band.corner if lab.year is not None}
        corner_inds = [lab for lab in band.corner if lab.kind == "indicator"]
        sheet_year = year_in_text(sheet.name)
        title_years = {y for y in title.years if y > 0}
        title_several = -1 in title.years or len(title_years) > 1
        if ctx.forced_year is not None:
            t.year = ctx.forced_year
        elif len(corner_years) == 1:
            t.year = corner_years.pop()
        elif title_years and not title_several:
            t.year = next(iter(title_years))
            if sheet_year is not None and sheet_year != t.year:
                t.problem = f"the title names {t.year} but the sheet name {sheet_year}"
                t.year = None
        elif title_several and sheet_year is None:
            t.problem = "the title names several years, so the year of figures without one is not known"
        elif ctx.banner_year is not None:
            t.year = ctx.banner_year
        elif sheet_year is not None:
            t.year = sheet_year
        else:
            t.year = file_year(ctx)
            if t.year is None and title.dated:
                t.problem = DATED_TITLE
        lead = corner_inds[0] if len(corner_inds) == 1 else title.lead
        if lead is not None:
            t.indicator, t.dims = lead.indicator, lead.dims_dict
        t.mentioned = set(title.mentioned) | ctx.labels.indicators_mentioned(sheet.name)
        t.title_texts = list(title.texts)
        file_tip, file_other = ctx.labels.subject(ctx.file_name.replace("_", " ").replace("-", " "))
        title_tip, title_other = ctx.labels.subject(
            " ".join(str(v) for r in range(0, band.rows[0]) for v in (sheet.rows[r] if r < sheet.n_rows else []) if isinstance(v, str))
        )
        t.about_trafficking = (file_tip and not file_other) or (title_tip and not title_other)
        t.title_dims = dict(title.dims)
        return t


def _corner_crime(view: SheetView, band: Band) -> str | None:
    """The reason to set a block aside when its header's corner names another crime."""
    for r in band.rows:
        for c in range(band.first_data_col):
            lab = classify(view.value(r, c), view.labels)
            if lab is not None and lab.role == "crime":
                return lab.problem
    return None


def _unknown_label_columns(view: SheetView, band: Band) -> frozenset[int]:
    """Columns left of the figures whose header is a word the schema does not know ('Reports'):
    figures there are reported as not read (a numbering column 'No.' is not one of them)."""
    out = set()
    for r in band.rows:
        for c in range(band.first_data_col):
            lab = classify(view.value(r, c), view.labels)
            if lab is not None and lab.kind in ("unknown", "noise"):
                out.add(c)
    return frozenset(out)


def _rows_are_places(view: SheetView, band: Band, segment: list[BodyRow]) -> bool | str:
    """Rows that split the country's total into parts the schema does not hold: places inside the
    country (the label column's header names places, 'Province', 'Parish', 'Distrito', or a row is
    the national total, 'Total nacional'), or single nationalities (its header is 'Nationality')."""
    for r in band.rows:
        for c in range(band.first_data_col):
            lab = classify(view.value(r, c), view.labels)
            if lab is not None and lab.role == "place":
                return True
            if lab is not None and lab.role == "citizenship":
                return "nationality"
    return any(lab is not None and lab.role == "national" for row in segment for lab in row.labels)


def _first_reader(table: _TableContext, segment: list[BodyRow], columns_name_indicators: bool) -> RowReader:
    if columns_name_indicators:
        return RowReader(columns_name_indicators=True)
    if table.indicator:
        return RowReader(table.indicator, table.dims)
    rows_name_indicators = any(lab is not None and lab.kind == "indicator" and not lab.part_of for row in segment for lab in row.labels)
    if not rows_name_indicators and len(table.mentioned) == 1:
        return RowReader(next(iter(table.mentioned)))
    first = next((labs for labs in (row.labels for row in segment) if any(lab is not None for lab in labs)), [])
    if (
        len(table.mentioned) == 1
        and any(lab is not None and lab.kind == "dims" for lab in first)
        and not any(lab is not None and lab.kind == "indicator" for lab in first)
    ):
        # breakdown rows first ('Nationals', 'Non-nationals', then 'All victims'): the title's indicator
        return RowReader(next(iter(table.mentioned)))
    return RowReader()


def _segment(view: SheetView, start: int, band: Band) -> tuple[list[BodyRow], Band | None]:
    """Body rows from `start` until the sheet ends or a header repeats (a new band)."""
    rows: list[BodyRow] = []
    data_cols = set(band.columns)
    # a label column headed by a dimension ('Sex') says which dimension its 'Unknown' is
    headed = {c: d for c in range(band.first_data_col) for hr in band.rows if (d := view.labels.dimension_header(view.value(hr, c)))}
    for r in range(start, view.n_rows):
        if r > start and is_header_row(view, r, data_cols):
            nxt = find_band(view, r, r + 1)
            if nxt is not None:
                return rows, nxt
        labels = [under_header(classify(view.value(r, c), view.labels), headed.get(c)) for c in range(band.first_data_col)]
        values = {c: view.value(r, c) for c in band.columns if view.value(r, c) is not None}
        stray = {c: v for c, v in enumerate(view.sheet.rows[r]) if c > band.last_data_col and v is not None}
        rows.append(BodyRow(r, labels, values, stray))
    return rows, None


def _runs(rows: list[BodyRow]):
    """Rows split at gaps of two or more blank rows (a gap ends an indicator block); None marks a gap."""
    run: list[BodyRow] = []
    blanks = 0
    for row in rows:
        blank = not row.values and all(lab is None for lab in row.labels) and not row.stray
        if blank:
            blanks += 1
            if blanks == 2 and run:
                yield run
                yield None
                run = []
            continue
        blanks = 0
        run.append(row)
    if run:
        yield run


def _one_column_a_year(columns: dict[int, ColumnMeaning]) -> bool:
    """No year heads two columns that would count offences: two such columns are told apart by a
    header row not read ('Reported | Cleared up' under each year), so neither is known."""
    years = [y for y in map(offence_count_year, columns.values()) if y is not None]
    return len(years) == len(set(years))


def _read_row(
    out: SheetOutcome,
    sheet: SheetGrid,
    row: BodyRow,
    meaning: RowMeaning,
    columns: dict[int, ColumnMeaning],
    table: _TableContext,
    rows_carry_years: bool,
    unknown_label_columns: frozenset[int] = frozenset(),
    offence_table: bool = False,
) -> None:
    columns_carry_years = any(m.year is not None for m in columns.values())
    if meaning.kind in ("empty", "problem") and not any(is_figure(v) for v in row.values.values()):
        return  # a line of prose (a note, a source) running across the table
    first = len(out.readings)
    # the row's own Notes cell ('Victims identified | 12 | 17 | police estimate') qualifies its figures
    notes = [raw for c, raw in row.values.items() if c in columns and columns[c].ignored and isinstance(raw, str) and header_role(columns[c].text) == "notes"]
    for c, raw in row.values.items():
        col = columns.get(c)
        if col is None:
            continue
        if col.ignored and not is_figure(raw):
            continue  # a note
        reading = CellReading(sheet.name, cell_ref(row.r, c), raw, f"{meaning.text} | {col.text}")
        out.readings.append(reading)
        row_meaning = meaning
        year = offence_count_year(col) if offence_table and meaning.offence and meaning.indicator is None else None
        if year is not None:
            # 'Trafficking in persons | 2022' (or '2022 / Reported') in a table of offences: offences recorded
            row_meaning = replace(meaning, indicator=offence_indicator())
            col = replace(col, year=year, problem=None, suggestions=[])
        problem, suggestions = _key(reading.key, row_meaning, col, table, rows_carry_years, columns_carry_years)
        if problem:
            reading.problem, reading.suggestions = problem, suggestions
            reading.key = {}
    for reading in out.readings[first:] if notes else ():
        year, indicator = reading.key.get("year"), reading.key.get("indicator")
        why = next((w for n in notes if (w := note_problem(n, year, indicator))), None) if reading.problem is None else None
        if why:
            reading.problem, reading.key, reading.suggestions = why, {}, []
    for c, lab in enumerate(row.labels):
        if lab is not None and lab.kind == "number" and row.values and c in unknown_label_columns:
            # a figure among the row labels: its column's header names nothing the schema knows
            out.unread_cells.append(
                CellReading(
                    sheet.name,
                    cell_ref(row.r, c),
                    lab.text,
                    meaning.text,
                    problem="a figure in a column whose header names no indicator or breakdown; not read",
                )
            )
    in_table = bool(row.values) or any(lab is not None for lab in row.labels)
    for c, raw in row.stray.items() if in_table else ():  # not a column filled down below the table
        if is_figure(raw):
            out.unread_cells.append(CellReading(sheet.name, cell_ref(row.r, c), raw, meaning.text, problem=table.rate_cols.get(c, OUTSIDE)))


def _key(
    key: dict, row: RowMeaning, col: ColumnMeaning, table: _TableContext, rows_carry_years: bool, columns_carry_years: bool
) -> tuple[str | None, list[str]]:
    if row.problem:
        return row.problem, row.suggestions
    if col.problem:
        return col.problem, col.suggestions
    if row.kind == "empty":
        return "this row has no label", []
    if row.indicator and col.indicator and row.indicator != col.indicator:
        return f"the row names {row.indicator} but the column {col.indicator}", []
    indicator = col.indicator or row.indicator
    if indicator is None:
        why = "no indicator for this figure (neither its row, its column nor the title names one)"
        if len(table.mentioned) > 1:
            why += f"; the title names several: {', '.join(sorted(table.mentioned))}"
        return why, []
    if row.year is not None and col.year is not None and row.year != col.year:
        return f"the row names {row.year} but the column {col.year}", []
    year = col.year if col.year is not None else row.year
    if year is None:
        if rows_carry_years or columns_carry_years:
            return "no year for this figure where the table's other figures have one", []
        if table.problem:
            return table.problem, []
        year = table.year
    dims: dict[str, str] = {}
    for source in (row.dims, col.dims):
        for k, v in source.items():
            if k in dims and dims[k] != v:
                return f"the row and the column give two values for {k} ({dims[k]}, {v})", []
            dims[k] = v
    for k, v in table.title_dims.items():  # 'Child victims ...': every figure, the Total row included
        if dims.get(k, v) != v:
            return f"the title gives {k} {v} but the row or column {dims[k]}", []
        dims[k] = v
    key.update(dims)
    key["indicator"] = indicator
    key["year"] = year
    return None, []


__all__ = ["analyse", "detect_kind", "extract", "Analysis"]

"""Read every sheet of a file with the layout that fits it best.

Chart sheets, hidden sheets, notes sheets and sheets the mapping file ignores are not read (a
note says so). A sheet where no layout is recognised has its figures reported as not
understood, never guessed. The year a sheet name or file name gives is found by the layout
readers themselves: a title or the table itself is more specific."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import PurePath

from ctip.intake.layouts import LAYOUTS
from ctip.intake.layouts.cellkinds import classify
from ctip.intake.layouts.headers import as_year, header_role, provisional_year, year_in_text
from ctip.intake.layouts.periods import financial_year, part_of_year, running_since, running_total
from ctip.intake.layouts.regions import Region, banner_text, describe, joint_offences, side_blocks, split_regions, title_rows
from ctip.intake.layouts.row_notes import cases_named, counts_cases_problem
from ctip.intake.layouts.year_footnotes import set_aside_footnoted_years
from ctip.intake.named_country import countries_named, other_country_reason, own_named, text_rows
from ctip.intake.planned import not_recorded, other_count
from ctip.intake.read import SheetGrid, cell_ref, column_index
from ctip.intake.readings import CellReading, ReadContext, SheetOutcome
from ctip.intake.values import as_ambiguous, as_decimal_text, decimal_separator, parse_count, unconfirmed_zero_groups
from ctip.vocabulary.normalise import normalise

WHOLE_SHEET_LAYOUTS = {"glotip", "long"}  # one table by construction: never split

NO_LAYOUT = {"none", "ignore", "skip"}


def _for_sheet(table: dict, sheet: str):
    """A mapping entry for a sheet: by exact name, by name in any case and spacing, or '*'."""
    if sheet in table:
        return table[sheet]
    norm = normalise(sheet)
    for name, value in table.items():
        if name != "*" and normalise(name) == norm:
            return value
    return table.get("*")


def choose_layout(sheet: SheetGrid, ctx: ReadContext):
    """(layout module, detection) for the sheet: the layout the mapping file names for it (forced), else
    the most confident one; (None, None) when nothing recognises it or the named layout is unknown."""
    forced = _for_sheet(ctx.layout, sheet.name)
    if forced:
        module = LAYOUTS.get(forced)
        return (module, module.detect(sheet, ctx, forced=True)) if module else (None, None)
    ranked = ranked_layouts(sheet, ctx)
    return ranked[0] if ranked else (None, None)


def ranked_layouts(sheet: SheetGrid, ctx: ReadContext) -> list:
    """Every layout that recognises the sheet, the most confident first (ties: LAYOUTS order)."""
    found = []
    for i, module in enumerate(LAYOUTS.values()):
        det = module.detect(sheet, ctx)
        if det:
            found.append((-det.confidence, i, module, det))
    return [(module, det) for _, _, module, det in sorted(found, key=lambda t: (t[0], t[1]))]


def _ignored(sheet: SheetGrid, ctx: ReadContext) -> bool:
    norm = normalise(sheet.name)
    return any(s == sheet.name or normalise(s) == norm for s in ctx.ignore_sheets)


def extract_sheet(sheet: SheetGrid, ctx: ReadContext) -> SheetOutcome:
    """The readings of one sheet and the notes on what was not read. Chart, hidden, empty, notes and
    ignored sheets give no readings and say why; a sheet holding several tables is read table by table."""
    forced = _for_sheet(ctx.layout, sheet.name)
    if sheet.kind == "chart":
        return SheetOutcome(sheet.name, None, notes=["chart sheet: ignored"])
    if _ignored(sheet, ctx) or (forced or "").lower() in NO_LAYOUT:
        return SheetOutcome(sheet.name, None, notes=["ignored as the mapping file asks"])
    if sheet.kind == "hidden" and not forced:
        return SheetOutcome(sheet.name, None, notes=["hidden sheet: not read (name a layout for it in mapping.yaml to read it)"])
    if not any(v is not None for row in sheet.rows for v in row):
        # a sheet left unread (too large, damaged) says so in its own notes: it is not empty
        return SheetOutcome(sheet.name, None, notes=[] if sheet.notes else ["empty sheet"])
    if not forced and not sheet.named_by_file and header_role(sheet.name) == "notes":  # 'notes.txt' holding a table is read
        return SheetOutcome(sheet.name, None, notes=["notes sheet: not read"])
    if ctx.labels.country != ctx.country_iso3:
        ctx = replace(ctx, labels=ctx.labels.for_country(ctx.country_iso3))
    module, det = choose_layout(sheet, ctx)
    regions = [] if (det is not None and det.layout in WHOLE_SHEET_LAYOUTS) else split_regions(sheet, ctx.labels)
    if len(regions) > 1:
        outcome = _extract_regions(sheet, regions, ctx)
    else:
        if regions:
            describe(regions[0], ctx.labels, sheet.name)
            year = _table_choice(regions[0], ctx).get("year")
            if year is not None:
                ctx = replace(ctx, forced_year=int(year))
                module, det = choose_layout(sheet, ctx)
        outcome = _extract_table(sheet, ctx, forced, module, det)
        if not regions and outcome.layout == "long":
            # A long table is never split, but its title still says what it is about ("Human
            # smuggling 2021" over Indicator | Value): apply_subjects needs it as a described table.
            regions = [Region(sheet, 0, max(0, sheet.n_rows - 1))]
            describe(regions[0], ctx.labels, sheet.name)
        if regions:
            outcome.regions = [(regions[0], outcome.readings + outcome.unread_cells)]
    set_aside_footnoted_years(sheet, outcome)  # '2022*' and '* January to September 2022 only' (J-K)
    _note_footnotes(outcome)
    _note_provisional(outcome)
    ignored = set(_for_sheet(ctx.ignore_rows, sheet.name) or ())
    _net_unaccounted(sheet, outcome, ignored)
    _mark_decimals(sheet, outcome)
    if ignored:

        def keep(r: CellReading) -> bool:
            return _row_number(r.cell) not in ignored

        n = len(outcome.readings) + len(outcome.unread_cells)
        outcome.readings = [r for r in outcome.readings if keep(r)]
        outcome.unread_cells = [r for r in outcome.unread_cells if keep(r)]
        dropped = n - len(outcome.readings) - len(outcome.unread_cells)
        if dropped:
            outcome.notes.append(f"{dropped} cells in rows ignored as the mapping file asks")
    return outcome


UNACCOUNTED = (
    "a number on this sheet that no table reader took as a figure (outside every table found, or in "
    "a part of the table not understood): not stored; give each table its own title and header, or "
    "name the layout in mapping.yaml"
)


def _net_unaccounted(sheet: SheetGrid, outcome: SheetOutcome, ignored_rows: set) -> None:
    """Every number of the sheet ends as a reading or a cell not used with a reason (attack5 J-I: the
    first of two stacked tables vanished, the sender told 'No problems found'). A count-like cell that
    no reader took (not a year: years are headers) is added to the cells not used, with the reason."""
    if outcome.layout == "glotip":
        return  # the UNODC export: rows of other countries and series are skipped by design (its notes count them)
    # The used area ends at the last row holding text: numbers filled down below every label (a
    # formula dragged to the bottom of the sheet) label nothing.
    last = next((r for r in range(len(sheet.rows) - 1, -1, -1) if any(v.__class__ is str and parse_count(v).kind == "error" for v in sheet.rows[r])), -1)
    if last < 0:
        return
    seen = {r.cell for r in outcome.readings} | {r.cell for r in outcome.unread_cells} | _item_numbers(sheet.rows[: last + 1])
    for r, row in enumerate(sheet.rows[: last + 1]):
        if r + 1 in ignored_rows:
            continue
        for c, v in enumerate(row):
            if v is None or isinstance(v, (bool, date)):
                continue
            if parse_count(v).kind not in ("count", "suppressed") or as_year(v) is not None:
                continue
            ref = cell_ref(r, c)
            if ref not in seen:
                label = next((x for x in row[:c] if x.__class__ is str and parse_count(x).kind == "error"), "")
                outcome.unread_cells.append(CellReading(sheet.name, ref, v, label, problem=UNACCOUNTED))


def _item_numbers(rows: list[list[object]]) -> set[str]:
    """Cells numbering the items of a list or questionnaire: in one column, each the first filled cell
    of its row with text to its right, numbered 1, 2, 3... ('1 | Victims identified | 14')."""
    by_col: dict[int, list[tuple[str, int]]] = {}
    for r, row in enumerate(rows):
        filled = [(c, v) for c, v in enumerate(row) if v is not None]
        if len(filled) < 2 or filled[1][1].__class__ is not str or parse_count(filled[1][1]).kind != "error":
            continue
        c, v = filled[0]
        n = parse_count(v).value if parse_count(v).kind == "count" else None
        if n is not None and as_year(v) is None:
            by_col.setdefault(c, []).append((cell_ref(r, c), n))
    return {ref for items in by_col.values() if len(items) >= 2 and sorted(n for _, n in items) == list(range(1, len(items) + 1)) for ref, _ in items}


def _mark_decimals(sheet: SheetGrid, outcome: SheetOutcome) -> None:
    """A sheet that writes its numbers with decimals ('5.00', '12,0') uses that separator as a
    decimal point in every cell: its '12.000' is 12, not 12000 (attack3 H-T; values.DecimalText).
    A '12.000' or '9,000' (three decimals or thousands?) whose separator no other grouped number of
    the sheet confirms is marked ambiguous, even alone (attack4 I-O, attack5 J-A; values.AmbiguousThousands)."""
    texts = [v for row in sheet.rows for v in row if v.__class__ is str]
    separator = decimal_separator(texts)
    if separator is not None:
        mark = partial(as_decimal_text, separator=separator)
    elif unconfirmed := unconfirmed_zero_groups(texts):
        mark = partial(as_ambiguous, separators=unconfirmed)
    else:
        return
    for readings in (outcome.readings, outcome.unread_cells):
        for i, r in enumerate(readings):
            marked = mark(r.raw_value)
            if marked is not r.raw_value:
                readings[i] = replace(r, raw_value=marked)


def _extract_regions(sheet: SheetGrid, regions: list[Region], ctx: ReadContext) -> SheetOutcome:
    """Each table of the sheet read on its own; tables below the first inherit the banner's year."""
    out = SheetOutcome(sheet.name, None, notes=[f"{len(regions)} tables on this sheet: each read on its own"])
    banner = {y for v in banner_text(regions[0]) for y in [as_year(v) if not isinstance(v, str) else year_in_text(v)] if y}
    banner_year = banner.pop() if len(banner) == 1 else None
    layouts = []
    for i, region in enumerate(regions):
        describe(region, ctx.labels, sheet.name)
        rctx = ctx if i == 0 else replace(ctx, banner_year=banner_year)
        choice = _table_choice(region, ctx)
        if choice.get("year") is not None:
            rctx = replace(rctx, forced_year=int(choice["year"]))
        module, det = choose_layout(region.grid, rctx)
        got = _extract_table(region.grid, rctx, None, module, det)
        if got.layout:
            layouts.append(got.layout)
        out.readings += got.readings
        out.unread_cells += got.unread_cells
        out.notes += [n for n in got.notes if n not in out.notes]
        out.regions.append((region, got.readings + got.unread_cells))
    out.layout = max(dict.fromkeys(layouts), key=layouts.count) if layouts else None  # ties: the first table's (not a set's order)
    return out


def _note_footnotes(outcome: SheetOutcome) -> None:
    """Footnote marks after figures ('12*', '7 (a)'): the figure is stored, the mark kept in the
    sheet's notes (the lineage), so the sender and the analyst see which figures carried one."""
    marked = [(r.cell, r.raw_value) for r in outcome.readings if isinstance(r.raw_value, str) and not r.problem and parse_count(r.raw_value).footnote]
    if marked:
        shown = ", ".join(f"{cell} '{raw}'" for cell, raw in marked[:12])
        more = f" and {len(marked) - 12} more" if len(marked) > 12 else ""
        outcome.notes.append(f"footnote marks after {len(marked)} figures were set apart and the figures stored: {shown}{more}")


def _note_provisional(outcome: SheetOutcome) -> None:
    """'2023 (prov.)', '2021p': the figures are stored under their year, and the sheet's notes (the
    lineage) say which years the sender marked provisional."""
    marked: dict[int, str] = {}
    for r in outcome.readings:
        if r.problem:
            continue
        for part in str(r.raw_label).split(" | "):
            year = provisional_year(part.strip())
            if year is not None and r.key.get("year") == year:
                marked.setdefault(year, part.strip())
    if marked:
        shown = ", ".join(f"{y} ('{text}')" for y, text in sorted(marked.items()))
        outcome.notes.append(f"figures of years marked provisional were stored under their year: {shown}")


def _table_choice(region: Region, ctx: ReadContext) -> dict:
    """mapping.yaml 'tables': the entry whose words stand in the table's title."""
    title = " " + normalise(region.title) + " "
    for words, choice in ctx.tables.items():
        if normalise(words) and f" {normalise(words)} " in title:
            return choice
    return {}


def _extract_table(sheet: SheetGrid, ctx: ReadContext, forced, module, det) -> SheetOutcome:
    if forced and det is None:
        out = _unrecognised(sheet)
        out.notes = [f"the layout '{forced}' named in mapping.yaml was not found on this sheet"]
        return out
    if module is None or det is None:
        return _unrecognised(sheet, ctx)
    try:
        out = module.extract(sheet, det, ctx)
    except Exception as exc:  # a reader's fault must not stop the submission: report the sheet unread
        out = _unrecognised(sheet)
        out.notes = [f"the {det.layout} reader failed on this sheet ({type(exc).__name__}: {exc}); its figures were not read"]
    if not out.readings and not forced:
        # The most confident reader read nothing: the next one that recognises the table may.
        for other, other_det in ranked_layouts(sheet, ctx)[1:]:
            if other is module:
                continue
            try:
                alt = other.extract(sheet, other_det, ctx)
            except Exception:  # noqa: BLE001 - the first reader's outcome stands
                continue
            if alt.readings:
                alt.notes = [n for n in out.notes if n not in alt.notes] + alt.notes
                return alt
    return out


def _row_number(cell: str) -> int:
    return int("".join(ch for ch in cell if ch.isdigit()))


# A number followed by words in brackets ('12 (see note)'): a figure the sender meant, which may be
# why no table was recognised; reported with the reason it could not be read (finding F-C).
_NUMBER_WITH_WORDS = re.compile(r"^\s*\d[\d.,' ]*\s*[\(\[][^\(\)\[\]]{1,40}[\)\]]\s*$")


HEADER_DATE_ROWS = 30  # rows where a table's header may stand


def _month_columns(sheet: SheetGrid, ctx: ReadContext) -> dict[int, str]:
    """Columns headed by a month or quarter ('2022-I', '2022 Q3', 'enero'): why their figures are not read."""
    out: dict[int, str] = {}
    for row in sheet.rows[:HEADER_DATE_ROWS]:
        if any(parse_count(v).kind == "count" and as_year(v) is None for v in row):
            break  # the header stands above the first figures
        for c, v in enumerate(row):
            if isinstance(v, str) and v.strip():
                lab = classify(v, ctx.labels)
                if lab is not None and lab.role == "month" and lab.problem:
                    out[c] = lab.problem
    return out


def _unrecognised(sheet: SheetGrid, ctx: ReadContext | None = None) -> SheetOutcome:
    """No table found: figures on the sheet are reported as not understood, never guessed. A figure
    under a month or quarter header ('2022-I' .. '2022-IV') is told so (attack5 J-N.1)."""
    why = "no table layout recognised on this sheet"
    dates = [v for row in sheet.rows[:HEADER_DATE_ROWS] for v in row if isinstance(v, date)]
    if dates:
        # years pasted as dates (1 Jan 2021 shown as '2021' in a format the reader cannot see as a year)
        # (the years only: a full date in a message reads as a birth date to the privacy scrubber)
        shown = ", ".join(str(y) for y in sorted({d.year for d in dates})[:4])
        why += f": cells that may be meant as years are dates, not years (days of {shown}); write the years as numbers"
    out = SheetOutcome(sheet.name, None, notes=[why])
    months = _month_columns(sheet, ctx) if ctx is not None else {}
    for r, row in enumerate(sheet.rows):
        for c, v in enumerate(row):
            parsed = parse_count(v)
            if parsed.kind in ("count", "suppressed") and as_year(v) is None:  # years are headers
                out.unread_cells.append(CellReading(sheet.name, cell_ref(r, c), v, "", problem=months.get(c, why)))
            elif parsed.kind == "error" and v.__class__ is str and _NUMBER_WITH_WORDS.match(v) and as_year(v.split("(")[0].split("[")[0].strip()) is None:
                label = next((x for x in row[:c] if x.__class__ is str and parse_count(x).kind == "error"), "")  # the row's label, to find it by
                out.unread_cells.append(CellReading(sheet.name, cell_ref(r, c), v, label, problem=f"{parsed.reason}; no table layout recognised on this sheet"))
    return out


def extract_workbook(sheets: list[SheetGrid], ctx: ReadContext) -> list[SheetOutcome]:
    """Every sheet's outcome, then the figures of tables about another crime set aside (apply_subjects):
    that needs all sheets, since a sheet name or a neighbour can say what a table is about."""
    outcomes = [extract_sheet(s, ctx) for s in sheets]
    apply_periods(outcomes, sheets, ctx)
    apply_financial_years(outcomes, sheets, ctx)
    apply_not_recorded(outcomes, sheets, ctx)
    apply_case_titles(outcomes, sheets, ctx)
    apply_subjects(outcomes, ctx)
    apply_country(outcomes, sheets, ctx)
    return outcomes


def apply_country(outcomes: list[SheetOutcome], sheets: list[SheetGrid], ctx: ReadContext) -> None:
    """Set aside every figure of a file that names another member country as its own (its title,
    a note or 'Prepared by' line under a table, a cover sheet's 'Country | Guyana', a body such as
    'TTPS', a sheet's name, the file's name) and never the folder's: stored under the folder's
    country they would be published as that country's (`named_country`). The UNODC export and
    files without a country folder are not concerned."""
    if not ctx.country_iso3:
        return
    rows: list[list[object]] = []
    names: list[str] = []
    texts: list[tuple[bool, list[object]]] = []
    partners: set[str] = set()
    for sheet, o in zip(sheets, outcomes):
        if o.layout == "glotip":
            continue
        names.append(sheet.name)
        texts += text_rows(sheet.rows)
        partners |= {str(p) for r in o.readings if (p := r.key.get("partner_iso3"))}
        if not o.readings:
            continue
        for region, _ in o.regions or [(Region(sheet, 0, max(0, sheet.n_rows - 1)), o.readings)]:
            rows += title_rows(region)
    if not any(o.readings for o in outcomes):
        return
    named = countries_named(rows, names, ctx.labels, ctx.file_name or "", texts, partners)
    if named - {ctx.country_iso3} and own_named(ctx.country_iso3, rows, texts, names, ctx.file_name or ""):
        named.add(ctx.country_iso3)
    why = other_country_reason(ctx.country_iso3, named)
    if why is None:
        return
    for o in outcomes:
        for r in o.readings:
            r.problem, r.key, r.suggestions = why, {}, []


# A title row has one or two cells (a header row names columns); "Victims identified, January to
# June 2023" split by a CSV comma is two.
TITLE_CELLS = 2


def _tables_named(outcomes: list[SheetOutcome], sheets: list[SheetGrid], ctx: ReadContext, find, names: bool = True):
    """(region, its readings, words) for every table whose title or a note above it, the sheet's
    banner (the first table's title rows, inherited by the tables below it), the sheet's name or the
    file's name has words `find` returns (the table's own title first). Tables that mapping.yaml
    `tables` chooses with `use: true` or a `year` are left out: the sender said what they are."""
    file_words = find(PurePath(ctx.file_name).stem) if ctx.file_name and names else None
    for sheet, o in zip(sheets, outcomes):
        if o.layout == "glotip" or not o.readings:
            continue
        inherited = file_words or (find(sheet.name) if names else None)
        tables = o.regions or [(Region(sheet, 0, max(0, sheet.n_rows - 1)), o.readings)]
        mine = {id(r) for r in o.readings}
        for i, (region, readings) in enumerate(tables):
            texts = [v for row in title_rows(region) if len(row) <= TITLE_CELLS for v in row if isinstance(v, str)]
            words = next((w for t in texts if (w := find(t))), None) or inherited
            if i == 0 and len(tables) > 1:
                inherited = words  # the banner above the first table speaks for the sheet
            if words is None:
                continue
            if not region.title:  # the whole sheet as one table: its title for mapping.yaml 'tables'
                region.title = " ".join(texts)[:300]
            choice = _table_choice(region, ctx)
            if choice.get("use") is True or choice.get("year") is not None:
                continue
            yield region, [r for r in readings if id(r) in mine], words


def apply_periods(outcomes: list[SheetOutcome], sheets: list[SheetGrid], ctx: ReadContext) -> None:
    """Set aside the figures of tables that cover part of a year only ("January to June 2023",
    "first quarter", "premier semestre", "up to 30 September": `layouts.periods`), said by the table's
    title, the sheet's banner, name or the file's name (`_tables_named`). Such figures are no yearly
    count: stored under the title's year they would be published as the year's figure."""
    for region, readings, words in _tables_named(outcomes, sheets, ctx, part_of_year):
        why = (
            f"the table's title or name says its figures cover part of a year only ('{_short(words)}'): "
            "only yearly counts are stored (send the figure for the whole year; if the table does cover "
            "the whole year, name it in mapping.yaml under 'tables')"
        )
        for r in readings:
            if r.problem is not None and "cover part of a year" in r.problem:
                continue  # its own column says which part ('Second semester' beside 'First semester')
            if r.problem is None and _year_in_own_labels(r, region.grid) and part_of_year(words, (int(r.key["year"]),)) is None:
                continue  # 'figures as at 31 March 2022' over 2020 | 2021: the date the whole years were extracted
            r.problem, r.key, r.suggestions = why, {}, []
    for _, readings, words in _tables_named(outcomes, sheets, ctx, running_total, names=False):  # a title's words only
        why = (
            f"the table's title says its figures are running sums over the years ('{_short(words)}'), not one calendar "
            "year's count: only yearly counts are stored (send each year's own figure; if the table does give yearly "
            "counts, name it in mapping.yaml under 'tables')"
        )
        for r in readings:
            if r.problem is None:
                r.problem, r.key, r.suggestions = why, {}, []
    for region, readings, words in _tables_named(outcomes, sheets, ctx, running_since, names=False):  # a title's words only
        why = (
            f"the table's title says its figures are running sums over the years ('{_short(words)}'): a year in the "
            "title is where the count starts or ends, not one calendar year's count; only yearly counts are stored (send each year's own "
            "figure; if the table does give one year's counts, name it in mapping.yaml under 'tables')"
        )
        for r in readings:
            if r.problem is None and not _year_in_own_labels(r, region.grid):
                r.problem, r.key, r.suggestions = why, {}, []


def apply_financial_years(outcomes: list[SheetOutcome], sheets: list[SheetGrid], ctx: ReadContext) -> None:
    """Set aside the figures whose year was taken from a title, sheet name or file name that names a
    financial year ("FY2022", "Año fiscal 2021", "exercice 2021-2022": `layouts.periods.financial_year`),
    as a header "FY23" already is: a financial year straddles two calendar years, so the figure is no
    count of either. A figure whose own row or column names its year ("Année civile 2022" in a file
    named "..._exercice_2021-2022") keeps it."""
    for region, readings, words in _tables_named(outcomes, sheets, ctx, financial_year):
        why = (
            f"the table's title, sheet name or file name gives a financial year or a range of years ('{_short(words)}'), "
            "not one calendar year: only calendar-year counts are stored (send the calendar year's figures, or write "
            "the calendar year beside each figure, or name the table in mapping.yaml under 'tables')"
        )
        for r in readings:
            if r.problem is None and not _year_in_own_labels(r, region.grid):
                r.problem, r.key, r.suggestions = why, {}, []


def apply_not_recorded(outcomes: list[SheetOutcome], sheets: list[SheetGrid], ctx: ReadContext) -> None:
    """Set aside the figures of tables whose title, sheet name or file name says they are targets,
    projections or estimates (a national action plan's "targets", "metas", "objectifs", "Projected
    victims 2024": `intake.planned`): stored, they would be published as counts recorded by the
    authorities (finding H-C). mapping.yaml 'tables' can say a table is one of recorded counts."""
    for _, readings, words in _tables_named(outcomes, sheets, ctx, not_recorded):
        why = (
            f"the table's title or name says its figures are targets, projections or estimates ('{_short(words)}'), "
            "not counts recorded by the authorities: only recorded counts are stored (send the figures actually "
            "recorded; if the table does hold them, name it in mapping.yaml under 'tables')"
        )
        for r in readings:
            r.problem, r.key, r.suggestions = why, {}, []
    for _, readings, words in _tables_named(outcomes, sheets, ctx, other_count, names=False):  # a title's words only
        why = (
            f"the table's title or name says its figures count persons screened or found abroad ('{_short(words)}'): "
            "not one of the network's indicators; set aside (if the table does count victims identified in the country, "
            "name it in mapping.yaml under 'tables')"
        )
        for r in readings:
            r.problem, r.key, r.suggestions = why, {}, []


def apply_case_titles(outcomes: list[SheetOutcome], sheets: list[SheetGrid], ctx: ReadContext) -> None:
    """Set aside the counts of persons of tables whose title says they count cases or case files
    ("Traite des personnes 2022 - nombre de dossiers", "Trafficking cases, 2022 (number of cases)":
    words.case_words, not negated) when the figure's own labels do not say they count persons
    ('Prosecuted', 'Poursuivis'; not 'Victims identified', 'Persons prosecuted'): a count of case files
    stored as persons prosecuted would be a wrong number (finding K-D)."""
    for _, readings, words in _tables_named(outcomes, sheets, ctx, cases_named, names=False):  # a title's words only
        for r in readings:
            if r.problem is None and (why := counts_cases_problem(words, r.key.get("indicator"), r.raw_label)):
                r.problem, r.key, r.suggestions = why, {}, []


def _year_in_own_labels(reading: CellReading, grid: SheetGrid) -> bool:
    """The reading's year is written in its own labels (a year column's header) or in its own row
    (a long table's Year column), not only in a title, sheet name or file name."""
    year = reading.key.get("year")
    if year is None:
        return False
    if re.search(rf"(?<!\d){int(year)}(?!\d)", str(reading.raw_label)):
        return True
    r = _row_number(reading.cell) - 1
    letters = "".join(ch for ch in reading.cell if ch.isalpha())
    own = sum((ord(ch.upper()) - 64) * 26**i for i, ch in enumerate(reversed(letters))) - 1
    row = grid.rows[r] if 0 <= r < len(grid.rows) else []
    return any(as_year(v) == year for c, v in enumerate(row) if c != own)


def apply_subjects(outcomes: list[SheetOutcome], ctx: ReadContext) -> None:
    """Set aside the figures of tables that are not about trafficking in persons.

    A table about another crime (its title or header names murder, larceny, drugs...) keeps only
    figures whose own labels name trafficking ('Trafficking in persons' as a row of a table of
    offences). A table that says nothing keeps its figures, unless the file also holds tables about
    other crimes and its own name does not say it is a trafficking return: then a generic
    'Victims' or 'Arrests' may belong to any crime, and is set aside."""
    labels = ctx.labels
    file_tip, file_others = labels.subject(ctx.file_name.replace("_", " ").replace("-", " "))
    any_other = any(region.subject == "other" for o in outcomes for region, _ in o.regions)
    for o in outcomes:
        for region, readings in o.regions:
            choice = _table_choice(region, ctx)
            use = choice.get("use")
            if use is True:
                continue
            subject = region.subject
            if use is None and subject != "other":
                _side_subjects(region, readings, labels)
            if use is None and subject == "mixed":
                _mixed_subjects(region, readings, labels)
                continue
            if use is False:
                why = f"the table '{_short(region.title)}' is ignored as the mapping file asks"
            elif subject in ("trafficking", "mixed") or (subject == "unknown" and (not any_other or (file_tip and not file_others))):
                continue
            elif subject == "unknown":
                why = (
                    f"the table '{_short(region.title)}' does not say it is about trafficking in persons, and this file also "
                    "holds tables about other crimes; its figures are not stored (give it a title naming trafficking in "
                    "persons, or choose it in mapping.yaml under 'tables')"
                )
            else:
                crimes = ", ".join(sorted(region.other_crimes)[:3])
                why = f"the table '{_short(region.title)}' is about {crimes}, not trafficking in persons; its figures are not stored"
            for r in readings:
                tip, others = labels.subject(r.raw_label)
                if use is not False and tip and not others:
                    continue  # 'Trafficking in persons' as a row of a table of offences
                # Also over another problem: that the table is not about trafficking is what the
                # sender needs to know (no label of a murder table needs a mapping).
                r.problem, r.key, r.suggestions = why, {}, []


def _mixed_subjects(region: Region, readings: list[CellReading], labels) -> None:
    """A table under a title naming trafficking in persons joined to another crime ("Trafficking in
    persons and smuggling of migrants, 2022", "Tráfico ilícito de migrantes y trata de personas 2022":
    `regions.joint_offences`) leaves it to the labels: a figure whose own labels, or else the nearest
    line above it naming an offence (a sub-table's header 'Mensenhandel'), name trafficking alone is
    stored; one under the other crime is set aside, and so is one under nothing but the joint title
    ("Persons prosecuted"), which may count both crimes together (finding K-M)."""
    rows = region.grid.rows
    joint = {}
    for rr in range(region.first_row, min(region.last_row + 1, len(rows))):
        crimes = set().union(*(joint_offences(v, labels) for v in rows[rr] or []))
        if crimes:
            joint[rr] = crimes
    if not joint:
        return
    for r in readings:
        if r.problem is not None:
            continue
        tip, others = labels.subject(r.raw_label)
        rr = _row_number(r.cell) - 1
        while not (tip or others) and rr > region.first_row:
            rr -= 1
            if rr in joint:
                break
            tip, others = labels.subject(" ; ".join(v for v in rows[rr] or [] if isinstance(v, str)))
            if tip and others:
                tip, others = False, set()  # a body's name or a line naming both apart: look further up
        if tip and not others:
            continue
        if others:
            why = f"this figure's labels name {', '.join(sorted(others)[:3])}, not trafficking in persons; not stored"
        elif rr in joint:
            why = (
                f"the table '{_short(region.title)}' counts trafficking in persons and {', '.join(sorted(joint[rr])[:3])}, "
                "and this figure's labels do not say which: it may count both crimes together, not trafficking in persons "
                "alone; not stored (write the offence in the row labels, or send trafficking in persons in a table of its own)"
            )
        else:
            continue  # above a joint title: another table's figure
        r.problem, r.key, r.suggestions = why, {}, []


def _side_subjects(region: Region, readings: list[CellReading], labels) -> None:
    """A table standing beside the trafficking table whose own title names another crime ("Smuggling of
    migrants 2022" | "Prosecuted" beside "Trafficking in persons 2022"): its columns' figures are set
    aside as a table stacked below would be, so that its 'Prosecuted' is neither stored as trafficking
    prosecutions nor taken for a second value of the trafficking table's (attack5 J-O, J-N.4)."""
    for block in side_blocks(region, labels):
        if block.subject != "other":
            continue
        crimes = ", ".join(sorted(block.other_crimes)[:3])
        why = f"the table '{_short(block.title)}' is about {crimes}, not trafficking in persons; its figures are not stored"
        for r in readings:
            col = column_index("".join(ch for ch in r.cell if ch.isalpha()))
            if not block.first_col <= col <= block.last_col:
                continue
            tip, others = labels.subject(r.raw_label)
            if tip and not others:
                continue  # 'Trafficking in persons' as a row of a table of offences
            r.problem, r.key, r.suggestions = why, {}, []


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 60 else text[:59] + "…"

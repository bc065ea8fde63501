"""Reading the labels of table rows: an indicator, a breakdown value under the indicator above
("Female", "of which: girls"), both ("Victims identified (female)"), or a year (years as rows).

Rows form blocks: a row naming an indicator starts one, and breakdown rows below it belong to
it. A "Total" row is that block's total only when nothing says otherwise: it must follow the
block's breakdown rows, the block's own row must not already carry figures, and in a table of
several blocks it must add up to the block's parts. Anything else (a "Total" after rows of
different indicators, a "Grand total", a total over years) is a total of several figures that
the schema does not hold: it is reported, never stored."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ctip.intake.layouts.cellkinds import Label, resolve_siblings
from ctip.intake.layouts.months import part_year_total
from ctip.intake.values import parse_count
from ctip.schema import load_schema


@dataclass
class RowMeaning:
    indicator: str | None = None
    dims: dict[str, str] = field(default_factory=dict)
    year: int | None = None
    problem: str | None = None
    suggestions: list[str] = field(default_factory=list)
    own_indicator: bool = False  # the row itself names the indicator (it starts a block)
    kind: str = "empty"  # indicator | breakdown | total | year | empty | problem
    text: str = ""
    foreign: bool = False  # the label names something the schema does not know (a crime, a place, a word)
    month: bool = False  # the label is a month or quarter
    crime: bool = False  # the label names another crime
    offence: bool = False  # the label names trafficking itself: the rows are kinds of offence
    national: bool = False  # the label is a total over the country's places ("Total nacional")


def combine_labels(labels: list[Label]) -> RowMeaning:
    """One row's label cells, left to right, as one meaning."""
    m = RowMeaning(text=" / ".join(lab.text for lab in labels))
    indicators, years, totals = set(), set(), []
    subject = False
    for lab in labels:
        if lab.kind in ("neutral", "number"):
            continue
        if lab.kind == "subject":
            subject = True
            continue
        if lab.kind == "year":
            years.add(lab.year)
            continue
        if lab.kind in ("noise", "unknown") or (lab.kind == "dims" and lab.problem):
            m.problem, m.suggestions, m.kind = lab.problem, list(lab.suggestions), "problem"
            m.month = lab.role == "month"
            m.foreign = lab.is_foreign
            m.crime = lab.role == "crime"
            return m
        if lab.kind == "grand_total":
            m.problem, m.kind = f"'{lab.text}' is a total of several indicators, not an indicator; not stored", "grand_total"
            return m
        if lab.year is not None:
            years.add(lab.year)
        if lab.kind == "total":
            totals.append(lab)
            m.national = m.national or lab.role == "national"
            continue
        if lab.kind == "indicator":
            indicators.add(lab.indicator)
            m.own_indicator = m.own_indicator or not lab.part_of
        for k, v in lab.dims:
            if k in m.dims and m.dims[k] != v:
                m.problem, m.kind = f"row '{m.text}' gives two values for {k}", "problem"
                return m
            m.dims[k] = v
    if len(indicators) > 1:
        m.problem, m.kind = f"row '{m.text}' names several indicators", "problem"
        return m
    if len(years) > 1:
        m.problem, m.kind = f"row '{m.text}' names several years", "problem"
        return m
    m.indicator = next(iter(indicators), None)
    m.year = next(iter(years), None)
    if m.indicator:
        m.kind = "indicator" if m.own_indicator else "breakdown"
    elif m.dims:
        m.kind = "breakdown"
    elif totals:
        m.kind = "total"
    elif m.year is not None:
        m.kind = "year"
    elif subject:
        m.kind = "breakdown"  # "Trafficking in persons" in a table of offences: no breakdown
        m.offence = True
    return m


@dataclass
class BodyRow:
    r: int
    labels: list[Label | None]  # one per label column
    values: dict[int, object]  # data column -> raw value
    stray: dict[int, object] = field(default_factory=dict)  # cells right of the table


class RowReader:
    """Reads a table's body rows in order, keeping the indicator block they belong to."""

    def __init__(self, start_indicator: str | None = None, start_dims: dict[str, str] | None = None, columns_name_indicators: bool = False):
        self.columns_name_indicators = columns_name_indicators
        self.current: str | None = start_indicator
        self.block_dims: dict[str, str] = dict(start_dims or {})
        self.block_has_figures = False
        self.block_total_seen = False
        self.block_parts: list[tuple[frozenset[str], dict[int, int]]] = []
        self.part_values: list[tuple[dict[str, str], int | None, dict[int, int]]] = []  # (dims, year, counts)
        self.n_blocks = 1 if start_indicator else 0
        self.current_year: int | None = None
        self.group_year: int | None = None  # a year written alone above a group of rows (pivot tables)
        self.child_year: int | None = None  # the last year row: breakdown rows below it belong to it
        self.parent_ok = True  # the last row that is not an "of whom" row was read
        self.single_indicator = start_indicator is not None  # the title names the table's one indicator
        self.rows_named_indicator = False
        self.block_foreign: list[tuple[str, bool]] = []  # rows of the block the schema does not know (crimes, places)
        self.block_year: int | None = None  # the year the block's own row names ('... identified in 2022')
        self.places = False  # the rows are places inside the country (a header 'Province', a national total)
        # The table says it is about trafficking (its title or the file's name): rows the schema does
        # not know (provinces of a pivot table) split its figures, and their total is the figure.
        self.partition_ok = False
        self.block_crimes = 0
        # Every row of the block that is one part of its figure (a known breakdown or a category the
        # schema does not hold, never an 'of whom' row or a total): {column: count, or None when the
        # cell holds no count}; a Total over categories is kept only when it is their sum.
        self.block_rows: list[dict[int, int | None]] = []
        self.block_foreign_meanings: list[RowMeaning] = []
        # A questionnaire's numbered rows ('1.1 of whom female'): number -> its meaning, None when the
        # number was written twice (attack6 K-J: '1.1.1 of whom children' is a breakdown of '1.1').
        self.items: dict[tuple[int, ...], RowMeaning | None] = {}
        self.block_months: list[str] = []  # month or quarter rows since the block's start or its last total

    def read_block(self, rows: list[BodyRow], rows_carry_years: bool) -> list[RowMeaning]:
        """Meanings of a run of rows (one or more blocks), deciding labels by their siblings first."""
        resolved = _resolve_blocks(rows)
        return [self.read(row, labels, rows_carry_years) for row, labels in zip(rows, resolved)]

    def end_block(self) -> None:
        self.current = None
        self.block_year = None
        self.block_dims = {}
        self.current_year = None
        self.block_foreign = []
        self.block_rows = []
        self.block_foreign_meanings = []
        self.block_months = []

    def read(self, row: BodyRow, labels: list[Label | None], rows_carry_years: bool) -> RowMeaning:
        number = item_number(row.labels)  # as written: siblings share one resolved label per wording
        m = self._read(row, labels, rows_carry_years, number)
        if number is not None:
            self.items[number] = None if number in self.items else m
        return m

    def _nested(self, m: RowMeaning, number: tuple[int, ...] | None) -> str | None:
        """A breakdown row numbered under another numbered row ('1.1.1 of whom children' under '1.1
        of whom female', attack6 K-J) is a breakdown of that row: its breakdown is added to `m`'s
        (female x child). The reason it is set aside when the nesting cannot be read safely (the row
        above it was not read, gives another value of the same breakdown or another indicator, its
        number was written twice, or the row it is numbered under is missing), else None."""
        if number is None or len(number) < 2:
            return None
        depth = len(number) - 1
        while depth and number[:depth] not in self.items:
            depth -= 1
        if not depth:
            return None  # no numbered row above it: the numbering says nothing here
        parent = self.items[number[:depth]]
        label = ".".join(map(str, number[:depth]))
        if parent is None:
            return f"'{m.text}' is numbered under {label}, a number written twice; which row it breaks down is unclear, so it is not stored"
        if parent.kind not in ("indicator", "breakdown"):
            if parent.kind == "empty":
                return None  # a heading naming nothing ('1.1 Breakdown:')
            return f"'{m.text}' is numbered under '{parent.text}', which was not read; it is a breakdown of that row, so it is not stored"
        if not parent.dims:
            return None  # under the indicator's own row: read as before
        if depth != len(number) - 1:
            missing = ".".join(map(str, number[:-1]))
            return f"'{m.text}' is numbered under {missing}, which is not in the table; which row it breaks down is unclear, so it is not stored"
        if parent.indicator and m.indicator and parent.indicator != m.indicator:
            return f"'{m.text}' is numbered under '{parent.text}', which counts another indicator; not stored"
        clash = [k for k, v in parent.dims.items() if m.dims.get(k, v) != v]
        if clash:
            return f"'{m.text}' is numbered under '{parent.text}' but gives another {clash[0]}; which group it counts is unclear, so it is not stored"
        for k, v in parent.dims.items():
            m.dims.setdefault(k, v)
        if m.year is None:
            m.year = parent.year
        return None

    def _read(self, row: BodyRow, labels: list[Label | None], rows_carry_years: bool, number: tuple[int, ...] | None) -> RowMeaning:
        m = combine_labels([lab for lab in labels if lab is not None])
        if m.kind == "grand_total":
            # "Total general" under rows of one indicator named by the title (nationalities, places)
            # is that indicator's total; anywhere else it adds up several indicators.
            if self.child_year is not None and m.year is None:
                # under year groups (a pivot's '2021', '2022' rows) it adds up the years
                m.kind, m.problem = "problem", f"'{m.text}' adds up the year groups above it; a total over several years is not stored"
            elif (self.single_indicator and not self.rows_named_indicator and not self.columns_name_indicators) or (
                self.columns_name_indicators and not self.rows_named_indicator
            ):
                # ... or when the columns name the indicators: the row total is each column's total
                m.kind, m.problem = "total", None
            else:
                m.kind = "problem"
        if m.kind == "indicator":
            self.rows_named_indicator = True
        if m.offence:
            self.block_crimes += 1  # rows are offences: the others are crimes the schema does not know
        figures = {c: parse_count(v) for c, v in row.values.items()}
        counts = {c: p.value for c, p in figures.items() if p.kind in ("count", "nil") and p.value is not None}
        if m.kind == "problem" and m.foreign and self.places:
            m.problem = (
                (f"'{m.text}' is a place inside the country: figures by province, district, parish or island are set aside (only the national total is stored)")
                if self.places != "nationality"
                else (
                    f"'{m.text}' is one nationality in a table not read as one of victims by nationality (that needs a title or "
                    "sheet name naming nationality, two known countries in one column, and a column per year, per sex or one "
                    "value column): not stored as a flow; nationals, foreigners and the total are stored"
                )
            )
        part_of = any(lab is not None and lab.part_of for lab in labels)
        if m.kind == "problem" and m.month and row.values:
            self.block_months.append(m.text)
        if m.kind == "problem" and (m.foreign or m.month) and any(p.is_observation for p in figures.values()):
            self.block_foreign.append((m.text, m.month))
            self.block_crimes += m.crime
            if not part_of:
                self.block_rows.append(_row_counts(figures))
                self.block_foreign_meanings.append(m)
        if not part_of and m.kind != "empty":
            self.parent_ok = m.kind != "problem"  # what an "of whom" row below belongs to
        elif part_of and not self.parent_ok and m.kind in ("breakdown", "total"):
            m.problem, m.kind = f"'{m.text}' belongs to the row above it, which was not read", "problem"
            return m
        if m.year is not None:
            self.current_year = m.year
            if m.kind == "year":
                # "2021" above its rows (a pivot table's compact form): alone it is the group's
                # header; with figures it is also the group's subtotal, which no total row may take.
                has_figures = any(p.is_observation for p in figures.values())
                self.group_year = None if has_figures else m.year
                self.child_year = m.year
                if not has_figures:
                    return m
        elif rows_carry_years and m.kind in ("indicator", "breakdown") and labels and labels[0] is None:
            m.year = self.current_year  # the year cell of a group of rows, written once
        if m.year is None and self.group_year is not None and m.kind in ("indicator", "breakdown", "total"):
            m.year = self.group_year
        elif m.year is None and self.child_year is not None and m.kind in ("indicator", "breakdown") and m.dims:
            m.year = self.child_year
        if m.kind == "indicator":
            # "Victims identified | Female" starts a block with its first breakdown; only a row naming
            # the indicator alone gives the block's total.
            self.current = m.indicator
            self.block_dims = {}
            self.block_has_figures = bool(row.values) and not m.dims
            self.block_total_seen = False
            self.block_parts = [(frozenset(m.dims), counts)] if m.dims and counts else []
            self.part_values = [(dict(m.dims), m.year, counts)] if m.dims and counts else []
            self.block_foreign = []
            self.block_foreign_meanings = []
            self.block_months = []
            self.block_rows = [_row_counts(figures)] if m.dims and row.values else []
            self.block_year = m.year
            self.n_blocks += 1
            return m
        if m.kind == "breakdown":
            if m.indicator is None:
                m.indicator = self.current
            if why := self._nested(m, number):
                m.problem, m.kind, m.dims = why, "problem", {}
                return m
            if m.year is None and part_of and m.indicator == self.current:
                m.year = self.block_year  # 'Of whom female' under 'Victims identified in 2022'
            for k, v in self.block_dims.items():
                m.dims.setdefault(k, v)
            if counts:
                self.block_parts.append((frozenset(m.dims), counts))
                self.part_values.append((dict(m.dims), m.year, counts))
            if not part_of and row.values:
                self.block_rows.append(_row_counts(figures))
            return m
        if m.kind == "total":
            got = self._total(m, counts, rows_carry_years)
            self.block_rows, self.block_foreign_meanings, self.block_months = [], [], []  # the rows after a total are a new group
            return got
        if m.kind == "year":
            m.indicator = self.current if not self.columns_name_indicators else None
            m.dims = dict(self.block_dims)
        return m

    def _categories_of(self, counts: dict[int, int]) -> bool:
        """Whether a Total over rows the schema does not hold is the total of the one count the table
        names (its title, the indicator row above, or every column): then the rows are categories of
        that count (age bands, sectors, forms of exploitation, 'Prefer not to say', 'Non-Jamaican'),
        and the Total is kept when, in every column where it gives a count, it is exactly the sum of
        all the rows above it. Never when a row is another crime or a month, nor under year groups."""
        if self.block_crimes or any(month for _, month in self.block_foreign) or self.child_year is not None:
            return False
        by_columns = self.columns_name_indicators and not self.rows_named_indicator
        by_block = self.current is not None and not self.block_has_figures and not self.block_total_seen
        if not (by_columns or by_block) or not counts or len(self.block_rows) < 2:
            return False
        for c, total in counts.items():
            parts = [row.get(c) for row in self.block_rows]
            if any(v is None for v in parts) or sum(parts) != total:
                return False
        return True

    def _total(self, m: RowMeaning, counts: dict[int, int], rows_carry_years: bool) -> RowMeaning:
        def refuse(why: str) -> RowMeaning:
            m.problem, m.kind = why, "problem"
            return m

        if rows_carry_years and m.year is None:
            return refuse(f"'{m.text}' is a total over several years; not stored")
        if self.block_months and (why := part_year_total(m.text, self.block_months)):
            return refuse(why)  # Jan .. Sep | Total: part of a year (attack6 K-O)
        others = [t for t, month in self.block_foreign if not month]
        if others and not (self.places or m.national or (self.partition_ok and not self.block_crimes)):
            shown = ", ".join(f"'{t}'" for t in others[:3])
            if not self._categories_of(counts):
                return refuse(f"'{m.text}' adds up rows that are not breakdowns of trafficking figures ({shown}); not stored")
            # Age bands, sectors, forms of exploitation the schema does not name, 'Prefer not to say':
            # categories of the one count the title or the columns name, and the Total is their sum.
            for row in self.block_foreign_meanings:
                row.problem = (
                    f"'{row.text}' is a category the network does not collect (no breakdown of the schema: an age band, "
                    f"a sector, a form of exploitation or a group it does not name); set aside, the rows' sum ('{m.text}') is stored"
                )
                row.suggestions = []
            if self.columns_name_indicators and not self.rows_named_indicator:
                return m
            self.block_total_seen = True
            m.indicator, m.dims = self.current, dict(self.block_dims)
            return m
        if self.columns_name_indicators:
            return m  # rows are breakdowns of the indicators named by the columns
        if self.current is None:
            return refuse(f"'{m.text}' has no indicator above it; a total of several indicators is not stored")
        if self.block_has_figures:
            return refuse(
                f"'{m.text}' stands under an indicator whose own row already gives its figures; it may be a total of several indicators, so it is not stored"
            )
        if self.block_total_seen:
            return refuse(f"'{m.text}' is a second total in the block of {self.current}; not stored")
        if self.n_blocks >= 2 and self.block_parts and not _adds_up(counts, self.block_parts):
            return refuse(f"'{m.text}' does not add up to the rows of {self.current} above it; it may be a total of several indicators, so it is not stored")
        shared = _shared_dims([(d, c) for d, y, c in self.part_values if y == m.year], counts)
        if shared is None:
            return refuse(f"'{m.text}' does not add up to the rows above it, which all share a breakdown (it may be a total of all ages or sexes); not stored")
        self.block_total_seen = True
        m.indicator = self.current
        m.dims = {**shared, **self.block_dims}
        return m


# A questionnaire's item number before a label: '1.1.1 of whom children', '2.3)', '1.', or a number
# alone in its own column ('1.1.1'); a single number needs its point or bracket ('14 victims' is none).
_ITEM_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){1,5}|\d{1,2}(?=[.)]))[.)]?(?:\s|$)")


def item_number(labels: list[Label | None]) -> tuple[int, ...] | None:
    """The item number written before a row's label (in its first label cell), or None."""
    first = next((lab for lab in labels if lab is not None), None)
    if first is None or first.kind == "year":
        return None
    m = _ITEM_NUMBER.match(first.text)
    return tuple(int(p) for p in m.group(1).split(".")) if m else None


def _row_counts(figures: dict) -> dict[int, int | None]:
    """A row's cells as counts ('-' and 'Nil' are 0), None for a cell that holds no count ('<5', '..')."""
    return {c: p.value if p.kind in ("count", "nil") else None for c, p in figures.items()}


def _shared_dims(parts: list[tuple[dict[str, str], dict[int, int]]], total: dict[int, int]) -> dict[str, str] | None:
    """The breakdown every part of a total shares ('Girls', 'Boys': children): the total's own
    breakdown, as it adds them up (its key is never broader than its parts'). None when the parts
    share one but the total does not add up to them (it may count more than the parts)."""
    if len(parts) < 2:
        return {}
    shared = dict(parts[0][0])
    for dims, _ in parts[1:]:
        shared = {k: v for k, v in shared.items() if dims.get(k) == v}
    vague = (load_schema().total_code, load_schema().code("not_known"))  # no part named
    shared = {k: v for k, v in shared.items() if v not in vague}
    if not shared:
        return {}
    common = [c for c in total if all(c in counts for _, counts in parts)]
    if common and all(sum(counts[c] for _, counts in parts) == total[c] for c in common):
        return shared
    return None


def _adds_up(total: dict[int, int], parts: list[tuple[frozenset[str], dict[int, int]]]) -> bool:
    """The total equals, in at least one column, the sum of one kind of breakdown of the block."""
    by_dims: dict[frozenset[str], dict[int, int]] = {}
    for dims, counts in parts:
        acc = by_dims.setdefault(dims, {})
        for c, v in counts.items():
            acc[c] = acc.get(c, 0) + v
    return any(total.get(c) == s for acc in by_dims.values() for c, s in acc.items() if c in total)


def _resolve_blocks(rows: list[BodyRow]) -> list[list[Label | None]]:
    """Sibling rules per block and label column ('H' and 'M', 'Mujeres' beside 'Niñas')."""
    out = [list(row.labels) for row in rows]
    blocks: list[list[int]] = [[]]
    for i, row in enumerate(rows):
        if any(lab is not None and lab.kind == "indicator" and not lab.part_of for lab in row.labels):
            blocks.append([])
        blocks[-1].append(i)
    n_cols = max((len(row.labels) for row in rows), default=0)
    for block in blocks:
        for c in range(n_cols):
            column = [out[i][c] if c < len(out[i]) else None for i in block]
            for i, lab in zip(block, resolve_siblings(column)):
                if c < len(out[i]):
                    out[i][c] = lab
    return out

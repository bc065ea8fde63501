"""Tables, not sheets: a sheet split into the tables it holds, each with its own title and subject.

Police bulletins and annual reports put several tables on one sheet: murders by division, larceny
by district, then trafficking in persons. A new table starts at a title row (one or two cells of
text, or a year alone) that follows a blank row or the figures of the table above, when a header
row follows it. Each table is read as if it stood alone on the sheet (cells keep their places, so
every figure still points at its own cell), with the sheet's banner (the rows above the first
table) as inherited context for its year.

A table's subject comes from its own title and header, then the sheet name: trafficking in
persons, another crime, both, or nothing said. The caller decides what a generic label ("Victims",
"Arrests", "Total") means in each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ctip.intake.layouts.cellkinds import classify, is_figure, strip_accents_lower
from ctip.intake.layouts.headers import as_year
from ctip.intake.read import SheetGrid
from ctip.schema import word_lists
from ctip.vocabulary.labels import LabelIndex
from ctip.vocabulary.normalise import normalise

MAX_TITLE_TO_HEADER = 3  # non-blank rows between a title and its header


@dataclass
class Region:
    grid: SheetGrid  # the sheet with every row outside this table blank
    first_row: int
    last_row: int
    title: str = ""  # the text above the table's first figures (title and header rows)
    subject: str = "unknown"  # trafficking | other | mixed | unknown
    other_crimes: set[str] = field(default_factory=set)


def _cells(row: list) -> list[tuple[int, object]]:
    return [(c, v) for c, v in enumerate(row) if v is not None and not (isinstance(v, str) and not v.strip())]


def has_figures(row: list) -> bool:
    """Whether a row holds a figure (a count, a suppressed or nil mark, a number that is no year)."""
    return _has_figures(row)


def _has_figures(row: list) -> bool:
    return any(is_figure(v) and as_year(v) is None for _, v in _cells(row)) or any(
        isinstance(v, (int, float)) and not isinstance(v, bool) and as_year(v) is None for _, v in _cells(row)
    )


def _title_like(row: list, labels: LabelIndex) -> bool:
    """One or two cells of text (or a year alone), no figures, not a label of the schema."""
    cells = _cells(row)
    if not cells or len(cells) > 2:
        return False
    for _, v in cells:
        if as_year(v) is not None and len(cells) == 1:
            return True
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if as_year(v) is None or len(cells) > 1:
                return False
            continue
        if not isinstance(v, str) or is_figure(v):
            return False
    lab = classify(cells[0][1], labels)
    if lab is not None and lab.kind == "indicator" and _numbered_title(cells[0][1]):
        return True  # 'Table 2: Persons charged, 2023' names its table's indicator
    return lab is None or lab.kind not in ("indicator", "dims", "total", "grand_total")


@lru_cache(maxsize=1)
def _table_words() -> re.Pattern:
    words = sorted({normalise(w) for ws in word_lists("words.table_words").values() for w in ws if normalise(w)}, key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(map(re.escape, words)) + r")\s*[0-9ivx]+[a-z]?\b" if words else r"$^")


def _numbered_title(text: object) -> bool:
    """'Table 2: ...', 'Cuadro 3 - ...', 'Tabel 1.2': a numbered table's title."""
    return isinstance(text, str) and bool(_table_words().match(strip_accents_lower(text).strip()))


def _header_like(row: list, labels: LabelIndex) -> bool:
    cells = _cells(row)
    if not cells or _has_figures(row):
        return False
    kinds = [classify(v, labels) for _, v in cells]
    axis = sum(1 for k in kinds if k is not None and (k.is_axis or k.kind in ("noise", "subject")))
    texts = sum(1 for _, v in cells if isinstance(v, str))
    return (axis >= 1 and (texts >= 2 or axis >= 2)) or texts >= 2


def split_regions(sheet: SheetGrid, labels: LabelIndex) -> list[Region]:
    """The tables of a sheet, top to bottom, each as a sheet of its own with the other rows blanked (so
    cells keep their references); one region for the whole sheet when no second title is found."""
    rows = sheet.rows
    n = len(rows)
    starts = [0]
    seen_figures = False
    prev_blank = True
    prev_figures = False
    for r in range(n):
        row = rows[r] or []
        blank = not _cells(row)
        if not blank and seen_figures and (prev_blank or prev_figures) and _title_like(row, labels):
            if _header_follows(rows, r, labels):
                starts.append(r)
                seen_figures = False
        if r != starts[-1] and not blank and seen_figures and prev_blank and _untitled_header(rows, r, labels):
            # An untitled table below a blank row: its header row ('Sex | Prosecuted') over figures
            # starts it (attack5 J-I); read as one table, the first one's figures were lost.
            starts.append(r)
            seen_figures = False
        figures = not blank and _has_figures(row)
        seen_figures = seen_figures or figures
        prev_blank, prev_figures = blank, figures
    if len(starts) == 1:
        return [Region(sheet, 0, n - 1)]
    regions = []
    bounds = starts + [n]
    for i in range(len(starts)):
        r0, r1 = bounds[i], bounds[i + 1] - 1
        part = [list(rows[r]) if r0 <= r <= r1 else [] for r in range(n)]
        merged = [m for m in sheet.merged or [] if r0 <= m[0][0] <= r1]
        regions.append(Region(SheetGrid(sheet.name, part, merged, sheet.kind), r0, r1))
    return regions


def _untitled_header(rows: list, r: int, labels: LabelIndex) -> bool:
    """A header row of text naming an indicator or a breakdown ('Sex | Prosecuted', 'Indicator | 2022'),
    with figures in the next filled row: a table of its own after a blank row."""
    row = rows[r] or []
    if len(_cells(row)) < 2 or not _header_like(row, labels):
        return False
    if not any(isinstance(v, str) and (lab := classify(v, labels)) is not None and (lab.is_axis or lab.role) for _, v in _cells(row)):
        return False
    nxt = next((rows[rr] or [] for rr in range(r + 1, len(rows)) if _cells(rows[rr] or [])), [])
    return _has_figures(nxt)


def _header_follows(rows: list, r: int, labels: LabelIndex) -> bool:
    seen = 0
    for rr in range(r + 1, len(rows)):
        row = rows[rr] or []
        if not _cells(row):
            continue
        seen += 1
        if seen > MAX_TITLE_TO_HEADER or _has_figures(row):
            return False
        if _header_like(row, labels) or _one_column_header(rows, rr, labels):
            return True
    return False


def _one_column_header(rows: list, r: int, labels: LabelIndex) -> bool:
    """A header of one cell ('Total', '2023') over the column where the next row's figures stand."""
    cells = _cells(rows[r] or [])
    if len(cells) != 1 or _has_figures(rows[r] or []):
        return False
    c, v = cells[0]
    lab = classify(v, labels)
    if c == 0 or lab is None or not lab.is_axis:
        return False
    nxt = next((rows[rr] or [] for rr in range(r + 1, len(rows)) if _cells(rows[rr] or [])), [])
    return c < len(nxt) and is_figure(nxt[c]) and _has_figures(nxt)


def describe(region: Region, labels: LabelIndex, sheet_name: str) -> None:
    """The region's title text (rows above its first figures) and its subject."""
    texts: list[str] = []
    for r in range(region.first_row, region.last_row + 1):
        row = region.grid.rows[r] or []
        if _has_figures(row):
            break
        texts += [str(v) for _, v in _cells(row) if isinstance(v, str)]
    region.title = " ".join(texts)[:300]
    tip, others = labels.subject(" ; ".join(texts))
    if not tip and not others:
        tip, others = labels.subject(sheet_name)
    region.other_crimes = others
    region.subject = "mixed" if tip and others else "trafficking" if tip else "other" if others else "unknown"


_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_TITLE_PARTS = re.compile(r"\s[-–—]\s|[:;,]")  # "A and B — trafficking victims, 2021"


@lru_cache(maxsize=1)
def _body_words() -> re.Pattern | None:
    terms = {normalise(t) for key in ("body_words", "public_bodies") for ws in word_lists(f"words.{key}").values() for t in ws if normalise(t)}
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(sorted(map(re.escape, terms), key=len, reverse=True)) + r")(?![a-z0-9])") if terms else None


def joint_offences(cell: object, labels: LabelIndex) -> set[str]:
    """The other crimes a cell names joined to trafficking in persons ("Trafficking in persons and
    smuggling of migrants, 2022"): such a title may count both crimes together (finding K-M). A body's
    name ("Comisión Interinstitucional contra la Trata de Personas y el Tráfico Ilícito de Migrantes",
    "Taskforce Mensenhandel en Mensensmokkel": words.body_words, public_bodies) or words in brackets
    ("(Unit Mensenhandel / Mensensmokkel)") say who counted, not what."""
    if not isinstance(cell, str):
        return set()
    text = _BRACKETED.sub(" ", cell)
    bodies = _body_words()
    if bodies is not None and bodies.search(normalise(text)):
        return set()
    for part in _TITLE_PARTS.split(text):
        tip, others = labels.subject(part)
        if tip and not others:
            return set()  # "... and smuggling of migrants — trafficking victims, 2021": the part says which
    return labels.joint_offences(text)


def title_rows(region: Region) -> list[list[object]]:
    """The filled cells of each row above the region's first figures (its title, notes and header)."""
    out: list[list[object]] = []
    for r in range(region.first_row, region.last_row + 1):
        row = region.grid.rows[r] or []
        if _has_figures(row):
            break
        cells = [v for _, v in _cells(row)]
        if cells:
            out.append(cells)
    return out


def banner_text(region: Region) -> list[object]:
    """Cells above the first table's first figures: the sheet's banner and the first title."""
    out: list[object] = []
    for r in range(region.first_row, region.last_row + 1):
        row = region.grid.rows[r] or []
        if _has_figures(row):
            break
        out += [v for _, v in _cells(row)]
    return out


@dataclass
class SideBlock:
    """Columns first_col..last_col of a region, set apart from the others by blank columns, with
    the title and subject of the rows above its own first figures (attack5 J-O)."""

    first_col: int
    last_col: int
    title: str
    subject: str
    other_crimes: set[str]


def side_blocks(region: Region, labels: LabelIndex) -> list[SideBlock]:
    """The tables standing side by side in a region: runs of columns between columns blank on every
    row of the region, each with figures and its own row labels (text in its first column on the rows
    of its figures). A title over one of them ("Smuggling of migrants 2022" beside "Trafficking in
    persons 2022") speaks for its own columns only. Empty when the region is one block."""
    rows = [region.grid.rows[r] or [] for r in range(region.first_row, region.last_row + 1)]
    width = max((len(row) for row in rows), default=0)
    filled = [any(c < len(row) and _cells([row[c]]) for row in rows) for c in range(width)]
    runs: list[tuple[int, int]] = []
    for c, f in enumerate(filled):
        if f and (not runs or runs[-1][1] != c - 1):
            runs.append((c, c))
        elif f:
            runs[-1] = (runs[-1][0], c)
    if len(runs) < 2:
        return []
    blocks = []
    for c0, c1 in runs:
        part = [row[c0 : c1 + 1] for row in rows]
        figure_rows = [p for p in part if _has_figures(p)]
        if not figure_rows or not all(p and isinstance(p[0], str) and p[0].strip() and not is_figure(p[0]) for p in figure_rows):
            return []  # a block without figures or its own row labels: one table with a gap, not two tables
        texts: list[str] = []
        for p in part:
            if _has_figures(p):
                break
            texts += [str(v) for _, v in _cells(p) if isinstance(v, str)]
        tip, others = labels.subject(" ; ".join(texts))
        subject = "mixed" if tip and others else "trafficking" if tip else "other" if others else "unknown"
        blocks.append(SideBlock(c0, c1, " ".join(texts)[:300], subject, others))
    return blocks

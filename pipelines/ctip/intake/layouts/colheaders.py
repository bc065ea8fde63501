"""What each column of a table means, from its header cells (all rows of the header band).

A column that names no year in a table whose columns are years is a total over years; a
column that names no indicator where the other columns name indicators is a total of several
indicators. Neither is an observation: such columns are reported, never stored."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ctip.intake.layouts.cellkinds import Label, resolve_siblings
from ctip.intake.layouts.months import months_of, part_year_total
from ctip.intake.layouts.periods import part_of_year, running_total
from ctip.intake.layouts.rowlabels import combine_labels
from ctip.intake.layouts.table import Band


@dataclass
class ColumnMeaning:
    indicator: str | None = None
    dims: dict[str, str] = field(default_factory=dict)
    year: int | None = None
    problem: str | None = None
    suggestions: list[str] = field(default_factory=list)
    text: str = ""
    ignored: bool = False  # a notes or units column: its text is not read


def column_meanings(band: Band) -> dict[int, ColumnMeaning]:
    """Data column -> what its header says (indicator, breakdown, year) or why it is not stored (no
    header, not figures, a sum over other crimes or over years)."""
    cols = sorted(band.columns)
    n = len(band.rows)
    per_row = [resolve_siblings([_as_column_label(band.columns[c][i]) for c in cols]) for i in range(n)]
    meanings: dict[int, ColumnMeaning] = {}
    for j, c in enumerate(cols):
        labels = [per_row[i][j] for i in range(n) if per_row[i][j] is not None]
        if not labels:
            meanings[c] = ColumnMeaning(problem="the column has no header")
            continue
        text = " / ".join(lab.text for lab in labels)
        if all(lab.kind in ("neutral", "number") for lab in labels):
            meanings[c] = ColumnMeaning(text=text, ignored=True, problem=f"column '{text}' is not a column of figures")
            continue
        m = combine_labels(_lowest_indicator(labels))
        meanings[c] = ColumnMeaning(m.indicator, dict(m.dims), m.year, m.problem, m.suggestions, text)
    foreign = [
        " / ".join(lab.text for lab in band.columns[c] if lab is not None)
        for c in cols
        if any(lab is not None and lab.role == "crime" for lab in band.columns[c])
    ]
    if foreign:
        for j, c in enumerate(cols):
            labs = [per_row[i][j] for i in range(n) if per_row[i][j] is not None]
            m = meanings[c]
            if (
                not m.problem
                and any(lab.kind == "total" and lab.role != "national" for lab in labs)
                and all(lab.kind in ("total", "neutral", "number", "year") for lab in labs)
            ):
                shown = ", ".join(f"'{t}'" for t in foreign[:3])
                m.problem = f"column '{m.text}' adds up columns that are not breakdowns of trafficking figures ({shown}); not stored"
    _part_year_columns(cols, band, meanings)
    _month_total_columns(cols, band, meanings)
    if any(m.year is not None for m in meanings.values()):
        for m in meanings.values():
            if m.year is None and not m.problem:
                m.problem = f"column '{m.text}' names no year where the other columns are years; a total over years is not stored"
    _of_whom_columns(cols, per_row, meanings)
    if any(m.indicator is not None for m in meanings.values()):
        for m in meanings.values():
            if m.indicator is None and not m.problem:
                m.problem = f"column '{m.text}' names no indicator where the other columns do; a total of several indicators is not stored"
    return meanings


def _part_year_columns(cols: list[int], band: Band, meanings: dict[int, ColumnMeaning]) -> None:
    """A column whose header, in any row of the band, covers part of a year ('2021' over Q1 | Q2 |
    Q3 | Q4, 'First semester' over 2020 | 2021; attack3 H-U) holds no yearly count: set aside, as a
    table whose title says so is (extract.apply_periods), never stored as the year's figure."""
    for c in cols:
        m = meanings[c]
        if m.ignored:
            continue
        for lab in band.columns[c]:
            words = part_of_year(lab.text) if lab is not None else None
            if words:
                m.problem = f"the column's header says its figures cover part of a year only ('{words}'): not stored; send the figures for the whole year"
                break
            words = running_total(lab.text) if lab is not None else None
            if words:
                m.problem = f"the column's header says its figures are running sums over the years ('{words}'), not one calendar year's count; not stored"
                break


def _is_period(label: Label | None) -> bool:
    return label is not None and (label.role == "month" or months_of(label.text) is not None)


def _month_total_columns(cols: list[int], band: Band, meanings: dict[int, ColumnMeaning]) -> None:
    """A Total column beside month or quarter columns (Jan .. Nov | Total; attack6 K-O) is the year's
    figure only when they cover all twelve months: otherwise set aside, naming the months present.
    Months grouped under an upper header (a year over its months) are matched to the Total under it."""
    periods = {c: next(lab.text for lab in band.columns[c] if _is_period(lab)) for c in cols if any(_is_period(lab) for lab in band.columns[c])}
    periods.update({-1 - i: text for i, text in enumerate(band.periods_left)})  # left of the table: no upper header
    if not periods:
        return

    def group(c: int) -> tuple:
        return tuple((i, lab.text) for i, lab in enumerate(band.columns[c]) if lab is not None and not _is_period(lab) and lab.kind not in ("total", "neutral"))

    for c in cols:
        m = meanings[c]
        labs = [lab for lab in band.columns[c] if lab is not None]
        if c in periods or m.problem or m.ignored or not any(lab.kind == "total" and lab.role != "national" for lab in labs):
            continue
        mine = [t for p, t in periods.items() if (p < 0 and not group(c)) or (p >= 0 and group(p) == group(c))] or list(periods.values())
        why = part_year_total(m.text, mine)
        if why:
            m.problem, m.suggestions = why, []


def _of_whom_columns(cols: list[int], per_row: list[list[Label | None]], meanings: dict[int, ColumnMeaning]) -> None:
    """'Victimes identifiées | dont mineurs | of which female': an "of whom" column is a breakdown of
    the nearest column on its left that is not one itself, whose indicator (and breakdown) it takes."""
    parent: ColumnMeaning | None = None
    for j, c in enumerate(cols):
        labs = [row[j] for row in per_row if row[j] is not None]
        m = meanings[c]
        if not any(lab.part_of for lab in labs):
            parent = m if (m.indicator and not m.problem) else None
            continue
        if parent is None or m.problem or (m.indicator and m.indicator != parent.indicator):
            continue
        if m.year is not None and parent.year is not None and m.year != parent.year:
            continue
        clash = [k for k, v in m.dims.items() if parent.dims.get(k, v) != v]
        if clash:
            m.problem = f"column '{m.text}' gives another {clash[0]} than the column it belongs to"
            continue
        m.indicator = parent.indicator
        m.dims = {**parent.dims, **m.dims}
        m.year = m.year if m.year is not None else parent.year


def _lowest_indicator(labels: list[Label]) -> list[Label]:
    """A merged two-level header ('Verdachten' over 'Aangehouden | Vervolgd | Veroordeeld'): the
    top names the group, the lower level the indicator of each column; the lowest one wins."""
    inds = [i for i, lab in enumerate(labels) if lab.kind == "indicator"]
    if inds and any(lab.kind == "unknown" for lab in labels[: inds[-1]]):
        # 'Imputados' over 'Procesados | Condenados': a group word above columns that name their
        # indicator; the group word is no breakdown
        labels = [lab for i, lab in enumerate(labels) if not (lab.kind == "unknown" and i < inds[-1])]
        inds = [i for i, lab in enumerate(labels) if lab.kind == "indicator"]
    if len({labels[i].indicator for i in inds}) < 2:
        return labels
    keep = inds[-1]
    return [lab for i, lab in enumerate(labels) if lab.kind != "indicator" or i == keep]


def _as_column_label(label: Label | None) -> Label | None:
    """Across columns, 'Grand total' beside Female / Male is the total of that breakdown."""
    if label is not None and label.kind == "grand_total":
        return replace(label, kind="total")
    return label

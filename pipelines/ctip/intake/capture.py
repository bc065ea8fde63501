"""Capture-pattern sheets for Multiple Systems Estimation: one column per identifying agency
(marked yes/no, 1/0 or x) and a count of victims seen on exactly that combination of lists.

Such a sheet is not an indicator table: it is recognised before layout detection, stored as
`fact_capture_history` (with lineage to each count cell) and estimated into mart_hidden_victims."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ctip.contracts import columns
from ctip.intake.layouts.cellkinds import classify
from ctip.intake.layouts.headers import as_year, header_role, year_in_text
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.values import parse_count
from ctip.schema import word_set
from ctip.vocabulary.labels import default_index
from ctip.vocabulary.normalise import normalise

COUNT_HEADERS = word_set("words.count_headers")
YES = word_set("words.yes_marks") | {"1", "1.0", "x", "true"}  # TRUE/FALSE: a spreadsheet's booleans
NO = word_set("words.no_marks") | {"0", "0.0", "false", "", "-"}
CAPTURE_COLUMNS = columns("fact_capture_history")
PERSON_DIMENSIONS = ("sex", "age_group", "citizenship")
_ZERO_ONE = re.compile(r"\s*[01](?:[.,]0+)?\s*")  # schemas/tables.yaml


@dataclass
class CaptureTable:
    sheet: str
    lists: list[str]
    rows: list[tuple[int | None, tuple[int, ...], int, str]] = field(default_factory=list)  # year, pattern, count, cell
    problems: list[tuple[str, object, str]] = field(default_factory=list)  # cell, raw, reason


def _flag(value: object) -> int | None:
    if value is None:  # an empty cell: "" is a no-mark
        return 0
    try:
        return _flag_of(value)  # a data sheet repeats its values (GLOTIP: 17,183 cells of 2017.0)
    except TypeError:  # not hashable
        return _flag_of.__wrapped__(value)


@lru_cache(maxsize=4096, typed=True)  # typed: 1, 1.0 and True are one key otherwise
def _flag_of(value: object) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        # 1.0 / 0.0 as a spreadsheet stores them: by value (normalise reads '1.0' as '0'; attack5 J-N.2)
        return 1 if value == 1 else 0 if value == 0 else None
    if isinstance(value, str) and _ZERO_ONE.fullmatch(value):  # '1.0', '0,0' in a text file
        return int(value.strip()[0])
    text = normalise(value)
    if text in YES:
        return 1
    if text in NO:
        return 0
    return None


def _breakdown_header(value: object) -> bool:
    """'Female', 'Girls', 'Total', 'Nationals': a breakdown's column, never an agency's list (a small
    table of 0/1 counts by sex beside a 'Victims' column is no capture table)."""
    lab = classify(value, default_index())
    if lab is None:
        return False
    # not forms of exploitation: 'Labour' (the labour department) is an agency's list
    return lab.kind in ("total", "grand_total") or (lab.kind == "dims" and bool(lab.dims) and all(d in PERSON_DIMENSIONS for d, _ in lab.dims))


def _is_list_column(body: list[list], c: int, count_col: int) -> bool:
    """Every row with a count is marked yes/no in column c, and at least one is yes. Stops at the
    first cell that is not a mark: on a large data sheet (GLOTIP's export, 1.6 million cells)
    marking every cell of every column first cost seconds."""
    seen = yes = False
    for row in body:
        if count_col >= len(row) or row[count_col] is None:
            continue
        flag = _flag(row[c] if c < len(row) else None)
        if flag is None:
            return False
        seen, yes = True, yes or flag == 1
    return seen and yes


def detect_capture_table(sheet: SheetGrid, year_hint: int | None = None) -> CaptureTable | None:
    """The first table in the sheet's top 30 rows with a count column and at least two yes/no list
    columns (an MSE capture table), or None. Rows that cannot be used (no year, a pattern on no list,
    a suppressed or non-numeric count) are kept as problems, never guessed."""
    filled: list[int] | None = None  # indices of the rows with a value, found once
    for r in range(min(30, sheet.n_rows)):
        header = sheet.rows[r]
        count_col = next((c for c, v in enumerate(header) if v is not None and normalise(v) in COUNT_HEADERS), None)
        if count_col is None:
            continue
        year_col = next((c for c, v in enumerate(header) if header_role(v) == "year"), None)
        if filled is None:
            filled = [i for i, row in enumerate(sheet.rows) if any(v is not None for v in row)]
        start = bisect_right(filled, r)
        body = [sheet.rows[i] for i in filled[start : start + 5000]]
        if len(body) < 2:
            continue
        list_cols = [
            c
            for c, v in enumerate(header)
            if v is not None and c not in (count_col, year_col) and not _breakdown_header(v) and _is_list_column(body, c, count_col)
        ]
        if len(list_cols) < 2:
            continue
        table = CaptureTable(sheet.name, [str(header[c]).strip() for c in list_cols])
        sheet_year = year_in_text(sheet.name) or year_hint
        for rr in range(r + 1, sheet.n_rows):
            row = sheet.rows[rr]
            raw = row[count_col] if count_col < len(row) else None
            if raw is None:
                continue
            cell = cell_ref(rr, count_col)
            parsed = parse_count(raw)
            pattern = tuple(_flag(row[c] if c < len(row) else None) for c in list_cols)
            if None in pattern:
                table.problems.append((cell, raw, "a list column is not marked yes/no, 1/0 or x"))
                continue
            if parsed.kind not in ("count", "nil"):
                table.problems.append((cell, raw, parsed.reason or "an MSE count must be a number (suppressed counts cannot be used)"))
                continue
            year = as_year(row[year_col]) if year_col is not None and year_col < len(row) else sheet_year
            if year is None:
                table.problems.append((cell, raw, "no year for this capture count (add a Year column or put the year in the sheet name)"))
                continue
            if sum(pattern) == 0:
                table.problems.append((cell, raw, "victims on no list cannot be observed; the row is not used"))
                continue
            table.rows.append((year, pattern, parsed.value, cell))
        return table
    return None


def capture_frame(tables: list[CaptureTable], country_iso3: str | None, submission_id: str, source_file: str) -> pd.DataFrame:
    """The capture tables as CAPTURE_COLUMNS rows: one per year and pattern ("1,0,1", in the order of
    `lists`), each with its source cell. No tables give an empty frame with the columns."""
    if not tables:  # the usual case: a copy of an empty frame built once
        return _empty_capture().copy()
    rows = [
        {
            "country_iso3": country_iso3,
            "year": year,
            "pattern": ",".join(str(b) for b in pattern),
            "lists": ",".join(t.lists),
            "count": count,
            "submission_id": submission_id,
            "source_file": source_file,
            "source_sheet": t.sheet,
            "source_cell": cell,
        }
        for t in tables
        for year, pattern, count, cell in t.rows
    ]
    return pd.DataFrame(rows, columns=CAPTURE_COLUMNS)


@lru_cache(maxsize=1)
def _empty_capture() -> pd.DataFrame:
    return pd.DataFrame([], columns=CAPTURE_COLUMNS)

"""Many cells set aside for the same reason become one quarantine row per range.

A sheet filled with a label-less figure, or a pasted grid, puts thousands of cells in quarantine
for one identical reason. One row per cell makes the warehouse, the feedback and the run slower
and tells the sender nothing more, so from MIN_CELLS cells on, the cells of a sheet sharing a
reason become one row: `source_cell` is the range that holds them (`A1:BXK2000`), `raw_label` and
`raw_value` those of the first cell, and the reason says how many cells it covers
(`4,000,000 cells: this row has no label`)."""

from __future__ import annotations

import re

import pandas as pd

MIN_CELLS = 100
_REF = re.compile(r"^([A-Z]{1,3})([1-9]\d{0,6})$")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _col_letters(c: int) -> str:
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_range(refs) -> str | None:
    """The smallest A1 range holding every reference given ('B2', 'D9' -> 'B2:D9'); None when
    one of them is not a single cell reference."""
    top = left = 1 << 30
    bottom = right = -1
    for ref in refs:
        m = _REF.match(str(ref))
        if not m:
            return None
        c, r = _col_index(m.group(1)), int(m.group(2))
        top, bottom, left, right = min(top, r), max(bottom, r), min(left, c), max(right, c)
    if bottom < 0:
        return None
    start, end = f"{_col_letters(left)}{top}", f"{_col_letters(right)}{bottom}"
    return start if start == end else f"{start}:{end}"


def aggregate_ranges(quarantine: pd.DataFrame, min_cells: int = MIN_CELLS) -> pd.DataFrame:
    """The quarantine with every group of at least `min_cells` rows of one sheet sharing a
    reason folded into one row (see the module docstring). Smaller groups keep a row per cell;
    the cells kept one by one come first, then the ranges."""
    if len(quarantine) < min_cells:
        return quarantine
    keys = ["submission_id", "source_file", "source_sheet", "reason"]
    keyed = quarantine[keys].astype("string").fillna("\x00")
    sizes = keyed.groupby(keys, sort=False, dropna=False)[keys[0]].transform("size")
    big = sizes >= min_cells
    if not big.any():
        return quarantine
    rows = []
    big_rows = quarantine[big.to_numpy()]
    for positions in keyed[big].groupby(keys, sort=False, dropna=False).indices.values():
        group = big_rows.iloc[positions]
        where = cell_range(group["source_cell"].tolist())
        if where is None:  # references that are not plain cells: keep them as they are
            rows.append(group)
            continue
        row = group.iloc[[0]].copy()
        row["source_cell"] = where
        row["reason"] = f"{len(group):,} cells: {group['reason'].iloc[0]}"
        rows.append(row)
    small = quarantine[~big.to_numpy()]
    out = pd.concat([small, *rows], ignore_index=True)
    return out[list(quarantine.columns)]

"""CSV cells that a spreadsheet program cannot run as a formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@` (and, in
some versions, a leading tab or carriage return) as a formula: a label such as
`=HYPERLINK("http://...","click")` in a submission would become a live link, or worse, in the
published CSV. Every text cell the exports write goes through `safe_cell`, which prefixes such a
text with a single quote (the spreadsheet convention for "this is text"). Numbers are written as
numbers and never altered.

The project's shared rule lives in `ctip.safety` (also used for workbooks and feedback files);
this module uses it, and keeps a minimal fallback of its own for when that module is absent."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

try:  # the project-wide helper
    from ctip.safety import is_formula_like as _is_formula_like
    from ctip.safety import safe_cell as _safe_cell
except ImportError:  # pragma: no cover - only before ctip.safety exists
    _safe_cell = None
    _is_formula_like = None


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    if _is_formula_like is not None:
        return _is_formula_like(text)
    return text.startswith(FORMULA_STARTS)


def safe_cell(value):
    """The value, with a leading single quote if it is text that a spreadsheet would read as a formula."""
    if _safe_cell is not None:
        return _safe_cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell made safe (column names too)."""
    out = frame.copy()
    for column in out.columns:
        col = out[column]
        if pd.api.types.is_string_dtype(col) or col.dtype == object:
            out[column] = col.map(safe_cell, na_action="ignore")
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """RFC 4180 CSV (comma, double quotes where needed, LF line ends, UTF-8), formula-safe."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    safe_frame(frame).to_csv(tmp, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL, encoding="utf-8")
    tmp.replace(path)
    return path

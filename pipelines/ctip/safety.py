"""Cells the project writes must never become live formulas.

Text from submissions (labels, notes, file and sheet names) ends up in workbooks and CSV files
the project writes: the annotated copy sent back to the sender, exports, reports. A text that
starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheet programs
skip before looking for one) is a formula to Excel and LibreOffice: `=HYPERLINK(...)` or a DDE
payload would run when the file is opened ("CSV injection", OWASP). `safe_cell` neutralises such
text by prefixing a single quote, as OWASP recommends; the CSV writer's own quoting then escapes
any double quotes and delimiters. Numbers (int, float, Decimal, numpy numbers) stay numbers, and a
text that is only a signed number ("-4", "+1.5") stays as it is: it cannot run anything.

It also removes the control characters XML 1.0 forbids (openpyxl refuses them) and shortens texts
to the 32,767 characters a spreadsheet cell holds.

Use it for every cell of every CSV or workbook the project writes:

    from ctip.safety import safe_cell, safe_row, safe_frame
    writer.writerow(safe_row(values))
    ws.append(safe_row(values))
    safe_frame(df).to_csv(path, index=False)
"""

from __future__ import annotations

import datetime as dt
import decimal
import numbers
import re
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MAX_CELL_CHARS = 32_767  # what Excel holds in one cell
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SIGNED_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?%?$")


def is_formula_like(text: str) -> bool:
    """Whether a text would be read as a formula (or a DDE call) by a spreadsheet program."""
    if not text:
        return False
    stripped = text.lstrip(" \u00a0")
    if stripped.startswith(FORMULA_PREFIXES) or text.startswith(FORMULA_PREFIXES):
        return not _SIGNED_NUMBER.match(stripped.strip())
    return False


def safe_text(text: str) -> str:
    """A text made safe for a cell: no XML-illegal control characters, not formula-like, not too long."""
    text = _ILLEGAL.sub("", text)
    if len(text) > MAX_CELL_CHARS - 1:
        text = text[: MAX_CELL_CHARS - 2] + "…"
    if is_formula_like(text):
        text = "'" + text
    return text


def safe_cell(value: object) -> object:
    """The value to write in a CSV or workbook cell: numbers, dates, booleans and None unchanged;
    any other value as text, neutralised when it looks like a formula."""
    if value is None or isinstance(value, (bool, numbers.Number, decimal.Decimal, dt.date, dt.time, dt.timedelta)):
        return value
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas missing values
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return safe_text(str(value))


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]


def safe_frame(frame):
    """A copy of a pandas DataFrame whose text columns (and column names) are safe to export."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if is_object_dtype(series.dtype) or is_string_dtype(series.dtype):
            out[col] = series.map(safe_cell, na_action="ignore")
    out.columns = [safe_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def write_csv(frame, path):
    """RFC 4180 CSV (comma, double quotes where needed, LF line ends, UTF-8) with every text cell
    formula-safe, written atomically."""
    import csv
    from pathlib import Path

    from ctip.atomic import atomic_write

    path = Path(path)
    with atomic_write(path) as tmp:
        safe_frame(frame).to_csv(tmp, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL, encoding="utf-8")
    return path

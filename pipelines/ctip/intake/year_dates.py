"""Years written as Excel dates: a reporting system pastes '2021' as the date 1 Jan 2021 shown with
the number format `yyyy`. The reader gets a date; the sender sees a year. A date cell whose display
format shows its year and nothing else is that year (H-K); any other date stays a date (and a sheet
no table was found on says its cells were dates, see extract._unrecognised)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from xml.etree import ElementTree as ET

_STYLES = "xl/styles.xml"
_MAX_STYLES_BYTES = 5_000_000
_CELL = re.compile(rb"<c\b([^>]*)>")
_REF = re.compile(rb'\sr="([A-Z]+)(\d+)"')
_STYLE = re.compile(rb'\ss="(\d+)"')


def is_year_format(code: str) -> bool:
    """A number format that shows a date's year only ('yyyy', 'YYYY;@', '[$-409]yyyy', 'yy')."""
    text = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", code.split(";")[0])
    return re.fullmatch(r"\s*(?:yyyy|yy)\s*", text.lower()) is not None


def year_styles(z: zipfile.ZipFile) -> frozenset[int]:
    """Indices of the cell formats (styles.xml cellXfs) whose number format is a year alone."""
    try:
        info = z.getinfo(_STYLES)
        if info.file_size > _MAX_STYLES_BYTES:
            return frozenset()
        root = ET.fromstring(z.read(_STYLES))
    except (KeyError, ET.ParseError):
        return frozenset()
    formats = {el.get("numFmtId"): el.get("formatCode", "") for el in root.iter() if el.tag.endswith("}numFmt") or el.tag == "numFmt"}
    years = {fid for fid, code in formats.items() if is_year_format(code)}
    if not years:
        return frozenset()
    xfs = next((el for el in root.iter() if el.tag.endswith("}cellXfs") or el.tag == "cellXfs"), None)
    if xfs is None:
        return frozenset()
    return frozenset(i for i, xf in enumerate(list(xfs)) if xf.get("numFmtId") in years)


def year_cells(part: bytes, styles: frozenset[int]) -> set[tuple[int, int]]:
    """(row, col), 0-based, of the cells of a worksheet part formatted with one of `styles`."""
    out = set()
    for m in _CELL.finditer(part):
        attrs = m.group(1)
        s = _STYLE.search(attrs)
        if s is None or int(s.group(1)) not in styles:
            continue
        ref = _REF.search(attrs)
        if ref is not None:
            out.add((int(ref.group(2)) - 1, _column(ref.group(1))))
    return out


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def has_dates(rows: list[list[object]]) -> bool:
    """Whether any cell holds a date (calamine gives dates as date or datetime)."""
    return any(v.__class__ in (dt.date, dt.datetime) for row in rows for v in row)


def dates_to_years(rows: list[list[object]], cells: set[tuple[int, int]]) -> int:
    """Replace the date values at `cells` by their year; how many were replaced."""
    n = 0
    for r, c in cells:
        if r < len(rows) and c < len(rows[r]) and rows[r][c].__class__ in (dt.date, dt.datetime):
            rows[r][c] = rows[r][c].year
            n += 1
    return n

"""Small national submissions written by the tests (wide-by-year tables in English)."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook


def write_wide(path: Path, rows: dict[str, dict[int, object]], title: str = "Trafficking in persons statistics", mtime: float | None = None) -> Path:
    """rows: label -> {year: value}. A title row and a blank row above the header, as ministries do."""
    years = sorted({y for vals in rows.values() for y in vals})
    wb = Workbook()
    ws = wb.active
    ws.title = "Statistics"
    ws.append([title])
    ws.append([])
    ws.append(["Indicator", *years])
    for label, vals in rows.items():
        ws.append([label, *[vals.get(y) for y in years]])
    ws.append([])
    ws.append([])
    ws.append(["Source: National Task Force against Trafficking in Persons"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path

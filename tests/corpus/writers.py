"""Writing fixture workbooks in the formats ministries send: xlsx/xlsm (openpyxl), xls (xlwt),
ods (odfpy) and delimited text (csv/txt in UTF-8, UTF-8 with BOM, UTF-16, cp1252).

.xlsb cannot be written by any open library, so the corpus has none.

A sheet is a list of rows (lists of cell values, None for empty). `Formula` cells carry the
formula and the value a spreadsheet program would have cached: xlsx gets the cached value
patched into its XML (openpyxl writes none), ods stores it natively, xls and text get the value."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Formula:
    formula: str  # Excel syntax, e.g. "=SUM(B5:C5)"
    cached: int


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    merges: list[str] = field(default_factory=list)  # A1 ranges, e.g. "B4:D4"
    hidden: bool = False
    chart: bool = False  # a chart sheet (xlsx only); rows are ignored


def _plain(v: object) -> object:
    return v.cached if isinstance(v, Formula) else v


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    cached: dict[tuple[int, str], int] = {}
    first_ws = None
    for i, spec in enumerate(sheets):
        if spec.chart:
            continue
        ws = wb.create_sheet(spec.name)
        first_ws = first_ws or ws
        for r, row in enumerate(spec.rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is None:
                    continue
                cell = ws.cell(row=r, column=c)
                if isinstance(v, Formula):
                    cell.value = v.formula
                    cached[(len(wb.worksheets) - 1, cell.coordinate)] = v.cached
                else:
                    cell.value = v
        for rng in spec.merges:
            ws.merge_cells(rng)
        if spec.hidden:
            ws.sheet_state = "hidden"
    for spec in sheets:
        if spec.chart and first_ws is not None:
            cs = wb.create_chartsheet(spec.name)
            chart = BarChart()
            chart.add_data(Reference(first_ws, min_col=2, min_row=1, max_col=3, max_row=5))
            cs.add_chart(chart)
    wb.save(path)
    if cached:
        _patch_cached_values(path, cached)


def _patch_cached_values(path: Path, cached: dict[tuple[int, str], int]) -> None:
    """openpyxl writes formulas without the value Excel caches beside them; add it."""
    with zipfile.ZipFile(path) as z:
        items = {name: z.read(name) for name in z.namelist()}
    for (index, ref), value in cached.items():
        name = f"xl/worksheets/sheet{index + 1}.xml"
        xml = items[name].decode("utf-8")
        pattern = re.compile(r'(<c r="' + ref + r'"[^>]*>)(<f>[^<]*</f>)<v\s*/>')
        xml, n = pattern.subn(lambda m: f"{m.group(1)}{m.group(2)}<v>{value}</v>", xml)
        if n != 1:
            raise AssertionError(f"formula cell {ref} not found in {name}")
        items[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)


def write_xls(path: Path, sheets: list[Sheet]) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for spec in sheets:
        if spec.chart:
            continue
        ws = wb.add_sheet(spec.name)
        merged_cells = set()
        for rng in spec.merges:
            (r0, c0), (r1, c1) = _range(rng)
            ws.write_merge(r0, r1, c0, c1, _plain(spec.rows[r0][c0]))
            merged_cells |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(spec.rows):
            for c, v in enumerate(row):
                if v is not None and (r, c) not in merged_cells:
                    ws.write(r, c, _plain(v))
        if spec.hidden:
            ws.visibility = 1
    wb.save(str(path))


def write_ods(path: Path, sheets: list[Sheet]) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for spec in sheets:
        if spec.chart:
            continue
        table = Table(name=spec.name)
        spans = {}
        covered = set()
        for rng in spec.merges:
            (r0, c0), (r1, c1) = _range(rng)
            spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
        width = max((len(r) for r in spec.rows), default=0)
        for r, row in enumerate(spec.rows):
            tr = TableRow()
            for c in range(width):
                v = row[c] if c < len(row) else None
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                kw = {}
                if (r, c) in spans:
                    kw["numberrowsspanned"], kw["numbercolumnsspanned"] = spans[(r, c)]
                if v is None:
                    tr.addElement(TableCell(**kw))
                    continue
                if isinstance(v, Formula):
                    cell = TableCell(valuetype="float", value=v.cached, formula="of:" + _ods_formula(v.formula), **kw)
                    text = str(v.cached)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    cell = TableCell(valuetype="float", value=v, **kw)
                    text = str(v)
                else:
                    cell = TableCell(valuetype="string", **kw)
                    text = str(v)
                cell.addElement(P(text=text))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


def _ods_formula(formula: str) -> str:
    """'=SUM(B5:C5)' -> '=SUM([.B5:.C5])', '=B5+C5' -> '=[.B5]+[.C5]'."""
    body = re.sub(r"([A-Z]+\d+):([A-Z]+\d+)", r"[.\1:.\2]", formula)
    return re.sub(r"(?<![.\[:A-Z])([A-Z]+\d+)(?![\]\d])", r"[.\1]", body)


def write_text(path: Path, rows: list[list[object]], delimiter: str = ",", encoding: str = "utf-8") -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])
    text = buf.getvalue()
    if encoding == "utf-16":
        path.write_bytes(text.encode("utf-16"))  # with BOM, as Excel's "Unicode text"
    else:
        path.write_bytes(text.encode(encoding))


def write(path: Path, sheets: list[Sheet], **text_options) -> None:
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in (".xlsx", ".xlsm"):
        write_xlsx(path, sheets)
    elif suffix == ".xls":
        write_xls(path, sheets)
    elif suffix == ".ods":
        write_ods(path, sheets)
    elif suffix in (".csv", ".txt", ".tsv"):
        assert len(sheets) == 1, "a text table holds one sheet"
        write_text(path, sheets[0].rows, **text_options)
    else:
        raise ValueError(suffix)


def _range(rng: str) -> tuple[tuple[int, int], tuple[int, int]]:
    a, b = rng.split(":")
    return _cell(a), _cell(b)


def _cell(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def ref(r: int, c: int) -> str:
    """Zero-based (row, col) to A1."""
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{r + 1}"

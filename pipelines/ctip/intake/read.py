"""Read a submission file into sheets of cells, whatever its format, and refuse hostile files
before they can hurt the run.

Spreadsheets are read with python-calamine (xlsx, xlsm, xls, xlsb, ods): it reads the cached
value of formulas and never runs macros; a formula no program has computed (a workbook written
by a script) is marked as such, never read as empty or 0 (`intake/formulas.py`). Text tables (csv, txt) are decoded by trying the
encodings governments actually use, and their delimiter is detected. Positions are kept
absolute (no trimming of leading empty rows) so every value can be traced to its cell.

What a file *is* comes from its bytes, not its name: a workbook saved under the wrong extension
is read for what it is (and the sender is told); a PDF, an image, a web page or an encrypted
workbook is refused with a plain reason. Before anything is inflated, zip-based workbooks are
checked against size limits (zip bombs) and each worksheet's extent is bounded (a sheet with a
cell in A1 and one in XFD1048576 would otherwise ask for half a terabyte).

Limits are settings (`ctip.settings`, e.g. CTIP_MAX_ROWS_PER_SHEET=50000 or settings.yaml);
`limit(name)` reads them at call time."""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as pc

from ctip import settings
from ctip.intake import bounds, year_dates
from ctip.intake.filenames import windows_name
from ctip.intake.formulas import FormulaWithoutValue, has_formula, never_calculated, uncomputed_cells, zero_is_right

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | TEXT_SUFFIXES
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".ods"}

CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
csv.field_size_limit(1 << 30)  # a 100,000-character cell is an oddity to report, not a crash


def _stem(path: Path | str) -> str:
    """A csv's sheet name: its file name without extension, as text (a name that is not UTF-8,
    from a Windows zip, would put undecodable bytes in every table it is written to: G-Q)."""
    return windows_name(Path(path).stem)


def limit(name: str) -> int:
    """A limit by name (e.g. 'MAX_ROWS_PER_SHEET'), from `ctip.settings` (CTIP_<NAME>, settings.yaml
    or the default there)."""
    return int(settings.get(name.lower()))


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why in plain words.

    `code` names the kind of problem (empty, wrong_format, corrupt, encrypted, too_large,
    zip_bomb, encoding, unreadable) so feedback can explain it in the sender's language."""

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.code = code


@dataclass
class SheetGrid:
    name: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    kind: str = "worksheet"  # worksheet | chart | hidden
    notes: list[str] = field(default_factory=list)  # what the reader left out (rows over the cap...)
    named_by_file: bool = False  # a text table's one sheet, named after its file (not a sheet name the sender chose)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, r: int, c: int) -> object:
        if r < len(self.rows) and c < len(self.rows[r]):
            return self.rows[r][c]
        return None


@dataclass
class FileRead:
    """A whole file as read: its sheets, the format found in its bytes, and notes for the sender."""

    sheets: list[SheetGrid]
    format: str
    notes: list[str] = field(default_factory=list)


def column_letter(c: int) -> str:
    """Spreadsheet column letters of the 0-based column `c` (0 -> "A", 26 -> "AA")."""
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """'A' -> 0, 'XFD' -> 16383."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def cell_ref(r: int, c: int) -> str:
    """Zero-based (row, col) to an A1 reference."""
    return f"{column_letter(c)}{r + 1}"


class _RowCleaner:
    """Cleans rows cell by cell (the hot loop of reading), counting what it shortens."""

    def __init__(self, max_cols: int, max_chars: int):
        self.max_cols = max_cols
        self.max_chars = max_chars
        self.n_shortened = 0
        self.n_wide = 0

    def __call__(self, row: list) -> list:
        if len(row) > self.max_cols:
            if any(v not in ("", None) for v in row[self.max_cols :]):
                self.n_wide += 1
            row = row[: self.max_cols]
        out = []
        append = out.append
        max_chars = self.max_chars
        for v in row:
            if v.__class__ is str:
                if not v:
                    append(None)
                    continue
                v = v.strip()
                if not v:
                    append(None)
                elif len(v) > max_chars:
                    self.n_shortened += 1
                    append(v[:max_chars] + "…")
                else:
                    append(v)
            elif v is None:
                append(None)
            else:
                append(v)
        return out

    def notes(self) -> list[str]:
        notes = []
        if self.n_shortened:
            notes.append(f"{self.n_shortened} cell(s) held more than {self.max_chars:,} characters; only the first {self.max_chars:,} were kept")
        if self.n_wide:
            notes.append(f"only the first {self.max_cols:,} columns were read ({self.n_wide} row(s) go further)")
        return notes


# -- what the bytes are --------------------------------------------------------------------

_FORMAT_NAMES = {
    "xlsx": "an Excel workbook (.xlsx)",
    "xlsb": "an Excel binary workbook (.xlsb)",
    "xls": "an Excel 97-2003 workbook (.xls)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "text": "a text table (CSV)",
}
_EXPECTED = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xlsb": "xlsb", ".xls": "xls", ".ods": "ods", ".csv": "text", ".txt": "text", ".tsv": "text"}


def cfb_stream_names(data: bytes) -> set[str]:
    """Names in the directory of an OLE/CFB container (old .xls, .doc, encrypted OOXML).

    A minimal reader of [MS-CFB]: header, FAT (from the DIFAT), directory chain. Falls back to
    looking for the few names that matter when the structure is damaged."""
    names: set[str] = set()
    try:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            raise ValueError("bad sector size")
        size = 1 << shift
        n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
        first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        sector = first_difat
        for _ in range(min(n_difat, 1 << 16)):
            if sector >= 0xFFFFFFFA:
                break
            off = (sector + 1) * size
            entries = struct.unpack_from(f"<{size // 4}I", data, off)
            difat.extend(entries[:-1])
            sector = entries[-1]
        fat: list[int] = []
        for s in difat[: max(n_fat, 0)]:
            if s >= 0xFFFFFFFA:
                continue
            off = (s + 1) * size
            if off + size > len(data):
                break
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, off))
        sector, seen = first_dir, set()
        while sector < 0xFFFFFFFA and sector not in seen and len(seen) < 100_000:
            seen.add(sector)
            off = (sector + 1) * size
            if off + size > len(data):
                break
            for e in range(size // 128):
                entry = data[off + e * 128 : off + (e + 1) * 128]
                length = struct.unpack_from("<H", entry, 0x40)[0]
                kind = entry[0x42]
                if kind in (1, 2, 5) and 2 <= length <= 64:
                    names.add(entry[: length - 2].decode("utf-16-le", errors="replace"))
            sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
    except (struct.error, ValueError, IndexError):
        pass
    if not names:  # damaged directory: look for the names themselves
        for name in ("EncryptedPackage", "EncryptionInfo", "Workbook", "Book", "WordDocument", "PowerPoint Document"):
            if name.encode("utf-16-le") in data:
                names.add(name)
    return names


def sniff(data: bytes) -> tuple[str, str]:
    """(kind, description) from a file's bytes. kind: xlsx | xlsb | ods | xls | text |
    encrypted | corrupt | other (description says what it is, for the sender)."""
    head = data[:8]
    if head[:4] == b"PK\x03\x04" or head[:4] == b"PK\x05\x06":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                mimetype = b""
                if "mimetype" in names:
                    with z.open("mimetype") as f:
                        mimetype = f.read(100)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error) as exc:
            return "corrupt", f"not a complete zip archive: {str(exc)[:80]}"
        if "EncryptedPackage" in names:
            return "encrypted", "a password-protected workbook"
        if "xl/workbook.xml" in names or any(n.startswith("xl/worksheets/") and n.endswith(".xml") for n in names):
            return "xlsx", _FORMAT_NAMES["xlsx"]
        if "xl/workbook.bin" in names:
            return "xlsb", _FORMAT_NAMES["xlsb"]
        if b"opendocument.spreadsheet" in mimetype:
            return "ods", _FORMAT_NAMES["ods"]
        if b"opendocument.text" in mimetype or "word/document.xml" in names:
            return "other", "a text document (Word or OpenDocument), not a spreadsheet"
        if any(n.startswith("ppt/") for n in names) or b"opendocument.presentation" in mimetype:
            return "other", "a presentation, not a spreadsheet"
        if "content.xml" in names:
            return "ods", _FORMAT_NAMES["ods"]
        if not names:
            return "other", "an empty zip archive"
        return "other", "a zip archive of other files, not a workbook"
    if head == CFB_SIGNATURE:
        names = cfb_stream_names(data)
        if "EncryptedPackage" in names or "EncryptionInfo" in names:
            return "encrypted", "a password-protected (encrypted) workbook"
        if "Workbook" in names or "Book" in names:
            return "xls", _FORMAT_NAMES["xls"]
        if "WordDocument" in names:
            return "other", "a Word document (.doc), not a spreadsheet"
        if "PowerPoint Document" in names:
            return "other", "a PowerPoint presentation, not a spreadsheet"
        return "other", "an Office file of an unknown kind (no worksheet inside)"
    if head[:5] == b"%PDF-":
        return "other", "a PDF document, not a spreadsheet"
    if head[:8] == b"\x89PNG\r\n\x1a\n" or head[:3] == b"\xff\xd8\xff" or head[:4] in (b"GIF8", b"II*\x00", b"MM\x00*"):
        return "other", "an image, not a spreadsheet"
    if head[:4] in (b"Rar!", b"7z\xbc\xaf") or head[:2] == b"\x1f\x8b":
        return "other", "a compressed archive, not a spreadsheet"
    if head[:2] == b"MZ" or head[:4] == b"\x7fELF":
        return "other", "a program, not a spreadsheet"
    lead = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lead.startswith(b"{\\rtf"):
        return "other", "a rich-text (RTF) document, not a spreadsheet"
    if lead.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")):
        return "other", "a web page (HTML) saved under a spreadsheet name; open it in Excel and save it as .xlsx"
    if lead.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:8192]:
        return "other", "an Excel 2003 XML spreadsheet, which is not read; save it as .xlsx"
    if re.match(rb"<[A-Za-z!?]", lead):  # markup (a table may well start with a '<5' marker)
        return "other", "an XML or web document, not a spreadsheet"
    return "text", _FORMAT_NAMES["text"]


# -- zip-based workbooks: size and extent, before inflating ------------------------------------

_ROW_R = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_CELL_COL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]+)\d')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROWLESS = re.compile(rb"<(?:\w+:)?row(?![^>]*?\sr=)[\s>/]")
_CELLLESS = re.compile(rb"<(?:\w+:)?c(?![^>]*?\sr=)[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_FAST_ROW = re.compile(rb'<row r="(\d+)"')
_FAST_COL = re.compile(rb'<c r="([A-Z]+)')
# A cell that holds something ('<c r="B7" t="n"><v>14</v></c>'), not a formatted empty cell
# ('<c r="XFD1048576" s="1"/>', a fill left by a stray edit): what the reader loads.
_FAST_HELD_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*(?<!/)>(?!</c>)')


def _sheet_part_names(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part path -> sheet name, from workbook.xml and its relationships."""
    import xml.etree.ElementTree as ET

    out: dict[str, str] = {}
    try:
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels")[:2_000_000])
        targets = {}
        for rel in rels:
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id")] = target
        wb = ET.fromstring(z.read("xl/workbook.xml")[:5_000_000])
        for el in wb.iter():
            if el.tag.endswith("}sheet") or el.tag == "sheet":
                rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
                if rid in targets:
                    out[targets[rid]] = el.get("name", "")
    except Exception:  # a damaged workbook.xml is calamine's to report
        pass
    return out


def _sheet_extent(f, formulas: list | None = None, held_only: bool = False) -> tuple[int, int]:
    """(rows, columns) a worksheet part spans from A1 (an upper bound), streaming its XML once;
    appends True to `formulas` (when given) if the part holds a formula element. With `held_only`,
    the fast path counts only cells holding something (slower): one formatted empty cell at
    XFD1048576 does not make a six-cell sheet span the whole grid (the reader skips such cells too).

    Fast path for what every writer produces (`<row r="7"`, `<c r="B7"`, reference first);
    anything else (no references, references later in the tag, namespace prefixes) switches to
    general patterns, where cells without a reference widen a row by their count."""
    max_row = max_col = 0
    n_rowless = widest_rowless = 0
    general = False
    tail = b""
    while True:
        chunk = f.read(1 << 20)
        if not chunk:
            break
        buf = tail + chunk
        cut = buf.rfind(b">") + 1  # whole tags only; the rest waits for the next chunk
        body, tail = buf[:cut], buf[cut:]
        if len(tail) > 1 << 16:  # a long text node: it holds no tag, keep only its end
            tail = tail[-64:]
        if formulas is not None and not formulas and has_formula(body):
            formulas.append(True)
        if not general:
            rows_all = body.count(b"<row ") + body.count(b"<row>") + body.count(b"<row/>")
            cells_all = body.count(b"<c ") + body.count(b"<c>") + body.count(b"<c/>")
            if body.count(b'<row r="') != rows_all or body.count(b'<c r="') != cells_all or b":row" in body or b":c " in body or b":c>" in body:
                general = True
        if general:
            rows = _ROW_R.findall(body)
            cols = set(_CELL_COL.findall(body))
            n_rowless += len(_ROWLESS.findall(body))
            if _CELLLESS.search(body):
                # Cells without a reference follow the previous one: bound a row's width by its cell count.
                for seg in _ROW_TAG.split(body):
                    widest_rowless = max(widest_rowless, len(_CELL_TAG.findall(seg)))
        elif held_only:
            held = _FAST_HELD_CELL.findall(body)
            rows = [r for _, r in held]
            cols = {c for c, _ in held}
        else:
            rows = _FAST_ROW.findall(body)
            cols = set(_FAST_COL.findall(body))
        if rows:
            max_row = max(max_row, max(map(int, rows)))
        if cols:
            max_col = max(max_col, max(column_index(c.decode()) + 1 for c in cols))
    return max_row + n_rowless, max_col + widest_rowless


def check_zip(data: bytes, kind: str, extents: list | None = None, formula_parts: dict[str, str] | None = None) -> dict[str, str]:
    """Refuse zip bombs before inflating; for xlsx and ods, bound each worksheet's extent.

    Declared sizes and compression ratios are checked first (cheap); then every part is inflated
    once, as a stream, counting bytes, so a directory that understates its parts is caught too
    (zipfile also checks each part's CRC). Returns {sheet name: reason} for worksheets too large
    to load; appends each sheet's extent (bounds.SheetExtent) to `extents` when given, and records
    {sheet name: worksheet part} of the xlsx sheets holding formulas in `formula_parts` when given."""
    max_total = limit("MAX_UNCOMPRESSED_BYTES")
    max_ratio = limit("MAX_COMPRESSION_RATIO")
    too_large: dict[str, str] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > limit("MAX_ZIP_ENTRIES"):
                raise UnreadableFile(f"the workbook holds {len(infos):,} parts, far more than a workbook has; it was not opened", "zip_bomb")
            declared = sum(i.file_size for i in infos)
            if declared > max_total:
                raise UnreadableFile(
                    f"the workbook would inflate to {declared / 1e6:,.0f} MB, above the limit of "
                    f"{max_total / 1e6:,.0f} MB; it was not opened (a 'zip bomb' or a workbook far too large)",
                    "zip_bomb",
                )
            for i in infos:
                if i.file_size > 16 * 1024 * 1024 and i.file_size > max_ratio * max(1, i.compress_size):
                    raise UnreadableFile(
                        f"a part of the workbook would inflate {i.file_size / max(1, i.compress_size):,.0f} times "
                        f"(to {i.file_size / 1e6:,.0f} MB); it was not opened (a 'zip bomb')",
                        "zip_bomb",
                    )
            parts = _sheet_part_names(z) if kind == "xlsx" else {}
            max_cells = limit("MAX_SHEET_CELLS")
            total = 0
            for info in infos:
                if info.is_dir():
                    continue
                is_sheet = kind == "xlsx" and info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
                with z.open(info) as f:
                    if kind == "ods" and info.filename == "content.xml":
                        counted = _Counted(f)
                        try:
                            found = bounds.ods_extents(counted, max_total - total)
                        except bounds.ExtentUnknown as exc:
                            raise UnreadableFile(f"the spreadsheet's content could not be read ({str(exc)[:120]})", "corrupt") from exc
                        size = counted.n
                        for ext in found:
                            if ext.cells > max_cells:
                                raise UnreadableFile(  # calamine expands every ODS sheet on opening
                                    f"the sheet '{ext.name[:80]}' spans {ext.rows:,} rows × {ext.cols:,} columns "
                                    f"({ext.cells:,} cells, most of them declared by repetition), above the limit of "
                                    f"{max_cells:,} cells; the file was not read",
                                    "too_large",
                                )
                        if extents is not None:
                            extents.extend(found)
                    elif is_sheet:
                        counted = _Counted(f)
                        found: list = []
                        rows, cols = _sheet_extent(counted, found)
                        size = counted.n
                        if rows * cols > min(max_cells, limit("MAX_FILE_CELLS")):
                            # a span that large is most often one formatted empty cell far away: the
                            # cells the sheet really holds bound it (a second pass, only for such sheets)
                            with z.open(info) as again:
                                rows, cols = _sheet_extent(again, None, held_only=True)
                        if found and formula_parts is not None and info.filename in parts:
                            formula_parts[parts[info.filename]] = info.filename
                        if extents is not None and info.filename in parts:
                            extents.append(bounds.SheetExtent(parts[info.filename], rows, cols))
                        if rows * cols > max_cells:
                            if info.filename not in parts:  # cannot be skipped by name: refuse the file
                                raise UnreadableFile(
                                    f"a sheet of the workbook spans {rows:,} rows × {cols:,} columns, above the limit of "
                                    f"{max_cells:,} cells; it was not opened",
                                    "too_large",
                                )
                            name = parts[info.filename]
                            too_large[name] = (
                                f"the sheet spans {rows:,} rows × {cols:,} columns ({rows * cols:,} cells), above the "
                                f"limit of {max_cells:,} cells; it was not read"
                            )
                    else:
                        size = 0
                        while True:
                            block = f.read(1 << 20)
                            if not block:
                                break
                            size += len(block)
                            if total + size > max_total:
                                break
                total += size
                if total > max_total:
                    raise UnreadableFile(
                        f"the workbook inflates to more than {max_total / 1e6:,.0f} MB although its directory says otherwise; it was not opened (a 'zip bomb')",
                        "zip_bomb",
                    )
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error) as exc:
        msg = str(exc)
        if "password" in msg.lower() or "encrypt" in msg.lower():
            raise UnreadableFile("the workbook is password-protected; remove the password and send it again", "encrypted") from exc
        raise UnreadableFile(f"the workbook is damaged or incomplete (it may have been cut short while copying: {msg[:120]})", "corrupt") from exc
    return too_large


class _Counted:
    """A file wrapper counting bytes read."""

    def __init__(self, f):
        self.f, self.n = f, 0

    def read(self, size: int = -1) -> bytes:
        block = self.f.read(size)
        self.n += len(block)
        return block


# -- spreadsheets ------------------------------------------------------------------------------


def _too_many_cells(total: int, largest: bounds.SheetExtent | None, what: str = "workbook") -> UnreadableFile:
    where = (
        f" (the largest, sheet '{largest.name[:80]}', spans {largest.rows:,} rows × {largest.cols:,} columns)"
        if largest is not None and what == "workbook"
        else ""
    )
    return UnreadableFile(
        f"the {what} would expand to {total:,} cells{where}, above the limit of {limit('MAX_FILE_CELLS'):,} cells "
        "per file; it was not read (send the figures as a smaller table, or split the file)",
        "too_large",
    )


def charge_cells(cells: int, largest: bounds.SheetExtent | None = None, what: str = "workbook") -> None:
    """Check a file's cells against the file budget and the run's (raising UnreadableFile), then
    count them against the run."""
    if cells > limit("MAX_FILE_CELLS"):
        raise _too_many_cells(cells, largest, what)
    charge_run(cells)


def charge_run(cells: int) -> None:
    """Count a file's cells against the run's budget (when a run is counting)."""
    run = bounds.current_run()
    if run is None:
        return
    if cells > run.remaining():
        raise UnreadableFile(
            f"this run has already read {run.used:,} cells and the file would add {cells:,}, above the limit "
            f"of {run.limit:,} cells per run; it will be read by the next run",
            "run_budget",
        )
    run.used += cells


def _budget_declared(extents: list[bounds.SheetExtent], skip: dict[str, str]) -> None:
    """The file budget, from the sheets' declared extents, before anything is loaded."""
    max_rows, max_cols = limit("MAX_ROWS_PER_SHEET"), limit("MAX_COLS_PER_SHEET")
    loaded = [e for e in extents if e.name not in skip]
    total = sum(bounds.loaded_cells(e.rows, e.cols, max_rows, max_cols) for e in loaded)
    charge_cells(total, max(loaded, key=lambda e: e.cells, default=None))


def _uncomputed_formulas(data: bytes, formula_parts: dict[str, str]) -> dict[str, dict[tuple[int, int], tuple[str, bool]]]:
    """{sheet name: {(row, col): ('=FORMULA', cached zero)}} of the formula cells that may have no computed value, for the
    sheets the extent scan saw formulas in (the zip was checked by then)."""
    out: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if "xl/calcChain.xml" in z.namelist():  # Excel computed and cached every formula (GLOTIP: no second pass)
            return out
        never = never_calculated(z)
        for name, part in formula_parts.items():
            cells = uncomputed_cells(z.read(part), never)
            if cells:
                out[name] = cells
    return out


def _mark_uncomputed(grid: SheetGrid, cells: dict[tuple[int, int], tuple[str, bool]], max_rows: int, max_cols: int) -> None:
    """Put a FormulaWithoutValue where a formula has no computed value (calamine read it as empty,
    or as the 0 a script wrote and the cells it adds up belie), within the rows and columns read."""
    wrong = {rc: text for rc, (text, zero) in cells.items() if not (zero and zero_is_right(text, grid.cell))}
    for (r, c), text in wrong.items():
        if c >= max_cols or r >= max_rows:
            continue
        while len(grid.rows) <= r:
            grid.rows.append([])
        row = grid.rows[r]
        if len(row) <= c:
            row.extend([None] * (c + 1 - len(row)))
        row[c] = FormulaWithoutValue(text)


def read_spreadsheet_bytes(data: bytes, kind: str) -> list[SheetGrid]:
    """The sheets of an xlsx, xls, xlsb or ods file, within the cell budgets (checked before cells are
    loaded where the format declares sizes). Password-protected, damaged or too large files raise
    UnreadableFile; one damaged sheet becomes an empty sheet with a note, unless all of them are."""
    extents: list[bounds.SheetExtent] = []
    formula_parts: dict[str, str] = {}
    skip = check_zip(data, kind, extents, formula_parts) if kind in ("xlsx", "xlsb", "ods") else {}
    formula_parts = {name: part for name, part in formula_parts.items() if name not in skip}
    uncomputed = _uncomputed_formulas(data, formula_parts) if formula_parts else {}
    if kind in ("xlsx", "ods"):
        _budget_declared(extents, skip)
    try:
        workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError as exc:
        raise UnreadableFile("the workbook is password-protected; remove the password and send it again", "encrypted") from exc
    except Exception as exc:  # calamine raises several error types for damaged files
        raise UnreadableFile(f"the workbook is damaged and could not be read ({type(exc).__name__}: {str(exc)[:160]})", "corrupt") from exc
    max_rows, max_cols = limit("MAX_ROWS_PER_SHEET"), limit("MAX_COLS_PER_SHEET")
    max_chars = limit("MAX_CELL_CHARS")
    sheets = []
    failures = []
    declared = kind in ("xlsx", "ods")  # else (xls, xlsb) the budget is checked sheet by sheet below
    used = 0
    years = _YearDates(data) if kind == "xlsx" else None
    with workbook:
        if set(skip) - {m.name for m in workbook.sheets_metadata}:
            raise UnreadableFile("a sheet of the workbook is far too large to be read; it was not opened", "too_large")
        for meta in workbook.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                sheets.append(SheetGrid(meta.name, [], kind="chart"))
                continue
            kind_ = "worksheet" if meta.visible == pc.SheetVisibleEnum.Visible else "hidden"
            if meta.name in skip:
                sheets.append(SheetGrid(meta.name, [], kind=kind_, notes=[skip[meta.name]]))
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                end = sheet.end
                n_rows = end[0] + 1 if end else 0
                width = end[1] + 1 if end else 0
                # Rows converted to Python are bounded by the row cap and, for very wide sheets
                # (formats not bounded before loading: xls, xlsb), by the cell limit.
                cap = min(max_rows, max(1, limit("MAX_SHEET_CELLS") // max(1, width)))
                if not declared:  # before any cell becomes a Python object
                    cells = bounds.loaded_cells(min(n_rows, cap), width, max_rows, max_cols)
                    if used + cells > limit("MAX_FILE_CELLS"):
                        raise _too_many_cells(used + cells, bounds.SheetExtent(meta.name, n_rows, width))
                    used += cells
                rows = sheet.to_python(skip_empty_area=False, nrows=cap)
                merged = list(sheet.merged_cell_ranges or [])
            except UnreadableFile:  # over the file's cell budget: the whole file is refused
                raise
            except Exception as exc:  # one damaged sheet does not take the others with it
                reason = f"the sheet could not be read ({type(exc).__name__}: {str(exc)[:160]})"
                failures.append(reason)
                sheets.append(SheetGrid(meta.name, [], kind=kind_, notes=[reason]))
                continue
            cleaner = _RowCleaner(max_cols, max_chars)
            grid = SheetGrid(meta.name, [cleaner(row) for row in rows], merged, kind_)
            del rows
            if meta.name in uncomputed:
                _mark_uncomputed(grid, uncomputed[meta.name], cap, max_cols)
            if years is not None:
                years.apply(grid)
            if n_rows > cap:
                grid.notes.append(f"the sheet has {n_rows:,} rows; only the first {cap:,} were read (the limit per sheet)")
            grid.notes.extend(cleaner.notes())
            sheets.append(grid)
    if failures and len(failures) == sum(1 for g in sheets if g.kind != "chart"):
        raise UnreadableFile(f"the workbook is damaged: {failures[0]}", "corrupt")
    if not declared:
        charge_run(used)  # the file budget was checked sheet by sheet above
    return sheets


class _YearDates:
    """Dates shown as a year alone (`yyyy`) become that year, sheet by sheet; the workbook's styles are
    read once, and a sheet's XML only when the workbook has such a format and the sheet holds dates."""

    def __init__(self, data: bytes):
        self.data = data
        self.z: zipfile.ZipFile | None = None
        self.styles: frozenset[int] | None = None
        self.parts: dict[str, str] = {}

    def apply(self, grid: SheetGrid) -> None:
        if self.styles is None:
            self.z = zipfile.ZipFile(io.BytesIO(self.data))
            self.styles = year_dates.year_styles(self.z)
            self.parts = {name: part for part, name in _sheet_part_names(self.z).items()} if self.styles else {}
        if not self.styles or grid.name not in self.parts or not year_dates.has_dates(grid.rows):
            return
        cells = year_dates.year_cells(self.z.read(self.parts[grid.name]), self.styles)
        if year_dates.dates_to_years(grid.rows, cells):
            grid.notes.append("dates shown as a year (format yyyy) were read as that year")


def read_spreadsheet(path: Path) -> list[SheetGrid]:
    """A spreadsheet file's sheets (kept for callers that know the file is a workbook)."""
    data = Path(path).read_bytes()
    kind, what = sniff(data)
    if kind not in ("xlsx", "xlsb", "ods", "xls"):
        raise UnreadableFile(f"the file holds {what}", "wrong_format")
    return read_spreadsheet_bytes(data, kind)


# -- text tables -------------------------------------------------------------------------------

_TYPOGRAPHIC = set("€‘’‚“”„–—…•°ºª«»¡¿·§©®™½¼¾±²³µ¢£¥\u00a0")


def _plausible(text: str) -> bool:
    """Whether decoded text looks like a table in a Latin-script language (not mojibake)."""
    sample = text[:200_000]
    if not sample:
        return True
    odd = letters = non_ascii_letters = 0
    for ch in sample:
        o = ord(ch)
        if 32 <= o < 127:
            if ch.isalpha():
                letters += 1
            continue
        if ch in "\r\n\t":
            continue
        if 0xC0 <= o <= 0x24F and ch.isalpha():
            letters += 1
            non_ascii_letters += 1
            continue
        if ch in _TYPOGRAPHIC:
            continue
        odd += 1
    if odd > max(3, len(sample) // 100):
        return False
    return not (letters > 20 and non_ascii_letters > 0.4 * letters)


def _unknown_encoding() -> UnreadableFile:
    return UnreadableFile(
        "the text table is in an encoding that could not be recognised; save it as CSV UTF-8 (in Excel: Save As > 'CSV UTF-8 (comma delimited)')",
        "encoding",
    )


def decode_text(raw: bytes) -> tuple[str, str]:
    """Decode a text table; returns (text, encoding). UTF-8 (with or without BOM), UTF-16/32 or cp1252."""
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            return raw[3:].decode("utf-8"), "utf-8-sig"
        if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
            return raw.decode("utf-32"), "utf-32"
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16"), "utf-16"
        head = raw[:4096]
        if b"\x00" in head:
            n = len(head)
            zeros = [head[i::4].count(0) for i in range(4)]
            if zeros[1] + zeros[2] + zeros[3] > 0.7 * (3 * n / 4) and zeros[0] < n / 16:
                return raw.decode("utf-32-le"), "utf-32"
            if zeros[0] + zeros[1] + zeros[2] > 0.7 * (3 * n / 4) and zeros[3] < n / 16:
                return raw.decode("utf-32-be"), "utf-32"
            # UTF-16 without a BOM shows a zero byte beside every ASCII character.
            even, odd = head[0::2].count(0), head[1::2].count(0)
            if max(even, odd) > n // 4:
                enc = "utf-16-le" if odd > even else "utf-16-be"
                text = raw.decode(enc)
                if _plausible(text):
                    return text, "utf-16"
                raise _unknown_encoding()
            raise UnreadableFile("the file holds binary data, not a text table", "wrong_format")
    except UnicodeDecodeError as exc:
        raise _unknown_encoding() from exc
    try:
        text = raw.decode("utf-8")
        if _plausible(text) or "\ufffd" not in text:
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")
    bad = text.count("\ufffd")
    if bad > max(3, len(text) // 200):
        raise _unknown_encoding()
    controls = sum(1 for ch in text[:200_000] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > max(3, min(len(text), 200_000) // 200):
        raise _unknown_encoding()
    if not _plausible(text):
        raise _unknown_encoding()
    return text, "cp1252"


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent number of fields."""
    lines = [ln for ln in text[:50_000].splitlines()[:60] if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for d in (",", ";", "\t", "|"):
        if not any(d in ln for ln in lines):
            continue
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        width, count = Counter(w for w in widths if w > 1).most_common(1)[0] if any(w > 1 for w in widths) else (1, 0)
        score = (count, width)
        if score > best_score:
            best, best_score = d, score
    return best


def read_text_bytes(raw: bytes, name: str) -> list[SheetGrid]:
    """A text table (CSV, TSV, ...; encoding and delimiter guessed) as one sheet named `name`. Over the
    file's cell budget raises UnreadableFile before splitting; rows past the sheet limit are dropped
    with a note."""
    text, _ = decode_text(raw)
    delimiter = detect_delimiter(text)
    max_rows = limit("MAX_ROWS_PER_SHEET")
    # The budget from the line count and the widest line, before any row is split into cells.
    lines, widest = bounds.text_extent(text, delimiter)
    cells = bounds.loaded_cells(lines, widest, max_rows, limit("MAX_COLS_PER_SHEET"))
    if cells > limit("MAX_FILE_CELLS"):
        raise UnreadableFile(
            f"the text table spans {lines:,} lines of up to {widest:,} fields ({cells:,} cells), above the limit of "
            f"{limit('MAX_FILE_CELLS'):,} cells per file; it was not read (send the figures as a smaller table, "
            "or split the file)",
            "too_large",
        )
    charge_cells(cells, what="text table")
    cleaner = _RowCleaner(limit("MAX_COLS_PER_SHEET"), limit("MAX_CELL_CHARS"))
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    more = False
    try:
        for row in reader:
            if len(rows) >= max_rows:
                more = True
                break
            rows.append(cleaner(row))
    except csv.Error as exc:
        raise UnreadableFile(f"the text table could not be split into cells ({exc})", "corrupt") from exc
    grid = SheetGrid(name, rows, named_by_file=True)
    if more:
        approx = text.count("\n") + 1
        grid.notes.append(f"the table has about {approx:,} rows; only the first {max_rows:,} were read (the limit per sheet)")
    grid.notes.extend(cleaner.notes())
    return [grid]


def read_text_table(path: Path) -> list[SheetGrid]:
    """`read_text_bytes` of the file at `path`, the sheet named after the file's stem."""
    return read_text_bytes(Path(path).read_bytes(), _stem(path))


# -- any file ----------------------------------------------------------------------------------


def read_file(path: Path) -> FileRead:
    """Every sheet of a file as a grid of cleaned cell values (None for empty), with notes.

    Raises UnreadableFile (with a plain reason and a code) for anything that cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(f"the file could not be opened ({exc.strerror or type(exc).__name__})", "unreadable") from exc
    suffix = Path(path.name.rstrip()).suffix.lower()  # 'tip_2021.csv ' (a trailing space) is a csv
    if size == 0:
        raise UnreadableFile("the file is empty (0 bytes); it may not have finished copying — send it again", "empty")
    max_bytes = limit("MAX_FILE_BYTES")
    if size > max_bytes:
        raise UnreadableFile(f"the file is {size / 1e6:,.0f} MB, above the limit of {max_bytes / 1e6:,.0f} MB", "too_large")
    expected = _EXPECTED.get(suffix)
    if expected is None:
        raise UnreadableFile(f"files of type '{suffix or 'without extension'}' are not read; send xlsx, xls, ods or csv", "wrong_format")
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableFile(f"the file could not be opened ({exc.strerror or type(exc).__name__})", "unreadable") from exc
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UnreadableFile("the file is empty (it holds only blank space)", "empty")
    kind, what = sniff(data)
    notes: list[str] = []
    if kind == "encrypted":
        raise UnreadableFile("the workbook is password-protected (encrypted); remove the password and send it again", "encrypted")
    if kind == "corrupt":
        raise UnreadableFile(
            f"the workbook is damaged or incomplete ({what}); it may have been cut short while copying — send it again",
            "corrupt",
        )
    if kind == "other":
        raise UnreadableFile(f"the file is named '{suffix}' but holds {what}", "wrong_format")
    if kind != expected:
        notes.append(f"the file is named '{suffix}' but is {what}; it was read as such")
    if kind == "text":
        sheets = read_text_bytes(data, _stem(path))
    else:
        sheets = read_spreadsheet_bytes(data, kind)
    return FileRead(sheets, kind, notes)


def read_workbook(path: Path) -> list[SheetGrid]:
    """Every sheet of a file as a grid of cleaned cell values (None for empty)."""
    return read_file(path).sheets

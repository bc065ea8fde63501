"""Read a submission file into sheets of cells, whatever its format.

Spreadsheets are read with python-calamine (xlsx, xlsm, xls, xlsb, ods): it reads the cached
value of formulas and never runs macros. Text tables (csv, txt) are decoded by trying the
encodings governments actually use, and their delimiter is sniffed. Positions are kept
absolute (no trimming of leading empty rows) so every value can be traced to its cell."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as pc

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | TEXT_SUFFIXES
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".ods"}

# Refuse archives that inflate beyond this before inflating them (zip bombs).
MAX_UNCOMPRESSED_BYTES = int(os.environ.get("CTIP_MAX_UNCOMPRESSED_BYTES", 256 * 1024 * 1024))
MAX_FILE_BYTES = int(os.environ.get("CTIP_MAX_FILE_BYTES", 100 * 1024 * 1024))
MAX_CELL_CHARS = 1000  # longer texts are kept only as a shortened excerpt


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why in plain words."""


@dataclass
class SheetGrid:
    name: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    kind: str = "worksheet"  # worksheet | chart | hidden

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


def column_letter(c: int) -> str:
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(r: int, c: int) -> str:
    """Zero-based (row, col) to an A1 reference."""
    return f"{column_letter(c)}{r + 1}"


def _clean(value: object) -> object:
    if value == "" or value is None:
        return None
    if isinstance(value, str):
        v = value.strip()
        if not v:
            return None
        return v if len(v) <= MAX_CELL_CHARS else v[:MAX_CELL_CHARS] + "…"
    return value


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(info.file_size for info in z.infolist())
            names = set(z.namelist())
    except zipfile.BadZipFile as exc:
        if path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise UnreadableFile(
                "the workbook is encrypted or password-protected (or saved in the old binary format "
                "under a new extension); remove the password and send it again"
            ) from exc
        raise UnreadableFile(f"the file is not a valid {path.suffix} workbook (damaged or truncated zip: {exc})") from exc
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableFile(
            f"the workbook would inflate to {total / 1e6:,.0f} MB, above the limit of "
            f"{MAX_UNCOMPRESSED_BYTES / 1e6:,.0f} MB; it was not opened"
        )
    if "EncryptedPackage" in names:
        raise UnreadableFile("the workbook is password-protected; remove the password and send it again")


def read_spreadsheet(path: Path) -> list[SheetGrid]:
    if path.suffix.lower() in ZIP_SUFFIXES:
        _check_zip(path)
    try:
        workbook = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError as exc:
        raise UnreadableFile("the workbook is password-protected; remove the password and send it again") from exc
    except Exception as exc:  # calamine raises several error types for damaged files
        raise UnreadableFile(f"the file could not be read as a {path.suffix} workbook ({type(exc).__name__}: {exc})") from exc
    sheets = []
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                sheets.append(SheetGrid(meta.name, [], kind="chart"))
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
                merged = list(sheet.merged_cell_ranges or [])
            except Exception as exc:
                raise UnreadableFile(f"sheet '{meta.name}' could not be read ({type(exc).__name__}: {exc})") from exc
            kind = "worksheet" if meta.visible == pc.SheetVisibleEnum.Visible else "hidden"
            sheets.append(SheetGrid(meta.name, [[_clean(v) for v in row] for row in rows], merged, kind))
    return sheets


def decode_text(raw: bytes) -> tuple[str, str]:
    """Decode a text table; returns (text, encoding). UTF-8 (with or without BOM), UTF-16 or cp1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw[:4096]:
        # UTF-16 without a BOM shows a zero byte beside every ASCII character.
        even, odd = raw[0:4096:2].count(0), raw[1:4096:2].count(0)
        if max(even, odd) > len(raw[:4096]) // 4:
            return raw.decode("utf-16-le" if odd > even else "utf-16-be"), "utf-16"
        raise UnreadableFile("the file holds binary data, not a text table")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")
    bad = text.count("\ufffd")
    if bad > max(3, len(text) // 200):
        raise UnreadableFile("the text table is in an encoding that could not be recognised; save it as UTF-8")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > max(3, len(text) // 200):
        raise UnreadableFile("the text table is in an encoding that could not be recognised; save it as UTF-8")
    return text, "cp1252"


def read_text_table(path: Path) -> list[SheetGrid]:
    text, _ = decode_text(path.read_bytes())
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    rows = [[_clean(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return [SheetGrid(path.stem, rows)]


def read_workbook(path: Path) -> list[SheetGrid]:
    """Every sheet of a file as a grid of cleaned cell values (None for empty)."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("the file is empty")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"the file is {size / 1e6:,.0f} MB, above the limit of {MAX_FILE_BYTES / 1e6:,.0f} MB")
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text_table(path)
    if suffix in SPREADSHEET_SUFFIXES:
        return read_spreadsheet(path)
    raise UnreadableFile(f"files of type '{suffix or 'without extension'}' are not read; send xlsx, xls, ods or csv")

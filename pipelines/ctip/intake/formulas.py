"""Formula cells whose value was never computed.

A workbook written by a script holds `=SUM(...)` totals that no spreadsheet program has computed:
openpyxl writes no cached value (calamine then sees an empty cell, and the total would vanish
without a word), xlsxwriter writes a cached 0 (the total would be stored as 0). Such a cell is not
a figure. The reader replaces it with a `FormulaWithoutValue` (the formula's text) and the value
parser quarantines it with a reason asking the sender to open and save the file.

A cached value is unknown when the cell has none, or when it is 0 in a workbook that says it was
never computed (`fullCalcOnLoad` in workbook.xml and no calculation chain `xl/calcChain.xml`, which
Excel writes for every workbook with formulas it saved) unless every cell the formula adds up is 0
or blank. A non-zero cached value was put there by whatever computed it, and is kept. Only
worksheets whose XML holds a formula tag are parsed again (the extent scan of `read.check_zip`
notices them), so a file without formulas costs nothing more."""

from __future__ import annotations

import re
import zipfile

# A formula element in a chunk of worksheet XML (with or without a namespace prefix).
_FORMULA_TAGS = (b"<f>", b"<f ", b":f>", b":f ")
_CALC_PR = re.compile(rb"<(?:\w+:)?calcPr\b[^>]*>")
_FULL_CALC = re.compile(rb'\bfullCalcOnLoad\s*=\s*["\'](?:1|true)["\']')
_CELL_START = re.compile(rb"<(?:\w+:)?c\b[^>]*>")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_ATTR_R = re.compile(rb'\sr\s*=\s*["\']([A-Z]+)(\d+)["\']')
_ATTR_T = re.compile(rb'\st\s*=\s*["\'](\w+)["\']')
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.S)
_CELL_END = re.compile(rb"</(?:\w+:)?c>")


class FormulaWithoutValue(str):
    """A formula cell with no computed value, as '=FORMULA' (never a figure)."""


def has_formula(xml_chunk: bytes) -> bool:
    """Whether a chunk of worksheet XML holds a formula element."""
    return any(tag in xml_chunk for tag in _FORMULA_TAGS)


def never_calculated(z: zipfile.ZipFile) -> bool:
    """Whether the workbook says its formulas were never computed: `fullCalcOnLoad` set (asking the
    program to compute everything on opening, as openpyxl and xlsxwriter write) and no calculation
    chain (Excel writes one whenever it saved formulas)."""
    names = set(z.namelist())
    if "xl/calcChain.xml" in names or "xl/workbook.xml" not in names:
        return False
    with z.open("xl/workbook.xml") as f:
        head = f.read(5_000_000)
    m = _CALC_PR.search(head)
    return bool(m and _FULL_CALC.search(m.group(0)))


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _next_formula(xml: bytes, pos: int):
    """The next formula element from `pos`: candidates found with bytes.find (fast on a large sheet
    with a few formulas, as GLOTIP's one HYPERLINK), confirmed by the regular expression."""
    while True:
        hits = [i for i in (xml.find(tag, pos) for tag in _FORMULA_TAGS) if i >= 0]
        if not hits:
            return None
        i = min(hits)
        start = i if xml[i : i + 1] == b"<" else xml.rfind(b"<", max(0, i - 40), i)
        m = _FORMULA.match(xml, start) if start >= 0 else None
        if m is not None:
            return m
        pos = i + 1


def uncomputed_cells(xml: bytes, never_computed: bool) -> dict[tuple[int, int], tuple[str, bool]]:
    """{(row, col) zero-based: ('=FORMULA', zero)} for the formula cells of a worksheet's XML whose
    value may be unknown: no cached value at all (or an empty one that is not a text result), or, when
    `never_computed`, a cached 0 (`zero` True: `zero_is_right` may still vouch for it). Cells without
    a reference are skipped (no writer leaves it out on a formula cell)."""
    out: dict[tuple[int, int], tuple[str, bool]] = {}
    pos = 0
    while True:
        fm = _next_formula(xml, pos)
        if fm is None:
            break
        start = max(xml.rfind(b"<c ", 0, fm.start()), xml.rfind(b"<c>", 0, fm.start()), xml.rfind(b":c ", 0, fm.start()))
        end_m = _CELL_END.search(xml, fm.end())
        pos = end_m.end() if end_m else fm.end()
        if start < 0:
            continue
        tag = _CELL_START.match(xml, start if xml[start : start + 1] == b"<" else xml.rfind(b"<", 0, start + 1))
        if tag is None:
            continue
        ref = _ATTR_R.search(tag.group(0))
        if ref is None:
            continue
        body = xml[tag.end() : end_m.start() if end_m else len(xml)]
        value = _VALUE.search(body)
        typ = _ATTR_T.search(tag.group(0))
        cached = (value.group(1) or b"").strip() if value else b""
        zero = False
        if value is None:
            unknown = True
        elif not cached:  # an empty cached value is a computed empty text only for a text result
            unknown = not (typ and typ.group(1) in (b"str", b"s", b"inlineStr"))
        else:
            zero = unknown = never_computed and _ZERO.match(cached) is not None
        if unknown:
            text = (fm.group(2) or b"").decode("utf-8", errors="replace")
            text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            out[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = ("=" + text[:60] if text else "=(formula)", zero)
    return out


_ZERO = re.compile(rb"^[-+]?0+(?:\.0*)?(?:[eE][-+]?\d+)?$")
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?")
_SIMPLE_SUM = re.compile(r"^(?:SUM\((?P<args>[A-Z$\d:,\s]+)\)|(?P<terms>[A-Z$\d:+\s]+))$")


def zero_is_right(formula: str, cell) -> bool:
    """Whether a cached 0 of a never-computed workbook is the true value: the formula only adds up
    cells of its sheet (`=SUM(C2:C3)`, `=C2+C3`) and every one of them is 0 or blank. `cell(r, c)`
    gives a read value (zero-based). Anything else is unknown (False)."""
    m = _SIMPLE_SUM.match(formula.lstrip("=").upper().strip())
    if m is None:
        return False
    args = m.group("args") or m.group("terms")
    refs = list(_REF.finditer(args))
    if not refs:
        return False
    n = 0
    for ref in refs:
        c1, r1 = _column_index(ref.group(1).encode()), int(ref.group(2)) - 1
        c2, r2 = (_column_index(ref.group(3).encode()), int(ref.group(4)) - 1) if ref.group(3) else (c1, r1)
        for r in range(min(r1, r2), max(r1, r2) + 1):
            for c in range(min(c1, c2), max(c1, c2) + 1):
                n += 1
                if n > 10_000:
                    return False
                v = cell(r, c)
                if v is None or (v.__class__ in (int, float) and v == 0):
                    continue
                return False
    return True

"""A small workbook writer for the annotated copy: text, numbers, four cell styles and comments.

openpyxl builds an object per cell, style and comment and serialises each through ElementTree:
about 25 ms for a small annotated copy, more than reading the submission cost. This writes the
same parts as openpyxl's write-only mode, byte for byte but the creation time in
docProps/core.xml (tests/feedback/test_annotated_writer.py compares both on the intake corpus),
as strings. The parts that do not depend on the cells (styles, theme, properties) are still made
by openpyxl, once per openpyxl version (kept under `<marts>/cache/`).

`fits(sheets)` says whether every value is of a kind written here (None, str, int, finite float);
for anything else (dates, decimals, numpy numbers, error codes...) the caller uses openpyxl."""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_ILLEGAL = frozenset(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32)))  # openpyxl refuses these


@dataclass(frozen=True, slots=True)
class Styled:
    """A cell with a style (a key of `STYLES`) and, optionally, a comment."""

    value: object
    style: str
    comment: str | None = None
    comment_width: int = 320
    comment_height: int = 0


@dataclass
class Sheet:
    title: str
    rows: list[list[object]]  # values or Styled cells; None is an empty cell
    widths: dict[int, float] = field(default_factory=dict)  # 1-based column -> width


def styles() -> dict[str, tuple]:
    """style -> (font, fill) as openpyxl objects (used by both writers)."""
    return _styles()


@lru_cache(maxsize=1)
def _styles() -> dict[str, tuple]:
    from openpyxl.styles import Font, PatternFill

    return {
        "bold": (Font(bold=True), None),
        "ok": (None, PatternFill("solid", fgColor="C6EFCE")),
        "bad": (None, PatternFill("solid", fgColor="FFC7CE")),
        "removed": (None, PatternFill("solid", fgColor="D9D9D9")),
    }


def fits(sheets: list[Sheet]) -> bool:
    """Whether every value is one this writer writes exactly as openpyxl does."""
    for sheet in sheets:
        for row in sheet.rows:
            for v in row:
                if v.__class__ is Styled:
                    v = v.value
                t = v.__class__
                if v is None or t is int:
                    continue
                if t is str:
                    if len(v) > 32767 or (len(v) > 1 and v[0] == "=") or v in _ERROR_CODES or (not v.isprintable() and _ILLEGAL.intersection(v)):
                        return False
                elif t is float:
                    if not math.isfinite(v):
                        return False
                else:
                    return False
    return True


def _text(s: str) -> str:
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def _attr(s: str) -> str:
    s = _text(s)
    if '"' in s:
        s = s.replace('"', "&quot;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    if "\n" in s:
        s = s.replace("\n", "&#10;")
    if "\t" in s:
        s = s.replace("\t", "&#09;")
    return s


def _t(s: str) -> str:
    """A <t> element as openpyxl writes it (xml:space="preserve" for text with outer whitespace)."""
    stripped = s.strip()
    if stripped and s != stripped:
        return f'<t xml:space="preserve">{_text(s)}</t>'
    return f"<t>{_text(s)}</t>"


@lru_cache(maxsize=4096)
def column_letter(c: int) -> str:
    """1-based column number -> letters."""
    letters = ""
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_SHEET_TOP = (
    f'<worksheet xmlns="{MAIN_NS}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1" /><pageSetUpPr /></sheetPr>'
    '<sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1" /></sheetView></sheetViews>'
    '<sheetFormatPr baseColWidth="8" defaultRowHeight="15" />'
)
_SHEET_TAIL = '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5" />'
_LEGACY = f'<legacyDrawing xmlns:r="{REL_NS}" r:id="anysvml" />'


def _value_xml(ref: str, v: object, s: str) -> str:
    if v is None or v == "":
        return f'<c r="{ref}"{s} t="{"inlineStr" if v == "" else "n"}" />'
    if v.__class__ is str:
        return f'<c r="{ref}"{s} t="inlineStr"><is>{_t(v)}</is></c>'
    return f'<c r="{ref}"{s} t="n"><v>{"%.16g" % v}</v></c>'


def _sheet_xml(sheet: Sheet, style_ids: dict[str, int], comments: list[tuple[str, Styled]]) -> str:
    out = [_SHEET_TOP]
    if sheet.widths:
        out.append("<cols>")
        for c, w in sheet.widths.items():
            out.append(f'<col width="{"%.16g" % float(w)}" customWidth="1" min="{c}" max="{c}" />')
        out.append("</cols>")
    out.append("<sheetData>")
    for r, row in enumerate(sheet.rows, 1):
        out.append(f'<row r="{r}">')
        for c, v in enumerate(row, 1):
            if v is None:
                continue
            ref = f"{column_letter(c)}{r}"
            if v.__class__ is Styled:
                if v.comment is not None:
                    comments.append((ref, v))
                out.append(_value_xml(ref, v.value, f' s="{style_ids[v.style]}"'))
            else:
                out.append(_value_xml(ref, v, ""))
        out.append("</row>")
    out.append("</sheetData>")
    out.append(_SHEET_TAIL)
    if comments:
        out.append(_LEGACY)
    out.append("</worksheet>")
    return "".join(out)


def _comments_xml(comments: list[tuple[str, Styled]], author: str) -> str:
    out = [f'<comments xmlns="{MAIN_NS}"><authors><author>{_text(author)}</author></authors><commentList>']
    for ref, cell in comments:
        out.append(f'<comment ref="{ref}" authorId="0" shapeId="0"><text>{_t(cell.comment)}</text></comment>')
    out.append("</commentList></comments>")
    return "".join(out)


_VML_TOP = (
    '<xml xmlns:ns0="urn:schemas-microsoft-com:office:office" xmlns:ns1="urn:schemas-microsoft-com:vml" '
    'xmlns:ns2="urn:schemas-microsoft-com:office:excel"><ns0:shapelayout ns1:ext="edit"><ns0:idmap ns1:ext="edit" data="1" />'
    '</ns0:shapelayout><ns1:shapetype id="_x0000_t202" coordsize="21600,21600" ns0:spt="202" path="m,l,21600r21600,l21600,xe">'
    '<ns1:stroke joinstyle="miter" /><ns1:path gradientshapeok="t" ns0:connecttype="rect" /></ns1:shapetype>'
)


def _vml(comments: list[tuple[str, Styled]], positions: list[tuple[int, int]]) -> str:
    out = [_VML_TOP]
    for idx, ((_, cell), (row, col)) in enumerate(zip(comments, positions), 1026):
        out.append(
            '<ns1:shape type="#_x0000_t202" style="position:absolute; margin-left:59.25pt;margin-top:1.5pt;'
            f'width:{cell.comment_width}px;height:{cell.comment_height}px;z-index:1;visibility:hidden" fillcolor="#ffffe1" '
            f'ns0:insetmode="auto" id="_x0000_s{idx:04d}"><ns1:fill color2="#ffffe1" /><ns1:shadow color="black" obscured="t" />'
            '<ns1:path ns0:connecttype="none" /><ns1:textbox style="mso-direction-alt:auto"><div style="text-align:left" /></ns1:textbox>'
            '<ns2:ClientData ObjectType="Note"><ns2:MoveWithCells /><ns2:SizeWithCells /><ns2:AutoFill>False</ns2:AutoFill>'
            f"<ns2:Row>{row}</ns2:Row><ns2:Column>{col}</ns2:Column></ns2:ClientData></ns1:shape>"
        )
    out.append("</xml>")
    return "".join(out)


def _rel(type_: str, target: str, id_: str) -> str:
    return f'<Relationship Type="{type_}" Target="{_attr(target)}" Id="{id_}" />'


def _rels(rels: list[str]) -> str:
    return f'<Relationships xmlns="{PKG_REL_NS}">' + "".join(rels) + "</Relationships>"


_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _content_types(n_sheets: int, comment_of_sheet: dict[int, int]) -> str:
    out = [
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />'
        '<Default Extension="xml" ContentType="application/xml" />'
    ]
    if comment_of_sheet:
        out.append('<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing" />')
    out.append(
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml" />'
        '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml" />'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml" />'
    )
    for i in range(1, n_sheets + 1):
        out.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml" />')
        if i in comment_of_sheet:
            out.append(f'<Override PartName="/xl/comments/comment{comment_of_sheet[i]}.xml" ContentType="{_CT}.comments+xml" />')
    out.append(f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml" /></Types>')
    return "".join(out)


def _workbook_xml(titles: list[str]) -> str:
    sheets = "".join(f'<sheet name="{_attr(t)}" sheetId="{i}" state="visible" r:id="rId{i}" />' for i, t in enumerate(titles, 1))
    return (
        f'<workbook xmlns:r="{REL_NS}" xmlns="{MAIN_NS}"><workbookPr /><workbookProtection /><bookViews>'
        '<workbookView visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" showSheetTabs="1" '
        'tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1" /></bookViews>'
        f'<sheets>{sheets}</sheets><definedNames /><calcPr calcId="124519" fullCalcOnLoad="1" /></workbook>'
    )


# The parts that do not depend on the cells (styles, theme, properties) are openpyxl's, made once
# and kept in `<marts>/cache/xlsx_parts-<openpyxl version>-<this file's hash>.json`: importing openpyxl costs a
# `ctip check` about a tenth of its time (docs/benchmarks.md), for bytes that never change.
_CORE_TIME = "1999-12-31T23:59:59Z"  # where the current time goes in the core properties


def _openpyxl_version() -> str:
    from importlib.metadata import version

    return version("openpyxl")


@lru_cache(maxsize=1)
def _parts_file() -> Path:
    """Named for openpyxl's version and this file's content (the styles are defined here)."""
    import hashlib

    from ctip import paths

    this = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return paths.marts_dir() / "cache" / f"xlsx_parts-{_openpyxl_version()}-{this}.json"


@lru_cache(maxsize=1)
def _stored_parts() -> dict[str, str]:
    import json

    try:
        stored = json.loads(_parts_file().read_text(encoding="utf-8"))
        return stored if isinstance(stored, dict) and all(isinstance(v, str) for v in stored.values()) else {}
    except (OSError, ValueError):
        return {}


def _store_part(name: str, value: bytes) -> None:
    """Keep a part for the next process (best effort: a folder that cannot be written costs only time)."""
    import json

    from ctip.atomic import write_text

    parts = _stored_parts()
    parts[name] = value.decode("utf-8")
    try:
        _parts_file().parent.mkdir(parents=True, exist_ok=True)
        write_text(_parts_file(), json.dumps(parts, sort_keys=True))
    except OSError:
        pass


def _part(name: str, make) -> bytes:
    stored = _stored_parts().get(name)
    if stored is not None:
        return stored.encode("utf-8")
    value = make()
    _store_part(name, value)
    return value


@lru_cache(maxsize=16)
def _stylesheet(order: tuple[str, ...]) -> bytes:
    """styles.xml for these styles registered in this order, as openpyxl writes it."""
    return _part("styles:" + ",".join(order), lambda: _openpyxl_stylesheet(order))


def _openpyxl_stylesheet(order: tuple[str, ...]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles.stylesheet import write_stylesheet
    from openpyxl.xml.functions import tostring

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    for name in order:
        font, fill = styles()[name]
        cell = WriteOnlyCell(ws)
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        cell.style_id  # noqa: B018 - registers the cell's style, as writing the cell does
    return tostring(write_stylesheet(wb))


@lru_cache(maxsize=1)
def _fixed_parts() -> tuple[bytes, bytes]:
    return _part("app", _openpyxl_app), _part("theme", _openpyxl_theme)


def _openpyxl_app() -> bytes:
    from openpyxl.packaging.extended import ExtendedProperties
    from openpyxl.xml.functions import tostring

    return tostring(ExtendedProperties().to_tree())


def _openpyxl_theme() -> bytes:
    from openpyxl.writer.theme import theme_xml

    return theme_xml.encode() if isinstance(theme_xml, str) else theme_xml


def _openpyxl_core() -> bytes:
    """The core properties with both times at `_CORE_TIME`."""
    import datetime

    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import tostring

    at = datetime.datetime.strptime(_CORE_TIME, "%Y-%m-%dT%H:%M:%SZ")
    props = DocumentProperties(created=at, modified=at)
    return tostring(props.to_tree())


def _core_xml() -> bytes:
    """docProps/core.xml as openpyxl writes it now (created and modified: this second, UTC)."""
    import datetime

    now = datetime.datetime.now(tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return _part("core", _openpyxl_core).replace(_CORE_TIME.encode(), now)


def _position(ref: str) -> tuple[int, int]:
    """'F2' -> (1, 5): 0-based row and column, as the VML anchors comments."""
    i = 0
    while ref[i].isalpha():
        i += 1
    col = 0
    for ch in ref[:i]:
        col = col * 26 + ord(ch) - 64
    return int(ref[i:]) - 1, col - 1


def write_workbook(sheets: list[Sheet], path: Path, author: str) -> None:
    """Write the sheets (titles already valid and unique) to `path` as an .xlsx file."""
    order: list[str] = []
    for sheet in sheets:  # style ids in order of first use, as openpyxl numbers them
        for row in sheet.rows:
            for v in row:
                if v.__class__ is Styled and v.style not in order:
                    order.append(v.style)
    style_ids = {name: i for i, name in enumerate(order, 1)}
    app, theme = _fixed_parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
        z.writestr("docProps/app.xml", app)
        z.writestr("docProps/core.xml", _core_xml())
        z.writestr("xl/theme/theme1.xml", theme)
        comment_of_sheet: dict[int, int] = {}
        for i, sheet in enumerate(sheets, 1):
            comments: list[tuple[str, Styled]] = []
            z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheet, style_ids, comments).encode())
            if not comments:
                continue
            n = comment_of_sheet[i] = len(comment_of_sheet) + 1
            z.writestr(f"xl/comments/comment{n}.xml", _comments_xml(comments, author).encode())
            z.writestr(f"xl/drawings/commentsDrawing{n}.vml", _vml(comments, [_position(ref) for ref, _ in comments]).encode())
            z.writestr(
                f"xl/worksheets/_rels/sheet{i}.xml.rels",
                _rels(
                    [
                        _rel(f"{REL_NS}/comments", f"/xl/comments/comment{n}.xml", "comments"),
                        _rel(f"{REL_NS}/vmlDrawing", f"/xl/drawings/commentsDrawing{n}.vml", "anysvml"),
                    ]
                ).encode(),
            )
        z.writestr("xl/styles.xml", _stylesheet(tuple(order)))
        z.writestr(
            "_rels/.rels",
            _rels(
                [
                    _rel(f"{REL_NS}/officeDocument", "xl/workbook.xml", "rId1"),
                    _rel(f"{PKG_REL_NS}/metadata/core-properties", "docProps/core.xml", "rId2"),
                    _rel(f"{REL_NS}/extended-properties", "docProps/app.xml", "rId3"),
                ]
            ).encode(),
        )
        z.writestr("xl/workbook.xml", _workbook_xml([s.title for s in sheets]).encode())
        n = len(sheets)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            _rels(
                [_rel(f"{REL_NS}/worksheet", f"/xl/worksheets/sheet{i}.xml", f"rId{i}") for i in range(1, n + 1)]
                + [_rel(f"{REL_NS}/styles", "styles.xml", f"rId{n + 1}"), _rel(f"{REL_NS}/theme", "theme/theme1.xml", f"rId{n + 2}")]
            ).encode(),
        )
        z.writestr("[Content_Types].xml", _content_types(n, comment_of_sheet).encode())

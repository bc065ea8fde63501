"""Builders of hostile and broken submission files, made from scratch in the tests (no fixtures
on disk): an encrypted-workbook container, zip bombs, a sheet with a million rows, a worksheet
spanning the whole grid, case-level personal data..."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def write_wide(path: Path, rows: dict[str, dict[int, object]], sheet: str = "Statistics", extra_rows=()) -> Path:
    """A ministry-style wide table: title, blank row, header of years, one row per label."""
    years = sorted({y for vals in rows.values() for y in vals})
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["Trafficking in persons statistics"])
    ws.append([])
    ws.append(["Indicator", *years])
    for label, vals in rows.items():
        ws.append([label, *[vals.get(y) for y in years]])
    for row in extra_rows:
        ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def cfb_container(streams: dict[str, bytes]) -> bytes:
    """A minimal, well-formed OLE/CFB (version 3) file holding the given streams: the shape of an
    encrypted OOXML workbook (streams 'EncryptionInfo' and 'EncryptedPackage'). Streams are padded
    to 4096 bytes so they live in ordinary sectors."""
    sector = 512
    names = list(streams)
    data_sectors: list[bytes] = []
    starts, sizes = [], []
    fat = [FATSECT, ENDOFCHAIN]  # sector 0: the FAT itself; sector 1: the directory
    for name in names:
        payload = streams[name].ljust(4096, b"\x00")
        n = -(-len(payload) // sector)
        start = 2 + len(data_sectors)
        starts.append(start)
        sizes.append(len(payload))
        for i in range(n):
            data_sectors.append(payload[i * sector : (i + 1) * sector].ljust(sector, b"\x00"))
            fat.append(start + i + 1 if i < n - 1 else ENDOFCHAIN)
    assert len(fat) <= sector // 4
    fat += [FREESECT] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child=NOSTREAM, right=NOSTREAM, start=ENDOFCHAIN, size=0) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        e = bytearray(128)
        e[0 : len(raw)] = raw
        struct.pack_into("<HBB", e, 0x40, len(raw), kind, 1)
        struct.pack_into("<III", e, 0x44, NOSTREAM, right, child)
        struct.pack_into("<IQ", e, 0x74, start, size)
        return bytes(e)

    entries = [entry("Root Entry", 5, child=1)]
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else NOSTREAM
        entries.append(entry(name, 2, right=right, start=starts[i], size=sizes[i]))
    directory = b"".join(entries).ljust(sector, b"\x00")

    header = bytearray(512)
    header[0:8] = CFB_SIGNATURE
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    difat = [0] + [FREESECT] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat_sector = struct.pack(f"<{sector // 4}I", *fat)
    return bytes(header) + fat_sector + directory + b"".join(data_sectors)


def encrypted_workbook() -> bytes:
    """What Excel writes for 'Encrypt with password': a CFB container, not a zip."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    return cfb_container({"EncryptionInfo": info, "EncryptedPackage": struct.pack("<Q", 5000) + os.urandom(5000)})


_CT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b"%s</Types>"
)
_SHEET_CT = b'<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def raw_xlsx(path: Path, sheets: dict[str, object]) -> Path:
    """An xlsx written part by part. sheets: name -> iterable of <row> XML chunks (bytes).
    Lets the tests write a million rows in about a second, or cells anywhere in the grid."""
    names = list(sheets)
    wb = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + b"".join(b'<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n.encode(), i, i) for i, n in enumerate(names, 1))
        + b"</sheets></workbook>"
    )
    wb_rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + b"".join(
            b'<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            b'Target="worksheets/sheet%d.xml"/>' % (i, i)
            for i in range(1, len(names) + 1)
        )
        + b"</Relationships>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CT % b"".join(_SHEET_CT % i for i in range(1, len(names) + 1)))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        for i, name in enumerate(names, 1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as f:
                f.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                for chunk in sheets[name]:
                    f.write(chunk)
                f.write(b"</sheetData></worksheet>")
    return path


def _s(ref: str, text: str) -> bytes:
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref.encode(), text.encode())


def _n(ref: str, value: int) -> bytes:
    return b'<c r="%s"><v>%d</v></c>' % (ref.encode(), value)


def wide_rows_xml(rows: dict[str, dict[int, int]], first_row: int = 1) -> list[bytes]:
    """<row> elements of a small wide table (label in A, years from B)."""
    years = sorted({y for v in rows.values() for y in v})
    cols = [chr(66 + i) for i in range(len(years))]
    out = [b'<row r="%d">' % first_row + _s(f"A{first_row}", "Indicator") + b"".join(_n(f"{c}{first_row}", y) for c, y in zip(cols, years)) + b"</row>"]
    for k, (label, vals) in enumerate(rows.items(), 1):
        r = first_row + k
        out.append(b'<row r="%d">' % r + _s(f"A{r}", label) + b"".join(_n(f"{c}{r}", vals[y]) for c, y in zip(cols, years) if y in vals) + b"</row>")
    return out


def million_rows_xlsx(path: Path, n_rows: int = 1_000_000) -> Path:
    """A good table on top, then a column of numbers filled down to row n_rows (a formula
    dragged to the bottom of the sheet, as happens)."""

    def rows():
        yield from wide_rows_xml({"Victims identified": {2005: 7}})
        buf = []
        for r in range(6, n_rows + 1):
            buf.append(b'<row r="%d"><c r="D%d"><v>0</v></c></row>' % (r, r))
            if len(buf) == 20000:
                yield b"".join(buf)
                buf = []
        yield b"".join(buf)

    return raw_xlsx(path, {"Data": rows()})


def corner_xlsx(path: Path) -> Path:
    """Sheet 'Big' has a cell in A1 and one in XFD1048576: loading it as a grid would ask for
    17 billion cells (python-calamine aborts the whole process). Sheet 'Data' is a good table."""
    return raw_xlsx(
        path,
        {
            "Data": wide_rows_xml({"Victims identified": {2021: 9}}),
            "Big": [b'<row r="1">' + _n("A1", 1) + b'</row><row r="1048576">' + _n("XFD1048576", 2) + b"</row>"],
        },
    )


def zip_bomb_xlsx(path: Path, gigabytes: float = 2.0) -> Path:
    """An xlsx whose worksheet part inflates to `gigabytes` GB from a few MB: whitespace inside
    the sheetData element (valid XML), compressed as one deflate stream."""
    import zlib

    size = int(gigabytes * 1024**3)
    block = b" " * (16 << 20)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT % (_SHEET_CT % 1))
        z.writestr("_rels/.rels", _RELS)
        z.writestr(
            "xl/workbook.xml",
            b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            b'<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        tail = b"</sheetData></worksheet>"
        # A full flush byte-aligns the stream and resets its state, so every further block of
        # spaces deflates to the very same bytes: compress one block, repeat its output.
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        first = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
        blob = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
        n = max(1, (size - len(head) - len(tail)) // len(block))
        last = comp.compress(tail) + comp.flush()
        payload = first + blob * n + last
        crc = zlib.crc32(head)
        for _ in range(n):
            crc = zlib.crc32(block, crc)
        crc = zlib.crc32(tail, crc)
        written = len(head) + n * len(block) + len(tail)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        # Write the already-deflated stream as the part's data, with its true sizes and CRC.
        _write_precompressed(z, info, payload, written, crc)
    return path


def _write_precompressed(z: zipfile.ZipFile, info: zipfile.ZipInfo, payload: bytes, size: int, crc: int) -> None:
    """Add a member whose deflated bytes are already computed (zipfile has no public API for it)."""
    info.file_size = size
    info.compress_size = len(payload)
    info.CRC = crc
    info.header_offset = z.fp.tell()
    info.flag_bits = 0
    info.extract_version = max(info.extract_version, 45)
    info.create_version = max(info.create_version, 45)
    z.fp.write(info.FileHeader(zip64=True))
    z.fp.write(payload)
    z.start_dir = z.fp.tell()
    z.filelist.append(info)
    z.NameToInfo[info.filename] = info
    z._didModify = True


def case_list(path: Path, headers: list[str], rows: list[list[object]], sheet: str = "Victims", hidden_extra=None) -> Path:
    """A sheet of case-level personal data (what must never be stored)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    if hidden_extra:
        extra = wb.create_sheet(hidden_extra[0])
        for row in hidden_extra[1]:
            extra.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def ods_bytes(table_xml: str, name: str = "Data") -> bytes:
    """A minimal ODS holding one table whose rows are given as raw XML (`<table:table-row>`...)."""
    import io

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">{table_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE)  # stored, first, as the format wants
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def ods_repeat_bomb(path: Path, rows: int = 2000, cols: int = 2000, text: str = "x") -> Path:
    """An ODS of under a kilobyte declaring one text cell repeated rows × cols times."""
    xml = (
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{cols}" office:value-type="string">'
        f"<text:p>{text}</text:p></table:table-cell></table:table-row>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ods_bytes(xml))
    return path


def ods_table(path: Path, rows: list[list[object]], name: str = "Data") -> Path:
    """A small, ordinary ODS table (numbers as floats, the rest as text)."""
    from xml.sax.saxutils import escape

    out = []
    for row in rows:
        cells = []
        for v in row:
            if v is None:
                cells.append("<table:table-cell/>")
            elif isinstance(v, (int, float)):
                cells.append(f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>')
            else:
                cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>')
        out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ods_bytes("".join(out), name))
    return path


def csv_grid(path: Path, megabytes: float = 2.0, cols: int = 1000) -> Path:
    """A CSV of about `megabytes` MB of one-character cells: a grid of millions of cells."""
    line = ",".join(["1"] * cols) + "\n"
    n = int(megabytes * 1e6 // len(line)) + 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("Indicator," + ",".join(str(2000 + i % 25) for i in range(cols - 1)) + "\n")
        for _ in range(n):
            f.write(line)
    return path

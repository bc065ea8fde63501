"""Look for planted personal strings anywhere under a folder:
`python -m tests.privacy_lists.scan DIR [DIR...]` (exit 1 when anything is found).

Searches every file, including inside zip containers (xlsx, xlsm, ods, docx members), DuckDB and
SQLite databases (every text column of every table, plus the raw bytes), Parquet files (every
column), JSON (decoded, so '\\u00e9' escapes do not hide a name), HTML/XML (entities decoded),
gzip files, and any other file's raw bytes as UTF-8, UTF-16 and Latin-1. Matching ignores case and
accents. Prints one line per hit: file, where inside it, the case and the kind of string, never the
string itself (the scan's own output must not copy personal data into logs)."""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sqlite3
import sys
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .cases import CASES, planted_strings


def fold(text: str) -> str:
    """Lower case without accents, so 'QUILLBROOK' and 'Désirmaux' match however they were written."""
    # accents split off and dropped with every non-ASCII character: fast on megabytes of text, and
    # needles and haystack are folded the same way
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()


@dataclass(frozen=True)
class Needle:
    case: str
    kind: str
    folded: str


@dataclass(frozen=True)
class Hit:
    path: str
    where: str
    case: str
    kind: str
    needle: str = ""


def needles() -> list[Needle]:
    out = []
    for case in CASES:
        for s in planted_strings(case):
            out.append(Needle(case.name, _kind(case, s), fold(s)))
    return out


def _kind(case, s: str) -> str:
    for p in case.persons:
        for kind, value in (("document number", p.doc), ("e-mail", p.email), ("phone", p.phone), ("surname", p.last), ("name", f"{p.first} {p.last}")):
            if s == value:
                return kind
    return "birth date"


def _texts_of_bytes(data: bytes) -> list[str]:
    out = [data.decode("utf-8", errors="ignore"), data.decode("latin-1")]
    for codec in ("utf-16-le", "utf-16-be"):
        out.append(data.decode(codec, errors="ignore"))
        out.append(data[1:].decode(codec, errors="ignore"))
    return out


def _expand(text: str) -> list[str]:
    """The text as written and with HTML/XML entities and JSON escapes decoded."""
    out = [text, html.unescape(text)]
    if "\\u" in text:
        with warnings.catch_warnings():  # stray backslashes in binary data are not our concern
            warnings.simplefilter("ignore")
            out.append(text.encode("latin-1", errors="ignore").decode("unicode_escape", errors="ignore"))
    return out


_RUNS = re.compile(r"[\x20-\x7e]{4,}")


def _match(texts: list[str], where: str, path: str, ns: list[Needle]) -> list[Hit]:
    # only printable runs can hold a needle: binary files shrink to their strings, as `strings` does
    folded = ["\x00".join(_RUNS.findall(fold(t))) for t in texts]
    return [Hit(path, where, n.case, n.kind, n.folded) for n in ns if any(n.folded in f for f in folded)]


def _db_rows_sqlite(path: Path) -> list[tuple[str, str]]:
    out = []
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for (table,) in con.execute("select name from sqlite_master where type='table'").fetchall():
            rows = con.execute(f'select * from "{table}"').fetchall()
            out.append((table, "\n".join(" | ".join(_cell_text(v) for v in row) for row in rows)))
    finally:
        con.close()
    return out


def _db_rows_duckdb(path: Path) -> list[tuple[str, str]]:
    import duckdb

    out = []
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        for schema, table in tables:
            rows = con.execute(f'select * from "{schema}"."{table}"').fetchall()
            out.append((f"{schema}.{table}", "\n".join(" | ".join(_cell_text(v) for v in row) for row in rows)))
    finally:
        con.close()
    return out


def _parquet_text(path: Path) -> str:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    return "\n".join(" | ".join(_cell_text(v) for v in row.values()) for row in table.to_pylist()) + json.dumps(
        table.schema.metadata and {k.decode(errors="ignore"): v.decode(errors="ignore") for k, v in table.schema.metadata.items()}
    )


def _cell_text(v: object) -> str:
    if isinstance(v, bytes):
        return " ".join(_texts_of_bytes(v))
    return "" if v is None else str(v)


def scan_file(path: Path, ns: list[Needle], shown: str | None = None) -> list[Hit]:
    shown = shown or str(path)
    data = path.read_bytes()
    hits = _match([t for raw in _texts_of_bytes(data) for t in _expand(raw)], "bytes", shown, ns)
    head = data[:16]
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                for member in z.namelist():
                    body = z.read(member)
                    hits += _match([t for raw in _texts_of_bytes(body) for t in _expand(raw)], member, shown, ns)
        elif head.startswith(b"SQLite format 3"):
            for table, text in _db_rows_sqlite(path):
                hits += _match(_expand(text), f"table {table}", shown, ns)
        elif data[8:12] == b"DUCK" or path.suffix == ".duckdb":
            for table, text in _db_rows_duckdb(path):
                hits += _match(_expand(text), f"table {table}", shown, ns)
        elif head.startswith(b"PAR1"):
            hits += _match(_expand(_parquet_text(path)), "parquet rows", shown, ns)
        elif head.startswith(b"\x1f\x8b"):
            hits += _match(_expand(gzip.decompress(data).decode("utf-8", errors="ignore")), "gzip", shown, ns)
        elif path.suffix == ".json":
            decoded = json.dumps(json.loads(data.decode("utf-8", errors="ignore")), ensure_ascii=False)
            hits += _match([decoded], "json", shown, ns)
    except Exception as exc:  # an unreadable container still had its raw bytes searched
        print(f"note: {shown}: could not open inside ({type(exc).__name__})", file=sys.stderr)
    return sorted(set(hits), key=lambda h: (h.path, h.where, h.case, h.kind))


def scan(dirs: list[Path], with_needle: bool = True) -> list[Hit]:
    """Every hit under the folders (or files) given."""
    ns = needles()
    hits: list[Hit] = []
    for d in dirs:
        files = [d] if d.is_file() else sorted(p for p in d.rglob("*") if p.is_file() and not p.is_symlink())
        for p in files:
            hits += scan_file(p, ns)
    return hits if with_needle else [Hit(h.path, h.where, h.case, h.kind) for h in hits]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--show", action="store_true", help="also print the planted string (synthetic, for debugging)")
    args = ap.parse_args(argv)
    hits = scan(args.dirs, with_needle=args.show)
    for h in hits:
        print(f"HIT {h.path} [{h.where}] case={h.case} kind={h.kind}" + (f" string={h.needle!r}" if args.show else ""))
    print(f"{len(hits)} hits in {len({h.path for h in hits})} files ({len({h.case for h in hits})} of {len(CASES)} cases)")
    return 1 if hits else 0


if __name__ == "__main__":
    raise SystemExit(main())

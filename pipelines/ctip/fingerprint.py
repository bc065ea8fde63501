"""Fingerprints that decide whether derived work (estimates, their validation, exports, report)
can be reused: one of the tables a step reads, one of the code and configuration it runs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import duckdb

SOURCE_SUFFIXES = (".py", ".yaml", ".yml", ".csv", ".sql", ".json", ".xml", ".md")


@lru_cache(maxsize=32)
def _source_fingerprint(paths: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for root in map(Path, paths):
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES)
        for p in files:
            if "__pycache__" in p.parts:
                continue
            h.update(str(p.relative_to(root.parent)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def source_fingerprint(paths: Iterable[Path | str]) -> str:
    """Changes whenever a source or configuration file under `paths` changes (computed once per
    process: code does not change under a running process)."""
    return _source_fingerprint(tuple(str(Path(p).resolve()) for p in paths))


def tables_fingerprint(con: duckdb.DuckDBPyConnection, names: Iterable[str], catalog: str | None = None) -> str:
    """A hash of the named tables' columns, types and rows (order-independent: the sum of DuckDB's
    row hashes), computed inside DuckDB without loading the tables into Python. A missing table
    hashes as missing, so its appearance changes the fingerprint."""
    cat = f'"{catalog}".' if catalog else ""
    where = f"table_catalog = '{catalog}'" if catalog else "table_catalog = current_database()"
    present = {r[0] for r in con.execute(f"select table_name from information_schema.tables where {where}").fetchall()}
    h = hashlib.sha256(duckdb.__version__.encode())
    for name in sorted(set(names)):
        h.update(f"|{name}|".encode())
        if name not in present:
            h.update(b"<missing>")
            continue
        cols = con.execute(
            f"select column_name, data_type from information_schema.columns where {where} and table_name = ? order by ordinal_position", [name]
        ).fetchall()
        h.update(repr(cols).encode())
        if not cols:
            continue
        row_hash = "hash(" + ", ".join(f'"{c}"' for c, _ in cols) + ")"
        n, total = con.execute(f'select count(*), coalesce(sum({row_hash}::hugeint), 0) from {cat}"{name}"').fetchone()
        h.update(f"{n}:{total}".encode())
    return h.hexdigest()[:16]

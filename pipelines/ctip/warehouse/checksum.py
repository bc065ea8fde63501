"""Content checksums of every table: the same inputs must give the same warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb


def table_checksums(path: Path) -> dict[str, str]:
    """md5 of each table's rows, in a canonical order (independent of physical row order)."""
    out = {}
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [r[0] for r in con.execute("select table_name from information_schema.tables order by 1").fetchall()]
        for t in tables:
            out[t] = con.execute(f"select md5(coalesce(string_agg(r, chr(10) order by r), '')) from (select t::varchar as r from \"{t}\" t)").fetchone()[0]
    return out

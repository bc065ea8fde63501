"""A short summary of a published warehouse, read-only (what `ctip run` prints)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass
class WarehouseSummary:
    text: str
    n_rejected: int
    n_countries: int


def summarise_warehouse(path: Path) -> WarehouseSummary:
    with duckdb.connect(str(path), read_only=True) as con:
        status = dict(con.execute("select status, count(*) from submissions group by 1").fetchall())
        n_obs, n_countries, y0, y1 = con.execute(
            "select count(*), count(distinct country_iso3), min(year), max(year) from fact_observation"
        ).fetchone()
        countries = [r[0] for r in con.execute("select distinct country_iso3 from fact_observation order by 1").fetchall()]
        n_q = con.execute("select count(*) from quarantine").fetchone()[0]
        tables = [r[0] for r in con.execute("select table_name from information_schema.tables order by 1").fetchall()]
    lines = [
        f"submissions: {status.get('accepted', 0)} accepted, {status.get('partial', 0)} partial, {status.get('rejected', 0)} rejected",
        f"observations: {n_obs:,} in fact_observation ({n_q:,} cells in quarantine)",
        f"countries with observations: {n_countries} ({', '.join(countries)})",
        f"years covered: {y0}–{y1}" if y0 is not None else "years covered: none",
        f"tables: {', '.join(tables)}",
        f"warehouse: {path}",
    ]
    return WarehouseSummary("\n".join(lines), status.get("rejected", 0), n_countries)

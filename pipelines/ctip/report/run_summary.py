"""A short summary of a published warehouse, read-only (what `ctip run` prints)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from ctip.estimate.rules import publishable_rule
from ctip.export.regional_years import current_manifest, current_public_regional, regional_years
from ctip.schema import KEY_COLUMNS, load_schema


@dataclass
class WarehouseSummary:
    text: str
    n_rejected: int
    n_countries: int


def summarise_warehouse(path: Path) -> WarehouseSummary:
    """A few lines on what the warehouse holds (submissions by status, observations, countries,
    quarantine, and estimates when built), opened read-only."""
    with duckdb.connect(str(path), read_only=True) as con:
        status = dict(con.execute("select status, count(*) from submissions group by 1").fetchall())
        n_obs, n_countries, y0, y1 = con.execute("select count(*), count(distinct country_iso3), min(year), max(year) from fact_observation").fetchone()
        countries = [r[0] for r in con.execute("select distinct country_iso3 from fact_observation order by 1").fetchall()]
        n_q = con.execute("select count(*) from quarantine").fetchone()[0]
        # Country-year-indicators whose published total is smaller than its parts (flagged, never fixed).
        n_inconsistent = con.execute("select count(*) from mart_country_year where has_inconsistency").fetchone()[0]
        # Cells withheld because files received together disagree on them (warehouse/precedence.py).
        clashes = con.execute(
            f"select count(distinct ({', '.join(KEY_COLUMNS)})), string_agg(distinct source_file, ', ' order by source_file) "
            "from fact_observation_history where change = 'clash'"
        ).fetchone()
        tables = [r[0] for r in con.execute("select table_name from information_schema.tables order by 1").fetchall()]
        extra = []
        if "mart_estimates" in tables:
            nature = dict(con.execute("select nature, count(*) from mart_estimates group by 1").fetchall())
            n_members, y_first, y_last = con.execute("select count(distinct country_iso3), min(year), max(year) from mart_estimates").fetchone()
            extra.append(
                f"estimates: {n_members} members × {y_first}–{y_last}: {nature.get('C', 0)} reported (C), "
                f"{nature.get('E', 0)} estimated from own series (E), {nature.get('M', 0)} modelled from the region (M)"
            )
        regional = con.execute("select * from mart_regional_estimates").df() if "mart_regional_estimates" in tables else None
        if regional is not None:
            extra.append("")  # the regional line, said below from the public table when there is one
        if "mart_hidden_victims" in tables:
            extra.append(f"hidden-victim (MSE) estimates: {con.execute('select count(*) from mart_hidden_victims').fetchone()[0]} member-years")
    if regional is not None:
        extra[extra.index("")] = _regional_line(path, regional)
    manifest = current_manifest(path) or {}
    if manifest.get("release_history_warning"):  # attack3 H-O: said where the operator looks
        extra.append(f"WARNING release history: {manifest['release_history_warning']}")
    lines = [
        f"submissions: {status.get('accepted', 0)} accepted, {status.get('partial', 0)} partial, {status.get('rejected', 0)} rejected",
        f"observations: {n_obs:,} in fact_observation ({n_q:,} cells in quarantine)",
        f"inconsistent totals: {n_inconsistent:,} country-year-indicators with a total smaller than its parts (flag inconsistent_total)",
        *(
            [f"not published: {clashes[0]:,} figures that files received together give differently ({clashes[1]}); send one file that settles them"]
            if clashes[0]
            else []
        ),
        f"countries with observations: {n_countries} ({', '.join(countries)})",
        f"years covered: {y0}–{y1}" if y0 is not None else "years covered: none",
        *extra,
        f"tables: {', '.join(tables)}",
        f"warehouse: {path}",
    ]
    return WarehouseSummary("\n".join(lines), status.get("rejected", 0), n_countries)


def _regional_line(warehouse: Path, internal) -> str:
    """The regional headline's years as the public files give them (ctip.export.regional_years,
    the rule the public table and the report follow): publishable, and withheld by the disclosure
    control; from the internal table, said so, when no exports of this warehouse were written."""
    headline = load_schema().role("headline")
    public = current_public_regional(warehouse)
    years = regional_years(internal if public is None else public, headline)
    line = f"regional {headline} publishable for: {', '.join(map(str, years.publishable)) or 'no year'} ({publishable_rule()})"
    if years.withheld:
        line += f"; withheld in the public files (they would let a withheld country figure be derived): {', '.join(map(str, years.withheld))}"
    if public is None:
        line += " [before disclosure control: no public exports of this warehouse]"
    return line

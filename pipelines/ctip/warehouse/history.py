"""`ctip history`: how a figure changed, and from which files.

Reads fact_observation (the current value) and fact_observation_history (every earlier value,
superseded by a later submission of its source or by another source that took over its
country-year-indicator, replaced in place, or withdrawn when its file left data/raw), each with
when its submission was received."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from ctip import paths
from ctip.contracts import key

# A view across fact_observation, its history and submissions (not a table of its own).
COLUMNS = [*key("fact_observation"), "value", "flag", "state", "submission_id", "received_at", "source_file", "source_cell", "superseded_by"]


def figure_history(con: duckdb.DuckDBPyConnection, country: str, year: int | None = None, indicator: str | None = None) -> pd.DataFrame:
    """Every version of the figures of `country` (optionally one year and indicator): the current value
    and each superseded or withdrawn one, oldest first per key, with when its file was received."""
    where, params = ["country_iso3 = ?"], [country.upper()]
    if year is not None:
        where.append("year = ?")
        params.append(year)
    if indicator is not None:
        where.append("indicator = ?")
        params.append(indicator)
    cond = " and ".join(where)
    sql = f"""
        with versions as (
            select *, 'current' as state, null as superseded_by from fact_observation where {cond}
            union all by name
            select *, change as state from fact_observation_history where {cond}
        )
        select v.* exclude (received_at), coalesce(v.received_at, s.received_at) as received_at
        from versions v left join submissions s using (submission_id)
        order by country_iso3, year, indicator, sex, age_group, exploitation, citizenship,
                 state = 'current', coalesce(v.received_at, s.received_at) nulls first
    """
    frame = con.execute(sql, params + params).df()
    return frame[[c for c in COLUMNS if c in frame.columns]]


def add_history_parser(subparsers) -> None:
    """Add the `history` subcommand (--country, --year, --indicator, --warehouse) to the CLI."""
    p = subparsers.add_parser("history", help="how a figure changed, and from which files")
    p.add_argument("--country", required=True, help="ISO3 code or name (any of the four languages)")
    p.add_argument("--year", type=int)
    p.add_argument("--indicator")
    p.add_argument("--warehouse", help="warehouse file (default data/marts/warehouse.duckdb)")
    p.set_defaults(func=_run)


def _run(args) -> int:
    from ctip.intake.discover import country_from_folder
    from ctip.schema import load_schema

    # The names a country folder may have (code, or name in any of the four languages) are
    # accepted here too; an unknown country or indicator is said, not answered with "no figures".
    country = country_from_folder(args.country)
    if country is None:
        print(f"unknown country {args.country!r}: give its ISO3 code or its name (JAM or Jamaica)")
        return 2
    indicators = list(load_schema().indicators)
    if args.indicator is not None and args.indicator not in indicators:
        print(f"unknown indicator {args.indicator!r}: one of {', '.join(indicators)}")
        return 2
    path = Path(args.warehouse) if args.warehouse else paths.warehouse_path()
    if not path.exists():
        print(f"no warehouse at {path}; run `ctip run` first")
        return 2
    with duckdb.connect(str(path), read_only=True) as con:
        frame = figure_history(con, country, args.year, args.indicator)
    if frame.empty:
        print("no figures for that selection")
        return 0
    with pd.option_context("display.max_rows", 500, "display.width", 250, "display.max_columns", 30):
        print(frame.to_string(index=False))
    return 0

"""Contract checks on a built warehouse, in SQL. Used by the Dagster asset checks and the tests.
The tables' columns, types and keys are those of schemas/tables.yaml (ctip.contracts)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ctip import contracts
from ctip.schema import DIMENSIONS, load_schema
from ctip.warehouse.cells import install_macros


@dataclass
class ContractCheck:
    name: str
    passed: bool
    failing_rows: int
    detail: str


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchone()[0])


def _duplicate_keys(con: duckdb.DuckDBPyConnection, table: str) -> int:
    key = ", ".join(f'"{k}"' for k in contracts.key(table))
    return _count(con, f'select count(*) from (select 1 from "{table}" group by {key} having count(*) > 1)')


def table_problems(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every contract table in the warehouse whose columns, order or types differ from its contract,
    or whose key is not unique, with what is wrong. Empty on a good warehouse."""
    present = {r[0] for r in con.execute("select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
    problems = {}
    for name in contracts.tables():
        if name not in present:
            continue
        made = con.execute(
            "select column_name, data_type from information_schema.columns where table_schema = 'main' and table_name = ? order by ordinal_position", [name]
        ).fetchall()
        if made != list(contracts.types(name).items()):
            problems[name] = f"columns {made} differ from the contract {list(contracts.types(name).items())}"
        elif contracts.key(name) and (dup := _duplicate_keys(con, name)):
            problems[name] = f"{dup} keys appear more than once"
    return problems


def check_warehouse(con: duckdb.DuckDBPyConnection) -> list[ContractCheck]:
    """The warehouse's own checks, each passed or not with its number of failing rows: unique keys, every
    cell of every submission accounted for, regional sums equal to the facts, codes in the schema."""
    schema = load_schema()
    install_macros(con, temporary=True)  # is_total_row (also on a read-only connection)
    checks = []
    dup = _duplicate_keys(con, "fact_observation")
    checks.append(ContractCheck("fact_observation_key_unique", dup == 0, dup, "keys appearing more than once"))
    # Every stored figure of a submission is either current or in history (superseded, clash).
    unaccounted = _count(
        con,
        """
        select count(*) from submissions s
        where s.n_observations <> (select count(*) from fact_observation f where f.submission_id = s.submission_id)
                                + (select count(*) from fact_observation_history h
                                   where h.submission_id = s.submission_id and h.change in ('superseded', 'clash'))
           or s.n_quarantined <> (select count(*) from quarantine q where q.submission_id = s.submission_id)
        """,
    )
    checks.append(ContractCheck("every_cell_accounted", unaccounted == 0, unaccounted, "submissions whose counts do not match stored rows"))
    mismatch = _count(
        con,
        f"""
        select count(*) from mart_regional_year m
        full join (
            select year, indicator, sum(value) as s, count(*) as n from fact_observation
            where is_total_row({", ".join(DIMENSIONS)})
            group by all
        ) f using (year, indicator)
        where m.reported_sum is distinct from f.s or m.n_countries_reporting is distinct from f.n
        """,
    )
    checks.append(ContractCheck("regional_sums_match_facts", mismatch == 0, mismatch, "regional rows that differ from the sum of facts"))
    bad_codes = 0
    for dim in DIMENSIONS:
        codes = ", ".join(f"'{c}'" for c in schema.codes(dim))
        bad_codes += _count(con, f"select count(*) from fact_observation where {dim} not in ({codes})")
    indicators = ", ".join(f"'{c}'" for c in schema.indicators)
    bad_codes += _count(con, f"select count(*) from fact_observation where indicator not in ({indicators})")
    bad_codes += _count(con, "select count(*) from fact_observation where country_iso3 not in (select country_iso3 from dim_country)")
    checks.append(ContractCheck("codes_in_schema", bad_codes == 0, bad_codes, "rows with codes outside the schema or region"))
    return checks

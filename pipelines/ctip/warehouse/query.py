"""`ctip query "SQL"`: read-only SQL on the warehouse for researchers.

Nothing a query does can change the warehouse or touch another file:

* the file is opened with DuckDB `read_only=True` (INSERT, UPDATE, DELETE, CREATE, DROP, ALTER
  on it fail inside DuckDB itself);
* `enable_external_access = false` is set at connection time: no ATTACH of another (writable)
  database, no COPY ... TO, no EXPORT DATABASE, no reading other files (read_csv, read_parquet),
  no INSTALL/LOAD of extensions;
* `lock_configuration = true` then forbids any SET that would undo the above;
* before DuckDB sees the query, only SELECT (including WITH, DESCRIBE, SHOW, SUMMARIZE),
  EXPLAIN and PRAGMA statements are accepted, with a plain message for anything else.

Note: the warehouse holds the internal (unsuppressed) values. Public users get the exports
(data/marts/exports/), not this command."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

from ctip.export.csv_safety import safe_cell

ALLOWED = {
    duckdb.StatementType.SELECT: "SELECT",
    duckdb.StatementType.EXPLAIN: "EXPLAIN",
    duckdb.StatementType.PRAGMA: "PRAGMA",
}
FORMATS = ("table", "csv", "json")


class QueryRefused(ValueError):
    """The statement would not be read-only."""


def connect_read_only(warehouse: Path | str) -> duckdb.DuckDBPyConnection:
    """A connection that can only read the warehouse file."""
    path = Path(warehouse)
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `ctip run` first, or pass --warehouse")
    con = duckdb.connect(str(path), read_only=True, config={"enable_external_access": False})
    con.execute("SET lock_configuration = true")
    return con


def check_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse (QueryRefused) anything but one read-only statement."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as err:
        raise QueryRefused(f"the query could not be parsed: {err}") from err
    if not statements:
        raise QueryRefused("no SQL statement given")
    if len(statements) > 1:
        raise QueryRefused("one statement at a time, please (found %d)" % len(statements))
    kind = statements[0].type
    if kind not in ALLOWED:
        name = str(kind).rsplit(".", 1)[-1]
        raise QueryRefused(
            f"ctip query is read-only: {name} statements are not allowed "
            f"(only {', '.join(sorted(set(ALLOWED.values())))}). The warehouse is rebuilt by `ctip run`."
        )


def run_query(sql: str, warehouse: Path | str) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of a read-only query."""
    con = connect_read_only(warehouse)
    try:
        check_read_only(con, sql)
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        return columns, cursor.fetchall()
    finally:
        con.close()


def _text(value) -> str:
    return "" if value is None else str(value)


def format_table(columns: list[str], rows: list[tuple]) -> str:
    cells = [[_text(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def write_csv_rows(columns: list[str], rows: list[tuple], stream) -> None:
    """CSV to a stream, formula-safe (the output is often opened in a spreadsheet)."""
    import csv

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(v) if isinstance(v, str) else ("" if v is None else v) for v in row])


def format_json(columns: list[str], rows: list[tuple]) -> str:
    return json.dumps([dict(zip(columns, row)) for row in rows], default=str, ensure_ascii=False, indent=1)


def cmd_query(args: argparse.Namespace) -> int:
    from ctip import paths

    warehouse = Path(args.warehouse) if args.warehouse else paths.warehouse_path()
    try:
        columns, rows = run_query(args.sql, warehouse)
    except QueryRefused as err:
        print(f"ctip query: refused: {err}", file=sys.stderr)
        return 2
    except FileNotFoundError as err:
        print(f"ctip query: {err}", file=sys.stderr)
        return 2
    except duckdb.Error as err:
        message = str(err)
        if "read-only" in message or "disabled by configuration" in message or "locked" in message:
            message = f"not allowed, the warehouse is read-only here: {message}"
        print(f"ctip query: {message}", file=sys.stderr)
        return 1
    try:
        if args.format == "csv":
            write_csv_rows(columns, rows, sys.stdout)
        elif args.format == "json":
            print(format_json(columns, rows))
        else:
            print(format_table(columns, rows))
        sys.stdout.flush()
    except BrokenPipeError:  # `ctip query ... | head`
        sys.stderr.close()
    return 0


def add_query_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "query", help="run a read-only SQL query on the warehouse",
        description="Run one read-only SQL statement (SELECT, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN) on the warehouse. "
                    "The file is opened read-only with external access disabled: nothing can be changed or written.",
    )
    p.add_argument("sql", help='e.g. "select * from mart_country_year where country_iso3 = \'JAM\'"')
    p.add_argument("--warehouse", help="warehouse file (default data/marts/warehouse.duckdb)")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.set_defaults(func=cmd_query)
    return p

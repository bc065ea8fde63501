"""`ctip query "SQL"`: read-only SQL on the warehouse for researchers, within limits.

Nothing a query does can change the warehouse or touch another file:

* the file is opened with DuckDB `read_only=True` (INSERT, UPDATE, DELETE, CREATE, DROP, ALTER
  on it fail inside DuckDB itself);
* `enable_external_access = false` is set at connection time: no ATTACH of another (writable)
  database, no COPY ... TO, no EXPORT DATABASE, no INSTALL/LOAD of extensions;
* DuckDB still lets a connection read its own database file and temp folder
  (`allowed_paths`), so `read_blob('warehouse.duckdb')` would hand out the whole file: the local
  file system is switched off altogether (`disabled_filesystems = 'LocalFileSystem'`) once the
  file is open, which refuses read_blob, read_text, read_csv, glob... on any path;
* no spilling to disk (no temp directory, `max_temp_directory_size = 0`), a memory limit (`--memory`, 2 GB), a
  statement timeout (`--timeout`, 30 s; DuckDB has none, so a watchdog thread interrupts the
  connection) and a cap on the rows printed (`--limit`, 10,000);
* `lock_configuration = true` then forbids any SET that would undo the above;
* before DuckDB sees the query, only SELECT (including WITH, DESCRIBE, SHOW, SUMMARIZE),
  EXPLAIN and PRAGMA statements are accepted, with a plain message for anything else;
* every output format escapes control and invisible formatting characters (terminal escape
  sequences, right-to-left overrides) that a label could carry.

Note: the warehouse holds the internal (unsuppressed) values. Public users get the exports
(data/marts/exports/), not this command."""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ctip.safety import safe_cell

ALLOWED = {
    duckdb.StatementType.SELECT: "SELECT",
    duckdb.StatementType.EXPLAIN: "EXPLAIN",
    duckdb.StatementType.PRAGMA: "PRAGMA",
}
FORMATS = ("table", "csv", "json")
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MEMORY = "2GB"
DEFAULT_LIMIT = 10_000
_MEMORY = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


class QueryRefused(ValueError):
    """The statement would not be read-only."""


class QueryTimeout(RuntimeError):
    """The statement ran past its time limit and was stopped."""


class QueryInterrupted(RuntimeError):
    """The statement was stopped by Ctrl-C."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool = False  # more rows than the limit: only the first `limit` are in `rows`

    def __iter__(self):  # `columns, rows = run_query(...)`
        return iter((self.columns, self.rows))


def connect_read_only(warehouse: Path | str, memory: str = DEFAULT_MEMORY) -> duckdb.DuckDBPyConnection:
    """A connection that can only read the warehouse file, in bounded memory, without spilling."""
    path = Path(warehouse)
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `ctip run` first, or pass --warehouse")
    if not _MEMORY.match(str(memory)):
        raise ValueError(f"--memory must be a size such as 2GB or 500MB, not {memory!r}")
    config = {
        "enable_external_access": False,
        "memory_limit": str(memory).replace(" ", ""),
        "temp_directory": "",  # no spilling: a query over the memory limit fails instead
        "max_temp_directory_size": "0B",
    }
    con = duckdb.connect(str(path), read_only=True, config=config)
    try:
        # The file is open: no file system is needed any more. This also refuses the database's
        # own file and temp folder, which DuckDB keeps readable despite enable_external_access.
        con.execute("SET enable_progress_bar = false")
        con.execute("SET disabled_filesystems = 'LocalFileSystem'")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
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
        # The statement's own first word: DuckDB files INSTALL under LOAD, which would puzzle the reader.
        words = statements[0].query.split(None, 1)
        name = words[0].upper() if words and words[0].isalpha() else str(kind).rsplit(".", 1)[-1]
        raise QueryRefused(
            f"ctip query is read-only: {name} statements are not allowed "
            f"(only {', '.join(sorted(set(ALLOWED.values())))}). The warehouse is rebuilt by `ctip run`."
        )


class _Watchdog:
    """Interrupts a connection after `seconds` (DuckDB has no statement timeout of its own), or
    as soon as Ctrl-C is pressed.

    Ctrl-C: while the statement runs, SIGINT only sets a flag (a KeyboardInterrupt raised inside
    DuckDB's own signal check can be lost); this thread then interrupts the connection, again
    every 0.1 s until the statement has stopped, so a Ctrl-C that lands just before the statement
    starts is not lost either. The Python-level handler only runs when the main thread leaves
    DuckDB's C code, so the signal is also read from a wakeup pipe, which the C-level handler
    writes at once."""

    def __init__(self, con: duckdb.DuckDBPyConnection, seconds: float | None):
        self.con, self.seconds = con, seconds if seconds and seconds > 0 else None
        self.fired = False  # the time limit was reached
        self.ctrl_c = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True, name="ctip-query-watchdog")
        self._previous = None
        self._wakeup: tuple[int, int] | None = None
        self._previous_wakeup = -1

    def _read_wakeup(self) -> None:
        if self._wakeup is None:
            return
        try:
            data = os.read(self._wakeup[0], 64)
        except (BlockingIOError, OSError):
            return
        if signal.SIGINT in data:
            self.ctrl_c.set()

    def _watch(self) -> None:
        deadline = None if self.seconds is None else time.monotonic() + self.seconds
        while not self._done.wait(0.1):
            self._read_wakeup()
            if deadline is not None and time.monotonic() >= deadline:
                self.fired = True
            if self.fired or self.ctrl_c.is_set():
                self.con.interrupt()

    def _on_sigint(self, signum, frame) -> None:
        self.ctrl_c.set()

    def __enter__(self) -> "_Watchdog":
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_sigint)
            r, w = os.pipe()
            os.set_blocking(r, False)
            os.set_blocking(w, False)
            self._wakeup = (r, w)
            self._previous_wakeup = signal.set_wakeup_fd(w, warn_on_full_buffer=False)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()
        if self._wakeup is not None:
            signal.set_wakeup_fd(self._previous_wakeup)
            self._read_wakeup()
            for fd in self._wakeup:
                os.close(fd)
            self._wakeup = None
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def run_query(
    sql: str,
    warehouse: Path | str,
    *,
    timeout: float | None = DEFAULT_TIMEOUT_S,
    memory: str = DEFAULT_MEMORY,
    limit: int | None = DEFAULT_LIMIT,
) -> QueryResult:
    """(column names, rows) of a read-only query, within the time, memory and row limits.

    Raises QueryRefused, QueryTimeout, QueryInterrupted (Ctrl-C) or duckdb.Error."""
    con = connect_read_only(warehouse, memory=memory)
    watchdog = _Watchdog(con, timeout)
    try:
        check_read_only(con, sql)
        with watchdog:
            try:
                cursor = con.execute(sql)
                columns = [d[0] for d in cursor.description or []]
                # Fetch one row past the cap to know whether there were more.
                rows = cursor.fetchmany(limit + 1) if limit is not None and limit >= 0 else cursor.fetchall()
            except KeyboardInterrupt:
                con.interrupt()
                raise QueryInterrupted("stopped (Ctrl-C)") from None
            except (duckdb.InterruptException, RuntimeError) as err:
                # The watchdog's interrupt (time limit or Ctrl-C), or DuckDB's own "Query interrupted".
                if watchdog.ctrl_c.is_set() or (not watchdog.fired and "interrupted" in str(err).lower()):
                    raise QueryInterrupted("stopped (Ctrl-C)") from err
                if watchdog.fired:
                    raise QueryTimeout(f"stopped after {timeout:g} s (the time limit; raise it with --timeout)") from err
                raise
        if watchdog.ctrl_c.is_set():  # pressed as the statement ended: stop before printing
            raise QueryInterrupted("stopped (Ctrl-C)")
        truncated = limit is not None and limit >= 0 and len(rows) > limit
        return QueryResult(columns, rows[:limit] if truncated else rows, truncated)
    finally:
        con.close()


# Control characters (C0, DEL, C1) and invisible formatting characters (bidi overrides, zero-width
# marks, line/paragraph separators, unassigned code points) are what str.isprintable() rejects
# besides the space: shown as escapes so a label cannot drive the terminal.
def _escape_char(ch: str) -> str:
    if ch == " " or ch.isprintable():
        return ch
    o = ord(ch)
    return {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(o) or (f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}")


def escape_controls(text: str, keep: str = "") -> str:
    """A text with every control or invisible formatting character written as an escape (`\\x1b`),
    except the characters in `keep` (newlines in an error message)."""
    if text.isprintable():
        return text
    return "".join(ch if ch in keep else _escape_char(ch) for ch in text)


def _text(value) -> str:
    return "" if value is None else escape_controls(str(value))


def format_table(columns: list[str], rows: list[tuple]) -> str:
    """Rows as a plain text table, columns padded to width, with a row count; NULL shows as blank and
    control characters are escaped, so a value cannot move the terminal's cursor."""
    columns = [_text(c) for c in columns]
    cells = [[_text(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def write_csv_rows(columns: list[str], rows: list[tuple], stream) -> None:
    """CSV to a stream, formula-safe (the output is often opened in a spreadsheet) and with
    control characters escaped."""
    import csv

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, str):
            return safe_cell(escape_controls(v))
        return v

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([cell(c) for c in columns])
    for row in rows:
        writer.writerow([cell(v) for v in row])


def format_json(columns: list[str], rows: list[tuple]) -> str:
    """JSON with every control or invisible character as a \\u escape: lossless, terminal-safe."""
    text = json.dumps([dict(zip(columns, row)) for row in rows], default=str, ensure_ascii=False, indent=1)
    # json.dumps escapes C0 controls itself; the rest (DEL, C1, bidi, separators) only occurs
    # inside strings, where a \\u escape is valid JSON for the same character.
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch in "\n " else "".join(f"\\u{u:04x}" for u in _utf16(ch)) for ch in text)


def _utf16(ch: str) -> list[int]:
    data = ch.encode("utf-16-be", errors="surrogatepass")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def cmd_query(args: argparse.Namespace) -> int:
    """Run `ctip query` and print the rows; the exit code says what happened: 0 done, 1 out of memory or
    a DuckDB error, 2 refused or no warehouse, 3 timed out, 130 stopped by Ctrl-C."""
    from ctip import paths

    warehouse = Path(args.warehouse) if args.warehouse else paths.warehouse_path()
    limit = None if args.limit is not None and args.limit <= 0 else args.limit
    try:
        result = run_query(args.sql, warehouse, timeout=args.timeout, memory=args.memory, limit=limit)
    except QueryRefused as err:
        print(f"ctip query: refused: {err}", file=sys.stderr)
        return 2
    except (FileNotFoundError, ValueError) as err:
        print(f"ctip query: {err}", file=sys.stderr)
        return 2
    except QueryTimeout as err:
        print(f"ctip query: {err}", file=sys.stderr)
        return 3
    except (QueryInterrupted, KeyboardInterrupt):
        print("ctip query: stopped (Ctrl-C); nothing was changed", file=sys.stderr)
        return 130
    except duckdb.OutOfMemoryException as err:
        first_line = escape_controls(str(err).splitlines()[0] if str(err) else "")[:200]
        print(f"ctip query: the query needs more than the memory limit ({args.memory}; raise it with --memory): {first_line}", file=sys.stderr)
        return 1
    except duckdb.Error as err:
        message = escape_controls(str(err), keep="\n")
        if "disabled by configuration" in message and "ile system" in message:
            message = f"not allowed, ctip query reads the warehouse's tables only (no file access): {message}"
        elif "read-only" in message or "disabled by configuration" in message or "locked" in message:
            message = f"not allowed, the warehouse is read-only here: {message}"
        print(f"ctip query: {message}", file=sys.stderr)
        return 1
    columns, rows = result.columns, result.rows
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
    except KeyboardInterrupt:
        print("ctip query: stopped (Ctrl-C)", file=sys.stderr)
        return 130
    if result.truncated:
        print(f"ctip query: only the first {limit:,} rows are shown (raise the cap with --limit, 0 for none)", file=sys.stderr)
    return 0


def _positive_seconds(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("the timeout cannot be negative")
    return value


def add_query_parser(subparsers) -> argparse.ArgumentParser:
    """Add the `query` subcommand (read-only SQL with time, memory and row limits) to the CLI."""
    p = subparsers.add_parser(
        "query",
        help="run a read-only SQL query on the warehouse",
        description="Run one read-only SQL statement (SELECT, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN) on the warehouse. "
        "The file is opened read-only with file access disabled: nothing can be changed, written or "
        "read besides the warehouse's tables. Time, memory and rows printed are limited.",
    )
    p.add_argument("sql", help="e.g. \"select * from mart_country_year where country_iso3 = 'JAM'\"")
    p.add_argument("--warehouse", help="warehouse file (default data/marts/warehouse.duckdb)")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=DEFAULT_TIMEOUT_S,
        help=f"stop the statement after this many seconds (default {DEFAULT_TIMEOUT_S:g}; 0 for none)",
    )
    p.add_argument("--memory", default=DEFAULT_MEMORY, help=f"memory limit of the query (default {DEFAULT_MEMORY})")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help=f"print at most this many rows (default {DEFAULT_LIMIT:,}; 0 for no cap)")
    p.set_defaults(func=cmd_query)
    return p

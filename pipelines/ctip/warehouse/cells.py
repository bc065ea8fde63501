"""One definition of "the total row" and of mart_country_year's one-way cells, in SQL and in pandas.

Both are generated from schemas/dimensions.yaml (the dimensions, the code of the `total` role,
`country_year_columns`), so no SQL file, check or export writes a dimension code. In SQL:

    is_total_row(sex, age_group, exploitation, citizenship)  every dimension at total
    total_code()                                               the total code (flows have no citizenship)
    one_way_column(sex, age_group, exploitation, citizenship)  the mart_country_year column of a cell, or NULL

`install_macros` creates them on a connection: persistent in the warehouse (researchers' read-only
connections can use them too), temporary on a read-only connection."""

from __future__ import annotations

import duckdb
import pandas as pd

from ctip.schema import DIMENSIONS, load_schema


def _quote(code: str) -> str:
    return "'" + code.replace("'", "''") + "'"


def macro_statements(temporary: bool = False) -> list[str]:
    """`create or replace macro` statements for the three macros, from the schema."""
    schema = load_schema()
    total = _quote(schema.total_code)
    kind = "temp macro" if temporary else "macro"
    params = ", ".join(DIMENSIONS)
    all_total = " and ".join(f"{d} = {total}" for d in DIMENSIONS)
    cases = []
    for column, cell in schema.country_year_columns.items():
        cond = " and ".join(f"{d} = {_quote(cell.get(d, schema.total_code))}" for d in DIMENSIONS)
        cases.append(f"when {cond} then {_quote(column)}")
    return [
        f"create or replace {kind} total_code() as {total}",
        f"create or replace {kind} is_total_row({params}) as ({all_total})",
        f"create or replace {kind} one_way_column({params}) as case {' '.join(cases)} end",
    ]


def install_macros(con: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """Create the schema's macros (is_total_row, ...) on `con`; `temporary` makes them temp macros, which
    a read-only connection can still create."""
    for statement in macro_statements(temporary):
        con.execute(statement)


def is_total_row(frame: pd.DataFrame, dimensions: tuple[str, ...] | None = None) -> pd.Series:
    """Rows whose dimensions (all of DIMENSIONS that the frame has, or those given) are at total.
    A dimension the frame lacks is not broken down there, so it does not filter."""
    total = load_schema().total_code
    dims = [d for d in (dimensions or DIMENSIONS) if d in frame.columns]
    mask = pd.Series(True, index=frame.index)
    for d in dims:
        mask &= frame[d] == total
    return mask

"""A toy derivation for the derived-work tests: tables written into a DuckDB file, a derivation
that counts its real runs, and the derived total read back."""

from __future__ import annotations

import duckdb
import pandas as pd


def write_tables(path, tables: dict[str, pd.DataFrame]) -> None:
    with duckdb.connect(str(path)) as con:
        for name, frame in tables.items():
            con.register("_f", frame)
            con.execute(f'create or replace table "{name}" as select * from _f')
            con.unregister("_f")


class Counting:
    """A derivation (the sum of table a's x as table derived_total) that records each time it really runs."""

    def __init__(self):
        self.calls = 0

    def __call__(self, tables):
        self.calls += 1
        return {"derived_total": pd.DataFrame({"total": [int(tables["a"]["x"].sum())]})}


def derived_total(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select total from derived_total").fetchone()[0]

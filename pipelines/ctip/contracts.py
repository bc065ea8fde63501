"""The table contracts of `schemas/tables.yaml`: the one place a table's columns, types, key and
descriptions are declared. Everything else asks this module: the stages' column lists
(`columns`), the warehouse's DDL (`ddl`), the pandera models (`pandera_schema`) and the data
dictionary. A test (tests/schema/test_no_hand_declared_columns.py) fails when a module lists a
table's columns by hand.

It sits low in the layers (only `paths` and `yamlio` below it) so that every stage can import it;
pandera is imported only by `pandera_schema`, so reading a column list stays cheap."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ctip.paths import SCHEMAS_DIR
from ctip.yamlio import parse_yaml

if TYPE_CHECKING:
    import pandera.pandas as pa

# DuckDB type -> the pandas dtype pandera checks. Integers are pandas' nullable Int64 (a count may
# be NULL), text is `str` as in the observation contract (coercion off there on purpose).
PANDAS_DTYPES = {
    "VARCHAR": str,
    "BIGINT": "Int64",
    "INTEGER": "Int64",
    "HUGEINT": "Int64",
    "DOUBLE": "float64",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "datetime64[ns]",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str
    # Describes who is counted, not how many (e.g. members reporting): kept when the row's figures
    # are withheld for disclosure control. Every other number of a withheld row goes with it.
    coverage: bool = False


NUMERIC_TYPES = frozenset({"BIGINT", "INTEGER", "HUGEINT", "DOUBLE"})


@dataclass(frozen=True)
class Table:
    name: str
    group: str
    public: bool
    description: str
    key: tuple[str, ...]
    columns: dict[str, Column]
    internal_columns: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def table_contracts() -> dict[str, dict]:
    """The raw YAML mapping, table name -> its spec (as written in tables.yaml)."""
    return parse_yaml((SCHEMAS_DIR / "tables.yaml").read_text(encoding="utf-8"))["tables"]


def _table(name: str, spec: dict) -> Table:
    key = tuple(spec.get("key") or ())
    cols = {}
    for col, c in spec["columns"].items():
        if c.get("type", "").upper() not in PANDAS_DTYPES:
            raise ValueError(f"tables.yaml: {name}.{col} has type {c.get('type')!r}, not one of {sorted(PANDAS_DTYPES)}")
        # A key column is NOT NULL unless the contract says otherwise (fact_flow's partner_iso3).
        nullable = bool(c.get("nullable", col not in key))
        cols[col] = Column(col, c["type"].upper(), nullable, " ".join(str(c.get("description", "")).split()), bool(c.get("coverage", False)))
    missing = [k for k in (*key, *spec.get("internal_columns", ())) if k not in cols]
    if missing:
        raise ValueError(f"tables.yaml: {name} names columns it does not have: {missing}")
    return Table(name, spec["group"], bool(spec.get("public")), str(spec.get("description", "")), key, cols, tuple(spec.get("internal_columns", ())))


@lru_cache(maxsize=1)
def tables() -> dict[str, Table]:
    """Every table contract, in the file's order."""
    return {name: _table(name, spec) for name, spec in table_contracts().items()}


def table(name: str) -> Table:
    try:
        return tables()[name]
    except KeyError:
        raise KeyError(f"no table {name!r} in schemas/tables.yaml") from None


def columns(name: str) -> list[str]:
    """The table's columns, in order (a new list each call: callers may extend it)."""
    return list(table(name).columns)


def key(name: str) -> list[str]:
    """The columns that identify a row (empty for a log such as quarantine)."""
    return list(table(name).key)


def figure_columns(name: str) -> list[str]:
    """The numbers of a row that are figures (not its key, not coverage): what disclosure control
    blanks together when it withholds the row. Read from the contract, so a numeric column added
    to a public table is withheld with its row without anyone listing it (a median once was not)."""
    spec = table(name)
    return [c.name for c in spec.columns.values() if c.type in NUMERIC_TYPES and c.name not in spec.key and not c.coverage]


def types(name: str) -> dict[str, str]:
    """Column -> DuckDB type."""
    return {c.name: c.type for c in table(name).columns.values()}


def ddl(name: str) -> str:
    """CREATE TABLE for the contract: types and NOT NULL (uniqueness of the key is a contract check,
    ctip.warehouse.contracts, not an index: a build writes each table once)."""
    cols = ",\n".join(f'    "{c.name}" {c.type}{"" if c.nullable else " NOT NULL"}' for c in table(name).columns.values())
    return f'CREATE TABLE "{name}" (\n{cols}\n)'


def pandera_schema(name: str, *, coerce: bool = False, strict: bool = True) -> pa.DataFrameSchema:
    """A pandera model of the table: its columns in order with their dtypes and nullability, and
    its key unique. Business rules (codes, ranges) are added by the stage that owns them
    (ctip.validate.observation_schema)."""
    import pandera.pandas as pa  # only when a frame is validated: pandera costs a second to import

    spec = table(name)
    cols = {c.name: pa.Column(PANDAS_DTYPES[c.type], nullable=c.nullable, coerce=coerce) for c in spec.columns.values()}
    return pa.DataFrameSchema(cols, unique=list(spec.key) or None, strict=strict, ordered=strict, coerce=coerce, name=name)

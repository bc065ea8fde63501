"""No module under pipelines/ctip declares a table's columns by hand: a list, tuple or set literal of
strings that is a table's column list from schemas/tables.yaml, or most of it, must be
`ctip.contracts.columns(table)` instead, so the contract has one source. (A row built as a dict
names each value's column; the frame's columns still come from the contract, so dicts are left.)"""

from __future__ import annotations

import ast
from pathlib import Path

from ctip import contracts, schema

PACKAGE = Path(contracts.__file__).resolve().parent
# Names a literal may splat (`[*KEY_COLUMNS, "value"]`): their values count as written out.
KNOWN = {"KEY_COLUMNS": schema.KEY_COLUMNS, "DIMENSIONS": schema.DIMENSIONS}
SHARE = 0.8  # a literal covering this share of a table's columns, and made mostly of them, is a copy


def _strings(node: ast.AST) -> list[str] | None:
    out: list[str] = []
    for e in node.elts:
        if isinstance(e, ast.Constant) and isinstance(e.value, str):
            out.append(e.value)
        elif isinstance(e, ast.Starred) and isinstance(e.value, ast.Name) and e.value.id in KNOWN:
            out.extend(KNOWN[e.value.id])
    return out if len(out) >= 3 else None


def hand_declared(source: str, tables: dict[str, list[str]]) -> list[tuple[int, str]]:
    """(line, table) for every literal in `source` that copies a table's columns."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.List | ast.Tuple | ast.Set):
            continue
        strings = _strings(node)
        if strings is None:
            continue
        names = set(strings)
        for table, cols in tables.items():
            shared = len(names & set(cols))
            if shared >= 3 and shared >= SHARE * len(cols) and shared >= SHARE * len(names):
                found.append((node.lineno, table))
    return found


def _tables() -> dict[str, list[str]]:
    return {name: contracts.columns(name) for name in contracts.tables()}


def test_the_check_finds_a_planted_copy():
    planted = """
from ctip.schema import KEY_COLUMNS
QUARANTINE = ["submission_id", "source_file", "source_sheet", "source_cell", "raw_label", "raw_value", "reason"]
HISTORY = [*KEY_COLUMNS, "value", "flag", "submission_id", "source_file", "source_sheet", "source_cell",
           "superseded_by", "change"]
POPULATION = {"iso3", "year", "population", "source"}
MOST_OF_CAPTURE = ("country_iso3", "year", "pattern", "lists", "count", "submission_id", "source_file", "source_sheet")
A_VIEW = [*KEY_COLUMNS, "value", "flag", "state", "received_at"]   # some of a table's columns: fine
KEY = ["year", "indicator", "sex"]                                  # a sort key: fine
"""
    hits = hand_declared(planted, _tables())
    assert (3, "quarantine") in hits
    assert (4, "fact_observation_history") in hits
    assert (6, "ref_population") in hits
    assert (7, "fact_capture_history") in hits
    assert not [h for h in hits if h[0] in (8, 9)], hits


def test_no_module_declares_a_tables_columns_by_hand():
    tables = _tables()
    copies = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: the columns of {table}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, table in hand_declared(path.read_text(encoding="utf-8"), tables)
    ]
    assert not copies, "use ctip.contracts.columns(table) instead of:\n" + "\n".join(copies)

"""The warehouse's view of the table contracts (ctip.contracts, from schemas/tables.yaml): groups,
descriptions and the public tables, for the Dagster assets and the exports."""

from __future__ import annotations

from ctip.contracts import table_contracts, tables

__all__ = ["PUBLIC_TABLES", "TABLE_DESCRIPTIONS", "TABLE_GROUPS", "table_contracts"]


def _groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for name, spec in tables().items():
        groups.setdefault(spec.group, []).append(name)
    return groups


TABLE_GROUPS = _groups()
TABLE_DESCRIPTIONS = {name: spec.description for name, spec in tables().items()}
PUBLIC_TABLES = [name for name, spec in tables().items() if spec.public]

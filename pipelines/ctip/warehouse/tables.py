"""The table contracts of schemas/tables.yaml, and the hook that adds estimate tables."""

from __future__ import annotations

from functools import lru_cache

from ctip.paths import SCHEMAS_DIR
from ctip.yamlio import parse_yaml


@lru_cache(maxsize=1)
def table_contracts() -> dict[str, dict]:
    return parse_yaml((SCHEMAS_DIR / "tables.yaml").read_text(encoding="utf-8"))["tables"]


def _groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for name, spec in table_contracts().items():
        groups.setdefault(spec["group"], []).append(name)
    return groups


TABLE_GROUPS = _groups()
TABLE_DESCRIPTIONS = {name: spec["description"] for name, spec in table_contracts().items()}
PUBLIC_TABLES = [name for name, spec in table_contracts().items() if spec.get("public")]


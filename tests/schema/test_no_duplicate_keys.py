"""A key written twice in one mapping of a schema file is silently overwritten by YAML loaders: a
second `people_words` list added to schemas/lang/*.yaml replaced the first and five figures of the
realistic corpus went unread. Every mapping of every schema file holds each key once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


class _StrictLoader(yaml.SafeLoader):
    pass


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ValueError(f"key {key!r} written twice (line {key_node.start_mark.line + 1})")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.mark.parametrize("path", sorted(SCHEMAS.rglob("*.yaml")), ids=lambda p: str(p.relative_to(SCHEMAS)))
def test_each_key_once_per_mapping(path: Path):
    yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)


def test_a_duplicate_is_found():
    with pytest.raises(ValueError, match="people_words"):
        yaml.load("words:\n  people_words: [a]\n  other: [b]\n  people_words: [c]\n", Loader=_StrictLoader)

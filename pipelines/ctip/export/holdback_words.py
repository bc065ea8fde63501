"""The words of a held-back revision (schemas/disclosure.yaml): the public flag, the SDMX comment,
the estimates' note and the report's sentence. Read once per process."""

from __future__ import annotations

from functools import lru_cache

from ctip.paths import SCHEMAS_DIR
from ctip.yamlio import read_yaml


@lru_cache(maxsize=1)
def held_back_words() -> dict[str, str]:
    """The `held_back` section of schemas/disclosure.yaml."""
    spec = read_yaml(SCHEMAS_DIR / "disclosure.yaml") or {}
    return {str(k): str(v) for k, v in (spec.get("held_back") or {}).items()}


def held_back_flag() -> str:
    """The public `flag` of a held-back cell."""
    return held_back_words()["flag"]

"""Reading a value cell: counts as numbers or text, thousands separators, statistical markers.

A count is a non-negative integer. `1,234`, `1.234` and `1 234` are all 1234 (a count has no
decimals, so a single separator followed by exactly three digits is a thousands separator).
Markers: not available (no observation), nil (0), suppressed small count (NULL, flag)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ctip.schema import load_schema

SUPPRESSED = "suppressed"

_THOUSANDS = re.compile(r"^\d{1,3}(?:([,.\u00a0\u202f ])\d{3})(?:\1\d{3})*$")
_PLAIN = re.compile(r"^\d+$")
_DECIMAL_ZERO = re.compile(r"^(\d+)[.,]0+$")


@dataclass(frozen=True)
class ParsedValue:
    """kind: count | suppressed | nil | not_available | empty | error"""

    kind: str
    value: int | None = None
    reason: str | None = None

    @property
    def is_observation(self) -> bool:
        return self.kind in ("count", "suppressed", "nil")

    @property
    def flag(self) -> str | None:
        return SUPPRESSED if self.kind == "suppressed" else None


@lru_cache(maxsize=1)
def _markers() -> dict[str, str]:
    markers = load_schema().markers
    table = {}
    for kind, words in markers.items():
        for w in words:
            table[w.strip().lower()] = kind
    return table


def parse_count(raw: object) -> ParsedValue:
    if raw is None:
        return ParsedValue("empty")
    if isinstance(raw, bool):
        return ParsedValue("error", reason=f"'{raw}' is a yes/no value, not a count")
    if isinstance(raw, int):
        return _checked(raw, raw)
    if isinstance(raw, float):
        if math.isnan(raw):
            return ParsedValue("empty")
        if not raw.is_integer():
            return ParsedValue("error", reason=f"{raw:g} is not a whole number; counts of persons or cases are integers")
        return _checked(int(raw), raw)
    text = str(raw).strip().replace("\u00a0", " ")
    if not text:
        return ParsedValue("empty")
    if len(text) > 64:
        return ParsedValue("error", reason="text of more than 64 characters where a count was expected")
    kind = _markers().get(text.lower())
    if kind == "not_available":
        return ParsedValue("not_available")
    if kind == "nil":
        return ParsedValue("nil", 0)
    if kind == "suppressed":
        return ParsedValue("suppressed")
    if re.match(r"^<\s*\d+$", text):
        return ParsedValue("suppressed")
    t = text.lstrip("+")
    if t.startswith("-") and re.match(r"^-\s*\d", t):
        return ParsedValue("error", reason=f"'{text}' is negative; a count cannot be below zero")
    if _PLAIN.match(t):
        return _checked(int(t), text)
    m = _DECIMAL_ZERO.match(t)
    if m:
        return _checked(int(m.group(1)), text)
    if _THOUSANDS.match(t):
        return _checked(int(re.sub(r"\D", "", t)), text)
    return ParsedValue("error", reason=f"'{text}' is not a count")


def _checked(value: int, raw: object) -> ParsedValue:
    if value < 0:
        return ParsedValue("error", reason=f"'{raw}' is negative; a count cannot be below zero")
    return ParsedValue("count", value)

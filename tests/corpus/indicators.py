"""Indicator codes and small helpers shared by the fixture builders."""

from __future__ import annotations

from .fixtures import Series

V, A, CI, PI, PP, PC = (
    "victims_detected",
    "victims_assisted",
    "cases_investigated",
    "persons_investigated",
    "persons_prosecuted",
    "persons_convicted",
)


def sex_split(s: Series, low: int = 1, high: int = 30) -> tuple[int, int, int]:
    """Female, male and their total."""
    f, m = s(low, high), s(low, high)
    return f, m, f + m

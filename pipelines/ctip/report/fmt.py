"""Numbers as the report prints them. One place decides how a count, a "<5", a range and an
interval look, so the charts and the tables cannot disagree (or leak a suppressed count)."""

from __future__ import annotations

import math

SUPPRESSED_TEXT = "<5"
MISSING_TEXT = "–"


def _finite(x) -> bool:
    try:
        return x is not None and math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def count(x) -> str:
    """A count or an expected count, rounded to a whole number with thousands separators."""
    if not _finite(x):
        return MISSING_TEXT
    return f"{round(float(x)):,}"


def member_count(value, status: str) -> str:
    """A member's own figure: the number when reported, "<5" when suppressed, never the estimate of a "<5"."""
    if status == "suppressed":
        return SUPPRESSED_TEXT
    if status == "reported" and _finite(value):
        return count(value)
    return MISSING_TEXT


def count_range(low, high) -> str:
    """A sum that includes "<5" totals: "12–18"; "<5" when the whole range is below 5."""
    if not _finite(low) or not _finite(high):
        return MISSING_TEXT
    lo, hi = round(float(low)), round(float(high))
    if hi <= 4 and lo >= 1:
        return SUPPRESSED_TEXT
    return count(lo) if lo == hi else f"{lo:,}–{hi:,}"


def interval(low, high) -> str:
    if not _finite(low) or not _finite(high):
        return MISSING_TEXT
    return f"{count(low)}–{count(high)}"


def estimate_with_interval(est, low, high) -> str:
    if not _finite(est):
        return MISSING_TEXT
    if not _finite(low) or not _finite(high):
        return count(est)
    return f"{count(est)} ({interval(low, high)})"


def percent(x, digits: int = 0) -> str:
    if not _finite(x):
        return MISSING_TEXT
    return f"{float(x) * 100:.{digits}f}%"


def number(x, digits: int = 3) -> str:
    """A statistic of unknown scale (validation tables): a few significant digits."""
    if isinstance(x, bool):
        return "yes" if x else "no"
    if not _finite(x):
        return MISSING_TEXT if x is None or (isinstance(x, float) and math.isnan(x)) else str(x)
    value = float(x)
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.{digits}g}"


def shorten(text: str, width: int = 26) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"

"""Numbers as the report prints them. One place decides how a count, a withheld value, a range
and an interval look, so the charts and the tables cannot disagree (or leak a withheld count).

A withheld value is printed "x", never "<5": the public tables withhold counts from 1 to 4 and
also figures of any size that would let one be worked out (complementary suppression), and the
two must look the same."""

from __future__ import annotations

import math

WITHHELD_TEXT = "x"
WITHHELD_LEGEND = "x: not published — a count from 0 to 4, or a figure that would let one be worked out"
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
    """A member's own figure: the number when reported and published, "x" when withheld (never
    the value, nor the estimate of a withheld total)."""
    if status == "withheld":
        return WITHHELD_TEXT
    if status == "reported" and _finite(value):
        return count(value)
    return MISSING_TEXT


def withheld_or(text: str, withheld: bool) -> str:
    """`text`, or "x" when the value behind it is withheld."""
    return WITHHELD_TEXT if withheld else text


def with_withheld(published_sum, n_withheld: int) -> str:
    """A sum of published totals and the number of withheld ones: "135 + 2 × x"."""
    n = int(n_withheld or 0)
    text = count(published_sum if _finite(published_sum) else 0)
    return f"{text} + {n} × {WITHHELD_TEXT}" if n else text


def count_range(low, high) -> str:
    """A regional sum with withheld totals, as the public tables give it: "12–18"; "at least 12"
    when it has no upper bound (a withheld total may be a figure of any size)."""
    if not _finite(low):
        return MISSING_TEXT
    lo = round(float(low))
    if not _finite(high):
        return f"at least {lo:,}"
    hi = round(float(high))
    return count(lo) if lo == hi else f"{lo:,}–{hi:,}"


def interval(low, high) -> str:
    """ "low–high" as counts; "–" when either end is missing or not finite."""
    if not _finite(low) or not _finite(high):
        return MISSING_TEXT
    return f"{count(low)}–{count(high)}"


def estimate_with_interval(est, low, high) -> str:
    """ "est (low–high)"; just the estimate when an end of the interval is missing, "–" without an estimate."""
    if not _finite(est):
        return MISSING_TEXT
    if not _finite(low) or not _finite(high):
        return count(est)
    return f"{count(est)} ({interval(low, high)})"


def percent(x, digits: int = 0) -> str:
    """A share (0.25) as a percentage ("25%"); "–" for NULL, NaN or infinity."""
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
    """`text` cut to `width` characters with "…" when longer (chart labels must stay on one line)."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"

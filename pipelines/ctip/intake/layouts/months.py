"""A total over months or quarters (attack6 K-O): a monthly return that stops before December (Jan ..
Nov, Ene .. Sep) gives in its "Total" the figure of part of a year, never the year's. The total is the
year's figure only when the months (or quarters) beside it cover all twelve months; otherwise it is set
aside, naming the months present. The months and quarters in calendar order are schemas/lang/<language>.yaml
`words.month_order` and `words.quarter_order`."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.schema import load_words
from ctip.vocabulary.normalise import normalise

_YEAR = re.compile(r"(?:19|20)\d\d")
ALL_MONTHS = frozenset(range(1, 13))


@lru_cache(maxsize=1)
def _calendar() -> dict[str, frozenset[int]]:
    """Normalised month or quarter word -> the months of the year it covers."""
    out: dict[str, set[int]] = {}
    for spec in load_words().values():
        words = spec.get("words") or {}
        for i, names in enumerate(words.get("month_order") or ()):
            for name in names:
                out.setdefault(normalise(name), set()).add(i + 1)
        for i, names in enumerate(words.get("quarter_order") or ()):
            for name in names:
                out.setdefault(normalise(name), set()).update(range(3 * i + 1, 3 * i + 4))
    return {k: frozenset(v) for k, v in out.items() if k}


def months_of(text: object) -> frozenset[int] | None:
    """The months a month or quarter label covers ('Jan', 'Ene. 2022', 'Q3', 'tercer trimestre'), or None."""
    words = [w for w in normalise(text).split() if not _YEAR.fullmatch(w)]
    return _calendar().get(" ".join(words).strip(" ."), None) if words else None


def part_year_total(total: str, periods: list[str]) -> str | None:
    """Why a total beside these month or quarter labels is not the year's figure, or None when they
    cover all twelve months. A label whose months are not known (a quarter joined to its year,
    '2022-III') leaves the year not shown to be whole."""
    covered: set[int] = set()
    whole = True
    for text in periods:
        got = months_of(text)
        if got is None:
            whole = False
        else:
            covered |= got
    if whole and covered == ALL_MONTHS:
        return None
    shown = ", ".join(f"'{t}'" for t in dict.fromkeys(periods))
    return (
        f"'{total}' adds up the months or quarters {shown} only: its figures cover part of a year "
        "(not all twelve months), not the whole year; not stored (send the figure for the whole year)"
    )

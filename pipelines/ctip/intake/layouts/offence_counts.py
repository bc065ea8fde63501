"""The trafficking row of a table of offences (police 'serious crimes' bulletins: Murder, Shooting,
Rape, ..., 'Trafficking in persons' by year): its yearly figures count offences reported or
recorded, one indicator of the schema. Which indicator, and which column words still mean
'reported' ('Reported', 'Recorded'), live in schemas/dimensions.yaml and schemas/lang/<language>.yaml (offence_counts); any other
column word ('Cleared up', 'Detected', '% change') leaves the figure unread."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.intake.layouts.colheaders import ColumnMeaning
from ctip.intake.layouts.headers import as_year
from ctip.schema import load_schema, word_lists
from ctip.vocabulary.normalise import normalise


@lru_cache(maxsize=1)
def _spec() -> tuple[str | None, frozenset[str], re.Pattern | None]:
    words = frozenset(normalise(w) for ws in word_lists("offence_counts.words").values() for w in ws if normalise(w))
    others = sorted(
        {normalise(w) for key in ("not_in_title", "part_in_title") for ws in word_lists(f"offence_counts.{key}").values() for w in ws if normalise(w)},
        key=len,
        reverse=True,
    )
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, others)) + r")\b") if others else None
    return load_schema().offence_indicator, words, pattern


def title_counts_offences(texts: list[str], places: frozenset[str] = frozenset()) -> bool:
    """No word of the title says the table counts something else ('Crimes cleared up', 'Arrests'),
    part of a year ('January to June'), a rate, or a part of the country ('Kingston Western
    Division', 'St. Catherine': `places` are the country's subdivision names, normalised)."""
    pattern = _spec()[2]
    for t in map(normalise, texts):
        if pattern is not None and pattern.search(t):
            return False
        padded = f" {t} "
        if any(f" {p} " in padded or f" {p.replace('saint ', 'st ')} " in padded for p in places):
            return False
    return True


def offence_indicator() -> str | None:
    """The indicator a trafficking offence row's plain yearly counts take."""
    return _spec()[0]


def offence_count_year(col: ColumnMeaning) -> int | None:
    """The column's year when it is a year alone, or a year and a word meaning 'reported' or
    'recorded' (such a word leaves the column with a problem and no year: it names no indicator)."""
    if col.indicator or col.dims or col.ignored:
        return None
    words = _spec()[1]
    years = set()
    for part in col.text.split(" / "):
        t = normalise(part)
        if not t:
            continue
        if (y := as_year(part)) is not None:
            years.add(y)
        elif t not in words:
            return None
    if col.year is not None:
        years.add(col.year)
    return years.pop() if len(years) == 1 else None

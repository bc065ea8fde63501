"""A year header with a footnote mark ("2022*", "2022 (1)", "2022¹") whose footnote, anywhere on the
sheet ("* January to September 2022 only", "(1) Datos de enero a junio de 2022"), says the year's
figures cover part of it only (finding J-K): those figures are set aside, as a part-year note
above the table already sets its figures aside. The year's figures are stored when the footnote
says anything else ("* provisional"), and so are the other years'. Only the words that matched are
quoted: a footnote may hold anything."""

from __future__ import annotations

import re

from ctip.intake.layouts.headers import as_year
from ctip.intake.layouts.periods import part_of_year
from ctip.intake.read import SheetGrid
from ctip.intake.readings import SheetOutcome

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
# The mark left after the year: stars and daggers, superscript digits, a number or a letter in brackets.
_MARK = re.compile(r"^\s*(?:(?P<sym>[*†‡§#]+)|(?P<sup>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)|[\(\[]\s*(?P<ref>\d{1,2}|[a-zA-Z])\s*[\)\]])\s*$")


def _marked_years(sheet: SheetGrid) -> dict[str, int]:
    """{the footnote's key ('*', '1', 'a'): the year it marks} of the sheet's year headers."""
    out: dict[str, int] = {}
    for row in sheet.rows:
        for v in row:
            if v.__class__ is not str or len(v) > 20 or not _YEAR.search(v):
                continue
            m = _MARK.match(_YEAR.sub("", v, count=1))
            if m is None or (year := as_year(v)) is None:
                continue
            key = m.group("sym") or (m.group("sup") or "").translate(_SUPERSCRIPT) or (m.group("ref") or "").lower()
            out.setdefault(key, year)
    return out


def _footnote_key(text: str) -> tuple[str, str] | None:
    """(key, the footnote's words) of a text cell that starts with a footnote mark, or None."""
    s = text.strip()
    if m := re.match(r"^([*†‡§#]+)\s*(?=\S)", s):
        return m.group(1), s[m.end() :]
    if m := re.match(r"^(?:([¹²³⁴⁵⁶⁷⁸⁹⁰]+)|[\(\[]\s*(\d{1,2}|[a-zA-Z])\s*[\)\]]|(\d{1,2}|[a-zA-Z])\))\s*(?=\S)", s):
        key = (m.group(1) or "").translate(_SUPERSCRIPT) or (m.group(2) or m.group(3) or "").lower()
        return key, s[m.end() :]
    return None


def set_aside_footnoted_years(sheet: SheetGrid, outcome: SheetOutcome) -> None:
    """Set aside (in place) the figures of each year whose header's footnote says part of a year."""
    marked = _marked_years(sheet)
    if not marked:
        return
    reasons: dict[int, str] = {}
    for row in sheet.rows:
        for v in row:
            if v.__class__ is not str or (found := _footnote_key(v)) is None or found[0] not in marked:
                continue
            year = marked[found[0]]
            if year not in reasons and (words := part_of_year(found[1], (year,))):
                reasons[year] = (
                    f"the footnote '{found[0]}' on the year {year} says its figures cover part of a year only ('{words}'): "
                    "only yearly counts are stored (send the figure for the whole year)"
                )
    if not reasons:
        return
    for r in outcome.readings:
        year = r.key.get("year") if r.problem is None else None
        if year is not None and int(year) in reasons:
            r.problem, r.key, r.suggestions = reasons[int(year)], {}, []

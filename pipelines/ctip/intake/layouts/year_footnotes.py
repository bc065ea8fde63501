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
from ctip.intake.layouts.row_notes import note_problem
from ctip.intake.read import SheetGrid
from ctip.intake.readings import SheetOutcome

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
# The mark left after the year: stars and daggers, superscript digits, a number or a letter in brackets.
# The mark after a label's words: "Persons prosecuted*", "Personas procesadas (1)", "Victims¹", "Convicted [a]".
_LABEL_MARK = re.compile(r"(?:(?P<sym>[*†‡§#]+)|(?P<sup>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)|\s*[\(\[]\s*(?P<ref>\d{1,2}|[a-zA-Z])\s*[\)\]])\s*$")
_LABEL_LENGTH = 120
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


def _marked_labels(sheet: SheetGrid) -> dict[str, set[str]]:
    """{the footnote's key: the labels it marks} of the sheet's text labels with a mark after their
    words ("Persons prosecuted*", "Personas procesadas (1)", "Victims¹"; finding K-E). Years are
    `_marked_years`'; a cell starting with a mark is a footnote, not a label."""
    out: dict[str, set[str]] = {}
    for row in sheet.rows:
        for v in row:
            if v.__class__ is not str or len(v) > _LABEL_LENGTH or as_year(v) is not None or _footnote_key(v) is not None:
                continue
            m = _LABEL_MARK.search(v)
            if m is None or not any(ch.isalpha() for ch in v[: m.start()]):
                continue
            key = m.group("sym") or (m.group("sup") or "").translate(_SUPERSCRIPT) or (m.group("ref") or "").lower()
            out.setdefault(key, set()).add(v.strip())
    return out


def _footnotes(sheet: SheetGrid, keys) -> list[tuple[str, str]]:
    """(key, words) of every footnote on the sheet whose key is one of `keys`."""
    return [found for row in sheet.rows for v in row if v.__class__ is str and (found := _footnote_key(v)) is not None and found[0] in keys]


def set_aside_footnoted_years(sheet: SheetGrid, outcome: SheetOutcome) -> None:
    """Set aside (in place) the figures of each year whose header's footnote says part of a year, and
    the figures of a row or column whose label's footnote says, as a Notes cell would, that they
    include another crime, count cases, are estimates or cover part of a year (`row_notes`; K-E:
    "Persons prosecuted*" over "* figures include persons charged with migrant smuggling"). The
    year's footnote saying another crime or cases sets that year's figures aside the same way."""
    marked = _marked_years(sheet)
    labelled = _marked_labels(sheet)
    if not marked and not labelled:
        return
    reasons: dict[int, str] = {}
    year_notes: dict[int, list[tuple[str, str]]] = {}
    for key, words in _footnotes(sheet, marked):
        year = marked[key]
        year_notes.setdefault(year, []).append((key, words))
        if year not in reasons and (found := part_of_year(words, (year,))):
            reasons[year] = (
                f"the footnote '{key}' on the year {year} says its figures cover part of a year only ('{found}'): "
                "only yearly counts are stored (send the figure for the whole year)"
            )
    label_notes = [(key, words, labelled[key]) for key, words in _footnotes(sheet, labelled)]
    for r in outcome.readings:
        if r.problem is not None:
            continue
        year = r.key.get("year")
        if year is not None and int(year) in reasons:
            r.problem, r.key, r.suggestions = reasons[int(year)], {}, []
            continue
        indicator = r.key.get("indicator")
        parts = {p.strip() for p in str(r.raw_label).split(" | ")}
        notes = [(key, f"the year {year}", words) for key, words in year_notes.get(int(year), ())] if year is not None else []
        notes += [(key, f"'{label}'", words) for key, words, on in label_notes for label in sorted(on & parts)]
        for key, on, words in notes:
            if why := note_problem(words, int(year) if year is not None else None, indicator, f"the footnote '{key}' on {on}"):
                r.problem, r.key, r.suggestions = why, {}, []
                break

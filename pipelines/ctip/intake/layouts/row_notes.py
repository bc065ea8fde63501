"""What a row's own Notes cell says about its figure (the network's template and every long table
with a Notes, Remarks or Source column).

A focal point qualifies a figure where the template gives room for it: "estimation de la police",
"janvier à juin 2021 seulement", "objectif du plan d'action national". The same words in a title, a
label or a value mark ("15 (est.)") already set a figure aside; unread in the Notes column, an
estimate, half a year or a target would be stored as the year's recorded count (attack4 I-N). A date
later than the figure's own year ("data extracted to 15 March 2022" beside 2021) is when it was
extracted, not part of its year. Only the words that matched are quoted: a note may hold anything."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.intake.layouts.periods import part_of_year, running_total
from ctip.intake.planned import not_recorded
from ctip.schema import load_schema, word_set
from ctip.vocabulary.normalise import normalise

_BEFORE, _AFTER = 4, 2  # words before (after) a crime or unit word where a negation leaves it out


@lru_cache(maxsize=1)
def _estimate_marks() -> frozenset[str]:
    return frozenset(normalise(w).strip(" .") for w in word_set("words.estimate_marks") if normalise(w).strip(" ."))


def _words_pattern(path: str) -> re.Pattern | None:
    terms = {normalise(w) for w in word_set(path) if normalise(w)}
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(sorted(map(re.escape, terms), key=len, reverse=True)) + r")(?![a-z0-9])") if terms else None


@lru_cache(maxsize=1)
def _note_words() -> tuple[re.Pattern | None, ...]:
    """(other crimes, case words, person words, negations before, negations after) of every
    language, as patterns."""
    return tuple(_words_pattern(f"words.{k}") for k in ("other_crimes", "case_words", "person_words", "note_negations", "note_negations_after"))


def _named(pattern: re.Pattern | None, text: str) -> list[str]:
    """The matches of `pattern` in the normalised `text` that no negation leaves out ("excludes
    smuggling", "smuggling excluded", "cases, not persons": a negation within a few words)."""
    if pattern is None:
        return []
    negation, negation_after = _note_words()[3:]
    out = []
    for m in pattern.finditer(text):
        before = " ".join(text[: m.start()].split()[-_BEFORE:])
        after = " ".join(text[m.end() :].split()[:_AFTER])
        if (negation is not None and negation.search(before)) or (negation_after is not None and negation_after.search(after)):
            continue
        out.append(m.group())
    return out


def _other_subject(note: str, indicator: str | None) -> str | None:
    """The reason when the note says the figure counts another crime too ("includes human smuggling
    cases") or counts cases where the indicator counts persons ("refers to cases, not persons")."""
    crimes, cases, persons = _note_words()[:3]
    text = normalise(note)
    if named := _named(crimes, text):
        return (
            f"the row's note says this figure includes another crime ('{named[0]}'), so it is not trafficking in persons "
            "alone; set aside (send the count of trafficking in persons only)"
        )
    spec = load_schema().indicators.get(indicator) if indicator else None
    if spec is not None and spec.unit == "persons" and (named := _named(cases, text)) and not _named(persons, text):
        return (
            f"the row's note says this figure counts cases ('{named[0]}'), not persons: a count of cases is not one of the "
            f"network's indicators for '{indicator}', which counts persons; set aside (send the number of persons)"
        )
    return None


def note_problem(note: object, year: int | None, indicator: str | None = None) -> str | None:
    """The reason to set a figure aside because of its row's note, or None (the reasons are grouped
    by feedback.problems as not_recorded, part_year, running_total, not_trafficking and
    not_indicator). `indicator`: the figure's, as read from its label (a note about cases only
    matters beside a count of persons)."""
    if not isinstance(note, str) or not note.strip():
        return None
    if why := _other_subject(note, indicator):
        return why
    if (words := not_recorded(note)) or normalise(note).strip(" .()[]") in _estimate_marks():
        words = words or note.strip()
        return (
            f"the row's note says this figure is a target, projection or estimate ('{words}'), not a count recorded "
            "by the authorities; set aside (send the figure actually recorded)"
        )
    if words := part_of_year(note, (year,) if year is not None else ()):
        return f"the row's note says its figures cover part of a year only ('{words}'): only yearly counts are stored (send the figure for the whole year)"
    if words := running_total(note):
        return (
            f"the row's note says its figures are running sums over the years ('{words}'), not one calendar year's "
            "count: not stored (send the year's own figure)"
        )
    return None

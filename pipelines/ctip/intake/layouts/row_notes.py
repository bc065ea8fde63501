"""What a row's own Notes cell says about its figure (the network's template and every long table
with a Notes, Remarks or Source column).

A focal point qualifies a figure where the template gives room for it: "estimation de la police",
"janvier à juin 2021 seulement", "objectif du plan d'action national". The same words in a title, a
label or a value mark ("15 (est.)") already set a figure aside; unread in the Notes column, an
estimate, half a year or a target would be stored as the year's recorded count (attack4 I-N). A date
later than the figure's own year ("data extracted to 15 March 2022" beside 2021) is when it was
extracted, not part of its year. Only the words that matched are quoted: a note may hold anything.

The same words in a footnote on a label (year_footnotes), a title saying the table counts cases
(`counts_cases_problem`) and a long table's Unit column (`unit_problem`) are read here too."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.intake.layouts.periods import part_of_year, running_total
from ctip.intake.planned import not_recorded
from ctip.schema import load_schema, word_set
from ctip.vocabulary.normalise import names_rate_base, normalise

_BEFORE, _AFTER = 4, 2  # words before (after) a crime or unit word where a negation leaves it out


@lru_cache(maxsize=1)
def _estimate_marks() -> frozenset[str]:
    return frozenset(normalise(w).strip(" .") for w in word_set("words.estimate_marks") if normalise(w).strip(" ."))


def _words_pattern(*paths: str) -> re.Pattern | None:
    terms = {normalise(w) for path in paths for w in word_set(path) if normalise(w)}
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(sorted(map(re.escape, terms), key=len, reverse=True)) + r")(?![a-z0-9])") if terms else None


@lru_cache(maxsize=1)
def _note_words() -> tuple[re.Pattern | None, ...]:
    """(other crimes, case words, person words, negations before, negations after) of every
    language, as patterns."""
    cases = _words_pattern("words.case_words", "words.record_words")  # cases, files, complaints, investigations (K-D)
    return tuple(
        cases if k == "case_words" else _words_pattern(f"words.{k}")
        for k in ("other_crimes", "case_words", "person_words", "note_negations", "note_negations_after")
    )


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


def _other_subject(note: str, indicator: str | None, said_by: str = "the row's note") -> str | None:
    """The reason when the note says the figure counts another crime too ("includes human smuggling
    cases") or counts cases where the indicator counts persons ("refers to cases, not persons")."""
    crimes, cases, persons = _note_words()[:3]
    text = normalise(note)
    if named := _named(crimes, text):
        return (
            f"{said_by} says this figure includes another crime ('{named[0]}'), so it is not trafficking in persons "
            "alone; set aside (send the count of trafficking in persons only)"
        )
    spec = load_schema().indicators.get(indicator) if indicator else None
    if spec is not None and spec.unit == "persons" and (named := _named(cases, text)) and not says_persons(text):
        return (
            f"{said_by} says this figure counts cases or other records ('{named[0]}'), not persons: a count of them is not one of the "
            f"network's indicators for '{indicator}', which counts persons; set aside (send the number of persons)"
        )
    return None


@lru_cache(maxsize=1)
def _more_words() -> tuple[re.Pattern | None, ...]:
    """(person nouns, count units, rates, case kinds) of every language, as patterns."""
    return tuple(_words_pattern(f"words.{k}") for k in ("person_nouns", "count_units", "rates", "case_kinds"))


def _counts_persons(indicator: str | None) -> bool:
    spec = load_schema().indicators.get(indicator) if indicator else None
    return spec is not None and spec.unit == "persons"


@lru_cache(maxsize=1)
def _title_cases() -> re.Pattern | None:
    """A title's case words: cases and case files, not the records a note may name ("Investigations and
    prosecutions" names activities)."""
    return _words_pattern("words.case_words")


def cases_named(text: object) -> str | None:
    """The first case word of `text` that no negation leaves out ("nombre de dossiers", "number of
    cases"; not "persons, not cases", nor a kind of case: "Tipo de caso"), or None."""
    if not isinstance(text, str):
        return None
    kinds = _more_words()[3]
    t = normalise(text)
    found = _named(_title_cases(), kinds.sub(" ", t) if kinds is not None else t)
    return found[0] if found else None


def says_persons(label: object) -> bool:
    """A label naming what it counts as persons ("Persons prosecuted", "Victims identified",
    "Mujeres"), not only an action ("Prosecuted", "Poursuivis")."""
    text = normalise(label)
    persons, nouns = _note_words()[2], _more_words()[0]
    return bool(_named(persons, text) or _named(nouns, text))


def counts_cases_problem(title_words: str, indicator: str | None, label: object) -> str | None:
    """The reason to set aside a figure of a table whose title says it counts cases (finding K-D:
    "Traite des personnes 2022 - nombre de dossiers", "Trafficking cases, 2022 (number of cases)"),
    or None: only a count of offenders (the schema's `chain` role: investigated, prosecuted, convicted)
    whose own labels do not say it counts persons ("Prosecuted", not "Persons prosecuted") is concerned;
    victims under "Trafficking in persons cases 2022" are victims."""
    if indicator not in load_schema().role("chain") or says_persons(label):
        return None  # victims are persons whatever the title says; a count of cases is its own unit
    return (
        f"the table's title says it counts cases ('{title_words}'), and this row does not say it counts persons: a "
        f"count of cases is not one of the network's indicators for '{indicator}', which counts persons; set aside "
        "(send the number of persons, or write 'Persons prosecuted' etc. in the row label if the row does count persons)"
    )


def unit_problem(unit: object, indicator: str | None) -> str | None:
    """The reason to set aside a figure whose row gives a unit (a long table's Unit or Unit of
    measurement column) that is not a count ("%", "per 100,000", "Rate per 100,000 population",
    "thousands"), or cases beside an indicator counted in persons; None for a count ("Counts",
    "number", "personas") or an empty cell (finding K-K)."""
    if unit is None or not str(unit).strip():
        return None
    raw = str(unit).strip()
    text = normalise(raw)
    _, counts, rates, _ = _more_words()
    if (
        "%" in raw
        or "‰" in raw
        or (rates is not None and rates.search(text))
        or re.search(r"\bper\s*100\s*0?00\b|\b100\s*000\b", text)
        or names_rate_base(text)
    ):
        return f"the row's unit is '{raw}': a percentage or rate, not a count; set aside (send the count)"
    of = {normalise(w) for w in word_set("words.leading_of")}  # 'número de personas'
    rest = [w for w in (counts.sub(" ", text) if counts is not None else text).split() if w not in of]
    if rest:
        return f"the row's unit is '{raw}', not a count: only counts are stored; set aside (send the count, with the unit 'number')"
    if _counts_persons(indicator) and _named(_note_words()[1], text) and not _named(_note_words()[2], text):
        return (
            f"the row's unit is '{raw}': a count of cases is not one of the network's indicators for '{indicator}', which "
            "counts persons; set aside (send the number of persons)"
        )
    return None


def note_problem(note: object, year: int | None, indicator: str | None = None, said_by: str = "the row's note") -> str | None:
    """The reason to set a figure aside because of its row's note, or None (the reasons are grouped
    by feedback.problems as not_recorded, part_year, running_total, not_trafficking and
    not_indicator). `indicator`: the figure's, as read from its label (a note about cases only
    matters beside a count of persons). `said_by`: what the reason says holds the words ("the footnote
    '*' on 'Persons prosecuted*'")."""
    if not isinstance(note, str) or not note.strip():
        return None
    if why := _other_subject(note, indicator, said_by):
        return why
    if (words := not_recorded(note)) or normalise(note).strip(" .()[]") in _estimate_marks():
        words = words or note.strip()
        return (
            f"{said_by} says this figure is a target, projection or estimate ('{words}'), not a count recorded "
            "by the authorities; set aside (send the figure actually recorded)"
        )
    if words := part_of_year(note, (year,) if year is not None else ()):
        return f"{said_by} says its figures cover part of a year only ('{words}'): only yearly counts are stored (send the figure for the whole year)"
    if words := running_total(note):
        return f"{said_by} says its figures are running sums over the years ('{words}'), not one calendar year's count: not stored (send the year's own figure)"
    return None

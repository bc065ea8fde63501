"""What a row's own Notes cell says about its figure (the network's template and every long table
with a Notes, Remarks or Source column).

A focal point qualifies a figure where the template gives room for it: "estimation de la police",
"janvier à juin 2021 seulement", "objectif du plan d'action national". The same words in a title, a
label or a value mark ("15 (est.)") already set a figure aside; unread in the Notes column, an
estimate, half a year or a target would be stored as the year's recorded count (attack4 I-N). A date
later than the figure's own year ("data extracted to 15 March 2022" beside 2021) is when it was
extracted, not part of its year. Only the words that matched are quoted: a note may hold anything."""

from __future__ import annotations

from functools import lru_cache

from ctip.intake.layouts.periods import part_of_year, running_total
from ctip.intake.planned import not_recorded
from ctip.schema import word_set
from ctip.vocabulary.normalise import normalise


@lru_cache(maxsize=1)
def _estimate_marks() -> frozenset[str]:
    return frozenset(normalise(w).strip(" .") for w in word_set("words.estimate_marks") if normalise(w).strip(" ."))


def note_problem(note: object, year: int | None) -> str | None:
    """The reason to set a figure aside because of its row's note, or None (the reasons are grouped
    by feedback.problems as not_recorded, part_year and running_total)."""
    if not isinstance(note, str) or not note.strip():
        return None
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

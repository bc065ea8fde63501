"""Targets, projections and estimates: figures no authority recorded (finding H-C).

A national action plan's monitoring table puts "Baseline | Target | Actual" side by side, a ministry
sends "Projected victims 2024" or "estimates for 2022", a header reads "2024e". Every figure the
network stores is a count recorded by the authorities in a year; a target or an estimate stored as one
would be published as what happened. The words are schemas/lang/<language>.yaml `words.not_recorded`;
"revised" figures are real (`words.neutral_qualifiers`)."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.schema import word_set
from ctip.vocabulary.normalise import strip_accents


def _prepared(text: object) -> str:
    s = strip_accents(str(text)).lower().replace("_", " ")
    return " ".join(re.sub(r"[–—]", "-", s).split())


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    words = sorted({_prepared(w) for w in word_set("words.not_recorded") if _prepared(w)}, key=lambda w: (-len(w), w))
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    # a word on its own, or a year marked 'e' ("2024e", "2024 (e)", "2024 e"): the usual mark of an estimate
    return re.compile(rf"(?<![a-z0-9])(?:{alt})(?![a-z0-9])|(?<!\d)(?:19|20)\d\d\s*(?:e|\(e\)|\[e\])(?![a-z0-9])")


def not_recorded(text: object) -> str | None:
    """The words of a title, label or header saying its figures are targets, projections or estimates
    (as found, prepared), or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    m = _pattern().search(_prepared(text))
    return m.group(0) if m else None


def not_recorded_reason(text: str, words: str) -> str:
    """The reason given for a cell set aside by `not_recorded` (its kind is found by feedback.problems)."""
    return f"'{text}' names a target, projection or estimate ('{words}'), not a count recorded by the authorities; set aside"


@lru_cache(maxsize=1)
def _other_pattern() -> re.Pattern:
    words = sorted({_prepared(w) for w in word_set("words.other_count") if _prepared(w)}, key=lambda w: (-len(w), w))
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?![a-z0-9])")


def other_count(text: object) -> str | None:
    """The words of a label or title saying its figure counts something else than the indicator's
    people in the country ('Victims identified (screened)', '(Jamaicans abroad)', 'dominicanas en
    el exterior'): persons screened, or nationals found in other countries (finding H-P)."""
    if not isinstance(text, str) or not text.strip():
        return None
    m = _other_pattern().search(_prepared(text))
    return m.group(0) if m else None


def other_count_reason(text: str, words: str) -> str:
    """The reason for a cell set aside by `other_count` (grouped by feedback.problems as not_indicator)."""
    return f"'{text}' counts persons screened or found abroad ('{words}'): not one of the network's indicators; set aside"

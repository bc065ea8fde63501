"""Labels written in two languages joined by ' / ' ('Onderzoeken gestart / Investigations opened',
'dont filles / of whom girls', 'Slachtoffers / Viktimanan' with Papiamentu beside Dutch).

Read when the whole label is not: each half is read on its own, and the label means what its
halves mean when every half that is understood says the same thing, and every other half is in a
language the schema does not hold (none of its words is a word of the schema). 'Persons indicted
/ convicted' names two indicators, and 'Victims identified / assisted' has a half in the schema's
words that says something else: neither is read."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Callable

from ctip.vocabulary.labels import LabelIndex
from ctip.vocabulary.normalise import normalise

UNDERSTOOD = ("indicator", "dims", "total", "grand_total", "subject")
SEPARATOR = " / "


def bilingual_label(text: str, labels: LabelIndex, classify: Callable):
    """The label both halves of 'A / B' agree on, or None."""
    halves = [h.strip() for h in text.split(SEPARATOR)]
    if len(halves) < 2 or any(not h for h in halves):
        return None
    read = [classify(h, labels) for h in halves]
    known = [lab for lab in read if lab.kind in UNDERSTOOD and not lab.problem]
    if not known:
        return None
    # 'Vrouwen' (female; adult women beside girls) agrees with 'Women' (adult women): the label
    # that leaves the age to its siblings is kept, as either word alone would be read.
    meanings = {(lab.kind, lab.indicator, lab.context or lab.dims, lab.year, lab.part_of, lab.role) for lab in known}
    if len(meanings) != 1:
        return None
    known.sort(key=lambda lab: not lab.context)
    words = _schema_words(labels)
    for half, lab in zip(halves, read):
        if lab in known:
            continue
        if lab.kind not in ("unknown", "neutral") or any(w in words for w in normalise(half).split()):
            return None
    return replace(known[0], text=text)


@lru_cache(maxsize=8)
def _schema_words(labels: LabelIndex) -> frozenset[str]:
    """Every word of the schema's indicator and breakdown vocabulary (a half using one of them is
    in a language the schema reads, so it must be understood to agree)."""
    terms = [*labels.indicator_terms, *labels.value_terms, *labels.compound_terms, *labels.header_terms, *labels.part_of_terms, *labels.not_indicator_terms]
    return frozenset(w for t in terms for w in t.split() if len(w) > 2)

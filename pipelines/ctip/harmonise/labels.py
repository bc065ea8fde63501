"""Match normalised labels to schema codes: exact synonyms first, then cautious fuzzy matching.

Precision first. A label that matches no indicator or more than one is not guessed: the caller
quarantines it with the best suggestions. Fuzzy matching (rapidfuzz) only repairs spelling
within a label, never chooses between indicators whose names share words
("victims identified" vs "victims assisted")."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from ctip.harmonise.normalise import is_unit_word, normalise, split_qualifiers
from ctip.schema import DIMENSIONS, LANGUAGES, Schema, load_schema

FUZZY_THRESHOLD = 90  # score out of 100 on the normalised label
FUZZY_MARGIN = 8  # the best indicator must beat the runner-up by this much


@dataclass
class LabelMatch:
    """What a label says: an indicator and/or dimension values, or why it could not be read."""

    indicator: str | None = None
    dims: dict[str, str] = field(default_factory=dict)
    language: str | None = None
    how: str = ""  # exact | fuzzy | qualified
    problem: str | None = None  # plain-language reason when nothing certain was found
    suggestions: list[str] = field(default_factory=list)
    not_indicator: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


class LabelIndex:
    """All synonyms of the schema, normalised once, with what each one means."""

    def __init__(self, schema: Schema, extra: dict[str, str] | None = None):
        self.schema = schema
        self.indicator_terms: dict[str, tuple[str, str]] = {}  # term -> (indicator, language)
        self.value_terms: dict[str, list[tuple[str, str, str]]] = {}  # term -> [(dimension, code, lang)]
        self.compound_terms: dict[str, tuple[dict[str, str], str]] = {}
        self.header_terms: dict[str, str] = {}  # term -> dimension (column header such as "Sex")
        self.not_indicator_terms: set[str] = set()
        for code, ind in schema.indicators.items():
            for lang in LANGUAGES:
                for term in (ind.names.get(lang, ""), *ind.synonyms.get(lang, ())):
                    t = normalise(term)
                    if t:
                        self.indicator_terms.setdefault(t, (code, lang))
        for dname, dim in schema.dimensions.items():
            for lang in LANGUAGES:
                for term in (dim.names.get(lang, ""), *dim.synonyms.get(lang, ())):
                    if normalise(term):
                        self.header_terms.setdefault(normalise(term), dname)
            for vcode, val in dim.codes.items():
                for lang in LANGUAGES:
                    for term in (val.names.get(lang, ""), *val.synonyms.get(lang, ())):
                        t = normalise(term)
                        if t and (dname, vcode, lang) not in self.value_terms.get(t, []):
                            self.value_terms.setdefault(t, []).append((dname, vcode, lang))
        for comp in schema.compounds.values():
            for lang in LANGUAGES:
                for term in comp.synonyms.get(lang, ()):
                    self.compound_terms[normalise(term)] = (dict(comp.sets), lang)
        for lang in LANGUAGES:
            self.not_indicator_terms.update(normalise(t) for t in schema.not_indicators.get(lang, ()))
        # Per-country overrides (mapping.yaml): label -> indicator code, exact after normalising.
        for label, code in (extra or {}).items():
            if code in schema.indicators:
                self.indicator_terms[normalise(label)] = (code, "override")
        self._indicator_choices = list(self.indicator_terms)

    # -- dimension values -------------------------------------------------------------
    def dimension_value(self, label: object, dimension: str | None = None) -> dict[str, str] | None:
        """The dimension values a label names ('girls' -> female child), or None if it names none."""
        t = normalise(label)
        if not t:
            return None
        if t in self.compound_terms:
            return dict(self.compound_terms[t][0])
        hits = self.value_terms.get(t, [])
        if dimension:
            hits = [h for h in hits if h[0] == dimension]
        dims = {h[0] for h in hits}
        if len(hits) == 0:
            return None
        if len(dims) == 1:
            codes = {h[1] for h in hits}
            return {hits[0][0]: hits[0][1]} if len(codes) == 1 else None
        # "total" is a value of every dimension: it means "no breakdown" wherever it stands.
        if all(h[1] == "total" for h in hits):
            return {"*": "total"}
        return None

    def dimension_header(self, label: object) -> str | None:
        return self.header_terms.get(normalise(label))

    # -- indicators -------------------------------------------------------------------
    def _exact_indicator(self, term: str) -> tuple[str, str] | None:
        if term in self.indicator_terms:
            return self.indicator_terms[term]
        # "number of victims identified", "victims identified total": drop unit words at the ends.
        words = term.split()
        while words and is_unit_word(words[0]):
            words = words[1:]
        while words and is_unit_word(words[-1]):
            words = words[:-1]
        for w in (("of",), ("de",), ("van",)):
            if words and words[0] in w:
                words = words[1:]
        t = " ".join(words)
        return self.indicator_terms.get(t)

    def _fuzzy_indicator(self, term: str) -> tuple[str | None, list[str]]:
        best = process.extract(term, self._indicator_choices, scorer=fuzz.ratio, limit=10)
        suggestions: list[str] = []
        by_indicator: dict[str, float] = {}
        for choice, score, _ in best:
            code = self.indicator_terms[choice][0]
            if code not in by_indicator:
                by_indicator[code] = score
                suggestions.append(f"{code} ({choice!r}, {score:.0f}%)")
        if not by_indicator:
            return None, []
        ranked = sorted(by_indicator.items(), key=lambda kv: -kv[1])
        code, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if score >= FUZZY_THRESHOLD and score - runner_up >= FUZZY_MARGIN and _same_shape(term, best[0][0]):
            return code, suggestions[:3]
        return None, suggestions[:3]

    def indicator(self, label: object) -> LabelMatch:
        """Read an indicator label, with any dimension values it carries in qualifiers."""
        full = normalise(label)
        if not full:
            return LabelMatch(problem="empty label")
        head, qualifiers = split_qualifiers(label)
        for t in {full, head}:
            if t and (t in self.not_indicator_terms or _fuzzy_in(t, self.not_indicator_terms)):
                return LabelMatch(problem=f"'{label}' is not one of the network's indicators", not_indicator=True)
        hit = self._exact_indicator(full)
        if hit:
            return LabelMatch(indicator=hit[0], language=hit[1], how="exact")
        hit = self._exact_indicator(head)
        how = "qualified"
        if not hit:
            code, suggestions = self._fuzzy_indicator(head or full)
            if code is None:
                why = f"'{label}' matches no indicator of the schema"
                return LabelMatch(problem=why, suggestions=suggestions)
            hit = (code, None)
            how = "fuzzy"
        dims: dict[str, str] = {}
        for q in qualifiers:
            if is_unit_word(q) or q.isdigit():
                continue
            value = self.dimension_value(q)
            if value is None:
                return LabelMatch(problem=f"qualifier '{q}' in '{label}' is not a known dimension value")
            for k, v in value.items():
                if k == "*":
                    continue
                if k in dims and dims[k] != v:
                    return LabelMatch(problem=f"'{label}' gives two values for {k}")
                dims[k] = v
        return LabelMatch(indicator=hit[0], dims=dims, language=hit[1], how=how)


def _same_shape(a: str, b: str) -> bool:
    """Fuzzy repair is for spelling: the same number of words, each one close to its partner."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(fuzz.ratio(x, y) >= 75 for x, y in zip(wa, wb))


def _fuzzy_in(term: str, terms: set[str]) -> bool:
    hit = process.extractOne(term, terms, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    return hit is not None


@lru_cache(maxsize=1)
def default_index() -> LabelIndex:
    return LabelIndex(load_schema())


__all__ = ["LabelIndex", "LabelMatch", "default_index", "DIMENSIONS"]

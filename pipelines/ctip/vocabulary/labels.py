"""Match normalised labels to schema codes: exact synonyms first, then cautious fuzzy matching.

Precision first. A label that matches no indicator or more than one is not guessed: the caller
quarantines it with the best suggestions. Fuzzy matching (rapidfuzz) only repairs spelling
within a label, never chooses between indicators whose names share words
("victims identified" vs "victims assisted").

Every term comes from schemas/*.yaml: indicator and dimension synonyms, compounds (girls =
female child), and the row vocabulary of `dimensions.yaml` (part_of: "of which"; grand_totals;
by_words: "by sex"; neutral_qualifiers: "provisional")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from ctip.schema import DIMENSIONS, LANGUAGES, Schema, load_schema, word_lists, word_set
from ctip.vocabulary.normalise import alternation, is_unit_word, names_rate_base, normalise, split_qualifiers, strip_unit_words

FUZZY_THRESHOLD = 90  # score out of 100 on the normalised label
FUZZY_MARGIN = 8  # the best indicator must beat the runner-up by this much
FUZZY_WORD = 80  # each misspelt word must be this close to its partner
SHARED_WORDS_GAP = 20  # ...and this much closer to the chosen word than to a rival indicator's word
SHARED_WORDS_WORD = 90  # beside a rival sharing words, a misspelt word must be this close to its partner
STOP_WORDS = word_set("words.stop_words")  # small words skipped when labels are compared word by word
CACHE_SIZE = 50_000  # labels remembered per index (a hostile file cannot grow it without bound)
IGNORE_TARGETS = {"ignore", "not_indicator", "skip"}
# Words that tie an indicator to its offence ("Persons charged with TIP offences"): dropped with
# the offence's name before the label is read again.
OFFENCE_FILLERS = word_set("words.offence_fillers")
AND_WORDS = word_set("words.and_words") | {"&"}
OR_WORDS = word_set("words.or_words")
OTHERWISE = word_set("words.otherwise")
WITH_WORDS = word_set("words.with_words")
_QUESTION = re.compile(r"^(" + alternation(word_set("words.question_starts")) + r"|q\d)")
_PIVOT = alternation(word_set("words.pivot_aggregates"))
_PIVOT_OF = alternation(word_set("words.pivot_of"))
_PIVOT_WORD = re.compile(rf"^({_PIVOT}) ({_PIVOT_OF}) ")
_PIVOT_FIELD = re.compile(rf"^(?:{_PIVOT}|{alternation(word_set('words.pivot_counts'))}) (?:{_PIVOT_OF}) (.+)$")
_RECORD_ID = re.compile(rf" (?:{alternation(word_set('words.record_ids'))})$")
_COUNTED_BY = re.compile(
    rf"^(.+?) (?:{alternation(word_set('words.counted_by'))}) (?:(?:{alternation(word_set('words.articles'))}) )?"
    r"[a-z0-9]+(?: [a-z0-9]+){0,2}$"
)


_JOINING = AND_WORDS | word_set("words.articles")  # 'trafficking in persons and the smuggling of migrants'
_CASE_WORDS = word_set("words.case_words")
_PERSON_WORDS = word_set("words.person_words")


def _part_problem(q: str, label: object) -> str:
    """The reason a bracket naming a part is set aside (its class, 'unknown_label', is the
    feedback's: ctip.feedback.problems)."""
    return f"qualifier '{q}' in '{label}' is not a known dimension value: it names a part, so the figure may be that part or the total less it; not stored"


def _words_pattern(terms: set[str]) -> re.Pattern | None:
    """Any of the terms as whole words of a normalised label (longest first)."""
    if not terms:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(sorted(map(re.escape, terms), key=len, reverse=True)) + r")(?![a-z0-9])")


@dataclass
class LabelMatch:
    """What a label says: an indicator and/or dimension values, or why it could not be read."""

    indicator: str | None = None
    dims: dict[str, str] = field(default_factory=dict)
    year: int | None = None
    language: str | None = None
    how: str = ""  # exact | qualified | affix | fuzzy | override
    problem: str | None = None  # plain-language reason when nothing certain was found
    suggestions: list[str] = field(default_factory=list)
    not_indicator: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


# The row vocabulary: the lists under `words:` in each language file that name the parts of a
# table row (totals, breakdowns, places, months...). Privacy reads them too, as words that are not
# names (intake/privacy.py), so they are listed once, here.
ROW_VOCABULARY = (
    "part_of",
    "grand_totals",
    "by_words",
    "neutral_qualifiers",
    "trafficking",
    "other_crimes",
    "national_totals",
    "places",
    "months",
    "pivot_words",
    "rates",
    "people_words",
    "scope_words",
    "question_words",
    "sex_pairs",
    "year_totals",
)


def _vocabulary(schema: Schema) -> dict:
    """The row vocabulary of every language (`words:` in schemas/lang/<language>.yaml), normalised."""
    out: dict[str, set[str]] = {}
    for key in ROW_VOCABULARY:
        lists = word_lists(f"words.{key}", schema.source_dir)
        out[key] = {normalise(t) for ws in lists.values() for t in ws if normalise(t)}
    out["demonyms"] = {
        k: {normalise(t) for t in v if normalise(t)}  # type: ignore[assignment]
        for k, v in schema.demonyms.items()
    }
    context: dict[str, dict[str, str]] = {}
    for comp in schema.compounds.values():
        for ws in comp.beside_children.values():
            for t in ws:
                context[normalise(t)] = dict(comp.sets)
    out["beside_children"] = context  # type: ignore[assignment]
    return out


def parse_target(target: str, schema: Schema) -> tuple[str | None, dict[str, str], bool] | None:
    """A mapping.yaml target: an indicator code, 'dimension:code' pairs, or 'ignore'.

    'victims_detected', 'sex:female', 'victims_detected, sex:female, age_group:child', 'ignore'.
    Returns (indicator, dims, ignore) or None when the target names nothing in the schema."""
    indicator, dims = None, {}
    tokens = [t for t in re.split(r"[,;+\s]+", str(target).strip()) if t]
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0].lower() in IGNORE_TARGETS:
        return None, {}, True
    for tok in tokens:
        if tok in schema.indicators and indicator is None:
            indicator = tok
            continue
        m = re.fullmatch(r"([a-z_]+)[:=]([a-z_]+)", tok)
        if m and m.group(1) in schema.dimensions and m.group(2) in schema.dimensions[m.group(1)].codes:
            dims[m.group(1)] = m.group(2)
            continue
        return None
    return indicator, dims, False


class LabelIndex:
    """All synonyms of the schema, normalised once, with what each one means."""

    def __init__(self, schema: Schema, extra: dict[str, str] | None = None):
        self.schema = schema
        # codes by role: no breakdown; breakdowns that name no part a label can stand for alone
        self.total = schema.total_code
        self.vague = frozenset(schema.code(r) for r in ("no_breakdown", "rest", "not_known"))
        self.indicator_terms: dict[str, tuple[str, str]] = {}  # term -> (indicator, language)
        self.value_terms: dict[str, list[tuple[str, str, str]]] = {}  # term -> [(dimension, code, lang)]
        self.compound_terms: dict[str, tuple[dict[str, str], str]] = {}
        self.header_terms: dict[str, str] = {}  # term -> dimension (column header such as "Sex")
        self.not_indicator_terms: set[str] = set()
        self.override_dims: dict[str, dict[str, str]] = {}  # mapping.yaml: label -> dims it carries
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
        vocab = _vocabulary(schema)
        self.part_of_terms: set[str] = vocab["part_of"]
        self.grand_total_terms: set[str] = vocab["grand_totals"]
        self.by_words: set[str] = vocab["by_words"]
        self.neutral_terms: set[str] = vocab["neutral_qualifiers"]
        self.beside_children: dict[str, dict[str, str]] = vocab["beside_children"]  # type: ignore[assignment]
        self.national_total_terms: set[str] = vocab["national_totals"]
        self.place_terms: set[str] = vocab["places"]
        self.month_terms: set[str] = vocab["months"]
        self.pivot_terms: set[str] = vocab["pivot_words"]
        self.people_terms: set[str] = vocab["people_words"]
        self.sex_pairs: set[str] = vocab["sex_pairs"]
        self.year_total_terms: set[str] = vocab["year_totals"]
        self.demonyms: dict[str, set[str]] = vocab["demonyms"]  # type: ignore[assignment]
        self._all_demonyms: frozenset[str] | None = None
        self._trafficking = _words_pattern(vocab["trafficking"])
        self._other_crime = _words_pattern(vocab["other_crimes"])
        self._rate = _words_pattern(vocab["rates"])
        self._scope = _words_pattern(vocab["scope_words"])
        self._question = _words_pattern(vocab["question_words"])
        self.country: str | None = None  # set by for_country(): nationals named by the country's name
        self._country_views: dict[str | None, LabelIndex] = {}
        self._mentions: re.Pattern | None = None
        self._part_of = (
            re.compile(r"^(?:" + "|".join(sorted((re.escape(t) for t in self.part_of_terms), key=len, reverse=True)) + r")\b\s*")
            if self.part_of_terms
            else None
        )
        # Per-country overrides (mapping.yaml), exact after normalising; they win over the schema.
        for label, target in (extra or {}).items():
            parsed = parse_target(target, schema)
            t = normalise(label)
            if parsed is None or not t:
                continue
            indicator, dims, ignore = parsed
            if ignore:
                self.not_indicator_terms.add(t)
                self.indicator_terms.pop(t, None)
            elif indicator:
                self.indicator_terms[t] = (indicator, "override")
                self.override_dims[t] = dims
                self.not_indicator_terms.discard(t)
            elif dims:
                self.compound_terms[t] = (dims, "override")
        self._indicator_choices = list(self.indicator_terms)
        self._indicator_cache: dict[object, LabelMatch] = {}
        self._value_cache: dict[tuple[str, str | None], dict[str, str] | None] = {}

    # -- what a table or label is about ------------------------------------------------------
    def for_country(self, iso3: str | None) -> "LabelIndex":
        """The same index, reading the country's own name or demonym as 'nationals' (a view that
        shares every table and cache except the per-label classification, which is keyed by index)."""
        if iso3 == self.country:
            return self
        view = self._country_views.get(iso3)
        if view is None:
            view = object.__new__(LabelIndex)
            view.__dict__.update(self.__dict__)
            view.country = iso3
            view._country_views = {}
            self._country_views[iso3] = view
        return view

    def subject(self, text: object) -> tuple[bool, set[str]]:
        """(names trafficking in persons, the other crimes it names). 'Drug trafficking' is another
        crime, not trafficking in persons."""
        t = normalise(text)
        if not t:
            return False, set()
        others = set(self._other_crime.findall(t)) if self._other_crime else set()
        rest = self._other_crime.sub(" ", t) if others and self._other_crime else t
        return bool(self._trafficking and self._trafficking.search(rest)), others

    def joint_offences(self, text: object) -> set[str]:
        """The other crimes `text` names joined to trafficking in persons by 'and' ("Trafficking in
        persons and smuggling of migrants", "Tráfico ilícito de migrantes y trata de personas",
        "Mensenhandel / mensensmokkel"): a table so titled may count both together (finding K-M).
        Empty when the two stand apart ("Drug and Money Laundering Control Policy / TIP Committee")."""
        t = normalise(text)
        if not t or self._other_crime is None or self._trafficking is None:
            return set()
        others = list(self._other_crime.finditer(t))
        rest = self._other_crime.sub(lambda m: " " * len(m.group()), t)  # 'drug trafficking' is no trafficking in persons
        tips = [(m.start(), m.end()) for m in self._trafficking.finditer(rest)]
        out = set()
        for o in others:
            for tip in tips:
                (_, a), (b, _) = sorted([(o.start(), o.end()), tip])
                between = t[a:b].split()
                if len(between) <= 3 and all(w in _JOINING for w in between):
                    out.add(o.group())
        return out

    def without_offence(self, label: object) -> str:
        """'persons charged with tip offences' -> 'persons charged' (the offence's name and the
        words that tie it to the label removed); '' when nothing else is left."""
        t = normalise(label)
        if not self._trafficking:
            return t
        words = self._trafficking.sub(" | ", t).split()
        # fillers next to the removed name go with it
        changed = True
        while changed:
            changed = False
            for i, w in enumerate(words):
                if w == "|":
                    continue
                near = (i > 0 and words[i - 1] == "|") or (i + 1 < len(words) and words[i + 1] == "|")
                if near and w in OFFENCE_FILLERS:
                    words[i] = "|"
                    changed = True
        return " ".join(w for w in words if w != "|")

    def _exploitation_phrase(self, head: str) -> tuple[str, dict[str, str]]:
        """'victims of labour trafficking identified' -> ('victims of trafficking identified',
        exploitation labour): a form of exploitation written into the offence's name."""
        padded = f" {head} "
        for term in sorted(self.value_terms, key=len, reverse=True):
            if " " not in term or f" {term} " not in padded:
                continue
            codes = {(d, c) for d, c, _ in self.value_terms[term] if d == "exploitation" and c not in (self.total, self.schema.code("not_known"))}
            if len(codes) == 1 and self._trafficking is not None and self._trafficking.search(term):
                d, c = next(iter(codes))
                return " ".join(padded.replace(f" {term} ", " trafficking ").split()), {d: c}
        return head, {}

    def _alternatives(self, term: str) -> tuple[str, str, dict[str, str]] | None:
        """'slachtoffers opgevangen of begeleid', 'persons arrested or otherwise investigated': two
        ways of saying one indicator; both must name the same one ('victims identified or assisted'
        names two, and is not read)."""
        words = term.split()
        for i, w in enumerate(words):
            if w not in OR_WORDS or i == 0 or i == len(words) - 1:
                continue
            left, right = words[:i], [x for x in words[i + 1 :] if x not in OTHERWISE]
            if not right or len(right) >= len(left):
                continue
            a = self._exact_indicator(" ".join(left))
            b = self._exact_indicator(" ".join(left[: -len(right)] + right))
            if a and b and a[0] == b[0] and a[2] == b[2]:
                return a
        return None

    def _is_question(self, label: object, full: str) -> bool:
        text = str(label)
        return "?" in text or "¿" in text or bool(_QUESTION.match(full))

    def is_question_text(self, label: object) -> bool:
        t = str(label)
        return "?" in t or "¿" in t or bool(self._question and self._question.search(normalise(t)))

    def without_question(self, label: object) -> str:
        """'How many victims of trafficking were identified in 2022?' -> 'victims of trafficking identified'."""
        t = normalise(str(label).replace("?", " ").replace("¿", " "))
        t = re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", " ", t)
        t = self._question.sub(" ", t) if self._question else t
        words = t.split()
        while words and (words[0] in STOP_WORDS | {"in", "of"} or words[0].isdigit()):
            words = words[1:]
        while words and words[-1] in STOP_WORDS | {"in", "of", "for"}:
            words = words[:-1]
        return " ".join(words)

    def only_trafficking(self, label: object) -> bool:
        return self.subject(label)[0] and not self.without_offence(label)

    def describes(self, q: str, agreeing: dict[str, str] | None = None) -> bool:
        """Bracketed words that only describe a figure ('shelter or services', 'police'): no rate, no
        other crime, no breakdown value, no indicator's word, nothing that changes what is counted.
        agreeing: the breakdown the words outside the brackets name; bracketed words naming the same
        value still describe it ('Sexual exploitation (incl. commercial sexual exploitation)')."""
        t = normalise(q)
        if self.is_rate(t) or self.subject(t)[1] or self.dimension_candidates(t) or self._names_a_part(t, agreeing):
            return False
        if self._scope is not None and self._scope.search(t):
            return False
        words = [w for w in t.split() if w not in STOP_WORDS]
        return not any(w in self.indicator_terms for w in words) and not self.indicators_mentioned(t)

    def _names_a_part(self, t: str, agreeing: dict[str, str] | None = None) -> bool:
        """Some words of the bracket name a breakdown value ('women only', 'excluding foreign
        nationals', 'solo dominicanas'): the figure is then a part, or the total less a part,
        not a description of the total (attack4 I-F). 'Total', 'other', 'unknown' and single
        letters are left out: they name no part on their own."""
        words = t.split()
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                gram = " ".join(words[i : i + n])
                if len(gram) < 2:
                    continue
                agree = agreeing or {}
                if gram in self.compound_terms and any(agree.get(d) != c for d, c in self.compound_terms[gram][0].items()):
                    return True
                if (self.own_nationals(gram) or self._is_demonym(gram)) and agree.get("citizenship") != self.schema.code("own_citizens"):
                    return True
                if any(code not in self.vague and agree.get(d) != code for d, code in self.dimension_candidates(gram)):
                    return True
        return False

    def _is_demonym(self, gram: str) -> bool:
        """Any member's demonym ('dominicanas', 'venezolanos' are not members: the schema's list)."""
        if self._all_demonyms is None:
            self._all_demonyms = frozenset(w for ws in self.demonyms.values() for w in ws)
        return gram in self._all_demonyms

    def is_rate(self, label: object) -> bool:
        """A share, a rate or a change ('%', 'rate per 100,000', '% change'): never a count."""
        text = str(label)
        if "%" in text or "‰" in text:
            return True
        t = normalise(text)
        return bool(self._rate and self._rate.search(t)) or bool(re.search(r"\bper\s*100\s*0?00\b|\b100\s*000\b", t)) or names_rate_base(t)

    def is_national_total(self, label: object) -> bool:
        return normalise(label) in self.national_total_terms

    def is_place_header(self, label: object) -> bool:
        t = normalise(label)
        return t in self.place_terms or strip_unit_words(t) in self.place_terms

    def is_month(self, label: object) -> bool:
        t = normalise(label)
        words = [w for w in t.split() if not re.fullmatch(r"(19|20)\d\d", w)]
        return bool(words) and " ".join(words) in self.month_terms

    def is_year_total(self, label: object) -> bool:
        """'Total for the year', 'Total anual', 'Jaartotaal': the year's total of a monthly table."""
        return normalise(label) in self.year_total_terms

    def is_pivot_word(self, label: object) -> bool:
        t = normalise(label)
        return t in self.pivot_terms or bool(_PIVOT_WORD.match(t) and len(t.split()) <= 6)

    def pivot_field(self, label: object) -> str | None:
        """'Sum of Victims identified' -> 'victims identified' (the value field of a pivot table)."""
        m = _PIVOT_FIELD.match(normalise(label))
        if not m:
            return None
        # "Count of Victim ID": counting the records of victims is the number of victims
        return _RECORD_ID.sub("", m.group(1))

    def own_country(self, label: object) -> bool:
        """The country's own name as a row of a table by place: the national total, unless one of
        the country's own subdivisions bears that name (the Belize District of Belize), where the
        row is a place like the others and only a written total is the country's figure."""
        if not self.country:
            return False
        text = normalise(label)
        return text in _country_terms(self.country) and text not in _subdivision_names(self.country)

    def own_demonym(self, label: object) -> bool:
        """'Dominicana', 'Surinaamse': the country's demonym alone, as a row of a table by nationality."""
        return bool(self.country) and normalise(label) in self.demonyms.get(self.country, ())

    def own_nationals(self, label: object) -> bool:
        """'Antigua and Barbuda nationals', 'Surinaamse nationaliteit', 'Jamaican citizens': the
        country's own name or demonym beside a word about people."""
        if not self.country:
            return False
        t = " " + normalise(label) + " "
        if not any(f" {w} " in t for w in self.people_terms):
            return False
        names = set(self.demonyms.get(self.country, ())) | _country_terms(self.country)
        for name in sorted(names, key=len, reverse=True):
            if f" {name} " in t:
                rest = t.replace(f" {name} ", " ")
                words = [w for w in rest.split() if w not in STOP_WORDS and w not in self.people_terms and not is_unit_word(w) and w not in WITH_WORDS]
                return not words
        return False

    # -- dimension values -------------------------------------------------------------
    def dimension_candidates(self, label: object) -> list[tuple[str, str]]:
        """Every (dimension, code) a label may name, before context decides ('Unknown' names four)."""
        t = normalise(label)
        hits = self.value_terms.get(t) or self.value_terms.get(strip_unit_words(t)) or []
        return sorted({(h[0], h[1]) for h in hits})

    def dimension_value(self, label: object, dimension: str | None = None) -> dict[str, str] | None:
        """The dimension values a label names ('girls' -> female child), or None if it names none
        or several. {'*': 'total'} is "Total": no breakdown, whatever the dimension."""
        key = (str(label), dimension)
        if key not in self._value_cache:
            if len(self._value_cache) > CACHE_SIZE:
                self._value_cache.clear()
            self._value_cache[key] = self._dimension_value(label, dimension)
        value = self._value_cache[key]
        return dict(value) if value is not None else None

    def _dimension_value(self, label: object, dimension: str | None) -> dict[str, str] | None:
        t = normalise(label)
        if not t:
            return None
        for term in (t, strip_unit_words(t)):
            if term in self.compound_terms:
                sets = dict(self.compound_terms[term][0])
                if dimension is None or dimension in sets:
                    return sets
        hits = self.value_terms.get(t) or self.value_terms.get(strip_unit_words(t)) or []
        if dimension:
            hits = [h for h in hits if h[0] == dimension]
        dims = {h[0] for h in hits}
        if len(hits) == 0:
            return None
        if len(dims) == 1:
            codes = {h[1] for h in hits}
            return {hits[0][0]: hits[0][1]} if len(codes) == 1 else None
        # "total" is a value of every dimension: it means "no breakdown" wherever it stands.
        if all(h[1] == self.total for h in hits):
            return {"*": self.total}
        return None

    def dimension_header(self, label: object) -> str | None:
        return self.header_terms.get(normalise(label))

    def is_grand_total(self, label: object) -> bool:
        return normalise(label) in self.grand_total_terms

    def strip_part_of(self, label: object) -> tuple[str, bool]:
        """'of which: girls' -> ('girls', True). Works on the normalised text."""
        t = normalise(label)
        if self._part_of is None:
            return t, False
        stripped = self._part_of.sub("", t, count=1).strip()
        return (stripped, True) if stripped != t and stripped else (t, False)

    def context_compound(self, label: object) -> dict[str, str] | None:
        """What a label means beside a child category ('Mujeres' beside 'Niñas' = adult women)."""
        value = self.beside_children.get(normalise(label))
        return dict(value) if value else None

    def _strip_by(self, term: str) -> str:
        """'victims identified by sex and age' -> 'victims identified'."""
        words = term.split()
        for i in range(1, len(words)):
            if self._is_by_phrase(words[i:]):
                return " ".join(words[:i])
        return term

    def _is_by_phrase(self, words: list[str]) -> bool:
        """'by sex and age', 'por sexo', 'naar geslacht'."""
        return len(words) > 1 and words[0] in self.by_words and self._all_headers(words[1:])

    def _all_headers(self, words: list[str]) -> bool:
        """Greedy: 'form of exploitation and sex' is two dimension headers."""
        words = [w for w in words if w not in AND_WORDS]
        if not words:
            return False
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                if " ".join(words[i:j]) in self.header_terms:
                    i = j
                    break
            else:
                return False
        return True

    # -- indicators -------------------------------------------------------------------
    def _exact_indicator(self, term: str) -> tuple[str, str, dict[str, str]] | None:
        for t in (term, strip_unit_words(term)):
            if t in self.indicator_terms:
                code, lang = self.indicator_terms[t]
                if t != term and self._other_unit(code, set(term.split()) - set(t.split())):
                    return None
                return code, lang, dict(self.override_dims.get(t, {}))
        return None

    def _other_unit(self, code: str, removed: set[str]) -> bool:
        """A unit word taken off the label names another unit than the indicator's: 'Cases
        prosecuted' is no count of persons prosecuted (attack4 I-F)."""
        unit = self.schema.indicators[code].unit
        return bool((unit != "cases" and removed & _CASE_WORDS) or (unit != "persons" and removed & _PERSON_WORDS))

    def _affix_dims(self, words: list[str]) -> dict[str, str] | None:
        """A dimension value written before or after an indicator ('female victims', 'víctimas niñas')."""
        text = " ".join(words)
        if text in self.compound_terms:
            return dict(self.compound_terms[text][0])
        hits = self.value_terms.get(text, [])
        dims = {(h[0], h[1]) for h in hits}
        if len(dims) == 1:
            dim, code = next(iter(dims))
            if code not in self.vague:
                return {dim: code}
        return None

    def _affixed_indicator(self, term: str) -> tuple[str, str, dict[str, str]] | None:
        words = term.split()
        found = []
        for k in range(1, min(4, len(words))):
            for affix, rest in ((words[:k], words[k:]), (words[-k:], words[:-k])):
                dims = self._affix_dims(affix)
                hit = self._exact_indicator(" ".join(rest)) if dims else None
                if hit:
                    found.append((hit[0], hit[1], {**hit[2], **dims}))
        distinct = {(f[0], tuple(sorted(f[2].items()))) for f in found}
        return found[0] if len(distinct) == 1 else None

    def _fuzzy_indicator(self, term: str) -> tuple[str | None, list[str]]:
        best = process.extract(term, self._indicator_choices, scorer=fuzz.ratio, limit=12)
        suggestions: list[str] = []
        by_indicator: dict[str, tuple[float, str]] = {}
        for choice, score, _ in best:
            code = self.indicator_terms[choice][0]
            if code not in by_indicator:
                by_indicator[code] = (score, choice)
                suggestions.append(f"{code} ({choice!r}, {score:.0f}%)")
        if not by_indicator:
            return None, []
        ranked = sorted(by_indicator.items(), key=lambda kv: -kv[1][0])
        code, (score, choice) = ranked[0]
        runner_up = ranked[1][1][0] if len(ranked) > 1 else 0
        if score < FUZZY_THRESHOLD or score - runner_up < FUZZY_MARGIN:
            return None, suggestions[:3]
        words, chosen = term.split(), choice.split()
        if len(words) != len(chosen) or any(fuzz.ratio(w, c) < FUZZY_WORD for w, c in zip(words, chosen)):
            return None, suggestions[:3]
        if self._rival_shares_words(words, chosen, code):
            return None, suggestions[:3]
        return code, suggestions[:3]

    def _rival_shares_words(self, words: list[str], chosen: list[str], code: str) -> bool:
        """The shared-words guard: when another indicator's name shares words with the label, a
        misspelt word must be clearly closer to the chosen indicator's word than to the rival's."""
        differing = [i for i, (w, c) in enumerate(zip(words, chosen)) if w != c]
        for other, (other_code, _) in self.indicator_terms.items():
            if other_code == code:
                continue
            ow = other.split()
            if len(ow) != len(words):
                continue
            if not any(words[i] == ow[i] and words[i] not in STOP_WORDS for i in range(len(words)) if i not in differing):
                continue
            for i in differing:
                own = fuzz.ratio(words[i], chosen[i])
                if own < SHARED_WORDS_WORD or fuzz.ratio(words[i], ow[i]) > own - SHARED_WORDS_GAP:
                    return True
        return False

    def _is_not_indicator(self, *terms: str) -> bool:
        for t in terms:
            if not t:
                continue
            if t in self.not_indicator_terms or strip_unit_words(t) in self.not_indicator_terms:
                return True
            if process.extractOne(t, self.not_indicator_terms, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD):
                return True
        return False

    def indicator(self, label: object) -> LabelMatch:
        """Read an indicator label, with any dimension values (and year) it carries."""
        key = label if isinstance(label, (str, int, float)) else str(label)
        if key not in self._indicator_cache:
            if len(self._indicator_cache) > CACHE_SIZE:
                self._indicator_cache.clear()
            self._indicator_cache[key] = self._indicator(label)
        m = self._indicator_cache[key]
        return LabelMatch(m.indicator, dict(m.dims), m.year, m.language, m.how, m.problem, list(m.suggestions), m.not_indicator)

    def _indicator(self, label: object) -> LabelMatch:
        full = normalise(label)
        if not full:
            return LabelMatch(problem="empty label")
        if full in self.not_indicator_terms:
            return LabelMatch(problem=f"'{label}' is not one of the network's indicators", not_indicator=True)
        hit = self._exact_indicator(full)
        if hit:
            how = "override" if hit[1] == "override" else "exact"
            return LabelMatch(indicator=hit[0], dims=hit[2], language=hit[1], how=how)
        if self.is_rate(label):
            return LabelMatch(problem=f"'{label}' is a percentage or rate, not a count")
        head, qualifiers = split_qualifiers(label)
        head = self._strip_by(head)
        if self._is_not_indicator(head, full):
            return LabelMatch(problem=f"'{label}' is not one of the network's indicators", not_indicator=True)
        hit = self._exact_indicator(head)
        how = "qualified"
        if not hit:
            hit = self._affixed_indicator(head)
            how = "affix"
        if not hit:
            hit = self._alternatives(head)
        if not hit:
            # "Offences recorded by the CTU", "Victims identified by the police": who counted them
            m = _COUNTED_BY.match(head)
            if m and not self._is_by_phrase(head[len(m.group(1)) + 1 :].split()):
                hit = self._exact_indicator(m.group(1))
        if not hit and "/" in str(label):
            # "Arrestadas / detenidas": two words for one indicator
            parts = [self._exact_indicator(normalise(p)) for p in str(label).split("/") if normalise(p)]
            if len(parts) > 1 and all(parts) and len({(p[0], tuple(sorted(p[2].items()))) for p in parts}) == 1:
                hit, how = parts[0], "qualified"
        expl: dict[str, str] = {}
        if not hit and qualifiers and self.only_trafficking(head):
            # "Trafficking in persons (victims identified)": the offence, then what is counted
            inner = [q for q in qualifiers if self._exact_indicator(q)]
            if len(inner) == 1:
                hit, how = self._exact_indicator(inner[0]), "qualified"
                qualifiers = [q for q in qualifiers if q != inner[0]]
        if not hit and self._trafficking is not None and self._trafficking.search(head):
            head, expl = self._exploitation_phrase(head)
            bare = self.without_offence(head)
            if bare and bare != head:
                hit = self._exact_indicator(bare) or self._affixed_indicator(bare)
                how = "qualified"
        if not hit and self._question is not None and self._is_question(label, full):
            bare = self.without_question(self._strip_by(head or full))
            if bare and bare != full:
                hit = self._exact_indicator(bare) or self._affixed_indicator(bare) or self._alternatives(bare)
                if not hit and self._trafficking is not None and self._trafficking.search(bare):
                    bare = self.without_offence(bare)
                    hit = (self._exact_indicator(bare) or self._affixed_indicator(bare) or self._alternatives(bare)) if bare else None
                how = "question"
                qualifiers = []  # the question's own words were removed with it
        if not hit:
            code, suggestions = self._fuzzy_indicator(head or full)
            if code is None and strip_unit_words(head) not in ("", head):
                code, _ = self._fuzzy_indicator(strip_unit_words(head))
            if code is not None and self._other_unit(code, set((head or full).split())):
                code = None  # 'Cases prosecuted' is near 'persons prosecuted', but counts cases
            if code is None:
                return LabelMatch(problem=f"'{label}' matches no indicator of the schema", suggestions=suggestions)
            hit = (code, None, {})
            how = "fuzzy"
        dims: dict[str, str] = {**dict(hit[2]), **expl}
        year = None
        bracketed = {normalise(b) for b in re.findall(r"[\(\[]([^\)\]]*)[\)\]]", str(label))}
        for q in qualifiers:
            whole = q
            q, part_of = self.strip_part_of(q)
            if part_of and whole in bracketed and self._names_a_part(q):
                # "(incl. foreign nationals)" after an indicator: the total including them, or them
                # alone; a row "of which: girls" below a total is read where rows are (attack4 I-F)
                return LabelMatch(problem=_part_problem(whole, label))
            if not q or is_unit_word(q) or q in self.neutral_terms or self._is_by_phrase(q.split()):
                continue
            if re.fullmatch(r"(19|20)\d\d", q):
                if year is not None and year != int(q):
                    return LabelMatch(problem=f"'{label}' names two years")
                year = int(q)
                continue
            if q.isdigit():
                continue  # a footnote call such as "(1)"
            same = self._exact_indicator(q)
            if same and same[0] == hit[0] and not same[2]:
                continue  # "Arrestadas / detenidas": another word for the same indicator
            value = self.dimension_value(q)
            if value is None and self.own_nationals(q):
                value = {"citizenship": self.schema.code("own_citizens")}
            if value is None:
                if len(q) == 1 and q.isalpha():
                    continue  # a footnote call such as "(a)"
                if self.only_trafficking(q):
                    continue  # '(trafficking offences)', '- TIP': the offence the figure is about
                if q in bracketed and self.describes(q):
                    continue  # words in brackets describe the figure ("shelter or services"); they are no breakdown
                if self._names_a_part(q):
                    return LabelMatch(problem=_part_problem(q, label))
                return LabelMatch(problem=f"qualifier '{q}' in '{label}' is not a known dimension value")
            for k, v in value.items():
                if k == "*":
                    continue
                if k in dims and dims[k] != v:
                    return LabelMatch(problem=f"'{label}' gives two values for {k}")
                dims[k] = v
        return LabelMatch(indicator=hit[0], dims=dims, year=year, language=hit[1], how=how)

    def indicators_mentioned(self, text: object) -> set[str]:
        """Indicators a title names as whole words ('Victims assisted by sex, 2022' -> victims_assisted).
        A shorter synonym inside a longer one ('victims' in 'victims assisted') does not count;
        a title that also names a non-indicator ('hotline calls') names nothing for certain."""
        t = " " + normalise(text) + " "
        for term in self.not_indicator_terms:
            if (" " + term + " ") in t:
                return set()
        if self._mentions is None:
            # One pattern of every synonym, longest first: at each place the longest synonym wins,
            # so a shorter one inside it ('victims' in 'victims assisted') does not count.
            terms = sorted(self.indicator_terms, key=len, reverse=True)
            self._mentions = re.compile(r"(?<=\s)(?:" + "|".join(map(re.escape, terms)) + r")(?=\s)")
        found = set()
        pos = 0
        while True:
            m = self._mentions.search(t, pos)
            if m is None:
                break
            found.add(self.indicator_terms[m.group(0)][0])
            pos = m.end()
        return found


@lru_cache(maxsize=64)
def _country_terms(iso3: str) -> frozenset[str]:
    """The country's names in the four languages (pycountry, as for folder names), normalised."""
    try:
        from ctip.region import country_aliases, member
    except ImportError:  # pragma: no cover
        return frozenset()
    names = set(country_aliases(iso3))
    m = member(iso3)
    if m is not None:
        names |= set(m.names.values())
    out = {normalise(n) for n in names if normalise(n)}
    # "Saint Lucia" is also written "St Lucia"
    out |= {re.sub(r"^saint ", "st ", n) for n in out}
    return frozenset(out)


@lru_cache(maxsize=64)
def _subdivision_names(iso3: str) -> frozenset[str]:
    """Names of the country's ISO 3166-2 subdivisions (pycountry), normalised."""
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return frozenset()
    subdivisions = pycountry.subdivisions.get(country_code=country.alpha_2) or []
    return frozenset(normalise(sd.name) for sd in subdivisions if normalise(sd.name))


def subdivision_names(iso3: str) -> frozenset[str]:
    """The country's ISO 3166-2 subdivision names, normalised ('saint catherine', 'clarendon')."""
    return _subdivision_names(iso3) if iso3 else frozenset()


@lru_cache(maxsize=1)
def default_index() -> LabelIndex:
    """A LabelIndex over the project's schema (built anew each call; callers cache it if they need to)."""
    return LabelIndex(load_schema())


__all__ = ["LabelIndex", "LabelMatch", "default_index", "parse_target", "DIMENSIONS"]

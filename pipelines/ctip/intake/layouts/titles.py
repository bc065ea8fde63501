"""What a table's title says about every figure below it: its indicator and its breakdown.

A title qualifies each figure of its table ("Child victims of trafficking in persons assisted by
the Board": every figure is of victims *assisted*, and every figure is of *children*, the Total
row included). A figure must never be stored with a broader key than its document gives, so:

- the indicator: a title naming a generic phrase of one indicator ("victims of trafficking in
  persons", a synonym of victims detected) and, elsewhere, the distinguishing word of a sibling
  indicator ("assisted") names the sibling; when the two cannot be told apart it names both,
  and no figure takes its indicator from the title;
- the breakdown: a breakdown word written against the indicator's noun ("Child victims",
  "victimas menores de edad", "minderjarige slachtoffers") holds for every figure of the table.
  A word standing elsewhere in the title may be an agency's name ("Children's Authority"), so
  it is not applied.

Every word comes from schemas/ (indicator synonyms, dimension values and compounds)."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.schema import load_schema, word_set
from ctip.vocabulary.labels import LabelIndex
from ctip.vocabulary.normalise import normalise

# no breakdown, or none a title can hold for every figure
NO_TITLE_CODES = frozenset(load_schema().code(role) for role in ("no_breakdown", "not_known", "rest"))
CONJUNCTIONS = word_set("words.conjunctions")  # 'women and girls'
LINKS = word_set("words.links")  # 'victims of sexual exploitation'
TITLE_DIMENSIONS = ("sex", "age_group", "exploitation")  # citizenship words in titles name agencies ("National Police")


# _words by the vocabulary it reads, not by the index: every country folder has its own view of
# one index (LabelIndex.for_country) sharing the same terms, and building this took ~10 ms a view.
_WORDS: dict[tuple[int, int], tuple] = {}


def _words(labels: LabelIndex) -> tuple[dict[str, frozenset[str]], dict[str, str], frozenset[str]]:
    """(word -> indicators whose synonyms use it, distinguishing word -> its one indicator, head
    nouns: the words of the synonyms of one- or two-word synonyms that are not distinguishing)."""
    terms, values = labels.indicator_terms, labels.value_terms
    hit = _WORDS.get((id(terms), id(values)))
    if hit is not None and hit[0] is terms and hit[1] is values:  # the very dicts (kept alive here), not a reused id
        return hit[2]
    if len(_WORDS) >= 64:
        _WORDS.clear()
    found = _build_words(labels)
    _WORDS[(id(terms), id(values))] = (terms, values, found)
    return found


def _build_words(labels: LabelIndex) -> tuple[dict[str, frozenset[str]], dict[str, str], frozenset[str]]:
    vocab: dict[str, set[str]] = {}
    short: dict[str, set[str]] = {}
    for term, (code, _) in labels.indicator_terms.items():
        words = term.split()
        for w in words:
            vocab.setdefault(w, set()).add(code)
            if len(words) <= 2:
                short.setdefault(w, set()).add(code)
    distinct = {w: next(iter(codes)) for w, codes in short.items() if len(vocab[w]) == 1 and len(w) >= 4 and w not in labels.value_terms}
    return {w: frozenset(c) for w, c in vocab.items()}, distinct, frozenset()


def title_indicators(text: object, labels: LabelIndex) -> set[str]:
    """The indicators a title names, with a generic phrase resolved by a sibling's distinguishing word."""
    mentioned = labels.indicators_mentioned(text)
    if len(mentioned) != 1:
        return mentioned
    vocab, distinct, _ = _words(labels)
    words = normalise(text).split()
    named = {distinct[w] for w in words if w in distinct}
    (m,) = mentioned
    if not named or m in named:
        return mentioned  # the title's phrase has its own distinguishing word ('sancionadas por delitos')
    if len(named) == 1:
        (d,) = named
        # siblings share a head noun used by them alone ('victims': detected and assisted)
        if any(vocab.get(w) == frozenset({m, d}) for w in words):
            return {d}
    return mentioned | named


def title_dims(text: object, labels: LabelIndex) -> dict[str, str]:
    """Breakdown values written against the indicator's noun in a title ('Child victims',
    'Victimes mineures', 'Female victims of trafficking'): dimension -> code. A dimension named
    with two values ('girls and boys' for sex) gives none for it. A word across a dash or colon
    ('Ministerio de la Mujer – Víctimas asistidas') names the agency, not the victims."""
    found: dict[str, set[str]] = {}
    for part in _SEPARATORS.split(str(text or "")):
        for k, v in _touching_values(normalise(part).split(), labels).items():
            found.setdefault(k, set()).update(v)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


_SEPARATORS = re.compile(r"\s[-–—]\s|[–—:;|,()\[\]]")


def _touching_values(words: list[str], labels: LabelIndex) -> dict[str, set[str]]:
    vocab, _, _ = _words(labels)
    nouns = {i for i, w in enumerate(words) if w in vocab and w not in labels.value_terms and len(vocab[w]) <= 2 and _is_noun(w, labels)}
    if not nouns:
        return {}
    found: dict[str, set[str]] = {}
    for p in nouns:
        # the longest value phrase right before the noun ('women and girls victims', 'child victims'),
        # right after it ('victimas menores de edad'), or after one linking word ('victims of sexual exploitation')
        spans = [[(p - n, p) for n in (4, 3, 2, 1)], [(p + 1, p + 1 + n) for n in (4, 3, 2, 1)]]
        if p + 1 < len(words) and words[p + 1] in LINKS:
            spans.append([(p + 2, p + 2 + n) for n in (4, 3, 2, 1)])
        for side in spans:
            for a, b in side:
                if a < 0 or b > len(words) or any(i in nouns for i in range(a, b)):
                    continue
                value = labels.dimension_value(" ".join(words[a:b]))
                if not value:
                    continue
                before = a < p  # the phrase stands before the noun: what precedes it may list others
                if (before and a > 0 and words[a - 1] in CONJUNCTIONS) or (not before and b < len(words) and words[b] in CONJUNCTIONS):
                    # 'victims of sexual exploitation and other forms', 'men and women victims': one
                    # of several, so no value holds for every figure
                    for k in value:
                        found.setdefault(k, set()).update({"", "several"})
                    break
                for k, v in value.items():
                    if k in TITLE_DIMENSIONS and v not in NO_TITLE_CODES:
                        found.setdefault(k, set()).add(v)
                break
    return found


def _is_noun(word: str, labels: LabelIndex) -> bool:
    """A word that is itself a one-word synonym of an indicator's people ('victims', 'slachtoffers')."""
    hit = labels.indicator_terms.get(word)
    return hit is not None and word not in _participles(labels)


@lru_cache(maxsize=64)  # one LabelIndex view per country folder (for_country): 25 members and more
def _participles(labels: LabelIndex) -> frozenset[str]:
    _, distinct, _ = _words(labels)
    return frozenset(distinct)

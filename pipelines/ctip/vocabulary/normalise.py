"""Normalising labels before matching: case, accents, numbering, units in brackets, spacing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ctip.schema import word_set

_NUMBERING = re.compile(
    r"^\s*(?:[0-9]{1,3}\.[a-z][.)]?(?=\s)|[0-9]+(?:\.[0-9]+)+\.?|\(?[0-9ivxlc]{1,4}[.)]|\(?[a-h][.)]|[0-9]+\s*[-–]\s(?=\D)|[-*•·●▪►>]+"
    r"|(?:q|p|v)\s?[0-9]{1,3}[a-z]?(?:\.[0-9]{1,2})*[.):]?(?=\s)|[0-9]{1,3}[a-z][.)]?(?=\s)"
    r"|[a-z][0-9]{1,2}[a-z]?(?:\.[0-9]{1,2})*[.):](?=\s)|[0-9]{1,3}\.[a-z][.)]?(?=\s))\s*(?=\S)",
    re.I,
)
_BRACKETS = re.compile(r"[\(\[\{]([^\)\]\}]*)[\)\]\}]")
_SEPARATORS = re.compile(r"[\s_/\\|:;,\"'’`´.*†‡?¿!¡]+")
# Footnote calls written as superscripts ("Victims identified¹").
_SUPERSCRIPTS = str.maketrans("", "", "¹²³⁴⁵⁶⁷⁸⁹⁰")
_UNIT_WORDS = word_set("words.unit_words") | {"#"}  # 'number of victims', 'victims total', '# victims'
_LEADING_OF = word_set("words.leading_of")


def alternation(words: frozenset[str] | set[str]) -> str:
    """A regex alternative of words (longest first, escaped): '(?:' + alternation(ws) + ')'."""
    return "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))


def strip_accents(text: str) -> str:
    """`text` without combining marks ("Número" -> "Numero"); NFKD also splits ligatures and widths."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: object) -> str:
    """Lower case, no accents, no leading numbering, punctuation as single spaces.

    Bracketed parts are kept (as plain words) here; `split_qualifiers` separates them."""
    if text is None:
        return ""
    if text.__class__ is not str:
        text = str(text)  # numbers too: the same figures and years come again and again
    if len(text) <= 300:
        return _normalise_cached(text)  # the same labels are normalised again and again
    return _normalise(text)


@lru_cache(maxsize=100_000)
def _normalise_cached(text: str) -> str:
    return _normalise(text)


def _normalise(text: str) -> str:
    s = text.translate(_SUPERSCRIPTS)
    s = strip_accents(s).lower().replace("\u00a0", " ").replace("\u202f", " ")
    s = s.replace("’", "'").replace("–", "-").replace("—", "-")
    for _ in range(2):  # "1. a) Victims" has two levels of numbering
        s = _NUMBERING.sub("", s)
    s = _SEPARATORS.sub(" ", s)
    s = s.replace("(", " ").replace(")", " ").replace("[", " ").replace("]", " ")
    return " ".join(s.split()).strip(" -")


def split_qualifiers(text: object) -> tuple[str, list[str]]:
    """Split "Victims identified (female) - girls, 2021" into a head and its qualifiers.

    The head is what names the indicator; qualifiers may name a dimension value, a unit or a year."""
    if text is None:
        return "", []
    s = str(text).translate(_SUPERSCRIPTS)
    qualifiers = [q for q in _BRACKETS.findall(s)]
    s = _BRACKETS.sub(" ", s)
    parts = re.split(r"\s+[-–—]\s+|\s+[-–—](?=\S)|(?<=\S)[–—]\s+|,|:|;|\s/\s", s)
    head = normalise(parts[0])
    qualifiers = [normalise(p) for p in parts[1:]] + [normalise(q) for q in qualifiers]
    return head, [q for q in qualifiers if q]


# 'per 100k', 'per 1 000', 'por cada 100 000': a rate's base (a normalised text; words.per_words); not a
# year ('cijfers per 2022': as at).
_RATE_BASE = re.compile(
    r"(?<![a-z0-9])(?:"
    + alternation(word_set("words.per_words"))
    + r") (?!(?:19|20)\d\d(?![0-9]| \d{3}))(?:\d+ ?k|\d{3,}(?: \d{3})*|\d{1,3}(?: \d{3})+)(?![a-z0-9])"
)


def names_rate_base(text: str) -> bool:
    """A normalised text naming a rate's base ("victims per 100k population", "tasa por 1 000"): a
    rate, never a count (finding K-K)."""
    return bool(_RATE_BASE.search(text))


def is_unit_word(text: str) -> bool:
    """True when every word of `text` is a unit word ("number", "victims", "#"), i.e. it says what is
    counted but not which breakdown; False for ""."""
    return all(tok in _UNIT_WORDS for tok in text.split()) if text else False


def strip_unit_words(text: str) -> str:
    """'number of victims identified' -> 'victims identified'; 'victims identified total' -> 'victims identified'."""
    words = text.split()
    while words and words[0] in _UNIT_WORDS:
        words = words[1:]
    while words and words[-1] in _UNIT_WORDS:
        words = words[:-1]
    if len(words) > 1 and words[0] in _LEADING_OF:
        words = words[1:]
    return " ".join(words)

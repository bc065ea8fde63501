"""Finding header rows and year labels, shared by the layout readers."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.intake.layouts.docdates import without_document_dates
from ctip.intake.values import YEAR_PERIOD
from ctip.schema import FALLBACK, LANGUAGES, load_schema, word_lists, word_set, words
from ctip.vocabulary.normalise import alternation, normalise, strip_accents

_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_YEAR_WORDS = word_set("words.year_words")
_YEAR_FOOTNOTE = re.compile(r"(?<=\d)\s*(?:[\(\[]\s*\d{1,2}\s*[\)\]]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")


@lru_cache(maxsize=1)
def _neutral_words() -> frozenset[str]:
    """Words beside a year that leave it the year ('2023 (prov.)', '2022 voorlopig'): the one-word
    neutral qualifiers of schemas/lang/<language>.yaml."""
    spec = word_lists("words.neutral_qualifiers")
    return frozenset(normalise(t) for words in spec.values() for t in words if len(normalise(t).split()) == 1)


@lru_cache(maxsize=1)
def _full_year_spans() -> frozenset[str]:
    spec = word_lists("words.full_year_spans")
    return frozenset(normalise(t) for words in spec.values() for t in words if normalise(t))


@lru_cache(maxsize=1)
def header_terms() -> dict[str, str]:
    """Normalised column header -> role (indicator, year, value, country, or a dimension name)."""
    spec = {lang: words(lang, "headers") for lang in LANGUAGES}
    terms: dict[str, str] = {}
    for role in spec[FALLBACK]:
        for lang in LANGUAGES:
            entry = spec[lang][role]
            for t in (entry["name"], *entry["synonyms"]):
                if normalise(t):
                    terms.setdefault(normalise(t), role)
    schema = load_schema()
    for name, dim in schema.dimensions.items():
        for lang in LANGUAGES:
            for t in (dim.names.get(lang, ""), *dim.synonyms.get(lang, ())):
                if normalise(t):
                    terms.setdefault(normalise(t), name)
    return terms


def header_role(value: object) -> str | None:
    """The role of a column header (indicator, year, value, country, a dimension), in any language of
    schemas/lang; None for an empty cell or a header with no known role."""
    if value is None:
        return None
    return header_terms().get(normalise(value))


def as_year(value: object) -> int | None:
    """A cell that is a year on its own (2019, 2019.0, '2019', 'Year 2019', 'Año 2019')."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if float(value).is_integer() and _in_range(int(value)):
            return int(value)
        return None
    return _text_year(str(value))


@lru_cache(maxsize=100_000)
def _text_year(value: str) -> int | None:
    # cached by the label's text (the vocabulary it reads is loaded once): every label of a sheet is asked, often twice
    text = value.strip()
    if YEAR_PERIOD.match(text):  # '2022-I', '2022-Q3': a quarter of the year, not the year (attack5 J-N.1)
        return None
    # A footnote number after the year ("2022 (1)", "2022¹") leaves it the year: its footnote is read
    # by year_footnotes (finding J-K).
    text = _YEAR_FOOTNOTE.sub("", text)
    if re.fullmatch(r"\d{4}(\.0)?", text):
        y = int(float(text))
        return y if _in_range(y) else None
    found = _YEAR.findall(text)
    if len(found) != 1:
        return None
    words = normalise(_YEAR.sub(" ", text)).split()
    # "Year 2019", "Año 2019", "2019 (p)", "2019*", "2019 provisional": the year and nothing else.
    if " ".join(words) in _full_year_spans():
        y = int(found[0])  # 'Jan-Dec 2020': the whole calendar year
        return y if _in_range(y) else None
    # A footnote letter stays a year, but not 'e' ("2024e": an estimate, set aside by intake.planned).
    if all(w in _YEAR_WORDS or w in _neutral_words() or len(w) == 1 and w.isalpha() and w not in "fmhvte" for w in words):
        y = int(found[0])
        return y if _in_range(y) else None
    return None


def provisional_year(text: object) -> int | None:
    """The year of a label that marks it provisional ('2023 (prov.)', '2021p', '2022 voorlopig')."""
    if not isinstance(text, str):
        return None
    return _provisional_year(text)


@lru_cache(maxsize=100_000)
def _provisional_year(text: str) -> int | None:
    if as_year(text) is None:
        return None
    words = normalise(_YEAR.sub(" ", text)).split()
    if any(w in _neutral_words() or w == "p" for w in words) or re.search(r"(?:19|20)\d\dp\b", text.strip().lower()):
        return as_year(text)
    return None


def split_year(text: str) -> tuple[int | None, str]:
    """'2021 Female' -> (2021, 'Female'); the year must be the only one in the text."""
    found = _YEAR.findall(text or "")
    if len(found) != 1 or not _in_range(int(found[0])):
        return None, text
    rest = _YEAR.sub(" ", text)
    return int(found[0]), " ".join(rest.split()).strip(" -–—,:;/()")


_NOT_ONE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d\s*[/\-–—]\s*(?:(?:19|20)?\d\d)(?!\d)|\b(?:" + alternation(word_set("words.financial_year")) + r")\b", re.I)


def names_no_single_year(text: str) -> bool:
    """A financial year ('2019/20', 'FY2020', 'Año fiscal 2020') or a range ('2015-2019'): no one calendar year."""
    return bool(text) and bool(_NOT_ONE_YEAR.search(strip_accents(str(text)))) and bool(_YEAR.search(str(text)))


# The year of a law or a plan ("Trafficking in Persons (Prevention) Act 2010") is no year of figures.
_LAW_YEAR = re.compile(r"\b(?:" + alternation(word_set("words.law_year_words")) + r")\b[^0-9\n]{0,15}(?:19|20)\d\d", re.I)


def without_law_years(text: str) -> str:
    """`text` without the year of a law or plan ("... Act 2010"), which is no year of figures."""
    return _LAW_YEAR.sub(" ", str(text)) if text else text


def year_in_text(text: str) -> int | None:
    """The single year a title, sheet or file name mentions (None if none or several, or if it is
    a financial year or a range); the year of a law named in it, and of a date of the document
    ('Updated: March 2022', `docdates`), does not count."""
    return _year_in_text(text) if text.__class__ is str and len(text) <= 500 else _year_in_text.__wrapped__(text)


@lru_cache(maxsize=100_000)
def _year_in_text(text: str) -> int | None:
    # cached by text: titles, sheet and file names are asked again by every layout detector
    text = without_law_years(without_document_dates(text))
    if names_no_single_year(text):
        return None
    found = {int(y) for y in _YEAR.findall(text or "") if _in_range(int(y))}
    return found.pop() if len(found) == 1 else None


def _in_range(year: int) -> bool:
    # A wider range than the schema's: a future or too-old year must be *reported*, not ignored.
    return 1990 <= year <= 2100

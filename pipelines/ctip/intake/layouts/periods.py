"""Titles that say a table covers part of a year only ("January to June 2023", "first quarter 2022",
"enero a junio de 2023", "premier semestre 2023", "2023 (up to 30 September)", "januari t/m juni").

Every figure the network stores is a yearly count. A column headed "2023 (Jan-Jun)" is already no
year column (`headers.as_year` reads only a year alone or a whole-year span); the same words in a
table's title, sheet name or file name would otherwise let the year of the title stand for the
half-year's figures, published as the year's count. The words are in schemas/lang/<language>.yaml
(`words.part_year`, `until_words`, `month_range`, `year_start`, `year_end`, `months`)."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.schema import word_set
from ctip.vocabulary.normalise import strip_accents


def _prepared(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe and dash, '_' as a space, single spaces."""
    s = strip_accents(str(text)).lower().replace("’", "'").replace("_", " ")
    s = re.sub(r"[–—]", "-", s)
    return " ".join(s.split())


def _words(key: str) -> frozenset[str]:
    return frozenset(_prepared(w) for w in word_set(f"words.{key}") if _prepared(w))


def _alt(words: frozenset[str]) -> str:
    # Spaces in a phrase match any spacing or a hyphen ("half-year", "half year").
    return "|".join(re.escape(w).replace(r"\ ", r"[\s\-]*") for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, frozenset[str], frozenset[str]]:
    months = _words("months") | _words("year_start") | _words("year_end")
    month = rf"(?:{_alt(months)})\.?"
    day = r"(?:\d{1,2}(?!\d)(?:st|nd|rd|th|er|e|de)?\.?\s*(?:de\s+|of\s+)?)"
    edge_l, edge_r = r"(?<![a-z0-9])", r"(?![a-z0-9])"
    phrase = re.compile(edge_l + rf"(?:{_alt(_words('part_year'))})" + edge_r)
    connector = rf"(?:\s*[-/]\s*|\s+(?:{_alt(_words('month_range'))})\s+)"
    month_range = re.compile(
        edge_l
        + rf"(?P<a>{month}){edge_r}(?:\s*\d{{1,2}}(?!\d)(?:st|nd|rd|th)?)?(?:\s*,?\s*(?:de\s+)?(?:19|20)\d\d)?"
        + rf"{connector}(?:(?:el|le|the|de)\s+)?{day}?(?P<b>{month}){edge_r}"
    )
    until = re.compile(
        edge_l
        # a hyphen too: 'to end-June' (attack6 K-Z)
        + rf"(?:{_alt(_words('until_words'))})[\s\-]+(?:(?:el|le|the|de)\s+)?{day}?(?P<m>{month}){edge_r}"
        + r"(?:\s*\d{1,2}(?!\d)(?:st|nd|rd|th)?)?(?:\s*,?\s*(?:de\s+|del\s+)?(?P<y>(?:19|20)\d\d))?"
    )
    return phrase, month_range, until, _words("year_start"), _words("year_end")


def _month_word(text: str) -> str:
    return " ".join(text.rstrip(".").replace("-", " ").split())


def part_of_year(text: object, figure_years: tuple[int, ...] = ()) -> str | None:
    """The words of `text` saying it covers part of a year only (as written there, prepared), or None.

    A range from the first to the last month (or quarter) is the whole year; a date in the last
    month ("as at 31 December 2023") closes the year; a date in a later year than the text's other
    years ("2023 (data as at 31 March 2024)"), or than `figure_years` (the years a table's own
    columns give its figures: "figures as at 31 March 2022" over 2020 | 2021), is when the figures
    were extracted, not their period."""
    if not isinstance(text, str) or not text.strip():
        return None
    s = _prepared(text)
    phrase, month_range, until, start, end = _patterns()
    for m in month_range.finditer(s):
        if not (_month_word(m.group("a")) in start and _month_word(m.group("b")) in end):
            return m.group(0)
    s = month_range.sub(" ", s)  # whole-year ranges ("Q1-Q4") say nothing more
    if m := phrase.search(s):
        return m.group(0)
    years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", s)] + list(figure_years)
    for m in until.finditer(s):
        if _month_word(m.group("m")) in end:
            continue
        y = m.group("y")
        if y is not None and any(other < int(y) for other in years):
            continue
        return m.group(0)
    return None


def period_spans(prepared: str) -> list[tuple[int, int, int | None]]:
    """(start, end, year of an until-date or None) of the month ranges ("January to June 2021",
    "Jan-Dec") and until-dates ("as at 31 March 2022") of a text already `prepared`: the words
    `part_of_year` reads, which `docdates` leaves to it."""
    _, month_range, until, _, _ = _patterns()
    spans: list[tuple[int, int, int | None]] = [(m.start(), m.end(), None) for m in month_range.finditer(prepared)]
    spans += [(m.start(), m.end(), int(m.group("y")) if m.group("y") else None) for m in until.finditer(prepared)]
    return spans


def prepared(text: object) -> str:
    """`text` as the period patterns read it: lower case, no accents, single spaces."""
    return _prepared(str(text))


@lru_cache(maxsize=1)
def _running_pattern() -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])(?:" + _alt(_words("running_total")) + r")(?![a-z0-9])")


def running_total(text: object) -> str | None:
    """The words of a title or header saying its figures are running totals ('Cumulative total since
    2015', 'acumulado desde 2015': `words.running_total`), prepared, or None. A running total over
    2019 | 2020 | 2021 is no count of any one year (attack3 H-U)."""
    if not isinstance(text, str) or not text.strip():
        return None
    m = _running_pattern().search(_prepared(text))
    return m.group(0) if m else None


def part_year_words(texts: list[object]) -> str | None:
    """The first of `texts` (title rows, a sheet name, a file name) naming part of a year: its words."""
    for t in texts:
        if (found := part_of_year(t)) is not None:
            return found
    return None


@lru_cache(maxsize=1)
def _financial_year_pattern() -> re.Pattern:
    # The word right beside a year ("FY2022", "FY 2021/22", "Año fiscal 2021", "exercice 2021-2022",
    # "2021/22 financial year"): apart from any year, "fiscal" is the prosecutor in Spanish
    # ("Unidad Fiscal de Trata, 2022"), which names no financial year.
    word = rf"(?<![a-z])(?:{_alt(_words('financial_year'))})(?![a-z])"
    span = r"(?:\s*[-/]\s*(?:19|20)?\d\d)?(?!\d)"
    return re.compile(rf"{word}[\s:.\-]*(?:(?:19|20)\d\d|\d\d){span}|(?<!\d)(?:19|20)\d\d{span}\s*{word}")


def financial_year(text: object) -> str | None:
    """The words of a title, sheet or file name naming a financial year, prepared, or None. A header
    "FY23" is refused by `cellkinds.years_not_one`; a year taken from a title, sheet or file name
    ("Trafficking in persons statistics FY2022", sheet "FY2023", "FY2021_report.csv") would otherwise
    be stored as the calendar year. The words are schemas/lang/<language>.yaml `words.financial_year`."""
    if not isinstance(text, str) or not text.strip():
        return None
    m = _financial_year_pattern().search(_prepared(text))
    return m.group(0) if m else None


@lru_cache(maxsize=1)
def _since_pattern() -> re.Pattern:
    year = r"(?<!\d)(?:19|20)\d\d(?!\d)"
    edge_l, edge_r = r"(?<![a-z0-9])", r"(?![a-z0-9])"
    # 'since 2015', 'since the establishment of the Task Force (2016)', 'depuis la creation du CNLTP en 2016':
    # a since-word, then up to eight words of the same phrase (no ',', ';', ':', '|' or figure between), then
    # a year (attack6 K-A)
    since = rf"{edge_l}(?:{_alt(_words('since_year'))})(?:[\s()'\-]+[a-z][a-z'.\-]*){{0,8}}?[\s()'\-]+{year}\)?"
    to_date = rf"{edge_l}(?:{_alt(_words('to_date'))}){edge_r}"
    # 'from inception', 'sinds de oprichting', 'desde la creacion de la Unidad': a count from the start of a
    # body or programme, with a year or without
    start = _alt(_words("since_year") | _words("from_start"))
    founding = rf"{edge_l}(?:{start})(?:[\s'\-]+[a-z][a-z'\-]*){{0,3}}?[\s'\-]+(?:{_alt(_words('founding'))}){edge_r}"
    all_years = rf"{edge_l}(?:{_alt(_words('all_years'))}){edge_r}"
    # 'in the last five years', 'en los ultimos 5 anos', 'les cinq dernieres annees', 'afgelopen vijf jaar'
    number = rf"(?:\d{{1,2}}|{_alt(_words('number_words'))})"
    last = "|".join(r"[\s\-]+".join(number if w == "n" else re.escape(w) for w in p.split()) for p in sorted(_words("last_years")))
    return re.compile(f"{since}|{to_date}|{founding}|{all_years}|{edge_l}(?:{last}){edge_r}")


def running_since(text: object) -> str | None:
    """The words of a title saying its figures are a running total over several years, prepared, or None:
    from a year to now ('Victims identified since 2015', 'desde 2015', '2015 to date', 'a la fecha', 'a ce
    jour', 'since the establishment of the Task Force (2016)': `words.since_year`, `words.to_date`), from
    the start of a body ('from inception', 'sinds de oprichting': `words.from_start`, `words.founding`),
    over all years or the last few ('(all years)', 'in the last five years (2022)': `words.all_years`,
    `words.last_years` with `words.number_words`). Such a title's year is where the running total starts
    or ends, not the figures' year (attack5 J-J, attack6 K-A); over year columns of their own the figures
    keep those years."""
    if not isinstance(text, str) or not text.strip():
        return None
    m = _since_pattern().search(_prepared(text))
    return m.group(0) if m else None

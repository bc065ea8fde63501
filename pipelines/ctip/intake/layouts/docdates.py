"""Dates of the document in a title, sheet or file name: when a report was prepared, updated,
extracted or sent ("Updated: March 2022", "Fecha de elaboración: 15 de marzo de 2022", "(extracted
10/01/2022)", "Statistics submitted to the CMC, 2022 round"), not the year its figures count.

The network collects the previous year's figures, so the date a report was written is nearly always
a year after its figures: read as their year, a 2021 count would be published as 2022 (attack4 I-M).
A date (a day or a month with a year) is the document's, and so is a year right after a word saying
so (`words.document_date`, "updated 2022") or right before one (`words.document_date_after`, "2022
round"); so is a year in a line of sending or replying (`words.document_sent`: "Submission to the CMC
Secretariat, 2023", "Response to questionnaire of 2023"), beside "TIP Report" (the US report's year) and
inside a reference of letters and numbers ("CN-2023-091"); only a bare year ("Victims identified 2021",
"for the year 2021", "año 2021") gives the figures' year. Left to `periods` (it decides whether they cover part of a year): ranges of months
("January to June 2021", "Jan-Dec 2021") and dates after an until-word ("as at 31 March 2022"),
unless another year of the same text is earlier (then the date is when the figures were extracted).
The last day of the year ("31 December 2021", "31/12/2021") closes the figures' year: not a date of
the document. The words are schemas/lang/<language>.yaml `words.document_date*` and `words.months`."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.intake.layouts.periods import period_spans, prepared
from ctip.schema import word_set

_YEAR = r"(?:19|20)\d\d(?!\d)"


def _words(key: str) -> list[str]:
    found = {prepared(w) for w in word_set(f"words.{key}") if prepared(w)}
    return sorted(found, key=lambda w: (-len(w), w))


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[\s\-]+") for w in words) or r"(?!x)x"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    part_year = set(_words("part_year"))
    # month names only: quarters ("Q4 2021", "T1") are periods, not dates
    months = [w for w in _words("months") + _words("year_start") + _words("year_end") if w.isalpha() and w not in part_year]
    month = rf"(?:{_alt(sorted(set(months), key=lambda w: (-len(w), w)))})\.?"
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|e)?\.?"
    left = r"(?<![a-z0-9])"
    date = re.compile(
        "|".join(
            (
                rf"(?<![\d/.\-])(?P<nd>[0-3]?\d)[/.\-](?P<nm>[01]?\d)[/.\-]{_YEAR}",  # 15/03/2022, 15.03.2022
                r"(?<![\d/.\-])(?:19|20)\d\d[/.\-][01]?\d[/.\-][0-3]?\d(?![\d/.\-])",  # 2022-03-15
                rf"{left}{day}\s*(?:de\s+|of\s+)?(?P<m>{month})\s*,?\s*(?:de\s+|del\s+)?{_YEAR}",  # 15 de marzo de 2022
                rf"{left}(?P<m2>{month})\s+[0-3]?\d(?:st|nd|rd|th)?\s*,?\s*{_YEAR}",  # March 15, 2022
                rf"{left}(?P<m3>{month})\s*,?\s*(?:de\s+|del\s+)?{_YEAR}",  # March 2022, marzo de 2022
            )
        )
    )
    gap = rf"[\s:,.\-()]*(?:(?:{_alt(_words('document_date_fillers'))})[\s:,.\-()]+){{0,2}}"
    before = re.compile(rf"{left}(?:{_alt(_words('document_date'))})(?![a-z0-9]){gap}(?=(?:19|20)\d\d(?!\d))")
    after = re.compile(rf"(?<!\d)(?:19|20)\d\d\s*(?:{_alt(_words('document_date_after'))})(?![a-z0-9])")
    # 'Submitted to CMC Secretariat in 2023', 'Sent to the Secretariat: 2023': a word of sending, then up to
    # four words that name no year of figures ('for', 'para'...), then the year (attack5 J-G)
    words = r"(?:[\s:,.\-()/]+[a-z][a-z.']*){0,4}?"
    sent = re.compile(rf"(?:^|(?<=[\-:;(,|]))\s*(?:{_alt(_words('document_sent'))})(?![a-z0-9])(?P<gap>{words})[\s:,.\-()/]+(?=(?:19|20)\d\d(?!\d))")
    return date, before, after, sent


def _year_end(m: re.Match) -> bool:
    """'31 December 2021', '31/12/2021': the end of the figures' year, not a date of the document."""
    end = {prepared(w) for w in word_set("words.year_end")}
    if m.group("nd") is not None:
        return int(m.group("nd")) == 31 and int(m.group("nm")) == 12
    return m.group("d") is not None and int(m.group("d")) == 31 and (m.group("m") or "").rstrip(".") in end


@lru_cache(maxsize=20_000)
def document_dates(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of `prepared(text)` that are dates of the document (see the module's docstring)."""
    s = prepared(text)
    if not re.search(r"(?:19|20)\d\d", s):
        return ()
    date, before, after, sent = _patterns()
    years = [int(y) for y in re.findall(rf"(?<!\d){_YEAR}", s)]
    kept = [(a, b) for a, b, y in period_spans(s) if y is None or not any(other < y for other in years)]

    def free(a: int, b: int) -> bool:
        return not any(a < kb and ka < b for ka, kb in kept)

    spans = [(m.start(), m.end()) for m in date.finditer(s) if free(m.start(), m.end()) and not _year_end(m)]
    # 'updated 2022': the word up to its year (the pattern looks ahead for the year)
    spans += [(m.start(), m.end() + 4) for m in before.finditer(s) if free(m.end(), m.end() + 4)]
    spans += [(m.start(), m.end()) for m in after.finditer(s) if free(m.start(), m.end())]
    figure_year = set(_words("figure_year_words"))
    spans += [
        (m.start(), m.end() + 4) for m in sent.finditer(s) if free(m.end(), m.end() + 4) and not set(re.findall(r"[a-z']+", m.group("gap"))) & figure_year
    ]
    # a letter's reference number: 'ref. 2023/045', 'Oficio No. 2023-0452' (a year, then digits that are no year)
    spans += [(m.start(), m.end()) for m in _REFERENCE.finditer(s) if free(m.start(), m.end())]
    # a reference of letters and numbers holding a year: 'Cabinet Note CN-2023-091', 'File No. MNS/2023/091' (K-L)
    spans += [(m.start(), m.end()) for m in _TOKEN.finditer(s) if _is_reference(m.group(0)) and free(m.start(), m.end())]
    # 'Annual Report 2023 (data for previous year)': the text's years are the report's, not the figures'
    if re.search(rf"(?<![a-z0-9])(?:{_alt(_words('previous_year'))})(?![a-z0-9])", s):
        spans += [(m.start(), m.end()) for m in re.finditer(rf"(?<!\d){_YEAR}", s)]
    return tuple(sorted(set(spans)))


_NO_YEAR = r"(?!(?:19|20)\d\d(?!\d))\d{3,}"
_REFERENCE = re.compile(rf"(?<![\d/.\-])(?:19|20)\d\d\s*[/\-]\s*{_NO_YEAR}(?![\d/.\-])|(?<![\d/.\-]){_NO_YEAR}\s*[/\-]\s*(?:19|20)\d\d(?![\d/.\-])")

# three or more parts joined by '-' or '/', without spaces
_TOKEN = re.compile(r"(?<![a-z0-9/\-])[a-z0-9]+(?:[/\-][a-z0-9]+){2,}(?![a-z0-9/\-])")


def _is_reference(token: str) -> bool:
    """Whether a token of parts joined by '-' or '/' is a reference number holding a year: a part with
    letters, a year and another part of figures ('cn-2023-091', 'mns/2023/091', 'cn-091-2023'); dates
    ('2022-03-15') and ranges ('2019-2020-2021') have no letters."""
    parts = re.split(r"[/\-]", token)
    years = [i for i, p in enumerate(parts) if re.fullmatch(r"(?:19|20)\d\d", p)]
    numbers = [i for i, p in enumerate(parts) if p.isdigit() and i not in years]
    return bool(years) and bool(numbers) and any(re.search(r"[a-z]", p) for p in parts)


def date_label(text: object) -> bool:
    """A cell naming the date of the document beside it ('Date:', 'Fecha:', 'Received', 'Sent'): the
    year or date in the next cell is the document's (attack5 J-G)."""
    if not isinstance(text, str) or len(text) > 40:
        return False
    s = prepared(text).strip(" :.-")
    return s in set(_words("document_date")) | set(_words("document_sent")) | set(_words("date_labels"))


def without_document_dates(text: str) -> str:
    """`text` prepared, its dates of the document (and the years in them) blanked out."""
    spans = document_dates(text)
    s = prepared(text)
    for a, b in reversed(spans):
        s = s[:a] + " " * (b - a) + s[b:]
    return s if spans else str(text)


def names_a_document_date(text: object) -> bool:
    """Whether a title, sheet or file name gives the date of the document ('Updated: March 2022')."""
    return isinstance(text, str) and bool(document_dates(text))

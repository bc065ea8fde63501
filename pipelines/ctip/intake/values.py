"""Reading a value cell: counts as numbers or text, thousands separators, statistical markers.

A count is a non-negative integer. `1,234`, `1.234` and `1 234` are all 1234 (a count has no
decimals, so a single separator followed by exactly three digits is a thousands separator).
Markers: not available (no observation), nil (0), suppressed small count (NULL, flag)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ctip.intake.formulas import FormulaWithoutValue
from ctip.intake.planned import not_recorded
from ctip.paths import SCHEMAS_DIR
from ctip.schema import load_schema, word_lists
from ctip.vocabulary.normalise import normalise, strip_accents
from ctip.yamlio import parse_yaml

SUPPRESSED = "suppressed"
# The English reason (feedback/problems.py groups by it; the sender's words are in schemas/lang).
FORMULA_REASON = "formula without a computed value — open and save the file in Excel or LibreOffice so its values are computed"

# Digits grouped by thousands with one separator (comma, dot, space, apostrophe), optionally with
# a decimal part of zeros written with the *other* separator ("1.234,00", "1,234.0").
_THOUSANDS = re.compile(r"^(\d{1,3})(?:([,. '’])\d{3})(?:\2\d{3})*(?:([.,])0+)?$")
_PLAIN = re.compile(r"^\d+$")
_DECIMAL_ZERO = re.compile(r"^(\d+)[.,]0+$")
_DECIMAL = re.compile(r"^\+?\d+[.,]\d+$")
_SHORT_DECIMAL = re.compile(r"^\d+([.,])\d{1,2}$")  # never a thousands group: a decimal point
_SUPPRESSED = re.compile(r"^(?P<op><|≤|&lt;)\s*(?P<n>\d+)$")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
# A footnote mark after a number: stars and daggers, superscript digits, a letter or a number in
# brackets ('7 (a)', '9 [1]'), or one letter for provisional / revised / estimated ('12p', '8 r').
_FOOTNOTE = re.compile(
    r"^(?P<num>.*?\d)\s*(?P<mark>[*†‡§#]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[\(\[]\s*(?:[a-zA-Z]{1,2}|\d{1,2}|[*†‡]+)\s*[\)\]]|\b[prePRE]\b\.?|(?<=\d)[prePRE]\.?)$"
)
# 'e' / 'E' after a figure is the statistical flag of an estimate (Eurostat, UN): no recorded count.
_ESTIMATE_MARK = re.compile(r"^[\(\[]?\s*[eE]\s*[\)\]]?\.?$")
# A small count written out: 'less than 5', 'menos de 5' (schemas/lang words.fewer_than), '1-4'.
_SMALL_RANGE = re.compile(r"^[0-4]\s*[-–]\s*[1-5]$")
MAX_WRITTEN_SMALL = 5  # 'less than 5' and below: the suppressed range (0-4); 'less than 10' is not

# A number followed by a bracketed word that leaves it the same figure: '12 (provisional)',
# '14 (prov.)', '9 [voorlopig]' (the words are schemas/lang/<language>.yaml words.neutral_qualifiers).
_QUALIFIED = re.compile(r"^(?P<num>\d[\d.,' ’]*?)\s*(?P<mark>[\(\[]\s*(?P<word>[^\d\(\)\[\]]{2,40}?)\s*[\)\]])$")


@lru_cache(maxsize=1)
def _neutral_qualifiers() -> frozenset[str]:
    return frozenset(normalise(w).strip(" .") for ws in word_lists("words.neutral_qualifiers").values() for w in ws)


# A year's quarter, half or month written joined to it ('2022-I', '2022-IV', '2022-Q3', 'T1-2022',
# '2022/S2', '2022-XII'): a period column's header, neither a year nor a document number (attack5 J-N.1).
_PERIOD_PART = r"(?:[QqTtKkCc][1-4]|[SsHhPp][12]|[Mm](?:0?[1-9]|1[0-2])|X?I{1,3}|IV|VI{0,3}|IX|X|XI|XII)"
YEAR_PERIOD = re.compile(rf"^\s*(?:(?:19|20)\d\d\s*[-/.]?\s*{_PERIOD_PART}|{_PERIOD_PART}\s*[-/.]?\s*(?:19|20)\d\d)\s*$")


@dataclass(frozen=True)
class ParsedValue:
    """kind: count | suppressed | nil | not_available | empty | error"""

    kind: str
    value: int | None = None
    reason: str | None = None
    footnote: str | None = None  # a footnote mark written after the number ('12*', '7 (a)', '15¹'), kept for the lineage

    @property
    def is_observation(self) -> bool:
        return self.kind in ("count", "suppressed", "nil")

    @property
    def flag(self) -> str | None:
        return SUPPRESSED if self.kind == "suppressed" else None


@lru_cache(maxsize=1)
def _markers() -> dict[str, str]:
    markers = load_schema().markers
    table = {}
    for kind, words in markers.items():
        for w in words:
            table[w.strip().lower()] = kind
    return table


class DecimalText(str):
    """A cell's text in a sheet that writes its numbers with decimals ('5.00', '6.0', '12,0': one or
    two digits after the separator, never a thousands group; attack3 H-T). There the separator is a
    decimal point: '12.000' is 12, as Excel's 'Save as CSV' writes a count formatted with three
    decimals, and '1.234' is not a whole number, never 1234. The text is the cell's, unchanged."""

    separator: str = "."


class AmbiguousThousands(str):
    """A cell's text like '12.000' in a sheet where no other grouped number confirms its separator as a
    thousands separator ('12.000' alone, or beside '9.000', '14.000'): a column formatted with three
    decimals saved as text, or thousands; nothing in the sheet tells them apart (attack4 I-O, attack5
    J-A), so the figure is not stored."""


_ZERO_GROUP = re.compile(r"^\d{1,3}[.,]000$")


def unconfirmed_zero_groups(texts) -> frozenset[str]:
    """The separators of a sheet's numbers written as one group of three zeros after one to three
    digits ('12.000', '9,000') that nothing on the sheet confirms as a thousands separator: a number
    grouped otherwise with the same separator ('1,250', '1.234.000') is the sheet's own evidence;
    without it '12.000' may be 12 written with three decimals or 12000, alone on its sheet as much as
    beside others (attack4 I-O, attack5 J-A). The language of the file is no evidence: the text of a
    number is written by the locale of the computer that saved it, not by the language of the labels."""
    zeros: set[str] = set()
    grouped: set[str] = set()
    for t in texts:
        s = t.translate(_SPACES).strip()
        if _ZERO_GROUP.match(s):
            zeros.add(s[-4])
        elif m := _THOUSANDS.match(s):
            grouped.add(m.group(2))
    return frozenset(zeros - grouped)


def as_ambiguous(raw: object, separators: frozenset[str] = frozenset(".,")) -> object:
    """`raw` marked as ambiguous when it is a number like '12.000' with one of `separators` (see
    AmbiguousThousands)."""
    if raw.__class__ is str and _ZERO_GROUP.match(t := raw.translate(_SPACES).strip()) and t[-4] in separators:
        return AmbiguousThousands(raw)
    return raw


def decimal_separator(texts) -> str | None:
    """The decimal separator a sheet writes its numbers with, from its text cells: the one separator
    seen with one or two digits after it ('5.00', '2,5'), or None (neither, or both)."""
    seen = set()
    for t in texts:
        m = _SHORT_DECIMAL.match(t.translate(_SPACES).strip())
        if m:
            seen.add(m.group(1))
            if len(seen) > 1:
                return None
    return next(iter(seen), None)


def as_decimal_text(raw: object, separator: str) -> object:
    """`raw` marked as written with `separator` as its decimal point, when it is a number with it."""
    if raw.__class__ is str and separator in raw and _DECIMAL.match(raw.translate(_SPACES).strip()):
        text = DecimalText(raw)
        text.separator = separator
        return text
    return raw


def _parse_decimal_text(raw: DecimalText) -> ParsedValue:
    t = raw.translate(_SPACES).strip().lstrip("+")
    whole, _, decimals = t.partition(raw.separator)
    if whole.isdigit() and decimals.isdigit():
        if set(decimals) == {"0"}:
            return _checked(int(whole), raw)
        return ParsedValue(
            "error", reason=f"'{t}' is not a whole number (this sheet writes decimals with '{raw.separator}'); counts of persons or cases are integers"
        )
    return _parse_text(str(raw))


def parse_count(raw: object) -> ParsedValue:
    """What a cell holds as a count: a whole number >= 0 (thousands separators and a footnote mark
    allowed), nil (0), suppressed (`<5`, value None), not available, empty, or an error with a reason
    for the sender. Never raises."""
    if raw is None:
        return ParsedValue("empty")
    if isinstance(raw, bool):
        return ParsedValue("error", reason=f"'{raw}' is a yes/no value, not a count")
    if isinstance(raw, int):
        return _checked(raw, raw)
    if isinstance(raw, float):
        if math.isnan(raw):
            return ParsedValue("empty")
        if not raw.is_integer():
            return ParsedValue("error", reason=f"{raw:g} is not a whole number; counts of persons or cases are integers")
        return _checked(int(raw), raw)
    if isinstance(raw, FormulaWithoutValue):
        return ParsedValue("error", reason=FORMULA_REASON)
    if raw.__class__ is str:
        return _parse_text_cached(raw) if len(raw) <= 200 else _parse_text(raw)
    if isinstance(raw, DecimalText):
        return _parse_decimal_text(raw)
    if isinstance(raw, AmbiguousThousands):
        t = raw.translate(_SPACES).strip()
        reason = f"'{t}' may be {t[:-4]} written with three decimals or {t[:-4]}000: no other number of this sheet shows "
        return ParsedValue("error", reason=reason + f"whether '{t[-4]}' marks thousands; not stored (write counts without separators)")
    return _parse_text(str(raw))


@lru_cache(maxsize=65_536)
def _parse_text_cached(raw: str) -> ParsedValue:
    return _parse_text(raw)  # the same texts come back cell after cell (and a ParsedValue is immutable)


def _parse_text(raw: str) -> ParsedValue:
    text = raw.translate(_SPACES).strip()
    if not text:
        return ParsedValue("empty")
    if len(text) > 64:
        return ParsedValue("error", reason="text of more than 64 characters where a count was expected")
    kind = _markers().get(text.lower()) or _markers().get(" ".join(text.lower().split()))
    if kind == "not_available":
        return ParsedValue("not_available")
    if kind == "nil":
        return ParsedValue("nil", 0)
    if kind == "suppressed":
        return ParsedValue("suppressed")
    if m := _SUPPRESSED.match(text):
        return _bound(text, m)
    t = text.lstrip("+")
    if re.match(r"^[-−]\s*\d", t):
        return ParsedValue("error", reason=f"'{text}' is negative; a count cannot be below zero")
    if _PLAIN.match(t):
        return _checked(int(t), text)
    m = _THOUSANDS.match(t)
    if m and (m.group(3) is None or m.group(3) != m.group(2)):
        # "1.234" and "1,234" are thousands: a count has no decimals, and three digits after
        # a single separator are never a decimal part of zeros worth writing.
        whole = t if m.group(3) is None else t[: t.rindex(m.group(3))]
        return _checked(int(re.sub(r"\D", "", whole)), text)
    m = _DECIMAL_ZERO.match(t)
    if m:
        return _checked(int(m.group(1)), text)
    if _DECIMAL.match(t):
        return ParsedValue("error", reason=f"'{text}' is not a whole number; counts of persons or cases are integers")
    if _SMALL_RANGE.match(t) or _written_small(t):
        return ParsedValue("suppressed")
    m = _FOOTNOTE.match(t)
    if m and not _FOOTNOTE.match(m.group("num")):
        inner = parse_count(m.group("num"))
        if inner.kind in ("count", "nil"):
            if _ESTIMATE_MARK.match(m.group("mark").strip()):
                return ParsedValue("error", reason=_estimate_reason(text, m.group("mark").strip()))
            return ParsedValue(inner.kind, inner.value, footnote=m.group("mark").strip())
    m = _QUALIFIED.match(t)
    if m and normalise(m.group("word")).strip(" .") in _neutral_qualifiers():
        inner = parse_count(m.group("num").strip())
        if inner.kind in ("count", "nil"):
            return ParsedValue(inner.kind, inner.value, footnote=m.group("mark").strip())
    if m and (words := not_recorded(m.group("word")) or _estimate_word(m.group("word"))) and parse_count(m.group("num").strip()).kind in ("count", "nil"):
        return ParsedValue("error", reason=_estimate_reason(text, words))
    return ParsedValue("error", reason=text_count_reason(text) or f"'{text}' is not a count")


@lru_cache(maxsize=1)
def _text_counts() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(approximation, bound, number with its noun) patterns on a cell's text without accents, lower case."""

    def alt(key: str) -> str:
        words = sorted({strip_accents(w).lower() for ws in word_lists(f"words.{key}").values() for w in ws}, key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or "$^"

    num = r"\d{1,3}(?:[.,]\d{3})+|\d+"
    approx = re.compile(rf"^(?:(?:{alt('approximate_words')})\.?|~|±|\+/-)\s*(?:{num})$")
    bound = re.compile(rf"^(?:(?:{alt('bound_words')})\.?|>=?|≥|=>)\s*(?:{num})$")
    noun = re.compile(rf"^(?:{num})\s+(?:{alt('count_nouns')})\.?$")
    return approx, bound, noun


@lru_cache(maxsize=65_536)
def text_count_reason(text: str) -> str | None:
    """Why a value cell's text that holds a number with words is not a count: an approximation
    ('approx. 40', '~40'), a bound ('>10', 'at least 12') or a number with its noun ('12 victims');
    None for any other text. Such a cell is a figure of the table, set aside on its own (attack6 K-S).
    '<5' and 'less than 5' are suppressed small counts, decided before this."""
    t = " ".join(strip_accents(text.translate(_SPACES)).lower().split())
    if len(t) > 40 or not any(ch.isdigit() for ch in t):
        return None
    approx, bound, noun = _text_counts()
    if approx.match(t):
        return f"'{text}' is not a count: an approximation; write the count itself, or leave the cell empty and explain in a note"
    if bound.match(t):
        return f"'{text}' is a bound, not a count; write the count itself, or leave the cell empty and explain in a note"
    if noun.match(t):
        return f"'{text}' is not a count as written: write the number alone in the cell (the row or column label says what it counts)"
    return None


def is_text_count(raw: object) -> bool:
    """A value cell's text holding a number with words ('approx. 40', '>10', '12 victims'): what a data
    cell holds, never a label, though not a count (text_count_reason)."""
    return raw.__class__ is str and len(raw) <= 200 and parse_count(raw).kind == "error" and text_count_reason(raw) is not None


def _estimate_word(word: str) -> str | None:
    w = normalise(word).strip(" .")
    return w if w in _estimate_marks() else None


@lru_cache(maxsize=1)
def _estimate_marks() -> frozenset[str]:
    return frozenset(normalise(w).strip(" .") for ws in word_lists("words.estimate_marks").values() for w in ws)


def _estimate_reason(text: str, mark: str) -> str:
    # The English reason feedback.problems groups as not_recorded (the sender's words are in schemas/lang).
    return f"'{text}' is marked as a target, projection or estimate ('{mark}'), not a count recorded by the authorities; set aside"


@lru_cache(maxsize=1)
def _fewer_than() -> re.Pattern:
    words = sorted({normalise(w) for ws in word_lists("words.fewer_than").values() for w in ws if normalise(w)}, key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\s*(?P<n>\d{1,2})$") if words else re.compile(r"$^")


def _bound(text: str, m: re.Match) -> ParsedValue:
    """'<5', '< 3', '≤4': the network's small count (a count from 0 to 4, stored without its
    figure). A wider bound ('< 10', '≤ 9') allows counts the small-count range does not: taken
    for '<5' it made every range and estimate built on it exclude the true value (attack6 K-R)."""
    n = int(m.group("n"))
    highest = n if m.group("op") == "≤" else n - 1
    if 0 <= highest < MAX_WRITTEN_SMALL:
        return ParsedValue("suppressed")
    return ParsedValue(
        "error",
        reason=f"'{text}' is a bound, not a count: only '<5' (a count from 0 to 4) may stand for a figure not given; write the count",
    )


def _written_small(text: str) -> bool:
    """'less than 5', 'menos de 5', 'moins de 3', 'minder dan 5': a suppressed small count."""
    m = _fewer_than().match(normalise(text))
    return bool(m) and 1 <= int(m.group("n")) <= MAX_WRITTEN_SMALL


def is_decimal(raw: object) -> bool:
    """A number with a decimal part written as text ("1.5", "2,50"): not a count, but what a data
    cell holds, never a label, as the same number typed into a spreadsheet (a float) is."""
    return raw.__class__ is str and _DECIMAL.match(raw.translate(_SPACES).strip()) is not None


@lru_cache(maxsize=1)
def max_count() -> int:
    """The largest count a cell may hold (schemas/dimensions.yaml `counts.max`)."""
    return int(parse_yaml((SCHEMAS_DIR / "dimensions.yaml").read_text(encoding="utf-8"))["counts"]["max"])


def _checked(value: int, raw: object) -> ParsedValue:
    if value < 0:
        return ParsedValue("error", reason=f"'{raw}' is negative; a count cannot be below zero")
    if value > max_count():
        return ParsedValue("error", reason=f"'{raw}' is not a count: more than {max_count():,} (an identifier or a phone number in a count cell?)")
    return ParsedValue("count", value)

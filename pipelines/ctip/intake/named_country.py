"""A file that says it is another member country's: "Jamaica - Trafficking in persons statistics
2021" as its title, or a row "Country | Jamaica", in the Dominican Republic's folder.

The folder decides whose figures a file holds. A careless sender may drop a neighbour's file, or
fill a copy of the wrong form; its figures stored under the folder's country would be published as
that country's. So the titles (the rows above each table's figures with one or two cells), the
"Country: <name>" rows and the sheet names are read for member countries' names (pycountry's names
in four languages and schemas/country_aliases.yaml, as for folder names). Mentions that are not
the file's country are not counted: a name inside a sentence ("citizens of Jamaica", "repatriated
to Jamaica"), a title about nationalities, an address without a word about trafficking
("Ministry of National Security, Kingston, Jamaica"), and a table's rows or columns of countries
(figures, not titles: a regional file's country column has its own path)."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.intake.discover import _name_index, country_from_folder, folder_key
from ctip.intake.layouts.headers import header_role, header_terms
from ctip.region import member, member_codes
from ctip.schema import word_set
from ctip.vocabulary.labels import LabelIndex
from ctip.vocabulary.normalise import normalise

_SEGMENTS = re.compile(r"\s+[-–—]\s+|[:;|,()\[\]]|\s+/\s+|\s[-–—]|[-–—]\s")
TITLE_CELLS = 2  # a title or "Country | Jamaica" row has one or two cells


@lru_cache(maxsize=1)
def _citizenship_words() -> frozenset[str]:
    """Words of the citizenship header ('nationality', 'nacionalidad', 'nationaliteit'): a title
    naming a country beside one of them is about citizens, not about whose file it is."""
    return frozenset(w for term, role in header_terms().items() if role == "citizenship" for w in term.split() if len(w) > 3)


def member_named(text: object) -> str | None:
    """The member country `text` is the name of (the whole text), or None. Codes ('JAM') are not
    names: only a 'Country' row may give one."""
    if not isinstance(text, str) or not text.strip() or re.fullmatch(r"\s*[A-Z]{3}\s*", text):
        return None
    iso3 = country_from_folder(text.strip())
    return iso3 if iso3 in member_codes() else None


def _row_country(row: list[object]) -> str | None:
    """'Country | Jamaica' (two cells) or 'Country: Jamaica' (one cell): the member named."""
    cells = [v for v in row if isinstance(v, str)]
    if len(cells) == 2 and header_role(cells[0].strip().rstrip(":").strip()) == "country":
        iso3 = country_from_folder(cells[1].strip())
        return iso3 if iso3 in member_codes() else None
    if len(cells) == 1:
        parts = [p.strip() for p in re.split(r"[:=]", cells[0], maxsplit=1)]
        if len(parts) == 2 and header_role(parts[0]) == "country":
            iso3 = country_from_folder(parts[1])
            return iso3 if iso3 in member_codes() else None
    return None


def _title_countries(text: str, labels: LabelIndex) -> set[str]:
    """Members a title names as a part of its own ('Jamaica - Trafficking in persons statistics
    2021', 'Victims identified: Jamaica'), when the title is about trafficking or an indicator."""
    segments = [s.strip() for s in _SEGMENTS.split(text) if s and s.strip()]
    if len(segments) < 2:
        return set()
    if set(normalise(text).split()) & _citizenship_words():
        return set()
    found = {iso3 for s in segments if (iso3 := member_named(s))}
    if not found:
        return set()
    tip, _ = labels.subject(text)
    return found if tip or labels.indicators_mentioned(text) else set()


# Words before a country's name that make it a place figures come from or go to, or whose citizens
# they are ("repatriated to Jamaica", "victims from Guyana", "citizens of Haiti", "with Jamaica"),
# not the country whose file it is.
_AWAY = word_set("words.away_words")
_PEOPLE = word_set("words.citizen_words")
# Bodies a title names with their country ("Ministry of National Security, Jamaica", "Jamaica
# Constabulary Force"): the file is that country's.
_BODIES = word_set("words.public_bodies")
MIN_ADDRESS_SEGMENTS = 3  # "Ministry of National Security, Kingston, Jamaica": an address


@lru_cache(maxsize=1)
def _member_names() -> re.Pattern:
    """Every member's names in four languages and short forms (folder keys, codes left out: 'sur',
    'dom' are words), longest first so that 'Dominican Republic' is not read as 'Dominica'."""
    members = set(member_codes())
    names = sorted({k for k, v in _name_index().items() if v in members and len(k) > 3}, key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, names)) + r")(?![a-z0-9])")


def members_in_words(text: object) -> list[tuple[str, list[str]]]:
    """(ISO3, the words before it) for every member country named among the words of `text`."""
    key = folder_key(text)
    out = []
    for m in _member_names().finditer(key):
        iso3 = country_from_folder(m.group(0))
        if iso3:
            out.append((iso3, key[: m.start()].split()))
    return out


def _own_mentions(text: str, labels: LabelIndex) -> set[str]:
    """Members a title names among its words as the file's own ('Jamaica Constabulary Force - TIP
    statistics', 'Ministry of National Security, Jamaica'): the title is about trafficking, an
    indicator, or names a public body; not a place figures come from or go to, not citizens, not an
    address (three or more comma-separated parts without a word about trafficking)."""
    found = members_in_words(text)
    if not found or set(normalise(text).split()) & _citizenship_words():
        return set()
    tip, _ = labels.subject(text)
    about = tip or labels.indicators_mentioned(text)
    if not about and (not set(folder_key(text).split()) & _BODIES or len(re.split(r"[,;]", text)) >= MIN_ADDRESS_SEGMENTS):
        return set()
    return _not_away(found)


def _not_away(found: list[tuple[str, list[str]]]) -> set[str]:
    """The members named that are not a place figures come from or go to, nor citizens'."""
    return {iso3 for iso3, before in found if not (before and (before[-1] in _AWAY or set(before[-3:]) & _PEOPLE))}


def file_name_countries(file_name: str) -> set[str]:
    """Members a file's name names ('JAM_tip_statistics_2022', 'Jamaica_TIP_2022'): a name among its
    words, or a member's ISO3 code as a whole token written in capitals or first ('jam_2022')."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name.replace("\\", "/").rsplit("/", 1)[-1])
    words = stem.replace("_", " ")
    if set(normalise(words).split()) & _citizenship_words():
        return set()
    named = _not_away(members_in_words(words))
    tokens = [t for t in re.split(r"[^A-Za-z0-9]+", stem) if t]
    members = set(member_codes())
    for i, t in enumerate(tokens):
        if len(t) == 3 and t.upper() in members and (t.isupper() or i == 0):
            named.add(t.upper())
    return named


def countries_named(title_rows: list[list[object]], sheet_names: list[str], labels: LabelIndex, file_name: str = "") -> set[str]:
    """The member countries a file names as its own, by its title rows, sheet names and file name."""
    named: set[str] = file_name_countries(file_name) if file_name else set()
    for row in title_rows:
        if len(row) > TITLE_CELLS:
            continue
        if (iso3 := _row_country(row)) is not None:
            named.add(iso3)
            continue
        for v in row:
            if isinstance(v, str):
                named |= _title_countries(v, labels) | _own_mentions(v, labels)
    named |= {iso3 for name in sheet_names if (iso3 := member_named(name))}
    return named


def other_country_reason(folder_iso3: str, named: set[str]) -> str | None:
    """Why the file's figures are not the folder's country's, or None when they may be: the file
    names another member and never the folder's own."""
    others = sorted(named - {folder_iso3})
    if not others or folder_iso3 in named:
        return None

    def name(iso3: str) -> str:
        m = member(iso3)
        return f"{m.names.get('en', iso3) if m else iso3} ({iso3})"

    return (
        f"the file names another member country, {', '.join(name(c) for c in others)}, but is in the folder of "
        f"{name(folder_iso3)}: its figures are not stored as {folder_iso3}'s (put the file in its country's folder, "
        "or correct the country written in it)"
    )

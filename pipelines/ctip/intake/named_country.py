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

from ctip.intake.discover import country_from_folder
from ctip.intake.layouts.headers import header_role, header_terms
from ctip.region import member, member_codes
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


def countries_named(title_rows: list[list[object]], sheet_names: list[str], labels: LabelIndex) -> set[str]:
    """The member countries a file names as its own, by its title rows and sheet names."""
    named: set[str] = set()
    for row in title_rows:
        if len(row) > TITLE_CELLS:
            continue
        if (iso3 := _row_country(row)) is not None:
            named.add(iso3)
            continue
        for v in row:
            if isinstance(v, str):
                named |= _title_countries(v, labels)
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

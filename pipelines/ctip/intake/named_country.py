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
(figures, not titles: a regional file's country column has its own path).

Beyond the titles (attack6 K-B, K-C, K-G), every text cell outside the tables' figures is read: notes
and "Prepared by" / "Source:" / "Submitted by the Government of Saint Lucia" lines under a table,
cover sheets ("Country | Guyana", "Reporting State: Belize"), sheet names among their words ("Guyana
2022"), and members' bodies by name or abbreviation (schemas/member_bodies.yaml: "TTPS", "JCF"). A
country the file's figures come from or go to (a nationality table's partner) counts there only by a
"Country" row or a body; a body named as a partner ("with the TTPS") does not count. A file that
names its folder's member anywhere among those cells is never set aside."""

from __future__ import annotations

import re
from functools import lru_cache

from ctip.intake.discover import _name_index, country_from_folder, folder_key
from ctip.intake.layouts.headers import header_role, header_terms
from ctip.intake.layouts.regions import has_figures
from ctip.paths import SCHEMAS_DIR
from ctip.region import member, member_codes
from ctip.schema import word_set
from ctip.vocabulary.labels import LabelIndex
from ctip.vocabulary.normalise import normalise
from ctip.yamlio import parse_yaml

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


_COUNTRY_ROW = word_set("words.country_row_words")


def _country_label(text: str) -> bool:
    """'Country', 'País', 'Reporting State', 'Member State': a label whose value is whose file it is."""
    text = text.strip().rstrip(":").strip()
    return header_role(text) == "country" or normalise(text) in _COUNTRY_ROW


def _row_country(row: list[object]) -> str | None:
    """'Country | Jamaica' (two cells) or 'Country: Jamaica', 'Reporting State: Belize' (one cell):
    the member named."""
    cells = [v for v in row if isinstance(v, str)]
    if len(cells) == 2 and _country_label(cells[0]):
        iso3 = country_from_folder(cells[1].strip())
        return iso3 if iso3 in member_codes() else None
    if len(cells) == 1:
        parts = [p.strip() for p in re.split(r"[:=]", cells[0], maxsplit=1)]
        if len(parts) == 2 and _country_label(parts[0]):
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
    """Every country's names in four languages and short forms (folder keys, codes left out: 'sur',
    'dom' are words), longest first so that 'Dominican Republic' is not read as 'Dominica'. Other
    countries are matched too: 'from Venezuela and Suriname' lists Suriname as a place."""
    names = sorted({k for k in _name_index() if len(k) > 3}, key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, names)) + r")(?![a-z0-9])")


def members_in_words(text: object) -> list[tuple[str, list[str]]]:
    """(ISO3, the words before it) for every member country named among the words of `text`."""
    members = set(member_codes())
    return [(iso3, before) for iso3, before, _ in _member_matches(text) if iso3 in members]


def _member_matches(text: object) -> list[tuple[str, list[str], int]]:
    """(ISO3, the words before it, the number of words of its name) for every country named (members
    and others: `_not_away` keeps the members)."""
    key = folder_key(text)
    out = []
    for m in _member_names().finditer(key):
        iso3 = country_from_folder(m.group(0))
        if iso3:
            out.append((iso3, key[: m.start()].split(), len(m.group(0).split())))
    return out


def _own_mentions(text: str, labels: LabelIndex) -> set[str]:
    """Members a title names among its words as the file's own ('Jamaica Constabulary Force - TIP
    statistics', 'Ministry of National Security, Jamaica'): the title is about trafficking, an
    indicator, or names a public body; not a place figures come from or go to, not citizens, not an
    address (three or more comma-separated parts without a word about trafficking)."""
    found = _member_matches(text)
    if not found or set(normalise(text).split()) & _citizenship_words():
        return set()
    # '<Member> - statistics 2022', 'Surinam: estadísticas': a title led by a country's name alone,
    # then a dash or a colon, is about that country (attack6 K-T)
    head = re.split(r"\s[-–—|]\s|:\s", text, maxsplit=1)[0]
    if head != text:
        led = _member_matches(head)
        if len(led) == 1 and not led[0][1] and len(folder_key(head).split()) == led[0][2]:
            return _not_away(led)
    tip, _ = labels.subject(text)
    about = tip or labels.indicators_mentioned(text)
    if not about and (not set(folder_key(text).split()) & _BODIES or len(re.split(r"[,;]", text)) >= MIN_ADDRESS_SEGMENTS):
        return set()
    return _not_away(found)


_ARTICLES = word_set("words.articles")
_CONJUNCTIONS = word_set("words.conjunctions")


def _is_away(before: list[str]) -> bool:
    """Whether the words before a name make it a place figures come from or go to ('to Jamaica',
    'with the TTPS'), or its citizens ('nationals of Haiti')."""
    words = list(before)
    while words and words[-1] in _ARTICLES:
        words.pop()
    return bool(words and (words[-1] in _AWAY or set(before[-3:]) & _PEOPLE))


def _not_away(found: list[tuple[str, list[str], int]]) -> set[str]:
    """The members named that are not a place figures come from or go to, nor citizens'. A name
    listed after such a one ('victims from Venezuela and Suriname', 'to Haiti, Cuba') is one too."""
    members = set(member_codes())
    out: set[str] = set()
    previous: tuple[int, bool] | None = None  # (words up to the end of the previous name, away)
    for iso3, before, n_words in found:
        away = _is_away(before)
        if not away and previous is not None and previous[1]:
            between = before[previous[0] :]
            away = all(w in _CONJUNCTIONS or w in _ARTICLES for w in between)
        if not away and iso3 in members:
            out.add(iso3)
        previous = (len(before) + n_words, away)
    return out


def file_name_countries(file_name: str) -> set[str]:
    """Members a file's name names ('JAM_tip_statistics_2022', 'Jamaica_TIP_2022'): a name among its
    words, or a member's ISO3 code as a whole token written in capitals or first ('jam_2022')."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name.replace("\\", "/").rsplit("/", 1)[-1])
    words = stem.replace("_", " ")
    if set(normalise(words).split()) & _citizenship_words():
        return set()
    named = _not_away(_member_matches(words))
    tokens = [t for t in re.split(r"[^A-Za-z0-9]+", stem) if t]
    members = set(member_codes())
    for i, t in enumerate(tokens):
        if len(t) == 3 and t.upper() in members and (t.isupper() or i == 0):
            named.add(t.upper())
    return named


MEMBER_BODIES_FILE = "member_bodies.yaml"


@lru_cache(maxsize=1)
def _member_bodies() -> tuple[dict[str, frozenset[str]], re.Pattern | None, dict[str, frozenset[str]], re.Pattern | None]:
    """schemas/member_bodies.yaml: (full names' folder keys -> members, their pattern, abbreviations
    -> members, their pattern). An abbreviation two members share names both."""
    raw = parse_yaml((SCHEMAS_DIR / MEMBER_BODIES_FILE).read_text(encoding="utf-8")) or {}
    names: dict[str, set[str]] = {}
    abbreviations: dict[str, set[str]] = {}
    for iso3, bodies in raw.items():
        for body in bodies or ():
            body = str(body).strip()
            if re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}", body):  # 'T&T' too
                abbreviations.setdefault(body, set()).add(str(iso3).upper())
            elif body:
                names.setdefault(folder_key(body), set()).add(str(iso3).upper())

    def pattern(keys: list[str], flags: str) -> re.Pattern | None:
        keys = sorted(keys, key=len, reverse=True)
        return re.compile(flags + r"(?:" + "|".join(map(re.escape, keys)) + r")(?![A-Za-z0-9])") if keys else None

    return (
        {k: frozenset(v) for k, v in names.items()},
        pattern(list(names), r"(?<![a-z0-9])"),
        {k: frozenset(v) for k, v in abbreviations.items()},
        pattern(list(abbreviations), r"(?<![A-Za-z0-9])"),
    )


def bodies_named(text: object) -> list[tuple[frozenset[str], list[str]]]:
    """(members, the words before it) for every member's public body `text` names by its name
    ('Royal St. Christopher and Nevis Police Force') or abbreviation in capitals ('JCF', 'TTPS')."""
    if not isinstance(text, str):
        return []
    names, name_pattern, abbreviations, abbreviation_pattern = _member_bodies()
    out: list[tuple[frozenset[str], list[str]]] = []
    if name_pattern is not None:
        key = folder_key(text)
        out += [(names[m.group(0)], key[: m.start()].split()) for m in name_pattern.finditer(key)]
    if abbreviation_pattern is not None:
        out += [(abbreviations[m.group(0)], folder_key(text[: m.start()]).split()) for m in abbreviation_pattern.finditer(text)]
    return out


def _body_countries(text: object) -> set[str]:
    """Members whose body `text` names, not as a partner ('in cooperation with the JCF')."""
    return {iso3 for codes, before in bodies_named(text) if not _is_away(before) for iso3 in codes}


def text_rows(sheet: list[list[object]]) -> list[tuple[bool, list[object]]]:
    """(above the sheet's first figures, the row's filled cells) for every row of one or two filled
    cells with text and no figures: titles, notes and source lines under a table, a cover sheet's
    rows. Rows with figures and header rows of three or more cells are the tables', not the file's
    words."""
    out: list[tuple[bool, list[object]]] = []
    above = True
    for row in sheet:
        if not row:
            continue
        cells = [v for v in row if v is not None and not (v.__class__ is str and not v.strip())]
        if not cells:
            continue
        if len(cells) > TITLE_CELLS or not any(v.__class__ is str for v in cells):
            # a table's row, or numbers only (a column filled down): no words of the file's own; its
            # figures matter only while the first ones are not found (measured: 0.5 ms a file when
            # every wide row was checked for figures)
            if above and has_figures(row):
                above = False
            continue
        if has_figures(row):
            above = False
        else:
            out.append((above, cells))
    return out


def countries_named(
    title_rows: list[list[object]],
    sheet_names: list[str],
    labels: LabelIndex,
    file_name: str = "",
    texts: list[tuple[bool, list[object]]] | None = None,
    partners: set[str] | None = None,
) -> set[str]:
    """The member countries a file names as its own, by its title rows, sheet names and file name,
    and, given its sheets' `text_rows`, by every text cell outside the tables' figures: titles, notes and
    'Prepared by' / 'Source:' lines under a table, cover sheets ('Country | Guyana', 'Reporting State:
    Belize', 'Submitted by the Government of Saint Lucia'), members' bodies ('TTPS', 'JCF'). The
    members the file's figures come from or go to (`partners`: a nationality table's rows) count
    there only by a 'Country' row or a body."""
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
    for name in sheet_names:
        if not set(normalise(name).split()) & _citizenship_words():
            named |= _not_away(_member_matches(name))
    partners = partners or set()
    for above, row in texts or []:
        if (iso3 := _row_country(row)) is not None:
            named.add(iso3)
            continue
        for v in row:
            if not isinstance(v, str):
                continue
            named |= _body_countries(v)
            found = _title_countries(v, labels) | _own_mentions(v, labels)
            if above and (iso3 := member_named(v)):
                found.add(iso3)  # 'Commonwealth of Dominica' as a title, a cover sheet's line
            named |= found - partners
    return named


def own_named(folder_iso3: str, title_rows: list[list[object]], texts: list[tuple[bool, list[object]]], sheet_names: list[str], file_name: str) -> bool:
    """Whether the file names its folder's member anywhere outside its tables' figures, in any words
    ('Trinidad and Tobago and Jamaica joint operation', 'TTPS'): then it is not another's file."""
    cells = [v for row in title_rows for v in row] + [v for _, row in texts for v in row]
    if file_name and folder_iso3 in file_name_countries(file_name):
        return True
    for v in [*cells, *sheet_names]:
        if not isinstance(v, str):
            continue
        if folder_iso3 in {iso3 for iso3, _ in members_in_words(v)} or any(folder_iso3 in codes for codes, _ in bodies_named(v)):
            return True
    return False


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

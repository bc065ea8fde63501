"""The region: CMC members from `schemas/region.csv`, names in four languages from pycountry.

The member list is configuration. Names in Spanish, French and Dutch come from pycountry's
ISO 3166 translations (iso3166-1 gettext domain), never typed by hand."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry

from ctip.paths import SCHEMAS_DIR
from ctip.schema import LANGUAGES


@dataclass(frozen=True)
class Member:
    iso3: str
    m49: int
    names: dict[str, str]
    founding_member: bool
    language: str = "en"  # the language of the member's submissions and templates


@lru_cache(maxsize=None)  # gettext.translation searches the locale folders on every call
def _translator(lang: str):
    if lang == "en":
        return lambda s: s
    t = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
    return t.gettext


def country_names(iso3: str) -> dict[str, str]:
    """Official and common names of a country in each language (first is the display name)."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return {}
    out = {}
    for lang in LANGUAGES:
        tr = _translator(lang)
        out[lang] = tr(country.name)
    return out


def country_aliases(iso3: str) -> set[str]:
    """Every name by which a country may be written: name, official and common names, in each language."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return set()
    base = {country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)}
    base.discard(None)
    aliases = set(base)
    for lang in LANGUAGES:
        tr = _translator(lang)
        aliases.update(tr(b) for b in base)
    return aliases


@lru_cache(maxsize=4)
def load_members(path: Path | None = None) -> tuple[Member, ...]:
    path = Path(path or SCHEMAS_DIR / "region.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    members = []
    for row in table.itertuples(index=False):
        names = country_names(row.iso3) or {lang: row.name_en for lang in LANGUAGES}
        names["en"] = row.name_en  # the CMC's own English name wins for display
        language = getattr(row, "language", "") or "en"
        members.append(Member(row.iso3, int(row.m49), names, row.founding_member == "yes", language))
    return tuple(members)


def member(iso3: str) -> Member | None:
    return next((m for m in load_members() if m.iso3 == iso3), None)


def member_codes() -> tuple[str, ...]:
    return tuple(m.iso3 for m in load_members())


def dim_country() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "country_iso3": m.iso3,
                "m49": m.m49,
                "name_en": m.names.get("en"),
                "name_es": m.names.get("es"),
                "name_fr": m.names.get("fr"),
                "name_nl": m.names.get("nl"),
                "founding_member": m.founding_member,
                "language": m.language,
            }
            for m in load_members()
        ]
    )

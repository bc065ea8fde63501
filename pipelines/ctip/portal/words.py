"""The portal's words in each language (`portal:` in schemas/lang/<language>.yaml) and the choice of language:
the account's country's language when signed in, else the browser's Accept-Language, else English."""

from __future__ import annotations

from functools import lru_cache

from ctip.schema import LANGUAGES, load_words
from ctip.schema import words as language_words


def all_words() -> dict[str, dict[str, str]]:
    """Each language's own portal words, as written in its file (no English filled in)."""
    return {lang: dict(spec.get("portal") or {}) for lang, spec in load_words().items()}


@lru_cache(maxsize=None)
def words(lang: str) -> dict[str, str]:
    """The portal's words in `lang`, English where it has none (an unknown language: all English)."""
    return language_words(lang, "portal")


def from_accept_language(header: str | None) -> str | None:
    """The first of our languages the browser prefers (q-values honoured)."""
    if not header:
        return None
    ranked = []
    for i, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and q > 0:
            ranked.append((-q, i, primary))
    return min(ranked)[2] if ranked else None


def country_language(iso3: str | None) -> str | None:
    if not iso3:
        return None
    from ctip.region import member

    m = member(iso3)
    return m.language if m is not None and m.language in LANGUAGES else None


def choose_language(country: str | None, accept_language: str | None) -> str:
    return country_language(country) or from_accept_language(accept_language) or "en"


def country_name(iso3: str | None, lang: str) -> str:
    if not iso3:
        return "—"
    from ctip.region import member

    m = member(iso3)
    return (m.names.get(lang) or m.names.get("en") or iso3) if m is not None else iso3

"""The portal's words in four languages (schemas/lang/portal.yaml) and the choice of language:
the account's country's language when signed in, else the browser's Accept-Language, else English."""

from __future__ import annotations

from functools import lru_cache

from ctip.paths import SCHEMAS_DIR
from ctip.schema import LANGUAGES
from ctip.yamlio import parse_yaml


@lru_cache(maxsize=1)
def all_words() -> dict[str, dict[str, str]]:
    return parse_yaml((SCHEMAS_DIR / "lang" / "portal.yaml").read_text(encoding="utf-8"))


def words(lang: str) -> dict[str, str]:
    table = all_words()
    return table.get(lang) or table["en"]


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

"""Partner countries of flows: a name as written ("Venezuela (Bolivarian Republic of)", "Belizean",
"Canad\ufffd", "Nationals") to an ISO 3166 alpha-3 code, or to a group whose label is kept.

The names table `schemas/partner_names.csv` is generated from pycountry's names in the four
languages plus the explicit alias list `schemas/partner_aliases.yaml`
(`python -m ctip.vocabulary.partners schemas/partner_names.csv`); at run time only the CSV is read,
so a name resolves the same way everywhere. The partners' names in four languages and their UN M49
regions (`schemas/m49_regions.csv`) make `dim_partner`."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from ctip.paths import SCHEMAS_DIR
from ctip.schema import LANGUAGES
from ctip.vocabulary.normalise import normalise

NAMES_FILE = "partner_names.csv"
ALIASES_FILE = "partner_aliases.yaml"
M49_FILE = "m49_regions.csv"
# kind of a name: a country, the detecting country's own nationals, a group of countries, an
# unknown citizenship, or a word that names no partner at all (a total, a form's placeholder).
COUNTRY, NATIONALS, GROUP, UNKNOWN, NOT_A_PARTNER = "country", "nationals", "group", "unknown", "not_a_partner"
# Names of partners pycountry does not know (Kosovo: UNODC's own code XKX).
EXTRA_NAMES = {"XKX": {"en": "Kosovo", "es": "Kosovo", "fr": "Kosovo", "nl": "Kosovo"}}


@dataclass(frozen=True)
class Partner:
    iso3: str | None  # NULL for groups and unknown citizenship
    kind: str  # country, nationals, group, unknown, not_a_partner
    label: str  # as written


def load_aliases(directory: Path | None = None) -> dict:
    """schemas/partner_aliases.yaml (or the one in `directory`) as parsed YAML: the names pycountry lacks."""
    return yaml.safe_load((Path(directory or SCHEMAS_DIR) / ALIASES_FILE).read_text(encoding="utf-8"))


def build_names_table(directory: Path | None = None) -> pd.DataFrame:
    """pycountry's names (en, es, fr, nl: name, official and common names) and the alias list,
    one row per normalised name. An alias wins over a pycountry name."""
    import pycountry

    from ctip.region import country_aliases

    rows: dict[str, tuple[str, str, str, str]] = {}
    for country in pycountry.countries:
        for name in sorted(country_aliases(country.alpha_3)):
            key = normalise(name)
            if key and key not in rows:
                rows[key] = (key, country.alpha_3, COUNTRY, "pycountry")
    aliases = load_aliases(directory)
    for iso3, names in aliases.get("countries", {}).items():
        for name in names:
            rows[normalise(name)] = (normalise(name), iso3, COUNTRY, "alias")
    # Demonyms (adjectives of nationality) never replace a name given above: a clash is a mistake
    # of the list, refused by tests/flows/test_partner_demonyms.py.
    for iso3, names in aliases.get("demonyms", {}).items():
        for name in names:
            rows.setdefault(normalise(name), (normalise(name), iso3, COUNTRY, "demonym"))
    for kind, section in ((NATIONALS, "nationals"), (GROUP, "groups"), (UNKNOWN, "unknown"), (NOT_A_PARTNER, "not_partners")):
        for name in aliases.get(section, []):
            rows[normalise(name)] = (normalise(name), "", kind, "alias")
    table = pd.DataFrame(sorted(rows.values()), columns=["name", "partner_iso3", "kind", "source"])
    return table


def write_names_table(path: Path) -> int:
    """Write the generated names table (schemas/partner_names.csv) to `path`; returns the number of rows."""
    table = build_names_table()
    table.to_csv(path, index=False, lineterminator="\n")
    return len(table)


@lru_cache(maxsize=4)
def _names(directory: Path | None = None) -> dict[str, tuple[str | None, str]]:
    table = pd.read_csv(Path(directory or SCHEMAS_DIR) / NAMES_FILE, dtype=str, keep_default_na=False)
    return {row.name: (row.partner_iso3 or None, row.kind) for row in table.itertuples(index=False)}


def resolve_partner(label: object, country_iso3: str | None = None) -> Partner | None:
    """The partner a label names, seen from the detecting country (for 'Nationals'); None when
    the label is not in the names table (it goes to quarantine: nothing is guessed)."""
    text = "" if label is None or (isinstance(label, float) and pd.isna(label)) else str(label).strip()
    found = _names().get(normalise(text))
    if found is None:
        return None
    iso3, kind = found
    if kind == NATIONALS:
        return Partner(country_iso3, NATIONALS, text)
    return Partner(iso3, kind, text)


@lru_cache(maxsize=1)
def m49_regions() -> pd.DataFrame:
    """schemas/m49_regions.csv: iso3 to M49 code and region names; a blank m49 (a partner with no M49
    code, e.g. Kosovo) reads as NULL, not as 0."""
    return pd.read_csv(SCHEMAS_DIR / M49_FILE, dtype={"iso3": str, "m49": "Int64"}, keep_default_na=False, na_values={"m49": [""]})


def dim_partner(members: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every country a flow can name: ISO3, names in four languages, UN M49 region, sub-region
    and intermediate region, and whether it is a member of the region."""
    import pycountry

    from ctip.region import country_names, member_codes

    members = set(members if members is not None else member_codes())
    regions = m49_regions().set_index("iso3")
    codes = sorted({c.alpha_3 for c in pycountry.countries} | set(EXTRA_NAMES))
    rows = []
    for iso3 in codes:
        names = country_names(iso3) or EXTRA_NAMES.get(iso3, {})
        region = regions.loc[iso3] if iso3 in regions.index else None
        rows.append(
            {
                "partner_iso3": iso3,
                **{f"name_{lang}": names.get(lang) for lang in LANGUAGES},
                "m49": None if region is None or pd.isna(region["m49"]) else int(region["m49"]),
                "region": None if region is None else region["region"] or None,
                "subregion": None if region is None else region["subregion"] or None,
                "intermediate_region": None if region is None else region["intermediate_region"] or None,
                "is_member": iso3 in members,
            }
        )
    out = pd.DataFrame(rows)
    out["m49"] = out["m49"].astype("Int64")
    return out


if __name__ == "__main__":  # python -m ctip.vocabulary.partners schemas/partner_names.csv
    target = Path(sys.argv[1] if len(sys.argv) > 1 else SCHEMAS_DIR / NAMES_FILE)
    print(f"{write_names_table(target)} names written to {target}")

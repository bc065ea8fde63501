"""The partner-names table: every alias of schemas/partner_aliases.yaml resolves as listed, the
generated CSV is up to date, and nothing outside the table is guessed."""

from __future__ import annotations

import pandas as pd
import pytest

from ctip.paths import SCHEMAS_DIR
from ctip.vocabulary.partners import (
    COUNTRY,
    GROUP,
    NATIONALS,
    NOT_A_PARTNER,
    UNKNOWN,
    build_names_table,
    dim_partner,
    load_aliases,
    resolve_partner,
)

ALIASES = load_aliases()
COUNTRY_ALIASES = [(iso3, name) for iso3, names in ALIASES["countries"].items() for name in names]
LISTS = [
    (kind, name)
    for kind, section in ((NATIONALS, "nationals"), (GROUP, "groups"), (UNKNOWN, "unknown"), (NOT_A_PARTNER, "not_partners"))
    for name in ALIASES[section]
]


@pytest.mark.parametrize(("iso3", "name"), COUNTRY_ALIASES, ids=[f"{i}:{n}" for i, n in COUNTRY_ALIASES])
def test_country_alias(iso3, name):
    partner = resolve_partner(name, "JAM")
    assert partner is not None and (partner.iso3, partner.kind) == (iso3, COUNTRY)
    assert partner.label == name  # the label is kept as written


@pytest.mark.parametrize(("kind", "name"), LISTS, ids=[f"{k}:{n}" for k, n in LISTS])
def test_listed_name(kind, name):
    partner = resolve_partner(name, "TTO")
    assert partner is not None and partner.kind == kind
    assert partner.iso3 == ("TTO" if kind == NATIONALS else None)


@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("Belizean", "BLZ"),
        ("Guatemalan", "GTM"),
        ("Haitian", "HTI"),
        ("dominicana", "DOM"),
        ("Alemania", "DEU"),
        ("Francia", "FRA"),
        ("Honduranian", "HND"),
        ("Hodruanian", "HND"),
        ("Canad\ufffd", "CAN"),
        ("República Dominicana", "DOM"),
        ("Haïti", "HTI"),
        ("Suriname", "SUR"),
        ("Dominica", "DMA"),
        ("Curaçao", "CUW"),
        ("Trinidad and Tobago", "TTO"),
        ("Sint Maarten (Dutch part)", "SXM"),
    ],
)
def test_names_in_the_issue(written, iso3):
    assert resolve_partner(written, "GUY").iso3 == iso3


def test_nationals_is_the_detecting_country():
    assert resolve_partner("Ciudadanos de su pa\ufffds", "DOM").iso3 == "DOM"
    assert resolve_partner("Nationals", "GUY").iso3 == "GUY"


def test_unlisted_names_are_not_guessed():
    for name in ("Atlantis", "3 maliens", "", None, "Dominicans"):
        assert resolve_partner(name, "JAM") is None


def test_names_table_is_generated_and_up_to_date():
    """schemas/partner_names.csv is `python -m ctip.vocabulary.partners schemas/partner_names.csv`."""
    on_disk = pd.read_csv(SCHEMAS_DIR / "partner_names.csv", dtype=str, keep_default_na=False)
    assert on_disk.equals(build_names_table().astype(str)), "run python -m ctip.vocabulary.partners schemas/partner_names.csv"


def test_no_alias_is_listed_twice_with_different_meanings():
    from ctip.vocabulary.normalise import normalise

    seen = {}
    for iso3, name in COUNTRY_ALIASES:
        assert seen.setdefault(normalise(name), iso3) == iso3, name
    for kind, name in LISTS:
        assert seen.setdefault(normalise(name), kind) == kind, name


def test_dim_partner_has_m49_regions_and_members():
    dp = dim_partner().set_index("partner_iso3")
    assert dp.loc["JAM", "intermediate_region"] == "Caribbean" and dp.loc["JAM", "is_member"]
    assert dp.loc["USA", "subregion"] == "Northern America" and not dp.loc["USA", "is_member"]
    assert dp.loc["NLD", "region"] == "Europe" and dp.loc["ESP", "subregion"] == "Southern Europe"
    assert dp.loc["DOM", "name_es"] == "República Dominicana"
    assert int(dp["is_member"].sum()) == 23
    # Every country but Antarctica-like territories has a region.
    assert dp["region"].isna().sum() <= 2

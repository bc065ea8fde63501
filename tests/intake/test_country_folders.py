"""Country folders named the way people name them: codes, names in four languages, short forms."""

from __future__ import annotations

import pycountry
import pytest

from ctip.intake.discover import (
    COUNTRY_ALIASES_FILE,
    country_from_folder,
    describe_file,
    extra_country_names,
    folder_key,
)
from ctip.paths import SCHEMAS_DIR
from ctip.region import country_aliases, member_codes


@pytest.mark.parametrize(
    ("folder", "iso3"),
    [
        ("Sint Maarten", "SXM"),
        ("St Maarten", "SXM"),
        ("St. Maarten", "SXM"),
        ("St Lucia", "LCA"),
        ("St. Lucia", "LCA"),
        ("St Kitts and Nevis", "KNA"),
        ("St Kitts", "KNA"),
        ("Saint-Kitts-et-Nevis", "KNA"),
        ("St Vincent", "VCT"),
        ("St Vincent and the Grenadines", "VCT"),
        ("Turks and Caicos", "TCA"),
        ("The Bahamas", "BHS"),
        ("Antigua", "ATG"),
        ("Trinidad", "TTO"),
        ("Cayman", "CYM"),
        ("Curacao", "CUW"),
        ("Republica Dominicana", "DOM"),
        ("Haiti", "HTI"),
    ],
)
def test_common_folder_names(folder, iso3):
    assert country_from_folder(folder) == iso3


@pytest.mark.parametrize(
    ("folder", "iso3"),
    [
        ("St Kitts & Nevis", "KNA"),
        ("St. Vincent & the Grenadines", "VCT"),
        ("ST-LUCIA", "LCA"),
        ("st_lucia", "LCA"),
        ("Sainte-Lucie", "LCA"),
        ("Santa Lucía", "LCA"),
        ("Sint-Lucia", "LCA"),
        ("San Vicente y las Granadinas", "VCT"),
        ("Turks & Caicos", "TCA"),
        ("  trinidad  ", "TTO"),
    ],
)
def test_spelling_variants(folder, iso3):
    assert country_from_folder(folder) == iso3


@pytest.mark.parametrize(
    ("folder", "iso3"),
    [
        ("JAM", "JAM"),
        ("jam", "JAM"),
        ("Curaçao", "CUW"),
        ("República Dominicana", "DOM"),
        ("Haïti", "HTI"),
        ("Dominicaanse Republiek", "DOM"),
        ("trinidad and tobago", "TTO"),
        ("Sint Maarten (Dutch part)", "SXM"),
        ("France", "FRA"),
        ("San Marino", "SMR"),
        ("Saint Martin (French part)", "MAF"),
    ],
)
def test_codes_and_official_names_still_work(folder, iso3):
    assert country_from_folder(folder) == iso3


@pytest.mark.parametrize("folder", ["Victims 2021", "St", "Saint", "Islands", "", "UNODC"])
def test_other_folders_are_no_country(folder):
    assert country_from_folder(folder) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("St Lucia", "Saint Lucia"),
        ("St. Lucia", "Sint Lucia"),
        ("San Vicente", "Santa Vicente"),
        ("Sainte-Lucie", "saint lucie"),
        ("St Kitts & Nevis", "Saint Kitts and Nevis"),
        ("Curaçao", "CURACAO"),
    ],
)
def test_folder_key_equivalences(a, b):
    assert folder_key(a) == folder_key(b)


def test_folder_key_keeps_other_words_apart():
    assert folder_key("Saint Martin") != folder_key("Sint Maarten")
    assert folder_key("Stone") == "stone"  # only whole words are "saint"


def test_the_aliases_file_is_data_and_every_name_resolves_to_its_country():
    path = SCHEMAS_DIR / COUNTRY_ALIASES_FILE
    assert path.exists()
    assert "pycountry" in path.read_text(encoding="utf-8")  # says what it adds to pycountry's names
    extra = extra_country_names()
    assert extra, "the aliases file lists no names"
    for iso3, names in extra.items():
        assert pycountry.countries.get(alpha_3=iso3) is not None
        for name in names:
            assert country_from_folder(name) == iso3, name


def test_official_names_of_members_are_not_taken_by_an_alias():
    for iso3 in member_codes():
        for name in country_aliases(iso3) | {iso3}:
            assert country_from_folder(name) == iso3, name


def test_aliases_file_errors_are_plain(tmp_path):
    bad_code = tmp_path / "a.yaml"
    bad_code.write_text("XXX: [Nowhere]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="XXX"):
        extra_country_names(bad_code)
    bad_names = tmp_path / "b.yaml"
    bad_names.write_text("LCA: {short: St Lucia}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="LCA"):
        extra_country_names(bad_names)
    one_name = tmp_path / "c.yaml"
    one_name.write_text("lca: St Lucia\n", encoding="utf-8")
    assert extra_country_names(one_name) == {"LCA": ("St Lucia",)}
    assert extra_country_names(tmp_path / "absent.yaml") == {}


@pytest.mark.parametrize(("folder", "iso3"), [("St Lucia", "LCA"), ("Trinidad", "TTO"), ("St. Maarten", "SXM")])
def test_a_file_in_a_short_named_folder_is_that_countrys(tmp_path, folder, iso3):
    raw = tmp_path / "raw"
    (raw / folder).mkdir(parents=True)
    path = raw / folder / "data.csv"
    path.write_text("Indicator,2021\nVictims identified,3\n", encoding="utf-8")
    sf = describe_file(path, raw)
    assert (sf.country_iso3, sf.problem, sf.source_kind) == (iso3, None, "national")


def test_unknown_and_non_member_folders_are_still_refused(tmp_path):
    raw = tmp_path / "raw"
    for folder in ("Somewhere", "France"):
        (raw / folder).mkdir(parents=True)
        (raw / folder / "data.csv").write_text("Indicator,2021\n", encoding="utf-8")
    assert describe_file(raw / "Somewhere" / "data.csv", raw).problem_code == "unknown_folder"
    assert describe_file(raw / "France" / "data.csv", raw).problem_code == "not_member"

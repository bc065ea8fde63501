"""H-E and H-F: a member's own "victims by nationality" table in the layouts ministries send.

- H-E: a first row whose nationality the partner names do not know ("Barbadian,10" in a CSV) is a
  data row: its figure is quarantined with the reason, never swallowed into the table's title.
- H-F: demonyms in English, Spanish, French and Dutch resolve (schemas/partner_aliases.yaml
  `demonyms`), and a table with two year columns, or with sex columns (the year in the file name),
  becomes flows like the one-column table; the sender is never told flows are set aside by design.

The CSV files are written here with known truth and read by the real submission path."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from ctip.feedback.problems import kind_of
from ctip.intake.discover import describe_file
from ctip.stage.submission import ingest_submission
from ctip.vocabulary.partners import build_names_table, load_aliases, resolve_partner

# The names the tester found missing (H-F), with the country they name.
FOUND_MISSING = {
    "CUB": ["Cuban", "cubaine", "Cubaans"],
    "COL": ["Colombian", "colombienne", "Colombiaans"],
    "CHN": ["Chinese", "chinoise", "Chinees"],
    "NGA": ["Nigerian"],
    "PHL": ["Filipino"],
    "BGD": ["Bangladeshi"],
    "HND": ["Honduran", "hondureña"],
    "SLV": ["Salvadoran"],
    "MEX": ["Mexican", "mexicana"],
    "ECU": ["Ecuadorian"],
    "NIC": ["Nicaraguan"],
    "PER": ["Peruvian"],
    "RUS": ["Russian"],
    "UKR": ["Ukrainian"],
    "GRD": ["Grenadian"],
    "KNA": ["Kittitian"],
    "ATG": ["Antiguan"],
    "BHS": ["Bahamian"],
    "BRB": ["Barbadian"],
    "ABW": ["Aruban"],
    "LCA": ["Saint Lucian"],
    "HTI": ["haïtienne", "Haïtiaans"],
    "VEN": ["vénézuélienne", "Venezolaans"],
    "JAM": ["jamaïcaine", "Jamaicaans", "jamaicana"],
    "GUY": ["guyanienne", "Guyanees", "guyanesa"],
    "DOM": ["dominicaine"],
    "SUR": ["Surinaams"],
    "BRA": ["brasileña"],
    "TTO": ["trinitense"],
}


@pytest.mark.parametrize(("iso3", "name"), [(i, n) for i, ns in FOUND_MISSING.items() for n in ns])
def test_demonyms_the_tester_found_missing(iso3, name):
    assert resolve_partner(name, "JAM").iso3 == iso3


def test_every_demonym_resolves_to_its_country_and_none_replaces_a_country_name():
    table = build_names_table()
    names = dict(zip(table["name"], table["partner_iso3"]))
    from ctip.vocabulary.normalise import normalise

    wrong = [(iso3, n, names.get(normalise(n))) for iso3, ns in load_aliases()["demonyms"].items() for n in ns if names.get(normalise(n)) != iso3]
    assert wrong == []


def test_names_of_two_countries_are_not_guessed():
    for name in ("Dominican", "Korean", "Guinean", "Dutch"):
        assert resolve_partner(name, "TTO") is None, name


def _read(tmp_path: Path, iso3: str, name: str, text: str):
    path = tmp_path / "raw" / iso3 / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return ingest_submission(describe_file(path, tmp_path / "raw"))


def _flows(result) -> dict:
    return {(r.partner_label, int(r.year), r.sex): int(r.value) for r in result.flows.itertuples()}


def _stored(result) -> dict:
    return {(int(r.year), r.sex, r.citizenship): int(r.value) for r in result.observations.itertuples()}


@pytest.mark.parametrize("unknown", ["Atlantean", "Zubrowkan"])
def test_an_unknown_first_nationality_is_quarantined_not_swallowed(tmp_path, unknown):
    rnd = random.Random(unknown)
    a, b, c = rnd.randint(5, 30), rnd.randint(1, 9), rnd.randint(1, 9)
    text = f"Victims identified by nationality 2020\nNationality,Victims\n{unknown},{a}\nGuyanese,{b}\nVenezuelan,{c}\nTotal,{a + b + c}\n"
    result = _read(tmp_path, "BRB", "nat.csv", text)
    q = result.quarantine
    row = q[q["source_cell"] == "B3"]
    assert len(row) == 1 and str(row["raw_value"].iloc[0]) in (str(a), f"{a}.0"), q
    assert kind_of(row["reason"].iloc[0])[0] == "unknown_partner", row["reason"].iloc[0]
    assert result.submission["status"] == "partial"
    assert _flows(result) == {("Guyanese", 2020, "total"): b, ("Venezuelan", 2020, "total"): c}


def test_a_first_row_of_the_members_own_demonym_is_its_nationals(tmp_path):
    text = "Victims identified by nationality 2020\nNationality,Victims\nBarbadian,10\nGuyanese,5\nVenezuelan,6\nTotal,21\n"
    result = _read(tmp_path, "BRB", "nat.csv", text)
    assert _stored(result) == {(2020, "total", "national"): 10, (2020, "total", "total"): 21}
    assert len(result.quarantine) == 0


def test_two_year_columns_become_flows(tmp_path):
    rnd = random.Random(2)
    rows = {n: (rnd.randint(1, 20), rnd.randint(1, 20)) for n in ("Saint Lucian", "Guyanese", "Venezuelan")}
    body = "".join(f"{n},{x},{y}\n" for n, (x, y) in rows.items())
    tot = [sum(v[i] for v in rows.values()) for i in (0, 1)]
    result = _read(tmp_path, "LCA", "a.csv", f"Victims identified by nationality\nNationality,2020,2021\n{body}Total,{tot[0]},{tot[1]}\n")
    assert _flows(result) == {(n, 2020 + i, "total"): v[i] for n, v in rows.items() for i in (0, 1)}
    assert len(result.quarantine) == 0


def test_sex_columns_become_flows_by_sex(tmp_path):
    rnd = random.Random(3)
    rows = {n: (rnd.randint(1, 20), rnd.randint(1, 20)) for n in ("Jamaican", "Venezuelan", "Haitian")}
    body = "".join(f"{n},{f},{m},{f + m}\n" for n, (f, m) in rows.items())
    result = _read(tmp_path, "JAM", "tip_2020.csv", f"Victims identified by nationality\nNationality,Female,Male,Total\n{body}")
    want = {}
    for n, (f, m) in rows.items():
        want |= {(n, 2020, "female"): f, (n, 2020, "male"): m, (n, 2020, "total"): f + m}
    assert _flows(result) == want
    f, m = rows["Jamaican"]
    assert _stored(result) == {(2020, "female", "national"): f, (2020, "male", "national"): m, (2020, "total", "national"): f + m}
    assert len(result.quarantine) == 0


def test_a_dutch_table_becomes_flows(tmp_path):
    text = "Slachtoffers naar nationaliteit\nNationaliteit,2020\nSurinaams,12\nGuyanees,3\nHaïtiaans,9\nVenezolaans,8\nTotaal,32\n"
    result = _read(tmp_path, "SUR", "a.csv", text)
    got = {(r.partner_iso3, int(r.value)) for r in result.flows.itertuples()}
    assert got == {("SUR", 12), ("GUY", 3), ("HTI", 9), ("VEN", 8)}
    assert len(result.quarantine) == 0
    assert not pd.isna(result.flows["partner_iso3"]).any()

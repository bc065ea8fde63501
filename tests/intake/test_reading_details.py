"""attack2 G-S, reading details: 'Unknown' in a column headed Sex is the unknown sex (the header says
which dimension), 'Victims identified - unknown sex' is read like 'sex unknown', decimals typed as
text in data columns are data cells told as not whole numbers (never words of the row label, as
the same decimal typed as a number is not), and the demonyms of the region's usual partner
countries ('Honduran', 'Colombians') name them. Tables are generated here, so the truth is known."""

from __future__ import annotations

import random

import pytest

from ctip.vocabulary.partners import resolve_partner
from tests.intake.test_layouts import k, read

HEADERS = {"Sex": "sex", "Gender": "sex", "Age group": "age_group", "Nationality": "citizenship", "Form of exploitation": "exploitation"}
PARTS = {
    "sex": ["Female", "Male"],
    "age_group": ["Children", "Adults"],
    "citizenship": ["Nationals", "Foreigners"],
    "exploitation": ["Sexual exploitation", "Forced labour"],
}


@pytest.mark.parametrize("header", list(HEADERS))
def test_unknown_under_a_header_naming_the_dimension(header):
    dim = HEADERS[header]
    rnd = random.Random(header)
    a, b, u = rnd.randint(5, 40), rnd.randint(5, 40), rnd.randint(1, 9)
    rows = [["Indicator", header, "2021"], ["Victims identified", PARTS[dim][0], str(a)], ["Victims identified", PARTS[dim][1], str(b)]]
    rows += [["Victims identified", "Unknown", str(u)], ["Victims identified", "Total", str(a + b + u)]]
    stored, quarantined, _ = read(rows)
    dims = {"sex": "total", "age": "total", "expl": "total", "cit": "total"}
    dims[{"sex": "sex", "age_group": "age", "exploitation": "expl", "citizenship": "cit"}[dim]] = "unknown"
    assert stored[k("victims_detected", 2021, **dims)] == u
    assert stored[k("victims_detected", 2021)] == a + b + u
    assert not quarantined


def test_unknown_without_a_header_stays_a_question():
    """No header names the dimension and nothing beside it does: still not guessed."""
    stored, quarantined, _ = read([["Indicator", "", "2021"], ["Victims identified", "Unknown", "3"], ["Victims identified", "Total", "30"]])
    assert k("victims_detected", 2021) in stored
    assert any("may be" in reason for reason in quarantined.values())


@pytest.mark.parametrize(
    "label,dims",
    [
        ("Victims identified - unknown sex", {"sex": "unknown"}),
        ("Victims identified (unknown age)", {"age": "unknown"}),
        ("Victims identified - unknown nationality", {"cit": "unknown"}),
    ],
)
def test_unknown_before_the_dimension_word(label, dims):
    stored, quarantined, _ = read([["Indicator", "2021"], ["Victims identified", "30"], [label, "3"]])
    assert stored == {k("victims_detected", 2021): 30, k("victims_detected", 2021, **dims): 3}
    assert not quarantined


def test_decimals_written_as_text_are_cells_not_words_of_the_label():
    stored, quarantined, _ = read([["Indicator", "2015", "2016", "2017", "2018"], ["Victims identified", "1.5", "2,50", "7", "12"]])
    assert stored == {k("victims_detected", 2017): 7, k("victims_detected", 2018): 12}
    assert set(quarantined) == {"B2", "C2"}
    assert all("not a whole number" in reason for reason in quarantined.values())


@pytest.mark.parametrize(
    "label,iso3",
    [("Honduran", "HND"), ("Hondurans", "HND"), ("Colombian", "COL"), ("Colombians", "COL"), ("Chinese", "CHN"), ("Cuban", "CUB"), ("Venezuelans", "VEN")],
)
def test_demonyms_of_the_usual_partners(label, iso3):
    partner = resolve_partner(label, "CYM")
    assert partner is not None and partner.iso3 == iso3

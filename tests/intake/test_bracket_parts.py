"""attack4 I-F: words after an indicator that name a part ('women only', 'excluding foreign
nationals', 'solo dominicanas', 'incl. foreign nationals') or another unit ('Cases prosecuted')
were dropped as a description, so a part, or a count of cases, was stored as the member's total
of persons. They are now set aside with the reason; descriptions and agreeing brackets are kept."""

from __future__ import annotations

import pytest

from ctip.vocabulary.labels import default_index

SET_ASIDE = [
    "Victims identified (women only)",
    "Victims identified (foreign nationals only)",
    "Victims identified (excluding foreign nationals)",
    "Victims identified (nationals only)",
    "Victims identified (incl. foreign nationals)",
    "Víctimas identificadas (solo dominicanas)",
    "Cases prosecuted",
    "Cases convicted",
    "Affaires jugées (personnes condamnées)",
]


@pytest.mark.parametrize("label", SET_ASIDE)
def test_a_part_or_another_unit_is_not_the_total(label):
    match = default_index().for_country("DOM").indicator(label)
    assert match.indicator is None and match.problem


@pytest.mark.parametrize(
    ("label", "indicator", "dims"),
    [
        ("Victims assisted (shelter or services)", "victims_assisted", {}),
        ("Victims identified (police and NGOs)", "victims_detected", {}),
        ("Victims detected (female)", "victims_detected", {"sex": "female"}),
        ("Number of cases investigated", "cases_investigated", {}),
        ("Number of persons prosecuted", "persons_prosecuted", {}),
        ("Casos investigados", "cases_investigated", {}),
        ("Personas procesadas", "persons_prosecuted", {}),
    ],
)
def test_descriptions_and_units_that_agree_are_read(label, indicator, dims):
    match = default_index().for_country("DOM").indicator(label)
    assert (match.indicator, match.dims) == (indicator, dims)


def test_a_bracket_agreeing_with_its_breakdown_still_describes_it():
    from ctip.intake.layouts.cellkinds import _bracketed_dims

    labels = default_index().for_country("LCA")
    assert _bracketed_dims("Sexual exploitation (incl. commercial sexual exploitation)", labels) == {"exploitation": "sexual"}
    assert _bracketed_dims("Sexual exploitation (incl. forced labour)", labels) is None

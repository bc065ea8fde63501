"""The label matcher: four languages, compounds, qualifiers, the shared-words guard, non-indicators."""

from __future__ import annotations

import itertools

import pytest

from ctip.schema import LANGUAGES, load_schema
from ctip.vocabulary.labels import LabelIndex, default_index, parse_target
from ctip.vocabulary.normalise import normalise


@pytest.fixture(scope="module")
def labels() -> LabelIndex:
    return default_index()


@pytest.mark.parametrize(
    "label, indicator",
    [
        ("Victims identified", "victims_detected"),
        ("Víctimas identificadas", "victims_detected"),
        ("Victimes identifiées", "victims_detected"),
        ("Geïdentificeerde slachtoffers", "victims_detected"),
        ("Persons prosecuted", "persons_prosecuted"),
        ("Personas procesadas", "persons_prosecuted"),
        ("Personnes poursuivies", "persons_prosecuted"),
        ("Vervolgde verdachten", "persons_prosecuted"),
        ("Victims assisted", "victims_assisted"),
        ("Victimes assistées", "victims_assisted"),
        ("Ondersteunde slachtoffers", "victims_assisted"),
        ("Personas condenadas", "persons_convicted"),
        ("Veroordeelde personen", "persons_convicted"),
        ("Casos investigados", "cases_investigated"),
        ("Personnes mises en cause", "persons_investigated"),
        # case, accents, spacing, numbering, units, footnote calls
        ("VICTIMAS   IDENTIFICADAS", "victims_detected"),
        ("  victimes identifiees ", "victims_detected"),
        ("1. Victims identified", "victims_detected"),
        ("a) Personas procesadas", "persons_prosecuted"),
        ("2.1 Vervolgde verdachten", "persons_prosecuted"),
        ("Victims identified (number)", "victims_detected"),
        ("Number of victims identified", "victims_detected"),
        ("Victims identified¹", "victims_detected"),
        ("Victims identified*", "victims_detected"),
        ("Victims identified (a)", "victims_detected"),
        ("Victims identified by sex and age", "victims_detected"),
        ("Víctimas identificadas por sexo", "victims_detected"),
        ("Total victims assisted", "victims_assisted"),
    ],
)
def test_indicator_in_four_languages(labels, label, indicator):
    m = labels.indicator(label)
    assert m.ok, m.problem
    assert m.indicator == indicator
    assert m.dims == {}


@pytest.mark.parametrize(
    "label, indicator, dims",
    [
        ("Victims identified (female)", "victims_detected", {"sex": "female"}),
        ("Victims identified - girls", "victims_detected", {"sex": "female", "age_group": "child"}),
        ("Victims identified – boys", "victims_detected", {"sex": "male", "age_group": "child"}),
        ("Víctimas identificadas (niñas)", "victims_detected", {"sex": "female", "age_group": "child"}),
        ("Victimes identifiées - femmes adultes", "victims_detected", {"sex": "female", "age_group": "adult"}),
        ("Geïdentificeerde slachtoffers - meisjes", "victims_detected", {"sex": "female", "age_group": "child"}),
        ("Vervolgde verdachten (mannen)", "persons_prosecuted", {"sex": "male"}),
        ("Female victims identified", "victims_detected", {"sex": "female"}),
        ("Víctimas identificadas mujeres", "victims_detected", {"sex": "female"}),
        ("Victims identified, sexual exploitation", "victims_detected", {"exploitation": "sexual"}),
        ("Victims identified (foreign nationals)", "victims_detected", {"citizenship": "foreign"}),
        ("Persons convicted, adults", "persons_convicted", {"age_group": "adult"}),
        ("Victims identified (women)", "victims_detected", {"sex": "female", "age_group": "adult"}),
    ],
)
def test_breakdown_written_in_the_label(labels, label, indicator, dims):
    m = labels.indicator(label)
    assert m.ok, m.problem
    assert (m.indicator, m.dims) == (indicator, dims)


def test_year_in_the_label(labels):
    m = labels.indicator("Victims identified, 2022")
    assert (m.indicator, m.year) == ("victims_detected", 2022)


@pytest.mark.parametrize(
    "label, indicator",
    [
        ("Victims identifed", "victims_detected"),
        ("Persons prosecutd", "persons_prosecuted"),
        ("Persons convictd", "persons_convicted"),
        ("Victms assisted", "victims_assisted"),
        ("Vervolgde verdachtn", "persons_prosecuted"),
    ],
)
def test_fuzzy_repairs_spelling(labels, label, indicator):
    m = labels.indicator(label)
    assert (m.indicator, m.how) == (indicator, "fuzzy")


@pytest.mark.parametrize(
    "label",
    [
        "victims prodected",  # nearly 'victims protected' (assisted) and 'victims detected' (detected)
        "Victims identified/assisted",
        "Victims identified / assisted",
        "Persons prosecuted and convicted",
        "victims convicted",
        "persons assisted",
        "persons identified",
        "Traffickers",
        "Victims repatriated",
        "Victims identified (%)",
        "Rate of victims identified",
        "Victims identified (appeal cases)",
        "Total",
        "Grand total",
    ],
)
def test_no_guess_between_indicators(labels, label):
    m = labels.indicator(label)
    assert not m.ok
    assert m.indicator is None


def test_refusals_carry_suggestions(labels):
    m = labels.indicator("victims prodected")
    assert any(s.startswith("victims_assisted") for s in m.suggestions)
    assert any(s.startswith("victims_detected") for s in m.suggestions)


def test_shared_words_guard_blocks_every_blend(labels):
    """A label mixing the words of two indicators that share words never maps to either."""
    schema = load_schema()
    names = {code: normalise(ind.names["en"]) for code, ind in schema.indicators.items()}
    for (a, na), (b, nb) in itertools.combinations(names.items(), 2):
        wa, wb = na.split(), nb.split()
        if len(wa) != 2 or len(wb) != 2 or not set(wa) & set(wb):
            continue
        for blend in (f"{wa[0]} {wb[1]}", f"{wb[0]} {wa[1]}"):
            if blend in (na, nb):
                continue
            m = labels.indicator(blend)
            assert m.indicator not in (a, b) or m.how == "exact", (blend, m)


def test_every_synonym_reads_as_its_own_indicator(labels):
    schema = load_schema()
    for code, ind in schema.indicators.items():
        for lang in LANGUAGES:
            for term in (ind.names[lang], *ind.synonyms[lang]):
                m = labels.indicator(term)
                assert m.indicator == code, (term, m)


@pytest.mark.parametrize(
    "label",
    [
        "Hotline calls",
        "Calls to the hotline",
        "Budget (USD)",
        "Trainings",
        "Officials trained",
        "Presupuesto",
        "Llamadas a la línea directa",
        "Appels à la ligne d'urgence",
        "Formations",
        "Telefoontjes hulplijn",
        "Begroting",
    ],
)
def test_non_indicators_are_never_mapped(labels, label):
    m = labels.indicator(label)
    assert m.not_indicator and m.indicator is None


@pytest.mark.parametrize(
    "label, dims",
    [
        ("Female", {"sex": "female"}),
        ("Mujeres", {"sex": "female"}),
        ("Femmes", {"sex": "female"}),
        ("Vrouwen", {"sex": "female"}),
        ("Hombres", {"sex": "male"}),
        ("Girls", {"sex": "female", "age_group": "child"}),
        ("Niñas", {"sex": "female", "age_group": "child"}),
        ("Filles", {"sex": "female", "age_group": "child"}),
        ("Meisjes", {"sex": "female", "age_group": "child"}),
        ("Boys", {"sex": "male", "age_group": "child"}),
        ("Garçons", {"sex": "male", "age_group": "child"}),
        ("Jongens", {"sex": "male", "age_group": "child"}),
        ("Women", {"sex": "female", "age_group": "adult"}),
        ("Men", {"sex": "male", "age_group": "adult"}),
        ("Under 18", {"age_group": "child"}),
        ("Menores de edad", {"age_group": "child"}),
        ("18+", {"age_group": "adult"}),
        ("Explotación sexual", {"exploitation": "sexual"}),
        ("Travail forcé", {"exploitation": "labour"}),
        ("Extranjeros", {"citizenship": "foreign"}),
        ("Eigen onderdanen", {"citizenship": "national"}),
        ("Total", {"*": "total"}),
        ("Totaal", {"*": "total"}),
        ("Number of females", {"sex": "female"}),
    ],
)
def test_dimension_values(labels, label, dims):
    assert labels.dimension_value(label) == dims


def test_unknown_is_ambiguous_alone(labels):
    assert labels.dimension_value("Unknown") is None
    assert {d for d, _ in labels.dimension_candidates("Onbekend")} == {"sex", "age_group", "exploitation", "citizenship"}
    assert labels.dimension_value("Unknown", "sex") == {"sex": "unknown"}


def test_of_which_in_four_languages(labels):
    for text in ("of which: girls", "De las cuales: niñas", "dont filles", "waarvan meisjes", "thereof girls"):
        stripped, part_of = labels.strip_part_of(text)
        assert part_of and labels.dimension_value(stripped) == {"sex": "female", "age_group": "child"}, text


def test_words_beside_children(labels):
    assert labels.context_compound("Mujeres") == {"sex": "female", "age_group": "adult"}
    assert labels.context_compound("Niños") == {"sex": "male", "age_group": "child"}
    assert labels.context_compound("Female") is None


def test_titles_name_an_indicator_only_when_unambiguous(labels):
    assert labels.indicators_mentioned("Victims assisted by sex, 2022") == {"victims_assisted"}
    assert labels.indicators_mentioned("Víctimas identificadas según forma de explotación") == {"victims_detected"}
    assert labels.indicators_mentioned("Victims and prosecutions, 2022") == {"victims_detected", "persons_prosecuted"}
    assert labels.indicators_mentioned("Hotline calls and victims") == set()


def test_mapping_overrides_win(labels):
    schema = load_schema()
    idx = LabelIndex(
        schema,
        extra={
            "TIP victims (police)": "victims_detected",
            "Girls (police)": "victims_detected, sex:female, age_group:child",
            "Victims": "ignore",
            "Féminin": "sex:female",
        },
    )
    assert idx.indicator("TIP victims (police)").indicator == "victims_detected"
    m = idx.indicator("girls (POLICE)")
    assert (m.indicator, m.dims) == ("victims_detected", {"sex": "female", "age_group": "child"})
    assert idx.indicator("Victims").not_indicator
    assert idx.dimension_value("Féminin") == {"sex": "female"}
    # the default index is untouched
    assert labels.indicator("Victims").indicator == "victims_detected"


@pytest.mark.parametrize("target", ["victims_found", "sex:girl", "age:child", "victims_detected, nonsense", ""])
def test_bad_mapping_targets(target):
    assert parse_target(target, load_schema()) is None

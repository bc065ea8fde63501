"""The shared schema: codes exactly as agreed, four languages, region from configuration."""

from __future__ import annotations

import pycountry
import pytest

from ctip.region import dim_country, load_members
from ctip.schema import LANGUAGES, load_schema
from ctip.validate.observation_schema import observation_schema


def test_codes_are_exactly_the_agreed_ones():
    s = load_schema()
    assert list(s.indicators) == [
        "victims_detected",
        "victims_assisted",
        "cases_investigated",
        "persons_investigated",
        "persons_prosecuted",
        "persons_convicted",
    ]
    assert s.codes("sex") == ("female", "male", "other", "total", "unknown")  # other: GLOTIP's sex 'Other' (issue 12)
    assert s.codes("age_group") == ("child", "adult", "total", "unknown")
    assert s.codes("exploitation") == ("sexual", "labour", "other", "total", "unknown")
    assert s.codes("citizenship") == ("national", "foreign", "total", "unknown")
    assert s.first_year == 2000


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_indicator_has_a_name_and_synonyms_in_each_language(lang):
    for ind in load_schema().indicators.values():
        assert ind.names[lang] and ind.synonyms[lang], (ind.code, lang)
        assert ind.unit and ind.definition


def test_exploitation_applies_to_victims_prosecutions_and_convictions():
    """GLOTIP breaks persons prosecuted and convicted down by form of exploitation (issue 12)."""
    s = load_schema()
    for code, ind in s.indicators.items():
        expected = code.startswith("victims_") or code in ("persons_prosecuted", "persons_convicted")
        assert ("exploitation" in ind.dimensions) == expected, code


def test_region_is_23_members_with_names_from_pycountry():
    members = load_members()
    assert len(members) == 23
    dom = next(m for m in members if m.iso3 == "DOM")
    fr = __import__("gettext").translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    assert dom.names["fr"] == fr("Dominican Republic") == "République dominicaine"
    assert set(dim_country().columns) >= {"country_iso3", "m49", "name_en", "name_es", "name_fr", "name_nl"}


def test_pandera_schema_rejects_codes_outside_the_lists():
    import pandas as pd
    import pandera.pandas as pa

    frame = pd.DataFrame(
        {
            "country_iso3": ["JAM", "FRA"],
            "year": pd.array([2020, 1999], dtype="Int64"),
            "indicator": ["victims_detected", "x"],
            "sex": ["total", "girls"],
            "age_group": ["total", "total"],
            "exploitation": ["total", "total"],
            "citizenship": ["total", "total"],
            "value": pd.array([3, -1], dtype="Int64"),
            "flag": [None, None],
        }
    )
    with pytest.raises(pa.errors.SchemaErrors) as err:
        observation_schema().validate(frame, lazy=True)
    failed = set(err.value.failure_cases["check"].astype(str))
    assert {"country_in_region", "indicator_code", "sex_code", "value_non_negative"} <= {f.split("(")[0] for f in failed}

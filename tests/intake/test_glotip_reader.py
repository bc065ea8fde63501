"""The GLOTIP reader on an excerpt it writes itself, and on the real export when present."""

from __future__ import annotations

import pandas as pd
import pytest

from ctip.intake.discover import describe_file
from ctip.stage.submission import ingest_submission
from tests.glotip_excerpt import EXPECTED, EXPECTED_FLOWS, QUARANTINED_ROWS, write_excerpt


@pytest.fixture
def excerpt_result(tmp_path):
    path = write_excerpt(tmp_path / "raw" / "UNODC" / "data_glotip.xlsx")
    return ingest_submission(describe_file(path, tmp_path / "raw"))


def test_excerpt_observations_match_truth(excerpt_result):
    obs = excerpt_result.observations
    got = {
        (r.country_iso3, int(r.year), r.indicator, r.sex, r.age_group, r.exploitation, r.citizenship): (
            None if pd.isna(r.value) else int(r.value),
            None if pd.isna(r.flag) else r.flag,
        )
        for r in obs.itertuples()
    }
    assert got == EXPECTED


def test_excerpt_quarantine_and_skips(excerpt_result):
    q = excerpt_result.quarantine
    rows = {int(c[1:]) for c in q["source_cell"]}
    assert rows == QUARANTINED_ROWS
    reasons = " ".join(q["reason"])
    assert "several countries together" in reasons and "blank in the source" in reasons
    # Aggregates (CAR) and non-members (FRA) are neither stored nor quarantined: they are outside the region.
    assert not excerpt_result.observations["country_iso3"].isin(["CAR", "FRA", "NLD", "ESP"]).any()


def test_excerpt_flows_match_truth(excerpt_result):
    got = {
        (r.country_iso3, None if pd.isna(r.partner_iso3) else r.partner_iso3, r.partner_label, r.relation, int(r.year), r.indicator, r.sex): (
            None if pd.isna(r.value) else int(r.value),
            None if pd.isna(r.flag) else r.flag,
        )
        for r in excerpt_result.flows.itertuples()
    }
    assert got == EXPECTED_FLOWS
    assert excerpt_result.status == "partial"
    assert excerpt_result.source_kind == "unodc"


def test_lineage_points_at_the_value_cell(excerpt_result):
    obs = excerpt_result.observations
    first = obs[(obs.country_iso3 == "JAM") & (obs.year == 2019) & (obs.sex == "total") & (obs.citizenship == "total") & (obs.exploitation == "total")]
    assert list(first["source_cell"]) == ["L4"]
    assert list(first["source_sheet"]) == ["data_glotip_1"]


def test_real_glotip_export(shared_reference):
    path = shared_reference / "glotip" / "data_glotip.xlsx"
    result = ingest_submission(describe_file(path, path.parent.parent))
    obs = result.observations
    assert obs["country_iso3"].nunique() >= 15
    assert (obs["flag"] == "suppressed").sum() > 500
    # The inconsistency SOURCE.md names is flagged, never fixed.
    tto = obs[
        (obs.country_iso3 == "TTO")
        & (obs.year == 2019)
        & (obs.indicator == "persons_prosecuted")
        & (obs.sex == "total")
        & (obs.age_group.isin(["adult", "total"]))
        & (obs.citizenship == "total")
    ]
    assert dict(zip(tto.age_group, tto.value)) == {"adult": 8, "total": 7}
    assert set(tto.flag) == {"inconsistent_total"}
    assert obs["value"].dropna().ge(0).all()

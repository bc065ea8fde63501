"""A revision that would give a small count away together with the previous release is held back
(ctip.export.holdback): the release is published, the revised cells keep the previous release's
state, marked, and nothing is derivable from both releases; a later, safe revision is published.
Fixture: tests/export/revision_fixture.py (known truth in code)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from ctip.export.audit import audit
from ctip.export.holdback_words import held_back_flag, held_back_words
from ctip.export.releases import read_release_cells
from ctip.export.suppression import _protect, dimension_relations, protect
from ctip.schema import KEY_COLUMNS
from tests.export import revision_fixture as rf

KEY = list(KEY_COLUMNS)


def _jam(frame: pd.DataFrame) -> pd.DataFrame:
    sel = frame["country_iso3"].eq(rf.COUNTRY) & frame["year"].astype(int).eq(rf.YEAR) & frame["indicator"].eq(rf.INDICATOR)
    return frame[sel].set_index("sex")


def _release_cells(release: int, previous: pd.DataFrame | None = None):
    tables = {"fact_observation": rf.fact(release)}
    if previous is not None:
        tables["release_cells"] = previous
    return tables


def _recorded(public) -> pd.DataFrame:
    return public.release.assign(released_at=pd.Timestamp("2026-01-01"))


def test_release_1_then_revision_is_held_back_not_refused():
    r1 = protect(_release_cells(1))
    assert r1.unresolved == 0 and r1.held_back == 0
    pub1 = _jam(r1.tables["fact_observation"])
    assert pub1["value"].to_dict() == rf.RELEASES[1]  # every cell of release 1 published
    # Today's plain pass (the release as it was protected before held-back revisions) refuses:
    plain = _protect(_release_cells(2, _recorded(r1)), None, None)
    assert plain.unresolved == 2 and plain.held_back == 0
    # Held back: published, the two revised cells at release 1's values, marked.
    r2 = protect(_release_cells(2, _recorded(r1)))
    assert r2.unresolved == 0 and r2.held_back == len(rf.REVISED)
    pub2 = _jam(r2.tables["fact_observation"])
    for sex in ("total", "female", "male", "unknown"):
        assert pub2.loc[sex, "value"] == rf.RELEASES[1][sex]  # no number of release 2's block is new
    assert set(pub2.index[pub2["flag"].eq(held_back_flag()).fillna(False)]) == set(rf.REVISED)
    assert not pub2.loc[["total", "female"], "flag"].eq(held_back_flag()).fillna(False).any()
    # The rest of the warehouse is published as without the revision.
    other = protect({"fact_observation": rf.synthetic_fact()}).tables["fact_observation"]
    rest = r2.tables["fact_observation"]
    rest = rest[~(rest["country_iso3"].eq(rf.COUNTRY) & rest["year"].astype(int).eq(rf.YEAR))].reset_index(drop=True)
    pd.testing.assert_frame_equal(rest[[*KEY, "value", "flag"]], other[[*KEY, "value", "flag"]], check_dtype=False)
    # The release recorded for the next one is what was published (release 1's state).
    rec = _jam(r2.release)
    assert rec.loc["male", "value"] == 8 and rec.loc["unknown", "value"] == 0 and not rec.loc[list(rf.REVISED), "withheld"].any()


def test_union_of_both_releases_derives_no_small_count():
    """The bounds audit itself on both releases' relations: release 1 as published; release 2's
    revised cells as unknowns (their new values are published nowhere; held back, their size is
    not revealed: bounded below by 0 only), every other cell as published in release 2."""
    r1 = protect(_release_cells(1))
    r2 = protect(_release_cells(2, _recorded(r1)))
    pub2 = _jam(r2.tables["fact_observation"])
    held = pub2["flag"].eq(held_back_flag()).fillna(False)
    sexes = ["total", "female", "male", "unknown"]
    # cells 0-3: release 1 (total, female, male, unknown); 4-5: release 2's male and unknown
    # (new values); release 2's total and female are release 1's cells (unchanged, published).
    ids2 = {"total": 0, "female": 1, "male": 4 if held["male"] else 2, "unknown": 5 if held["unknown"] else 3}
    truth = np.array([*(rf.RELEASES[1][s] for s in sexes), rf.RELEASES[2]["male"], rf.RELEASES[2]["unknown"]], dtype=float)
    keys = pd.DataFrame(
        [
            {"country_iso3": "JAM", "year": "2019", "indicator": "v", "sex": s, "age_group": "total", "exploitation": "total", "citizenship": "total"}
            for s in sexes
        ]
    )
    relations = dimension_relations(keys, np.arange(4)) + dimension_relations(keys, np.array([ids2[s] for s in sexes]))
    unknown = np.zeros(6, dtype=bool)
    unknown[[4, 5]] = True
    small = np.zeros(6, dtype=bool)  # held back: not known to be small
    assert audit(relations, unknown, truth, small).disclosed == {}
    # ...whereas released as plain suppression (the two small counts known to be 1-4), both are pinned to 4:
    pinned = audit(relations, unknown, truth, unknown)
    assert {c: (lo, hi) for c, (lo, hi, _) in pinned.disclosed.items()} == {4: (4.0, 4.0), 5: (4.0, 4.0)}


def test_later_safe_revision_is_published():
    r1 = protect(_release_cells(1))
    r2 = protect(_release_cells(2, _recorded(r1)))
    recorded = pd.concat([_recorded(r1), r2.release.assign(released_at=pd.Timestamp("2026-02-01"))], ignore_index=True)
    r3 = protect(_release_cells(3, recorded))
    assert r3.unresolved == 0 and r3.held_back == 0
    pub3 = _jam(r3.tables["fact_observation"])
    assert not pub3["flag"].eq(held_back_flag()).fillna(False).any()
    assert pub3.loc["total", "value"] == 26 and pub3.loc["female", "value"] == 12  # the revised figure
    assert pd.isna(pub3.loc["unknown", "value"])  # 4: a small count, withheld as always


def _run(warehouse, release: int, exports, report):
    from ctip import pipeline

    rf.build_warehouse(warehouse, release)
    result, _ = pipeline.export(warehouse, exports)
    page, _ = pipeline.report(warehouse, report)
    return result, page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_end_to_end_exports_and_report_agree(tmp_path):
    """Three builds of one warehouse, each followed by the pipeline's exports and report (as a
    run does): release 2 is published with its revision held back; release 3 with it released."""
    warehouse, exports, report = tmp_path / "warehouse.duckdb", tmp_path / "exports", tmp_path / "report"
    words = held_back_words()
    first, page1 = _run(warehouse, 1, exports, report)
    assert first["held_back"] == 0 and "held back pending disclosure review" not in page1
    second, page2 = _run(warehouse, 2, exports, report)
    assert second["held_back"] == len(rf.REVISED)
    manifest = json.loads((exports / "MANIFEST.json").read_text())
    assert manifest["held_back"] == len(rf.REVISED)
    public = _jam(pd.read_csv(exports / "fact_observation.csv"))
    assert public.loc["male", "value"] == 8 and public.loc["unknown", "value"] == 0
    assert set(public.index[public["flag"].eq(words["flag"])]) == set(rf.REVISED)
    sdmx = pd.read_csv(exports / "sdg_16_2_2_sdmx.csv", dtype=str, keep_default_na=False)
    assert (sdmx["COMMENT_OBS"] == words["sdmx_comment"]).sum() == len(rf.REVISED)  # SEX M and _U
    # the report says how many and why, in the words of schemas/disclosure.yaml
    sentence = words["report_sentence"].format(n=len(rf.REVISED)).split(":")[0]
    assert sentence in page2
    # what was published is recorded: release 3 compares with release 1's state for the block
    cells = read_release_cells(warehouse)
    latest = _jam(cells[cells["release_key"] == cells.sort_values("released_at")["release_key"].iloc[-1]])
    assert latest.loc["male", "value"] == 8 and latest.loc["unknown", "value"] == 0
    third, page3 = _run(warehouse, 3, exports, report)
    assert third["held_back"] == 0 and "held back pending disclosure review" not in page3
    assert "held_back" not in json.loads((exports / "MANIFEST.json").read_text())
    public = _jam(pd.read_csv(exports / "fact_observation.csv"))
    assert public.loc["total", "value"] == 26 and not public["flag"].eq(words["flag"]).any()


def _convicted(total, total_flag=None) -> pd.DataFrame:
    """JAM 2018 persons convicted by form of exploitation; the forms suppressed by the source (<5)."""
    rows = [
        rf._row("JAM", 2018, "persons_convicted", "total", "total", form, "total", value, flag)
        for form, value, flag in (("total", total, total_flag), ("labour", None, "suppressed"), ("sexual", None, "suppressed"))
    ]
    frame = pd.DataFrame(rows)
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    return frame


def test_revision_contradicting_the_previous_release_is_audited_on_its_own():
    """Release 1: the total is <5 too. Release 2 revises it to 8: 8 = labour + sexual, each 0 to 4,
    gives both away (4 and 4), so release 2 alone withholds the total. Against release 1 the two
    releases contradict each other (a total of 0-4 that is 8), so the audit of their union had no
    solution and learnt nothing: the total was published. (In the messy bench, the release after
    such a revision then gave those counts away for good.) Now the new release's own relations are
    audited too when the union has no solution."""
    r1 = protect({"fact_observation": _convicted(None, "suppressed")})
    alone = protect({"fact_observation": _convicted(8)})
    assert alone.tables["fact_observation"]["value"].isna().all()
    r2 = protect({"fact_observation": _convicted(8), "release_cells": _recorded(r1)})
    assert r2.unresolved == 0 and r2.tables["fact_observation"]["value"].isna().all()


@pytest.mark.slow
def test_held_back_cells_take_their_estimates_along():
    """The block in a member and year the estimates cover (LCA 2022, no other figure of LCA): the
    reported (C) rows of the held-back cells are withheld with the held-back note, and no regional
    estimate that adds a new value in is published while the cells it would give away are held back."""
    from ctip.region import dim_country
    from tests.export.conftest import synthetic_estimates, synthetic_population

    members = dim_country()["country_iso3"].tolist()
    population = synthetic_population(members)

    def tables(release, previous=None):
        fact = rf.fact(release, "LCA", 2022)
        est, reg = synthetic_estimates(fact, members, population)
        out = {"fact_observation": fact, "mart_estimates": est, "mart_regional_estimates": reg}
        return {**out, "release_cells": previous} if previous is not None else out

    r1 = protect(tables(1), members=members)
    r2 = protect(tables(2, _recorded(r1)), members=members)
    assert r2.unresolved == 0 and r2.held_back == len(rf.REVISED)
    est = r2.tables["mart_estimates"]
    lca = est[(est["country_iso3"] == "LCA") & (est["year"] == 2022) & (est["indicator"] == rf.INDICATOR)].set_index(["sex", "exploitation"])
    male = lca.loc[("male", "total")]
    assert pd.isna(male["estimate"]) and male["note"] == held_back_words()["estimate_note"]
    # the regional male estimate of 2022 adds LCA's new male figure (4) in: not published
    reg = r2.tables["mart_regional_estimates"]
    row = reg[(reg["year"] == 2022) & (reg["indicator"] == rf.INDICATOR) & (reg["sex"] == "male") & (reg["exploitation"] == "total")].iloc[0]
    assert pd.isna(row["estimate"])

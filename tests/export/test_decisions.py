"""The protection's decision kept between steps (ctip.export.decisions) is read only for the same
inputs: a changed cell, a changed release history, another row order or other members are decided
again, and what is published from a kept decision is what a decision made now publishes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ctip.export import decisions
from ctip.export.suppression import protect
from tests.export import revision_fixture as rf
from tests.export.conftest import synthetic_estimates, synthetic_population
from tests.export.test_flow_releases import _release


def _recorded(public) -> pd.DataFrame:
    return public.release.assign(released_at=pd.Timestamp("2026-01-01"))


def _same(a, b) -> None:
    """Two protections publish the same tables, counts and release cells."""
    assert a.tables.keys() == b.tables.keys()
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_exact=True)
    assert (a.withheld, a.primary, a.complementary, a.unresolved, a.held_back, a.previous_cells) == (
        b.withheld,
        b.primary,
        b.complementary,
        b.unresolved,
        b.held_back,
        b.previous_cells,
    )
    assert (a.audit_solves, a.audit_rounds, a.already_disclosed, a.unresolved_blocks) == (
        b.audit_solves,
        b.audit_rounds,
        b.already_disclosed,
        b.unresolved_blocks,
    )
    pd.testing.assert_frame_equal(a.release.drop(columns="released_at"), b.release.drop(columns="released_at"), check_exact=True)
    for x, y in ((a.flow_withheld, b.flow_withheld), (a.flow_primary, b.flow_primary)):
        assert (x is None and y is None) or np.array_equal(x, y)


def _with_estimates(release: int) -> tuple[dict[str, pd.DataFrame], list[str]]:
    fact = rf.fact(release)
    members = sorted(fact["country_iso3"].unique().tolist())
    estimates, regional = synthetic_estimates(fact, members, synthetic_population(members))
    return {"fact_observation": fact, "mart_estimates": estimates, "mart_regional_estimates": regional}, members


def _public_value(public, country: str, year: int, sex: str) -> object:
    fact = public.tables["fact_observation"]
    sel = fact["country_iso3"].eq(country) & fact["year"].astype(int).eq(year) & fact["indicator"].eq(rf.INDICATOR) & fact["sex"].eq(sex)
    sel &= fact["age_group"].eq("total") & fact["exploitation"].eq("total") & fact["citizenship"].eq("total")
    return fact.loc[sel, "value"].iloc[0]


def test_a_kept_decision_publishes_what_a_new_one_does(tmp_path):
    tables, members = _with_estimates(1)
    made = protect(tables, members=members, decisions=tmp_path)
    assert not made.reused and len(list(tmp_path.glob("*.npz"))) == 1
    kept = protect({name: frame.copy() for name, frame in tables.items()}, members=members, decisions=tmp_path)
    assert kept.reused
    _same(kept, made)
    _same(kept, protect(tables, members=members))  # no cache at all
    # the members are read as a set (a regional estimate's parts): their order is the same input
    assert protect(tables, members=members[::-1], decisions=tmp_path).reused


def test_one_changed_cell_is_decided_again(tmp_path):
    tables = {"fact_observation": rf.fact(1)}
    before = protect(tables, decisions=tmp_path)
    assert _public_value(before, rf.COUNTRY, rf.YEAR, "male") == 8
    changed = rf.fact(1)
    at = changed.index[changed["country_iso3"].eq(rf.COUNTRY) & changed["year"].eq(rf.YEAR) & changed["indicator"].eq(rf.INDICATOR) & changed["sex"].eq("male")]
    changed.loc[at, "value"] = 3  # one cell, now a small count: withheld, and a complement with it
    after = protect({"fact_observation": changed}, decisions=tmp_path)
    assert not after.reused
    assert pd.isna(_public_value(after, rf.COUNTRY, rf.YEAR, "male"))
    _same(after, protect({"fact_observation": changed}))


def test_a_changed_release_history_is_decided_again(tmp_path):
    """Release 2 against no history, against release 1 and against release 3: three decisions
    (release 1's published cells make release 2 hold its revision back)."""
    r1 = protect({"fact_observation": rf.fact(1)})
    r3 = protect({"fact_observation": rf.fact(3)})
    alone = protect({"fact_observation": rf.fact(2)}, decisions=tmp_path)
    assert alone.held_back == 0 and pd.isna(_public_value(alone, rf.COUNTRY, rf.YEAR, "male"))
    seen = [alone]
    for history in (_recorded(r1), _recorded(r3)):
        given = {"fact_observation": rf.fact(2), "release_cells": history}
        decided = protect(given, decisions=tmp_path)
        assert not decided.reused
        _same(decided, protect(given))
        seen.append(decided)
    assert seen[1].held_back == len(rf.REVISED) and _public_value(seen[1], rf.COUNTRY, rf.YEAR, "male") == 8
    for i, a in enumerate(seen):
        for b in seen[i + 1 :]:
            assert not a.tables["fact_observation"].equals(b.tables["fact_observation"])
    # one cell of the history changed (release 1's male recorded as withheld): decided again
    history = _recorded(r1)
    at = history.index[history["country_iso3"].eq(rf.COUNTRY) & history["year"].eq(rf.YEAR) & history["sex"].eq("male")]
    history.loc[at, "withheld"] = True
    given = {"fact_observation": rf.fact(2), "release_cells": history}
    decided = protect(given, decisions=tmp_path)
    assert not decided.reused
    _same(decided, protect(given))
    assert protect({"fact_observation": rf.fact(2), "release_cells": _recorded(r1)}, decisions=tmp_path).reused


def test_flows_and_their_previous_release(tmp_path):
    first = _release({"TTO": 6, "VEN": 25, "GUY": 9})
    r1 = protect(first)
    second = {**_release({"TTO": 6, "VEN": 25, "GUY": 9, "HTI": 2}), "release_cells": _recorded(r1)}
    made = protect(second, decisions=tmp_path)
    kept = protect({k: v.copy() for k, v in second.items()}, decisions=tmp_path)
    assert not made.reused and kept.reused and kept.flow_withheld.any()
    _same(kept, made)
    flows = second["fact_flow"].copy()
    flows.loc[flows["partner_iso3"].eq("GUY"), "value"] = 10  # one flow changed
    assert not protect({**second, "fact_flow": flows}, decisions=tmp_path).reused


def test_another_row_order_is_decided_again(tmp_path):
    tables, members = _with_estimates(1)
    protect(tables, members=members, decisions=tmp_path)
    shuffled = {**tables, "mart_estimates": tables["mart_estimates"].iloc[::-1].reset_index(drop=True)}
    decided = protect(shuffled, members=members, decisions=tmp_path)
    assert not decided.reused
    _same(decided, protect(shuffled, members=members))
    assert not protect(tables, members=members[:-1], decisions=tmp_path).reused  # other members


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "another key", "other lengths"])
def test_a_damaged_or_foreign_entry_is_decided_again(tmp_path, damage):
    tables = {"fact_observation": rf.fact(1)}
    made = protect(tables, decisions=tmp_path)
    (entry,) = tmp_path.glob("*.npz")
    data = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        entry.write_bytes(data[:100] + bytes(b ^ 0xFF for b in data[100:200]) + data[200:])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "another key":  # an entry stored for other inputs, under this name
        other = tmp_path / "other"
        protect({"fact_observation": rf.fact(3)}, decisions=other)
        entry.write_bytes(next(other.glob("*.npz")).read_bytes())
    else:  # the same key, arrays of another length
        key = entry.stem
        fewer = rf.fact(1).iloc[:-1]
        decision = decisions.load(tmp_path, key, tables)
        decisions.store(
            tmp_path, key, {"fact_observation": fewer}, decisions.Decision(decision.fact_withheld[:-1], decision.fact_complement[:-1], decision.held[:-1])
        )
    again = protect(tables, decisions=tmp_path)
    assert not again.reused
    _same(again, made)
    assert protect(tables, decisions=tmp_path).reused  # stored anew


def test_text_the_hash_could_confuse_is_not_kept(tmp_path):
    fact = rf.fact(1)
    fact.loc[0, "source_sheet"] = "Victims\x1f2019"
    assert decisions.decision_key({"fact_observation": fact}, None) is None
    assert not protect({"fact_observation": fact}, decisions=tmp_path).reused
    assert not protect({"fact_observation": fact}, decisions=tmp_path).reused
    assert not list(tmp_path.glob("*.npz"))
    ids = rf.fact(1).assign(big=np.int64(2**60))
    assert decisions.decision_key({"fact_observation": ids}, None) is None


def test_only_the_last_entries_are_kept(tmp_path):
    for release in (1, 2, 3):
        for country in ("JAM", "TTO"):
            protect({"fact_observation": rf.fact(release, country=country)}, decisions=tmp_path)
    assert len(list(tmp_path.glob("*.npz"))) == decisions.KEEP


def test_the_report_reads_the_exports_decision(synthetic_warehouse_with_estimates, tmp_path, monkeypatch):
    """The exports decide once; the report's tables are then published from that decision (no
    solve), and are the tables a report deciding anew shows."""
    from ctip.export import suppression, write_exports
    from ctip.report.data import load_report_data

    warehouse = synthetic_warehouse_with_estimates
    write_exports(warehouse, tmp_path / "exports")
    assert len(list(decisions.folder(warehouse).glob("*.npz"))) == 1
    decided = suppression._decided

    def not_again(*args, **kwargs):
        raise AssertionError("the report decided again")

    monkeypatch.setattr(suppression, "_decided", not_again)
    kept = load_report_data(warehouse)
    monkeypatch.setattr(suppression, "_decided", decided)
    for entry in decisions.folder(warehouse).glob("*.npz"):
        entry.unlink()
    fresh = load_report_data(warehouse)
    for name in ("country_year", "regional_year", "estimates", "regional_estimates", "hidden"):
        a, b = getattr(kept, name), getattr(fresh, name)
        assert (a is None) == (b is None)
        if a is not None:
            pd.testing.assert_frame_equal(a, b, check_exact=True)

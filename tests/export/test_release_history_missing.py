"""A release history that is gone (deleted, a backup of the marts folder that skipped it) while an
earlier release is in evidence stops the exports and the report like a damaged one, until an
operator restores it or accepts a fresh history (attack4 I-L: release 1 published female 20 and
total 28; with releases.duckdb gone, release 2 published total 53 and unknown 30, so male =
53 - 30 - 20 = 3). A truly first release still publishes."""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest

from ctip.export.releases import ReleaseHistoryMissing
from ctip.pipeline import build, discover, export, report, stage_all
from ctip.warehouse.release_history import MISSING, notes, notice_missing


def _write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _release_1(raw) -> None:
    _write(raw / "TTO" / "tip.csv", "Indicator,2019,2020,2021\nVictims identified,14,19,22\n")
    _write(raw / "GUY" / "tip.csv", "Indicator,2019,2020,2021\nVictims identified,131,98,110\n")
    _write(raw / "JAM" / "v1.csv", "Victims identified by sex 2021\nSex,Number\nFemale,20\nTotal,28\n")


def _release_2(raw) -> None:
    _write(raw / "JAM" / "v2.csv", "Victims identified by sex 2021 (complete)\nSex,Number\nFemale,20\nMale,3\nSex unknown,30\nTotal,53\n")


def _jam_2021(marts) -> dict[str, str]:
    """JAM 2021 victims by sex as fact_observation.csv publishes them ('' when withheld)."""
    with open(marts / "exports" / "fact_observation.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["country_iso3"] == "JAM" and r["year"] == "2021" and r["indicator"] == "victims_detected"]
    return {r["sex"]: r["value"] for r in rows if r["age_group"] == "total" and r["exploitation"] == "total" and r["citizenship"] == "total"}


def _missing_notes(marts) -> list:
    return sorted(marts.glob(f"releases.duckdb{MISSING}*"))


def test_a_gone_history_with_exports_on_disk_stops_publication_until_an_operator_decides(project_dirs, caplog):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _release_1(raw)
    build(stage_all(discover()))
    export()  # a truly first release: published, nothing to decide
    assert _missing_notes(marts) == []
    first = _jam_2021(marts)
    assert first["female"] == "20" and first["total"] == "28" and first.get("male", "") == ""
    published = (marts / "exports" / "fact_observation.csv").read_bytes()
    (marts / "releases.duckdb").unlink()  # an operator's clean-up, a restore that skipped it
    _release_2(raw)
    build(stage_all(discover()))  # the warehouse and feedback are still built
    [note] = _missing_notes(marts)
    assert "missing" in caplog.text and note.name in caplog.text
    for publish in (export, report):
        with pytest.raises(ReleaseHistoryMissing, match=r"missing although a release was published before.*MANIFEST\.json.*Restore it") as raised:
            publish()
        assert note.name in str(raised.value)
    assert (marts / "exports" / "fact_observation.csv").read_bytes() == published  # release 1 stays as it was
    assert not (marts / "report").exists() or not any((marts / "report").glob("*.html"))
    # The operator accepts a history that starts afresh: the removal is remembered, not noticed again.
    note.unlink()
    build(stage_all(discover()))
    assert _missing_notes(marts) == []
    export()
    assert _jam_2021(marts)["total"] == "53"
    build(stage_all(discover()))
    assert _missing_notes(marts) == [] and notes(marts / "releases.duckdb") == []


def test_a_restored_history_protects_the_next_release_against_the_last_one(project_dirs):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _release_1(raw)
    build(stage_all(discover()))
    export()
    backup = project_dirs["root"] / "releases.backup.duckdb"
    shutil.copyfile(marts / "releases.duckdb", backup)
    (marts / "releases.duckdb").unlink()
    _release_2(raw)
    build(stage_all(discover()))
    with pytest.raises(ReleaseHistoryMissing):
        export()
    shutil.copyfile(backup, marts / "releases.duckdb")  # restored over the empty history
    build(stage_all(discover()))
    export()
    second = _jam_2021(marts)
    # female 20 is public from release 1: total, unknown and female of release 2 would give male 3
    known = {s: float(v) for s, v in second.items() if v}
    known.setdefault("female", 20.0)
    assert not {"total", "unknown"} <= known.keys() or known["total"] - known["unknown"] - known["female"] != 3
    assert second.get("male", "") == ""


def test_the_warehouse_copy_of_the_history_is_evidence_too(tmp_path):
    """Exports written elsewhere (no MANIFEST beside the warehouse) but the warehouse holds its copy
    of release_cells: the history gone is noticed before a build drops that copy."""
    warehouse = tmp_path / "trial" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create table release_cells (release_key varchar, value double)")
        con.execute("insert into release_cells values ('r1', 20)")
    note = notice_missing(warehouse)
    assert note is not None and note.exists()
    assert "copy of release_cells (1 cells)" in note.read_text(encoding="utf-8")
    assert (warehouse.parent / "releases.duckdb").exists()  # an empty history beside the note
    assert notice_missing(warehouse) is None  # noticed once


def test_a_first_release_has_nothing_to_notice(tmp_path):
    warehouse = tmp_path / "trial" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create table fact_observation (x int)")
    (tmp_path / "trial" / "exports").mkdir()  # an exports folder without a MANIFEST: never published
    assert notice_missing(warehouse) is None
    assert not (tmp_path / "trial" / "releases.duckdb").exists()

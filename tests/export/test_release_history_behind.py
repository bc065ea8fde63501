"""A release history restored from an older backup (its last release is not the last one
published) stops the exports and the report like a missing one, until an operator restores the
right history or accepts (attack5 J-D: release 1 withheld Grenada's female 4 and male 12 and
published total 16; with the history restored from release 0's backup, release 2 - female 5,
male 12, total 17 - published male 12, and 16 - 12 = 4)."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from ctip.export.releases import ReleaseHistoryBehind
from ctip.pipeline import build, discover, export, report, stage_all
from ctip.warehouse.release_history import BEHIND, MARK, behind


def _write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _grd(raw, name: str, female: int, male: int, total: int) -> None:
    _write(raw / "GRD" / name, f"Victims identified by sex 2023\nSex,Number\nFemale,{female}\nMale,{male}\nTotal,{total}\n")


def _grd_2023(marts) -> dict[str, str]:
    with open(marts / "exports" / "fact_observation.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["country_iso3"] == "GRD" and r["year"] == "2023" and r["indicator"] == "victims_detected"]
    return {r["sex"]: r["value"] for r in rows if r["age_group"] == "total" and r["exploitation"] == "total" and r["citizenship"] == "total"}


def _behind_notes(marts) -> list:
    return sorted(marts.glob(f"releases.duckdb{BEHIND}*"))


def _three_releases(project_dirs):
    """Release 0 (backed up), release 1 (GRD 4/12/16), the history restored from release 0's
    backup, and GRD's revision 5/12/17 built. Returns the backups (release 0's, release 1's)."""
    raw, marts, root = project_dirs["raw"], project_dirs["marts"], project_dirs["root"]
    _write(raw / "TTO" / "tip.csv", "Indicator,2019,2020,2021\nVictims identified,14,19,22\n")
    build(stage_all(discover()))
    export()
    backup_0 = root / "releases.r0.duckdb"
    shutil.copyfile(marts / "releases.duckdb", backup_0)
    _grd(raw, "grd_2023.csv", 4, 12, 16)
    build(stage_all(discover()))
    export()
    first = _grd_2023(marts)
    assert first.get("female", "") == "" and first.get("male", "") == "" and first["total"] == "16"
    assert json.loads((marts / "exports" / "MANIFEST.json").read_text())[MARK]  # the release is marked
    backup_1 = root / "releases.r1.duckdb"
    shutil.copyfile(marts / "releases.duckdb", backup_1)
    shutil.copyfile(backup_0, marts / "releases.duckdb")  # the operator restores the backup he has
    _grd(raw, "grd_2023_revised.csv", 5, 12, 17)
    build(stage_all(discover()))
    return backup_0, backup_1


def test_a_history_restored_from_an_older_backup_stops_publication(project_dirs, caplog):
    marts = project_dirs["marts"]
    _, backup_1 = _three_releases(project_dirs)
    published = (marts / "exports" / "fact_observation.csv").read_bytes()
    for publish in (export, report):
        with pytest.raises(ReleaseHistoryBehind, match=r"behind the releases published.*MANIFEST\.json.*Restore the latest history"):
            publish()
    [note] = _behind_notes(marts)
    assert note.name in caplog.text
    assert (marts / "exports" / "fact_observation.csv").read_bytes() == published  # release 1 stays as it was
    # The right history restored: published, protected against release 1 (male stays withheld).
    shutil.copyfile(backup_1, marts / "releases.duckdb")
    build(stage_all(discover()))
    export()
    second = _grd_2023(marts)
    assert second.get("male", "") == ""
    assert _behind_notes(marts) == []


def test_removing_the_note_publishes_and_is_remembered(project_dirs):
    marts = project_dirs["marts"]
    _three_releases(project_dirs)
    with pytest.raises(ReleaseHistoryBehind):
        export()
    [note] = _behind_notes(marts)
    note.unlink()  # the operator accepts a history without release 1
    build(stage_all(discover()))
    export()
    assert _grd_2023(marts)["total"] == "17"
    assert _behind_notes(marts) == [] and behind(marts / "warehouse.duckdb") is None

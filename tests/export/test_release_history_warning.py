"""A release made with no release history although releases may have been made before is said
loudly (attack3 H-O, the release-history half: a marts folder rebuilt from data/raw/ forgets
what was published): exports written before, or drop-folder files older than a day."""

from __future__ import annotations

import os
import time

from ctip.export.releases import history_warning, releases_path


def test_history_warning(tmp_path):
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    out, raw = tmp_path / "marts" / "exports", tmp_path / "raw"
    (raw / "JAM").mkdir(parents=True)
    new = raw / "JAM" / "a.csv"
    new.write_text("Indicator,2021\nVictims identified,12\n", encoding="utf-8")
    # a fresh install with files just dropped: nothing to say
    assert history_warning(warehouse, out, raw) is None
    # a file modified two days ago (copied with cp -a from another server)
    old = raw / "JAM" / "b.csv"
    old.write_text("Indicator,2020\nVictims identified,9\n", encoding="utf-8")
    then = time.time() - 2 * 86_400
    os.utime(old, (then, then))
    said = history_warning(warehouse, out, raw)
    assert said and "1 files" in said and "releases.duckdb" in said
    # exports written before into this folder, the history gone: said more strongly
    out.mkdir(parents=True)
    (out / "MANIFEST.json").write_text("{}", encoding="utf-8")
    said = history_warning(warehouse, out, None)
    assert said and "written before" in said and "protected only against itself" in said
    # a history: nothing to say
    releases_path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    releases_path(warehouse).write_bytes(b"")
    assert history_warning(warehouse, out, raw) is None

"""Within one `ctip run` the drop folder is examined (every file hashed) once while it does not
change (ctip.pipeline.shared_discovery); any change, or a file still being copied, is looked at again."""

from __future__ import annotations

import os
import time

import pytest

from ctip import pipeline
from tests.submissions_factory import write_wide


@pytest.fixture
def examined(monkeypatch):
    calls = []
    real = pipeline.list_submission_files

    def counting(root):
        calls.append(root)
        return real(root)

    monkeypatch.setattr(pipeline, "list_submission_files", counting)
    return calls


def _ids(found):
    files, left = found
    return [(f.submission_id, f.relative, f.received_at) for f in files], left


def test_an_unchanged_folder_is_examined_once_within_a_run(project_dirs, examined):
    raw = project_dirs["raw"]
    write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2019: 5}})
    write_wide(raw / "BRB" / "b.xlsx", {"Persons convicted": {2021: 4}})
    outside = _ids(pipeline.discover_settled())
    with pipeline.shared_discovery():
        first = pipeline.discover_settled()
        second = pipeline.discover_settled()
    assert len(examined) == 2  # once outside, once within
    assert _ids(first) == _ids(second) == outside
    assert first[0] is not second[0]  # each caller its own list
    pipeline.discover_settled()
    assert len(examined) == 3  # outside a run: every time


@pytest.mark.parametrize("change", ["added", "rewritten", "removed", "mtime put back"])
def test_a_change_in_the_folder_is_examined_again(project_dirs, examined, change):
    raw = project_dirs["raw"]
    a = write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2019: 5}}, mtime=1_704_067_200)
    with pipeline.shared_discovery():
        before = pipeline.discover_settled()
        if change == "added":
            write_wide(raw / "BRB" / "b.xlsx", {"Persons convicted": {2021: 4}})
        elif change == "removed":
            a.unlink()
        else:
            write_wide(a, {"Victims identified": {2019: 6}}, mtime=1_704_067_200 if change == "mtime put back" else None)
        after = pipeline.discover_settled()
    assert len(examined) == 2
    assert _ids(after) != _ids(before)
    assert _ids(after) == _ids(pipeline.discover_settled())  # what examining it afresh finds


def test_a_file_still_being_copied_is_looked_at_again(project_dirs, examined, monkeypatch):
    raw = project_dirs["raw"]
    monkeypatch.setenv("CTIP_SETTLE_SECONDS", "3600")
    monkeypatch.setenv("CTIP_SETTLE_WAIT_SECONDS", "0")
    path = write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2019: 5}})
    now = time.time()
    os.utime(path, (now, now))
    with pipeline.shared_discovery():
        files, left = pipeline.discover_settled()
        assert not files and len(left) == 1
        pipeline.discover_settled()
    assert len(examined) == 2

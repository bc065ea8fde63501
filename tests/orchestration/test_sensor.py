"""The drop-folder sensor's planning: stable files only, content hashes, removals."""

from __future__ import annotations

import os

from ctip.orchestration.sensors import DropState, plan_tick
from tests.submissions_factory import write_wide


def test_new_file_needs_two_stable_ticks(tmp_path):
    raw = tmp_path / "raw"
    f = write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2020: 5}})
    old = f.stat().st_mtime - 60
    os.utime(f, (old, old))
    new, removed, state = plan_tick(raw, DropState(), now=old + 100)
    assert new == [] and "JAM/a.xlsx" in state.pending  # seen once: may still be being written
    new, removed, state = plan_tick(raw, state, now=old + 120)
    assert len(new) == 1 and removed == []
    new, removed, state2 = plan_tick(raw, state, now=old + 140)
    assert new == [] and state2.files == state.files  # unchanged: nothing to do


def test_growing_file_is_not_registered(tmp_path):
    raw = tmp_path / "raw"
    f = write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2020: 5}})
    _, _, state = plan_tick(raw, DropState())
    with open(f, "ab") as fh:
        fh.write(b"\0")
    new, _, state = plan_tick(raw, state, now=f.stat().st_mtime + 100)
    assert new == []


def test_copy_of_known_content_starts_a_run_and_removal_is_seen(tmp_path):
    raw = tmp_path / "raw"
    f = write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2020: 5}})
    t = f.stat().st_mtime
    _, _, state = plan_tick(raw, DropState(), now=t + 10)
    _, _, state = plan_tick(raw, state, now=t + 20)
    (raw / "JAM" / "copy.xlsx").write_bytes(f.read_bytes())
    os.utime(raw / "JAM" / "copy.xlsx", (t, t))
    _, _, state = plan_tick(raw, state, now=t + 30)
    new, _, state = plan_tick(raw, state, now=t + 40)
    # Same content, same submission, but a new arrival: a re-sent original makes its figures
    # current again (warehouse/precedence.py), so the copy starts a run.
    assert len(new) == 1
    new, _, state = plan_tick(raw, state, now=t + 45)
    assert new == []  # seen once: nothing more to do
    f.unlink()
    new, removed, state = plan_tick(raw, state, now=t + 50)
    assert removed == ["JAM/a.xlsx"]
    assert DropState.load(state.dump()).files == state.files

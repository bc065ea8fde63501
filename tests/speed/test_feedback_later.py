"""Feedback off the facts' path (issue 13): a run's staging keeps each new result for its feedback,
and the folders are written after the warehouse is published, in the same run, the same bytes as
writing them while staging; a file over the run's cell budget still gets its feedback; what a
killed run left is written by the next. One rule decides whether a child helps (a core to spare)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from ctip import pipeline, processes
from ctip.estimate import fit_pool
from ctip.stage import pending, pool
from tests.speed.test_stage_pool import TABLES, _drop, _feedback, _sorted, _stage, corpus  # noqa: F401 - corpus: a fixture
from tests.submissions_factory import write_wide


@pytest.mark.parametrize(("workers", "run_cells"), [(0, None), (0, 400), (2, None), (2, 400)])
def test_feedback_written_after_staging_is_what_staging_wrote(tmp_path, corpus, monkeypatch, workers, run_cells):  # noqa: F811
    if run_cells:  # the run's budget runs out part way: those files are rejected for this run, with feedback
        monkeypatch.setenv("CTIP_MAX_RUN_CELLS", str(run_cells))
    if workers:  # the staging pool and the feedback child, every chunk read by a child
        monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 0)
        monkeypatch.setattr(pipeline, "FORCE_POOL", True)
        monkeypatch.setattr(pipeline, "POOL_CHUNK_FILES", 3)
        monkeypatch.setattr(pipeline, "FEEDBACK_CHUNK", 4)
        monkeypatch.setattr(pool, "INLINE", False)
    raw = tmp_path / "raw"
    _drop(raw, corpus)
    inline, fi = _stage(tmp_path / "inline", raw, monkeypatch, 0, keep=True)
    later, fl = _stage(tmp_path / "later", raw, monkeypatch, workers, keep=True, feedback_later=True)
    # Staged the same, and no feedback folder yet: every new result waits for it.
    for name in TABLES:
        assert _sorted(getattr(fi, name)).equals(_sorted(getattr(fl, name))), name
    assert not (tmp_path / "later" / "feedback").exists()
    kept = pending.waiting(tmp_path / "later" / "staging")
    assert [p.name for p in kept] == sorted(later.results)
    assert all(r.grids is None for r in later.results.values())  # the sheets are not held by the batch
    if run_cells:
        assert inline.unstored and [r.submission["submission_id"] for r in later.unstored] == [r.submission["submission_id"] for r in inline.unstored]
    written = pipeline.write_pending_feedback(tmp_path / "later" / "staging", tmp_path / "later" / "feedback")
    assert written == len(inline.results)
    assert _feedback(tmp_path / "inline") == _feedback(tmp_path / "later")
    assert not pending.folder(tmp_path / "later" / "staging").exists()  # the store keeps its batches only
    if run_cells:  # a file over the budget says so in its feedback
        sid = inline.unstored[0].submission["submission_id"]
        assert "cells" in (tmp_path / "later" / "feedback" / sid / "summary.md").read_text()
    assert not multiprocessing.active_children()


def test_a_run_publishes_the_facts_before_writing_feedback_and_the_next_run_writes_what_a_kill_left(project_dirs):
    import dagster as dg

    from ctip.runner import run_main_job

    raw, marts = project_dirs["raw"], project_dirs["marts"]
    for iso3, value in (("JAM", 50), ("GUY", 12)):
        write_wide(raw / iso3 / "a.xlsx", {"Victims identified": {2020: value}})
    outcome = run_main_job()
    assert outcome.success, outcome.error
    files = pipeline.discover()
    for sf in files:
        assert (marts / "feedback" / sf.submission_id / "summary.md").exists()
        assert (marts / "feedback" / sf.submission_id / "annotated.xlsx").exists()
    assert not pending.folder(marts / "staging").exists()
    stats = {s.step_key: s for s in dg.DagsterInstance.get().get_run_step_stats(outcome.run_id)}
    assert stats["submission_feedback"].start_time >= stats["warehouse"].end_time
    # A run killed after staging (before the feedback step) leaves the results pending ...
    write_wide(raw / "BRB" / "b.xlsx", {"Victims identified": {2021: 7}})
    staged = pipeline.stage_batch(pipeline.discover(), feedback_later=True)
    (new,) = [sid for sid, cached in staged.cached.items() if not cached]
    assert not (marts / "feedback" / new).exists() and pending.waiting(marts / "staging")
    # ... and the next run (nothing left to stage) writes them.
    again = run_main_job()
    assert again.success, again.error
    assert (marts / "feedback" / new / "summary.md").exists() and not pending.folder(marts / "staging").exists()


@pytest.mark.parametrize(("load", "spare"), [(0.2, 1), (1.0, 1), (1.3, 1), (1.4, 1), (1.6, 0), (3.0, 0)])
def test_one_rule_for_a_core_to_spare(tmp_path, monkeypatch, load, spare):
    """2 cores, the run's own process counted in the load: at 1.3 (measured on an idle machine
    during a run) the staging pool gets its child, as the estimates' fits do."""
    from ctip.intake.discover import describe_file

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr("os.getloadavg", lambda: (load, load, load))
    assert processes.spare_cores() == fit_pool.spare_cores() == spare
    for i in range(3):
        write_wide(tmp_path / "JAM" / f"t{i}.xlsx", {"Victims identified": {2019: i}})
    files = [describe_file(p, tmp_path) for p in sorted((tmp_path / "JAM").iterdir())]
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 3)
    monkeypatch.setenv("CTIP_STAGE_WORKERS", "1")
    assert pipeline.pool_workers(files) == spare


def test_a_damaged_pending_result_is_dropped_not_fatal(tmp_path):
    staging_root = tmp_path / "staging"
    pending.folder(staging_root).mkdir(parents=True)
    (pending.folder(staging_root) / "0123456789abcdef").write_bytes(b"not a pickle")
    assert pipeline.write_pending_feedback(staging_root, tmp_path / "feedback") == 0
    assert not pending.folder(staging_root).exists()
    assert not Path(tmp_path / "feedback" / "0123456789abcdef").exists()

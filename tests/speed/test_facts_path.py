"""Work taken off the path to the published facts (issue 13, ninth session): the staging pool's
children started while Dagster creates the run and taken by the staging step; the cells marked
not available built as a frame without pandas' conversions when their years are ints; results
kept for later feedback without the tables the feedback does not read."""

from __future__ import annotations

import multiprocessing
import pickle

import pandas as pd

from ctip import pipeline
from ctip.harmonise.observations import NOT_AVAILABLE_COLUMNS
from ctip.stage import pending, pool, staging
from ctip.stage.submission import SubmissionResult, _not_available_frame
from tests.submissions_factory import write_wide


def _na_rows(years) -> list[dict]:
    base = {c: f"x{c}" for c in NOT_AVAILABLE_COLUMNS}
    return [{**base, "year": y, "source_cell": f"B{i}"} for i, y in enumerate(years)]


def _converted(na_rows: list[dict]) -> pd.DataFrame:
    """The frame as staging built it for every file before (pandas' conversions, always)."""
    na = pd.DataFrame(list(na_rows), columns=NOT_AVAILABLE_COLUMNS)
    na["year"] = pd.to_numeric(na["year"], errors="coerce")
    return na.dropna(subset=["year"]).astype({"year": "int64"}).reset_index(drop=True)


def test_cells_not_available_give_the_frame_the_conversions_gave():
    for years in ([2019, 2020, 2020], [2021], ["2019", 2020], [None, 2018, "x", 2020.0]):
        rows = _na_rows(years)
        got, want = _not_available_frame(rows), _converted(rows)
        pd.testing.assert_frame_equal(got, want, check_index_type=True)
        assert list(got.dtypes) == list(want.dtypes) and str(got["year"].dtype) == "int64"
    assert len(_not_available_frame(_na_rows([None, "x"]))) == 0


def test_an_empty_result_has_its_own_empty_not_available_frame():
    a = SubmissionResult(submission={}, observations=pd.DataFrame(), quarantine=pd.DataFrame())
    b = SubmissionResult(submission={}, observations=pd.DataFrame(), quarantine=pd.DataFrame())
    assert a.not_available is not b.not_available
    assert list(a.not_available.columns) == NOT_AVAILABLE_COLUMNS and a.not_available.empty
    a.not_available.loc[0] = ["x"] * len(NOT_AVAILABLE_COLUMNS)  # one result's frame changed: not the next one's
    assert SubmissionResult(submission={}, observations=pd.DataFrame(), quarantine=pd.DataFrame()).not_available.empty


def test_a_result_kept_for_feedback_leaves_out_what_feedback_does_not_read(tmp_path):
    flows = pd.DataFrame({"a": [1]})
    na = pd.DataFrame({"b": [2]})
    result = SubmissionResult(submission={"submission_id": "s"}, observations=pd.DataFrame(), quarantine=pd.DataFrame(), flows=flows, not_available=na)
    result.grids = ["sheet"]
    path = pending.keep(result, tmp_path / "pending" / "s")
    kept = pickle.loads(path.read_bytes())
    assert kept.flows is None and kept.capture is None
    assert kept.not_available.equals(na)  # feedback.withdrawn reads it
    assert kept.grids == ["sheet"] and result.grids is None
    assert result.flows is flows  # the result staging goes on with keeps its tables


def _children() -> set[int]:
    return {p.pid for p in multiprocessing.active_children()}


def test_prestarted_children_are_taken_by_the_staging_of_the_run(project_dirs, tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    for i in range(7):
        write_wide(raw / "JAM" / f"tip_{i}.xlsx", {"Victims identified": {2010 + i: 5 + i}})
    files = pipeline.discover(raw)
    monkeypatch.setenv("CTIP_STAGE_WORKERS", "1")
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 0)
    monkeypatch.setattr(pipeline, "FORCE_POOL", True)
    monkeypatch.setattr(pipeline, "POOL_CHUNK_FILES", 2)
    monkeypatch.setattr(pool, "INLINE", False)  # every chunk read by a child: the prestarted one
    started = []
    real = pool._Pool._start
    monkeypatch.setattr(pool._Pool, "_start", lambda self: (started.append(1), real(self)))
    pipeline.prestart_pool(files)
    assert pool._PRESTARTED is not None and len(started) == 1
    staged = pipeline.stage_batch(files, staging_root=tmp_path / "staging", feedback_root=tmp_path / "feedback", feedback_later=True)
    assert len(started) == 1, "the staging step started children of its own"
    assert pool._PRESTARTED is None and pool.STATS["child_chunks"] == 4
    assert len(staging.frames(tmp_path / "staging", staged.entries).observations) == 7
    assert not [p for p in multiprocessing.active_children() if p.name == "ctip-stage"]


def test_prestarted_children_not_taken_are_stopped(project_dirs, tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    write_wide(raw / "JAM" / "tip.xlsx", {"Victims identified": {2010: 5}})
    monkeypatch.setenv("CTIP_STAGE_WORKERS", "1")
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 0)
    monkeypatch.setattr(pipeline, "FORCE_POOL", True)
    pipeline.prestart_pool(pipeline.discover(raw))
    assert [p for p in multiprocessing.active_children() if p.name == "ctip-stage"]
    pipeline.discard_pool()
    assert pool._PRESTARTED is None
    assert not [p for p in multiprocessing.active_children() if p.name == "ctip-stage"]


def test_children_prestarted_for_other_settings_are_not_used(project_dirs, tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    for i in range(3):
        write_wide(raw / "JAM" / f"tip_{i}.xlsx", {"Victims identified": {2010 + i: 5}})
    files = pipeline.discover(raw)
    monkeypatch.setenv("CTIP_STAGE_WORKERS", "1")
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 0)
    monkeypatch.setattr(pipeline, "FORCE_POOL", True)
    pipeline.prestart_pool(files)
    first = pool._PRESTARTED
    monkeypatch.setenv("CTIP_MAX_FILE_CELLS", "123456")  # the settings changed since: the children lack them
    taken = pool._pool(1, tmp_path / "feedback", (pending.keep.__module__,))
    try:
        assert taken is not first and first.children == []
    finally:
        taken.close(clean=False)


def test_prestarted_children_are_stopped_when_staging_reads_alone(project_dirs, tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    write_wide(raw / "JAM" / "tip.xlsx", {"Victims identified": {2010: 5}})
    files = pipeline.discover(raw)
    monkeypatch.setenv("CTIP_STAGE_WORKERS", "1")
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 0)
    monkeypatch.setattr(pipeline, "FORCE_POOL", True)
    pipeline.prestart_pool(files)
    assert pool._PRESTARTED is not None
    monkeypatch.setenv("CTIP_STAGE_WORKERS", "0")  # by the time the step stages, no core to spare
    pipeline.stage_batch(files, staging_root=tmp_path / "staging", feedback_root=tmp_path / "feedback", feedback_later=True)
    assert pool._PRESTARTED is None
    assert not [p for p in multiprocessing.active_children() if p.name == "ctip-stage"]

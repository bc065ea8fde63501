"""The staging pool (issue 13): a large batch is read by the run's process and child processes,
and stages exactly what reading the files one after another stages; a child that dies or hangs on
a file loses that file only; no child outlives the batch."""

from __future__ import annotations

import multiprocessing
import shutil
import zipfile
from pathlib import Path

import pytest

from ctip import pipeline
from ctip.stage import pool, staging
from tests.corpus_realistic.generate import generate_corpus
from tests.submissions_factory import write_wide

TABLES = ("submissions", "observations", "quarantine", "capture", "flows")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("realistic")
    generate_corpus(raw)
    return raw


def _drop(raw: Path, corpus: Path | None, names=()) -> None:
    """Varied files: the realistic corpus (layouts, languages, quarantines, rejections), wide
    workbooks, and the named ones."""
    if corpus is not None:
        shutil.copytree(corpus, raw)
    for i in range(6):
        write_wide(raw / "JAM" / f"tip_{i}.xlsx", {"Victims identified": {2010 + i: 5 + i}, "Persons convicted": {2012: i}})
    for name in names:
        write_wide(raw / "BRB" / name, {"Victims identified": {2019: 7}})


def _stage(root: Path, raw: Path, monkeypatch, workers: int, **kw):
    monkeypatch.setenv("CTIP_STAGE_WORKERS", str(workers))
    # one marts folder per test (its stagings compare, so they share the arrival times staging
    # records in <marts>/arrivals/ledger.json): two test files staging the same names on two
    # workers mixed their arrival times in the default one
    monkeypatch.setenv("CTIP_MARTS", str(root.parent / "marts"))
    staged = pipeline.stage_batch(pipeline.discover(raw), staging_root=root / "staging", feedback_root=root / "feedback", **kw)
    return staged, staging.frames(root / "staging", staged.entries)


def _sorted(frame):
    return frame.sort_values(list(frame.columns), key=lambda s: s.astype(str)).reset_index(drop=True)


def _feedback(root: Path) -> dict[str, object]:
    out = {}
    for p in sorted((root / "feedback").rglob("*")):
        if p.is_file():
            if p.suffix == ".xlsx":
                with zipfile.ZipFile(p) as z:  # docProps/core.xml holds the time of writing
                    out[str(p.relative_to(root))] = {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
            else:
                out[str(p.relative_to(root))] = p.read_bytes()
    return out


@pytest.fixture
def forced(monkeypatch):
    """The pool on for any batch, chunks of three files, and every chunk read by a child."""
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 0)
    monkeypatch.setattr(pipeline, "FORCE_POOL", True)
    monkeypatch.setattr(pipeline, "POOL_CHUNK_FILES", 3)
    monkeypatch.setattr(pool, "INLINE", False)
    monkeypatch.setattr(pool, "WORK", pool.work_chunk)


@pytest.mark.parametrize("run_cells", [None, 400])
def test_the_pool_stages_and_writes_what_reading_one_after_another_does(tmp_path, corpus, monkeypatch, forced, run_cells):
    if run_cells:  # the run's budget runs out part way: the same files are left for the next run
        monkeypatch.setenv("CTIP_MAX_RUN_CELLS", str(run_cells))
    raw = tmp_path / "raw"
    _drop(raw, corpus)
    serial, fs = _stage(tmp_path / "serial", raw, monkeypatch, 0, keep=True)
    pooled, fp = _stage(tmp_path / "pool", raw, monkeypatch, 2, keep=True)
    assert pool.STATS["child_chunks"] > 3 and pool.STATS["parent_chunks"] == 0
    for name in TABLES:
        a, b = getattr(fs, name), getattr(fp, name)
        assert list(a.dtypes) == list(b.dtypes), name
        assert _sorted(a).equals(_sorted(b)), name
    assert len(fs.observations) > (0 if run_cells else 100) and len(fs.quarantine) > 10
    assert [r.submission for r in serial.results.values()] == [r.submission for r in pooled.results.values()]
    assert [r.submission["submission_id"] for r in pooled.unstored] == [r.submission["submission_id"] for r in serial.unstored]
    if run_cells:
        assert 0 < len(serial.unstored) < len(serial.results)
    assert _feedback(tmp_path / "serial") == _feedback(tmp_path / "pool")
    assert not multiprocessing.active_children()


def test_a_file_that_kills_its_reader_is_rejected_and_the_others_staged(tmp_path, monkeypatch, forced):
    from tests.speed import pool_faults

    monkeypatch.setattr(pool, "WORK", pool_faults.crash_or_hang)
    monkeypatch.setattr(pool, "FILE_SECONDS", 4.0)
    raw = tmp_path / "raw"
    _drop(raw, None, ["crash.xlsx", "hang.xlsx"])
    messages = []
    staged, _ = _stage(tmp_path / "pool", raw, monkeypatch, 1, keep=True, progress=messages.append)
    results = {r.submission["source_file"]: r for r in staged.results.values()}
    crashed, hung = results.pop("BRB/crash.xlsx"), results.pop("BRB/hang.xlsx")
    assert crashed.status == "rejected" and crashed.reason_code == "error" and "stopped" in crashed.submission["message"]
    assert hung.status == "rejected" and "longer than 4 seconds" in hung.submission["message"]
    assert pool.STATS["lost"] >= 2
    # Every other file is staged as reading them one after another stages it.
    serial, _ = _stage(tmp_path / "serial", raw, monkeypatch, 0, keep=True)
    alone = {
        r.submission["source_file"]: r.submission
        for r in serial.results.values()
        if "crash" not in r.submission["source_file"] and "hang" not in r.submission["source_file"]
    }
    assert {k: r.submission for k, r in results.items()} == alone
    # Both are in the store as rejected (read again only when changed) with feedback saying so.
    assert "could not be processed" in (tmp_path / "pool" / "feedback" / crashed.submission["submission_id"] / "summary.md").read_text()
    assert not (tmp_path / "pool" / "feedback" / crashed.submission["submission_id"] / "annotated.xlsx").exists()
    assert any("crash.xlsx" in m and "stopped" in m for m in messages)
    assert not multiprocessing.active_children()


def test_no_child_outlives_a_batch_left_by_an_interrupt(tmp_path, corpus, monkeypatch, forced):
    raw = tmp_path / "raw"
    _drop(raw, corpus)
    pids = []

    def interrupt(message: str) -> None:
        pids.extend(c.pid for c in multiprocessing.active_children())
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _stage(tmp_path / "pool", raw, monkeypatch, 2, progress=interrupt)
    assert pids  # the children were running when the batch was interrupted
    assert not multiprocessing.active_children()
    from ctip.processes import pid_alive

    assert not any(pid_alive(p) for p in pids)


def test_the_pool_is_used_for_large_batches_and_only_on_idle_cores(tmp_path, monkeypatch):
    from ctip.intake.discover import describe_file

    for i in range(3):
        write_wide(tmp_path / "JAM" / f"t{i}.xlsx", {"Victims identified": {2019: i}})
    files = [describe_file(p, tmp_path) for p in sorted((tmp_path / "JAM").iterdir())]
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 3)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setenv("CTIP_STAGE_WORKERS", "1")
    monkeypatch.setattr("os.getloadavg", lambda: (0.6, 0.5, 0.5))
    assert pipeline.pool_workers(files) == 1
    assert pipeline.pool_workers(files[:2]) == 0  # too few files to repay a child's start
    monkeypatch.setattr("os.getloadavg", lambda: (1.7, 1.0, 1.0))
    assert pipeline.pool_workers(files) == 0  # no idle core
    assert pipeline.pool_workers(files, force=True) == 1
    monkeypatch.setenv("CTIP_STAGE_WORKERS", "0")
    assert pipeline.pool_workers(files, force=True) == 0

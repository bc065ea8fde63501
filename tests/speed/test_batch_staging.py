"""Batch staging (issue 13): a run's new submissions are staged as one batch of Parquet files, the
warehouse is built from the store in one pass, and one added file costs one file's work."""

from __future__ import annotations

import duckdb

from ctip import pipeline
from ctip.stage import staging
from ctip.warehouse.checksum import table_checksums
from tests.submissions_factory import write_wide


def _drop(raw, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        write_wide(raw / "JAM" / f"tip_{i}.xlsx", {"Victims identified": {2010 + i % 10: 5 + i}, "Persons convicted": {2012: i}})


def test_a_batch_is_one_set_of_parquet_files_not_a_folder_per_submission(project_dirs, monkeypatch):
    monkeypatch.setattr(pipeline, "FORCE_POOL", True)  # the feedback child even on a busy machine
    _drop(project_dirs["raw"], 9)  # >= FEEDBACK_POOL_MIN: feedback written in a child process
    files = pipeline.discover()
    staged = pipeline.stage_batch(files)
    root = project_dirs["marts"] / "staging"
    batches = [p for p in (root / staging.BATCHES).iterdir()]
    assert len(batches) == 1 and len({e.batch for e in staged.entries.values()}) == 1
    names = {p.name for p in batches[0].iterdir()}
    assert {"submissions.parquet", "observations.parquet"} <= names <= {f"{t}.parquet" for t in ("submissions", *staging.TABLES)}
    assert [p.name for p in root.iterdir()] == [staging.BATCHES]
    # Every submission's feedback folder was written, by the child process, before stage_batch returned.
    for sf in files:
        assert (project_dirs["marts"] / "feedback" / sf.submission_id / "summary.md").exists()
        assert (project_dirs["marts"] / "feedback" / sf.submission_id / "annotated.xlsx").exists()
    assert not any(staged.cached.values()) and len(staged.entries) == 9


def test_store_gives_back_what_was_staged_and_the_same_warehouse(project_dirs):
    _drop(project_dirs["raw"], 4)
    fresh = pipeline.stage_all(pipeline.discover())  # in memory
    again = pipeline.stage_all(pipeline.discover())  # from the store
    for a, b in zip(fresh, again):
        assert a.submission == b.submission and a.sheets == b.sheets and a.language == b.language
        assert a.observations.astype(str).equals(b.observations.astype(str))
        assert a.quarantine.astype(str).reset_index(drop=True).equals(b.quarantine.astype(str).reset_index(drop=True))
    pipeline.build(fresh)
    from_results = table_checksums(project_dirs["warehouse"])
    pipeline.build_staged(pipeline.stage_batch(pipeline.discover()))
    assert table_checksums(project_dirs["warehouse"]) == from_results


def test_one_added_file_is_the_only_one_read_and_its_feedback_the_only_one_written(project_dirs):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _drop(raw, 5)
    pipeline.build_staged(pipeline.stage_batch(pipeline.discover()))
    feedback_times = {p: p.stat().st_mtime_ns for p in (marts / "feedback").rglob("summary.md")}
    _drop(raw, 1, start=5)
    files = pipeline.discover()
    assert [f.relative for f in pipeline.fresh_files(files)] == ["JAM/tip_5.xlsx"]
    staged = pipeline.stage_batch(files)
    assert sum(not c for c in staged.cached.values()) == 1
    assert len({e.batch for e in staged.entries.values()}) == 2  # the old batch and one new
    assert {p: p.stat().st_mtime_ns for p in feedback_times} == feedback_times  # others' feedback untouched
    pipeline.build_staged(staged)
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert con.execute("select count(*) from submissions").fetchone()[0] == 6


def test_many_batches_are_merged_keeping_each_submissions_latest(project_dirs, monkeypatch):
    monkeypatch.setattr(staging, "MAX_BATCHES", 3)
    raw = project_dirs["raw"]
    for i in range(5):  # one run per file: five batches, merged on the way
        _drop(raw, 1, start=i)
        pipeline.stage_batch(pipeline.discover())
    root = project_dirs["marts"] / "staging"
    assert len(list((root / staging.BATCHES).iterdir())) <= 3
    index = staging.index(root)
    assert len(index) == 5
    results = pipeline.stage_all(pipeline.discover())
    assert [r.submission["source_file"] for r in results] == [f"JAM/tip_{i}.xlsx" for i in range(5)]
    assert all(r.status == "accepted" for r in results)


def test_a_batch_validated_together_gives_each_file_what_it_gets_alone(tmp_path):
    """Every file of the generated intake corpus (duplicates, totals smaller than their parts,
    contract failures, several files of one country): ingest_batch == ingest_submission file by file."""
    from ctip.intake.discover import describe_file
    from ctip.stage.submission import ingest_batch, ingest_submission
    from tests.corpus import generate_corpus

    raw = tmp_path / "raw"
    generate_corpus(raw)
    # And the checks that group rows: a total smaller than its parts, the same key twice in one
    # file, the same keys in other files of the same country (never duplicates of each other).
    write_wide(raw / "JAM" / "parts.xlsx", {"Victims identified": {2019: 5}, "Victims identified - female": {2019: 4}, "Victims identified - male": {2019: 3}})
    write_wide(raw / "JAM" / "same_key.xlsx", {"Victims identified": {2019: 5}, "Victims identified - female": {2019: 4}})
    write_wide(raw / "JAM" / "twice.xlsx", {"Victims identified": {2019: 5, 2020: 2}, "Victims identified ": {2019: 6, 2020: 2}})
    files = [describe_file(p, raw) for p in sorted(raw.rglob("*")) if p.is_file() and p.name != "mapping.yaml"]
    assert len(files) > 20
    together = ingest_batch([(sf, None) for sf in files])
    for sf, batch in zip(files, together):
        alone = ingest_submission(sf)
        assert batch.submission == alone.submission, sf.relative
        assert batch.observations.astype(str).equals(alone.observations.astype(str)), sf.relative
        assert batch.quarantine.astype(str).equals(alone.quarantine.astype(str)), sf.relative
        assert batch.sheets == alone.sheets and batch.language == alone.language
    assert sum(len(r.quarantine) for r in together) > 0 and any((r.observations["flag"] == "inconsistent_total").any() for r in together if len(r.observations))

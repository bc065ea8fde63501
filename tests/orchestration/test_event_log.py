"""The event log storage of dagster.yaml (ctip.orchestration.event_log): Dagster's files and
layout, each connection kept open per process, and still seen at once by another process's reader
(the UI follows a running run by watching its shard's file)."""

from __future__ import annotations

import os
import time

import dagster as dg
from dagster._core.events.log import EventLogEntry

from ctip.orchestration.event_log import KeptConnectionSqliteEventLogStorage, events_dir
from ctip.orchestration.instance import ensure_dagster_home


def _entry(run_id: str, text: str) -> EventLogEntry:
    return EventLogEntry(error_info=None, level="INFO", user_message=text, run_id=run_id, timestamp=time.time())


def _storage(home) -> KeptConnectionSqliteEventLogStorage:
    return KeptConnectionSqliteEventLogStorage(events_dir(str(home)))


def test_the_project_instance_keeps_events_where_dagster_does(project_dirs):
    home = ensure_dagster_home()
    with dg.DagsterInstance.get() as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, KeptConnectionSqliteEventLogStorage)
        # Dagster's default layout, so an instance made before this storage reads the same files.
        assert os.path.samefile(storage._base_dir, home / "history" / "runs")
        assert (home / "history" / "runs" / "index.db").exists()


def test_another_process_reader_is_told_of_each_new_event(tmp_path):
    writer, reader = _storage(tmp_path), _storage(tmp_path)  # as a run's process and the UI's
    run_id = "run-watched"
    writer.store_event(_entry(run_id, "first"))  # the shard exists before the UI watches it
    seen: list[str] = []
    reader.watch(run_id, None, lambda entry, cursor: seen.append(entry.user_message))
    try:
        for text in ("second", "third"):
            writer.store_event(_entry(run_id, text))
            deadline = time.time() + 10
            while text not in seen and time.time() < deadline:
                time.sleep(0.05)
            assert text in seen, f"the watcher was not told of '{text}' (saw {seen})"
        assert [r.event_log_entry.user_message for r in reader.get_records_for_run(run_id).records] == ["first", "second", "third"]
    finally:
        reader.dispose()
        writer.dispose()


def test_a_write_keeps_its_connection_and_a_read_leaves_the_file_alone(tmp_path):
    storage = _storage(tmp_path)
    run_id = "run-kept"
    connects = 0

    storage.store_event(_entry(run_id, "opened"))
    engine = storage._engines[run_id]

    def count(*_):
        nonlocal connects
        connects += 1

    from sqlalchemy import event

    event.listen(engine, "connect", count)
    path = storage.path_for_shard(run_id)
    os.utime(path, (1_000_000, 1_000_000))
    for i in range(20):
        storage.store_event(_entry(run_id, f"event {i}"))
    assert connects == 0  # no new SQLite connection for 20 writes
    assert os.stat(path).st_mtime > 1_000_000  # a write shows as a change of the shard's file
    os.utime(path, (1_000_000, 1_000_000))
    assert len(storage.get_records_for_run(run_id).records) == 21
    # A read must not look like a change: the UI's watcher reads on every change.
    assert os.stat(path).st_mtime == 1_000_000
    storage.dispose()

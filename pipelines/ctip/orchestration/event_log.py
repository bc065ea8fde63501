"""Dagster's SQLite event log, at a lower cost per event (dagster.yaml: `event_log_storage`).

Same files, tables and layout as Dagster's default (`$DAGSTER_HOME/history/runs/<run_id>.db` and
`index.db`), read by the UI and the daemon as before. What a write cost on a one-file run
(docs/benchmarks.md, issue 13, seventh session): Dagster's `SqliteEventLogStorage` creates an
SQLAlchemy engine for every connection, opens the file, commits with an fsync and closes it, and
closing the last connection of a WAL database checkpoints it (two more fsyncs); each asset event
is written to the run's shard and again to the index shard. About 17 ms a write on this machine,
~280 connections a run.

Here, per process:
- one engine per shard, keeping one connection open (the last few shards used; every use is
  serialised by the storage's lock, as before). A write neither reopens the file nor
  checkpoints it: SQLite checkpoints by itself every 1000 pages, and when the process closes its
  connections. In WAL mode an idle connection holds no lock, so the UI and the daemon read and
  write the same files as before.
- the UI follows a running run by watching `<run_id>.db` for changes
  (`SqliteEventLogStorageWatchdog`); that file used to change at every close's checkpoint, so
  after a transaction that wrote to a run's shard its modification time is set (no fsync), which
  the watcher sees as a change; it then reads the new events from the WAL.
- `PRAGMA synchronous=NORMAL` on every connection (the databases are in WAL mode already): a
  commit no longer waits for an fsync. SQLite's documentation: in WAL mode NORMAL never corrupts
  the database; a power cut (not a killed process) may lose the last events, as if the run had
  stopped there, and `ctip run` marks such a run failed (runner.recover_dead_runs).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as db
from dagster._config import StringSource
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

INDEX_SHARD = "index"
KEEP_SHARDS = 4  # engines (each with its open connection) kept per process: the index and recent runs


def events_dir(dagster_home: str) -> str:
    """Where Dagster's default storage keeps the event log of an instance at `dagster_home`."""
    return os.path.join(dagster_home, "history", "runs", "")


def normal_sync(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


class KeptConnectionSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log storage with its connections kept per process (module docstring).

    dagster.yaml:

        event_log_storage:
          module: ctip.orchestration.event_log
          class: KeptConnectionSqliteEventLogStorage
          config:
            dagster_home: {env: DAGSTER_HOME}
    """

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: dict[str, Engine] = {}
        self._engines_pid = os.getpid()
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def config_type(cls) -> dict:
        return {"dagster_home": StringSource}

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value: Any) -> KeptConnectionSqliteEventLogStorage:  # ty: ignore[invalid-method-override]
        return cls(events_dir(config_value["dagster_home"]), inst_data=inst_data)

    def _engine(self, shard: str) -> Engine:
        if self._engines_pid != os.getpid():
            # A forked child must not use (or close) its parent's open connections.
            for engine in self._engines.values():
                engine.dispose(close=False)
            self._engines, self._engines_pid = {}, os.getpid()
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = db.create_engine(
                self.conn_string_for_shard(shard),
                poolclass=QueuePool,
                pool_size=1,
                max_overflow=2,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            db.event.listen(engine, "connect", normal_sync)
            while len(self._engines) >= KEEP_SHARDS:  # the UI reads many runs: keep the last few open
                self._engines.pop(next(iter(self._engines))).dispose()
        self._engines[shard] = engine  # most recently used last
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # As SqliteEventLogStorage._connect, with the engine and its connection kept.
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                changes = raw.total_changes if raw is not None else None
                with conn.begin():
                    yield conn
                wrote = raw is not None and raw.total_changes != changes
            if wrote and shard != INDEX_SHARD:
                # What the UI's watcher of a running run waits for (module docstring).
                with contextlib.suppress(OSError):
                    os.utime(self.path_for_shard(shard))

    def wipe(self) -> None:
        super().wipe()
        self._dispose_engines()  # the run shards' files are gone

    def dispose(self) -> None:
        super().dispose()
        self._dispose_engines()

    def _dispose_engines(self) -> None:
        with self._db_lock:
            engines, self._engines = self._engines, {}
        for engine in engines.values():
            engine.dispose(close=self._engines_pid == os.getpid())

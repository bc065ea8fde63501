"""Dagster's SQLite run storage (`history/runs.db`) with its connection kept per process
(dagster.yaml: `run_storage`), for the reason of ctip.orchestration.event_log: Dagster's
`SqliteRunStorage` creates an engine and opens the file for every query, and each close of the
last connection checkpoints the WAL with fsyncs (~36 connections a one-file run). Nothing
watches runs.db (the UI polls it), so keeping a connection open changes nothing for the UI or the
daemon: in WAL mode an idle connection holds no lock. Commits use `synchronous=NORMAL` (no fsync;
never a corrupt database, at worst the last changes lost to a power cut)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as db
from dagster._config import StringSource
from dagster._core.storage.runs import SqliteRunStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

from ctip.orchestration.event_log import normal_sync


def runs_dir(dagster_home: str) -> str:
    """Where Dagster's default storage keeps the runs of an instance at `dagster_home`."""
    return os.path.join(dagster_home, "history", "")


class KeptConnectionSqliteRunStorage(SqliteRunStorage):
    """dagster.yaml:

    run_storage:
      module: ctip.orchestration.run_storage
      class: KeptConnectionSqliteRunStorage
      config:
        dagster_home: {env: DAGSTER_HOME}
    """

    def __init__(self, conn_string: str, inst_data: ConfigurableClassData | None = None):
        super().__init__(conn_string, inst_data)
        self._engine: Engine | None = None
        self._engine_pid = os.getpid()

    @classmethod
    def config_type(cls) -> dict:
        return {"dagster_home": StringSource}

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value: Any) -> KeptConnectionSqliteRunStorage:  # ty: ignore[invalid-method-override]
        # Dagster's own set-up (creates and migrates runs.db), then this class over the same file.
        return cls.from_local(runs_dir(config_value["dagster_home"]), inst_data=inst_data)

    def _kept_engine(self) -> Engine:
        if self._engine is not None and self._engine_pid != os.getpid():
            self._engine.dispose(close=False)  # a forked child must not use its parent's connection
            self._engine = None
        if self._engine is None:
            # One connection kept; threads using the storage at once get their own, closed after use.
            self._engine = db.create_engine(
                self._conn_string,
                poolclass=QueuePool,
                pool_size=1,
                max_overflow=-1,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            db.event.listen(self._engine, "connect", normal_sync)
            self._engine_pid = os.getpid()
        return self._engine

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self._kept_engine().connect() as conn:
            with conn.begin():
                yield conn

    def dispose(self) -> None:
        super().dispose()
        if self._engine is not None:
            self._engine.dispose(close=self._engine_pid == os.getpid())
            self._engine = None

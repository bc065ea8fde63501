"""What Dagster's event log costs a run: the events of a recorded run (its shard in a Dagster
home) stored again, in order, into a fresh event log by Dagster's `SqliteEventLogStorage` and by
ctip's (`ctip.orchestration.event_log`), each in its own process; wall and CPU time per run.

    python -m bench.bench_event_log DAGSTER_HOME [RUN_ID] [--repeat 3]

RUN_ID: a run of that home (default: the most recent shard). One JSON line per storage.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STORAGES = {
    "dagster": ("dagster._core.storage.event_log", "SqliteEventLogStorage"),
    "ctip": ("ctip.orchestration.event_log", "KeptConnectionSqliteEventLogStorage"),
}


def _events(home: Path, run_id: str | None):
    import sqlite3

    import dagster  # noqa: F401  (registers the serialised classes)
    from dagster._serdes import deserialize_value

    runs = home / "history" / "runs"
    shard = runs / f"{run_id}.db" if run_id else max((p for p in runs.glob("*.db") if p.stem != "index"), key=lambda p: p.stat().st_mtime)
    with sqlite3.connect(f"file:{shard}?mode=ro", uri=True) as con:
        return [deserialize_value(body) for (body,) in con.execute("select event from event_logs order by id")]


def child(kind: str, home: Path, run_id: str | None) -> dict:
    import importlib

    events = _events(home, run_id)
    module, name = STORAGES[kind]
    cls = getattr(importlib.import_module(module), name)
    with tempfile.TemporaryDirectory(dir=home.parent) as scratch:
        storage = cls(str(Path(scratch) / "history" / "runs"))
        wall, cpu = time.perf_counter(), time.process_time()
        for entry in events:
            storage.store_event(entry)
        out = {"storage": kind, "events": len(events), "wall_seconds": round(time.perf_counter() - wall, 3), "cpu_seconds": round(time.process_time() - cpu, 3)}
        storage.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home")
    parser.add_argument("run_id", nargs="?")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=sorted(STORAGES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    home = Path(args.home).resolve()
    if args.child:
        print(json.dumps(child(args.child, home, args.run_id)))
        return
    for _ in range(args.repeat):
        for kind in STORAGES:  # back to back, alternating
            cmd = [sys.executable, "-m", "bench.bench_event_log", str(home), *([args.run_id] if args.run_id else []), "--child", kind]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
            print(out.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()

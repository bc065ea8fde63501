"""The drop-folder sensor: registers new or changed files (by content hash, once their size and
modification time are stable across two ticks) and launches one run for the whole batch."""

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from ctip import paths
from ctip.intake.discover import describe_file, silently_skipped
from ctip.orchestration.jobs import ingest_and_build, rebuild_marts

SETTLE_SECONDS = 2.0


@dataclass
class DropState:
    files: dict[str, list] = field(default_factory=dict)  # path -> [size, mtime, submission_id]
    pending: dict[str, list] = field(default_factory=dict)  # path -> [size, mtime] seen once

    @classmethod
    def load(cls, cursor: str | None) -> "DropState":
        if not cursor:
            return cls()
        raw = json.loads(cursor)
        return cls(raw.get("files", {}), raw.get("pending", {}))

    def dump(self) -> str:
        return json.dumps({"files": self.files, "pending": self.pending}, sort_keys=True)


def scan(raw_root: Path) -> dict[str, tuple[int, float]]:
    found = {}
    for dirpath, dirnames, filenames in os.walk(raw_root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if silently_skipped(name):  # the same files as the run lists (discover.list_submission_files)
                continue
            p = Path(dirpath) / name
            try:
                st = p.lstat()
            except FileNotFoundError:
                continue
            found[str(p.relative_to(raw_root))] = (st.st_size, st.st_mtime)
    return found


def plan_tick(raw_root: Path, state: DropState, now: float | None = None) -> tuple[list[str], list[str], DropState]:
    """Pure planning of one tick: (new submission ids, removed paths, next state)."""
    now = time.time() if now is None else now
    seen = scan(raw_root)
    nxt = DropState(dict(state.files), {})
    new_ids: list[str] = []
    known_ids = {v[2] for v in state.files.values()}
    for rel, (size, mtime) in sorted(seen.items()):
        if rel in state.files and state.files[rel][:2] == [size, mtime]:
            continue
        stable = state.pending.get(rel) == [size, mtime] and now - mtime >= SETTLE_SECONDS
        if not stable:
            nxt.pending[rel] = [size, mtime]
            continue
        sid = describe_file(raw_root / rel, raw_root).submission_id
        nxt.files[rel] = [size, mtime, sid]
        if sid not in known_ids and sid not in new_ids:
            new_ids.append(sid)
        elif rel not in state.files:
            # Known content at a new path (a ministry re-sending its original file to undo a
            # correction): it arrives now and makes those figures current again, so it starts a run.
            new_ids.append(f"{sid}:{rel}")
    removed = sorted(set(state.files) - set(seen))
    for rel in removed:
        nxt.files.pop(rel, None)
    return new_ids, removed, nxt


@dg.sensor(jobs=[ingest_and_build, rebuild_marts], minimum_interval_seconds=15, default_status=dg.DefaultSensorStatus.RUNNING)
def drop_folder_sensor(context: dg.SensorEvaluationContext):
    """Watches data/raw/ for new, changed or removed submission files."""
    state = DropState.load(context.cursor)
    new_ids, removed, nxt = plan_tick(paths.raw_dir(), state)
    requests = []
    if new_ids:
        # One run stages every file not staged yet (the asset asks the store), however many ticks
        # saw them arrive; the run key only keeps a tick from launching the same batch twice.
        run_key = hashlib.sha256(",".join(sorted(new_ids)).encode()).hexdigest()[:16]
        requests.append(dg.RunRequest(run_key=f"drop-{run_key}", job_name=ingest_and_build.name))
    elif removed:
        run_key = hashlib.sha256(("removed:" + nxt.dump()).encode()).hexdigest()[:16]
        requests.append(dg.RunRequest(run_key=f"withdraw-{run_key}", job_name=rebuild_marts.name))
    return dg.SensorResult(run_requests=requests, cursor=nxt.dump())

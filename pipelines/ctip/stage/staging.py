"""Staged submissions on disk, keyed by content hash and parser version, so that an unchanged file
is never parsed twice (Dagster runs and `ctip run` share this store).

A run stages its new submissions as one *batch*: a folder `batches/<batch>/` holding one Parquet
file per table (submissions, observations, quarantine, capture, flows), every row carrying its
submission_id; not two or three files and a JSON per submission. Each submission's latest batch is
its staged result (`index`); the warehouse reads the batches' Parquet files with DuckDB in one
pass (`frames`). A batch folder is written atomically (a killed run leaves no half batch), and
batches are merged into one when they grow many (one per run adds up)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ctip import atomic
from ctip.atomic import MARK, atomic_write
from ctip.harmonise.flows import FLOW_COLUMNS
from ctip.harmonise.observations import NOT_AVAILABLE_COLUMNS, OBSERVATION_COLUMNS, QUARANTINE_COLUMNS
from ctip.harmonise.years import current_year
from ctip.intake.capture import CAPTURE_COLUMNS
from ctip.paths import PROJECT_ROOT, REFERENCE_DIR, SCHEMAS_DIR
from ctip.stage.submission import SUBMISSION_COLUMNS, SubmissionResult

log = logging.getLogger(__name__)

PARSER_VERSION = "3"  # 2: batch store; 3: cells marked not available staged by key
BATCHES = "batches"
TABLES = {
    "observations": OBSERVATION_COLUMNS,
    "quarantine": QUARANTINE_COLUMNS,
    "capture": CAPTURE_COLUMNS,
    "flows": FLOW_COLUMNS,
    "not_available": NOT_AVAILABLE_COLUMNS,  # cells marked '..', by key (a batch without them has no file)
}
META_COLUMNS = [*SUBMISSION_COLUMNS, "key", "source_kind", "sheets", "n_not_available", "language"]
MAX_BATCHES = 24  # more than this many batch folders are merged into one by the next save


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever the schema, the intake code or the reference population changes, invalidating the cache."""
    h = hashlib.sha256(PARSER_VERSION.encode())
    code = PROJECT_ROOT / "pipelines" / "ctip"
    # The reference population too: validation refuses a count above it (ctip.validate.population).
    for folder in (SCHEMAS_DIR, code / "intake", code / "harmonise", code / "validate", REFERENCE_DIR):
        for p in sorted(folder.rglob("*")):
            if p.suffix in (".py", ".yaml", ".csv") and p.is_file():
                h.update(p.name.encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def cache_key(sha256: str, mapping_digest: str, source_file: str, received_at: str = "") -> str:
    """16 hex characters naming one staged result: the file's content, its mapping and name, its
    arrival (the staged row records it; a file that arrives again is staged again), the code
    fingerprint and the year not over yet, so a change to any of them parses the file again."""
    arrival = f"|{received_at}" if received_at else ""
    # The year not over yet is read as year to date (harmonise.years): once it is over, the file's
    # figures for it are whole years, so every file is read again in the first run of a new year.
    year = f"|{current_year()}"
    return hashlib.sha256(f"{sha256}|{mapping_digest}|{source_file}{arrival}|{code_fingerprint()}{year}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    """Where a submission's staged result is: the key it was staged under, and its batch."""

    key: str
    batch: str


@dataclass
class Frames:
    """Staged submissions as tables (every row with its submission_id): the warehouse's input."""

    submissions: pd.DataFrame  # META_COLUMNS without key and sheets
    observations: pd.DataFrame
    quarantine: pd.DataFrame
    capture: pd.DataFrame
    flows: pd.DataFrame
    not_available: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NOT_AVAILABLE_COLUMNS))


def _batches(root: Path) -> list[Path]:
    """Complete batch folders, oldest first (a batch's name starts with the time it was made)."""
    folder = Path(root) / BATCHES
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if MARK not in p.name and DAMAGED not in p.name and (p / "submissions.parquet").exists())


DAMAGED = atomic.DAMAGED  # a batch folder whose files cannot be read, kept beside under this name


def _unreadable(batch: Path) -> str | None:
    """The first of a batch's Parquet files whose footer cannot be read (a truncated or
    overwritten file), with the reason; None when every one reads."""
    import pyarrow.parquet as pq

    for part in sorted(batch.glob("*.parquet")):
        try:
            pq.read_metadata(part)
        except Exception as exc:  # pyarrow raises several kinds for a damaged file
            return f"{part.name}: {type(exc).__name__}"
    return None


def index(root: Path, set_aside_damaged: bool = False) -> dict[str, Entry]:
    """submission_id -> its latest staged result's key and batch.

    A batch that cannot be read is left out, so its submissions count as not staged and are read
    again from data/raw; with `set_aside_damaged` (a run that stages) its folder is also renamed
    `<batch>.damaged-<UTC time>` (kept, never deleted) so it is not looked at again."""
    import pyarrow.parquet as pq

    out: dict[str, Entry] = {}
    for batch in _batches(root):
        reason = _unreadable(batch)
        if reason is not None:
            if set_aside_damaged:
                aside = atomic.set_aside(batch)
                log.error("staging batch %s could not be read (%s): kept as %s; its submissions are read again from data/raw", batch.name, reason, aside.name)
            continue
        table = pq.read_table(batch / "submissions.parquet", columns=["submission_id", "key"])
        for sid, key in zip(table.column("submission_id").to_pylist(), table.column("key").to_pylist()):
            out[sid] = Entry(key, batch.name)
    return out


def _meta_row(result: SubmissionResult, key: str) -> dict:
    return {
        **{c: result.submission.get(c) for c in SUBMISSION_COLUMNS},
        "key": key,
        "source_kind": result.source_kind,
        "sheets": json.dumps(result.sheets, default=str),
        "n_not_available": int(result.n_not_available),
        "language": result.language,
    }


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame | None:
    # Columns chosen once, after concatenating (every frame has them): choosing them frame by frame
    # copied each small frame first (~1.5 ms a submission, docs/benchmarks.md, sixth session).
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True)[columns] if frames else None


def save_batch(root: Path, items: list[tuple[SubmissionResult, str]]) -> str | None:
    """Stage `(result, key)` pairs as one new batch; returns its name (None when there is nothing)."""
    if not items:
        return None
    root = Path(root)
    name = f"{time.time_ns():020d}-{os.getpid()}"
    with atomic_write(root / BATCHES / name) as tmp:
        tmp.mkdir(parents=True)
        _write_tables(
            tmp,
            pd.DataFrame([_meta_row(r, k) for r, k in items], columns=META_COLUMNS),
            {table: _concat([getattr(r, table) for r, _ in items], columns) for table, columns in TABLES.items()},
        )
    if len(_batches(root)) > MAX_BATCHES:
        compact(root)
    return name


def _write_tables(folder: Path, meta: pd.DataFrame, tables: dict[str, pd.DataFrame | None]) -> None:
    meta.astype({"n_observations": "int64", "n_quarantined": "int64", "n_not_available": "int64"}).to_parquet(folder / "submissions.parquet", index=False)
    for table, frame in tables.items():
        if frame is None or not len(frame):
            continue  # no file: the batch has no rows of this table
        if table == "quarantine":
            frame = frame.astype("string")
        frame.to_parquet(folder / f"{table}.parquet", index=False)


def compact(root: Path) -> None:
    """Merge every batch into one holding each submission's latest result (the others dropped)."""
    root = Path(root)
    entries = index(root, set_aside_damaged=True)  # first: a damaged batch is kept aside, not merged away
    old = _batches(root)
    if len(old) < 2:
        return
    frames = _read(root, entries, meta=True)
    name = f"{time.time_ns():020d}-{os.getpid()}"
    with atomic_write(root / BATCHES / name) as tmp:
        tmp.mkdir(parents=True)
        _write_tables(tmp, frames.pop("submissions")[META_COLUMNS], frames)
    from ctip.atomic import discard

    for batch in old:
        discard(batch)


def _read(root: Path, entries: dict[str, Entry], meta: bool = False) -> dict[str, pd.DataFrame]:
    """The rows of the given submissions' batches, each table read with DuckDB in one pass."""
    import duckdb

    root = Path(root)
    out: dict[str, pd.DataFrame] = {}
    with duckdb.connect() as con:
        batches = {e.batch for e in entries.values()}
        for table, columns in {"submissions": META_COLUMNS, **TABLES}.items():
            in_batch = {b: str(root / BATCHES / b / f"{table}.parquet") for b in batches}  # a path per batch, not per submission
            paths = {sid: in_batch[e.batch] for sid, e in entries.items()}
            files = sorted(f for f in set(paths.values()) if os.path.exists(f))
            if not files:
                out[table] = pd.DataFrame(columns=columns)
                continue
            con.register("live", pd.DataFrame({"submission_id": list(paths), "file": list(paths.values())}, dtype="object"))
            cols = ", ".join(f't."{c}"' for c in columns)
            out[table] = con.execute(
                f"select {cols} from read_parquet(?, filename = true, file_row_number = true, union_by_name = true) t"
                " semi join live l on t.submission_id = l.submission_id and t.filename = l.file"
                " order by t.filename, t.file_row_number",
                [files],
            ).df()
            con.unregister("live")
    if not meta:
        out["submissions"] = out["submissions"].drop(columns=["key", "sheets"])
    return out


def frames(root: Path, entries: dict[str, Entry]) -> Frames:
    """The staged tables of the given submissions (each from the batch its entry names)."""
    t = _read(root, entries)
    obs = t["observations"]
    for col in ("value", "year"):
        obs[col] = obs[col].astype("Int64")
    flows = t["flows"]
    for col in ("value", "year"):
        flows[col] = flows[col].astype("Int64")
    return Frames(t["submissions"], obs, t["quarantine"], t["capture"], flows, t["not_available"])


def load(root: Path, entries: dict[str, Entry]) -> dict[str, SubmissionResult]:
    """Staged results, one per submission (for callers that work submission by submission)."""
    t = _read(root, entries, meta=True)
    by_sid = {name: dict(tuple(frame.groupby("submission_id", sort=False))) for name, frame in t.items() if name != "submissions"}
    out = {}
    for row in t["submissions"].to_dict("records"):
        sid = row["submission_id"]

        def part(table: str, sid: str = sid) -> pd.DataFrame:
            frame = by_sid[table].get(sid)
            return frame[TABLES[table]].reset_index(drop=True) if frame is not None else pd.DataFrame(columns=TABLES[table])

        obs, flows = part("observations"), part("flows")
        for frame in (obs, flows):
            for col in ("value", "year"):
                frame[col] = frame[col].astype("Int64")
        submission = {c: row[c] for c in SUBMISSION_COLUMNS}
        for c in ("n_observations", "n_quarantined"):
            submission[c] = int(submission[c])
        out[sid] = SubmissionResult(
            submission=submission,
            observations=obs,
            quarantine=part("quarantine"),
            source_kind=row["source_kind"],
            sheets=json.loads(row["sheets"]),
            n_not_available=int(row["n_not_available"]),
            language=None if pd.isna(row["language"]) else row["language"],
            capture=part("capture"),
            flows=flows,
            not_available=part("not_available"),
        )
    return out


def concat_frames(parts: list[Frames]) -> Frames:
    """One Frames from many (a run's batches); empty parts are skipped, and if all are empty the first
    part's empty tables (with their columns) are kept. `parts` must not be empty."""

    def cat(name: str) -> pd.DataFrame:
        frames = [getattr(p, name) for p in parts if len(getattr(p, name))]
        return pd.concat(frames, ignore_index=True) if frames else getattr(parts[0], name)

    return Frames(*(cat(name) for name in ("submissions", "observations", "quarantine", "capture", "flows", "not_available")))


def frames_of(results: list[SubmissionResult]) -> Frames:
    """The same tables from results held in memory."""
    meta = pd.DataFrame(
        [
            {**{c: r.submission.get(c) for c in SUBMISSION_COLUMNS}, "source_kind": r.source_kind, "n_not_available": r.n_not_available, "language": r.language}
            for r in results
        ],
        columns=[c for c in META_COLUMNS if c not in ("key", "sheets")],
    )
    tables = {table: _concat([getattr(r, table) for r in results if getattr(r, table, None) is not None], columns) for table, columns in TABLES.items()}
    return Frames(meta, *(tables[t] if tables[t] is not None else pd.DataFrame(columns=TABLES[t]) for t in TABLES))


def records(root: Path, entries: dict[str, Entry]) -> list[dict]:
    """The staged submissions' rows (status, counts, message), without their tables."""
    if not entries:
        return []
    import duckdb

    root = Path(root)
    by_file: dict[str, list[str]] = {}
    for sid, e in entries.items():
        by_file.setdefault(str(root / BATCHES / e.batch / "submissions.parquet"), []).append(sid)
    rows = []
    with duckdb.connect() as con:
        for file, sids in by_file.items():
            rows += (
                con.execute(f"select {', '.join(SUBMISSION_COLUMNS)} from read_parquet(?) where submission_id in (select unnest(?))", [file, sids])
                .df()
                .to_dict("records")
            )
    return rows

"""The main job as plain functions: stage every submission (cached by content), then build the
warehouse. The Dagster assets and the CLI both call these, so there is one code path."""

from __future__ import annotations

import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ctip import paths, phases, settings
from ctip.atomic import write_text
from ctip.feedback.clashes import clashes_in
from ctip.feedback.held_back import held_back_in
from ctip.feedback.withdrawn import withdrawn_in
from ctip.feedback.write import FeedbackWriter, write_feedback, write_kept
from ctip.intake.arrivals import record_arrivals
from ctip.intake.bounds import run_budget
from ctip.intake.discover import SubmissionFile, list_submission_files, split_settled, unique_submissions
from ctip.intake.mapping import load_mapping
from ctip.processes import spare_cores
from ctip.stage import pending, pool, staging
from ctip.stage.submission import SubmissionResult, ingest_batch, ingest_submission, rejected
from ctip.warehouse import reuse
from ctip.warehouse.build import (
    BuildSummary,
    DerivedResult,
    build_from_frames,
    build_warehouse,
    clean_stale_builds,
    prepare_derived,
    publish_derived,
)


def discover(raw_root: Path | None = None) -> list[SubmissionFile]:
    """Every submission in the drop folder, each with its arrival recorded (intake/arrivals.py)."""
    return unique_submissions(record_arrivals(list_submission_files(Path(raw_root or paths.raw_dir()))))


def discover_settled(raw_root: Path | None = None) -> tuple[list[SubmissionFile], list[str]]:
    """The submissions a run reads, without files still being copied: (files, one line per file
    left for the next run, saying why). Used by `ctip run`, the sensor's runs and the schedule.
    Within `shared_discovery()`, an unchanged drop folder is not examined (hashed) again."""
    root = Path(raw_root or paths.raw_dir())
    signature = _tree_signature(root) if _SHARED is not None else None
    if signature is not None and signature in _SHARED:
        files, left = _SHARED[signature]
        return list(files), list(left)
    present = list_submission_files(root)
    files, left = split_settled(present)
    # A file arrives when a run first reads it (not at its modification time): precedence goes by it.
    found = unique_submissions(record_arrivals(files, present)), [f"{f.relative}: {why}" for f, why in left]
    if signature is not None and not left:  # a file left (being copied) is looked at again
        _SHARED.clear()
        _SHARED[signature] = found
    return list(found[0]), list(found[1])


# Within one `ctip run` the runner and each step ask what is in the drop folder; examining it
# hashes every file (O(corpus) work, ~0.3 s on the messy corpus), so within the run the answer is
# kept while nothing in the folder changed. None: not within a run, always examined.
_SHARED: dict[tuple, tuple[list[SubmissionFile], list[str]]] | None = None


@contextmanager
def shared_discovery() -> Iterator[None]:
    """Within this block, discover_settled examines an unchanged drop folder once (`ctip run`)."""
    global _SHARED
    outer, _SHARED = _SHARED, {}
    try:
        yield
    finally:
        _SHARED = outer


def _tree_signature(root: Path) -> tuple:
    """Every entry under `root` with its inode, size, mode and times (ctime changes with any write,
    even when the modification time is put back); a symbolic link with its target's too."""
    entries: list[tuple] = [str(root.absolute())]
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames) + dirnames:
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
                entry: tuple = (path, st.st_ino, st.st_size, st.st_mode, st.st_mtime_ns, st.st_ctime_ns)
                if stat.S_ISLNK(st.st_mode):
                    target = os.stat(path)
                    entry += (target.st_ino, target.st_size, target.st_mtime_ns, target.st_ctime_ns)
            except OSError as exc:
                entry = (path, type(exc).__name__)
            entries.append(entry)
    return tuple(entries)


FEEDBACK_POOL_MIN = 8  # fresh files in a batch from which feedback is written in a child process
BATCH_ROWS = 200  # submissions per staged batch: the batch's results are held in memory until saved


@dataclass
class Staged:
    """A batch staged: where each submission's result is in the store, the results not kept there
    (over the run's cell budget: read again next run), and per submission whether it came from
    the store. `results`: the fresh results, when asked for (`keep`)."""

    entries: dict[str, staging.Entry] = field(default_factory=dict)
    unstored: list[SubmissionResult] = field(default_factory=list)
    cached: dict[str, bool] = field(default_factory=dict)
    results: dict[str, SubmissionResult] = field(default_factory=dict)


def _keys(files: list[SubmissionFile]) -> dict[str, str]:
    """submission_id -> its staging key (content, mapping, path, code)."""
    mappings: dict[Path, object] = {}
    keys = {}
    for sf in files:
        mapping = None
        if not sf.problem:
            folder = sf.path.parent
            if folder not in mappings:
                mappings[folder] = load_mapping(folder)
            mapping = mappings[folder]
        keys[sf.submission_id] = staging.cache_key(sf.sha256, mapping.digest if mapping else "", sf.relative, sf.received_at)
    return keys


def stage_batch(
    files: Iterable[SubmissionFile],
    staging_root: Path | None = None,
    feedback_root: Path | None = None,
    progress: Callable[[str], None] | None = None,
    keep: bool = False,
    feedback_later: bool = False,
) -> Staged:
    """Stage every submission not staged yet in one pass: each read, checked and harmonised, then
    saved together as one batch of the store (every BATCH_ROWS submissions), the feedback folders
    written beside it (in a child process for a large batch). Staged ones are only looked up.

    `feedback_later` (a run's staging step): each new result is kept in the store's pending folder
    (ctip.stage.pending) instead, and `write_pending_feedback` writes the folders once the facts
    are published, so publishing them never waits for the senders' annotated copies."""
    staging_root = Path(staging_root or paths.staging_dir())
    feedback_root = Path(feedback_root or paths.feedback_dir())
    # Where each new result's feedback goes, and who writes it there (a function a child can run).
    feedback_to, write_to = (pending.folder(staging_root), pending.keep) if feedback_later else (feedback_root, write_feedback)
    files = list(files)
    keys = _keys(files)
    index = staging.index(staging_root, set_aside_damaged=True)
    out = Staged()
    fresh = []
    for sf in files:
        entry = index.get(sf.submission_id)
        if entry is not None and entry.key == keys[sf.submission_id]:
            out.entries[sf.submission_id] = entry
            out.cached[sf.submission_id] = True
        else:
            fresh.append(sf)
    unsaved: list[tuple[SubmissionResult, str]] = []

    def flush() -> None:
        batch = staging.save_batch(staging_root, unsaved)
        for result, key in unsaved:
            out.entries[result.submission["submission_id"]] = staging.Entry(key, batch)
        unsaved.clear()

    def take(sf: SubmissionFile, result: SubmissionResult, feedback: FeedbackWriter | None, i: int) -> None:
        out.cached[sf.submission_id] = False
        if keep:
            out.results[sf.submission_id] = result
        if result.reason_code == "run_budget":  # over this run's cell budget: read again next run, not staged
            out.unstored.append(result)
        else:
            unsaved.append((result, keys[sf.submission_id]))
        if feedback is not None:  # else written already, by the process that read the file
            feedback.write(result, feedback_to / sf.submission_id)
        if progress:
            progress(f"[{i}/{len(fresh)}] {sf.relative}: {result.status}")
        if len(unsaved) >= BATCH_ROWS:
            flush()

    workers = pool_workers(fresh, FORCE_POOL)
    if workers:
        with (
            run_budget(),
            closing(pool.staged(list(_chunks(fresh, POOL_CHUNK_FILES, POOL_CHUNK_BYTES)), feedback_to, workers, write_to, progress)) as each,
        ):
            for done, (sf, result, cells) in enumerate(each, 1):
                take(sf, _within_run_budget(sf, result, cells, feedback_to, write_to), None, done)
            flush()
        phases.reached("staged")
        return out
    pool.discard_prestarted()  # children started for this batch, no core to spare for them now: not held through the run
    # The feedback child too only pays with a core to itself (measured slower with every core busy).
    feedback_child = not feedback_later and len(fresh) >= FEEDBACK_POOL_MIN and (FORCE_POOL or spare_cores() > 0)
    with run_budget(), FeedbackWriter(workers=1 if feedback_child else 0, write=write_to) as feedback:
        done = 0
        for chunk in _chunks(fresh):
            items = [(sf, load_mapping(sf.path.parent) if not sf.problem else None) for sf in chunk]
            # never raises: a file that breaks the code is rejected with a reason
            results = ingest_batch(items) if len(items) > 1 else [ingest_submission(*items[0])]
            for sf, result in zip(chunk, results):
                done += 1
                take(sf, result, feedback, done)
        flush()
    phases.reached("staged")
    return out


FORCE_POOL = False  # child processes (pool, feedback) whatever the machine's load: the bench and the tests
POOL_MIN_FILES = 40  # new files from which a batch is read by child processes too (measured: docs/benchmarks.md)
POOL_CHUNK_FILES = 10  # files a process reads (and validates together) at a time in a pool
POOL_CHUNK_BYTES = 4 * 2**20


def pool_workers(fresh: list[SubmissionFile], force: bool = False) -> int:
    """Child processes to read `fresh` beside the run's own (0: read in this process alone).

    Only for a batch large enough to repay a child's start (it imports pandas and the intake:
    1.1-1.4 s CPU measured, against 20-40 ms a file), and only as many as there are spare cores
    (ctip.processes.spare_cores, the rule the estimates' fits use too): on this shared machine, with every core busy,
    reading in two processes measured slower than in one (docs/benchmarks.md, issue 13, fifth
    session). Either way the results are the same (tests/speed/test_stage_pool.py)."""
    n = int(settings.get("stage_workers"))
    if n <= 0 or len(fresh) < POOL_MIN_FILES:
        return 0
    if force:
        return n
    return max(0, min(n, spare_cores()))


def prestart_pool(fresh: list[SubmissionFile]) -> None:
    """A run that will stage `fresh` (its staging step feeds its results to pending.keep) starts
    the staging pool's children now, by the same rule, so they import while Dagster creates the
    run; the staging step takes them (ctip.stage.pool.prestart). `discard_pool` stops them."""
    workers = pool_workers(fresh, FORCE_POOL)
    if workers:
        pool.prestart(workers, (pending.keep.__module__,))


def discard_pool() -> None:
    """Stop the children `prestart_pool` started, when staging did not take them."""
    pool.discard_prestarted()


def _within_run_budget(sf: SubmissionFile, result: SubmissionResult, cells: int, feedback_root: Path, write=None) -> SubmissionResult:
    """Count a file read in a pool against the run's cell budget, in file order, as reading the
    files one after another does: a file over it is rejected for this run (read again by the
    next) with the same words, and its feedback folder says so."""
    from ctip.intake.read import UnreadableFile, charge_run

    try:
        charge_run(cells)
    except UnreadableFile as exc:
        result = rejected(sf, str(exc), exc.code)
        (write or write_feedback)(result, feedback_root / sf.submission_id)  # replaces what the reader left
    return result


def write_pending_feedback(staging_root: Path | None = None, feedback_root: Path | None = None, progress: Callable[[str], None] | None = None) -> int:
    """Write the feedback folders staging left pending (`stage_batch(feedback_later=True)`, or a
    run killed before it wrote them); returns how many. Run after the warehouse is published.
    With a core to spare (and enough folders to repay a child's start) a child process writes
    chunks from the back while this one writes from the front; what a child could not write is
    written here. The folders are the same whoever writes them."""
    staging_root = Path(staging_root or paths.staging_dir())
    feedback_root = Path(feedback_root or paths.feedback_dir())
    waiting = pending.waiting(staging_root)
    # Figures the warehouse withheld as a clash between files received together: told to their senders.
    clashes = clashes_in(paths.warehouse_path(), [Path(p).name for p in waiting])
    # Revisions the public files will hold back (attack3 H-R): decided here, before the exports, by their rule.
    held = held_back_in(paths.warehouse_path(), [Path(p).name for p in waiting])
    # Earlier figures a file withdrew by marking them not available (attack4 I-H): told to its sender.
    gone = withdrawn_in(paths.warehouse_path(), [Path(p).name for p in waiting])
    chunks = deque(waiting[i : i + FEEDBACK_CHUNK] for i in range(0, len(waiting), FEEDBACK_CHUNK))
    child = None
    if len(waiting) >= POOL_MIN_FILES and (FORCE_POOL or spare_cores() > 0):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:  # forkserver: never fork a process that holds Dagster's threads and SQLite handles
            child = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
        except Exception:  # no child processes here: all written here
            child = None
    future = None
    written = 0
    try:
        while chunks:
            if child is not None and (future is None or future.done()):
                if future is not None:
                    written += _child_wrote(future)
                future = child.submit(write_kept, chunks.pop(), feedback_root, clashes, held, gone) if len(chunks) > 1 else None
            if chunks:
                written += write_kept(chunks.popleft(), feedback_root, clashes, held, gone)
                if progress:
                    progress(f"feedback: {written} of {len(waiting)} written")
        if future is not None:
            written += _child_wrote(future)
    finally:
        if child is not None:
            child.shutdown(wait=True, cancel_futures=True)
    written += write_kept(pending.waiting(staging_root), feedback_root, clashes, held, gone)  # what a failed child left
    pending.tidy(staging_root)
    return written


FEEDBACK_CHUNK = 10  # pending folders written at a time by one process


def _child_wrote(future) -> int:
    try:
        return future.result()
    except Exception as exc:  # the child died: what it left is still pending, written here
        import logging

        logging.getLogger(__name__).warning("feedback child failed (%s): its folders are written here", type(exc).__name__)
        return 0


VALIDATE_FILES = 25  # files read before their observations are validated together (their sheets wait in memory)
VALIDATE_BYTES = 16 * 2**20  # ... or fewer, when they are large


def _chunks(files: list[SubmissionFile], most: int = VALIDATE_FILES, most_bytes: int = VALIDATE_BYTES) -> Iterable[list[SubmissionFile]]:
    chunk: list[SubmissionFile] = []
    size = 0
    for sf in files:
        if chunk and (len(chunk) >= most or size + sf.size > most_bytes):
            yield chunk
            chunk, size = [], 0
        chunk.append(sf)
        size += sf.size
    if chunk:
        yield chunk


def stage_submission(sf: SubmissionFile, staging_root: Path | None = None, feedback_root: Path | None = None) -> tuple[SubmissionResult, bool]:
    """Parse one submission unless an identical one (same content, mapping and code) is staged.
    Returns (result, was_cached)."""
    (result,), cached = _results([sf], staging_root, feedback_root)
    return result, cached[sf.submission_id]


def needs_staging(sf: SubmissionFile, staging_root: Path | None = None) -> bool:
    """True when the file's content (with its mapping and the current code) is not staged yet."""
    return bool(fresh_files([sf], staging_root))


def fresh_files(files: Iterable[SubmissionFile], staging_root: Path | None = None) -> list[SubmissionFile]:
    """The files whose content (with its mapping and the current code) is not staged yet."""
    files = list(files)
    keys = _keys(files)
    index = staging.index(Path(staging_root or paths.staging_dir()))
    return [sf for sf in files if getattr(index.get(sf.submission_id), "key", None) != keys[sf.submission_id]]


def _results(files, staging_root=None, feedback_root=None, progress=None) -> tuple[list[SubmissionResult], dict[str, bool]]:
    files = list(files)
    staged = stage_batch(files, staging_root, feedback_root, progress, keep=True)
    stored = {sid: e for sid, e in staged.entries.items() if sid not in staged.results}
    loaded = staging.load(Path(staging_root or paths.staging_dir()), stored) if stored else {}
    return [staged.results.get(sf.submission_id) or loaded[sf.submission_id] for sf in files], staged.cached


def stage_all(files: Iterable[SubmissionFile], progress: Callable[[str], None] | None = None, **kwargs) -> list[SubmissionResult]:
    """Every submission's result, in the order of `files` (staged ones from the store)."""
    return _results(files, kwargs.get("staging_root"), kwargs.get("feedback_root"), progress)[0]


def build(results: list[SubmissionResult], warehouse: Path | None = None) -> BuildSummary:
    target = Path(warehouse or paths.warehouse_path())
    clean_stale_builds(target)
    return build_warehouse(results, target)


def build_staged(staged: Staged, warehouse: Path | None = None, staging_root: Path | None = None) -> BuildSummary:
    """The warehouse from a staged batch: the store's Parquet files read by DuckDB in one pass
    (no result loaded submission by submission), with the results not kept in the store."""
    target = Path(warehouse or paths.warehouse_path())
    clean_stale_builds(target)
    # Results not kept in the store have no staging key: a batch with some is always built.
    key = None if staged.unstored else reuse.build_key(staged.entries)
    if key is not None and (summary := reuse.kept(target, key)) is not None:
        return summary  # the same submissions and code as the published warehouse's build
    frames = staging.frames(Path(staging_root or paths.staging_dir()), staged.entries)
    if staged.unstored:
        frames = staging.concat_frames([frames, staging.frames_of(staged.unstored)])
    summary = build_from_frames(frames, target)
    if key is not None:
        reuse.record_build(target, key)
    return summary


# -- derived work: done again only when what it reads (or its code) changed ----------------------

ESTIMATE_INPUTS = ("fact_observation", "ref_population", "dim_country", "fact_capture_history")
# What the estimates read: also the previous release (`release_cells`, copied in by each build),
# since the facts enter them as the public exports show them (public_estimate_tables).
# The estimates also read the previous release as the exports protect against it (the facts
# enter them as the public exports show them: public_estimate_tables); only that release enters
# their key (_previous_release), not every release recorded since: a release of the same facts
# changes nothing they read.
# fact_flow too: the facts' suppression reads the flows (ctip.export.flow_cells: a flow can make a
# fact total a complement), so the model's input does; built with fact_observation by the same step.
ESTIMATE_READS = (*ESTIMATE_INPUTS, "fact_flow")
ESTIMATE_OUTPUTS = ("mart_estimates", "mart_regional_estimates", "mart_hidden_victims")
VALIDATION_OUTPUTS = ("mart_estimate_validation",)
CODE_DIR = Path(__file__).resolve().parent


def _estimate_version() -> str:
    """The estimation code, its settings (with their environment overrides) and the numerical
    libraries it relies on."""
    import json
    from importlib.metadata import version

    from ctip.estimate.rules import estimation_settings
    from ctip.fingerprint import source_fingerprint

    libs = {name: version(name) for name in ("numpy", "pandas", "scipy", "statsmodels")}
    code = source_fingerprint([CODE_DIR / "estimate", CODE_DIR / "export", paths.SCHEMAS_DIR / "estimation.yaml", paths.SCHEMAS_DIR / "tables.yaml"])
    return f"{code}|{json.dumps(estimation_settings(), sort_keys=True, default=str)}|{json.dumps(libs, sort_keys=True)}"


def _derived_cache(kind: str) -> Path:
    return paths.marts_dir() / "cache" / kind


def _public_inputs(tables: dict) -> dict:
    """The estimates' inputs with the facts as the public exports show them (ctip.export.model_inputs):
    the code is public and seeded, so a withheld count must not enter the model (attack3 H-B)."""
    from ctip.export.model_inputs import model_facts

    return {**tables, "fact_observation": model_facts(tables)}


def public_estimate_tables(tables: dict, cache_dir: Path | None = None, previous=None) -> dict:
    """estimate_tables on the public view of the facts: the only estimates there are.
    previous: the previous release's cells (release_cells rows), when not in `tables`."""
    from ctip.estimate.tables import estimate_tables

    if previous is not None:
        tables = {**tables, "release_cells": previous}
    return estimate_tables(_public_inputs(tables), cache_dir=cache_dir)


def public_validation_tables(tables: dict, previous=None) -> dict:
    """validation_tables on the same inputs as the estimates it validates."""
    from ctip.estimate.tables import validation_tables

    if previous is not None:
        tables = {**tables, "release_cells": previous}
    return validation_tables(_public_inputs(tables))


def _previous_release(warehouse: Path):
    """(the previous release's cells as the exports will protect against them, or None; a digest
    of them for the estimates' key, "" without one)."""
    import hashlib

    import duckdb
    import pandas as pd

    from ctip.export.releases import previous_release, release_key

    if not warehouse.exists():
        return None, ""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        have = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        if "release_cells" not in have or "fact_observation" not in have:
            return None, ""
        cells = con.execute("select * from release_cells").df()
        fact = con.execute("select * from fact_observation").df()
        flows = con.execute("select * from fact_flow").df() if "fact_flow" in have else None
    # the release's fact and flow cells, as the exports protect against them (the same key)
    previous = previous_release(cells, release_key(fact, flows), flows=True)
    if not len(previous):
        return None, ""
    stable = previous.drop(columns=["released_at"], errors="ignore").astype(str)
    digest = hashlib.sha256(pd.util.hash_pandas_object(stable, index=False).to_numpy().tobytes()).hexdigest()[:16]
    return previous, digest


def _derived_args(warehouse: Path | None, derive: Callable, **kwargs) -> tuple:
    """(target, derive with the previous release, the key's version) of an estimate step."""
    from functools import partial

    target = Path(warehouse or paths.warehouse_path())
    previous, digest = _previous_release(target)
    return target, partial(derive, previous=previous, **kwargs), f"{_estimate_version()}|{digest}"


def estimate(warehouse: Path | None = None) -> DerivedResult:
    """Estimate tables from the published warehouse's facts, published in their turn; reused when
    the facts, population, members, capture histories and the estimation code are unchanged.
    When they changed, each indicator's fit is still reused if its own cells did not
    (`estimate_parts`: one added file refits only the indicators it touched)."""
    target, derive, version = _derived_args(warehouse, public_estimate_tables, cache_dir=_derived_cache("estimate_parts"))
    return publish_derived(target, derive, ESTIMATE_READS, ESTIMATE_OUTPUTS, version, _derived_cache("estimates"))


def validate_estimates(warehouse: Path | None = None) -> DerivedResult:
    """The estimates' held-out validation (the model refitted fold by fold): its own step, after
    the estimates are published, reused on the same terms as the estimates."""
    target, derive, version = _derived_args(warehouse, public_validation_tables)
    return publish_derived(target, derive, ESTIMATE_READS, VALIDATION_OUTPUTS, version, _derived_cache("validation"))


def prepare_validation(warehouse: Path | None = None) -> tuple[str, str | None]:
    """The validation computed into its cache without writing the warehouse (outside the
    warehouse pool, so a build is not held up for minutes); `validate_estimates` then publishes it
    from the cache, in the pool. Returns (key, reused) as warehouse.build.prepare_derived."""
    target, derive, version = _derived_args(warehouse, public_validation_tables)
    return prepare_derived(target, derive, ESTIMATE_READS, VALIDATION_OUTPUTS, version, _derived_cache("validation"))


def _public_inputs_key(warehouse: Path) -> str:
    """Exports and the report read the public tables (and mart_estimates, public or not); their
    code is export/, report/ and the table contracts in schemas/."""
    from ctip.fingerprint import source_fingerprint

    return (
        _public_data_key(Path(warehouse))
        + "|"
        + source_fingerprint([CODE_DIR / "export", CODE_DIR / "report", CODE_DIR / "warehouse" / "tables.py", paths.SCHEMAS_DIR])
    )


_DATA_KEYS: dict[tuple, str] = {}  # file identity -> its public tables' fingerprint, this process
SETTLED_SECONDS = 2.0  # a file last written this long ago: a later write gives it another mtime


def _public_data_key(warehouse: Path) -> str:
    """The public tables' fingerprint, computed once per published file in a process (the exports
    and the report of a run both ask for it). A published warehouse is never written in place
    (every build and derived step renames a new file over it), and the identity (inode, size,
    mtime) is remembered only for a file last written long enough ago that a write since would
    show in its mtime."""
    import time

    import duckdb

    from ctip.fingerprint import tables_fingerprint
    from ctip.warehouse.tables import PUBLIC_TABLES

    st = warehouse.stat()
    identity = (str(warehouse.absolute()), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    if identity in _DATA_KEYS:
        return _DATA_KEYS[identity]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        key = tables_fingerprint(con, [*PUBLIC_TABLES, "mart_estimates"])
    if time.time() - st.st_mtime > SETTLED_SECONDS:
        _DATA_KEYS.clear()  # only the current file's is ever asked for again
        _DATA_KEYS[identity] = key
    return key


STAMP = ".inputs.json"  # in an output folder: the key of what it was written from, and the result


def _cached_output(out_dir: Path, key: str, outputs_present: Callable[[dict], bool], write: Callable[[], dict], phase: str) -> tuple[dict, bool]:
    """`write()` unless `out_dir` holds a stamp with this key and its outputs; (result, reused)."""
    import json

    stamp = out_dir / STAMP
    try:
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if saved.get("key") == key and outputs_present(saved["result"]):
            return saved["result"], True
    except (OSError, ValueError, KeyError, TypeError):
        pass
    result = write()
    phases.reached(phase)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = json.loads(json.dumps(result, default=str))  # the same types whether written now or reused
    write_text(stamp, json.dumps({"key": key, "result": result}))
    return result, False


def export(warehouse: Path | None = None, out_dir: Path | None = None) -> tuple[dict, bool]:
    """Public exports (ctip.export.write_exports), rewritten only when the public tables or the
    export code changed. Returns (what was written, reused)."""
    warehouse, out_dir = Path(warehouse or paths.warehouse_path()), Path(out_dir or paths.exports_dir())

    def write() -> dict:
        # Imported only when written: the suppression and its audit import scipy (1.8 s CPU), a
        # cost a run whose public tables did not change need not pay.
        from ctip.export import write_exports

        return write_exports(warehouse, out_dir)

    return _cached_output(
        out_dir,
        _public_inputs_key(warehouse),
        lambda r: all((out_dir / f).exists() for f in r.get("files", [])) and bool(r.get("files")),
        write,
        "exports_written",
    )


def report(warehouse: Path | None = None, out_dir: Path | None = None) -> tuple[Path, bool]:
    """The HTML report (ctip.report.write_report), rewritten only when the public tables or the
    report code changed. Returns (its path, reused)."""
    warehouse, out_dir = Path(warehouse or paths.warehouse_path()), Path(out_dir or paths.report_dir())

    def write() -> dict:
        from ctip.report import write_report  # only when written (it imports the suppression too)

        return {"path": str(write_report(warehouse, out_dir))}

    result, reused = _cached_output(
        out_dir,
        _public_inputs_key(warehouse),
        lambda r: Path(r["path"]).exists(),
        write,
        "report_written",
    )
    return Path(result["path"]), reused

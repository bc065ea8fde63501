"""A large batch's intake (read, privacy scan, layouts, harmonise, validate, feedback) shared
between the run's own process and child processes, its results handed back in the batch's order.

Why the parent works too: on two cores, one child beside the parent uses both, and the parent
starts on the first files at once instead of waiting the second or so a child needs to import
pandas and the intake. Each chunk of files goes to whoever is free; its results are kept until
every earlier chunk's are in, then given back in order, so what is staged and published does not
depend on who read what. At most WINDOW chunks are read ahead of the oldest unfinished one, so
memory does not grow with the batch (each result comes back without its sheets: the process that
read a file also writes its feedback folder, then drops the sheets).

A child that dies (a crash in a reader library, the out-of-memory killer) or takes longer than
FILE_SECONDS per file loses nothing but itself: the files of its chunk are read again one by one,
each in a child of its own, so the file that killed it is the only one rejected (reason code
`error`, a plain message) and the others are staged as usual. Files suspected of killing a process
are never read in the parent. Children are started by forkserver (never forked from a process
holding Dagster's threads and SQLite handles) and are always stopped before `staged` returns,
also when it is left by an exception or KeyboardInterrupt.

Each child gets the run's CTIP_* settings, so the per-file cell budgets apply there as in the
parent; the run's cell budget (a running total in file order) is counted by the caller, in order,
from the cells each file reports (`cells`), exactly as reading them one after another would."""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ctip.intake.discover import SubmissionFile
from ctip.stage.submission import SubmissionResult, rejected

FILE_SECONDS = 300.0  # a file taking longer than this in a child is stopped and rejected
START_SECONDS = 120.0  # a child not ready after this is given up (the parent reads its share)
WINDOW = 6  # chunks read ahead of the oldest one not yet given back
PREFETCH = 2  # chunks queued in a child, so it never waits for the parent to hand it the next
INLINE = True  # the parent reads chunks too (tests turn it off to send every file to a child)

STATS = {"parent_chunks": 0, "child_chunks": 0, "lost": 0}  # who read the last batch's chunks (for the bench)
Outcome = tuple[SubmissionResult, int]  # a file's result and the cells it counted against the run
# ctip.feedback.write.write_feedback, handed down by the caller (feedback is a layer above staging);
# it must release result.grids.
WriteFeedback = Callable[[SubmissionResult, Path], object]


def work_chunk(files: list[SubmissionFile], feedback_root: Path, write_feedback: WriteFeedback) -> list[Outcome]:
    """Read and check `files` (their observations validated together), write each one's feedback
    folder, and return each result (without its sheets) with the cells it would count against
    the run's budget. Runs in a child or in the parent; never raises for a bad file."""
    from ctip.intake.bounds import run_budget
    from ctip.intake.mapping import load_mapping
    from ctip.stage.submission import ingest_batch, ingest_submission

    items = [(sf, load_mapping(sf.path.parent) if not sf.problem else None) for sf in files]
    cells: list[int] = []
    # Unlimited here: the run's budget is a total in file order, counted by the caller.
    with run_budget(sys.maxsize) as budget:
        if len(items) > 1:
            results = ingest_batch(items, charged=cells)
        else:
            results = [ingest_submission(*items[0])]
            cells = [budget.used]
    for sf, result in zip(files, results):
        write_feedback(result, Path(feedback_root) / sf.submission_id)  # releases result.grids
    return list(zip(results, cells))


WORK: Callable[[list[SubmissionFile], Path, WriteFeedback], list[Outcome]] = work_chunk  # what children run (tests swap it)


def _child(conn, env: dict[str, str], preload: tuple[str, ...]) -> None:
    """A child's life: take the run's settings, import the intake, say ready, then read chunks
    until told to stop (None) or the parent is gone (EOF)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    from ctip import settings

    settings.use_overrides(env)
    import importlib

    import ctip.stage.submission  # noqa: F401 - imported before saying ready

    for name in preload:
        importlib.import_module(name)

    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        work, files, feedback_root, write = task
        try:
            conn.send(("done", work(files, feedback_root, write)))
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Task:
    chunk: int  # index of the chunk its files belong to
    positions: list[int]  # their places in the chunk
    files: list[SubmissionFile]
    isolated: bool = False  # suspected of killing a process: alone, in a child, never in the parent


@dataclass
class _Child:
    proc: object
    conn: object
    started: float
    ready: bool = False
    tasks: deque = field(default_factory=deque)  # sent, not answered; the first is being read
    since: float = 0.0  # when the first of `tasks` began


class _Pool:
    def __init__(self, n: int, feedback_root: Path, inline: bool, preload: tuple[str, ...]):
        import multiprocessing

        self.ctx = multiprocessing.get_context("forkserver")
        from ctip import settings

        self.env = settings.overrides()
        self.feedback_root = Path(feedback_root)
        self.inline = inline
        self.preload = preload
        self.children: list[_Child] = []
        self.restarts = 0
        for _ in range(n):
            self._start()

    def _start(self) -> None:
        parent_end, child_end = self.ctx.Pipe()
        proc = self.ctx.Process(target=_child, args=(child_end, self.env, self.preload), name="ctip-stage", daemon=True)
        proc.start()
        child_end.close()
        self.children.append(_Child(proc, parent_end, time.monotonic()))

    def _drop(self, child: _Child, kill: bool) -> None:
        self.children.remove(child)
        if kill and child.proc.is_alive():
            child.proc.kill()
        child.proc.join(5)
        if child.proc.is_alive():
            child.proc.kill()
            child.proc.join()
        child.conn.close()

    def close(self, clean: bool) -> None:
        """Stop every child: asked to stop after a clean batch, killed otherwise."""
        for child in list(self.children):
            clean = clean and child.ready  # one still importing has nothing to finish: not waited for
            if clean:
                try:
                    child.conn.send(None)
                except OSError:
                    pass
            self._drop(child, kill=not clean)


# Children started before their batch is known (`prestart`: a run that will read a large batch
# starts them while Dagster creates the run, so their imports overlap it); `staged` takes them.
_PRESTARTED: _Pool | None = None


def prestart(workers: int, preload: tuple[str, ...]) -> None:
    """Start `workers` children now for the next `staged` of this process (the same settings and
    preload), so their start (importing pandas and the intake, ~1.2 s of CPU) is not waited for
    there. Children not taken are stopped by `discard_prestarted`."""
    global _PRESTARTED
    if workers <= 0 or _PRESTARTED is not None:
        return
    try:
        _PRESTARTED = _Pool(workers, Path("."), INLINE, preload)
    except Exception:  # no child processes here: `staged` starts its own, or the parent reads alone
        _PRESTARTED = None


def discard_prestarted() -> None:
    """Stop the children `prestart` started and no `staged` took (the run ended before staging)."""
    global _PRESTARTED
    pool, _PRESTARTED = _PRESTARTED, None
    if pool is not None:
        pool.close(clean=True)


def _pool(workers: int, feedback_root: Path, preload: tuple[str, ...]) -> _Pool:
    """The prestarted children when they were started for these settings and preload (with more
    started if more are wanted now), else new ones."""
    global _PRESTARTED
    pool, _PRESTARTED = _PRESTARTED, None
    if pool is not None:
        from ctip import settings

        if pool.env == settings.overrides() and pool.preload == preload:
            pool.feedback_root, pool.inline = Path(feedback_root), INLINE
            for _ in range(workers - len(pool.children)):
                pool._start()
            return pool
        pool.close(clean=True)
    return _Pool(workers, feedback_root, INLINE, preload)


def _failed(sf: SubmissionFile, why: str) -> SubmissionResult:
    return rejected(sf, f"the file could not be processed ({why}); the other files were read as usual", "error")


def staged(
    chunks: list[list[SubmissionFile]], feedback_root: Path, workers: int, write_feedback: WriteFeedback, progress=None
) -> Iterator[tuple[SubmissionFile, SubmissionResult, int]]:
    """Each file of `chunks` with its result and the cells it counts against the run, in the order
    of `chunks`, read by the parent and `workers` children, each file's feedback folder written
    by `write_feedback` where it was read. Every child is stopped when the iteration ends,
    however it ends."""
    from multiprocessing.connection import wait

    feedback_root = Path(feedback_root)
    queue = deque(_Task(i, list(range(len(c))), list(c)) for i, c in enumerate(chunks))
    slots: dict[int, list] = {}
    next_out = 0
    STATS.update(parent_chunks=0, child_chunks=0, lost=0)
    pool = _pool(workers, feedback_root, (write_feedback.__module__,))
    clean = False

    def fill(task: _Task, outcomes: list[Outcome]) -> None:
        slot = slots.setdefault(task.chunk, [None] * len(chunks[task.chunk]))
        for pos, outcome in zip(task.positions, outcomes):
            slot[pos] = outcome

    def take(inline: bool) -> _Task | None:
        for task in queue:
            if task.chunk < next_out + WINDOW and not (inline and task.isolated):
                queue.remove(task)
                return task
        return None

    def lost(child: _Child, why: str) -> None:
        """A child died or overran: its first task's files are read again one by one (or, alone,
        rejected); the tasks queued behind it go back as they were."""
        STATS["lost"] += 1
        pool._drop(child, kill=True)
        tasks = list(child.tasks)
        if tasks:
            first = tasks.pop(0)
            if len(first.files) == 1:
                sf = first.files[0]
                result = _failed(sf, why)
                write_feedback(result, feedback_root / sf.submission_id)
                fill(first, [(result, 0)])
                if progress:
                    progress(f"{sf.relative}: {why}")
            else:
                tasks = [_Task(first.chunk, [p], [f], isolated=True) for p, f in zip(first.positions, first.files)] + tasks
        queue.extendleft(reversed(tasks))
        pool.restarts += 1
        if pool.restarts <= 2 * len(chunks) + 3:
            pool._start()

    def hand_out(now: float) -> None:
        for child in list(pool.children):
            while child.ready and len(child.tasks) < PREFETCH and (task := take(inline=False)) is not None:
                if not child.tasks:
                    child.since = now
                child.tasks.append(task)
                try:
                    child.conn.send((WORK, task.files, feedback_root, write_feedback))
                except OSError:  # it died: this task never reached it
                    child.tasks.pop()
                    queue.appendleft(task)
                    lost(child, f"the process reading it stopped, exit code {child.proc.exitcode}")
                    break

    def listen(timeout: float) -> None:
        """Take what the children said (ready, a chunk's results), notice the dead and the overdue."""
        ready = wait([c.conn for c in pool.children] + [c.proc.sentinel for c in pool.children], timeout)
        now = time.monotonic()
        for child in list(pool.children):
            if child.conn in ready:
                try:
                    kind, payload = child.conn.recv()
                except (EOFError, OSError):
                    lost(child, f"the process reading it stopped, exit code {child.proc.exitcode}")
                    continue
                if kind == "ready":
                    child.ready = True
                else:
                    fill(child.tasks.popleft(), payload)
                    STATS["child_chunks"] += 1
                    child.since = now
            elif child.proc.sentinel in ready:
                child.proc.join(1)
                lost(child, f"the process reading it stopped, exit code {child.proc.exitcode}")
            elif not child.ready and now > child.started + START_SECONDS:
                pool._drop(child, kill=True)  # never started: its share is read elsewhere
            elif child.tasks and now > child.since + FILE_SECONDS * len(child.tasks[0].files):
                lost(child, f"reading it took longer than {FILE_SECONDS:.0f} seconds")

    def parent_can_work() -> bool:
        return pool.inline and any(t.chunk < next_out + WINDOW and not t.isolated for t in queue)

    try:
        while next_out < len(chunks):
            slot = slots.get(next_out)
            if slot is not None and all(o is not None for o in slot):
                for sf, outcome in zip(chunks[next_out], slots.pop(next_out)):
                    yield sf, outcome[0], outcome[1]
                next_out += 1
                continue
            if not pool.children and not pool.inline:  # every child gave up: the parent reads what is left
                pool.inline = True
                for task in queue:
                    task.isolated = False
            if pool.children:
                if parent_can_work():
                    timeout = 0.0
                else:
                    now = time.monotonic()
                    deadlines = [
                        c.started + START_SECONDS if not c.ready else c.since + FILE_SECONDS * len(c.tasks[0].files)
                        for c in pool.children
                        if not c.ready or c.tasks
                    ]
                    timeout = max(0.0, min(deadlines) - now) if deadlines else 1.0
                listen(timeout)
                hand_out(time.monotonic())
            if parent_can_work():
                task = take(inline=True)
                fill(task, work_chunk(task.files, feedback_root, write_feedback))
                STATS["parent_chunks"] += 1
        clean = True
    finally:
        pool.close(clean)

"""Every indicator's fit, shared between this process and child processes where it pays.

The fits are independent of each other and deterministic (fit_count_model has no random stream
of its own to share: its importance sampling has a fixed seed), so the process that runs a fit
cannot change a bit of it; the simulation that follows, which shares one random stream across
indicators, stays in this process and in its order. A fit reused from the cache (fit_cache) is
not run at all: children are started only when at least two fits must run.

Scheduling: this process takes fits from the front of the list (the indicators in their order,
the most reported first: usually the longest fits) and the children from the back, one fit at a
time each, until none is left. So a child that is slow to start (imports, a busy machine) only
leaves more of the work here, and the last fit to finish is a short one.

Children are started with the 'forkserver' method (never fork a process that holds Dagster's
threads and SQLite handles). A child's start costs 1.6-2.1 s CPU, 2-3.5 s wall (its imports;
measured at load 3.7): preloading them in the server (set_forkserver_preload) measured the same
for the one child a run starts, so it is not done (this process fits meanwhile). A child that
cannot start, dies or fails hands its fit back: it is run here, so the result is the same with
or without children. No child outlives `fit_models` (on an error here
they are terminated before it returns)."""

from __future__ import annotations

import multiprocessing
import os  # noqa: F401 - tests patch fit_pool.os (the load spare_cores reads)
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from ctip import atomic
from ctip.estimate import fit_cache
from ctip.estimate.model import CountModel, _informative, fit_count_model
from ctip.processes import spare_cores  # the one rule for a child (also staging's)

_NO_RESULT = object()
FORCE = False  # children whatever the machine's load (tests and benchmarks)
# which fits the last fit_shared ran here and in children (names): for tests and benchmarks
LAST: dict[str, list[str]] = {"here": [], "in_children": []}


def needs_fit(cells: pd.DataFrame) -> bool:
    """Whether fit_count_model has anything to fit (else it returns None at once, not worth a child)."""
    return bool((_informative(cells) & cells["population"].notna().to_numpy()).any())


def _lookup(cells: pd.DataFrame, cache_dir: Path | None) -> tuple[Path | None, object]:
    """(the cache file of these cells, the model in it or _NO_RESULT), as fit_cache.cached_fit reads it."""
    if cache_dir is None:
        return None, _NO_RESULT
    path = Path(cache_dir) / f"fit-{fit_cache.fit_key(cells)}.json"
    try:
        model = fit_cache.loads(path.read_text(encoding="utf-8"))
        path.touch()  # recently used: kept by fit_cache._prune (as os.utime in cached_fit)
        return path, model
    except (OSError, ValueError, TypeError, KeyError):  # absent, or unreadable: fit again
        return path, _NO_RESULT


def _store(path: Path | None, model: CountModel | None) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, fit_cache.dumps(model))
    fit_cache._prune(path.parent)


def fit_models(cells: dict[str, pd.DataFrame], cache_dir: Path | None = None, workers: int = 0) -> dict[str, CountModel | None]:
    """{name: fit_count_model(cells[name])}, each taken from `cache_dir` when the same cells were
    fitted by the same code before (fit_cache), the rest fitted here and in up to `workers` child
    processes (0: all here; fewer when the machine has no core to spare, see spare_cores). The same models, bit for bit, whatever `workers` is."""
    found = {name: _lookup(frame, cache_dir) for name, frame in cells.items()}
    todo = [name for name, (_, model) in found.items() if model is _NO_RESULT and needs_fit(cells[name])]
    fitted: dict[str, CountModel | None] = {}
    children = min(workers, len(todo) - 1, workers if FORCE else spare_cores())
    if children > 0:
        fitted = fit_shared({name: cells[name] for name in todo}, children, fit=fit_count_model)
    models = {}
    for name, (path, model) in found.items():
        if model is _NO_RESULT:
            # what no child fitted (fit_cache's name for the fit: a test counting fits replaces it there)
            model = fitted[name] if name in fitted else fit_cache.fit_count_model(cells[name])
            _store(path, model)
        models[name] = model
    return models


def fit_shared(cells: dict[str, pd.DataFrame], children: int, fit: Callable = fit_count_model) -> dict[str, CountModel | None]:
    """fit(cells[name]) for each name, run here and in `children` child processes; returns the
    fits that finished (a fit a child could not deliver is missing: the caller runs it)."""
    queue = list(cells)
    lock = threading.Lock()
    stop = threading.Event()
    done: dict[str, CountModel | None] = {}

    LAST["here"], LAST["in_children"] = [], []

    def take(front: bool) -> str | None:
        """The next fit for this process (front) or a child (back; none once a child failed)."""
        with lock:
            if not queue or (stop.is_set() and not front):
                return None
            return queue.pop(0 if front else -1)

    try:
        pool = ProcessPoolExecutor(max_workers=children, mp_context=multiprocessing.get_context("forkserver"))
    except Exception:  # no child processes here (a platform without forkserver): all fits run here
        return {}

    def feed() -> None:
        """Hand fits to a child one at a time; on the first failure stop (the fit is run here)."""
        while (name := take(front=False)) is not None:
            try:
                result = pool.submit(fit, cells[name]).result()
            except BaseException:  # a child that could not start, died, or failed: the fit is run here
                stop.set()
                return
            with lock:
                done[name] = result
                LAST["in_children"].append(name)

    feeders = [threading.Thread(target=feed, name=f"fit-feeder-{i}", daemon=True) for i in range(children)]
    try:
        for feeder in feeders:
            feeder.start()
        while (name := take(front=True)) is not None:
            done[name] = fit(cells[name])
            LAST["here"].append(name)
        for feeder in feeders:
            feeder.join()
    except BaseException:
        stop.set()
        while any(feeder.is_alive() for feeder in feeders):
            _terminate(pool)  # again: a child may have been starting when this one was terminated
            for feeder in feeders:
                feeder.join(timeout=0.1)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return done


def _terminate(pool) -> None:
    """Stop the children at once (shutdown would wait for their running fits). ProcessPoolExecutor
    has no public way before Python 3.14 (terminate_workers); its `_processes` is the same map there."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()

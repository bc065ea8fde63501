"""Each indicator's simulation (its rows of mart_estimates and the draws behind them) kept between
runs, keyed by everything it reads: its random streams' seed (the run's seed and the indicator,
estimates.stream_key), the model it draws from, its panel rows, the number of draws, the year span
named in its notes, and the code, schemas and numerical libraries.

Each indicator draws from streams of its own (estimates.indicator_streams, since the ninth
session; before, the six shared one stream in their order, so a change in one drew every one after
it again): an indicator whose inputs did not change is read, whatever happened to the others, and
draws exactly the numbers it would have drawn (tests/estimate/test_sim_cache.py).

An entry is two files: `sim-<key>.npz` (the draws; read without pickle) and `sim-<key>.parquet`
(the rows, whose dtypes Parquet keeps). Either missing or unreadable is a miss."""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from ctip import atomic, paths
from ctip.estimate import fit_cache
from ctip.fingerprint import source_fingerprint

LIBRARIES = ("numpy", "pandas", "pyarrow", "scipy")
KEEP = 12  # entries kept (the most recently used): two runs' worth of the six indicators


@cache
def _code_version() -> str:
    code = source_fingerprint([Path(__file__).resolve().parent, paths.SCHEMAS_DIR])
    return code + "|" + ",".join(f"{name}={version(name)}" for name in LIBRARIES)


def _hash_frame(h, frame: pd.DataFrame) -> None:
    h.update(repr([(c, str(t)) for c, t in frame.dtypes.items()]).encode())
    h.update(str(len(frame)).encode())
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            h.update(np.ascontiguousarray(values.to_numpy(dtype=float, na_value=np.nan)).tobytes())
        else:  # strings, with missing values told apart from the text 'None' or 'nan'
            h.update("\x1f".join("\x00" if pd.isna(v) else str(v) for v in values.to_numpy(dtype=object)).encode())
        h.update(b"\x1e")


def key(stream: list[int], model, modelled_from_others: bool, rows: pd.DataFrame, n_draws: int, years: str) -> str:
    """The key of one indicator's simulation: `stream` the entropy of its random streams
    (estimates.stream_key), `rows` its panel rows (total and breakdown parts), `model` the
    CountModel it draws from (None: no model), `modelled_from_others` whether that model is
    borrowed from the other indicators (unreported.py)."""
    h = hashlib.sha256(_code_version().encode())
    h.update(json.dumps([int(x) for x in stream]).encode())
    h.update(fit_cache.dumps(model).encode())
    h.update(f"|{modelled_from_others}|{n_draws}|{years}|".encode())
    _hash_frame(h, rows)
    return h.hexdigest()[:32]


def _paths(cache_dir: Path, entry: str) -> tuple[Path, Path]:
    return Path(cache_dir) / f"sim-{entry}.npz", Path(cache_dir) / f"sim-{entry}.parquet"


def load(cache_dir: Path | None, entry: str) -> tuple[pd.DataFrame, np.ndarray] | None:
    """(rows, draws) stored under `entry`, or None."""
    if cache_dir is None:
        return None
    arrays, table = _paths(cache_dir, entry)
    try:
        with np.load(arrays, allow_pickle=False) as stored:
            draws = stored["draws"]
        frame = pd.read_parquet(table)
        if len(frame) != len(draws):
            return None
        for path in (arrays, table):
            os.utime(path)  # recently used: kept by _prune
        return frame, draws
    except (OSError, ValueError, KeyError, TypeError):  # absent, half written or damaged: simulate again
        return None


def store(cache_dir: Path | None, entry: str, frame: pd.DataFrame, draws: np.ndarray) -> None:
    """Keep one indicator's rows and draws under `entry`."""
    if cache_dir is None:
        return
    arrays, table = _paths(cache_dir, entry)
    arrays.parent.mkdir(parents=True, exist_ok=True)
    with atomic.atomic_write(arrays) as tmp, open(tmp, "wb") as out:  # a file object: savez adds no suffix
        np.savez(out, draws=draws)
    with atomic.atomic_write(table) as tmp:
        frame.to_parquet(tmp, index=False)
    _prune(arrays.parent)


def _prune(cache_dir: Path) -> None:
    entries = sorted(cache_dir.glob("sim-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        for path in _paths(cache_dir, old.name[len("sim-") : -len(".npz")]):
            path.unlink(missing_ok=True)

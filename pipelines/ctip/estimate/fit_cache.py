"""Fitted count models kept between runs, one file per fit, keyed by exactly what the fit reads.

`fit_count_model` is deterministic (no random stream: its importance sampling has its own fixed
seed) and reads only one indicator's total cells (country, year, population and the interval
[lo, hi] of each), so a fit is reused when those cells, the model's code and the numerical
libraries are unchanged: one added file refits only the indicators whose cells it changed. The
simulation that follows (each indicator from streams of its own, kept by sim_cache) gives the
same numbers as without the cache (tests/estimate/test_fit_cache.py).

A model is stored as JSON: Python writes floats by their shortest round-trip form, so every
parameter, covariance entry and importance draw comes back bit for bit."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import fields
from functools import cache
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from ctip import atomic
from ctip.estimate.model import CountModel, fit_count_model
from ctip.fingerprint import source_fingerprint

CODE = [Path(__file__).resolve().parent / name for name in ("model.py", "nbinom.py", "fit_cache.py")]
LIBRARIES = ("numpy", "scipy", "statsmodels")
READ_COLUMNS = ("country_iso3", "year", "population", "lo", "hi")  # what fit_count_model reads
KEEP = 96  # fits kept (the most recently used): a few runs' worth of every indicator


@cache
def _code_version() -> str:
    return source_fingerprint(CODE) + "|" + ",".join(f"{name}={version(name)}" for name in LIBRARIES)


def fit_key(cells: pd.DataFrame) -> str:
    """A hash of the cells' columns the fit reads, in their order, and of the code version."""
    h = hashlib.sha256(_code_version().encode())
    h.update(str(len(cells)).encode())
    h.update("\x1f".join(map(str, cells["country_iso3"].to_numpy())).encode())
    for column in READ_COLUMNS[1:]:
        h.update(np.ascontiguousarray(cells[column].to_numpy(dtype=float, na_value=np.nan)).tobytes())
    return h.hexdigest()[:32]


def _encode(value):
    if isinstance(value, np.ndarray):
        return {"array": value.tolist(), "shape": list(value.shape)}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


def _decode(name: str, value):
    if isinstance(value, dict):
        return np.array(value["array"], dtype=float).reshape(value["shape"])
    if name == "year_effects":
        return tuple((int(y), float(e), float(sd)) for y, e, sd in value)
    if isinstance(value, list):
        return tuple(value)
    return value


def dumps(model: CountModel | None) -> str:
    """The model as JSON (null for no model)."""
    if model is None:
        return "null"
    return json.dumps({f.name: _encode(getattr(model, f.name)) for f in fields(model)})


def loads(text: str) -> CountModel | None:
    """The model dumps() wrote, bit for bit."""
    data = json.loads(text)
    if data is None:
        return None
    return CountModel(**{name: _decode(name, value) for name, value in data.items()})


def _prune(cache_dir: Path) -> None:
    files = sorted(cache_dir.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)


def cached_fit(cells: pd.DataFrame, cache_dir: Path | None) -> CountModel | None:
    """fit_count_model(cells), taken from `cache_dir` when the same cells were fitted by the same
    code before (None: no cache)."""
    if cache_dir is None:
        return fit_count_model(cells)
    path = Path(cache_dir) / f"fit-{fit_key(cells)}.json"
    try:
        model = loads(path.read_text(encoding="utf-8"))
        os.utime(path)  # recently used: kept by _prune
        return model
    except (OSError, ValueError, TypeError, KeyError):  # absent, or unreadable: fit again
        pass
    model = fit_count_model(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, dumps(model))
    _prune(path.parent)
    return model

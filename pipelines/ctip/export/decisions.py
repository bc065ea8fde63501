"""The protection's decision kept between the steps of a run (and between runs): which cells the
public tables withhold, computed once per distinct input.

`ctip.export.suppression.protect` decides from exactly these inputs: fact_observation, fact_flow,
release_cells (the release history: the previous release is protected against), mart_estimates,
mart_regional_estimates (each frame whole and in its row order: the decision is per row) and the
members (a regional estimate adds up the members' estimates); everything else it publishes
(mart_country_year, the coverage, the regional years, the hidden victims, the validation) follows
from that decision. The exports, the report's tables and the report's flows give it the same
inputs, so the report reads the decision the exports made instead of solving it twice more.

An entry is `<key>.npz` under `<marts>/cache/decisions/` (internal, like the audit's answers: it
says which cells are small): the key is a SHA-256 of those frames (their columns, types, lengths
and every value: ctip.estimate.sim_cache's frame hash), of the members, of the whole ctip package
and schemas/ (source_fingerprint) and of the numerical libraries. A frame the hash could confuse
with another (text holding its separators, integers past 2**53, objects that are not text) is not
cached: decided every time, as without a cache. The entry holds the key it was stored under and is
used only when that key and every array's length match; a missing, damaged or foreign entry is
decided again. Only the most recently used entries are kept."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from ctip import atomic, paths
from ctip.estimate.sim_cache import _hash_frame
from ctip.fingerprint import source_fingerprint

log = logging.getLogger(__name__)

INPUTS = ("fact_observation", "fact_flow", "release_cells", "mart_estimates", "mart_regional_estimates")
LIBRARIES = ("numpy", "pandas", "scipy")
CODE_DIR = Path(__file__).resolve().parents[1]  # the whole ctip package: whatever protect imports
FOLDER = Path("cache") / "decisions"  # beside the warehouse (ctip.paths.internal_dir), never exported
KEEP = 4  # entries kept (the most recently used): this run's decision and a few before it
_UNSAFE_TEXT = "[\x00\x1f]"  # the hash's missing-value mark and separator
_EXACT_INT = 2**53  # integers the hash (as floats) tells apart

_ARRAYS = ("fact_withheld", "fact_complement", "held", "est_withheld", "est_held", "reg_withheld", "flow_withheld", "flow_primary")
_LENGTH_OF = {
    "fact_withheld": "fact_observation",
    "fact_complement": "fact_observation",
    "held": "fact_observation",
    "est_withheld": "mart_estimates",
    "est_held": "mart_estimates",
    "reg_withheld": "mart_regional_estimates",
    "flow_withheld": "fact_flow",
    "flow_primary": "fact_flow",
}


@dataclass
class Decision:
    """What protect decided, per row of its inputs (in their order), and its counts: enough to
    publish every table without solving anything again (ctip.export.suppression._publish)."""

    fact_withheld: np.ndarray  # per fact row: its new value not published (held-back cells among them)
    fact_complement: np.ndarray  # per fact row: withheld as a complement
    held: np.ndarray  # per fact row: held back at the previous release's state
    est_withheld: np.ndarray | None = None  # per mart_estimates row (None without estimates)
    est_held: np.ndarray | None = None  # per mart_estimates row: the cell of a held-back fact row (None if none held)
    reg_withheld: np.ndarray | None = None  # per regional row, before the parts beside a withheld total (None: no country estimates)
    flow_withheld: np.ndarray | None = None  # per fact_flow row (None without flows)
    flow_primary: np.ndarray | None = None
    flow_citizenship: list | None = None  # per fact_flow row: the linked fact cell's code, or None
    complementary: int = 0  # cells withheld as complements, every cell of the problem
    unresolved: int = 0
    previous_cells: int = 0
    audit_solves: int = 0
    audit_rounds: int = 0
    already_disclosed: int = 0
    unresolved_blocks: set = field(default_factory=set)
    blocks_held: int | None = None  # revised blocks held back (None: no holding back was tried)
    reused: bool = False  # read from the cache, not decided now


def folder(warehouse: Path | str) -> Path:
    """The decisions of a warehouse: in its internal folder (never in the exports)."""
    return paths.internal_dir(warehouse) / FOLDER


@cache
def _code_version() -> str:
    from ctip.paths import SCHEMAS_DIR

    code = source_fingerprint([CODE_DIR, SCHEMAS_DIR])
    return code + "|" + ",".join(f"{name}={version(name)}" for name in LIBRARIES)


def _plain(frame: pd.DataFrame) -> bool:
    """Whether the frame hash tells this frame from every other one: no text holding its
    separators, no integer it would round, no object column holding other than text."""
    for column in frame.columns:
        values = frame[column]
        dtype = values.dtype
        if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_float_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype):
            continue
        if pd.api.types.is_integer_dtype(dtype):
            if len(values) and values.abs().max() >= _EXACT_INT:
                return False
            continue
        if isinstance(dtype, pd.StringDtype):
            if values.str.contains(_UNSAFE_TEXT, regex=True, na=False).any():
                return False
            continue
        if pd.api.types.is_object_dtype(dtype):
            if not all(isinstance(v, str) or v is None for v in values.to_numpy(dtype=object)):
                return False
            if values.astype("string").str.contains(_UNSAFE_TEXT, regex=True, na=False).any():
                return False
            continue
        return False  # another type (categorical, timedelta, ...): not cached
    return True


def decision_key(tables: dict[str, pd.DataFrame], members: list[str] | None) -> str | None:
    """The key of protect's decision on these inputs, or None when they cannot be keyed safely."""
    h = hashlib.sha256(_code_version().encode())
    for name in INPUTS:
        frame = tables.get(name)
        h.update(f"|{name}|".encode())
        if frame is None:
            h.update(b"<absent>")
            continue
        if not _plain(frame):
            return None
        _hash_frame(h, frame)
    # only whether a member is one is read (a regional estimate's parts)
    h.update(b"|members|" + (b"<none>" if members is None else json.dumps(sorted({str(m) for m in members})).encode()))
    return h.hexdigest()[:32]


def _path(where: Path, key: str) -> Path:
    return Path(where) / f"{key}.npz"


def _lengths(tables: dict[str, pd.DataFrame]) -> dict[str, int | None]:
    return {name: (None if tables.get(name) is None else len(tables[name])) for name in INPUTS}


def load(where: Path | None, key: str | None, tables: dict[str, pd.DataFrame]) -> Decision | None:
    """The decision stored under `key` for these inputs, or None (absent, damaged, another key,
    arrays of other lengths)."""
    if where is None or key is None:
        return None
    path = _path(where, key)
    try:
        with np.load(path, allow_pickle=False) as stored:
            meta = json.loads(str(stored["meta"]))
            if meta.get("key") != key or meta.get("lengths") != _lengths(tables):
                return None
            arrays = {}
            for name in _ARRAYS:
                if name not in meta["present"]:
                    arrays[name] = None
                    continue
                a = stored[name]
                if a.dtype != bool or a.ndim != 1 or len(a) != len(tables[_LENGTH_OF[name]]):
                    return None
                arrays[name] = a
        citizenship = meta["flow_citizenship"]
        if citizenship is not None and (len(citizenship) != len(tables["fact_flow"]) or not all(c is None or isinstance(c, str) for c in citizenship)):
            return None
        if arrays["fact_withheld"] is None or arrays["fact_complement"] is None or arrays["held"] is None:
            return None
        counts = {k: int(meta[k]) for k in ("complementary", "unresolved", "previous_cells", "audit_solves", "audit_rounds", "already_disclosed")}
        blocks_held = meta["blocks_held"]
        decision = Decision(
            **arrays,
            flow_citizenship=citizenship,
            **counts,
            unresolved_blocks={tuple(str(x) for x in b) for b in meta["unresolved_blocks"]},
            blocks_held=None if blocks_held is None else int(blocks_held),
            reused=True,
        )
        os.utime(path)  # recently used: kept by _prune
        return decision
    except Exception:  # absent, half written, damaged (a bad zip, a bad CRC, bad JSON): decided again
        return None


def store(where: Path | None, key: str | None, tables: dict[str, pd.DataFrame], decision: Decision) -> None:
    """Keep the decision under `key` (atomically; a failure to write only costs a decision)."""
    if where is None or key is None:
        return
    path = _path(where, key)
    arrays = {name: np.asarray(getattr(decision, name), dtype=bool) for name in _ARRAYS if getattr(decision, name) is not None}
    meta = {
        "key": key,
        "lengths": _lengths(tables),
        "present": sorted(arrays),
        "flow_citizenship": None if decision.flow_citizenship is None else [None if c is None or pd.isna(c) else str(c) for c in decision.flow_citizenship],
        "complementary": decision.complementary,
        "unresolved": decision.unresolved,
        "previous_cells": decision.previous_cells,
        "audit_solves": decision.audit_solves,
        "audit_rounds": decision.audit_rounds,
        "already_disclosed": decision.already_disclosed,
        "unresolved_blocks": sorted([list(map(str, b)) for b in decision.unresolved_blocks]),
        "blocks_held": decision.blocks_held,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic.atomic_write(path) as tmp, open(tmp, "wb") as out:  # a file object: savez adds no suffix
            np.savez(out, meta=np.array(json.dumps(meta)), **arrays)
        _prune(path.parent)
    except OSError as error:  # a cache: the decision stands without it
        log.warning("protection decision not kept (%s): the next step decides again", error)


def _prune(where: Path) -> None:
    entries = sorted(where.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)

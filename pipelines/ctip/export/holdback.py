"""Revisions held back: when a revised figure would let a small count be worked out from the new
release together with the previous one, and withholding more cells of the new release cannot
prevent it, the public tables keep, for the revised cells of that block (country x year x
indicator), exactly what the previous release published: its value or its suppression, marked
`held_back` (schemas/disclosure.yaml). The new values appear in no public number, so the new
release adds nothing about them; the audit (ctip.export.suppression) is then run again on the
final tables and must leave nothing derivable, else the release is refused as before.

What the audit is told, and why it is sound:
* A held-back cell is an unknown of the new release (its new value is published nowhere) whose
  size is not revealed: a whole revised block is held back, large and small values alike, so
  the mark says nothing of a cell's size (the audit bounds it below by 0 only, like a
  complementary cell); its old value is a cell of the previous release, as published then.
* A small count the previous release *alone* already narrows cannot be protected by any later
  release: it is not refused for, as long as the union of both releases narrows it no further
  than the previous release alone (`previous_alone`).

Nothing here runs for a release the audit passes as it is: its tables stay byte for byte what
they were before held-back revisions existed."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ctip.export.audit import AnswerStore
from ctip.export.audit import audit as bounds_audit
from ctip.schema import KEY_COLUMNS

BLOCK = ("country_iso3", "year", "indicator")
MAX_ROUNDS = 5  # blocks added to the hold-back, round after round, before the release is refused


@dataclass
class PreviousLink:
    """How the previous release's cells join the problem: prev row -> cell id, its state then."""

    previous: pd.DataFrame = field(default_factory=pd.DataFrame)
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    was_withheld: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    was_small: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    changed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # old value a cell of its own
    relations: list = field(default_factory=list)  # the previous release's relations, in cell ids

    @property
    def n(self) -> int:
        return len(self.previous)


def block_keys(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(country, year, indicator) of each row, as text: the unit a revision is held back by."""
    return list(zip(*(frame[c].astype(str).tolist() for c in BLOCK)))


def previous_alone(
    link: PreviousLink, holding: list, value: np.ndarray, integer: np.ndarray, store: AnswerStore | None = None
) -> dict[int, tuple[float, float]]:
    """{cell: (min, max)} for the small counts the previous release narrows by itself: its
    published cells, its relations (those that can hold), its withheld small counts in 0-4."""
    n = len(value)
    unknown = np.zeros(n, dtype=bool)
    small = np.zeros(n, dtype=bool)
    unknown[link.ids[link.was_withheld]] = True
    small[link.ids[link.was_withheld & link.was_small]] = True
    # a cell one earlier release withheld and another published is known (ctip.export.earlier)
    unknown[link.ids[~link.was_withheld]] = False
    small &= unknown
    if not holding or not unknown.any():
        return {}
    result = bounds_audit(holding, unknown, value, small, integer=integer, store=store)
    return {c: (lo, hi) for c, (lo, hi, _) in result.disclosed.items()}


def cell_blocks(cells: list[int], fact: pd.DataFrame, fact_ids: np.ndarray, link: PreviousLink) -> set[tuple[str, str, str]]:
    """The blocks (country, year, indicator) of problem cells: a fact cell's own, or, for an old
    value kept as a cell of its own, its row of the previous release."""
    by_id: dict[int, tuple[str, str, str]] = dict(zip(np.asarray(fact_ids, dtype=int).tolist(), block_keys(fact)))
    if link.n:
        old = link.ids[link.changed].tolist()
        by_id.update({c: k for c, k in zip(old, block_keys(link.previous[link.changed])) if c not in by_id})
    return {by_id[c] for c in cells if c in by_id}


def previous_state(fact: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Per fact row, the previous release's row of the same key: found, value, flag, withheld, small."""
    keys = list(KEY_COLUMNS)
    prev = previous.drop_duplicates(keys).set_index(pd.MultiIndex.from_frame(previous.drop_duplicates(keys)[keys].astype(str)))
    idx = pd.MultiIndex.from_frame(fact[keys].astype(str))
    found = idx.isin(prev.index)
    out = pd.DataFrame(index=range(len(fact)))
    out["found"] = found
    out["value"] = pd.to_numeric(prev["value"], errors="coerce").astype(float).reindex(idx).to_numpy()
    out["flag"] = prev["flag"].astype("string").reindex(idx).to_numpy() if "flag" in prev else pd.NA
    out["withheld"] = prev["withheld"].astype("boolean").reindex(idx).fillna(True).to_numpy(dtype=bool)
    out["small"] = prev["small"].astype("boolean").reindex(idx).fillna(False).to_numpy(dtype=bool)
    return out


def held_rows(fact: pd.DataFrame, state: pd.DataFrame, blocks: set[tuple[str, str, str]]) -> np.ndarray:
    """Fact rows of the blocks whose value differs from the previous release's (or that it lacked)."""
    if not blocks:
        return np.zeros(len(fact), dtype=bool)
    in_block = np.fromiter((k in blocks for k in block_keys(fact)), dtype=bool, count=len(fact))
    now = pd.to_numeric(fact["value"], errors="coerce").astype(float).to_numpy()
    old = state["value"].to_numpy(dtype=float)
    same = state["found"].to_numpy(dtype=bool) & ((now == old) | (np.isnan(now) & np.isnan(old)))
    return in_block & ~same

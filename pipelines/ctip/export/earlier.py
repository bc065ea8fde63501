"""Every earlier release as cells and relations of the disclosure problem (attack5 J-F).

An attacker holds every public release, not only the last one: release 1 withheld Dominica's
female 4 and male 12 and published the total 16; release 2 (female 5, total 17) kept male
withheld; release 3, protected against release 2 only, published male 12 with release 1's public
lineage id, and 16 - 12 = 4. So protect (ctip.export.suppression) joins every earlier release
(ctip.export.releases.previous_release: the latest whole, older ones by their revised blocks):

* A cell whose value is this release's is one variable in every release: known to everyone if any
  release published it (withholding it now would protect nothing).
* An old value (a revision, or a cell since gone) is a frozen cell of its own, one per key and
  value whatever the number of releases that had it (the public lineage id tells the attacker it
  is the same figure): published by any of them, a constant he knows; else an unknown, protected
  if it was a small count.
* Each release's relations hold among its own values: they join the problem release by release.

The union of all releases is then audited as one system: no small count of any release is
derivable from any set of releases."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ctip.export.flow_cells import add_previous_flows, value_labels
from ctip.export.holdback import PreviousLink
from ctip.schema import KEY_COLUMNS


def _release_groups(frame: pd.DataFrame) -> list[np.ndarray]:
    """Row positions of each release in `frame` (in order of first appearance: latest first)."""
    if "release_key" not in frame.columns or not len(frame):
        return [np.arange(len(frame))]
    codes, _ = pd.factorize(frame["release_key"].astype(str))
    return [np.flatnonzero(codes == c) for c in range(codes.max() + 1)]


def link_earlier(problem, fact: pd.DataFrame, fact_ids: np.ndarray, previous: pd.DataFrame, dimension_relations: Callable) -> PreviousLink:
    """The earlier releases' fact cells (`previous`, latest release first) and their relations,
    joined to this release's cells."""
    if previous is None or not len(previous):
        return PreviousLink()
    prev = previous.reset_index(drop=True)
    keys = list(KEY_COLUMNS)
    current = pd.Series(np.asarray(fact_ids, dtype=float), index=pd.MultiIndex.from_frame(fact[keys].astype(str)))
    current = current[~current.index.duplicated()]
    key_text = prev[keys].astype(str)
    pos = current.reindex(pd.MultiIndex.from_frame(key_text)).to_numpy()
    old_value = pd.to_numeric(prev["value"], errors="coerce").astype(float).to_numpy()
    was_withheld = prev["withheld"].astype("boolean").fillna(True).to_numpy(dtype=bool)
    was_small = prev["small"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    values = np.asarray(problem.value, dtype=float)
    has = ~np.isnan(pos)
    now = np.full(len(prev), np.nan)
    now[has] = values[pos[has].astype(int)]
    same = has & ((now == old_value) | (np.isnan(now) & np.isnan(old_value)))
    ids = np.zeros(len(prev), dtype=int)
    ids[same] = pos[same].astype(int)
    for i in np.unique(ids[same & ~was_withheld]).tolist():
        problem.known[i] = True
    changed = ~same
    if changed.any():
        # one cell per key and old value: the same figure in several releases is one unknown
        codes, uniques = pd.MultiIndex.from_frame(value_labels(prev[keys][changed], old_value[changed])).factorize()
        k = len(uniques)
        withheld_all = np.ones(k, dtype=bool)
        np.logical_and.at(withheld_all, codes, was_withheld[changed])
        small_any = np.zeros(k, dtype=bool)
        np.logical_or.at(small_any, codes, was_small[changed])
        first = np.zeros(k, dtype=int)
        first[codes[::-1]] = np.arange(len(codes))[::-1]
        new = problem.add(old_value[changed][first], primary=small_any & withheld_all, preset=withheld_all, known=~withheld_all, frozen=True)
        ids[changed] = new[codes]
    relations: list = []
    start = len(problem.relations)
    seen: set = set()
    for rows in _release_groups(prev):  # each release's relations among its own values
        for total, parts in dimension_relations(prev.loc[rows, keys].reset_index(drop=True), ids[rows]):
            rel = (int(total), tuple(int(p) for p in parts))
            if rel in seen:
                continue
            seen.add(rel)
            relations.append(rel)
            problem.relate(*rel)
    problem.previous_relations = range(start, len(problem.relations))
    return PreviousLink(prev, ids, was_withheld, was_small, changed, relations)


def link_earlier_flows(problem, previous: pd.DataFrame, link: PreviousLink, flows, flow_cells, dimension_relations: Callable) -> int:
    """The earlier releases' flow cells joined release by release (ctip.export.flow_cells), an old
    flow value shared by several releases one frozen cell; returns their number."""
    if previous is None or not len(previous) or "partner" not in previous.columns:
        return 0
    frozen: dict = {}
    if "release_key" not in previous.columns or not link.n or "release_key" not in link.previous.columns:
        return add_previous_flows(problem, previous, link, flows, flow_cells, dimension_relations, frozen=frozen)
    n = 0
    fact_release = link.previous["release_key"].astype(str).to_numpy()
    for rows in _release_groups(previous):
        part = previous.iloc[rows]
        if not part["partner"].notna().any():
            continue
        mine = fact_release == str(part["release_key"].iloc[0])
        sub = PreviousLink(link.previous[mine].reset_index(drop=True), link.ids[mine], link.was_withheld[mine], link.was_small[mine], link.changed[mine])
        n += add_previous_flows(problem, part, sub, flows, flow_cells, dimension_relations, frozen=frozen)
    return n

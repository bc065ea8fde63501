"""Flows (fact_flow) as cells of the disclosure problem (ctip.export.suppression.Disclosure), so
that they are protected like fact_observation's cells: within the release and together with the
previous one (attack3 H-I: a withheld Haitian flow was total - published flows, the complement
chosen, Guyanese 9, having been published by release 1).

* A flow that is the very cell of a fact figure (the nationals row stored as citizenship =
  national, linked by its lineage) is that cell: one variable.
* Relations: a member's flows by citizenship for one year, indicator and breakdown add up to its
  reported total with its nationals and unknown fact cells (nationals + each citizenship + unknown
  = total), and its foreign flows to its foreign fact cell; a flow's breakdowns (sex, age,
  exploitation) add up to the flow's total, the other keys equal. An incomplete list of
  citizenships still bounds the withheld flows (the total less the published nationals, attack6
  K-I): ctip.export.remainders gives its relation a rest.
* Flows are chosen as complements before fact cells (PRIORITY_FLOW), so fact_observation's own
  suppression changes only where no flow can protect a cell (every other flow of the relation
  published before, unchanged: then the total is withheld, as for any fact relation).
* The previous release's flow cells (release_cells rows with a `partner`) join as its fact cells
  do: unchanged and published then, a flow is known and cannot be withheld again; changed, its
  old value is a frozen cell of its own; the old relations hold among the old values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ctip.schema import DIMENSIONS, KEY_COLUMNS, load_schema

CITIZENSHIP = "citizenship"
SUPPRESSED = "suppressed"
# The group whose citizenship flows add up to one fact total.
GROUP = ["country_iso3", "year", "indicator", "sex", "age_group", "exploitation"]
# A flow's identity beside the breakdown (partner column of release_cells: relation|iso3|label).
PARTNER_PARTS = ("relation", "partner_iso3", "partner_label")
FLOW_DIMS = tuple(d for d in DIMENSIONS if d != "citizenship")
PRIORITY_FLOW = 0  # a flow is withheld rather than a fact cell


@dataclass
class FlowCells:
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # per flow row: its cell
    primary: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # 1-4 or <5
    linked: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # the cell of a fact figure
    citizenship: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))  # the linked fact cell's code
    previous: int = 0  # flow cells of the previous release taken into account


def partner_key(flows: pd.DataFrame) -> pd.Series:
    """relation|partner_iso3|partner_label per flow row: the flow's identity within its breakdown."""
    parts = [flows[c].astype("string").fillna("") for c in PARTNER_PARTS]
    return (parts[0] + "|" + parts[1] + "|" + parts[2]).astype(object)


def flow_primary(flows: pd.DataFrame) -> np.ndarray:
    """A count from 1 to 4, or one its source wrote as <5 (no value)."""
    value = pd.to_numeric(flows["value"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    flagged = flows["flag"].astype("string").fillna("").to_numpy() == SUPPRESSED
    return flagged | np.isnan(value) | ((value >= 1) & (value <= 4))


def _linked(flows: pd.DataFrame, fact: pd.DataFrame, fact_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fact cell id or -1, its citizenship code) per flow row, linked by lineage."""
    lineage = ["submission_id", "source_sheet", "source_cell"]
    n = len(flows)
    if not all(c in fact.columns for c in lineage) or not all(c in flows.columns for c in lineage):
        return np.full(n, -1), np.full(n, None, dtype=object), np.zeros(n, dtype=bool)
    index = pd.MultiIndex.from_frame(fact[lineage].astype(str))
    first = ~index.duplicated()
    by_lineage = pd.Series(np.arange(len(fact))[first], index=index[first])
    pos = by_lineage.reindex(pd.MultiIndex.from_frame(flows[lineage].astype(str))).to_numpy()
    linked = ~np.isnan(pos)
    ids = np.full(n, -1)
    ids[linked] = np.asarray(fact_ids)[pos[linked].astype(int)]
    code = np.full(n, None, dtype=object)
    code[linked] = fact["citizenship"].astype(str).to_numpy()[pos[linked].astype(int)]
    return ids, code, linked


def _fact_cell_of(fact_keys: pd.DataFrame, fact_ids: np.ndarray, code: str) -> dict[tuple, int]:
    """{group key: fact cell id} of the fact cells with citizenship `code` (the first of each key)."""
    rows = fact_keys[fact_keys["citizenship"].astype(str) == code]
    out: dict[tuple, int] = {}
    for key, i in zip(map(tuple, rows[GROUP].astype(str).to_numpy()), np.asarray(fact_ids)[rows.index.to_numpy()].tolist()):
        out.setdefault(key, int(i))
    return out


def _partner_codes(flows: pd.DataFrame) -> np.ndarray:
    """Per flow row: its partner's ISO3 code, "" when the partner is no country (unknown, a group)."""
    code = flows["partner_iso3"].astype("string").fillna("").str.strip() if "partner_iso3" in flows.columns else pd.Series("", index=flows.index)
    return code.to_numpy(dtype=object)


def flow_relations(
    fact_keys: pd.DataFrame,
    fact_ids: np.ndarray,
    flows: pd.DataFrame,
    ids: np.ndarray,
    dimension_relations: Callable,
    fits: Callable[[int, tuple[int, ...]], bool] | None = None,
) -> list[tuple[int, tuple[int, ...]]]:
    """Citizenship flows = the group's fact total; a flow's breakdowns = the flow's total.
    `dimension_relations`: ctip.export.suppression's, given by the caller (which imports this module).

    The flows of a group add up to its total together with the group's nationals and unknown fact
    cells (attack6 K-I: Haitian 3, Guyanese 4, nationals 10, total 17: the withheld flows add up to
    17 - 10 = 7), each counted once (a flow that is the fact cell, by lineage, is that cell; a flow
    of the country's own citizens stands for the nationals); the foreign flows add up to the
    group's foreign fact cell. A list need not be complete: the suppression gives a relation whose
    parts fall short of its total a rest (ctip.export.remainders). `fits(total, parts)`: whether
    the parts can stay within the total; where the flows with the nationals and unknown cannot
    (the same persons in two tables), the flows alone are related to the total, as before."""
    relations: list[tuple[int, tuple[int, ...]]] = []
    if not len(flows):
        return relations
    schema = load_schema()
    total_of = _fact_cell_of(fact_keys, fact_ids, schema.total_code)
    national_of = _fact_cell_of(fact_keys, fact_ids, schema.code("own_citizens"))
    unknown_of = _fact_cell_of(fact_keys, fact_ids, schema.code("not_known"))
    foreign_of = _fact_cell_of(fact_keys, fact_ids, schema.code("other_citizens"))
    fact_cells = set(np.asarray(fact_ids, dtype=int).tolist())
    cit = (flows["relation"].astype(str) == CITIZENSHIP).to_numpy()
    if cit.any():
        keys = flows.loc[cit, GROUP].astype(str)
        partner = _partner_codes(flows)[cit]
        own = partner == keys["country_iso3"].to_numpy(dtype=object)
        abroad = (partner != "") & ~own
        frame = pd.DataFrame({"id": np.asarray(ids)[cit], "own": own, "abroad": abroad}, index=keys.index)
        for key, group in frame.groupby([keys[c] for c in GROUP], sort=False):
            key = tuple(key)
            parts = tuple(int(p) for p in group["id"])
            t = total_of.get(key)
            if t is not None:
                whole = list(parts)
                nat, unk = national_of.get(key), unknown_of.get(key)
                if nat is not None and nat not in whole and not group["own"].any():
                    whole.append(nat)
                if unk is not None and unk not in whole:
                    whole.append(unk)
                whole_parts = tuple(whole)
                if whole_parts != parts and (fits is None or fits(int(t), whole_parts)):
                    relations.append((int(t), whole_parts))
                else:
                    relations.append((int(t), parts))
            f = foreign_of.get(key)
            foreign = tuple(int(p) for p, a in zip(group["id"], group["abroad"]) if a and int(p) not in fact_cells)
            if f is not None and foreign and (fits is None or fits(int(f), foreign)):
                relations.append((int(f), foreign))
    frame = flows[["country_iso3", "year", "indicator", *FLOW_DIMS]].astype(str).copy()
    frame.insert(0, "partner", partner_key(flows).to_numpy())
    relations += dimension_relations(frame, np.asarray(ids, dtype=int), FLOW_DIMS)
    return relations


def parts_fit(problem) -> Callable[[int, tuple[int, ...]], bool]:
    """`fits` for flow_relations from the problem's values now: the parts' least possible sum (a
    part without value 1 when small, else 0) is at most the total's greatest possible value."""
    value = np.asarray(problem.value, dtype=float)
    primary = np.asarray(problem.primary, dtype=bool)

    def fits(total: int, parts: tuple[int, ...]) -> bool:
        low = sum((1.0 if primary[p] else 0.0) if np.isnan(value[p]) else value[p] for p in parts)
        high = (4.0 if primary[total] else np.inf) if np.isnan(value[total]) else value[total]
        return low <= high + 1e-6 * max(1.0, abs(low))

    return fits


def add_flows(problem, fact: pd.DataFrame, fact_ids: np.ndarray, flows: pd.DataFrame | None, dimension_relations: Callable) -> FlowCells:
    """The flows as cells of `problem` (a linked flow is its fact cell) and their relations."""
    if flows is None or not len(flows):
        return FlowCells()
    flows = flows.reset_index(drop=True)
    linked_ids, code, linked = _linked(flows, fact, fact_ids)
    primary = flow_primary(flows)
    ids = linked_ids.copy()
    own = ~linked
    if own.any():
        ids[own] = problem.add(pd.to_numeric(flows.loc[own, "value"], errors="coerce"), primary[own], PRIORITY_FLOW)
    fits = parts_fit(problem)
    for total, parts in flow_relations(fact[list(KEY_COLUMNS)].reset_index(drop=True), fact_ids, flows, ids, dimension_relations, fits):
        problem.relate(total, parts)
    return FlowCells(ids, primary, linked, code)


def value_labels(keys: pd.DataFrame, values: np.ndarray) -> pd.DataFrame:
    """Per row, its key and value as plain text (NULLs and NaN included): one label per figure."""
    out = pd.DataFrame({c: keys[c].astype(object).where(keys[c].notna(), "<NULL>").map(str).to_numpy() for c in keys.columns})
    out["_value"] = [f"{v:.6f}" for v in np.asarray(values, dtype=float)]
    return out


def add_previous_flows(
    problem, previous: pd.DataFrame, fact_link, flows: pd.DataFrame | None, cells: FlowCells, dimension_relations: Callable, frozen: dict | None = None
) -> int:
    """The previous release's flow cells joined to this release's cells (as
    ctip.export.suppression._add_previous_release joins its fact cells); returns their number.
    `fact_link`: the previous release's fact cells as joined (PreviousLink). `frozen`: the old
    flow values already joined from other releases ({(flow, value): cell}, ctip.export.earlier),
    so that one old figure is one cell in every release that had it."""
    if previous is None or not len(previous) or "partner" not in previous.columns:
        return 0
    prev = previous[previous["partner"].notna()].reset_index(drop=True)
    if not len(prev):
        return 0
    keys = ["partner", *GROUP]
    old_value = pd.to_numeric(prev["value"], errors="coerce").astype(float).to_numpy()
    was_withheld = prev["withheld"].astype("boolean").fillna(True).to_numpy(dtype=bool)
    was_small = prev["small"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    ids = np.full(len(prev), -1)
    # A flow linked then to a fact cell is that cell of the previous release (already joined).
    linked = prev["citizenship"].notna().to_numpy() if "citizenship" in prev.columns else np.zeros(len(prev), dtype=bool)
    if linked.any() and fact_link.n:
        fact_keys = pd.MultiIndex.from_frame(fact_link.previous[list(KEY_COLUMNS)].astype(str))
        first = ~fact_keys.duplicated()
        at = pd.Series(fact_link.ids[first], index=fact_keys[first]).reindex(pd.MultiIndex.from_frame(prev.loc[linked, list(KEY_COLUMNS)].astype(str)))
        found = at.notna().to_numpy()
        rows = np.flatnonzero(linked)
        ids[rows[found]] = at.to_numpy()[found].astype(int)
    # Others: the same flow now, or a frozen cell of its own.
    rest = ids < 0
    values = np.asarray(problem.value, dtype=float)
    if flows is not None and len(flows) and rest.any():
        now = flows.reset_index(drop=True)
        frame = now[GROUP].astype(str).copy()
        frame.insert(0, "partner", partner_key(now).to_numpy())
        index = pd.MultiIndex.from_frame(frame)
        first = ~index.duplicated()
        pos = pd.Series(cells.ids[first], index=index[first]).reindex(pd.MultiIndex.from_frame(prev.loc[rest, keys].astype(str))).to_numpy()
        rows = np.flatnonzero(rest)
        has = ~np.isnan(pos)
        cand = np.full(len(rows), -1)
        cand[has] = pos[has].astype(int)
        now_value = np.where(cand >= 0, values[np.maximum(cand, 0)], np.nan)
        old = old_value[rows]
        same = (cand >= 0) & ((now_value == old) | (np.isnan(now_value) & np.isnan(old)))
        ids[rows[same]] = cand[same]
        for i in cand[same & ~was_withheld[rows]].tolist():
            problem.known[i] = True
    changed = ids < 0
    if changed.any() and frozen is not None:
        label = pd.Series(list(pd.MultiIndex.from_frame(value_labels(prev[keys], old_value))))
        for r in np.flatnonzero(changed).tolist():
            cell = frozen.get(label.iloc[r])
            if cell is None:
                continue
            ids[r] = cell
            if not was_withheld[r]:  # published by this release: known, whatever another withheld
                problem.known[cell], problem.preset[cell], problem.primary[cell] = True, False, False
        changed = ids < 0
    if changed.any():
        ids[changed] = problem.add(
            old_value[changed],
            primary=was_small[changed] & was_withheld[changed],
            priority=PRIORITY_FLOW,
            preset=was_withheld[changed],
            known=~was_withheld[changed],
            frozen=True,
        )
        if frozen is not None:
            for r, cell in zip(np.flatnonzero(changed).tolist(), ids[changed].tolist()):
                frozen.setdefault(label.iloc[r], cell)
    # The old relations among the old values: the previous fact cells' ids as joined.
    fact_keys = fact_link.previous[list(KEY_COLUMNS)].astype(str).reset_index(drop=True) if fact_link.n else pd.DataFrame(columns=list(KEY_COLUMNS))
    fact_ids = fact_link.ids if fact_link.n else np.zeros(0, dtype=int)
    old_flows = prev[GROUP].copy()
    parts = prev["partner"].astype(str).str.split("|", n=2, expand=True).reindex(columns=range(3)).fillna("")
    old_flows["relation"], old_flows["partner_iso3"], old_flows["partner_label"] = parts[0], parts[1], parts[2]
    for total, members in flow_relations(fact_keys, fact_ids, old_flows, ids, dimension_relations, parts_fit(problem)):
        problem.relate(total, members)
    return len(prev)


def flow_release_frame(flows: pd.DataFrame, cells: FlowCells, withheld: np.ndarray, key: str, released_at) -> pd.DataFrame:
    """The flow cells of this release for release_cells: the flow's breakdown keys, `partner`,
    `citizenship` = the linked fact cell's code (NULL when the flow is no fact cell)."""
    from ctip.export.releases import COLUMNS

    if flows is None or not len(flows):
        return pd.DataFrame(columns=COLUMNS)
    flows = flows.reset_index(drop=True)
    frame = flows[GROUP].copy()
    frame["citizenship"] = pd.array(cells.citizenship, dtype="string")
    frame["partner"] = partner_key(flows).to_numpy()
    frame.insert(0, "released_at", released_at)
    frame.insert(0, "release_key", key)
    frame["value"] = pd.to_numeric(flows["value"], errors="coerce").astype("Float64")
    frame["flag"] = flows["flag"].astype("string")
    frame["withheld"] = np.asarray(withheld, dtype=bool)
    frame["small"] = np.asarray(cells.primary, dtype=bool)
    return frame[COLUMNS]


def held_flows(flows: pd.DataFrame | None, cells: FlowCells, previous: pd.DataFrame, blocks: set) -> np.ndarray:
    """Cell ids of the flows (no fact cell) of held-back blocks (country, year, indicator) whose
    value is not the previous release's: withheld with the block's revised fact cells."""
    if flows is None or not len(flows) or not blocks:
        return np.zeros(0, dtype=int)
    flows = flows.reset_index(drop=True)
    block = list(zip(*(flows[c].astype(str).tolist() for c in ("country_iso3", "year", "indicator"))))
    in_block = np.fromiter((k in blocks for k in block), dtype=bool, count=len(flows)) & ~cells.linked
    if not in_block.any():
        return np.zeros(0, dtype=int)
    now = pd.to_numeric(flows["value"], errors="coerce").astype(float).to_numpy()
    old = np.full(len(flows), np.nan)
    found = np.zeros(len(flows), dtype=bool)
    if previous is not None and len(previous) and "partner" in previous.columns:
        prev = previous[previous["partner"].notna()]
        if len(prev):
            index = pd.MultiIndex.from_frame(prev[["partner", *GROUP]].astype(str))
            first = ~index.duplicated()
            values = pd.Series(pd.to_numeric(prev["value"], errors="coerce").astype(float).to_numpy()[first], index=index[first])
            frame = flows[GROUP].astype(str).copy()
            frame.insert(0, "partner", partner_key(flows).to_numpy())
            idx = pd.MultiIndex.from_frame(frame)
            found = idx.isin(values.index)
            old = values.reindex(idx).to_numpy()
    same = found & ((now == old) | (np.isnan(now) & np.isnan(old)))
    return cells.ids[in_block & ~same]

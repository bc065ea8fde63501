"""Tell a sender which of their figures the public files hold back (attack3 H-R).

A revision that, released together with the previous release, would let a count from 1 to 4 be
worked out is held back (ctip.export.holdback): the public files keep the previous release's
figure until a disclosure review. The feedback is written before the exports run, so it decides
this itself, by the same protection the exports and the estimates apply (fact cells, flows and
the previous release: ctip.export.suppression.protect), from the published warehouse. The protection
runs only when one of the waiting submissions' blocks (country, year, indicator) holds a revised
figure (a key of the previous release with another value): a hold-back needs one, and a run of
new figures does not pay for it. The audit's answers of earlier exports are read, never written.

The held-back figures are listed among the cells not used, with the figure the public files keep,
and the status says `partial`, as for clashes (ctip.feedback.clashes); the warehouse keeps them."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from ctip.feedback.clashes import set_aside
from ctip.stage.submission import SubmissionResult

log = logging.getLogger(__name__)

# English, as every quarantine reason (the sender's language comes from the kind: "held_back").
REASON = (
    "held back from the public files: stored, but released together with the previous release it would let a count "
    "from 1 to 4 be worked out, so the public files keep the previous release's figure ({shown}) until a disclosure review"
)
WITHHELD_THEN = "withheld"  # what {shown} says when the previous release withheld the figure

HeldBack = dict[str, dict[tuple[str, str], str]]  # submission_id -> (sheet, cell) -> the public figure


def _revised_blocks(fact: pd.DataFrame, previous: pd.DataFrame, mine: np.ndarray) -> bool:
    """Whether a block of the given rows holds a figure the previous release had with another value."""
    from ctip.export.holdback import block_keys, previous_state

    blocks = set(block_keys(fact[mine]))
    in_block = np.fromiter((k in blocks for k in block_keys(fact)), dtype=bool, count=len(fact))
    if not in_block.any():
        return False
    rows = fact[in_block].reset_index(drop=True)
    state = previous_state(rows, previous)
    now = pd.to_numeric(rows["value"], errors="coerce").astype(float).to_numpy()
    old = state["value"].to_numpy(dtype=float)
    revised = state["found"].to_numpy(dtype=bool) & ~((now == old) | (np.isnan(now) & np.isnan(old)))
    return bool(revised.any())


def held_back_in(warehouse: Path, submission_ids: list[str]) -> HeldBack:
    """The held-back cells of these submissions in the published warehouse, with the figure the
    public files keep for each (empty when none, or when there is nothing to ask)."""
    if not submission_ids or not Path(warehouse).exists():
        return {}
    import duckdb

    from ctip.export.audit_store import load_store, store_path
    from ctip.export.holdback_words import held_back_flag
    from ctip.export.releases import previous_release, release_key
    from ctip.export.suppression import protect

    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            have = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
            if not {"fact_observation", "release_cells"} <= have:
                return {}
            tables = {t: con.execute(f'select * from "{t}"').df() for t in ("fact_observation", "release_cells", "dim_country", "fact_flow") if t in have}
    except duckdb.Error:  # no warehouse to ask (a run that failed before it): nothing to add
        return {}
    fact = tables["fact_observation"].reset_index(drop=True)
    previous = previous_release(tables["release_cells"], release_key(fact, tables.get("fact_flow")))
    mine = fact["submission_id"].astype(str).isin([str(s) for s in submission_ids]).to_numpy()
    if not len(previous) or not mine.any() or not _revised_blocks(fact, previous, mine):
        return {}
    members = tables["dim_country"]["country_iso3"].astype(str).tolist() if "dim_country" in tables else None
    try:
        store = load_store(store_path(warehouse))
    except Exception:  # the answers only save time
        store = None
    public = protect(tables, members=members, store=store).tables["fact_observation"].reset_index(drop=True)
    held = public["flag"].astype("string").eq(held_back_flag()).fillna(False).to_numpy(dtype=bool) & mine
    out: HeldBack = {}
    for i in np.flatnonzero(held).tolist():
        shown = public["value"].iloc[i]
        text = WITHHELD_THEN if pd.isna(shown) else str(int(shown))
        out.setdefault(str(fact["submission_id"].iloc[i]), {})[(str(fact["source_sheet"].iloc[i]), str(fact["source_cell"].iloc[i]))] = text
    if out:
        log.info("held back from the public files: %d figures of %d submissions, told to their senders", sum(map(len, out.values())), len(out))
    return out


def mark_held_back(result: SubmissionResult, cells: dict[tuple[str, str], str]) -> SubmissionResult:
    """`result` with its held-back figures among the cells not used (the reason names the figure
    the public files keep), its status `partial` and its counts said again."""
    result, moved = set_aside(result, cells, lambda shown: REASON.format(shown=shown), first=True)
    # no English line in the message: the problems say it in the sender's language (schemas/lang)
    if moved:
        log.debug("%s: %d figures held back", result.submission.get("submission_id"), len(moved))
    return result

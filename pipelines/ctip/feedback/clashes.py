"""Tell a sender which of their figures were not published because another file received with
theirs gives them differently (a clash, ctip.warehouse.precedence).

Clashes are found when the warehouse is built, after the files were read, so the feedback folders
(written after the warehouse, ctip.orchestration.assets.feedback) learn of them from the
published warehouse: each clashing figure is moved from the stored figures to the cells not used,
with the other file named, so the summary no longer says "accepted ... No problems found" of a
figure that is not in the exports (finding G-O). The warehouse keeps both figures in its history
as `clash`; only the feedback changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ctip.contracts import columns
from ctip.schema import KEY_COLUMNS
from ctip.stage.submission import SubmissionResult

# English, as every quarantine reason (the sender's language comes from the kind: "clash").
REASON = "the same figure is given with different values by {others}, received together with this file: neither was published; send one file that settles it"
QUARANTINE_COLUMNS = columns("quarantine")

Clashes = dict[str, dict[tuple[str, str], str]]  # submission_id -> (sheet, cell) -> the other files


def clashes_in(warehouse: Path, submission_ids: list[str]) -> Clashes:
    """The clashing cells of these submissions in the published warehouse, with the other files."""
    if not submission_ids or not Path(warehouse).exists():
        return {}
    import duckdb

    same_key = " and ".join(f"h.{c} is not distinct from o.{c}" for c in KEY_COLUMNS)
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = con.execute(
                "select h.submission_id, h.source_sheet, h.source_cell, string_agg(distinct o.source_file, ', ' order by o.source_file) "
                "from fact_observation_history h join fact_observation_history o "
                f"on o.change = 'clash' and o.submission_id <> h.submission_id and {same_key} "
                "where h.change = 'clash' and h.submission_id in (select unnest(?)) group by 1, 2, 3",
                [list(submission_ids)],
            ).fetchall()
    except duckdb.Error:  # no warehouse to ask (a run that failed before it): nothing to add
        return {}
    out: Clashes = {}
    for sid, sheet, cell, others in rows:
        out.setdefault(sid, {})[(str(sheet), str(cell))] = others
    return out


def set_aside(
    result: SubmissionResult, cells: dict[tuple[str, str], str], reason: Callable[[str], str], first: bool = False
) -> tuple[SubmissionResult, list[tuple[str, str]]]:
    """`result` with the figures at `cells` ((sheet, cell) -> what its reason names) moved among the
    cells not used, each with `reason(cells[c])` (`first`: before the cells already there), its counts
    and status said again (accepted -> partial); and the cells moved. Clashes and held-back figures."""
    obs = result.observations
    if not cells or obs is None or obs.empty:
        return result, []
    at = list(zip(obs["source_sheet"].astype(str), obs["source_cell"].astype(str)))
    hit = pd.Series([c in cells for c in at], index=obs.index)
    if not hit.any():
        return result, []
    moved = obs[hit]
    moved_at = [c for c, h in zip(at, hit) if h]
    rows = pd.DataFrame(
        {
            "submission_id": moved["submission_id"].to_numpy(),
            "source_file": moved["source_file"].to_numpy(),
            "source_sheet": moved["source_sheet"].to_numpy(),
            "source_cell": moved["source_cell"].to_numpy(),
            "raw_label": [str((result.labels or {}).get(c, "")) for c in moved_at],
            "raw_value": moved["value"].astype("string").fillna("").to_numpy(),
            "reason": [reason(cells[c]) for c in moved_at],
        }
    ).reindex(columns=QUARANTINE_COLUMNS)
    rows = rows.astype("object").where(rows.notna(), "")  # every quarantine column is text
    parts = (rows, result.quarantine) if first else (result.quarantine, rows)
    quarantine = pd.concat([q for q in parts if q is not None and len(q)], ignore_index=True)
    kept = obs[~hit].reset_index(drop=True)
    submission = dict(result.submission)
    submission["n_observations"] = len(kept)
    submission["n_quarantined"] = len(quarantine)
    if submission.get("status") == "accepted":
        submission["status"] = "partial"
    return replace(result, observations=kept, quarantine=quarantine, submission=submission), moved_at


def mark_clashes(result: SubmissionResult, cells: dict[tuple[str, str], str]) -> SubmissionResult:
    """`result` with its clashing figures among the cells not used, its status and message said again."""
    result, moved = set_aside(result, cells, lambda others: REASON.format(others=others))
    if not moved:
        return result
    n = len(moved)
    others = ", ".join(sorted({cells[c] for c in moved}))
    figures, them = ("figure", "it") if n == 1 else ("figures", "them")
    note = f"{n} {figures} not published: another file received together gives {them} differently ({others})"
    submission = dict(result.submission)
    submission["message"] = f"{submission.get('message') or ''}; {note}".lstrip("; ")
    return replace(result, submission=submission)

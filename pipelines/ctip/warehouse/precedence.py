"""Which value is current when several submissions give the same key.

A national submission beats the UNODC export; among the same kind, a later submission (by
received time, then id for a stable order) beats an earlier one. Superseded values are not lost:
they go to fact_observation_history with the submission that replaced them."""

from __future__ import annotations

import pandas as pd

from ctip.contracts import columns
from ctip.schema import KEY_COLUMNS

PRECEDENCE = {"unodc": 0, "national": 1}
HISTORY_COLUMNS = columns("fact_observation_history")  # schemas/tables.yaml


def resolve(observations: pd.DataFrame, submissions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """observations: all submissions' rows; submissions: submission_id, source_kind, received_at.

    Returns (current, superseded) where superseded carries superseded_by and change='superseded'."""
    if observations.empty:
        return observations, pd.DataFrame(columns=HISTORY_COLUMNS)
    rank = submissions.set_index("submission_id")
    obs = observations.copy()
    obs["_kind"] = obs["submission_id"].map(rank["source_kind"]).map(PRECEDENCE).fillna(1)
    obs["_received"] = obs["submission_id"].map(rank["received_at"])
    obs = obs.sort_values([*KEY_COLUMNS, "_kind", "_received", "submission_id"], kind="stable")
    winner = ~obs.duplicated(list(KEY_COLUMNS), keep="last")
    current = obs[winner]
    losers = obs[~winner].copy()
    if len(losers):
        winners_by_key = current.set_index(list(KEY_COLUMNS))["submission_id"]
        idx = pd.MultiIndex.from_frame(losers[list(KEY_COLUMNS)])
        losers["superseded_by"] = winners_by_key.reindex(idx).to_numpy()
        losers["change"] = "superseded"
    else:
        losers = losers.assign(superseded_by=pd.Series(dtype="string"), change=pd.Series(dtype="string"))
    drop = ["_kind", "_received"]
    return current.drop(columns=drop).reset_index(drop=True), losers.drop(columns=drop)[HISTORY_COLUMNS].reset_index(drop=True)

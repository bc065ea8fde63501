"""Which value is current when several submissions give the same key.

Two levels, as a statistician reads a country's figures:

1. Source by source, for each country-year-indicator. The figures of one country-year-indicator
   (its total and every breakdown) are never mixed from different sources: the source of the
   highest-ranked submission reporting it wins the whole country-year-indicator, and every figure
   of it from another source is superseded, also the breakdowns the winning source did not send
   (a national total of 100 does not keep UNODC's female 58 / male 162 beside it). A source is the
   kind of submission and its sender: the UNODC export, or a member's own submissions (the
   member the submission was filed under).
2. Cell by cell, within the winning source: a later submission beats an earlier one for the keys
   it gives, and keeps the others (a ministry corrects one figure by sending that figure alone;
   whether the assembled figures still add up is checked afterwards, ctip.warehouse.consistency).
   A cell marked not available ('..') in a later submission of the same source withdraws the
   earlier figure: the ministry no longer stands behind it, so it is not published (kept in
   history as superseded by that submission) rather than left public as if confirmed (attack4 I-H).

Ranking: a national submission beats the UNODC export; among the same kind, a later submission
beats an earlier one: later by when ctip received it (`received_at`, its arrival, never the file's
modification time, which a copy from a zip or `cp -p` keeps from the ministry's disk), then, among
files received in the same run, by modification time and name, then id for a stable order. A copy
of a submission's content received later (a ministry re-sending its original file to undo a
correction) makes the submission as recent as that copy (`arrival_order`). Superseded values are not
lost: they go to fact_observation_history with the submission that replaced them (for a figure the
winning source did not give, its highest-ranked submission of that country-year-indicator)."""

from __future__ import annotations

import pandas as pd

from ctip.contracts import columns
from ctip.schema import KEY_COLUMNS

PRECEDENCE = {"unodc": 0, "national": 1}
HISTORY_COLUMNS = columns("fact_observation_history")  # schemas/tables.yaml
COUNTRY_YEAR = ["country_iso3", "year", "indicator"]  # the unit whose figures come from one source
_RANK = ["_kind", "_received", "submission_id"]


def sources(submissions: pd.DataFrame) -> pd.Series:
    """The source of each submission (index submission_id): its kind and the member it was filed under
    (none for the multi-country UNODC export)."""
    country = submissions["country_iso3"] if "country_iso3" in submissions else pd.Series(None, index=submissions.index)
    sender = country.astype("object").where(country.notna(), "")
    return pd.Series((submissions["source_kind"].astype(str) + ":" + sender.astype(str)).to_numpy(), index=submissions["submission_id"].to_numpy())


def arrival_order(submissions: pd.DataFrame) -> pd.Series:
    """submission_id -> a text that sorts submissions from earliest to latest received: arrival,
    then modification time, then file name. The copies of one content in one country (the same
    sha256; a copy is a rejected submission of its own) all take the latest copy's order."""
    subs = submissions.reset_index(drop=True)

    def col(name: str) -> pd.Series:
        return subs[name].astype("object").where(subs[name].notna(), "").astype(str) if name in subs else pd.Series("", index=subs.index)

    return _ordered(subs, col("received_at") + "|" + col("file_modified_at") + "|" + col("source_file"), col)


def received_together(submissions: pd.DataFrame) -> pd.Series:
    """submission_id -> when it was received, to the second of its file's modification time: two
    submissions with the same text arrived in one run as files written in the same second (one
    `cp`, one zip), so nothing but their names tells them apart."""
    subs = submissions.reset_index(drop=True)

    def col(name: str) -> pd.Series:
        return subs[name].astype("object").where(subs[name].notna(), "").astype(str) if name in subs else pd.Series("", index=subs.index)

    return _ordered(subs, col("received_at") + "|" + col("file_modified_at"), col)


def _ordered(subs: pd.DataFrame, order: pd.Series, col) -> pd.Series:
    if "sha256" in subs:
        group = col("sha256") + "|" + col("country_iso3") + "|" + col("source_kind")
        order = order.groupby(group.to_numpy()).transform("max").where(col("sha256") != "", order)
    return pd.Series(order.to_numpy(), index=subs["submission_id"].to_numpy())


def _ranked(rows: pd.DataFrame, submissions: pd.DataFrame) -> pd.DataFrame:
    rank = submissions.set_index("submission_id")
    rows = rows.copy()
    rows["_kind"] = rows["submission_id"].map(rank["source_kind"]).map(PRECEDENCE).fillna(1)
    rows["_received"] = rows["submission_id"].map(arrival_order(submissions))
    rows["_source"] = rows["submission_id"].map(sources(submissions)).fillna("")
    return rows


def winning_sources(units: pd.DataFrame, submissions: pd.DataFrame) -> pd.DataFrame:
    """The winning source of each country-year-indicator: that of its highest-ranked submission
    among `units` (country_iso3, year, indicator, submission_id of every figure given: the
    observations and the flows, which are one more breakdown of the same count, by citizenship).
    Columns: country_iso3, year, indicator, _win_source, _top_submission."""
    units = units[[*COUNTRY_YEAR, "submission_id"]].astype({"country_iso3": "object", "indicator": "object", "submission_id": "object"})
    units["year"] = pd.to_numeric(units["year"]).astype("int64")  # observations and flows type it apart
    ranked = _ranked(units, submissions).sort_values([*COUNTRY_YEAR, *_RANK], kind="stable")
    top = ranked.drop_duplicates(COUNTRY_YEAR, keep="last")[[*COUNTRY_YEAR, "_source", "submission_id"]]
    return top.rename(columns={"_source": "_win_source", "submission_id": "_top_submission"}).reset_index(drop=True)


def resolve(
    observations: pd.DataFrame, submissions: pd.DataFrame, winners: pd.DataFrame | None = None, not_available: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """observations: all submissions' rows; submissions: submission_id, source_kind, received_at
    (and country_iso3, the sender of a national submission); winners: `winning_sources` of every
    figure (observations and flows), else of the observations alone; not_available: the keys of
    the cells marked not available (ctip.harmonise.observations.NOT_AVAILABLE_COLUMNS): one from a
    later submission of the same source withdraws the current figure of its key.

    Returns (current, superseded) where superseded carries superseded_by and change='superseded'."""
    if observations.empty:
        return observations, pd.DataFrame(columns=HISTORY_COLUMNS)
    rank = submissions.set_index("submission_id")
    obs = _ranked(observations, submissions)
    # 1. The winning source of each country-year-indicator: that of its highest-ranked submission.
    top = winners if winners is not None else winning_sources(observations, submissions)
    top = top.astype({"year": obs["year"].dtype})
    obs = obs.merge(top, on=COUNTRY_YEAR, how="left")
    other_source = (obs["_source"] != obs["_win_source"]).to_numpy()
    # 2. Within the winning source, cell by cell.
    same = obs[~other_source].sort_values([*KEY_COLUMNS, *_RANK], kind="stable")
    winner = ~same.duplicated(list(KEY_COLUMNS), keep="last")
    # 3. A clash: the latest figures of a cell were received together (one run, files written in
    # the same second) and differ. Only their names would choose; neither is published, both are
    # kept in history as 'clash' until a later file settles the cell.
    clash = _clashes(same, submissions)
    current = same[winner & ~clash]
    clashing = same[clash]
    withdrawn_by = _withdrawn_by(current, not_available, submissions)
    withdrawn = withdrawn_by.notna()
    losers = pd.concat([same[~winner & ~clash], obs[other_source], current[withdrawn]])
    current = current[~withdrawn]
    if len(losers):
        winners_by_key = current.set_index(list(KEY_COLUMNS))["submission_id"]
        if withdrawn.any():  # the earlier figures of a withdrawn key are superseded by the withdrawal
            gone = withdrawn_by[withdrawn].set_axis(pd.MultiIndex.from_frame(losers.loc[withdrawn[withdrawn].index, list(KEY_COLUMNS)]))
            winners_by_key = pd.concat([winners_by_key, gone])
        idx = pd.MultiIndex.from_frame(losers[list(KEY_COLUMNS)])
        by_key = pd.Series(winners_by_key.reindex(idx).to_numpy(), index=losers.index)
        losers = losers.copy()
        losers["superseded_by"] = by_key.where(by_key.notna(), losers["_top_submission"])
        losers["change"] = "superseded"
        losers["received_at"] = losers["submission_id"].map(rank["received_at"]) if "received_at" in rank else None
    else:
        losers = losers.assign(superseded_by=pd.Series(dtype="string"), change=pd.Series(dtype="string"), received_at=pd.Series(dtype="string"))
    if len(clashing):
        clashing = clashing.assign(superseded_by=None, change="clash")
        clashing["received_at"] = clashing["submission_id"].map(rank["received_at"]) if "received_at" in rank else None
        losers = pd.concat([losers, clashing])
    drop = ["_kind", "_received", "_source", "_win_source", "_top_submission"]
    return current.drop(columns=drop).reset_index(drop=True), losers.drop(columns=drop)[HISTORY_COLUMNS].reset_index(drop=True)


def _withdrawn_by(current: pd.DataFrame, not_available: pd.DataFrame | None, submissions: pd.DataFrame) -> pd.Series:
    """For each current row (index of `current`): the submission that withdraws it — the latest of
    its source ranked after the figure's own that marks its key not available — else missing. A
    file's own '..' never withdraws its own figure of the same key."""
    out = pd.Series(None, index=current.index, dtype="object")
    if not_available is None or not len(not_available) or not len(current):
        return out
    keys = list(KEY_COLUMNS)
    na = _ranked(not_available[[*keys, "submission_id"]], submissions)
    na = na.sort_values([*keys, *_RANK], kind="stable").drop_duplicates(keys, keep="last")
    fig = current[[*keys, "_source", "_received", "submission_id"]].reset_index(names="_row")
    for frame in (na, fig):  # one type per key column on both sides (staged files type them apart)
        frame["year"] = pd.to_numeric(frame["year"]).astype("int64")
        for k in keys:
            if k != "year":
                frame[k] = frame[k].astype("object")
    hit = fig.merge(na[[*keys, "_source", "_received", "submission_id"]], on=[*keys, "_source"], suffixes=("", "_na"))
    later = (hit["_received_na"] > hit["_received"]) | ((hit["_received_na"] == hit["_received"]) & (hit["submission_id_na"] > hit["submission_id"]))
    hit = hit[later.to_numpy()]
    out.loc[hit["_row"].to_numpy()] = hit["submission_id_na"].to_numpy()
    return out


def _clashes(same: pd.DataFrame, submissions: pd.DataFrame) -> pd.Series:
    """Rows (of `same`, sorted by cell and rank) among a cell's latest figures received together
    when those figures are not all the same value and flag."""
    keys = list(KEY_COLUMNS)
    shared = same.duplicated(keys, keep=False)  # only cells given by more than one submission can clash
    if not shared.any():
        return pd.Series(False, index=same.index)
    out = pd.Series(False, index=same.index)
    out[shared] = _clashes_among(same[shared], submissions, keys)
    return out


def _clashes_among(same: pd.DataFrame, submissions: pd.DataFrame, keys: list[str]) -> pd.Series:
    moment = same["submission_id"].map(received_together(submissions)).fillna("")
    latest = moment.groupby([same[k] for k in keys], dropna=False, sort=False).transform("max")
    top = (moment == latest) & (moment != "")
    # A missing value or flag must compare as itself: "" (pandas' str of a missing value is missing).
    figure = same["value"].astype("string").fillna("") + "|" + same["flag"].astype("string").fillna("")
    top_rows = same[top]
    differing = figure[top].groupby([top_rows[k] for k in keys], dropna=False, sort=False).transform("nunique") > 1
    return pd.Series(False, index=same.index).where(~top, differing.reindex(same.index, fill_value=False)).astype(bool)

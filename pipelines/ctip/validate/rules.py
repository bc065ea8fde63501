"""Validate a submission's observations: pandera contract, duplicate keys, parts and totals.

Bad rows move to quarantine with a plain-language reason; good rows go on. Inconsistent totals
(a total smaller than its parts) are flagged, never fixed: the data are reported as sent."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ctip.harmonise.observations import QUARANTINE_COLUMNS
from ctip.schema import DIMENSIONS, KEY_COLUMNS
from ctip.validate.observation_schema import observation_schema, reason_for

INCONSISTENT = "inconsistent_total"


def _to_quarantine(rows: pd.DataFrame, reasons: pd.Series) -> pd.DataFrame:
    q = pd.DataFrame(
        {
            "submission_id": rows["submission_id"],
            "source_file": rows["source_file"],
            "source_sheet": rows["source_sheet"],
            "source_cell": rows["source_cell"],
            "raw_label": rows["indicator"].astype(str) + " " + rows["year"].astype(str),
            "raw_value": rows["value"].astype("string"),
            "reason": reasons,
        }
    )
    return q[QUARANTINE_COLUMNS]


def check_contract(obs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """pandera, lazily; returns (valid rows, quarantined rows)."""
    if obs.empty:
        return obs, pd.DataFrame(columns=QUARANTINE_COLUMNS)
    obs = obs.reset_index(drop=True)
    try:
        observation_schema().validate(obs, lazy=True)
        return obs, pd.DataFrame(columns=QUARANTINE_COLUMNS)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    reasons: dict[int, list[str]] = {}
    for case in cases.itertuples(index=False):
        idx = case.index
        if idx is None or pd.isna(idx):
            continue
        check = str(case.check).split("(")[0]
        reason = reason_for(check)
        if case.column in ("year", "value", "country_iso3") and case.failure_case is not None:
            reason = f"{reason} (got {case.failure_case})"
        reasons.setdefault(int(idx), []).append(reason)
    bad = sorted(reasons)
    quarantined = _to_quarantine(obs.loc[bad], pd.Series(["; ".join(reasons[i]) for i in bad], index=bad))
    return obs.drop(index=bad), quarantined


def check_duplicates(obs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same key twice in one submission: identical values keep the first; different values
    are ambiguous and none is stored."""
    if obs.empty:
        return obs, pd.DataFrame(columns=QUARANTINE_COLUMNS)
    key = list(KEY_COLUMNS)
    dup = obs.duplicated(key, keep=False)
    if not dup.any():
        return obs, pd.DataFrame(columns=QUARANTINE_COLUMNS)
    groups = obs[dup].groupby(key, dropna=False)
    drop, reasons = [], {}
    for _, g in groups:
        cells = ", ".join(f"{s}!{c}" for s, c in zip(g["source_sheet"], g["source_cell"]))
        values = set(g["value"].astype("string").fillna("<suppressed>"))
        if len(values) == 1:
            for i in g.index[1:]:
                drop.append(i)
                reasons[i] = f"repeats the same figure given in {g['source_sheet'].iloc[0]}!{g['source_cell'].iloc[0]}"
        else:
            for i in g.index:
                drop.append(i)
                reasons[i] = f"the same figure is given with different values in {cells}; none is stored"
    q = _to_quarantine(obs.loc[drop], pd.Series([reasons[i] for i in drop], index=drop))
    return obs.drop(index=drop), q


def flag_inconsistent_totals(obs: pd.DataFrame) -> pd.DataFrame:
    """Flag totals smaller than the sum of their parts, along each dimension.

    A suppressed part counts as at least 1. The total and its parts with values are flagged."""
    if obs.empty:
        return obs
    obs = obs.copy()
    flagged: set[int] = set()
    for dim in DIMENSIONS:
        others = [c for c in KEY_COLUMNS if c != dim]
        is_total = obs[dim] == "total"
        totals = obs[is_total].set_index(others)
        parts = obs[~is_total]
        if parts.empty or totals.empty:
            continue
        lower = parts["value"].fillna(1).astype("int64")
        sums = lower.groupby([parts[c] for c in others]).sum()
        # Only complete lists of parts can be compared... but any parts exceeding the total is wrong.
        joined = totals.join(sums.rename("parts_lower"), how="inner")
        bad = joined[joined["value"].notna() & (joined["parts_lower"] > joined["value"].astype("float"))]
        for key in bad.index:
            key = key if isinstance(key, tuple) else (key,)
            mask = pd.Series(True, index=obs.index)
            for col, v in zip(others, key):
                mask &= obs[col] == v
            flagged.update(obs.index[mask & obs["value"].notna()])
    if flagged:
        idx = list(flagged)
        obs.loc[idx, "flag"] = INCONSISTENT
    return obs


def validate_observations(obs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    good, q1 = check_contract(obs)
    good, q2 = check_duplicates(good)
    good = flag_inconsistent_totals(good)
    quarantine = pd.concat([q for q in (q1, q2) if not q.empty], ignore_index=True) if (len(q1) or len(q2)) else q1
    return good.reset_index(drop=True), quarantine

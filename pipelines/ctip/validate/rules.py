"""Validate a submission's observations: pandera contract, duplicate keys, parts and totals.

Bad rows move to quarantine with a plain-language reason; good rows go on. Inconsistent totals
(a total smaller than its parts) are flagged, never fixed: the data are reported as sent."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.harmonise.observations import QUARANTINE_COLUMNS
from ctip.schema import DIMENSIONS, KEY_COLUMNS, load_schema
from ctip.validate.censoring import suppressed_bounds
from ctip.validate.observation_schema import holds, observation_schema, reason_for
from ctip.validate.population import over_population

INCONSISTENT = "inconsistent_total"
MAX_CELLS_LISTED = 5  # cells named in one duplicate reason; the rest are counted


def quarantine_rows(rows: pd.DataFrame, reasons) -> pd.DataFrame:
    """Observation rows moved to quarantine, each with its reason (a list or a Series on rows' index)."""
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
    """pandera, lazily; returns (valid rows, quarantined rows). Rows that plainly hold the
    contract (`holds`, the usual case) skip pandera and its import."""
    if obs.empty:
        return obs, pd.DataFrame(columns=QUARANTINE_COLUMNS)
    obs = obs.reset_index(drop=True)
    if holds(obs):
        return obs, pd.DataFrame(columns=QUARANTINE_COLUMNS)
    import pandera.pandas as pa

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
        reason = reason_for(check, case.column)
        # "(got …)" only for a check on that very column: a frame-wide check (suppressed_only_null)
        # reports every column of the row, and a missing value has nothing to show.
        if (
            case.schema_context == "Column"
            and case.column in ("year", "value", "country_iso3")
            and case.failure_case is not None
            and not pd.isna(case.failure_case)
        ):
            reason = f"{reason} (got {case.failure_case})"
        row = reasons.setdefault(int(idx), [])
        if reason not in row:
            row.append(reason)
    bad = sorted(reasons)
    quarantined = quarantine_rows(obs.loc[bad], pd.Series(["; ".join(reasons[i]) for i in bad], index=bad))
    return obs.drop(index=bad), quarantined


def _cell_list(g: pd.DataFrame, limit: int = MAX_CELLS_LISTED) -> str:
    """'S!B2, S!B3 … and N more': a reason names a few cells, not every cell of a big group."""
    cells = [f"{s}!{c}" for s, c in zip(g["source_sheet"].iloc[:limit], g["source_cell"].iloc[:limit])]
    more = len(g) - len(cells)
    return ", ".join(cells) + (f" and {more} more" if more > 0 else "")


def check_duplicates(obs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same key twice in one submission: identical values keep the first; different values
    are ambiguous and none is stored."""
    if obs.empty:
        return obs, pd.DataFrame(columns=QUARANTINE_COLUMNS)
    key = _within_submission(obs)
    dup = obs.duplicated(key, keep=False)
    if not dup.any():
        return obs, pd.DataFrame(columns=QUARANTINE_COLUMNS)
    groups = obs[dup].groupby(key, dropna=False)
    drop, reasons = [], {}
    for _, g in groups:
        values = set(g["value"].astype("string").fillna("<suppressed>"))
        if len(values) == 1:
            first = f"{g['source_sheet'].iloc[0]}!{g['source_cell'].iloc[0]}"
            for i in g.index[1:]:
                drop.append(i)
                reasons[i] = f"repeats the same figure given in {first}"
        else:
            reason = f"the same figure is given with different values in {_cell_list(g)}; none is stored"
            for i in g.index:
                drop.append(i)
                reasons[i] = reason
    q = quarantine_rows(obs.loc[drop], pd.Series([reasons[i] for i in drop], index=drop))
    return obs.drop(index=drop), q


def _within_submission(obs: pd.DataFrame) -> list[str]:
    """The key columns a check groups by: with the submission's id, so that a batch of submissions
    validated in one call is judged submission by submission."""
    return ["submission_id", *KEY_COLUMNS] if "submission_id" in obs.columns else list(KEY_COLUMNS)


def _group_ids(codes: np.ndarray) -> np.ndarray:
    """One integer per distinct row of a 2-D array of codes (>= -1), numbered in the rows' sorted
    order, as np.unique(codes, axis=0, return_inverse=True) numbers them. The columns are packed
    into one int64 per row (mixed radix, renumbered before it could overflow): a 1-D unique is ten
    times faster than a row-wise one, which sorts rows as opaque records."""
    key = np.zeros(len(codes), dtype=np.int64)
    size = 1
    for j in range(codes.shape[1]):
        col = codes[:, j].astype(np.int64) + 1
        k = int(col.max()) + 1 if len(col) else 1
        if size * k >= 2**62:
            key = np.unique(key, return_inverse=True)[1].reshape(-1)
            size = int(key.max()) + 1 if len(key) else 1
        key = key * k + col
        size *= k
    return np.unique(key, return_inverse=True)[1].reshape(-1)


def _breakdowns() -> list[tuple[str, ...]]:
    """Each dimension alone, then each pair of dimensions."""
    dims = list(DIMENSIONS)
    return [(d,) for d in dims] + [(a, b) for i, a in enumerate(dims) for b in dims[i + 1 :]]


def flag_inconsistent_totals(obs: pd.DataFrame) -> pd.DataFrame:
    """Flag totals smaller than the sum of their parts, along each dimension.

    A suppressed part counts as its source's lowest `<5` value (0 by default: UNODC's `<5`
    includes 0, so a total equal to its numeric parts beside a `<5` part is consistent; see
    ctip.validate.censoring). The total and its parts with values are flagged (a suppressed row
    keeps its flag 'suppressed').

    Along a dimension, the rows sharing the other key columns are one total and its parts. The
    key columns are turned into integer codes once (pandas operations on small frames cost far
    more than the arithmetic), then each dimension is a few numpy operations. A row with a
    missing key value belongs to no group."""
    if obs.empty:
        return obs
    obs = obs.copy()
    # Within each submission (a batch is validated at once): its id is one more grouping column.
    group_columns = _within_submission(obs)
    codes = {c: pd.factorize(obs[c])[0] for c in KEY_COLUMNS}  # -1 for a missing value
    if "submission_id" in group_columns:
        codes["submission_id"] = pd.factorize(obs["submission_id"], use_na_sentinel=False)[0]
    has_value = obs["value"].notna().to_numpy()
    value = obs["value"].to_numpy(dtype="float64", na_value=np.nan)
    low, high = suppressed_bounds(obs)
    lower = np.where(has_value, np.nan_to_num(value), low).astype("int64")
    # A `<5` total holds at most its source's highest value: parts above that contradict it too
    # (attack5 J-H: female 7 beside a `<5` total). Its own row keeps the flag 'suppressed'; the
    # parts with values carry the inconsistency.
    is_suppressed = ~has_value & (obs["flag"] == "suppressed").fillna(False).to_numpy(dtype=bool)
    total_ceiling = np.where(has_value, value, np.where(is_suppressed, high, np.nan))
    flagged = np.zeros(len(obs), dtype=bool)
    total_in = {dim: np.asarray(obs[dim] == load_schema().total_code, dtype=bool) for dim in DIMENSIONS}
    # Along one dimension (female + male <= total), and along two at once: the cells broken down
    # by both (female children + female adults + male children ...) are disjoint parts of the
    # cell total in both, so they cannot exceed it either (finding G-J: female children 6 and
    # female adults 6 beside a total of 10, with no one-way female figure, passed unflagged).
    for dims in _breakdowns():
        others = np.column_stack([codes[c] for c in group_columns if c not in dims])
        complete = (others >= 0).all(axis=1)
        is_total = np.logical_and.reduce([total_in[d] for d in dims])
        is_part = np.logical_and.reduce([~total_in[d] for d in dims]) & complete
        if not is_part.any() or not is_total.any():
            continue
        group = _group_ids(others)
        n_groups = int(group.max()) + 1
        parts_lower = np.zeros(n_groups, dtype=np.int64)
        np.add.at(parts_lower, group[is_part], lower[is_part])
        has_parts = np.bincount(group[is_part], minlength=n_groups) > 0
        # Only complete lists of parts can be compared... but any parts exceeding the total is wrong.
        with np.errstate(invalid="ignore"):
            exceeded = parts_lower[group] > total_ceiling  # False where the total has no ceiling (NaN)
        failing = is_total & complete & (has_value | is_suppressed) & has_parts[group] & exceeded
        if not failing.any():
            continue
        bad_group = np.zeros(n_groups, dtype=bool)
        bad_group[group[failing]] = True
        flagged |= complete & bad_group[group]
    flagged &= has_value
    if flagged.any():
        obs.loc[flagged, "flag"] = INCONSISTENT
    return obs


def validate_observations(obs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(accepted, quarantined) observations: contract rules, counts above the member's population and
    ambiguous duplicates go to quarantine; totals smaller than their parts stay accepted but flagged."""
    good, q1 = check_contract(obs)
    # A count above the member's population is a phone number or an identifier (attack4 I-D):
    # refused before duplicates and totals are judged, so it is never a total's part either.
    over = over_population(good)
    if len(over):
        q1 = pd.concat([q for q in (q1, quarantine_rows(good.loc[over.index], over)) if len(q)], ignore_index=True)
        good = good.drop(index=over.index)
    good, q2 = check_duplicates(good)
    good = flag_inconsistent_totals(good)
    quarantine = pd.concat([q for q in (q1, q2) if not q.empty], ignore_index=True) if (len(q1) or len(q2)) else q1
    return good.reset_index(drop=True), quarantine

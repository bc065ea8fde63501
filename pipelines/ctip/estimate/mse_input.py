"""Capture tables for multiple systems estimation: reading, validation, cell counts."""

from __future__ import annotations

import logging
from os import PathLike
from typing import Any

import numpy as np
import pandas as pd

from ctip.estimate.mse_model import Design

log = logging.getLogger(__name__)

COUNT = "count"
# 2^k cells per fit; beyond this a 1,000-replicate bootstrap is impractical.
MAX_LISTS = 14


def read_capture_table(path_or_df: str | PathLike[str] | pd.DataFrame) -> pd.DataFrame:
    """Read and validate a capture table: 0/1 list columns plus ``count``.

    Returns one row per capture pattern (duplicates summed, first-seen order),
    list columns as int8 and ``count`` as int64. An all-zero row describes
    cases seen on no list, which cannot be observed: it is dropped if its
    count is 0 and rejected otherwise.
    """
    if isinstance(path_or_df, pd.DataFrame):
        df = path_or_df.copy()
    else:
        df = pd.read_csv(path_or_df)
    df.columns = [str(c).strip() for c in df.columns]
    df = df.rename(columns={c: COUNT for c in df.columns if c.lower() == COUNT})
    if COUNT not in df.columns:
        raise ValueError(f"capture table needs a '{COUNT}' column; got {list(df.columns)}")
    lists = [c for c in df.columns if c != COUNT]
    if len(lists) < 2:
        raise ValueError(f"capture table needs at least 2 list columns besides '{COUNT}'; got {lists}")
    if len(lists) > MAX_LISTS:
        raise ValueError(f"capture table has {len(lists)} lists; at most {MAX_LISTS} are supported")
    if len(set(lists)) != len(lists):
        raise ValueError(f"duplicate list names: {lists}")
    if df.empty:
        raise ValueError("capture table has no rows")

    for col in lists:
        values = pd.to_numeric(df[col], errors="coerce")
        bad = ~values.isin([0, 1])
        if bad.any():
            raise ValueError(f"list column '{col}' must hold only 0 or 1; bad values {df.loc[bad, col].head(5).tolist()} in rows {df.index[bad][:5].tolist()}")
        df[col] = values.astype(np.int8)
    counts = pd.to_numeric(df[COUNT], errors="coerce")
    bad = counts.isna() | (counts < 0) | (counts != np.floor(counts))
    if bad.any():
        raise ValueError(f"'{COUNT}' must hold non-negative integers; bad values {df.loc[bad, COUNT].head(5).tolist()} in rows {df.index[bad][:5].tolist()}")
    df[COUNT] = counts.astype(np.int64)

    unseen = df[lists].sum(axis=1) == 0
    if (df.loc[unseen, COUNT] > 0).any():
        raise ValueError("a row with every list 0 (cases seen on no list) has a positive count; such cases cannot be observed, so remove that row")
    df = df.loc[~unseen]
    df = df.groupby(lists, sort=False, as_index=False)[COUNT].sum()
    if df[COUNT].sum() == 0:
        raise ValueError("capture table has no observed cases (all counts are 0)")
    return df[[*lists, COUNT]].reset_index(drop=True)


def cell_counts(table: pd.DataFrame) -> tuple[Design, np.ndarray]:
    """Design over the non-empty lists and counts for every observable cell."""
    lists = [c for c in table.columns if c != COUNT]
    used = [c for c in lists if table.loc[table[c] == 1, COUNT].sum() > 0]
    if len(used) < len(lists):
        # A list with no cases says nothing and has no finite main effect.
        log.info("lists with no cases left out of the model: %s", sorted(set(lists) - set(used)))
    if len(used) < 2:
        raise ValueError(f"need cases on at least 2 lists; only {used} have any")
    rows = table.groupby(used, as_index=False)[COUNT].sum()
    rows = rows.loc[rows[used].sum(axis=1) > 0]
    design = Design.build(used)
    y = np.zeros(len(design.patterns))
    np.add.at(y, design.cell_index(rows[used].to_numpy()), rows[COUNT].to_numpy(dtype=float))
    return design, y


def _parse_pattern(pattern: Any) -> dict[str, int]:
    """A pattern given as {"A": 1, ...} or "1,0,1" (lists then named A, B, ...)."""
    if isinstance(pattern, dict):
        return {str(k): int(v) for k, v in pattern.items()}
    bits = [int(b) for b in str(pattern).replace(" ", "").split(",")]
    return {chr(ord("A") + i): b for i, b in enumerate(bits)}


def tables_from_long(df: pd.DataFrame) -> list[tuple[str, int, pd.DataFrame]]:
    """Split a long table (country_iso3, year, pattern or list columns, count)."""
    keys = ["country_iso3", "year"]
    missing = [c for c in [*keys, COUNT] if c not in df.columns]
    if missing:
        raise ValueError(f"capture tables need columns {missing}")
    out = []
    for (iso3, year), group in df.groupby(keys, sort=True):
        if "pattern" in group.columns:
            table = pd.DataFrame([_parse_pattern(p) for p in group["pattern"]]).fillna(0)
            table[COUNT] = group[COUNT].to_numpy()
        else:
            table = group.drop(columns=keys)
        out.append((str(iso3), int(year), table))
    return out

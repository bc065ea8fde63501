"""The public CSV files, byte for byte what `ctip.safety.write_csv` writes, made cheaper.

`safety.safe_frame` calls `safe_cell` on every text cell (a quarter of a million calls for the
tables of a 500-file warehouse: most of the time of the exports). The result of `safe_cell` for
a text depends on that text alone, and the public tables repeat few distinct texts (codes,
flags, submission ids), so it is called here once per distinct text of a column, and a column
that has nothing to neutralise is written as it is. Columns that hold anything but text (a mixed
object column) go through `safe_cell` cell by cell, as before."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import is_object_dtype, is_string_dtype

from ctip.atomic import atomic_write
from ctip.safety import safe_cell


def _safe_column(series: pd.Series) -> pd.Series:
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    uniques = list(uniques)
    if not all(type(u) is str for u in uniques):  # numbers, bytes, dates in an object column
        return series.map(safe_cell, na_action="ignore")
    safe = [safe_cell(u) for u in uniques]
    if safe == uniques:
        return series  # nothing to neutralise: the same cells
    mapped = np.asarray(safe, dtype=object)[np.where(codes < 0, 0, codes)] if len(safe) else np.full(len(codes), None, dtype=object)
    out = pd.Series(mapped, index=series.index, dtype=object)
    missing = codes < 0
    if missing.any():
        out[missing] = series[missing].to_numpy(dtype=object)  # as map(na_action="ignore") keeps them
    return out


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """What `ctip.safety.safe_frame` returns, cell for cell."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if is_object_dtype(series.dtype) or is_string_dtype(series.dtype):
            out[col] = _safe_column(series)
    out.columns = [safe_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: Path | str) -> Path:
    """RFC 4180 CSV as `ctip.safety.write_csv` writes it (the same bytes), written atomically."""
    path = Path(path)
    with atomic_write(path) as tmp:
        safe_frame(frame).to_csv(tmp, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL, encoding="utf-8")
    return path

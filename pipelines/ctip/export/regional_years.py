"""Which years of a regional estimate are publishable, withheld, or not publishable: one rule for
the run summary, the public mart_regional_estimates and the report (attack3 H-K: the summary said
"publishable for: 2012 ... 2016" while the public file withheld 2012-2014, whose female rows still
said publishable, and the report listed 2012-2014 both as not publishable and as withheld).

A year's status is its regional total's row, in the public table: withheld when the disclosure
control withheld it (reason `REGIONAL_WITHHELD_REASON`), else publishable or not by the coverage
rule (schemas/estimation.yaml). A part's row (female, sexual exploitation) of a year whose total
is withheld is withheld with it (`withhold_parts_with_total`): a part marked publishable beside a
withheld total would be read as the year's figure, and a missing number said as such beats it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ctip.contracts import figure_columns
from ctip.schema import load_schema

PUBLISHABLE, WITHHELD, NOT_PUBLISHABLE = "publishable", "withheld", "not_publishable"
# The reason of a withheld regional row (ctip.export.suppression writes it; the report reads it).
REGIONAL_WITHHELD_REASON = "withheld in the public exports: it would let a withheld country figure be derived"


def year_status(publishable: bool, withheld: bool) -> str:
    """The status of one regional row: withheld first (no number at all), then the coverage rule."""
    if withheld:
        return WITHHELD
    return PUBLISHABLE if publishable else NOT_PUBLISHABLE


@dataclass
class RegionalYears:
    publishable: list[int] = field(default_factory=list)
    withheld: list[int] = field(default_factory=list)
    not_publishable: list[int] = field(default_factory=list)


def _withheld(frame: pd.DataFrame) -> np.ndarray:
    if "reason" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame["reason"].astype("string").eq(REGIONAL_WITHHELD_REASON).fillna(False).to_numpy(dtype=bool)


def regional_years(regional: pd.DataFrame, indicator: str) -> RegionalYears:
    """The years of `indicator`'s regional total by status, from mart_regional_estimates (its
    public version: the internal one withholds nothing)."""
    total = load_schema().total_code
    rows = regional[(regional["indicator"] == indicator) & (regional["sex"] == total) & (regional["exploitation"] == total)]
    out = RegionalYears()
    publishable = rows["publishable"].fillna(False).astype(bool).to_numpy()
    for year, p, w in sorted(zip(rows["year"].astype(int).tolist(), publishable.tolist(), _withheld(rows).tolist())):
        getattr(out, year_status(p, w)).append(year)
    return out


def withhold_parts_with_total(pub: pd.DataFrame) -> np.ndarray:
    """Withhold (in place) the parts' rows of the years and indicators whose regional total is
    withheld; returns the rows newly withheld."""
    total = load_schema().total_code
    if not len(pub) or not {"year", "indicator", "sex", "exploitation"} <= set(pub.columns):
        return np.zeros(len(pub), dtype=bool)
    is_total = (pub["sex"] == total).to_numpy() & (pub["exploitation"] == total).to_numpy()
    withheld = _withheld(pub)
    gone = set(zip(pub.loc[is_total & withheld, "year"].astype(str), pub.loc[is_total & withheld, "indicator"].astype(str)))
    if not gone:
        return np.zeros(len(pub), dtype=bool)
    in_year = np.fromiter(((y, i) in gone for y, i in zip(pub["year"].astype(str), pub["indicator"].astype(str))), dtype=bool, count=len(pub))
    hit = in_year & ~is_total & ~withheld
    for col in figure_columns("mart_regional_estimates"):
        if col in pub.columns:
            pub[col] = pd.to_numeric(pub[col], errors="coerce").astype(float)
            pub.loc[hit, col] = np.nan
    if "publishable" in pub.columns:
        pub.loc[hit, "publishable"] = False
    if "reason" in pub.columns:
        pub["reason"] = pub["reason"].astype("string")
        pub.loc[hit, "reason"] = REGIONAL_WITHHELD_REASON
    return hit


def current_manifest(warehouse: Path) -> dict | None:
    """MANIFEST.json of the exports written from this very warehouse (its warehouse_sha256), or
    None (no exports, or exports of another version of the warehouse)."""
    import hashlib
    import json

    from ctip.paths import internal_dir

    manifest = internal_dir(warehouse) / "exports" / "MANIFEST.json"
    if not manifest.exists():
        return None
    try:
        content = json.loads(manifest.read_text(encoding="utf-8"))
        h = hashlib.sha256()
        with open(warehouse, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        return content if isinstance(content, dict) and content.get("warehouse_sha256") == h.hexdigest() else None
    except (OSError, ValueError):
        return None


def current_public_regional(warehouse: Path) -> pd.DataFrame | None:
    """The public mart_regional_estimates the exports wrote from this very warehouse, or None."""
    from ctip.paths import internal_dir

    table = internal_dir(warehouse) / "exports" / "mart_regional_estimates.parquet"
    if not table.exists() or current_manifest(warehouse) is None:
        return None
    try:
        return pd.read_parquet(table)
    except (OSError, ValueError):
        return None

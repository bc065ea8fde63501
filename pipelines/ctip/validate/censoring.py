"""What a suppressed `<5` cell (value NULL, flag 'suppressed') can hold, by source.

UNODC's `<5` includes 0: the GLOTIP export holds no 0 at all, and a total equal to its numeric
parts beside a `<5` part (Cuba 2012: female 13, male `<5`, total 13) is only consistent if that
part is 0. So the default range is [0, 4]; a source whose `<5` means 1-4 says so in
schemas/estimation.yaml (`suppressed.by_source`, keyed by the drop folder: `UNODC` or a member's
ISO3). Used by the estimation panel and by the warehouse's inconsistent_total flag."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import yaml

from ctip.paths import SCHEMAS_DIR


@cache
def suppressed_settings() -> tuple[tuple[int, int], dict[str, tuple[int, int]]]:
    """(default range, {source: range}) from schemas/estimation.yaml."""
    settings = yaml.safe_load((SCHEMAS_DIR / "estimation.yaml").read_text(encoding="utf-8")).get("suppressed", {})
    lo, hi = settings.get("default", [0, 4])
    by_source = {str(k): (int(v[0]), int(v[1])) for k, v in (settings.get("by_source") or {}).items()}
    return (int(lo), int(hi)), by_source


def source_of(source_file: str | None, country_iso3: str | None) -> str | None:
    """The source a cell came from: its drop folder (`UNODC/...` -> UNODC); a national submission's
    folder may be a name in any language, so its member code stands for it."""
    folder = str(source_file).replace("\\", "/").split("/")[0] if isinstance(source_file, str) else ""
    return folder if folder.upper() == "UNODC" or not country_iso3 else str(country_iso3)


def suppressed_bounds(cells: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper end of a suppressed count for each row (source_file, country_iso3 used when
    present), whether or not the row is suppressed."""
    default, by_source = suppressed_settings()
    lo = np.full(len(cells), float(default[0]))
    hi = np.full(len(cells), float(default[1]))
    if by_source and len(cells):
        files = cells["source_file"] if "source_file" in cells else pd.Series([None] * len(cells))
        countries = cells["country_iso3"] if "country_iso3" in cells else pd.Series([None] * len(cells))
        sources = np.array([source_of(f, c) for f, c in zip(files, countries)], dtype=object)
        for source, (a, b) in by_source.items():
            rows = sources == source
            lo[rows], hi[rows] = a, b
    return lo, hi

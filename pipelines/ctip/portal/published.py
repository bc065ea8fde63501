"""The published figures of one country, read from the public exports (data/marts/exports/),
which hold only suppressed values: a withheld count is empty there, and stays empty here."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ctip import paths

COLUMNS = ["year", "indicator", "total", "female", "male", "children", "adults", "per_100k"]


def country_figures(country: str) -> pd.DataFrame | None:
    path = paths.exports_dir() / "mart_country_year.parquet"
    if not path.is_file():
        return None
    try:
        frame = pd.read_parquet(path)
    except Exception:  # a half-written or foreign file: show nothing rather than fail the page
        return None
    frame = frame[frame["country_iso3"] == country]
    cols = [c for c in COLUMNS if c in frame.columns]
    return frame[cols].sort_values(["indicator", "year"]).reset_index(drop=True)


def display_rows(frame: pd.DataFrame) -> list[list[str]]:
    """Cells as text: counts as integers, the rate with one decimal, a withheld or missing value empty."""
    out = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, v in zip(frame.columns, row):
            if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
                cells.append("")
            elif column == "per_100k":
                cells.append(f"{float(v):.1f}")
            elif column in ("year", "indicator"):
                cells.append(str(v))
            else:
                cells.append(f"{int(v):,}")
        out.append(cells)
    return out


def country_csv(country: str) -> str | None:
    frame = country_figures(country)
    return None if frame is None else frame.to_csv(index=False)


def export_files() -> list[Path]:
    """The public export files (listed from the folder, never named by a request)."""
    folder = paths.exports_dir()
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.is_file() and not p.is_symlink() and not p.name.startswith(".") and p.suffix in (".csv", ".parquet", ".md", ".json")
    )


def report_path() -> Path | None:
    path = paths.report_dir() / "index.html"
    return path if path.is_file() else None

"""From cell readings to typed observation rows and quarantine rows."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ctip.contracts import columns
from ctip.harmonise.batch import ObservationRows
from ctip.intake.readings import CellReading
from ctip.intake.values import parse_count
from ctip.schema import DIMENSIONS, load_schema

# The contracts of schemas/tables.yaml (ctip.contracts); named here because every stage uses them.
OBSERVATION_COLUMNS = columns("fact_observation")
QUARANTINE_COLUMNS = columns("quarantine")
# A cell marked not available ('..'), where it was: no figure, but a later submission's '..' withdraws
# the same source's earlier figure of that key (ctip.warehouse.precedence), so its key is kept.
NOT_AVAILABLE_COLUMNS = [c for c in OBSERVATION_COLUMNS if c not in ("value", "flag")]  # its key and where it was


def _quarantine_row(r: CellReading, reason: str, submission_id: str, source_file: str) -> dict:
    if r.suggestions:
        reason = f"{reason}; closest: {', '.join(r.suggestions)}"
    return {
        "submission_id": submission_id,
        "source_file": source_file,
        "source_sheet": r.sheet,
        "source_cell": r.cell,
        "raw_label": (r.raw_label or "")[:500],
        "raw_value": None if r.raw_value is None else str(r.raw_value)[:200],
        "reason": reason,
    }


def countable_readings(readings, quarantine: list, counts: dict, submission_id: str, source_file: str, not_available: list | None = None):
    """Readings whose value is a count, with their parsed value: empty cells are skipped, cells
    marked not available ('..') counted in counts['not_available'] (and appended to `not_available`
    when given), a reader's problem or a value that is no count goes to `quarantine`. Shared by
    observations and flows."""
    for r in readings:
        parsed = parse_count(r.raw_value)
        if parsed.kind == "empty":
            continue
        if r.problem:
            quarantine.append(_quarantine_row(r, r.problem, submission_id, source_file))
        elif parsed.kind == "not_available":
            counts["not_available"] += 1
            if not_available is not None:
                not_available.append(r)
        elif parsed.kind == "error":
            quarantine.append(_quarantine_row(r, parsed.reason or "not a count", submission_id, source_file))
        else:
            yield r, parsed


def harmonise_readings(readings: list[CellReading], country_iso3: str | None, submission_id: str, source_file: str) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Returns (observations, quarantine, n_not_available). Cells marked not available ('..')
    are no observation: they are counted for the feedback, not stored."""
    rows, quarantine, n_na = harmonise_rows(readings, country_iso3, submission_id, source_file)
    return rows.frame(), quarantine, n_na


def harmonise_rows(
    readings: list[CellReading], country_iso3: str | None, submission_id: str, source_file: str, not_available: list | None = None
) -> tuple[ObservationRows, pd.DataFrame, int]:
    """harmonise_readings with the observations not yet a frame (a batch builds one frame for
    all its files: ctip.harmonise.batch). `not_available`, when given, receives one row
    (NOT_AVAILABLE_COLUMNS) per cell marked not available whose key is whole (country, year, a
    breakdown the indicator has)."""
    schema = load_schema()
    total = schema.total_code  # a dimension the reading does not break down
    obs, quarantine, counts = [], [], {"not_available": 0}
    na_readings: list[CellReading] = []
    for r, parsed in countable_readings(readings, quarantine, counts, submission_id, source_file, na_readings):
        key = dict(r.key)
        indicator = key.get("indicator")
        country = key.get("country_iso3") or country_iso3
        if country is None:
            quarantine.append(_quarantine_row(r, "the country of this figure is unknown (name the folder after the country)", submission_id, source_file))
            continue
        if key.get("year") is None:
            quarantine.append(_quarantine_row(r, "no year could be found for this figure", submission_id, source_file))
            continue
        bad_dim = next((d for d in DIMENSIONS if key.get(d, total) != total and not schema.applies(indicator, d)), None)
        if bad_dim and parsed.kind == "nil":
            continue  # '-' under a breakdown the indicator does not have (cases by sex) says nothing
        if bad_dim:
            quarantine.append(_quarantine_row(r, f"{indicator} is not broken down by {bad_dim} in the schema", submission_id, source_file))
            continue
        obs.append(
            {
                "country_iso3": country,
                "year": key["year"],
                "indicator": indicator,
                **{d: key.get(d, total) for d in DIMENSIONS},
                "value": parsed.value,
                "flag": r.flag or parsed.flag,
                "submission_id": submission_id,
                "source_file": source_file,
                "source_sheet": r.sheet,
                "source_cell": r.cell,
            }
        )
    if not_available is not None:
        not_available += _not_available_rows(na_readings, country_iso3, submission_id, source_file)
    q = pd.DataFrame(quarantine, columns=QUARANTINE_COLUMNS) if quarantine else _EMPTY_QUARANTINE().copy()
    return ObservationRows(submission_id, obs, OBSERVATION_COLUMNS), q, counts["not_available"]


def _not_available_rows(readings: list[CellReading], country_iso3: str | None, submission_id: str, source_file: str) -> list[dict]:
    """The keys of the cells marked not available; a cell whose key is not whole says nothing."""
    schema = load_schema()
    total = schema.total_code
    out = []
    for r in readings:
        key = dict(r.key)
        indicator, country = key.get("indicator"), key.get("country_iso3") or country_iso3
        if indicator is None or country is None or key.get("year") is None:
            continue
        if any(key.get(d, total) != total and not schema.applies(indicator, d) for d in DIMENSIONS):
            continue
        out.append(
            {
                "country_iso3": country,
                "year": key["year"],
                "indicator": indicator,
                **{d: key.get(d, total) for d in DIMENSIONS},
                "submission_id": submission_id,
                "source_file": source_file,
                "source_sheet": r.sheet,
                "source_cell": r.cell,
            }
        )
    return out


@lru_cache(maxsize=1)
def _EMPTY_QUARANTINE() -> pd.DataFrame:  # noqa: N802
    """Most files quarantine nothing: the empty frame built once (pandas takes a millisecond a frame)."""
    return pd.DataFrame([], columns=QUARANTINE_COLUMNS)

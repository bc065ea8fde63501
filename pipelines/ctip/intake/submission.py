"""Take in one submission: read, extract, harmonise, validate. Never raises for bad input:
every file ends as accepted, partial (with reasons) or rejected (with a reason)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ctip.harmonise.labels import LabelIndex
from ctip.harmonise.observations import OBSERVATION_COLUMNS, QUARANTINE_COLUMNS, harmonise_readings
from ctip.intake.discover import SubmissionFile
from ctip.intake.extract import extract_workbook
from ctip.intake.layouts.headers import year_in_text
from ctip.intake.mapping import Mapping, load_mapping
from ctip.intake.read import UnreadableFile, read_workbook
from ctip.intake.readings import ReadContext
from ctip.schema import load_schema
from ctip.validate.rules import validate_observations

SUBMISSION_COLUMNS = [
    "submission_id", "country_iso3", "source_file", "sha256", "received_at", "status",
    "n_observations", "n_quarantined", "message",
]


@dataclass
class SubmissionResult:
    submission: dict
    observations: pd.DataFrame
    quarantine: pd.DataFrame
    source_kind: str = "national"
    sheets: list[dict] = field(default_factory=list)  # per sheet: name, layout, readings, notes
    n_not_available: int = 0
    language: str | None = None

    @property
    def status(self) -> str:
        return self.submission["status"]


def _status(n_obs: int, n_quarantined: int) -> str:
    if n_obs == 0:
        return "rejected"
    return "partial" if n_quarantined else "accepted"


def rejected(sf: SubmissionFile, reason: str) -> SubmissionResult:
    return SubmissionResult(
        submission=_record(sf, "rejected", 0, 0, reason),
        observations=pd.DataFrame(columns=OBSERVATION_COLUMNS),
        quarantine=pd.DataFrame(columns=QUARANTINE_COLUMNS),
        source_kind=sf.source_kind,
    )


def _record(sf: SubmissionFile, status: str, n_obs: int, n_q: int, message: str) -> dict:
    return {
        "submission_id": sf.submission_id,
        "country_iso3": sf.country_iso3,
        "source_file": sf.relative,
        "sha256": sf.sha256,
        "received_at": sf.received_at,
        "status": status,
        "n_observations": n_obs,
        "n_quarantined": n_q,
        "message": message,
    }


def ingest_submission(sf: SubmissionFile, mapping: Mapping | None = None) -> SubmissionResult:
    if sf.problem:
        return rejected(sf, sf.problem)
    mapping = mapping if mapping is not None else load_mapping(sf.path.parent)
    if mapping.problem:
        return rejected(sf, mapping.problem)
    try:
        sheets = read_workbook(sf.path)
    except UnreadableFile as exc:
        return rejected(sf, str(exc))
    except MemoryError:
        return rejected(sf, "the file is too large to read")
    labels = LabelIndex(load_schema(), extra=mapping.labels) if mapping.labels else _default_labels()
    ctx = ReadContext(
        country_iso3=sf.country_iso3,
        labels=labels,
        year_hint=year_in_text(Path(sf.relative).stem),
        file_name=sf.relative,
        ignore_sheets=mapping.ignore_sheets,
        ignore_rows=mapping.ignore_rows,
        layout=mapping.layout,
    )
    outcomes = extract_workbook(sheets, ctx)
    readings = [r for o in outcomes for r in o.readings + o.unread_cells]
    obs, quarantine, n_na = harmonise_readings(readings, sf.country_iso3, sf.submission_id, sf.relative)
    good, q_valid = validate_observations(obs)
    quarantine = pd.concat([q for q in (quarantine, q_valid) if not q.empty], ignore_index=True) if len(q_valid) else quarantine
    if len(quarantine) == 0:
        quarantine = pd.DataFrame(columns=QUARANTINE_COLUMNS)
    status = _status(len(good), len(quarantine))
    message = _message(status, len(good), len(quarantine), n_na, outcomes)
    languages = [ctx.labels.indicator(r.raw_label.split(" | ")[0]).language for r in readings[:50] if not r.problem]
    result = SubmissionResult(
        submission=_record(sf, status, len(good), len(quarantine), message),
        observations=good[OBSERVATION_COLUMNS],
        quarantine=quarantine[QUARANTINE_COLUMNS],
        source_kind=sf.source_kind,
        sheets=[
            {"sheet": o.sheet, "layout": o.layout, "n_readings": len(o.readings), "notes": o.notes}
            for o in outcomes
        ],
        n_not_available=n_na,
        language=max(set(languages) - {None, "override"}, key=languages.count, default=None) if languages else None,
    )
    return result


def _default_labels() -> LabelIndex:
    from ctip.harmonise.labels import default_index

    return default_index()


def _message(status: str, n_obs: int, n_q: int, n_na: int, outcomes) -> str:
    if status == "rejected" and n_q == 0:
        notes = "; ".join(f"{o.sheet}: {', '.join(o.notes)}" for o in outcomes if o.notes)
        return "no figures could be read" + (f" ({notes})" if notes else "")
    parts = [f"{n_obs} figures stored"]
    if n_q:
        parts.append(f"{n_q} cells not used (see quarantine)")
    if n_na:
        parts.append(f"{n_na} cells marked not available")
    return "; ".join(parts)

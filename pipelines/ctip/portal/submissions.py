"""What a country sent: the warehouse's `submissions` rows (read-only; a missing or busy
warehouse is tolerated) and the files waiting in its drop folder, each with its feedback folder.

Every path here is derived from a country code the caller took from the account (or, for the
secretariat, from a validated member code), and from a submission id of 16 hex digits."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ctip import paths

SUBMISSION_ID = re.compile(r"[0-9a-f]{16}")
_HASH_CACHE: dict[tuple[str, int, float], str] = {}


def national_id(sha256: str, country: str) -> str:
    """The id the run gives a file of `country` with this content (intake's own rule: content and
    country), so the portal and the run name a submission alike."""
    from ctip.intake.discover import SubmissionFile

    return SubmissionFile(Path(country), "", sha256, 0, 0.0, country, "national", country).submission_id


def valid_id(submission_id: str) -> bool:
    return bool(SUBMISSION_ID.fullmatch(submission_id or ""))


def warehouse_rows(country: str) -> tuple[list[dict], bool]:
    """The warehouse's submissions of one country (newest first), and whether the warehouse exists."""
    path = paths.warehouse_path()
    if not path.exists():
        return [], False
    import duckdb

    try:
        with duckdb.connect(str(path), read_only=True) as con:
            frame = con.execute(
                "select submission_id, source_file, status, n_observations, n_quarantined, received_at "
                "from submissions where country_iso3 = ? order by received_at desc, source_file",
                [country],
            ).df()
    except duckdb.Error:
        return [], False
    return [{k: (None if v != v else v) for k, v in row.items()} for row in frame.to_dict("records")], True


def read_report(folder: Path) -> dict | None:
    try:
        return json.loads((Path(folder) / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def feedback_report(submission_id: str) -> dict | None:
    return read_report(paths.feedback_dir() / submission_id) if valid_id(submission_id) else None


def report_for(submission_id: str, country: str | None) -> dict | None:
    """The feedback of a submission if it belongs to `country` (None = any member: secretariat)."""
    report = feedback_report(submission_id)
    if report is None:
        return None
    owner = (report.get("submission") or {}).get("country_iso3")
    if owner is None or (country is not None and owner != country):
        return None
    return report


def annotated_path(submission_id: str) -> Path | None:
    path = paths.feedback_dir() / submission_id / "annotated.xlsx"
    return path if valid_id(submission_id) and path.is_file() else None


def _file_id(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_size, st.st_mtime)
    if key not in _HASH_CACHE:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _HASH_CACHE[key] = h.hexdigest()
    return _HASH_CACHE[key]


def raw_files(country: str) -> list[tuple[Path, str]]:
    """(path, submission id) of every file in data/raw/<country>/ (no links, no hidden files)."""
    folder = paths.raw_dir() / country
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or path.is_symlink() or not path.is_file():
            continue
        sha = _file_id(path)
        if sha:
            found.append((path, national_id(sha, country)))
    return found


def raw_file(country: str, submission_id: str) -> Path | None:
    return next((p for p, sid in raw_files(country) if sid == submission_id), None) if valid_id(submission_id) else None


def listing(country: str) -> tuple[list[dict], bool]:
    """Everything the country sent: warehouse rows, then files not yet run (status 'waiting')."""
    rows, present = warehouse_rows(country)
    known = {r["submission_id"] for r in rows}
    for path, sid in raw_files(country):
        if sid in known:
            continue
        known.add(sid)
        sub = (report_for(sid, country) or {}).get("submission") or {}
        rows.insert(
            0,
            {
                "submission_id": sid,
                "source_file": f"{country}/{path.name}",
                "status": "waiting",
                "checked_status": sub.get("status"),
                "n_observations": sub.get("n_observations"),
                "n_quarantined": sub.get("n_quarantined"),
                "received_at": sub.get("received_at"),
            },
        )
    for row in rows:
        row["has_feedback"] = report_for(row["submission_id"], country) is not None
        # Links only where the routes will answer (they check the owner the same way).
        row["has_annotated"] = row["has_feedback"] and annotated_path(row["submission_id"]) is not None
        row["has_raw"] = row["has_feedback"] and raw_file(country, row["submission_id"]) is not None
    return rows, present

"""When ctip first received each file: the arrival ledger.

A file's modification time says when it was written, not when it reached ctip: a correction
saved from a mail attachment, a zip, `cp -p`, `rsync -t` or a USB stick keeps the date it was
written at the ministry, which may be older than the file it corrects. Precedence between a
country's submissions therefore goes by arrival: the first run that saw this content at this
path. The ledger (`<marts>/arrivals/ledger.json`) holds, per path now in the drop folder, the content
seen there and when it arrived; a path whose content changes (a file replaced in place) arrives
again, and a path that left the drop folder is forgotten (dropped again, it arrives again).

Files that arrive in the same run share its arrival time and are ordered by modification time,
then name (an initial load of a folder has only modification times to go by). UNODC's export
arrives at its extraction date when the folder's SOURCE.md states one (else at first arrival)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import json
import re
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from ctip import paths
from ctip.atomic import write_text
from ctip.intake.discover import SubmissionFile

FOLDER = "arrivals"  # in the marts folder: the ledger and its lock
LEDGER = "ledger.json"
# "extraction date 30/05/2023" (dd/mm/yyyy, as in dataUNODC's banner) or an ISO date after it.
_SOURCE_DATE = re.compile(r"(?:extraction|publication)\s+date\D{0,20}?(?:(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d{2})-(\d{2}))", re.I)


def iso(moment: dt.datetime) -> str:
    """One text form for every arrival (microseconds, UTC), so that arrivals sort as text."""
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _ledger_path(root: Path | None) -> Path:
    # Beside the warehouse, not in the staging store: that is a cache (deleted, it is made again from
    # data/raw), and arrivals cannot be made again.
    return Path(root or paths.marts_dir()) / FOLDER / LEDGER


def read_ledger(root: Path | None = None) -> dict[str, dict[str, str]]:
    """relative path -> {"sha256", "arrived_at"} (empty when there is no ledger or it is unreadable)."""
    path = _ledger_path(root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("paths") if isinstance(data, dict) else None
    return {k: v for k, v in (entries or {}).items() if isinstance(v, dict) and "sha256" in v and "arrived_at" in v}


@contextmanager
def _locked(path: Path):
    """Two runs at once (the sensor's and `ctip run`) update the ledger one after the other."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def source_date(folder: Path) -> str | None:
    """The extraction or publication date stated in the folder's SOURCE.md, as an arrival."""
    try:
        text = (Path(folder) / "SOURCE.md").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    m = _SOURCE_DATE.search(text)
    if not m:
        return None
    try:
        if m.group(3):
            day = dt.datetime(int(m.group(3)), int(m.group(2)), int(m.group(1)), tzinfo=dt.timezone.utc)
        else:
            day = dt.datetime(int(m.group(4)), int(m.group(5)), int(m.group(6)), tzinfo=dt.timezone.utc)
    except ValueError:
        return None
    return iso(day)


def record_arrivals(
    files: list[SubmissionFile],
    present: Iterable[SubmissionFile] | None = None,
    root: Path | None = None,
    now: dt.datetime | None = None,
) -> list[SubmissionFile]:
    """`files` with `arrived_at` set, the ledger updated: a path seen with this content before keeps
    its arrival; otherwise it arrives now (later than every arrival recorded, so that two runs in
    the same instant still come in order). Paths no longer in `present` (default: `files`) are
    forgotten. Files refused before being read (links, pipes) get no arrival."""
    path = _ledger_path(root)
    present_paths = {f.relative for f in (files if present is None else present)}
    with _locked(path):
        ledger = read_ledger(root)
        moment = now or dt.datetime.now(dt.timezone.utc)
        latest = max((e["arrived_at"] for e in ledger.values()), default="")
        stamp = iso(moment)
        if stamp <= latest:  # a clock step back, or two runs within a microsecond
            stamp = iso(dt.datetime.fromisoformat(latest) + dt.timedelta(microseconds=1))
        updated = {k: v for k, v in ledger.items() if k in present_paths}
        out = []
        for f in files:
            if f.problem and f.mtime == 0.0:
                out.append(f)
                continue
            seen = updated.get(f.relative)
            if seen is None or seen["sha256"] != f.sha256:
                arrival = (source_date(f.path.parent) if f.source_kind == "unodc" else None) or stamp
                seen = updated[f.relative] = {"sha256": f.sha256, "arrived_at": arrival}
            out.append(dataclasses.replace(f, arrived_at=seen["arrived_at"]))
        if updated != ledger:
            write_text(path, json.dumps({"paths": dict(sorted(updated.items()))}, indent=1, ensure_ascii=False))
    return out

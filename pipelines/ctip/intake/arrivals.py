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
arrives at its extraction date when the folder's SOURCE.md states one (else at first arrival).

A move is not a re-sending (finding G-I): a content (same bytes, same country) that appears at a new
path while no file with that content is left at the path where it arrived before (a country folder
renamed `Jamaica/` -> `JAM/`, a file moved into a sub-folder or renamed) keeps its earlier arrival. A
copy beside a file still there (a ministry re-sending its original after a correction) arrives now.

The ledger cannot be made again from data/raw, so it is never replaced silently (finding G-G): a
ledger that cannot be read is kept beside as `ledger.json.damaged-<UTC time>` and said in the run
log, and an arrival missing from the ledger (damaged, or a marts folder restored without
`arrivals/`) is taken from the published warehouse's `submissions` (path, SHA-256, `received_at`)
before any file is taken as arriving now."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import json
import logging
import re
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from ctip import atomic, paths
from ctip.atomic import write_text
from ctip.intake.discover import SubmissionFile

log = logging.getLogger(__name__)
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
    """relative path -> {"sha256", "arrived_at", "owner"} (empty when there is no ledger or it is unreadable)."""
    return _load(_ledger_path(root))[0]


def _load(path: Path) -> tuple[dict[str, dict[str, str]], str | None]:
    """The ledger's entries and, when it exists but cannot be read, why."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as exc:
        return {}, f"{type(exc).__name__}: {str(exc)[:120]}"
    entries = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return {}, "no 'paths' in it"
    return {k: v for k, v in entries.items() if isinstance(v, dict) and "sha256" in v and "arrived_at" in v}, None


def _set_aside(path: Path, why: str) -> Path:
    """Keep a damaged ledger beside (as the build keeps a damaged warehouse): it may still be read by hand."""
    aside = atomic.set_aside(path)
    log.error("arrival ledger %s could not be read (%s): kept as %s; arrivals are recovered from the published warehouse", path, why, aside.name)
    return aside


def published_arrivals(warehouse: Path) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(path, sha256) -> (received_at, country) from the published warehouse's `submissions`; empty
    when there is none or it cannot be read (the build sets a damaged one aside)."""
    if not Path(warehouse).is_file():
        return {}
    try:
        import duckdb  # only when the ledger misses something: most runs never open the warehouse here

        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = con.execute("select source_file, sha256, received_at, country_iso3 from submissions where received_at is not null").fetchall()
    except Exception as exc:  # a damaged or foreign file: nothing to recover from, said below
        log.warning("arrivals could not be read from the published warehouse %s (%s)", warehouse, str(exc)[:160])
        return {}
    return {(path, sha): (received, country) for path, sha, received, country in rows}


def _say_order_unknown(arriving: list[SubmissionFile], path: Path) -> None:
    """No ledger and no published warehouse (a first run, or data/marts rebuilt or moved without
    arrivals/: attack3 H-O): files of one country arriving together are put in order by their
    modification time, which a copy keeps from wherever it was, so a correction sent later but
    zipped earlier loses to the file it corrected. Said loudly, naming the countries."""
    by_owner: dict[str, int] = {}
    for f in arriving:
        by_owner[_owner(f)] = by_owner.get(_owner(f), 0) + 1
    crowded = sorted(o for o, n in by_owner.items() if n > 1)
    if crowded:
        log.warning(
            "no arrival ledger (%s) and no published warehouse: %d files arrive in this run together, several for %s; "
            "which of them was received later is not known, so their modification times decide where they give a figure "
            "different values. If data/marts/ was rebuilt or moved, restore its arrivals/ folder and warehouse (and "
            "releases.duckdb) from the old one and run again",
            path,
            len(arriving),
            ", ".join(crowded),
        )


def _owner(f: SubmissionFile) -> str:
    """Whose submission a content is (as in its submission id): a move keeps it within one owner."""
    return f.country_iso3 or f"folder:{f.folder}"


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
    warehouse: Path | None = None,
) -> list[SubmissionFile]:
    """`files` with `arrived_at` set, the ledger updated: a path seen with this content before keeps
    its arrival; a content moved from a path where it is no longer keeps the arrival it had there;
    an arrival the ledger lost is taken from the published warehouse (`warehouse`, default beside
    the ledger's marts folder); otherwise it arrives now (later than every arrival recorded, so that
    two runs in the same instant still come in order). Paths no longer in `present` (default:
    `files`) are forgotten. Files refused before being read (links, pipes) get no arrival."""
    path = _ledger_path(root)
    present_list = list(files if present is None else present)
    present_sha = {f.relative: f.sha256 for f in present_list}
    with _locked(path):
        fresh = not path.exists()
        ledger, damaged = _load(path)
        if damaged is not None:
            _set_aside(path, damaged)
        readable = [f for f in files if not (f.problem and f.mtime == 0.0)]
        known = dict(ledger)
        recovered: dict[tuple[str, str], tuple[str, str | None]] = {}
        if any(known.get(f.relative, {}).get("sha256") != f.sha256 for f in readable):
            # Something the ledger does not hold at its path: new, moved, or lost with the ledger.
            recovered = published_arrivals(warehouse or (Path(root) / "warehouse.duckdb" if root else paths.warehouse_path()))
            for (rel, sha), (received, country) in recovered.items():
                if rel not in known:  # the ledger is newer than the warehouse where it holds the path
                    known[rel] = {"sha256": sha, "arrived_at": received, **({"owner": country} if country else {})}
                elif "owner" not in known[rel] and known[rel]["sha256"] == sha and country:
                    known[rel] = {**known[rel], "owner": country}  # a ledger written before owners were kept
        if damaged is not None and not recovered:
            log.error("arrival ledger %s: no published warehouse to recover arrivals from; files in this run arrive now", path)
        moment = now or dt.datetime.now(dt.timezone.utc)
        latest = max((e["arrived_at"] for e in known.values()), default="")
        stamp = iso(moment)
        if stamp <= latest:  # a clock step back, or two runs within a microsecond
            stamp = iso(dt.datetime.fromisoformat(latest) + dt.timedelta(microseconds=1))
        # Where a content was before and is no longer (moved away), per owner and content, earliest first.
        gone: dict[tuple[str, str], list[str]] = {}
        for rel, entry in sorted(known.items(), key=lambda kv: (kv[1]["arrived_at"], kv[0])):
            if present_sha.get(rel) != entry["sha256"] and entry.get("owner"):
                gone.setdefault((entry["owner"], entry["sha256"]), []).append(entry["arrived_at"])
        # A gone path is kept while a file with its content is still being copied (it may be a move).
        unsettled = {f.sha256 for f in present_list} - {f.sha256 for f in files}
        updated = {k: v for k, v in known.items() if present_sha.get(k) == v["sha256"] or (k not in present_sha and v["sha256"] in unsettled)}
        out = []
        for f in sorted(files, key=lambda f: f.relative):
            if f.problem and f.mtime == 0.0:
                continue
            seen = updated.get(f.relative)
            if seen is None or seen["sha256"] != f.sha256:
                moved_from = gone.get((_owner(f), f.sha256))
                arrival = moved_from.pop(0) if moved_from else None  # each earlier arrival moves once
                arrival = arrival or (source_date(f.path.parent) if f.source_kind == "unodc" else None) or stamp
                seen = {"sha256": f.sha256, "arrived_at": arrival}
            updated[f.relative] = {**seen, "owner": _owner(f)}
        if fresh and not recovered:
            _say_order_unknown([f for f in readable if updated[f.relative]["arrived_at"] == stamp], path)
        n = sum(1 for f in readable if f.relative not in ledger and updated[f.relative]["arrived_at"] == recovered.get((f.relative, f.sha256), ("",))[0])
        if n:
            log.warning("arrival ledger %s: %d arrivals missing from it recovered from the published warehouse", path, n)
        for f in files:
            out.append(f if f.problem and f.mtime == 0.0 else dataclasses.replace(f, arrived_at=updated[f.relative]["arrived_at"]))
        if updated != ledger or damaged is not None:
            write_text(path, json.dumps({"paths": dict(sorted(updated.items()))}, indent=1, ensure_ascii=False))
    return out

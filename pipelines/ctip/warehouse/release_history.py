"""Whether the release history (`releases.duckdb`, what the public exports published) can be
trusted, and what is left for an operator to decide when it cannot (attack4 I-L).

A history that cannot be opened is set aside as `releases.duckdb.damaged-<UTC time>` (finding
G-H, ctip.warehouse.build). A history that is simply *gone* (deleted, a backup or copy of the
marts folder that skipped it) while an earlier release is still in evidence - the previous
exports' MANIFEST.json, or the warehouse's own copy of `release_cells` - is the same danger: the
next release would be protected only against itself, and together with the one already public
give small counts away (male = 53 - 30 - 20). It is noted as `releases.duckdb.missing-<UTC time>`,
a short text saying what is missing and how to decide.

Either note stops the exports and the report until an operator decides, the same way for both:
restore the history from a backup (as `releases.duckdb`), or remove the note to publish with no
memory of earlier releases. So that removing the note is remembered (the previous exports stay on
disk, and would otherwise be noticed again), an empty history is started beside the note: a
history without any release recorded, which the operator's restored copy replaces.

The warehouse layer owns this (its builds drop their copy of `release_cells` when the history is
gone, so they notice first); ctip.export.releases.check_history asks it before every export and
report."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import duckdb

from ctip import atomic, contracts
from ctip.paths import internal_dir

log = logging.getLogger(__name__)

RELEASES_FILE = "releases.duckdb"  # the public release history (ctip.export.releases), internal
TABLE = "release_cells"
MISSING = ".missing-"  # `releases.duckdb.missing-<UTC time>`: the history was gone, a release in evidence
MANIFEST = "MANIFEST.json"  # written by every export (ctip.export.exports)


def history_path(warehouse: Path | str) -> Path:
    """The release history file of a warehouse (in its internal folder)."""
    return internal_dir(warehouse) / RELEASES_FILE


def default_exports(warehouse: Path | str) -> Path:
    """Where the exports of this warehouse are written by default (ctip.paths.exports_dir for the
    configured warehouse; a trial's own folder otherwise)."""
    return internal_dir(warehouse) / "exports"


def holds_releases(history: Path) -> bool:
    """Whether the history file records at least one release (an empty history does not)."""
    return _count(history) > 0


def _count(database: Path) -> int:
    """Rows of `release_cells` in a DuckDB file (0 when the file or the table is not there or the
    file does not open: a damaged history is the build's to set aside)."""
    if not database.exists():
        return 0
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
            return int(con.execute(f'select count(*) from "{TABLE}"').fetchone()[0]) if TABLE in present else 0
    except duckdb.Error:
        return 0


def notes(history: Path) -> list[Path]:
    """The notes waiting for an operator's decision: damaged copies set aside and missing-history
    notes, oldest first."""
    found = [*history.parent.glob(f"{history.name}{atomic.DAMAGED}*"), *history.parent.glob(f"{history.name}{MISSING}*")]
    return sorted(found, key=lambda p: p.name.rsplit("-", 1)[-1])


def earlier_release(warehouse: Path, exports: Path | None = None) -> str | None:
    """What shows that a release was published before (None when nothing does): the exports'
    MANIFEST.json, or cells in the warehouse's own copy of the release history."""
    exports = Path(exports) if exports is not None else default_exports(warehouse)
    if (exports / MANIFEST).exists():
        return f"public exports are in {exports} ({MANIFEST})"
    copied = _count(Path(warehouse))
    if copied:
        return f"the warehouse {Path(warehouse).name} holds a copy of {TABLE} ({copied} cells)"
    return None


def start_empty(history: Path) -> None:
    """An empty history (no release recorded) where there is none: removing the note is then the
    operator's lasting decision, and a restored copy simply replaces it."""
    if history.exists():
        return
    history.parent.mkdir(parents=True, exist_ok=True)
    with atomic.atomic_write(history, fsync=True) as building, duckdb.connect(str(building)) as con:
        con.execute(contracts.ddl(TABLE))
        con.execute("checkpoint")


def notice_missing(warehouse: Path | str, exports: Path | None = None) -> Path | None:
    """When the history is gone (no file, no note yet) while an earlier release is in evidence:
    write the note and an empty history beside it, say so in the log, and return the note. None
    otherwise (a history, a note already there, or a truly first release)."""
    warehouse = Path(warehouse)
    history = history_path(warehouse)
    if history.exists() or notes(history):
        return None
    evidence = earlier_release(warehouse, exports)
    if evidence is None:
        return None
    note = history.with_name(f"{history.name}{MISSING}{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
    message = missing_message(history, note, evidence)
    atomic.write_text(note, message + "\n")  # first: an empty history is never seen without its note
    start_empty(history)
    log.error("%s", message)
    return note


def missing_message(history: Path, note: Path, evidence: str) -> str:
    """What the note and the run log say: what is missing, why nothing is published, what to do."""
    return (
        f"the release history {history} is missing although a release was published before ({evidence}): no export or "
        f"report is published (the previous exports stay as they were), because a release protected only against itself "
        f"could be differenced with the one already public. Restore it from a backup of the marts folder (as {history.name}), "
        f"or, to publish with no memory of earlier releases, remove {note.name} (in {note.parent})"
    )


def undecided(warehouse: Path | str, exports: Path | None = None) -> Path | None:
    """The note an operator has to decide on before anything is published (None: publish). A
    history that records releases needs no decision; otherwise a damaged copy or a missing-history
    note does (noticed now if the history has just gone). The empty history is started here too
    for a damaged copy, so that removing it is remembered."""
    warehouse = Path(warehouse)
    history = history_path(warehouse)
    if holds_releases(history):
        return None
    notice_missing(warehouse, exports)
    waiting = notes(history)
    if not waiting:
        return None
    start_empty(history)
    return waiting[-1]

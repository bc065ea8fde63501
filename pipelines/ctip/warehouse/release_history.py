"""Whether the release history (`releases.duckdb`, what the public exports published) can be
trusted, and what is left for an operator to decide when it cannot (attack4 I-L).

A history that cannot be opened is set aside as `releases.duckdb.damaged-<UTC time>` (finding
G-H, ctip.warehouse.build). A history that is simply *gone* (deleted, a backup or copy of the
marts folder that skipped it) while an earlier release is still in evidence - the previous
exports' MANIFEST.json, or the warehouse's own copy of `release_cells` - is the same danger: the
next release would be protected only against itself, and together with the one already public
give small counts away (male = 53 - 30 - 20). It is noted as `releases.duckdb.missing-<UTC time>`,
a short text saying what is missing and how to decide.

A history that is *behind* (restored from an older backup: its releases end before the last one
published, attack5 J-D) is the same danger again: the next release would be protected against
the releases the copy records, not against the later one already public (release 1's total 16
minus release 2's male 12 gave release 1's withheld female 4). Every export writes a keyed mark
of its release into MANIFEST.json (`release`: HMAC of the release key under the lineage key, so
that it confirms nothing about the figures), and every build carries the history's releases into
the warehouse; a history that records neither the release the MANIFEST names nor the last
release of the warehouse's copy is noted as `releases.duckdb.behind-<UTC time>`.

Each note stops the exports and the report until an operator decides, the same way for all:
restore the history from a backup (as `releases.duckdb`), or remove the note to publish with no
memory of earlier releases. So that removing the note is remembered (the previous exports stay on
disk, and would otherwise be noticed again), an empty history is started beside the note: a
history without any release recorded, which the operator's restored copy replaces.

The warehouse layer owns this (its builds drop their copy of `release_cells` when the history is
gone, so they notice first); ctip.export.releases.check_history asks it before every export and
report."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
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
BEHIND = ".behind-"  # `releases.duckdb.behind-<UTC time>`: the history lacks the last release published
MARK = "release"  # MANIFEST.json's keyed mark of the release it published
LINEAGE_KEY = "lineage.key"  # the secret key of the public ids (ctip.export.lineage.KEY_FILE), internal
DECIDED = ".decided"  # `releases.duckdb.decided`: the releases an operator chose to publish without


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
    otherwise (a history, a note already there, or a truly first release). A history that is
    there but behind the releases in evidence is noticed too (`notice_behind`)."""
    warehouse = Path(warehouse)
    history = history_path(warehouse)
    if history.exists() and holds_releases(history):
        return notice_behind(warehouse, exports)
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
        return notice_behind(warehouse, exports)
    notice_missing(warehouse, exports)
    waiting = notes(history)
    if not waiting:
        return None
    start_empty(history)
    return waiting[-1]


# -- a history behind the releases in evidence (attack5 J-D) ------------------------------------


def release_mark(warehouse: Path | str, release_key: str) -> str | None:
    """The keyed mark of a release for MANIFEST.json (None without the lineage key): the release
    key is a digest of every cell, withheld ones too, so it is never published as it is."""
    path = internal_dir(warehouse) / LINEAGE_KEY
    try:
        text = path.read_text(encoding="ascii").strip()
    except OSError:
        return None
    if len(text) != 64:
        return None
    return hmac.new(bytes.fromhex(text), f"release|{release_key}".encode(), hashlib.sha256).hexdigest()[:16]


def _release_keys(database: Path) -> list[str]:
    """The release keys of `release_cells` in a DuckDB file, oldest release first ([] when none)."""
    if not database.exists():
        return []
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
            if TABLE not in present:
                return []
            columns = {r[0] for r in con.execute(f"select column_name from information_schema.columns where table_name = '{TABLE}'").fetchall()}
            if "release_key" not in columns:
                return []
            order = "max(released_at), release_key" if "released_at" in columns else "release_key"
            return [str(r[0]) for r in con.execute(f'select release_key from "{TABLE}" group by release_key order by {order}').fetchall()]
    except duckdb.Error:
        return []


def _manifest_mark(exports: Path) -> str | None:
    try:
        mark = json.loads((exports / MANIFEST).read_text(encoding="utf-8")).get(MARK)
    except (OSError, ValueError, AttributeError):
        return None
    return str(mark) if mark else None


def behind(warehouse: Path | str, exports: Path | None = None) -> tuple[str, str] | None:
    """(what shows it, the release missing) when the history records releases but not the last
    one in evidence: the release the exports' MANIFEST.json marks, or the last release of the
    warehouse's copy of release_cells. None when it records both (or there is no evidence)."""
    warehouse = Path(warehouse)
    exports = Path(exports) if exports is not None else default_exports(warehouse)
    keys = _release_keys(history_path(warehouse))
    if not keys:
        return None
    mark = _manifest_mark(exports)
    if mark is not None:
        marks = {release_mark(warehouse, k) for k in keys}
        if None not in marks and mark not in marks:
            return (f"the public exports in {exports} ({MANIFEST}) were made by a release it does not record", mark)
    copied = _release_keys(warehouse)
    if copied and copied[-1] not in keys:
        return (f"the warehouse {warehouse.name} holds a copy of {TABLE} with a later release than it records", copied[-1])
    return None


def _decided(history: Path) -> set[str]:
    try:
        return set((history.parent / f"{history.name}{DECIDED}").read_text(encoding="utf-8").split())
    except OSError:
        return set()


def notice_behind(warehouse: Path | str, exports: Path | None = None) -> Path | None:
    """The note an operator has to decide on when the history is behind the releases in evidence
    (written now, with the log's error, if new); None when it is not behind, or when the operator
    removed the note for that release (publish without it: remembered, not noticed again). A note
    whose release the history records again (the right copy restored) is removed."""
    warehouse = Path(warehouse)
    history = history_path(warehouse)
    keys = _release_keys(history)
    for note in sorted(history.parent.glob(f"{history.name}{BEHIND}*")):
        missing = note.read_text(encoding="utf-8").rsplit("release: ", 1)[-1].strip()
        if missing in keys or missing in {release_mark(warehouse, k) for k in keys}:
            note.unlink(missing_ok=True)  # restored: nothing left to decide
            log.info("the release history %s records the release %s was waiting for: removed", history, note.name)
            continue
        return note
    found = behind(warehouse, exports)
    if found is None:
        return None
    evidence, missing = found
    if missing in _decided(history):
        return None
    note = history.with_name(f"{history.name}{BEHIND}{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
    message = behind_message(history, note, evidence)
    atomic.write_text(note, f"{message}\nrelease: {missing}\n")
    decided = history.parent / f"{history.name}{DECIDED}"  # removing the note is the decision
    atomic.write_text(decided, "".join(f"{k}\n" for k in sorted(_decided(history) | {missing})))
    log.error("%s", message)
    return note


def behind_message(history: Path, note: Path, evidence: str) -> str:
    """What the note and the run log say when the history is behind the releases published."""
    return (
        f"the release history {history} is behind the releases published ({evidence}; a copy restored from an older "
        f"backup?): no export or report is published (the previous exports stay as they were), because the next release "
        f"would be protected only against the releases this copy records, and could be differenced with the later one "
        f"already public. Restore the latest history (a newer backup of the marts folder, as {history.name}), or, to "
        f"publish with no memory of the missing release, remove {note.name} (in {note.parent})"
    )

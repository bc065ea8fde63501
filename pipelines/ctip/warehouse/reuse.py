"""A run whose submissions did not change keeps the published warehouse instead of building it again.

A build reads the staged submissions (each by its staging key: content, mapping, name, arrival,
intake code), the published warehouse (its history of withdrawn figures, its derived tables), the
release history (`release_cells`) and the code, schemas and reference data. After each build a
stamp records the key of the first and last of those, and a fingerprint of the tables it
published. When a later run finds the same key and the published warehouse still holds exactly
those tables, a new build would make them again (the history is rebuilt from the same
submissions: nothing is withdrawn, replaced or superseded anew), so it is skipped; only
`release_cells` is refreshed when the exports recorded a release since (a copy of the published
file with that one table replaced, renamed over it as a build is). Measured on the messy corpus:
a build 2.4 s of CPU, this check about 0.1 s (docs/benchmarks.md, eighth session)."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from importlib.metadata import version
from pathlib import Path

import duckdb

from ctip import atomic, phases
from ctip.fingerprint import source_fingerprint, tables_fingerprint
from ctip.paths import REFERENCE_DIR, SCHEMAS_DIR, internal_dir
from ctip.stage.staging import Entry
from ctip.warehouse.build import ESTIMATE_TABLES, BuildSummary, carry_over, publish, table_counts
from ctip.warehouse.release_history import RELEASES_FILE, notice_missing

log = logging.getLogger(__name__)

CODE_DIR = Path(__file__).resolve().parents[1]  # the whole ctip package: whatever the build imports
RELEASE_TABLE = "release_cells"  # copied from the release history by every build


def build_key(entries: dict[str, Entry]) -> str:
    """The key of a build from these staged submissions with this code, schema and reference data."""
    h = hashlib.sha256(source_fingerprint([CODE_DIR, SCHEMAS_DIR, REFERENCE_DIR]).encode())
    h.update(f"|duckdb {duckdb.__version__}|pandas {version('pandas')}|".encode())
    for sid in sorted(entries):
        h.update(f"{sid}={entries[sid].key}@{entries[sid].batch};".encode())
    return h.hexdigest()[:32]


def stamp_path(target: Path) -> Path:
    """Where the stamp of the warehouse at `target` is kept: beside its release history."""
    return internal_dir(target) / "cache" / "builds" / f"{Path(target).name}.json"


def _own_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    names = [r[0] for r in con.execute("select table_name from information_schema.tables where table_catalog = current_database()").fetchall()]
    # A build's own tables: not the derived ones (their steps publish them) nor the releases' copy.
    return sorted(n for n in names if n not in ESTIMATE_TABLES and n != RELEASE_TABLE)


def record_build(target: Path, key: str) -> None:
    """Stamp the warehouse just published at `target` as built under `key`. A failure only costs
    the next run a build."""
    try:
        with duckdb.connect(str(target), read_only=True) as con:
            tables = _own_tables(con)
            stamp = {"key": key, "tables": tables, "fingerprint": tables_fingerprint(con, tables)}
        path = stamp_path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(path, json.dumps(stamp))
    except (OSError, duckdb.Error) as exc:
        log.warning("warehouse build stamp not written (%s): the next run builds again", exc)


def kept(target: Path, key: str) -> BuildSummary | None:
    """When the published warehouse at `target` is what a build under `key` would make: its
    summary, as the build would give it (`release_cells` brought up to date first). Else None:
    build it (a build also deals with a warehouse or release history that cannot be opened)."""
    target = Path(target)
    history = internal_dir(target) / RELEASES_FILE
    notice_missing(target)  # before the refresh below drops the warehouse's copy of a gone history (I-L)
    try:
        stamp = json.loads(stamp_path(target).read_text(encoding="utf-8"))
        if stamp.get("key") != key or not target.exists():
            return None
        with duckdb.connect(str(target), read_only=True) as con:
            tables = _own_tables(con)
            if tables != stamp["tables"] or tables_fingerprint(con, tables) != stamp["fingerprint"]:
                return None
            summary = _summary(con, target)
            published = tables_fingerprint(con, [RELEASE_TABLE])
            current = RELEASE_TABLE not in summary.tables  # no history: a build copies none
            if history.exists():
                con.execute(f"attach '{history}' as releases (read_only)")
                current = tables_fingerprint(con, [RELEASE_TABLE], catalog="releases") == published
    except (OSError, ValueError, KeyError, TypeError, duckdb.Error) as exc:
        log.info("published warehouse not kept (%s): built again", exc)
        return None
    if not current:
        summary.tables = _refresh_releases(target)
    return summary


def _refresh_releases(target: Path) -> dict[str, int]:
    """The published warehouse with `release_cells` copied again from the release history, as a
    build copies it: written beside, then renamed over the published file. Returns its tables'
    row counts."""
    building = atomic.building_path(target)
    atomic.discard(building)
    try:
        shutil.copyfile(target, building)
        with duckdb.connect(str(building)) as con:
            con.execute(f'drop table if exists "{RELEASE_TABLE}"')
            carry_over(con, internal_dir(target) / RELEASES_FILE, (RELEASE_TABLE,))
            counts = table_counts(con)
            con.execute("checkpoint")
        phases.reached("warehouse_written")
        publish(building, target)
        phases.reached("warehouse_published")
    finally:
        atomic.discard(building)
    return counts


def _summary(con: duckdb.DuckDBPyConnection, target: Path) -> BuildSummary:
    """What ctip.warehouse.build.build_from_frames says of the warehouse it published, read back."""
    status = dict(con.execute("select status, count(*) from submissions group by status").fetchall())
    n, first, last = con.execute("select count(*), min(year), max(year) from fact_observation").fetchone()
    countries = sorted(r[0] for r in con.execute("select distinct country_iso3 from fact_observation").fetchall())
    return BuildSummary(target, table_counts(con), status, int(n), countries, (int(first), int(last)) if n else None)

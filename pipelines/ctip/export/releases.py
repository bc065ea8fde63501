"""Releases: what the public exports published, kept in the warehouse (`release_cells`) so that
the next release is protected against every earlier one.

A release is identified by the content of the fact table it was made from (`release_key`). The
table keeps the cells of every release (attack5 J-F: an attacker holds all public releases; a
small count withheld in release 1 was given away by release 1's total minus a complement that
release 3, protected against release 2 only, published). Exports and the report, given the same
warehouse, protect against the same earlier releases (every one made from *other* content), so
they publish the same cells.

The problem stays bounded by what changed, not by the number of releases (`previous_release`):
the latest earlier release enters whole; an older release enters only with the blocks (country x
year x indicator) whose values differ from every newer release's (a revised block: its old values
and relations are new unknowns and equations). A block an older release published with the same
values as a newer one adds no cell and no relation; only what it published is kept (a cell
published then is known, whatever a later release withheld).

Exports never write the warehouse (they run beside builds, outside the warehouse pool), so the
table lives in its own internal file beside it, `releases.duckdb` (never exported), written through
a temporary copy and a rename; each build copies it into the warehouse, where it can be queried
like any internal table."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ctip.atomic import atomic_write
from ctip.contracts import columns, ddl
from ctip.paths import internal_dir
from ctip.schema import KEY_COLUMNS
from ctip.warehouse.release_history import BEHIND, MARK, MISSING, RELEASES_FILE, release_mark, undecided

TABLE = "release_cells"
BLOCK = ("country_iso3", "year", "indicator")  # relations never leave a block (ctip.export.suppression)
COLUMNS = columns(TABLE)  # schemas/tables.yaml


FLOW_KEY = ["country_iso3", "partner_iso3", "partner_label", "relation", "year", "indicator", "sex", "age_group", "exploitation"]


def release_key(fact: pd.DataFrame, flows: pd.DataFrame | None = None) -> str:
    """A digest of the fact cells (keys, values, flags) and of the flows: the same content is the
    same release. Without flows, the digest of the fact cells alone (as before flows were
    recorded, so a history of a warehouse without flows keeps its keys)."""
    cols = [*KEY_COLUMNS, "value", "flag"]
    frame = fact[[c for c in cols if c in fact.columns]].astype(str).sort_values([c for c in KEY_COLUMNS if c in fact.columns])
    h = hashlib.sha256()
    h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    if flows is not None and len(flows):
        order = [c for c in FLOW_KEY if c in flows.columns]
        frame = flows[[*order, *(c for c in ("value", "flag") if c in flows.columns)]].astype(str).sort_values(order)
        h.update(b"flows")
        h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]


def with_partner(cells: pd.DataFrame) -> pd.DataFrame:
    """Release cells in the current shape: a history written before flows were recorded has no
    `partner` column, and its rows are fact cells (partner NULL)."""
    if "partner" in cells.columns:
        return cells
    return cells.assign(partner=pd.Series(pd.NA, index=cells.index, dtype="string"))


def previous_release(cells: pd.DataFrame | None, current_key: str, flows: bool = False) -> pd.DataFrame:
    """The cells of every earlier release (made from other content than `current_key`; empty if
    none), the latest release first: its fact cells, and with `flows` its flow cells too (rows with
    a `partner`). The latest release is whole; an older one keeps only its blocks whose values are
    not those of a newer release (`_new_versions`)."""
    if cells is None or not len(cells) or "release_key" not in cells.columns:
        return pd.DataFrame(columns=COLUMNS)
    cells = with_partner(cells)
    other = cells[cells["release_key"].astype(str) != current_key]
    if not len(other):
        return pd.DataFrame(columns=COLUMNS)
    if not flows:
        other = other[other["partner"].isna()]
    last = other.groupby(other["release_key"].astype(str), sort=False)["released_at"].max()
    order = [str(k) for k in last.sort_values(ascending=False, kind="stable").index]  # latest first
    rank = other["release_key"].astype(str).map({k: i for i, k in enumerate(order)}).to_numpy()
    other = other.assign(_rank=rank).sort_values("_rank", kind="stable").reset_index(drop=True)
    if len(order) > 1:
        other = _new_versions(other)
    return other.drop(columns="_rank").reset_index(drop=True)


earlier_releases = previous_release  # every earlier release, as protect reads them


def _new_versions(cells: pd.DataFrame) -> pd.DataFrame:
    """`cells` (every earlier release, `_rank` 0 the latest) with, for each block, only the
    releases whose version of the block (its cells and values) no newer release has. A dropped
    block's cells are those of the newer version kept: what it published is kept there (a cell
    published by any release is public, whatever a later one withheld)."""
    ident = [c for c in ("partner", *KEY_COLUMNS) if c in cells.columns]
    text = cells[ident].astype(str)
    value = pd.to_numeric(cells["value"], errors="coerce").astype(float).round(6).astype(str)
    row = pd.util.hash_pandas_object(text.assign(_v=value), index=False).to_numpy(dtype=np.uint64)
    block = pd.MultiIndex.from_frame(cells[list(BLOCK)].astype(str)).to_flat_index()
    low, high = (row & np.uint64(0xFFFFFFFF)).astype(np.int64), (row >> np.uint64(32)).astype(np.int64)
    frame = pd.DataFrame({"block": block, "rank": cells["_rank"].to_numpy(), "lo": low, "hi": high, "n": 1})
    # a version's digest: the sums of its rows' hashes (both halves, no overflow) and their number
    sig = ["block", "lo", "hi", "n"]
    versions = frame.groupby(["block", "rank"], sort=False)[["lo", "hi", "n"]].sum().reset_index().sort_values("rank", kind="stable")
    first = ~versions.duplicated(sig)
    kept_rank = versions.assign(rep=versions["rank"].where(first)).copy()
    kept_rank["rep"] = kept_rank.groupby(sig, sort=False)["rep"].transform("first")
    rep = pd.Series(kept_rank["rep"].to_numpy(), index=pd.MultiIndex.from_frame(kept_rank[["block", "rank"]]))
    row_rep = rep.reindex(pd.MultiIndex.from_arrays([frame["block"], frame["rank"]])).to_numpy()
    keep = row_rep == frame["rank"].to_numpy()
    out = cells.copy()
    published = ~out["withheld"].astype("boolean").fillna(True).to_numpy(dtype=bool)
    fold = ~keep & published  # published by an older release in a block kept from a newer one
    if fold.any():
        target = pd.MultiIndex.from_frame(text.assign(_rank=row_rep))
        where = pd.Series(np.arange(len(out)), index=target)
        where = where[keep]
        where = where[~where.index.duplicated()]
        hit = where.reindex(target[fold]).dropna().astype(int).to_numpy()
        withheld = out["withheld"].astype("boolean").copy()
        withheld.iloc[hit] = False
        out["withheld"] = withheld
    return out[keep]


def release_frame(fact: pd.DataFrame, withheld: np.ndarray, small: np.ndarray, key: str) -> pd.DataFrame:
    """The cells of this release: true value, whether the public files withheld it, whether small."""
    frame = fact[list(KEY_COLUMNS)].copy()
    frame.insert(0, "released_at", dt.datetime.now(dt.UTC).replace(tzinfo=None))
    frame.insert(0, "release_key", key)
    frame["value"] = pd.to_numeric(fact["value"], errors="coerce").astype("Float64")
    frame["flag"] = fact["flag"].astype("string") if "flag" in fact.columns else pd.NA
    frame["withheld"] = np.asarray(withheld, dtype=bool)
    frame["small"] = np.asarray(small, dtype=bool)
    frame["partner"] = pd.Series(pd.NA, index=frame.index, dtype="string")  # a fact cell
    return frame[COLUMNS]


def releases_path(warehouse: Path) -> Path:
    """The internal file of release cells beside a warehouse."""
    return internal_dir(warehouse) / RELEASES_FILE


class ReleaseHistoryDamaged(RuntimeError):
    """The release history was set aside as damaged: no export until an operator decides."""


class ReleaseHistoryMissing(ReleaseHistoryDamaged):
    """The release history is gone although a release was published before: no export until an
    operator decides, as for a damaged one."""


class ReleaseHistoryBehind(ReleaseHistoryDamaged):
    """The release history lacks the last release published (restored from an older backup,
    attack5 J-D): no export until an operator decides, as for a missing one."""


def check_history(warehouse: Path, exports: Path | None = None) -> None:
    """Raise ReleaseHistoryDamaged while the release history waits for an operator's decision
    (ctip.warehouse.release_history): a damaged copy was set aside in its place
    (ctip.warehouse.build.set_aside_damaged_releases), or the history is gone although an earlier
    release is in evidence (the MANIFEST.json in `exports`, default the warehouse's exports
    folder, or the warehouse's copy of release_cells; attack4 I-L). A release protected only
    against itself could be differenced with the last one published."""
    note = undecided(warehouse, exports)
    if note is None:
        return
    path = releases_path(warehouse)
    if MISSING in note.name:
        raise ReleaseHistoryMissing(note.read_text(encoding="utf-8").strip())
    if BEHIND in note.name:
        raise ReleaseHistoryBehind(note.read_text(encoding="utf-8").split("\nrelease: ")[0].strip())
    raise ReleaseHistoryDamaged(
        f"the release history {path} was damaged and set aside as {note.name}: the previous exports are kept. "
        f"Restore it from a backup (as {path.name}), or, to publish with no memory of earlier releases, remove {note.name}"
    )


def manifest_mark(warehouse: Path, release: pd.DataFrame | None) -> dict:
    """{"release": the keyed mark of this release} for MANIFEST.json ({} without one): the next
    run checks that the release history records it (ctip.warehouse.release_history.behind)."""
    mark = release_mark(warehouse, str(release["release_key"].iloc[0])) if release is not None and len(release) else None
    return {MARK: mark} if mark else {}


OLD_FILE_SECONDS = 86_400  # a drop-folder file older than this may have been published from before


def history_warning(warehouse: Path, out_dir: Path, raw_dir: Path | None) -> str | None:
    """What to say loudly when a release is about to be made with no release history although
    releases may have been made before (attack3 H-O: a marts folder rebuilt from data/raw/ forgets
    what was published, and release 2 can publish what release 1 combined with it gives away):
    exports written before into `out_dir`, or drop-folder files modified more than a day ago.
    None when there is a history, or no sign of an earlier release."""
    path = releases_path(warehouse)
    if path.exists():
        return None
    if (Path(out_dir) / "MANIFEST.json").exists():
        return (
            f"no release history ({path}) although public exports were written before in {out_dir}: this release is protected "
            f"only against itself, so together with the earlier one it may give small counts away; restore {path.name} from a "
            "backup of the marts folder (or of the old server) and run again"
        )
    old = _old_files(Path(raw_dir)) if raw_dir is not None else 0
    if old:
        return (
            f"no release history ({path}): the first release from this marts folder, but {old} files in {raw_dir} were modified "
            f"more than a day ago; if releases were published from them before (another server, a marts folder rebuilt), restore "
            f"{path.name} from that marts folder before publishing, else this release is protected only against itself"
        )
    return None


def _old_files(raw_dir: Path, limit: int = 100_000) -> int:
    """Files under the drop folder modified more than OLD_FILE_SECONDS ago (hidden ones skipped)."""
    import os
    import time

    if not raw_dir.is_dir():
        return 0
    cutoff, n, seen = time.time() - OLD_FILE_SECONDS, 0, 0
    for root, dirs, files in os.walk(raw_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            seen += 1
            if seen > limit:
                return n
            if name.startswith("."):
                continue
            try:
                if os.stat(os.path.join(root, name)).st_mtime < cutoff:
                    n += 1
            except OSError:
                continue
    return n


def read_release_cells(warehouse: Path) -> pd.DataFrame | None:
    """The recorded release cells for a warehouse (None when no release was recorded yet)."""
    path = releases_path(warehouse)
    if not path.exists():
        return None
    with duckdb.connect(str(path), read_only=True) as con:
        present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        return with_partner(con.execute(f'select * from "{TABLE}"').df()) if TABLE in present else None


def record_release(warehouse: Path, cells: pd.DataFrame) -> int:
    """Add this release's cells to the warehouse (keeping every earlier release: the next one is
    protected against all of them), unless the same release is already recorded. Returns the
    number of rows written (0 when already there).

    The earlier releases are copied from the old file to the new one inside DuckDB (not through
    pandas): the same rows, without converting them twice."""
    warehouse = Path(warehouse)
    key = str(cells["release_key"].iloc[0]) if len(cells) else ""
    old = releases_path(warehouse)
    keep = False
    if old.exists():
        with duckdb.connect(str(old), read_only=True) as con:
            present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
            if TABLE in present:
                if con.execute(f'select count(*) from "{TABLE}" where release_key = ?', [key]).fetchone()[0]:
                    return 0
                keep = bool(con.execute(f'select count(*) from "{TABLE}"').fetchone()[0])
    target = releases_path(warehouse)
    with atomic_write(target, fsync=True) as building, duckdb.connect(str(building)) as con:
        con.execute(ddl(TABLE))  # the contract's types, whatever pandas made of an empty or all-NULL column
        if keep:
            con.execute(f"attach '{_quoted(old)}' as old_releases (read_only)")
            # by name: a history of the old shape (no partner column) gets partner NULL, fact cells
            con.execute(f'insert into "{TABLE}" by name select * from old_releases."{TABLE}"')
            con.execute("detach old_releases")
        con.register("release_frame", cells)
        con.execute(f'insert into "{TABLE}" by name select * from release_frame')
        con.unregister("release_frame")
        con.execute("checkpoint")
    return len(cells)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")

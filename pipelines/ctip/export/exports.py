"""Public exports: every public table of the warehouse as Parquet and CSV, SDG 16.2.2 as
SDMX-CSV, and the data dictionary, all from small-cell-suppressed copies of the tables.

The warehouse is opened read-only; its values are never changed. The files are written under
`out_dir` (default data/marts/exports/) each through a temporary name and a rename, and a
MANIFEST.json lists them with their row counts and SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path

import duckdb
import pandas as pd

from ctip import contracts, paths
from ctip.atomic import atomic_write, write_text
from ctip.export.audit_store import load_store, save_store, store_path
from ctip.export.decisions import folder as decisions_folder
from ctip.export.dictionary import SDMX_FILE, write_data_dictionary
from ctip.export.flow_suppression import protect_flows
from ctip.export.lineage import lineage_key, pseudonymise
from ctip.export.public_csv import write_csv
from ctip.export.releases import check_history, history_warning, manifest_mark, read_release_cells, record_release
from ctip.export.sdmx import build_sdmx, validate_sdmx_csv, write_sdmx_csv
from ctip.export.suppression import protect
from ctip.export.validated import keep_validated, known_valid

log = logging.getLogger(__name__)

DICTIONARY_FILE = "data_dictionary.md"
MANIFEST_FILE = "MANIFEST.json"


class ExportError(RuntimeError):
    """The exports could not be written safely (an invalid SDMX file, a small cell left derivable)."""


def public_table_names() -> list[str]:
    """The tables schemas/tables.yaml marks public, in its order."""
    return [name for name, spec in contracts.tables().items() if spec.public]


def internal_columns(name: str) -> list[str]:
    """Columns of a public table that stay in the warehouse only (schemas/tables.yaml
    `internal_columns`): fact_observation's source_file and source_sheet, because a sender may name
    a file or a sheet after a person. The public rows keep submission_id as their lineage."""
    spec = contracts.tables().get(name)
    return list(spec.internal_columns) if spec else []


def read_warehouse(warehouse_path: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    """The named tables that exist, read through a read-only connection."""
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        return {name: con.execute(f'select * from "{name}"').df() for name in names if name in present}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    with atomic_write(path) as tmp:
        frame.to_parquet(tmp, index=False)


def _flow_decision(public):
    """The flows' withheld and small masks protect() decided with the fact cells (None without flows)."""
    return None if public.flow_withheld is None else (public.flow_withheld, public.flow_primary)


def write_exports(warehouse_path: Path | str, out_dir: Path | str) -> dict:
    """Write the public exports; return what was written:

    {"tables": {name: rows}, "withheld": {name: cells withheld}, "primary": n, "complementary": n,
     "sdmx_rows": n, "skipped": {name: reason}, "files": [file names], "out_dir": str}

    Raises ExportError if the SDMX file does not validate or a small count stays derivable."""
    warehouse_path, out_dir = Path(warehouse_path), Path(out_dir)
    if not warehouse_path.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse_path}: run `ctip run` first")
    check_history(warehouse_path, out_dir)  # damaged, or gone with a release in evidence: an operator decides
    # no release history although releases may have been made before (attack3 H-O): said loudly
    configured = warehouse_path.absolute() == paths.warehouse_path().absolute()  # the drop folder is this warehouse's
    history_note = history_warning(warehouse_path, out_dir, paths.raw_dir() if configured else None)
    if history_note:
        log.warning("%s", history_note)
    names = public_table_names()
    # Regional estimates are checked against the country estimates, public or not.
    helpers = ["mart_estimates"] if "mart_regional_estimates" in names and "mart_estimates" not in names else []
    # Hidden-victim estimates are checked against their capture-history cells (internal).
    helpers += ["fact_capture_history"] if "mart_hidden_victims" in names and "fact_capture_history" not in names else []
    for _ in range(3):  # a build may publish a new warehouse meanwhile: read one version whole
        warehouse_sha = _sha256(warehouse_path)
        tables = read_warehouse(warehouse_path, names + helpers + ["release_cells"])
        if _sha256(warehouse_path) == warehouse_sha:
            break
    if "fact_observation" not in tables:
        raise ExportError(f"{warehouse_path} has no fact_observation table")
    recorded_cells = read_release_cells(warehouse_path)  # the file of record (the warehouse holds a copy)
    if recorded_cells is not None:
        tables["release_cells"] = recorded_cells
    members = tables["dim_country"]["country_iso3"].astype(str).tolist() if "dim_country" in tables else None
    # The audit's answers from earlier exports: after one changed submission, only the programs
    # of the components it touches are solved (an answer is a function of its program alone).
    store = load_store(store_path(warehouse_path))
    # The decision on the same inputs made before (by an earlier export, or kept for the report,
    # ctip.export.decisions) is read, not made again.
    public = protect(tables, members=members, store=store, decisions=decisions_folder(warehouse_path))
    save_store(store_path(warehouse_path), store)
    if public.reused:
        log.info("protection decision read from %s (made before on the same tables)", decisions_folder(warehouse_path))
    else:
        log.info("bounds audit: %d component programs reused, %d solved", store.hits, store.misses)
    if public.unresolved:
        raise ExportError(f"{public.unresolved} small counts would stay derivable from the public tables")
    # Flows: the same primary and complementary rules, against the public fact_observation.
    flows = protect_flows(tables, public.tables.get("fact_observation"), decided=_flow_decision(public))
    public.tables.update(flows.tables)
    public.withheld.update(flows.withheld)
    public.primary += flows.primary
    public.complementary += flows.complementary
    public.skipped = {n: r for n, r in public.skipped.items() if n in names and n not in flows.tables}
    for name, reason in public.skipped.items():
        log.warning("public table %s not exported: %s", name, reason)
    out_dir.mkdir(parents=True, exist_ok=True)
    files, manifest = [], {}
    exported = [n for n in names if n in public.tables]
    withheld = {n: k for n, k in public.withheld.items() if n in exported}
    key = lineage_key(warehouse_path)
    for name in exported:
        frame = public.tables[name]
        frame = frame.drop(columns=[c for c in internal_columns(name) if c in frame.columns])
        # the lineage id keyed, not the hash of the file's bytes (a confirmation oracle, H-Q)
        frame = public.tables[name] = pseudonymise(frame, key)
        for suffix, writer in ((".parquet", _write_parquet), (".csv", write_csv)):
            path = out_dir / f"{name}{suffix}"
            writer(frame, path)
            files.append(path.name)
            manifest[path.name] = {"table": name, "rows": len(frame), "sha256": _sha256(path)}
    # Files of public tables that are no longer exported (an estimate table gone) would be stale.
    for name in contracts.tables():
        if name not in exported:
            for suffix in (".parquet", ".csv"):
                (out_dir / f"{name}{suffix}").unlink(missing_ok=True)
    sdmx = build_sdmx({name: public.tables[name] for name in exported})
    sdmx_path = out_dir / SDMX_FILE
    write_sdmx_csv(sdmx, sdmx_path)
    problems = validate_sdmx_csv(sdmx_path, known_valid=known_valid(warehouse_path))  # rows new since the last valid file
    if problems:
        raise ExportError(f"{sdmx_path.name} does not validate: " + "; ".join(problems[:10]))
    keep_validated(warehouse_path, sdmx_path)
    files.append(sdmx_path.name)
    manifest[sdmx_path.name] = {"table": "SDG 16.2.2 (SDMX-CSV)", "rows": len(sdmx), "sha256": _sha256(sdmx_path)}
    dictionary = write_data_dictionary(out_dir / DICTIONARY_FILE, exported, exported=True)
    files.append(dictionary.name)
    manifest[dictionary.name] = {"table": None, "rows": None, "sha256": _sha256(dictionary)}
    write_text(
        out_dir / MANIFEST_FILE,
        json.dumps(
            {
                "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "warehouse_sha256": warehouse_sha,
                "files": manifest,
                "withheld": withheld,
                # revised cells kept at the previous release's state (only when there are any)
                **({"held_back": public.held_back} if public.held_back else {}),
                **({"release_history_warning": history_note} if history_note else {}),
                **manifest_mark(warehouse_path, public.release),  # the history is checked against it (J-D)
            },
            indent=2,
        ),
    )
    files.append(MANIFEST_FILE)
    # The files are public now: the next release is protected against this one too.
    recorded = record_release(warehouse_path, public.release) if public.release is not None else 0
    log.info(
        "release recorded: %d cells (previous release: %d cells, bounds audit: %d solves in %d rounds)",
        recorded,
        public.previous_cells,
        public.audit_solves,
        public.audit_rounds,
    )
    return {
        "out_dir": str(out_dir),
        "tables": {name: len(public.tables[name]) for name in exported},
        "withheld": withheld,
        "primary": public.primary,
        "complementary": public.complementary,
        "sdmx_rows": len(sdmx),
        "skipped": public.skipped,
        "files": files,
        "previous_release_cells": public.previous_cells,
        "held_back": public.held_back,
        "audit_solves": public.audit_solves,
        # component programs of the bounds audit answered from earlier runs / solved now
        "audit_programs": {"reused": store.hits, "solved": store.misses},
    }

"""Build the warehouse: a new DuckDB file from staged submissions, then an atomic rename.

A researcher holding the published file open read-only never blocks a build and never sees a
half-built warehouse: the build writes `<name>.building`, checks it, and os.replace()s it over
the published file (readers keep the old inode until they reconnect)."""

from __future__ import annotations

import hashlib
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from ctip import atomic, contracts, phases
from ctip.fingerprint import tables_fingerprint
from ctip.paths import internal_dir
from ctip.reference import load_population
from ctip.region import dim_country
from ctip.schema import load_schema
from ctip.stage.staging import Frames, frames_of
from ctip.stage.submission import SubmissionResult
from ctip.vocabulary.partners import dim_partner
from ctip.warehouse.cells import install_macros
from ctip.warehouse.consistency import flag_assembled_totals
from ctip.warehouse.flows import current_flows
from ctip.warehouse.precedence import COUNTRY_YEAR, resolve, winning_sources
from ctip.warehouse.release_history import RELEASES_FILE, notice_missing

# The tables' columns, from their contracts in schemas/tables.yaml (ctip.contracts).
OBSERVATION_COLUMNS = contracts.columns("fact_observation")
HISTORY_COLUMNS = contracts.columns("fact_observation_history")
QUARANTINE_COLUMNS = contracts.columns("quarantine")
CAPTURE_COLUMNS = contracts.columns("fact_capture_history")
SUBMISSION_COLUMNS = [c for c in contracts.columns("submissions") if c != "source_kind"]  # added below

log = logging.getLogger(__name__)

MARTS = ("mart_country_year", "mart_coverage", "mart_regional_year")
FLOW_MARTS = ("mart_flows", "mart_flows_origin", "mart_flows_matrix")  # from fact_flow and dim_partner


@dataclass
class BuildSummary:
    path: Path
    tables: dict[str, int]
    n_submissions: dict[str, int]
    n_observations: int
    countries: list[str]
    years: tuple[int, int] | None
    set_aside: Path | None = None  # a damaged published warehouse kept beside (set_aside_if_damaged)

    def text(self) -> str:
        s = self.n_submissions
        years = f"{self.years[0]}–{self.years[1]}" if self.years else "none"
        return (
            f"warehouse: {self.path}\n"
            f"submissions: {s.get('accepted', 0)} accepted, {s.get('partial', 0)} partial, {s.get('rejected', 0)} rejected\n"
            f"observations: {self.n_observations:,} in fact_observation\n"
            f"countries with observations: {len(self.countries)} ({', '.join(self.countries)})\n"
            f"years covered: {years}"
        )


def dim_indicator() -> pd.DataFrame:
    """dim_indicator rows from schemas/ (code, unit, definition, dimensions, names per language, SDMX
    series), in the contract's column order."""
    schema = load_schema()
    rows = [
        {
            "indicator": i.code,
            "unit": i.unit,
            "definition": i.definition,
            "dimensions": ",".join(i.dimensions),
            **{f"name_{lang}": name for lang, name in i.names.items()},
            "sdmx_series": i.sdmx_series,
        }
        for i in schema.indicators.values()
    ]
    return pd.DataFrame(rows).reindex(columns=contracts.columns("dim_indicator"))


def read_sql(name: str) -> str:
    """The text of warehouse/sql/<name>.sql (read from the package, so it works when installed)."""
    return resources.files("ctip.warehouse").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


class WarehouseUnusable(RuntimeError):
    """The published warehouse is missing or cannot be opened; the message says what to do."""


def why_unreadable(path: Path) -> str | None:
    """None when the DuckDB file at `path` opens and lists its tables; else DuckDB's reason."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            con.execute("select count(*) from information_schema.tables").fetchone()
    except duckdb.Error as exc:
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:300]}"
    return None


def _held_by_a_writer(reason: str) -> bool:
    return "lock" in reason.lower()  # another process has it open for writing: busy, not damaged


def set_aside_if_damaged(target: Path) -> Path | None:
    """A published warehouse that cannot be opened would fail every later build (its history and
    derived tables are read from it): keep it beside, under `<name>.damaged-<UTC time>`, so the
    build starts afresh from the staged submissions. Returns where it was put, or None."""
    if not target.exists():
        return None
    reason = why_unreadable(target)
    if reason is None:
        return None
    if _held_by_a_writer(reason):
        raise WarehouseUnusable(f"the published warehouse {target} is held open for writing by another process ({reason}); try again when it is closed")
    aside = atomic.set_aside(target)
    log.error(
        "the published warehouse %s could not be opened (%s): kept as %s and rebuilt from the staged "
        "submissions; the history of withdrawn figures and the last estimates' validation held only "
        "in it are not carried over (run `ctip validate` to publish the validation again)",
        target,
        reason,
        aside.name,
    )
    return aside


def set_aside_damaged_releases(target: Path) -> Path | None:
    """The release history that cannot be opened (half a copy, a damaged disk) failed every build
    at this step (finding G-H). It is kept beside as `releases.duckdb.damaged-<UTC time>` and the
    build goes on, but the exports are not published again until an operator restores it or
    removes the damaged copy (ctip.export.releases.check_history): without the history a release
    is protected only against itself, and the last one could be differenced with it."""
    history = internal_dir(target) / RELEASES_FILE
    if not history.exists():
        return None
    reason = why_unreadable(history)
    if reason is None or _held_by_a_writer(reason):
        return None
    aside = atomic.set_aside(history)
    log.error(
        "the release history %s could not be opened (%s): kept as %s; the warehouse and feedback are "
        "built, but no export is published until it is restored (or the damaged copy removed)",
        history,
        reason,
        aside.name,
    )
    return aside


def usable_warehouse(target: Path) -> None:
    """Raise WarehouseUnusable, with what to do, unless the published warehouse opens."""
    if not target.exists():
        raise WarehouseUnusable(f"no published warehouse at {target}: run `ctip run` first")
    reason = why_unreadable(target)
    if reason is not None:
        advice = (
            "try again when it is closed"
            if _held_by_a_writer(reason)
            else "the next `ctip run` keeps it aside and rebuilds the warehouse from the staged submissions"
        )
        raise WarehouseUnusable(f"the published warehouse {target} cannot be opened ({reason}): {advice}")


def previous_state(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The published warehouse's current values and history, for withdrawals and audit."""
    if not path.exists():
        return pd.DataFrame(columns=OBSERVATION_COLUMNS), pd.DataFrame(columns=HISTORY_COLUMNS)
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            # With when each value's submission was received: a withdrawn value keeps it.
            fact = con.sql("select f.*, s.received_at from fact_observation f left join submissions s using (submission_id)").df()
            history = con.sql("select * from fact_observation_history").df()
        return fact, history.reindex(columns=HISTORY_COLUMNS)  # a warehouse from before a column was added
    except duckdb.Error:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS), pd.DataFrame(columns=HISTORY_COLUMNS)


def assemble(results: list[SubmissionResult], previous: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The warehouse's base tables as DataFrames (pure: no files touched)."""
    return assemble_frames(frames_of(results), previous)


def assemble_frames(staged: Frames, previous: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The base tables from staged submissions' tables (pure: no files touched)."""
    submissions = staged.submissions[SUBMISSION_COLUMNS].copy()
    kinds = pd.DataFrame(
        {"submission_id": staged.submissions["submission_id"].to_numpy(), "source_kind": staged.submissions["source_kind"].to_numpy()}, dtype="object"
    )
    submissions["submission_id"] = submissions["submission_id"].astype("object")
    for col in ("n_observations", "n_quarantined"):
        submissions[col] = submissions[col].astype("int64")
    observations = staged.observations if len(staged.observations) else pd.DataFrame(columns=OBSERVATION_COLUMNS)
    ranked_subs = submissions.merge(kinds, on="submission_id")
    flows = staged.flows if len(staged.flows) else None
    # One winning source per country-year-indicator for its figures and its flows together.
    units = observations if flows is None else pd.concat([observations[[*COUNTRY_YEAR, "submission_id"]], flows[[*COUNTRY_YEAR, "submission_id"]]])
    winners = winning_sources(units, ranked_subs) if len(units) else None
    current, superseded = resolve(observations, ranked_subs, winners, staged.not_available)
    history_parts = [superseded]
    if previous is not None:
        prev_fact, prev_history = previous
        present = set(submissions["submission_id"])
        # Values whose file left data/raw are withdrawn; the withdrawal is recorded, not forgotten.
        gone = prev_fact[~prev_fact["submission_id"].isin(present)].copy()
        # A file replaced in place (same path, new content): the submission now at that path replaced
        # its values, the current ones and those already superseded (which would else be forgotten).
        at_path = submissions.drop_duplicates("source_file").set_index("source_file")["submission_id"]
        if len(prev_history):
            was = prev_history[(prev_history["change"] == "superseded") & ~prev_history["submission_id"].isin(present)]
            replaced = was["source_file"].isin(at_path.index)
            if replaced.any():
                history_parts.append(was[replaced].assign(superseded_by=was["source_file"].map(at_path).astype("object"), change="replaced")[HISTORY_COLUMNS])
            # Its path empty (removed, or its new content still being copied): kept as it was.
            history_parts.append(was[~replaced][HISTORY_COLUMNS])
        if len(gone):
            gone = gone.reindex(columns=[*OBSERVATION_COLUMNS, "received_at"])
            gone["superseded_by"] = gone["source_file"].map(at_path).astype("object")
            gone["change"] = gone["superseded_by"].notna().map({True: "replaced", False: "withdrawn"})
            gone["superseded_by"] = gone["superseded_by"].where(gone["superseded_by"].notna(), None)
            history_parts.append(gone[HISTORY_COLUMNS])
        if len(prev_history):
            keep = prev_history[prev_history["change"].isin(["withdrawn", "replaced"])]
            history_parts.append(keep[HISTORY_COLUMNS])
    parts = [h for h in history_parts if len(h)]
    history = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=HISTORY_COLUMNS)
    history = history.drop_duplicates().sort_values(["country_iso3", "year", "indicator", "submission_id", "source_cell"]).reset_index(drop=True)
    capture = staged.capture if len(staged.capture) else pd.DataFrame(columns=CAPTURE_COLUMNS)
    capture = capture.sort_values(["country_iso3", "year", "lists", "pattern", "submission_id"]).reset_index(drop=True)
    quarantine = staged.quarantine if len(staged.quarantine) else pd.DataFrame(columns=QUARANTINE_COLUMNS)
    current = current.sort_values(contracts.key("fact_observation")).reset_index(drop=True)
    # A partial correction keeps the same source's older parts: check the published totals against them.
    current = flag_assembled_totals(current)
    for col in ("value", "year"):
        current[col] = current[col].astype("Int64")
        if len(history):
            history[col] = pd.to_numeric(history[col]).astype("Int64")
    submissions["source_kind"] = kinds["source_kind"].to_numpy()
    return {
        "submissions": submissions.sort_values("submission_id").reset_index(drop=True),
        "fact_observation": current[OBSERVATION_COLUMNS],
        "fact_observation_history": history[HISTORY_COLUMNS] if len(history) else pd.DataFrame(columns=HISTORY_COLUMNS),
        "quarantine": quarantine[QUARANTINE_COLUMNS].astype("string").sort_values(["submission_id", "source_sheet", "source_cell"]).reset_index(drop=True),
        "fact_capture_history": capture.astype({"year": "int64", "count": "int64"}),
        "fact_flow": current_flows(staged.flows, submissions, winners),
        "dim_partner": dim_partner(),
        "dim_country": dim_country(),
        "dim_indicator": dim_indicator(),
        "ref_population": load_population(),
    }


def create_table(con: duckdb.DuckDBPyConnection, name: str, select_sql: str) -> None:
    """Create a contract table from its DDL (schemas/tables.yaml), then fill it by column name from
    `select_sql`: the types are the contract's, whatever pandas made of an empty or all-NULL column
    or a SQL sum of; a select with other columns than the contract's fails here, not in a reader.
    A table without a contract is created as selected."""
    spec = contracts.tables().get(name)
    if spec is None:
        con.execute(f'create or replace table "{name}" as {select_sql}')
        return
    got = [row[0] for row in con.execute(f"describe {select_sql}").fetchall()]
    if sorted(got) != sorted(spec.columns):
        missing, extra = sorted(set(spec.columns) - set(got)), sorted(set(got) - set(spec.columns))
        raise ValueError(f"{name} does not match its contract in schemas/tables.yaml: missing {missing}, not in it {extra}")
    con.execute(f'drop table if exists "{name}"')
    con.execute(contracts.ddl(name))
    con.execute(f'insert into "{name}" by name {select_sql}')


def write_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]) -> None:
    """Create each named table from its frame, with the contract's types (create_table), not pandas'."""
    for name, frame in tables.items():
        con.register("_frame", frame)
        try:
            create_table(con, name, "select * from _frame")
        finally:
            con.unregister("_frame")


def build_marts(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the observation marts from their SQL files, after installing the macros they use."""
    install_macros(con)  # is_total_row, one_way_column: the marts' SQL uses them
    for mart in MARTS:
        create_table(con, mart, read_sql(mart))


def build_flow_marts(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the flow marts (from fact_flow and dim_partner) from their SQL files."""
    install_macros(con)
    for mart in FLOW_MARTS:
        create_table(con, mart, read_sql(mart))


def publish(building: Path, target: Path) -> None:
    """Atomic on POSIX: readers see the old file or the new one, never a mix."""
    atomic.replace(building, target, fsync=True)


ESTIMATE_TABLES = ("mart_estimates", "mart_regional_estimates", "mart_estimate_validation", "mart_hidden_victims")


DERIVED_TAG = "ctip-derived:"  # table comment: the key of the inputs and code a derived table was made from


def derived_keys(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> dict[str, str]:
    """Derived table -> the key it was made from (from its DuckDB table comment)."""
    where = "database_name = ?" if catalog else "database_name = current_database()"
    rows = con.execute(f"select table_name, comment from duckdb_tables() where {where}", [catalog] if catalog else []).fetchall()
    return {name: comment[len(DERIVED_TAG) :] for name, comment in rows if comment and comment.startswith(DERIVED_TAG)}


def _mark(con: duckdb.DuckDBPyConnection, name: str, key: str) -> None:
    con.execute(f"comment on table \"{name}\" is '{DERIVED_TAG}{key}'")


def carry_over(con: duckdb.DuckDBPyConnection, previous: Path, names: tuple[str, ...]) -> None:
    """Keep the previous warehouse's derived tables until their own asset rebuilds them, so a
    published warehouse never lacks them; with them, the key they were made from, so their asset
    can tell whether they are still current."""
    if not previous.exists():
        return
    con.execute(f"attach '{previous}' as previous (read_only)")
    try:
        have = {r[0] for r in con.execute("select table_name from information_schema.tables where table_catalog = 'previous'").fetchall()}
        keys = derived_keys(con, "previous")
        for name in names:
            if name in have:
                con.execute(f'create or replace table "{name}" as select * from previous."{name}"')
                if name in keys:
                    _mark(con, name, keys[name])
    finally:
        con.execute("detach previous")


@dataclass
class DerivedResult:
    counts: dict[str, int]
    key: str
    reused: str | None  # "warehouse": already published; "cache": made by an earlier run; None: made now


def _save_cache(path: Path, derived: dict[str, pd.DataFrame]) -> None:
    with atomic.atomic_write(path) as tmp, duckdb.connect(str(tmp)) as con:
        write_tables(con, derived)
        con.execute("checkpoint")
    # Keep a few recent results (a file put back restores its inputs), not every one ever made.
    for old in sorted(path.parent.glob("*.duckdb"), key=lambda p: p.stat().st_mtime, reverse=True)[4:]:
        old.unlink(missing_ok=True)


def _derived_key(con: duckdb.DuckDBPyConnection, inputs: tuple[str, ...], version: str) -> str:
    """The key of derived tables: exactly the `inputs` tables (columns, types, rows) and `version`."""
    return hashlib.sha256(f"{tables_fingerprint(con, inputs)}|{version}".encode()).hexdigest()[:16]


def _usable_cache(cache: Path) -> bool:
    """Whether the cache entry is there and opens; a damaged one is removed (a miss, never a failed run)."""
    if cache.exists() and (reason := why_unreadable(cache)) is not None:
        log.warning("derived cache %s could not be read (%s): made again", cache.name, reason)
        atomic.discard(cache)
    return cache.exists()


def _derive_into_cache(con: duckdb.DuckDBPyConnection, derive: Callable, inputs: tuple[str, ...], outputs: tuple[str, ...], cache: Path) -> None:
    have = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    frames = {name: con.execute(f'select * from "{name}"').df() for name in inputs if name in have}
    derived = derive(frames)
    missing = set(outputs) - set(derived)
    if missing:
        raise ValueError(f"derive did not make {sorted(missing)}")
    cache.parent.mkdir(parents=True, exist_ok=True)
    _save_cache(cache, {name: derived[name] for name in outputs})


def prepare_derived(
    target: Path,
    derive: Callable[[dict[str, pd.DataFrame]], dict[str, pd.DataFrame]],
    inputs: tuple[str, ...],
    outputs: tuple[str, ...],
    version: str,
    cache_dir: Path,
) -> tuple[str, str | None]:
    """The long half of `publish_derived`, without writing the warehouse (so outside the warehouse
    pool: a build can run meanwhile): the derived tables of the published warehouse's `inputs`
    made into `cache_dir/<key>.duckdb`, where `publish_derived` takes them. Returns (key, reused:
    "warehouse" when already published under it, "cache" when made before, None when made now)."""
    target, cache_dir = Path(target), Path(cache_dir)
    usable_warehouse(target)
    # A read-only snapshot: a build renaming a new file over the published one meanwhile leaves
    # this connection on the version it opened (the key and the tables read are the same version).
    with duckdb.connect(str(target), read_only=True) as con:
        key = _derived_key(con, inputs, version)
        published = derived_keys(con)
        if all(published.get(name) == key for name in outputs):
            return key, "warehouse"
        cache = cache_dir / f"{key}.duckdb"
        if _usable_cache(cache):
            return key, "cache"
        _derive_into_cache(con, derive, inputs, outputs, cache)
    return key, None


def publish_derived(
    target: Path,
    derive: Callable[[dict[str, pd.DataFrame]], dict[str, pd.DataFrame]],
    inputs: tuple[str, ...],
    outputs: tuple[str, ...],
    version: str,
    cache_dir: Path,
) -> DerivedResult:
    """Add derived tables to the published warehouse (copy it, write the tables, rename over it),
    made by `derive` from the tables `inputs` — unless nothing they depend on changed.

    The key is a hash of exactly the `inputs` tables (columns, types, rows) and of `version` (the
    code and settings). Tables already published under that key are left as they are (no copy);
    tables made under that key by an earlier run are taken from `cache_dir/<key>.duckdb`;
    otherwise `derive` runs and its result is cached there."""
    target, cache_dir = Path(target), Path(cache_dir)
    usable_warehouse(target)  # a clear message instead of DuckDB's about a copy the operator never made
    building = atomic.building_path(target)
    atomic.discard(building)
    try:
        # Work on a copy: the key, the tables read and the file renamed are one and the same version.
        shutil.copyfile(target, building)
        with duckdb.connect(str(building)) as con:
            key = _derived_key(con, inputs, version)
            published = derived_keys(con)
            if all(published.get(name) == key for name in outputs):
                counts = {name: con.execute(f'select count(*) from "{name}"').fetchone()[0] for name in outputs}
                return DerivedResult(counts, key, "warehouse")
            cache = cache_dir / f"{key}.duckdb"
            # The cache holds earlier results only: a damaged entry is a miss, never a failed run.
            reused = "cache" if _usable_cache(cache) else None
            if reused is None:
                _derive_into_cache(con, derive, inputs, outputs, cache)
            con.execute(f"attach '{cache}' as derived (read_only)")
            try:
                for name in outputs:
                    con.execute(f'create or replace table "{name}" as select * from derived."{name}"')
                    _mark(con, name, key)
            finally:
                con.execute("detach derived")
            counts = {name: con.execute(f'select count(*) from "{name}"').fetchone()[0] for name in outputs}
            con.execute("checkpoint")
        phases.reached("derived_written")
        publish(building, target)
    finally:
        atomic.discard(building)
    return DerivedResult(counts, key, reused)


def build_warehouse(
    results: list[SubmissionResult],
    target: Path,
) -> BuildSummary:
    """The warehouse from staged results; the estimate tables are carried over from the published
    warehouse until their own step (`publish_derived`) makes them again."""
    return build_from_frames(frames_of(results), target)


def build_from_frames(staged: Frames, target: Path) -> BuildSummary:
    """The warehouse from staged submissions' tables (ctip.stage.staging.Frames)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    aside = set_aside_if_damaged(target)
    tables = assemble_frames(staged, previous_state(target))
    building = atomic.building_path(target)
    atomic.discard(building)
    try:
        with duckdb.connect(str(building)) as con:
            write_tables(con, tables)
            build_marts(con)
            build_flow_marts(con)
            carry_over(con, target, ESTIMATE_TABLES)
            # What the public exports published (ctip.export.releases), queryable with the rest.
            set_aside_damaged_releases(target)
            notice_missing(target)  # gone, while the published warehouse's copy or exports show a release (I-L)
            carry_over(con, internal_dir(target) / RELEASES_FILE, ("release_cells",))
            counts = table_counts(con)
            con.execute("checkpoint")
        phases.reached("warehouse_written")
        publish(building, target)
        phases.reached("warehouse_published")
    finally:
        atomic.discard(building)
    fact = tables["fact_observation"]
    status = tables["submissions"]["status"].value_counts().to_dict()
    years = (int(fact["year"].min()), int(fact["year"].max())) if len(fact) else None
    return BuildSummary(target, counts, status, len(fact), sorted(fact["country_iso3"].unique()), years, aside)


def clean_stale_builds(target: Path) -> None:
    """A build killed midway leaves `<name>.building-<pid>-<thread>`: remove those of dead processes."""
    atomic.clean_stale(target)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every table's rows (the build's summary; ctip.warehouse.reuse reads them back the same way)."""
    names = [r[0] for r in con.execute("select table_name from information_schema.tables where table_catalog = current_database() order by 1").fetchall()]
    return {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in names}

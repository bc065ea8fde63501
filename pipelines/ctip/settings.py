"""Every setting an operator may change, in one typed object.

A setting's value comes from, in order: the environment (`CTIP_<NAME>`, e.g. `CTIP_MAX_FILE_CELLS`),
then the settings file (`settings.yaml` at the project root, or the file `CTIP_SETTINGS` names;
keys are the lower-case names below), then the default written here. Values are read when asked
for, not at import, so a test or a deployment changes them without touching code.

The README's table of settings is generated from `SETTINGS` (`python -m ctip.settings`), and a
test checks the two agree; nothing else in the package reads `os.environ` for its own options.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENV_PREFIX = "CTIP_"


@dataclass(frozen=True)
class Setting:
    name: str  # lower-case key; the environment variable is CTIP_<NAME>
    kind: type  # int, float, bool, str or Path
    default: object  # None: derived from another setting (see `doc`)
    doc: str
    group: str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


MB = 1024 * 1024
SETTINGS: tuple[Setting, ...] = (
    # Where things live
    Setting("raw", Path, PROJECT_ROOT / "data" / "raw", "The drop folder: one sub-folder per member (ISO3 or name), UNODC for the GLOTIP export.", "paths"),
    Setting("marts", Path, PROJECT_ROOT / "data" / "marts", "Warehouse, staging, feedback, exports and report.", "paths"),
    Setting("warehouse", Path, None, "The DuckDB warehouse (default: <marts>/warehouse.duckdb).", "paths"),
    Setting("staging", Path, None, "Staged submissions, by content hash (default: <marts>/staging).", "paths"),
    Setting("schemas", Path, PROJECT_ROOT / "schemas", "The schema: codes, words, table contracts, rules.", "paths"),
    Setting("reference", Path, PROJECT_ROOT / "data" / "reference", "Reference data (population, census counts).", "paths"),
    Setting("portal_dir", Path, PROJECT_ROOT / "data" / "portal", "The portal's accounts (SQLite) and audit log.", "paths"),
    # What one file, and one run, may cost before it is read
    Setting("max_file_bytes", int, 100 * MB, "Bytes of one file on disk (also the portal's upload limit).", "intake limits"),
    Setting("max_uncompressed_bytes", int, 256 * MB, "Bytes of all parts of a zip-based workbook, inflated.", "intake limits"),
    Setting("max_zip_entries", int, 10_000, "Parts of a zip-based workbook.", "intake limits"),
    Setting("max_rows_per_sheet", int, 200_000, "Rows read per sheet; the rest are not read (the sender is told).", "intake limits"),
    Setting("max_cols_per_sheet", int, 2_000, "Columns read per sheet.", "intake limits"),
    Setting("max_sheet_cells", int, 10_000_000, "Rows x columns a worksheet may span before it is loaded at all.", "intake limits"),
    Setting("max_file_cells", int, 1_000_000, "Cells one file may load, all sheets (GLOTIP loads 605,254).", "intake limits"),
    Setting("max_run_cells", int, 50_000_000, "Cells the files of one run may load together.", "intake limits"),
    Setting("max_compression_ratio", int, 1_000, "A zip part inflating more than this (and to over 16 MB) is a bomb.", "intake limits"),
    Setting("max_cell_chars", int, 1_000, "Longer texts are kept only as a shortened excerpt.", "intake limits"),
    Setting("settle_seconds", float, 5.0, "A file modified more recently than this is left for the next run (still being copied).", "intake"),
    Setting("settle_wait_seconds", float, 1.0, "How long recently modified files are watched for a change of size.", "intake"),
    Setting(
        "stage_workers",
        int,
        1,
        "Processes that read a run's new files beside the run's own, when it has 40 or more and a core is idle (0: never).",
        "intake",
    ),
    # Estimates (their rules live in schemas/estimation.yaml; these override one run)
    Setting("estimate_first_year", int, None, "First year of the estimates (default: schemas/estimation.yaml).", "estimates"),
    Setting("estimate_last_year", int, None, "Last year of the estimates (default: schemas/estimation.yaml).", "estimates"),
    Setting("publishable_threshold", float, None, "Population share reporting a regional figure needs (default: schemas/estimation.yaml).", "estimates"),
    Setting("estimate_quick", bool, False, "Fewer draws and folds: for trial runs and tests of the plumbing, never for a release.", "estimates"),
    Setting(
        "estimate_workers",
        int,
        1,
        "Child processes fitting the estimates' indicators beside the run's, only with a core to spare (0: none); the same numbers either way.",
        "estimates",
    ),
    # The members' portal
    Setting("portal_secure_cookies", bool, False, "Secure cookies: on when the portal is served behind HTTPS.", "portal"),
    Setting("portal_session_idle", int, 3600, "Seconds of inactivity before a session ends.", "portal"),
    Setting("portal_session_max", int, 8 * 3600, "Seconds a session lasts at most.", "portal"),
    Setting("portal_max_failures_account", int, 5, "Failed logins allowed per account within the window.", "portal"),
    Setting("portal_max_failures_address", int, 20, "Failed logins allowed per client address within the window.", "portal"),
    Setting("portal_failure_window", int, 15 * 60, "The window for failed logins, in seconds.", "portal"),
    Setting("portal_check_seconds", int, 300, "An upload's check is stopped after this many seconds.", "portal"),
    Setting("portal_check_memory_mb", int, 2048, "... or past this much resident memory (Linux).", "portal"),
    Setting("portal_checks_at_once", int, 2, "Uploads checked at the same time.", "portal"),
)
BY_NAME = {s.name: s for s in SETTINGS}


@lru_cache(maxsize=4)
def _file_values(path: str, mtime: float) -> dict:
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the settings file must be a mapping of setting names to values")
    unknown = sorted(set(map(str, data)) - set(BY_NAME))
    if unknown:
        raise ValueError(f"{path}: unknown settings {unknown}; known: {sorted(BY_NAME)}")
    return data


def settings_file() -> Path:
    return Path(os.environ.get(ENV_PREFIX + "SETTINGS") or PROJECT_ROOT / "settings.yaml")


def _cast(setting: Setting, raw: object) -> object:
    if setting.kind is bool:
        return raw if isinstance(raw, bool) else str(raw).strip().lower() in ("1", "true", "yes", "on")
    if setting.kind is Path:
        return Path(str(raw)).expanduser()
    value = setting.kind(raw)
    return max(0, value) if setting.kind in (int, float) else value


def get(name: str) -> object:
    """The current value of one setting (environment, then settings file, then default)."""
    setting = BY_NAME[name]
    raw = os.environ.get(setting.env)
    if raw not in (None, ""):
        try:
            return _cast(setting, raw)
        except ValueError:
            pass  # a malformed override is ignored, as if unset
    path = settings_file()
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = None
    if stamp is not None:
        values = _file_values(str(path), stamp)
        if name in values and values[name] is not None:
            return _cast(setting, values[name])
    return setting.default


def overrides() -> dict[str, str]:
    """The CTIP_* variables of this process, for a child process started without them (forkserver
    children inherit the environment of the server, not the caller's current one)."""
    return {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}


def use_overrides(values: dict[str, str]) -> None:
    """Make this (child) process's CTIP_* variables exactly `values` (from `overrides()`)."""
    for key in [k for k in os.environ if k.startswith(ENV_PREFIX)]:
        del os.environ[key]
    os.environ.update(values)


@dataclass(frozen=True)
class Settings:
    """A snapshot of every setting (what `current()` returns)."""

    raw: Path
    marts: Path
    warehouse: Path
    staging: Path
    schemas: Path
    reference: Path
    portal_dir: Path
    max_file_bytes: int
    max_uncompressed_bytes: int
    max_zip_entries: int
    max_rows_per_sheet: int
    max_cols_per_sheet: int
    max_sheet_cells: int
    max_file_cells: int
    max_run_cells: int
    max_compression_ratio: int
    max_cell_chars: int
    settle_seconds: float
    settle_wait_seconds: float
    stage_workers: int
    estimate_first_year: int | None
    estimate_last_year: int | None
    publishable_threshold: float | None
    estimate_quick: bool
    estimate_workers: int
    portal_secure_cookies: bool
    portal_session_idle: int
    portal_session_max: int
    portal_max_failures_account: int
    portal_max_failures_address: int
    portal_failure_window: int
    portal_check_seconds: int
    portal_check_memory_mb: int
    portal_checks_at_once: int


def current() -> Settings:
    values = {s.name: get(s.name) for s in SETTINGS}
    values["warehouse"] = values["warehouse"] or values["marts"] / "warehouse.duckdb"
    values["staging"] = values["staging"] or values["marts"] / "staging"
    return Settings(**values)


assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS], "Settings and SETTINGS must list the same names"


def markdown_table() -> str:
    """The README's table of settings."""
    lines = ["| Environment variable | settings.yaml key | Default | What it sets |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = s.default
        if isinstance(default, Path):
            default = default.relative_to(PROJECT_ROOT) if default.is_relative_to(PROJECT_ROOT) else default
        shown = "—" if default is None else f"`{default:,}`" if isinstance(default, int) and not isinstance(default, bool) else f"`{default}`"
        lines.append(f"| `{s.env}` | `{s.name}` | {shown} | {s.doc} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown_table())

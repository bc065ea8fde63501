"""The main job as plain functions: stage every submission (cached by content), then build the
warehouse. The Dagster assets and the CLI both call these, so there is one code path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ctip import paths, phases
from ctip.atomic import write_text
from ctip.feedback.write import write_feedback
from ctip.intake.bounds import run_budget
from ctip.intake.discover import SubmissionFile, list_submission_files, split_settled, unique_submissions
from ctip.intake.mapping import load_mapping
from ctip.stage import staging
from ctip.stage.submission import SubmissionResult, ingest_submission
from ctip.warehouse.build import BuildSummary, DerivedResult, build_warehouse, clean_stale_builds, publish_derived


def discover(raw_root: Path | None = None) -> list[SubmissionFile]:
    return unique_submissions(list_submission_files(Path(raw_root or paths.raw_dir())))


def discover_settled(raw_root: Path | None = None) -> tuple[list[SubmissionFile], list[str]]:
    """The submissions a run reads, without files still being copied: (files, one line per file
    left for the next run, saying why). Used by `ctip run`, the sensor's runs and the schedule."""
    files, left = split_settled(list_submission_files(Path(raw_root or paths.raw_dir())))
    return unique_submissions(files), [f"{f.relative}: {why}" for f, why in left]


def stage_submission(sf: SubmissionFile, staging_root: Path | None = None, feedback_root: Path | None = None) -> tuple[SubmissionResult, bool]:
    """Parse one submission unless an identical one (same content, mapping and code) is staged.
    Returns (result, was_cached)."""
    staging_root = Path(staging_root or paths.staging_dir())
    mapping = load_mapping(sf.path.parent) if not sf.problem else None
    key = staging.cache_key(sf.sha256, mapping.digest if mapping else "", sf.relative)
    folder = staging_root / sf.submission_id
    cached = staging.load(folder, key)
    if cached is not None:
        return cached, True
    result = ingest_submission(sf, mapping)  # never raises: a file that breaks the code is rejected with a reason
    if result.reason_code != "run_budget":  # over this run's cell budget: read again next run, not cached
        staging.save(result, folder, key)
    write_feedback(result, Path(feedback_root or paths.feedback_dir()) / sf.submission_id)
    return result, False


def needs_staging(sf: SubmissionFile, staging_root: Path | None = None) -> bool:
    """True when the file's content (with its mapping and the current code) is not staged yet."""
    staging_root = Path(staging_root or paths.staging_dir())
    mapping = load_mapping(sf.path.parent) if not sf.problem else None
    key = staging.cache_key(sf.sha256, mapping.digest if mapping else "", sf.relative)
    return not staging.is_staged(staging_root / sf.submission_id, key)


def stage_all(
    files: Iterable[SubmissionFile], progress: Callable[[str], None] | None = None, **kwargs
) -> list[SubmissionResult]:
    results = []
    files = list(files)
    with run_budget():  # the files read in one run share one cell budget (ctip.intake.bounds)
        for i, sf in enumerate(files, 1):
            result, cached = stage_submission(sf, **kwargs)
            if progress:
                progress(f"[{i}/{len(files)}] {sf.relative}: {result.status}{' (cached)' if cached else ''}")
            results.append(result)
    phases.reached("staged")
    return results


def build(results: list[SubmissionResult], warehouse: Path | None = None) -> BuildSummary:
    target = Path(warehouse or paths.warehouse_path())
    clean_stale_builds(target)
    return build_warehouse(results, target)


# -- derived work: done again only when what it reads (or its code) changed ----------------------

ESTIMATE_INPUTS = ("fact_observation", "ref_population", "dim_country", "fact_capture_history")
ESTIMATE_OUTPUTS = ("mart_estimates", "mart_regional_estimates", "mart_hidden_victims")
VALIDATION_OUTPUTS = ("mart_estimate_validation",)
CODE_DIR = Path(__file__).resolve().parent


def _estimate_version() -> str:
    """The estimation code, its settings (with their environment overrides) and the numerical
    libraries it relies on."""
    import json
    from importlib.metadata import version

    from ctip.estimate.tables import estimation_settings
    from ctip.fingerprint import source_fingerprint

    libs = {name: version(name) for name in ("numpy", "pandas", "scipy", "statsmodels")}
    code = source_fingerprint([CODE_DIR / "estimate", paths.SCHEMAS_DIR / "estimation.yaml", paths.SCHEMAS_DIR / "tables.yaml"])
    return f"{code}|{json.dumps(estimation_settings(), sort_keys=True, default=str)}|{json.dumps(libs, sort_keys=True)}"


def _derived_cache(kind: str) -> Path:
    return paths.marts_dir() / "cache" / kind


def estimate(warehouse: Path | None = None) -> DerivedResult:
    """Estimate tables from the published warehouse's facts, published in their turn; reused when
    the facts, population, members, capture histories and the estimation code are unchanged."""
    from ctip.estimate.tables import estimate_tables

    return publish_derived(Path(warehouse or paths.warehouse_path()), estimate_tables, ESTIMATE_INPUTS,
                           ESTIMATE_OUTPUTS, _estimate_version(), _derived_cache("estimates"))


def validate_estimates(warehouse: Path | None = None) -> DerivedResult:
    """The estimates' held-out validation (the model refitted fold by fold): its own step, after
    the estimates are published, reused on the same terms as the estimates."""
    from ctip.estimate.tables import validation_tables

    return publish_derived(Path(warehouse or paths.warehouse_path()), validation_tables, ESTIMATE_INPUTS,
                           VALIDATION_OUTPUTS, _estimate_version(), _derived_cache("validation"))


def _public_inputs_key(warehouse: Path) -> str:
    """Exports and the report read the public tables (and mart_estimates, public or not); their
    code is export/, report/ and the table contracts in schemas/."""
    import duckdb

    from ctip.fingerprint import source_fingerprint, tables_fingerprint
    from ctip.warehouse.tables import PUBLIC_TABLES

    with duckdb.connect(str(warehouse), read_only=True) as con:
        data = tables_fingerprint(con, [*PUBLIC_TABLES, "mart_estimates"])
    return data + "|" + source_fingerprint([CODE_DIR / "export", CODE_DIR / "report", CODE_DIR / "warehouse" / "tables.py", paths.SCHEMAS_DIR])


STAMP = ".inputs.json"  # in an output folder: the key of what it was written from, and the result


def _cached_output(out_dir: Path, key: str, outputs_present: Callable[[dict], bool], write: Callable[[], dict],
                   phase: str) -> tuple[dict, bool]:
    """`write()` unless `out_dir` holds a stamp with this key and its outputs; (result, reused)."""
    import json

    stamp = out_dir / STAMP
    try:
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if saved.get("key") == key and outputs_present(saved["result"]):
            return saved["result"], True
    except (OSError, ValueError, KeyError, TypeError):
        pass
    result = write()
    phases.reached(phase)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = json.loads(json.dumps(result, default=str))  # the same types whether written now or reused
    write_text(stamp, json.dumps({"key": key, "result": result}))
    return result, False


def export(warehouse: Path | None = None, out_dir: Path | None = None) -> tuple[dict, bool]:
    """Public exports (ctip.export.write_exports), rewritten only when the public tables or the
    export code changed. Returns (what was written, reused)."""
    from ctip.export import write_exports

    warehouse, out_dir = Path(warehouse or paths.warehouse_path()), Path(out_dir or paths.exports_dir())
    return _cached_output(
        out_dir, _public_inputs_key(warehouse),
        lambda r: all((out_dir / f).exists() for f in r.get("files", [])) and bool(r.get("files")),
        lambda: write_exports(warehouse, out_dir),
        "exports_written",
    )


def report(warehouse: Path | None = None, out_dir: Path | None = None) -> tuple[Path, bool]:
    """The HTML report (ctip.report.write_report), rewritten only when the public tables or the
    report code changed. Returns (its path, reused)."""
    from ctip.report import write_report

    warehouse, out_dir = Path(warehouse or paths.warehouse_path()), Path(out_dir or paths.report_dir())
    result, reused = _cached_output(
        out_dir, _public_inputs_key(warehouse),
        lambda r: Path(r["path"]).exists(),
        lambda: {"path": str(write_report(warehouse, out_dir))},
        "report_written",
    )
    return Path(result["path"]), reused

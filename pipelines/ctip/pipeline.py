"""The main job as plain functions: stage every submission (cached by content), then build the
warehouse. The Dagster assets and the CLI both call these, so there is one code path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ctip import paths
from ctip.feedback.summary import write_feedback
from ctip.intake import staging
from ctip.intake.discover import SubmissionFile, list_submission_files, unique_submissions
from ctip.intake.mapping import load_mapping
from ctip.intake.submission import SubmissionResult, ingest_submission, rejected
from ctip.warehouse.build import BuildSummary, build_warehouse, clean_stale_builds


def discover(raw_root: Path | None = None) -> list[SubmissionFile]:
    return unique_submissions(list_submission_files(Path(raw_root or paths.raw_dir())))


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
    try:
        result = ingest_submission(sf, mapping)
    except Exception as exc:  # a bug or a pathological file must not stop the other submissions
        result = rejected(sf, f"the file could not be processed ({type(exc).__name__}: {str(exc)[:200]})")
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
    for i, sf in enumerate(files, 1):
        result, cached = stage_submission(sf, **kwargs)
        if progress:
            progress(f"[{i}/{len(files)}] {sf.relative}: {result.status}{' (cached)' if cached else ''}")
        results.append(result)
    return results


def build(results: list[SubmissionResult], warehouse: Path | None = None, extra_tables=None) -> BuildSummary:
    target = Path(warehouse or paths.warehouse_path())
    clean_stale_builds(target)
    return build_warehouse(results, target, extra_tables=extra_tables)


ESTIMATE_INPUTS = ("fact_observation", "ref_population", "dim_country", "fact_capture_history")


def estimate(warehouse: Path | None = None) -> dict[str, int]:
    """Estimate tables from the published warehouse's facts, published in their turn."""
    from ctip.estimate.tables import estimate_tables
    from ctip.warehouse.build import publish_derived

    return publish_derived(Path(warehouse or paths.warehouse_path()), estimate_tables, ESTIMATE_INPUTS)

"""Stage submissions: read, harmonise and validate the dropped files (one partition each, for
lineage), as one batch.

Many files arrive at once: a single-run backfill policy processes a whole batch of partitions in
one run, staged together into one batch of the store (ctip.stage.staging), and staging is cached
by content hash, so an unchanged file is never parsed twice. Each submission's outcome is in the
materialisation's metadata (a table), not one logged event per submission: under load every
Dagster event costs tens of milliseconds of SQLite writes."""

from collections import Counter

import dagster as dg

from ctip import paths
from ctip.orchestration.partitions import submission_partitions
from ctip.pipeline import discover, stage_batch
from ctip.stage import staging

PROGRESS_EVERY = 50  # a progress line every so many files (and one for each rejected file)
MAX_TABLE_ROWS = 200


@dg.asset(
    partitions_def=submission_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="intake",
    kinds={"python", "pandera"},
    check_specs=[dg.AssetCheckSpec("submissions_readable", asset="staged_submission")],
)
def staged_submission(context: dg.AssetExecutionContext):
    """Each submission file parsed into observations and quarantine rows, with feedback for the sender."""
    wanted = set(context.partition_keys)
    files = [f for f in discover() if f.submission_id in wanted]

    def progress(line: str) -> None:
        n = int(line[1 : line.index("/")])
        if n % PROGRESS_EVERY == 0 or line.endswith(": rejected"):
            context.log.info(line)

    staged = stage_batch(files, progress=progress, keep=False)
    stored = staging.records(paths.staging_dir(), staged.entries)
    rows = {r["submission_id"]: r for r in [*stored, *(u.submission for u in staged.unstored)]}
    statuses: Counter = Counter()
    lines = ["| submission | file | status | stored | quarantined | cached |", "|---|---|---|---|---|---|"]
    n_obs = n_q = 0
    for key in sorted(wanted):
        sub = rows.get(key)
        if sub is None:
            statuses["gone"] += 1
            lines.append(f"| {key} | (no longer in data/raw) | gone | 0 | 0 | |")
            continue
        statuses[sub["status"]] += 1
        n_obs += int(sub["n_observations"])
        n_q += int(sub["n_quarantined"])
        lines.append(f"| {key} | {sub['source_file']} | {sub['status']} | {sub['n_observations']} | {sub['n_quarantined']} | {staged.cached.get(key)} |")
    context.log.info(
        f"staged {len(files)} submissions ({sum(not c for c in staged.cached.values())} read now): "
        + ", ".join(f"{v} {k}" for k, v in sorted(statuses.items()))
    )
    yield dg.MaterializeResult(
        metadata={
            "n_submissions": len(wanted),
            "accepted": statuses["accepted"],
            "partial": statuses["partial"],
            "rejected": statuses["rejected"],
            "n_observations": n_obs,
            "n_quarantined": n_q,
            "summary": dg.MetadataValue.md("\n".join(lines[: MAX_TABLE_ROWS + 2])),
        }
    )
    yield dg.AssetCheckResult(
        check_name="submissions_readable",
        passed=statuses["rejected"] == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"rejected": statuses["rejected"], "partial": statuses["partial"], "quarantined_cells": n_q},
        description="Warns when a submission in the batch was rejected (the feedback folder says why).",
    )

"""Stage submissions: read, harmonise and validate each dropped file (one partition each).

Many files arrive at once: a single-run backfill policy processes a whole batch of partitions in
one run, and staging is cached by content hash, so an unchanged file is never parsed twice."""


from collections import Counter

import dagster as dg

from ctip.intake.bounds import run_budget
from ctip.orchestration.partitions import submission_partitions
from ctip.pipeline import discover, stage_submission


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
    files = {f.submission_id: f for f in discover() if f.submission_id in wanted}
    statuses: Counter = Counter()
    lines = ["| submission | file | status | stored | quarantined | cached |", "|---|---|---|---|---|---|"]
    n_obs = n_q = 0
    with run_budget():  # the batch shares one cell budget (ctip.intake.bounds)
        for key in sorted(wanted):
            sf = files.get(key)
            if sf is None:
                statuses["gone"] += 1
                lines.append(f"| {key} | (no longer in data/raw) | gone | 0 | 0 | |")
                continue
            result, cached = stage_submission(sf)
            sub = result.submission
            statuses[sub["status"]] += 1
            n_obs += sub["n_observations"]
            n_q += sub["n_quarantined"]
            lines.append(
                f"| {key} | {sub['source_file']} | {sub['status']} | {sub['n_observations']} | {sub['n_quarantined']} | {cached} |"
            )
            context.log.info(f"{sub['source_file']}: {sub['status']} — {sub['message']}")
    yield dg.MaterializeResult(
        metadata={
            "n_submissions": len(wanted),
            "accepted": statuses["accepted"],
            "partial": statuses["partial"],
            "rejected": statuses["rejected"],
            "n_observations": n_obs,
            "n_quarantined": n_q,
            "summary": dg.MetadataValue.md("\n".join(lines[:202])),
        }
    )
    yield dg.AssetCheckResult(
        check_name="submissions_readable",
        passed=statuses["rejected"] == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"rejected": statuses["rejected"], "partial": statuses["partial"], "quarantined_cells": n_q},
        description="Warns when a submission in the batch was rejected (the feedback folder says why).",
    )

"""Jobs: ingest a batch of submissions and rebuild; only rebuild the marts; validate the estimates.

The estimates' held-out validation refits the model fold by fold and costs many times the rest of
a run together (docs/benchmarks.md). It is a diagnostic of the model, not a figure a new file
changes much, so it is its own job (weekly, and `ctip validate`) instead of a step every new file
waits for; between its runs the warehouse keeps the last validation, with the key of the facts it
was computed from (warehouse.build.carry_over)."""

import dagster as dg

from ctip.orchestration.assets.estimates import estimate_validation
from ctip.orchestration.assets.intake import staged_submission

VALIDATION = dg.AssetSelection.assets(estimate_validation)

ingest_and_build = dg.define_asset_job(
    "ingest_and_build",
    selection=dg.AssetSelection.assets(staged_submission).downstream() - VALIDATION,
    description="Stage the files not staged yet (one batch, one run) and rebuild the warehouse.",
)
rebuild_marts = dg.define_asset_job(
    "rebuild_marts",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(staged_submission) - VALIDATION,
    description="Rebuild the warehouse and everything downstream from the files now in data/raw.",
)
validate_estimates = dg.define_asset_job(
    "validate_estimates",
    # The exports and the report show the validation: refreshed after it (each reused when unchanged).
    selection=VALIDATION.downstream(),
    description="Refit the estimation model fold by fold on the published facts (held-out years, "
    "last years, each member left out) and publish mart_estimate_validation.",
)

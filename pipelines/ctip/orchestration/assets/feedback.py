"""The senders' feedback folders of the files staged in this run, written once the facts are published.

Staging keeps each new result (ctip.stage.pending) instead of writing its folder, because the
annotated copies were 40 % of staging's time and the facts waited for them (docs/benchmarks.md,
issue 13, sixth session). This asset comes after the warehouse, so the facts and marts are
published first; every folder is still written in the same run, the same bytes as before. It also
writes what a run killed before this step left pending."""

import dagster as dg

from ctip.orchestration.assets.intake import staged_submission
from ctip.pipeline import write_pending_feedback


@dg.asset(
    group_name="intake",
    kinds={"python"},
    # After the warehouse (fact_observation is published with every other base table): never on
    # the path to the facts.
    deps=[staged_submission, dg.AssetKey("fact_observation")],
)
def submission_feedback(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """Each new submission's feedback folder: summaries, report.json, the annotated copy."""
    written = write_pending_feedback()
    context.log.info(f"feedback folders written: {written}")
    return dg.MaterializeResult(metadata={"n_written": written})

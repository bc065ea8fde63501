"""Jobs: ingest a batch of submissions and rebuild; or only rebuild the marts."""

import dagster as dg

from ctip.orchestration.assets.intake import staged_submission

ingest_and_build = dg.define_asset_job(
    "ingest_and_build",
    selection=dg.AssetSelection.assets(staged_submission).downstream(),
    description="Stage the given submissions (a batch of partitions in one run) and rebuild the warehouse.",
)
rebuild_marts = dg.define_asset_job(
    "rebuild_marts",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(staged_submission),
    description="Rebuild the warehouse and everything downstream from the files now in data/raw.",
)

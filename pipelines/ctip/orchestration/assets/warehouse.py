"""Publish the warehouse: base tables and marts built into a new DuckDB file, then renamed
over the old one. One multi-asset, because the file is published as a whole (atomically)."""

import dagster as dg
import duckdb

from ctip import paths
from ctip.orchestration.assets.intake import staged_submission
from ctip.orchestration.pools import WAREHOUSE_POOL
from ctip.pipeline import build_staged, discover_settled, stage_batch
from ctip.warehouse.contracts import check_warehouse
from ctip.warehouse.tables import TABLE_DESCRIPTIONS, TABLE_GROUPS

SPECS = [
    dg.AssetSpec(name, group_name=group, description=TABLE_DESCRIPTIONS.get(name), deps=[staged_submission], kinds={"duckdb"})
    for group, names in TABLE_GROUPS.items()
    if group != "estimates"  # their own asset: ctip.orchestration.assets.estimates
    for name in names
]
CHECKS = ["fact_observation_key_unique", "every_cell_accounted", "regional_sums_match_facts", "codes_in_schema"]


@dg.multi_asset(
    specs=SPECS,
    pool=WAREHOUSE_POOL,
    check_specs=[dg.AssetCheckSpec(c, asset="fact_observation" if c != "regional_sums_match_facts" else "mart_regional_year") for c in CHECKS],
    can_subset=False,
)
def warehouse(context: dg.AssetExecutionContext):
    """Every submission now in data/raw (staged, cached by content) into warehouse.duckdb."""
    files, left = discover_settled()  # files still being copied wait for the next run
    # Normally staged already by staged_submission (or by an earlier run): only looked up here;
    # the build reads the store's Parquet batches with DuckDB, not submission by submission.
    summary = build_staged(stage_batch(files))
    context.log.info(summary.text())
    if summary.set_aside:
        context.log.error(
            f"the published warehouse could not be opened: kept as {summary.set_aside.name} and rebuilt "
            "from the staged submissions (withdrawal history and validation not carried over)"
        )
    for line in left:
        context.log.warning(f"left for the next run: {line}")
    for spec in SPECS:
        name = spec.key.path[-1]
        yield dg.MaterializeResult(asset_key=spec.key, metadata={"dagster/row_count": summary.tables.get(name, 0)})
    with duckdb.connect(str(paths.warehouse_path()), read_only=True) as con:
        for check in check_warehouse(con):
            yield dg.AssetCheckResult(
                asset_key="fact_observation" if check.name != "regional_sums_match_facts" else "mart_regional_year",
                check_name=check.name,
                passed=check.passed,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={"failing_rows": check.failing_rows, "detail": check.detail},
            )

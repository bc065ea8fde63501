"""Estimates for every member and year, regional totals with intervals, their validation on
the real data, and hidden-victim (MSE) estimates. Computed from the published facts and
published in their turn (the same atomic copy-and-rename), in the warehouse pool."""

import dagster as dg

from ctip.orchestration.partitions import WAREHOUSE_POOL
from ctip.pipeline import ESTIMATE_INPUTS, estimate
from ctip.warehouse.tables import TABLE_DESCRIPTIONS, TABLE_GROUPS

SPECS = [
    dg.AssetSpec(name, group_name="estimates", description=TABLE_DESCRIPTIONS.get(name),
                 deps=[dg.AssetKey(i) for i in ESTIMATE_INPUTS], kinds={"duckdb", "scipy"})
    for name in TABLE_GROUPS["estimates"]
]


@dg.multi_asset(specs=SPECS, pool=WAREHOUSE_POOL, can_subset=False)
def estimates(context: dg.AssetExecutionContext):
    """mart_estimates, mart_regional_estimates, mart_estimate_validation, mart_hidden_victims."""
    counts = estimate()
    for spec in SPECS:
        name = spec.key.path[-1]
        yield dg.MaterializeResult(asset_key=spec.key, metadata={"dagster/row_count": counts.get(name, 0)})

"""Estimates for every member and year, regional totals with intervals, hidden-victim (MSE)
estimates, and their validation on the real data. Computed from the published facts and published
in their turn (the same atomic copy-and-rename), in the warehouse pool; reused when the tables
they read and the estimation code are unchanged.

The validation refits the model fold by fold and takes longest: it is its own asset, after the
estimates, so that the estimates are published without waiting for it, and it is computed outside
the warehouse pool (only its publication holds it), so that a build is not kept waiting either."""

import dagster as dg

from ctip.orchestration.pools import WAREHOUSE_POOL
from ctip.pipeline import ESTIMATE_INPUTS, ESTIMATE_OUTPUTS, VALIDATION_OUTPUTS, estimate, prepare_validation, validate_estimates
from ctip.warehouse.build import DerivedResult
from ctip.warehouse.tables import TABLE_DESCRIPTIONS

INPUT_KEYS = [dg.AssetKey(i) for i in ESTIMATE_INPUTS]
SPECS = [
    dg.AssetSpec(name, group_name="estimates", description=TABLE_DESCRIPTIONS.get(name), deps=INPUT_KEYS, kinds={"duckdb", "scipy"})
    for name in ESTIMATE_OUTPUTS
]


def _metadata(result: DerivedResult, name: str) -> dict:
    return {"dagster/row_count": result.counts.get(name, 0), "inputs_key": result.key, "reused": result.reused or "no: computed in this run"}


@dg.multi_asset(specs=SPECS, pool=WAREHOUSE_POOL, can_subset=False)
def estimates(context: dg.AssetExecutionContext):
    """mart_estimates, mart_regional_estimates, mart_hidden_victims."""
    result = estimate()
    context.log.info(f"estimates {result.key}: {'reused from ' + result.reused if result.reused else 'computed'}")
    for spec in SPECS:
        yield dg.MaterializeResult(asset_key=spec.key, metadata=_metadata(result, spec.key.path[-1]))


(VALIDATION,) = VALIDATION_OUTPUTS


@dg.op(ins={"after": dg.In(dg.Nothing)}, out=dg.Out(dg.Nothing))
def compute_estimate_validation(context: dg.OpExecutionContext):
    """The model refitted fold by fold (minutes), outside the warehouse pool: it only reads the
    published warehouse and writes its result to the derived cache, so an ingest run started
    meanwhile builds and publishes without waiting for it."""
    key, reused = prepare_validation()
    context.log.info(f"validation {key}: {'reused from ' + reused if reused else 'computed'}")


@dg.op(ins={"computed": dg.In(dg.Nothing)}, out=dg.Out(dg.Nothing), pool=WAREHOUSE_POOL)
def publish_estimate_validation(context: dg.OpExecutionContext):
    """Publish the validation (copy, add the table, rename) in the warehouse pool: taken from the
    cache the step before filled; made here only when the facts changed in between."""
    result = validate_estimates()
    context.log.info(f"validation {result.key}: {'reused from ' + result.reused if result.reused else 'computed'}")
    context.add_output_metadata(_metadata(result, VALIDATION))


@dg.graph_asset(
    name=VALIDATION,
    group_name="estimates",
    description=TABLE_DESCRIPTIONS.get(VALIDATION),
    # Reads the same inputs as the estimates; placed after them only so that they are published first.
    ins={name: dg.AssetIn(key=name, dagster_type=dg.Nothing) for name in (*ESTIMATE_INPUTS, "mart_estimates")},
    kinds={"duckdb", "scipy"},
)
def estimate_validation(fact_observation, ref_population, dim_country, fact_capture_history, mart_estimates):
    # Two steps: the computation outside the warehouse pool, the publication inside it.
    after = [fact_observation, ref_population, dim_country, fact_capture_history, mart_estimates]
    return publish_estimate_validation(computed=compute_estimate_validation(after=after))

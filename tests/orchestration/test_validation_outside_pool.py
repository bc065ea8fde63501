"""The estimates' validation (minutes of refitting) is computed outside the warehouse pool and only
published inside it, so an ingest run started meanwhile does not wait for the computation."""

from __future__ import annotations

import dagster as dg

from ctip.orchestration.assets import estimates as asset_module
from ctip.orchestration.instance import ensure_dagster_home
from ctip.orchestration.pools import WAREHOUSE_POOL
from ctip.warehouse.build import DerivedResult


def _slots_held(context_instance) -> int:
    info = context_instance.event_log_storage.get_concurrency_info(WAREHOUSE_POOL)
    return info.active_slot_count


def test_the_computation_holds_no_warehouse_slot_and_the_publication_does(project_dirs, monkeypatch):
    ensure_dagster_home()  # the project's dagster.yaml: the warehouse pool has one slot
    instance = dg.DagsterInstance.get()
    seen = {}

    def prepare():
        seen["computing"] = _slots_held(instance)
        return "key1", None

    def publish():
        seen["publishing"] = _slots_held(instance)
        return DerivedResult({"mart_estimate_validation": 3}, "key1", "cache")

    monkeypatch.setattr(asset_module, "prepare_validation", prepare)
    monkeypatch.setattr(asset_module, "validate_estimates", publish)
    result = dg.materialize([asset_module.estimate_validation], instance=instance)
    assert result.success
    assert seen == {"computing": 0, "publishing": 1}
    steps = [e.step_key for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_START]
    assert steps == ["mart_estimate_validation.compute_estimate_validation", "mart_estimate_validation.publish_estimate_validation"]
    (mat,) = result.asset_materializations_for_node("mart_estimate_validation")
    assert mat.metadata["inputs_key"].value == "key1" and mat.metadata["reused"].value == "cache"


def test_a_build_can_take_the_pool_while_the_validation_computes(project_dirs, monkeypatch):
    """While the computation runs, the warehouse pool's one slot is free for another run's step."""
    ensure_dagster_home()
    instance = dg.DagsterInstance.get()
    storage = instance.event_log_storage
    claimed = {}

    def prepare():
        # Another run's build step claims the slot now, and frees it when done.
        storage.initialize_concurrency_limit_to_default(WAREHOUSE_POOL)
        claim = storage.claim_concurrency_slot(WAREHOUSE_POOL, "another-run", "warehouse")
        claimed["granted"] = claim.is_claimed
        storage.free_concurrency_slot_for_step("another-run", "warehouse")
        return "key1", None

    monkeypatch.setattr(asset_module, "prepare_validation", prepare)
    monkeypatch.setattr(asset_module, "validate_estimates", lambda: DerivedResult({}, "key1", "cache"))
    assert dg.materialize([asset_module.estimate_validation], instance=instance).success
    assert claimed == {"granted": True}

"""Snapshot of the Dagster graph: an accidental change to assets, checks, jobs, sensors or
schedules shows up in review. Regenerate with CTIP_UPDATE_SNAPSHOT=1 after a deliberate change."""

from __future__ import annotations

import json
import os
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("graph_snapshot.json")


def graph() -> dict:
    from ctip.definitions import defs

    repo = defs.get_repository_def()
    assets = repo.asset_graph
    return {
        "assets": sorted(k.to_user_string() for k in assets.get_all_asset_keys()),
        "groups": {k.to_user_string(): assets.get(k).group_name for k in sorted(assets.get_all_asset_keys())},
        # Upstream assets of each asset: what waits for what (e.g. the estimates' validation runs
        # after the estimates, so that they are published first).
        "deps": {k.to_user_string(): sorted(p.to_user_string() for p in assets.get(k).parent_keys) for k in sorted(assets.get_all_asset_keys())},
        "checks": sorted(c.to_user_string() for c in assets.asset_check_keys),
        "jobs": sorted(j.name for j in repo.get_all_jobs() if not j.name.startswith("__")),
        "sensors": sorted(s.name for s in repo.sensor_defs),
        "schedules": sorted(s.name for s in repo.schedule_defs),
        "pools": sorted({f"{k.to_user_string()}={assets.get(k).pools}" for k in assets.get_all_asset_keys() if assets.get(k).pools}),
    }


def test_graph_matches_snapshot():
    current = graph()
    if os.environ.get("CTIP_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    assert current == json.loads(SNAPSHOT.read_text())


def test_every_warehouse_writer_is_in_the_warehouse_pool():
    from ctip.definitions import defs

    assets = defs.get_repository_def().asset_graph
    for key in assets.get_all_asset_keys():
        node = assets.get(key)
        if node.group_name in ("warehouse", "marts", "estimates"):
            assert node.pools == {"warehouse"}, key

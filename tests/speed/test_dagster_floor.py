"""The Dagster floor benchmark (bench/bench_dagster_floor.py) measures a copy of the real main
job: the same steps, assets, dependencies and checks, so the floor it reports stays the floor of
ctip's job as the job changes."""

from __future__ import annotations

from bench.bench_dagster_floor import JOB, child_noop, job_shape
from ctip.definitions import defs


def test_the_copy_has_the_jobs_steps_assets_and_checks():
    shape = job_shape()
    job = defs.resolve_job_def(JOB)
    assert sorted(s["name"] for s in shape) == sorted(n.name for n in job.graph.node_defs)
    copied = {key for s in shape for key in s["assets"]}
    assert copied == {k.to_user_string() for k in job.asset_layer.executable_asset_keys}
    checks = {tuple(c) for s in shape for c in s["checks"]}
    real = {(k.asset_key.to_user_string(), k.name) for k in job.asset_layer.asset_graph.asset_check_keys}
    assert checks and checks <= real
    # the warehouse's assets hang off the staged submissions, as in the real job
    warehouse = next(s for s in shape if s["name"] == "warehouse")
    assert all("staged_submission" in deps for deps in warehouse["assets"].values() if deps)


def test_the_copy_runs_every_step_and_check(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    shape = job_shape()
    out = child_noop(shape)
    assert out["steps"] == len(shape) == 6
    assert out["checks"] == sum(len(s["checks"]) for s in shape) > 0
    # a step start and success per step, a materialisation per asset, an evaluation per check
    assert out["events"] >= 2 * out["steps"] + out["assets"] + out["checks"]

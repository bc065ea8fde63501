"""Dagster's own floor for one run of ctip's main job: the same steps, assets, dependencies and
checks as `ingest_and_build`, every step doing nothing, run in a fresh process (as the sensor's
run launcher starts each run) on an instance configured by the project's dagster.yaml; against
`python -c "import dagster"`.

Why: issue 13 asks one added file's whole job to cost under a tenth of a cold run at 100 files as
at 500. This measures what no work at all costs through Dagster, so the target can be compared
with it (docs/benchmarks.md).

    python -m bench.bench_dagster_floor [--repeat 5]

One JSON line on stdout: medians of wall and CPU seconds of each process, and the in-process
split of the no-op run (definitions built, instance, the job executed, events written).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JOB = "ingest_and_build"


def job_shape(job_name: str = JOB) -> list[dict]:
    """Each step of ctip's job: its assets (with their upstream assets) and its checks."""
    from ctip.definitions import defs

    job = defs.resolve_job_def(job_name)
    in_job = {key.to_user_string() for key in job.asset_layer.executable_asset_keys}
    steps = []
    for ad in defs.resolve_asset_graph().assets_defs:
        specs = [s for s in ad.specs if s.key.to_user_string() in in_job]
        if not ad.is_executable or not specs:
            continue
        steps.append(
            {
                "name": ad.node_def.name,
                "assets": {s.key.to_user_string(): sorted({d.asset_key.to_user_string() for d in s.deps}) for s in specs},
                "checks": [[c.asset_key.to_user_string(), c.name] for c in ad.check_specs],
            }
        )
    return steps


def child_noop(shape: list[dict]) -> dict:
    """Build and run the no-op copy of the job; the in-process split of its time."""
    t0 = time.perf_counter()
    import dagster as dg

    imported = time.perf_counter()

    def step(spec: dict):
        asset_specs = [dg.AssetSpec(key, deps=deps) for key, deps in spec["assets"].items()]
        check_specs = [dg.AssetCheckSpec(name, asset=key) for key, name in spec["checks"]]

        @dg.multi_asset(name=spec["name"], specs=asset_specs, check_specs=check_specs)
        def _noop():
            for key in spec["assets"]:
                yield dg.MaterializeResult(asset_key=key)
            for key, name in spec["checks"]:
                yield dg.AssetCheckResult(asset_key=key, check_name=name, passed=True)

        return _noop

    defs = dg.Definitions(assets=[step(s) for s in shape], jobs=[dg.define_asset_job("noop", selection=dg.AssetSelection.all())])
    job = defs.resolve_job_def("noop")
    built = time.perf_counter()
    instance = dg.DagsterInstance.get()
    got_instance = time.perf_counter()
    result = job.execute_in_process(instance=instance, raise_on_error=True, run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}})
    done = time.perf_counter()
    return {
        "import_dagster": round(imported - t0, 3),
        "definitions": round(built - imported, 3),
        "instance": round(got_instance - built, 3),
        "execute": round(done - got_instance, 3),
        "events": len(result.all_events),
        "steps": len(shape),
        "assets": sum(len(s["assets"]) for s in shape),
        "checks": sum(len(s["checks"]) for s in shape),
    }


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc.stdout


def measure(repeat: int = 5) -> dict:
    """Medians of `repeat` interleaved pairs: `import dagster` alone, the no-op job in a process."""
    shape = job_shape()
    home = Path(tempfile.mkdtemp(prefix="ctip-bench-dagster-"))
    try:
        shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
        (home / "shape.json").write_text(json.dumps(shape))
        env = {**os.environ, "DAGSTER_HOME": str(home)}
        imports, noops, splits = [], [], []
        for _ in range(repeat):
            imports.append(_timed([sys.executable, "-c", "import dagster"], env)[:2])
            wall, cpu, out = _timed([sys.executable, "-m", "bench.bench_dagster_floor", "--child", str(home / "shape.json")], env)
            noops.append((wall, cpu))
            splits.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(home, ignore_errors=True)

    def med(values) -> float:
        return round(statistics.median(values), 3)

    split = {k: med([s[k] for s in splits]) for k in ("import_dagster", "definitions", "instance", "execute")}
    return {
        "name": "dagster_floor",
        "job": JOB,
        "steps": splits[0]["steps"],
        "assets": splits[0]["assets"],
        "checks": splits[0]["checks"],
        "events": splits[0]["events"],
        "import_dagster_wall_seconds": med([w for w, _ in imports]),
        "import_dagster_cpu_seconds": med([c for _, c in imports]),
        "noop_run_wall_seconds": med([w for w, _ in noops]),
        "noop_run_cpu_seconds": med([c for _, c in noops]),
        # what bench_intake's "run_seconds" counts (after the imports): definitions, instance, execution
        "noop_run_in_process_seconds": round(split["definitions"] + split["instance"] + split["execute"], 3),
        "in_process_split": split,
        "repeat": repeat,
        "load_average": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Dagster's floor for one run of ctip's main job")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_noop(json.loads(Path(args.child).read_text()))))
        return
    print(json.dumps(measure(args.repeat)))


if __name__ == "__main__":
    main()

"""Time mart_estimates and mart_regional_estimates on a synthetic region the size of the CMC:
23 members x 15 years, every indicator and breakdown, 1,000 draws. Prints one line of JSON.

    python -m bench.bench_estimates
    python -m bench.bench_estimates warehouse WAREHOUSE --parts DIR [--out DIR] [--profile F]

`warehouse`: the estimates step's own work on a real warehouse (e.g. a bench_one_more state's
marts/warehouse.duckdb): its inputs and previous release read as `ctip.pipeline.estimate` reads
them, then `public_estimate_tables` with `--parts` as the per-indicator cache (an empty folder: a
cold run; the folder of an earlier run: a warm one). Prints the CPU seconds (user + system) of that
call; `--out` writes each estimate table as Parquet, its rows sorted, for `compare`. Run another
checkout's code with `PYTHONPATH=<checkout>/pipelines:<this checkout>`.

    python -m bench.bench_estimates compare OUT_A OUT_B
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

TARGET_SECONDS = 10


def run() -> dict:
    from ctip.estimate.estimates import build_estimates
    from ctip.estimate.regional import build_regional_estimates
    from tests.estimate.synthetic import synthetic_region

    fact, population, members, _ = synthetic_region(n_countries=23, n_years=15)
    start = time.perf_counter()
    estimates, draws = build_estimates(fact, population, members, first_year=2008, n_draws=1000)
    build_regional_estimates(estimates, draws, population, members)
    seconds = time.perf_counter() - start
    return {"name": "estimates_full_region", "seconds": round(seconds, 2), "target_seconds": TARGET_SECONDS}


def _sorted(frame):
    return frame.sort_values(list(frame.columns), ignore_index=True)


def warehouse(path: Path, parts: Path, out: Path | None, profile: Path | None) -> dict:
    import duckdb

    from ctip import pipeline

    with duckdb.connect(str(path), read_only=True) as con:
        have = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        tables = {name: con.execute(f'select * from "{name}"').df() for name in pipeline.ESTIMATE_READS if name in have}
    previous, _ = pipeline._previous_release(path)
    parts.mkdir(parents=True, exist_ok=True)
    cpu, wall = time.process_time(), time.perf_counter()
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        derived = profiler.runcall(pipeline.public_estimate_tables, tables, cache_dir=parts, previous=previous)
        profiler.dump_stats(str(profile))
    else:
        derived = pipeline.public_estimate_tables(tables, cache_dir=parts, previous=previous)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for name, frame in derived.items():
            _sorted(frame).to_parquet(out / f"{name}.parquet", index=False)
    return {"name": "estimates_of_warehouse", "cpu_seconds": round(cpu, 2), "wall_seconds": round(wall, 2), "load": os.getloadavg()[0]}


def compare(a: Path, b: Path) -> bool:
    """Every table in both folders equal, row for row (rows sorted), dtypes included."""
    import pandas as pd

    names = sorted({p.name for p in a.glob("*.parquet")} | {p.name for p in b.glob("*.parquet")})
    same = bool(names)
    for name in names:
        try:
            pd.testing.assert_frame_equal(pd.read_parquet(a / name), pd.read_parquet(b / name), check_exact=True)
            print(f"{name}: equal")
        except (AssertionError, FileNotFoundError) as e:
            print(f"{name}: DIFFERENT {str(e)[:300]}")
            same = False
    print("IDENTICAL" if same else "DIFFERENT")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    w = sub.add_parser("warehouse")
    w.add_argument("path")
    w.add_argument("--parts", required=True)
    w.add_argument("--out")
    w.add_argument("--profile")
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    args = parser.parse_args()
    if args.command == "warehouse":
        line = warehouse(Path(args.path), Path(args.parts), Path(args.out) if args.out else None, Path(args.profile) if args.profile else None)
        print(json.dumps(line))
    elif args.command == "compare":
        raise SystemExit(0 if compare(Path(args.a), Path(args.b)) else 1)
    else:
        print(json.dumps(run()))


if __name__ == "__main__":
    main()

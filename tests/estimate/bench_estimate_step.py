"""CPU of the estimates step (`estimate_tables`), cold and after one changed country, with the
proof that the cache changes no number. Not a test (it takes minutes); run it on a built warehouse:

    python -m tests.estimate.bench_estimate_step data/marts/warehouse.duckdb [--country JAM] [--indicator victims_detected]

Each measurement is a fresh process (imports included, as in a run): `cold` (empty cache),
`warm` (same inputs, cache filled by cold), `changed` (the country's reported figures in its last
three years +1, as a revised file would, optionally for one indicator only; cache filled by cold)
and `changed_nocache` (the same inputs without a cache: the numbers `changed` must equal).
Prints one JSON line per measurement: CPU seconds (user + system) of estimate_tables, this
process's and its child processes' (the fitting workers, counted once their forkserver is
stopped), wall seconds, and a hash of every output frame. `--workers N` sets estimate_workers."""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _frames(warehouse: Path, country: str | None, indicator: str | None) -> dict:
    import duckdb

    from ctip.pipeline import ESTIMATE_INPUTS

    with duckdb.connect(str(warehouse), read_only=True) as con:
        have = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        frames = {name: con.execute(f'select * from "{name}"').df() for name in ESTIMATE_INPUTS if name in have}
    if country:
        fact = frames["fact_observation"]
        last = fact.loc[fact["country_iso3"] == country, "year"].max()
        rows = (fact["country_iso3"] == country) & (fact["year"] > last - 3) & fact["value"].notna()
        if indicator:
            rows &= fact["indicator"] == indicator
        fact.loc[rows, "value"] = fact.loc[rows, "value"] + 1
    return frames


def _digest(tables: dict) -> str:
    h = hashlib.sha256()
    for name in sorted(tables):
        frame = tables[name]
        h.update(name.encode())
        h.update(frame.to_csv(index=False, float_format="%r").encode())
    return h.hexdigest()[:16]


def child(warehouse: Path, cache_dir: Path | None, country: str | None, indicator: str | None, force: bool = False) -> dict:
    """One measurement in this process (force: child processes whatever the machine's load)."""
    frames = _frames(warehouse, country, indicator)
    if force:
        from ctip.estimate import fit_pool

        fit_pool.FORCE = True
    from ctip.estimate.tables import estimate_tables

    # code from before the cache (PYTHONPATH=<old checkout>/pipelines) is measured without one
    kwargs = {"cache_dir": cache_dir} if "cache_dir" in inspect.signature(estimate_tables).parameters else {}
    before, start = _cpu(), time.perf_counter()
    tables = estimate_tables(frames, **kwargs)
    wall = time.perf_counter() - start
    _stop_forkserver()  # so that its CPU, and its children's (the fitting workers), is counted
    after = _cpu()
    cpu = {k: round(after[k] - before[k], 2) for k in after}
    out = {"cpu_s": round(sum(cpu.values()), 2), **cpu, "wall_s": round(wall, 2), "digest": _digest(tables), "rows": {k: len(v) for k, v in tables.items()}}
    if cache_dir is not None:  # the fit cache after the step: every file's name and bytes
        h = hashlib.sha256()
        for path in sorted(Path(cache_dir).glob("*.json")):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        out["cache_digest"] = h.hexdigest()[:16]
        # the models alone (a change of the fitting code renames every file: its key holds the code's hash)
        contents = sorted(path.read_bytes() for path in Path(cache_dir).glob("*.json"))
        out["cache_contents"] = hashlib.sha256(b"\0".join(contents)).hexdigest()[:16]
    return out


def _cpu() -> dict:
    """CPU seconds (user + system) of this process, and of its children that ended and were waited for."""
    import resource

    out = {}
    for name, who in (("self_cpu_s", resource.RUSAGE_SELF), ("children_cpu_s", resource.RUSAGE_CHILDREN)):
        usage = resource.getrusage(who)
        out[name] = usage.ru_utime + usage.ru_stime
    return out


def _stop_forkserver() -> None:
    """End the multiprocessing forkserver, if this process started one: it reaps the workers it
    forked, so once it is waited for, their CPU is in this process's RUSAGE_CHILDREN."""
    from multiprocessing import forkserver

    server = forkserver._forkserver
    if getattr(server, "_forkserver_pid", None) is not None:
        server._stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--country", default="JAM")
    parser.add_argument("--indicator", default=None)
    parser.add_argument("--only", default="cold,warm,changed,changed_nocache", help="measurements to run, comma-separated")
    parser.add_argument("--workers", default=None, help="CTIP_ESTIMATE_WORKERS for the measurements (default: the setting)")
    parser.add_argument("--force-children", action="store_true", help="fit in child processes whatever the load")
    parser.add_argument("--child", nargs=3, metavar=("CACHE", "COUNTRY", "INDICATOR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        cache, country, indicator = (None if v == "-" else v for v in args.child)
        print(json.dumps(child(args.warehouse, Path(cache) if cache else None, country, indicator, args.force_children)))
        return
    with tempfile.TemporaryDirectory(prefix="estimate-bench-") as tmp:
        cache = str(Path(tmp) / "cache")
        plan = [
            ("cold", cache, "-"),
            ("warm", cache, "-"),
            ("changed", cache, args.country),
            ("changed_nocache", "-", args.country),
        ]
        results = {}
        for name, cache_arg, country in plan:
            if name not in args.only.split(","):
                continue
            command = [sys.executable, "-m", "tests.estimate.bench_estimate_step", str(args.warehouse), "--child", cache_arg, country, args.indicator or "-"]
            command += ["--force-children"] if args.force_children else []
            env = {**os.environ, **({"CTIP_ESTIMATE_WORKERS": args.workers} if args.workers is not None else {})}
            out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout.strip().splitlines()[-1]
            results[name] = json.loads(out)
            print(json.dumps({"measure": name, **results[name]}), flush=True)
        if "changed" in results and "changed_nocache" in results:
            same = results["changed"]["digest"] == results["changed_nocache"]["digest"]
            print(json.dumps({"measure": "changed_equals_nocache", "identical": same}))


if __name__ == "__main__":
    main()

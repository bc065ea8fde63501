"""One more file into a warehouse in use, measured cheaply and the same way each time.

`prepare` builds the state once (the messy corpus, a cold `ctip run`, one added file and its run:
a warehouse past its first release; then another file dropped, its arrival recorded, so that
every run publishes the same `received_at`); `run` restores a copy of it, runs bench_intake's child once and
prints its steps with the process's CPU (user + system, children included) and the load average;
`compare` says whether two runs' outputs are the same. `--code DIR` runs another checkout (e.g.
`git archive` of the code before a change) on the same state, with this checkout's interpreter.

    python -m bench.bench_one_more prepare STATE [--files 200]
    python -m bench.bench_one_more run STATE [--code DIR] [--keep OUT] [--profile F]
    python -m bench.bench_one_more compare OUT_A OUT_B
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def _child_run(root: Path, code: Path, profile: Path | None = None) -> dict:
    from bench.bench_intake import _env

    env = _env(root)
    env["PYTHONPATH"] = os.pathsep.join([str(code / "pipelines"), str(code)])
    cmd = ["nice", "-n", "5", sys.executable, "-m", "bench.bench_intake", "--child", "run", "--root", str(root)]
    if profile is not None:
        cmd += ["--profile", str(profile)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()
    proc = subprocess.run(cmd, env=env, cwd=code, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"the run failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["cpu_seconds"] = round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2)
    out["load"] = [round(x, 2) for x in (*load, *os.getloadavg())]
    return out


def _root(state: Path) -> Path:
    """Where the state is built and every run happens: always the same path, since the warehouse's
    caches and stamps hold absolute paths."""
    return state.with_name(state.name + ".run")


def _arrive(root: Path, seed: int) -> None:
    """The file added and its arrival recorded now, once: every run of the state publishes the
    same `received_at`."""
    from bench.bench_intake import _add_one_file, _env

    _add_one_file(root / "raw", seed)
    code = "from ctip.pipeline import discover_settled; discover_settled()"
    subprocess.run([sys.executable, "-c", code], env=_env(root), cwd=HERE, check=True)


def _checked(run: dict, what: str) -> dict:
    if not run["success"]:  # e.g. the disclosure audit refusing a release: the state is unusable
        raise SystemExit(f"the {what} failed: {run['error']}")
    return run


def prepare(state: Path, files: int, seed: int) -> None:
    from bench.bench_intake import _add_one_file
    from bench.messy import generate_messy

    root = _root(state)
    for d in (state, root):
        shutil.rmtree(d, ignore_errors=True)
    generate_messy(root / "raw", files)
    cold = _checked(_child_run(root, HERE), "cold run")
    _add_one_file(root / "raw", 99)
    first = _checked(_child_run(root, HERE), "first one-more-file run")
    _arrive(root, seed)
    shutil.copytree(root, state, symlinks=True)
    shutil.rmtree(root, ignore_errors=True)
    print(json.dumps({"cold_run_seconds": round(cold["run_seconds"], 2), "one_more_file_seconds": round(first["run_seconds"], 2)}))


def run(state: Path, code: Path, keep: Path | None, profile: Path | None) -> dict:
    root = _root(state)
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(state, root, symlinks=True)
    try:
        t = time.perf_counter()
        out = _child_run(root, code, profile)
        out["wall_seconds"] = round(time.perf_counter() - t, 2)
        if keep is not None:
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(root / "marts", keep, symlinks=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    line = {k: out[k] for k in ("run_seconds", "cpu_seconds", "wall_seconds", "steps", "load", "success", "error")}
    line["run_seconds"] = round(line["run_seconds"], 2)
    return line


def _tables(path: Path) -> dict[str, object]:
    import duckdb

    from ctip.warehouse.checksum import table_checksums

    sums: dict[str, object] = dict(table_checksums(path))
    if "release_cells" in sums:  # each release carries its own time (the warehouse holds a copy)
        with duckdb.connect(str(path), read_only=True) as con:
            cols = [r[0] for r in con.execute("describe release_cells").fetchall() if r[0] != "released_at"]
            sums["release_cells"] = con.execute(
                f"select count(*), md5(string_agg(r, chr(10) order by r)) from (select ({', '.join(cols)})::varchar r from release_cells)"
            ).fetchone()
    return sums


def _internal(rel: Path) -> bool:
    return rel.name == ".inputs.json" or rel.parts[0] == ".cache"


def compare(a: Path, b: Path) -> bool:
    """Warehouse and release tables, every export file (MANIFEST.json without written_at and
    warehouse_sha256: the file's bytes differ between two builds of the same tables), the report."""
    same = True
    for db in ("warehouse.duckdb", "releases.duckdb"):
        if not (a / db).exists() and not (b / db).exists():
            print(f"{db}: on neither side")
            continue
        ta, tb = _tables(a / db), _tables(b / db)
        differ = sorted(t for t in set(ta) | set(tb) if ta.get(t) != tb.get(t))
        print(f"{db}: {len(ta)} tables, differ: {differ or 'none'}")
        same &= not differ
    for folder in ("exports", "report"):
        if not (a / folder).is_dir() and not (b / folder).is_dir():
            print(f"{folder}: on neither side")
            continue
        fa = {p.relative_to(a / folder) for p in (a / folder).rglob("*") if p.is_file()}
        fb = {p.relative_to(b / folder) for p in (b / folder).rglob("*") if p.is_file()}
        # not internal stamps and caches (the chart cache's entries are named by the report's code)
        differ = sorted(str(p) for p in fa ^ fb if not _internal(p))
        for rel in sorted(fa & fb):
            if _internal(rel):
                continue
            if rel.name == "MANIFEST.json":
                ma, mb = (json.loads((x / folder / rel).read_text()) for x in (a, b))
                for m in (ma, mb):
                    m.pop("written_at", None)
                    m.pop("warehouse_sha256", None)
                if ma != mb:
                    differ.append(str(rel))
            elif hashlib.sha256((a / folder / rel).read_bytes()).digest() != hashlib.sha256((b / folder / rel).read_bytes()).digest():
                differ.append(str(rel))
        print(f"{folder}: {len(fa)} files, differ: {differ or 'none'}")
        same &= not differ
    print("IDENTICAL" if same else "DIFFERENT")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("state")
    p.add_argument("--files", type=int, default=200)
    p.add_argument("--seed", type=int, default=98, help="of the file each run adds")
    r = sub.add_parser("run")
    r.add_argument("state")
    r.add_argument("--code", default=str(HERE), help="the checkout to run (default: this one)")
    r.add_argument("--keep", help="copy the run's marts (warehouse, exports, report) here")
    r.add_argument("--profile", help="cProfile the run into this file")
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(Path(args.state).resolve(), args.files, args.seed)
    elif args.command == "run":
        line = run(
            Path(args.state).resolve(),
            Path(args.code).resolve(),
            Path(args.keep).resolve() if args.keep else None,
            Path(args.profile).resolve() if args.profile else None,
        )
        print(json.dumps(line))
    else:
        raise SystemExit(0 if compare(Path(args.a), Path(args.b)) else 1)


if __name__ == "__main__":
    main()

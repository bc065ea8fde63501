"""`python -m bench` (or `make bench`): every benchmark, one JSON line each on stdout, progress
on stderr. Not part of the test suite.

    python -m bench                 # cli and intake: the ratios of issue 13, a few minutes
    python -m bench cli             # `ctip --help` and `ctip check` against the import floor
    python -m bench intake          # floor, peer, full run, facts published, one more file, memory (500/100 synthetic files)
    python -m bench messy           # the same on ~200 messy submissions + the GLOTIP export (issue 13's corpus)
    python -m bench dagster         # Dagster's floor: the main job's steps doing nothing, in a fresh process
    python -m bench estimates       # the estimates alone (synthetic region)
    python -m bench mse             # MSE, 8 lists, 1,000 bootstrap replicates
    python -m bench.bench_scaling   # run time from 1x to 10x the intake corpus (docs/scaling.md)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = {
    "cli": ["bench.bench_cli"],
    "intake": ["bench.bench_intake"],
    "messy": ["bench.bench_intake", "--corpus", "messy"],
    "dagster": ["bench.bench_dagster_floor"],
    "estimates": ["bench.bench_estimates"],
    "mse": ["bench.bench_mse"],
}

DEFAULT = ("cli", "dagster", "messy", "intake")  # `make bench`: minutes, not a quarter of an hour


def main(argv: list[str]) -> int:
    wanted = argv or list(DEFAULT)
    unknown = [w for w in wanted if w not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    status = 0
    for name in wanted:
        print(f"== {name} (load average {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
        # Each benchmark in its own process: imports and memory of one never weigh on another.
        proc = subprocess.run([sys.executable, "-m", *BENCHMARKS[name]], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for line in proc.stdout.splitlines():
            line = line.strip()
            if line.startswith("{"):
                print(line, flush=True)
        if proc.returncode != 0:
            print(json.dumps({"name": name, "error": f"exit status {proc.returncode}"}), flush=True)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

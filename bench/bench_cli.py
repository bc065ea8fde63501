"""The analyst's commands against the import floor, in one run: `python -c "import pandas,
python_calamine"` (a Python that can read a spreadsheet), `ctip --help` and `ctip check` on a
small workbook, interleaved (floor, help, check, floor, help, check, ...) so that the machine's
load weighs on all three alike; medians of wall and of CPU time (user + system, which the load
barely moves) and their ratios to the floor's.

    python -m bench.bench_cli [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"help": 1.0, "check": 2.0}  # issue 13: ratio to the import floor


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system of the child). On a shared machine the CPU time
    barely moves with the load; the wall time does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def small_workbook(folder: Path) -> Path:
    """A two-indicator, two-year wide table (what an analyst checks between two edits)."""
    import openpyxl

    path = folder / "JAM" / "small.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Statistics"
    ws.append(["Trafficking in persons, Jamaica"])
    ws.append(["Indicator", 2020, 2021])
    ws.append(["Victims identified", 3, 4])
    ws.append(["Persons prosecuted", 1, 2])
    wb.save(path)
    return path


def run(repeat: int = 7) -> dict:
    ctip = str(Path(sys.executable).with_name("ctip"))
    with tempfile.TemporaryDirectory(prefix="ctip-bench-cli-") as tmp:
        tmp_path = Path(tmp)
        path = small_workbook(tmp_path / "raw")
        env = {**os.environ, "CTIP_MARTS": str(tmp_path / "marts")}
        commands = {
            "floor": [sys.executable, "-c", "import pandas, python_calamine"],
            "help": [ctip, "--help"],
            "check": [ctip, "check", str(path), "--out", str(tmp_path / "feedback")],
        }
        for cmd in commands.values():  # warm the page cache and the bytecode
            _timed(cmd, env)
        walls: dict[str, list[float]] = {k: [] for k in commands}
        cpus: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(repeat):
            for name, cmd in commands.items():
                wall, cpu = _timed(cmd, env)
                walls[name].append(wall)
                cpus[name].append(cpu)
    med = {k: statistics.median(v) for k, v in walls.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpus.items()}
    out = {
        "name": "cli_vs_import_floor",
        "repeat": repeat,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "median_seconds": {k: round(v, 3) for k, v in med.items()},
        "ratio_to_floor": {k: round(med[k] / med["floor"], 2) for k in ("help", "check")},
        "median_cpu_seconds": {k: round(v, 3) for k, v in cpu_med.items()},
        "cpu_ratio_to_floor": {k: round(cpu_med[k] / cpu_med["floor"], 2) for k in ("help", "check")},
        "target_ratio": TARGETS,
    }
    out["met"] = all(out["ratio_to_floor"][k] <= t for k, t in TARGETS.items())
    out["met_cpu"] = all(out["cpu_ratio_to_floor"][k] <= t for k, t in TARGETS.items())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_cli")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    result = run(args.repeat)
    r, m = result["ratio_to_floor"], result["median_seconds"]
    rc, c = result["cpu_ratio_to_floor"], result["median_cpu_seconds"]
    print(
        f"wall: floor {m['floor']:.2f} s; ctip --help {m['help']:.2f} s ({r['help']}x); ctip check {m['check']:.2f} s "
        f"({r['check']}x)\nCPU:  floor {c['floor']:.2f} s; ctip --help {c['help']:.2f} s ({rc['help']}x); "
        f"ctip check {c['check']:.2f} s ({rc['check']}x); load {result['load_average']}",
        file=sys.stderr,
    )
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How run time grows with the corpus: `ctip run` (the Dagster job, in process) over k times the
intake benchmark corpus (25 country folders × 20 files each), for k in --multipliers.

    python -m bench.bench_scaling --multipliers 1,2,10

Prints one JSON line per size and writes the table into docs/scaling.md (between markers)."""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import tempfile
import time
from pathlib import Path

from bench.bench_intake import _child, _say
from bench.corpus import generate

DOC = Path(__file__).resolve().parents[1] / "docs" / "scaling.md"
BEGIN, END = "<!-- scaling:begin -->", "<!-- scaling:end -->"


def measure(multiplier: int, countries: int = 25, files: int = 20) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"ctip-scaling-{multiplier}x-"))
    try:
        # k copies of the benchmark corpus, each drawn with its own seed (different figures, so
        # different content hashes), in batch sub-folders of the same country folders: file
        # names and years stay those of the 1x corpus, only the amount grows.
        corpus = []
        for k in range(multiplier):
            part = root / f"part{k}"
            corpus += generate(part, n_countries=countries, files_per_country=files, seed=2024 + k)
            for f in sorted(p for p in part.rglob("*") if p.is_file()):
                rel = f.relative_to(part)
                target = root / "raw" / rel.parts[0] / f"batch{k:02d}" / Path(*rel.parts[1:])
                target.parent.mkdir(parents=True, exist_ok=True)
                f.rename(target)
            shutil.rmtree(part)
        _say(f"{multiplier}x: {len(corpus)} files; running ctip run ...")
        result, wall = _child("run", root, root / "bench.log")
        return {
            "name": "scaling",
            "multiplier": multiplier,
            "files": len(corpus),
            "run_seconds": round(result["run_seconds"], 1),
            "wall_seconds": round(wall, 1),
            "seconds_per_file": round(result["run_seconds"] / len(corpus), 3),
            "peak_mb": round(result["peak_mb"]),
            "steps": result["steps"],
            "success": result["success"],
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def write_doc(rows: list[dict]) -> None:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "?")
    lines = [
        BEGIN,
        f"Measured {time.strftime('%Y-%m-%d')} on {cpu}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}; "
        "`python -m bench.bench_scaling`. Run time is inside the process, after imports; steps are Dagster's step times.",
        "",
        "| corpus | files | run (s) | per file (s) | peak memory (MB) | staged_submission (s) | warehouse (s) | estimates (s) | exports + report (s) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        s = r["steps"]
        lines.append(
            f"| {r['multiplier']}× | {r['files']} | {r['run_seconds']} | {r['seconds_per_file']} | {r['peak_mb']} | "
            f"{s.get('staged_submission', '')} | {s.get('warehouse', '')} | {s.get('estimates', '')} | "
            f"{round(s.get('open_exports', 0) + s.get('report', 0), 1)} |"
        )
    lines.append(END)
    text = DOC.read_text(encoding="utf-8")
    block = "\n".join(lines)
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="run time against corpus size")
    parser.add_argument("--multipliers", default="1,2,5,10")
    args = parser.parse_args()
    rows = []
    for m in [int(x) for x in args.multipliers.split(",")]:
        row = measure(m)
        print(json.dumps(row), flush=True)
        rows.append(row)
        write_doc(rows)


if __name__ == "__main__":
    main()

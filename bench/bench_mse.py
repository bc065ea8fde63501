"""Time Multiple Systems Estimation with 8 lists and 1,000 bootstrap replicates (New Orleans,
185 victims; the stepwise selection is re-run on every replicate). Prints one line of JSON.

    python -m bench.bench_mse
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from ctip.estimate.mse import estimate_population, read_capture_table

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "mse" / "NewOrl.csv"
TARGET_SECONDS = 30


def run() -> dict:
    table = read_capture_table(DATA)
    start = time.perf_counter()
    result = estimate_population(table, method="stepwise", n_boot=1000, seed=2021)
    seconds = time.perf_counter() - start
    return {
        "name": "mse_8_lists_1000_bootstrap",
        "seconds": round(seconds, 2),
        "target_seconds": TARGET_SECONDS,
        "estimate": round(result.estimate, 1),
        "ci": [round(result.ci_lower), round(result.ci_upper)],
    }


if __name__ == "__main__":
    print(json.dumps(run()))

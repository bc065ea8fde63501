"""Time mart_estimates and mart_regional_estimates on a synthetic region the size of the CMC:
23 members x 15 years, every indicator and breakdown, 1,000 draws. Prints one line of JSON.

    python -m bench.bench_estimates
"""

from __future__ import annotations

import json
import time

from ctip.estimate.estimates import build_estimates
from ctip.estimate.regional import build_regional_estimates
from tests.estimate.synthetic import synthetic_region

TARGET_SECONDS = 10


def run() -> dict:
    fact, population, members, _ = synthetic_region(n_countries=23, n_years=15)
    start = time.perf_counter()
    estimates, draws = build_estimates(fact, population, members, first_year=2008, n_draws=1000)
    build_regional_estimates(estimates, draws, population, members)
    seconds = time.perf_counter() - start
    return {"name": "estimates_full_region", "seconds": round(seconds, 2), "target_seconds": TARGET_SECONDS}


if __name__ == "__main__":
    print(json.dumps(run()))

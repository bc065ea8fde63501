"""attack4 I-P: one capture table of 10 agencies (1,023 patterns) held a run's estimates step for
over 15 minutes. A run estimates tables of at most `mse_max_lists` lists (schemas/estimation.yaml);
a larger one is a row 'not estimable' with the reason, at once, and the others are estimated."""

from __future__ import annotations

import itertools
import time

import pandas as pd

from ctip.estimate.rules import estimation_settings
from ctip.estimate.tables import hidden_victims


def _capture(iso3: str, n_lists: int, count: int) -> pd.DataFrame:
    names = [f"L{i}" for i in range(n_lists)]
    rows = [p for p in itertools.product([0, 1], repeat=n_lists) if any(p)]
    return pd.DataFrame(
        {
            "country_iso3": iso3,
            "year": 2021,
            "lists": ",".join(names),
            "pattern": [",".join(map(str, p)) for p in rows],
            "count": count,
        }
    )


def test_a_table_of_too_many_lists_is_not_estimated_and_the_others_are():
    limit = estimation_settings()["mse_max_lists"]
    capture = pd.concat([_capture("JAM", 10, 3), _capture("GUY", 3, 20)], ignore_index=True)
    start = time.monotonic()
    out = hidden_victims(capture, n_boot=20, max_lists=limit).set_index("country_iso3")
    assert time.monotonic() - start < 120  # the 10-list table is refused, not searched
    assert pd.isna(out.loc["JAM", "estimate"]) and f"at most {limit} lists" in out.loc["JAM", "warnings"]
    assert out.loc["GUY", "estimate"] >= out.loc["GUY", "observed"] > 0

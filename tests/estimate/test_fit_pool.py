"""Fits in child processes change nothing but the time: the same models and estimates, bit for
bit, as all fits in one process; a child that cannot start or dies hands its fit back; no child
outlives the step, also when it fails."""

from __future__ import annotations

import multiprocessing
import time
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ctip.estimate import fit_cache, fit_pool
from ctip.estimate.estimates import simulate_estimates
from ctip.estimate.model import fit_count_model
from ctip.estimate.panel import INDICATORS, build_panel
from ctip.warehouse.cells import is_total_row
from tests.estimate import fit_pool_helpers
from tests.estimate.synthetic import synthetic_region

YEARS = range(2008, 2016)
N_DRAWS = 120


@cache
def region():
    fact, population, members, _ = synthetic_region(n_countries=8, n_years=len(YEARS), seed=11)
    return fact, population, members


@cache
def inline_fits() -> dict[str, str]:
    """Every indicator's fit in this process, as JSON (fit_cache: every number bit for bit)."""
    return {name: fit_cache.dumps(fit_count_model(frame)) for name, frame in totals().items()}


def _assert_inline(models: dict) -> None:
    assert {name: fit_cache.dumps(model) for name, model in models.items()} == inline_fits()


def totals(marker: Path | None = None) -> dict[str, pd.DataFrame]:
    fact, population, members = region()
    panel = build_panel(fact, population, members, YEARS[0], None)
    out = {}
    for indicator in INDICATORS:
        cells = panel[(panel["indicator"] == indicator) & is_total_row(panel)].reset_index(drop=True)
        if marker is not None:
            cells.attrs["marker"] = str(marker)
        out[indicator] = cells
    return out


def _children_that_ran(marker: Path) -> set[int]:
    return {int(p.name.split("-")[0]) for p in marker.iterdir()}


def _gone(pid: int, timeout: float = 10.0) -> bool:
    """No such process (or only its zombie, about to be reaped by the forkserver)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def _assert_no_children(pids: set[int]) -> None:
    assert multiprocessing.active_children() == []
    assert all(_gone(pid) for pid in pids), pids


def test_fits_in_a_child_are_the_inline_fits_bit_for_bit(tmp_path):
    cells = totals(tmp_path)
    fitted = fit_pool.fit_shared(cells, 1, fit=fit_pool_helpers.child_first)
    assert set(fitted) == set(cells)
    children = _children_that_ran(tmp_path)
    assert children and fit_pool.LAST["in_children"]  # a child did fit some indicators
    _assert_inline(fitted)
    _assert_no_children(children)


def test_estimates_with_workers_are_the_estimates_without(tmp_path, monkeypatch):
    monkeypatch.setattr(fit_pool, "FORCE", True)  # children whatever the machine's load
    fact, population, members = region()

    def run(cache_dir, w):
        return simulate_estimates(fact, population, members, first_year=YEARS[0], n_draws=N_DRAWS, seed=5, cache_dir=cache_dir, workers=w)

    inline, parallel = run(tmp_path / "inline", 0), run(tmp_path / "parallel", 2)
    pd.testing.assert_frame_equal(inline[0], parallel[0], check_exact=True)
    pd.testing.assert_frame_equal(inline[1].keys, parallel[1].keys, check_exact=True)
    assert np.array_equal(inline[1].values, parallel[1].values, equal_nan=True)
    files = {p.name: p.read_bytes() for p in (tmp_path / "inline").iterdir()}
    assert files and files == {p.name: p.read_bytes() for p in (tmp_path / "parallel").iterdir()}  # the same cache
    assert multiprocessing.active_children() == []


def test_a_child_that_dies_hands_its_fit_back(tmp_path, monkeypatch):
    cells = totals(tmp_path)
    monkeypatch.setattr(fit_pool, "FORCE", True)
    monkeypatch.setattr(fit_pool, "fit_count_model", fit_pool_helpers.dies_in_child)
    fitted = fit_pool.fit_shared(cells, 1, fit=fit_pool_helpers.dies_in_child)
    assert 0 < len(fitted) < len(cells)  # the child's fit is missing: the caller runs it
    _assert_inline(fit_pool.fit_models(cells, None, workers=1))  # which does
    _assert_no_children(_children_that_ran(tmp_path))


def test_a_child_that_cannot_start_leaves_every_fit_here(tmp_path, monkeypatch):
    class NoChildren:
        def __init__(self, *args, **kwargs):
            pass

        def submit(self, *args, **kwargs):
            raise OSError("cannot start a process")

        def shutdown(self, *args, **kwargs):
            pass

    cells = totals()
    monkeypatch.setattr(fit_pool, "FORCE", True)
    monkeypatch.setattr(fit_pool, "ProcessPoolExecutor", NoChildren)
    models = fit_pool.fit_models(cells, tmp_path, workers=1)
    assert fit_pool.LAST["in_children"] == [] and fit_pool.LAST["here"]  # fits ran, none in a child
    _assert_inline(models)


def test_no_child_outlives_a_failed_step(tmp_path):
    cells = totals(tmp_path)
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="failed in the parent"):
        fit_pool.fit_shared(cells, 1, fit=fit_pool_helpers.fails_here)
    assert time.monotonic() - start < 120  # the child's 300 s fit was stopped, not waited for
    children = _children_that_ran(tmp_path)
    assert children
    _assert_no_children(children)


def test_one_fit_to_run_starts_no_child(tmp_path, monkeypatch):
    monkeypatch.setattr(fit_pool, "FORCE", True)
    cells = totals()
    fit_pool.fit_models(cells, tmp_path, workers=1)
    first = next(name for name in cells if fit_pool.needs_fit(cells[name]))
    changed = dict(cells)
    changed[first] = cells[first].assign(hi=cells[first]["hi"] + 1, lo=cells[first]["lo"] + 1)
    monkeypatch.setattr(fit_pool, "fit_shared", lambda *a, **k: pytest.fail("a child for one fit"))
    models = fit_pool.fit_models(changed, tmp_path, workers=1)
    assert fit_cache.dumps(models[first]) == fit_cache.dumps(fit_count_model(changed[first]))


@pytest.mark.parametrize(("load", "spare"), [(0.2, 1), (1.0, 1), (1.4, 1), (1.6, 0), (3.0, 0), (9.0, 0)])
def test_a_child_only_with_a_core_to_spare(monkeypatch, load, spare):
    """2 cores: this process's own load is its own core; a child needs the other mostly idle."""
    monkeypatch.setattr(fit_pool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(fit_pool.os, "getloadavg", lambda: (load, load, load))
    assert fit_pool.spare_cores() == spare
    started = []
    monkeypatch.setattr(fit_pool, "fit_shared", lambda cells, children, fit: started.append(children) or {})
    monkeypatch.setattr(fit_pool, "fit_count_model", lambda cells: None)
    monkeypatch.setattr(fit_cache, "fit_count_model", lambda cells: None)
    fit_pool.fit_models(totals(), None, workers=1)
    assert started == ([1] if spare else [])

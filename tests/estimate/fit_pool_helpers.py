"""Fit functions for tests/estimate/test_fit_pool.py that behave differently in a child process
(the child imports them from here: they must be importable, not defined in the test module).

Each reads a folder from the cells' attrs (`marker`): a child writes its process id there when it
starts a fit, so the test knows a child really ran one, and which process to look for afterwards."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pandas as pd

from ctip.estimate.model import fit_count_model


def _in_child() -> bool:
    return multiprocessing.parent_process() is not None


def _mark(cells: pd.DataFrame) -> None:
    folder = Path(cells.attrs["marker"])
    (folder / f"{os.getpid()}-{cells['indicator'].iloc[0]}").write_text("started", encoding="utf-8")


def wait_for_child(cells: pd.DataFrame, timeout: float = 120.0) -> None:
    """Block until a child has started a fit (marker written), or timeout."""
    end = time.monotonic() + timeout
    while not any(Path(cells.attrs["marker"]).iterdir()) and time.monotonic() < end:
        time.sleep(0.05)


def child_first(cells: pd.DataFrame):
    """The real fit; here, only once a child has started one, so that the children fit some."""
    if _in_child():
        _mark(cells)
    else:
        wait_for_child(cells)
    return fit_count_model(cells)


def dies_in_child(cells: pd.DataFrame):
    """A child dies (as if killed by the out-of-memory killer) at its first fit; here, the real fit."""
    if _in_child():
        _mark(cells)
        os._exit(3)
    wait_for_child(cells)
    return fit_count_model(cells)


def fails_here(cells: pd.DataFrame):
    """A child sits in a long fit; here, the fit fails once the child is busy."""
    if _in_child():
        _mark(cells)
        time.sleep(300)
        return None
    wait_for_child(cells)
    raise RuntimeError("the fit failed in the parent")

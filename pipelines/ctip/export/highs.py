"""One component's linear program kept loaded in HiGHS and re-solved for each objective.

`scipy.optimize.linprog(method="highs")` builds, checks and presolves the whole problem again on
every call (about 2.5 ms of Python around a sub-millisecond solve for the audit's small
components), and the audit solves the same constraints for many objectives. Here the model is
passed to HiGHS once, with the options linprog uses, and each solve only changes the costs, so
HiGHS starts from the previous optimal basis. The optimal values are the same (the audit reads
the optimum and which bounds some optimal point reaches, not the path to it); the statuses are
mapped as linprog maps them.

HiGHS is reached through the bindings scipy ships (`scipy.optimize._highspy`, the module linprog
itself calls); if a scipy version lacks them, `HighsProgram.make` returns None and the audit
falls back to linprog."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

try:  # scipy's own HiGHS bindings (private: checked once, linprog is the fallback)
    from scipy.optimize._highspy import _core as _h

    _STATUS = {
        _h.HighsModelStatus.kOptimal: 0,
        _h.HighsModelStatus.kTimeLimit: 1,
        _h.HighsModelStatus.kIterationLimit: 1,
        _h.HighsModelStatus.kInfeasible: 2,
        _h.HighsModelStatus.kModelError: 2,
        _h.HighsModelStatus.kUnbounded: 3,
    }
    _INF = _h.kHighsInf
except (ImportError, AttributeError):  # pragma: no cover - depends on the scipy build
    _h = None


@dataclass
class Result:
    """What the audit reads of a linprog result."""

    status: int  # linprog's codes: 0 optimal, 1 limit, 2 infeasible, 3 unbounded, 4 other
    fun: float | None
    x: np.ndarray | None


_local = threading.local()


def _solver():
    """This thread's HiGHS instance (creating one costs more than solving a small component);
    each program clears it and passes its own model."""
    highs = getattr(_local, "highs", None)
    if highs is None:
        highs = _h._Highs()
        options = _h.HighsOptions()
        # linprog's settings (scipy.optimize._linprog_highs): presolve on, dual simplex, silent.
        options.presolve = "on"
        options.output_flag = False
        options.log_to_console = False
        options.simplex_strategy = 1  # kSimplexStrategyDual, as linprog
        highs.passOptions(options)
        _local.highs = highs
    return highs


class HighsProgram:
    """min c.x subject to a x = b, lower <= x <= upper, for several c. One program at a time per
    thread: making the next one replaces this one's model."""

    def __init__(self, a: np.ndarray, b: np.ndarray, lower: np.ndarray, upper: np.ndarray):
        m, n = a.shape
        self.n = n
        highs = _solver()
        highs.clearModel()  # and the previous program's basis and solution
        lp = _h.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = m
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.where(np.isinf(lower), -_INF, lower).astype(float)
        lp.col_upper_ = np.where(np.isinf(upper), _INF, upper).astype(float)
        lp.row_lower_ = np.asarray(b, dtype=float)
        lp.row_upper_ = np.asarray(b, dtype=float)
        cols, rows = np.nonzero(a.T)  # column-wise: (column, row) pairs in column order
        lp.a_matrix_.format_ = _h.MatrixFormat.kColwise
        lp.a_matrix_.num_col_ = n
        lp.a_matrix_.num_row_ = m
        lp.a_matrix_.start_ = np.searchsorted(cols, np.arange(n + 1)).astype(np.int32)
        lp.a_matrix_.index_ = rows.astype(np.int32)
        lp.a_matrix_.value_ = a[rows, cols].astype(float)
        if highs.passModel(lp) == _h.HighsStatus.kError:
            raise ValueError("HiGHS refused the model")
        self.highs = highs
        self.columns = np.arange(n, dtype=np.int32)

    @classmethod
    def make(cls, a: np.ndarray, b: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> HighsProgram | None:
        if _h is None:
            return None
        return cls(a, b, lower, upper)

    def minimise(self, objective: np.ndarray) -> Result:
        highs = self.highs
        highs.changeColsCost(self.n, self.columns, np.asarray(objective, dtype=float))
        if highs.run() == _h.HighsStatus.kError:
            return Result(4, None, None)
        status = _STATUS.get(highs.getModelStatus(), 4)
        if status != 0:
            return Result(status, None, None)
        x = np.array(highs.getSolution().col_value)
        return Result(0, float(highs.getInfo().objective_function_value), x)

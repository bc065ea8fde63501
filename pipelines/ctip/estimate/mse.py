"""Multiple systems estimation (MSE) of the hidden number of trafficking victims.

Each source agency is a "list"; a capture table counts the cases seen on
each combination of lists. A Poisson log-linear model over all 2^k - 1
observable combinations predicts the count of the one combination nobody can
see (on no list); the population estimate is observed + that count.

The method is the stepwise model selection with BCa bootstrap intervals of
Chan, Silverman & Vincent (2021), "Multiple systems estimation for sparse
capture data", JASA 116:1297-1306 (R package SparseMSE); see ``mse_model``
and ``mse_bootstrap`` for the details and the one deliberate difference.
A second method, ``model-average`` (``mse_average``), weighs every model with
a finite estimate, so the interval also carries the uncertainty of the choice
of model. Every estimate carries warnings when it is fragile (``mse_warnings``).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import Any

import numpy as np
import pandas as pd

from ctip.contracts import columns
from ctip.estimate.mse_average import model_average
from ctip.estimate.mse_bootstrap import bca_bootstrap_with_replicates
from ctip.estimate.mse_input import COUNT, cell_counts, read_capture_table, tables_from_long
from ctip.estimate.mse_model import Design, ModelFit, check_model, fit_model, stepwise_fit
from ctip.estimate.mse_warnings import mse_warnings

log = logging.getLogger(__name__)

__all__ = [
    "HIDDEN_VICTIMS_COLUMNS",
    "METHODS",
    "MSEResult",
    "add_mse_parser",
    "estimate_hidden_victims",
    "estimate_population",
    "main",
    "mse_command",
    "read_capture_table",
    "run_mse",
]

METHODS = ("stepwise", "main-effects", "model-average")
HIDDEN_VICTIMS_COLUMNS = columns("mart_hidden_victims")  # schemas/tables.yaml


@dataclass(frozen=True)
class MSEResult:
    """Population estimate with its bootstrap interval and selected model."""

    observed: int
    estimate: float
    ci_lower: float  # NaN when no bootstrap was run (n_boot=0)
    ci_upper: float
    lists: list[str]  # the lists modelled (lists with no cases are left out)
    model: list[str]  # two-list interactions selected, e.g. ["D:E"] (model-average: the heaviest model)
    method: str
    warnings: tuple[str, ...] = ()  # why the estimate may be fragile, in plain words

    @property
    def hidden(self) -> float:
        """Estimated victims seen on no list."""
        return self.estimate - self.observed

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; missing interval ends become None."""

        def num(x: float) -> float | None:
            return None if not math.isfinite(x) else float(x)

        return {
            "observed": self.observed,
            "estimate": num(self.estimate),
            "ci_lower": num(self.ci_lower),
            "ci_upper": num(self.ci_upper),
            "lists": list(self.lists),
            "model": list(self.model),
            "method": self.method,
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------
# Estimation


def _fit(design: Design, y: np.ndarray, method: str, p_threshold: float, allow_empty: bool) -> ModelFit:
    if method == "stepwise":
        return stepwise_fit(design, y, p_threshold, allow_empty)
    return fit_model(design, y)


def estimate_population(
    table: pd.DataFrame | str | PathLike[str],
    method: str = "stepwise",
    p_threshold: float = 0.02,
    n_boot: int = 1000,
    seed: int = 2021,
    alpha: float = 0.05,
    allow_empty_overlaps: bool = False,
) -> MSEResult:
    """Estimate the total population (observed + hidden) from a capture table.

    ``method="stepwise"`` adds two-list interactions one at a time while the
    best one has p < ``p_threshold``; ``"main-effects"`` assumes independent
    lists. The 1 - ``alpha`` interval is a BCa bootstrap over ``n_boot``
    replicates that repeat the model selection; ``n_boot=0`` skips it.
    ``allow_empty_overlaps=True`` lets the stepwise search add interactions
    of lists with no case in common, exactly as SparseMSE does (see
    ``mse_model.stepwise_fit``).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    if not 0 <= p_threshold < 1:
        raise ValueError(f"p_threshold must be in [0, 1); got {p_threshold}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1); got {alpha}")
    if n_boot < 0:
        raise ValueError(f"n_boot must be >= 0; got {n_boot}")

    design, y = cell_counts(read_capture_table(table))
    # Without a finite main-effects MLE nothing is estimable, e.g. 2 lists
    # with no case in common or a list that holds every case.
    if not check_model(design, y, ()):
        raise ValueError(
            "no finite estimate: the main-effects model has no maximum likelihood "
            "estimate for these data (lists without enough overlap, or a list "
            "holding every case)"
        )
    if method == "model-average":
        averaged = model_average(design, y, alpha=alpha, seed=seed)
        pairs = averaged.models[0][0]
        return MSEResult(
            observed=averaged.observed,
            estimate=averaged.estimate,
            ci_lower=averaged.ci_lower,
            ci_upper=averaged.ci_upper,
            lists=list(design.lists),
            model=[design.pair_name(j) for j in pairs],
            method=method,
            warnings=tuple(mse_warnings(design, y, pairs, averaged.estimate)),
        )
    fit = _fit(design, y, method, p_threshold, allow_empty_overlaps)
    lower = upper = math.nan
    replicates = None
    if n_boot > 0:
        lower, upper, replicates = bca_bootstrap_with_replicates(
            y,
            lambda counts: _fit(design, counts, method, p_threshold, allow_empty_overlaps).estimate,
            fit.estimate,
            n_boot=n_boot,
            seed=seed,
            alpha=alpha,
        )
    return MSEResult(
        observed=fit.observed,
        estimate=fit.estimate,
        ci_lower=lower,
        ci_upper=upper,
        lists=list(design.lists),
        model=[design.pair_name(j) for j in fit.pairs],
        method=method,
        warnings=tuple(mse_warnings(design, y, fit.pairs, fit.estimate, replicates)),
    )


def estimate_hidden_victims(
    capture_tables: Iterable[tuple[str, int, pd.DataFrame]] | pd.DataFrame,
    method: str = "stepwise",
    n_boot: int = 1000,
    seed: int = 2021,
    p_threshold: float = 0.02,
    alpha: float = 0.05,
    max_lists: int | None = None,
) -> pd.DataFrame:
    """Estimate hidden victims per country and year, for the warehouse.

    ``capture_tables`` is an iterable of ``(country_iso3, year, table)`` with
    each table as for ``read_capture_table``, or one long DataFrame with
    ``country_iso3``, ``year``, ``count`` and either a ``pattern`` column
    ("1,0,1" or a {list: 0/1} dict) or one 0/1 column per list. A table that
    cannot be estimated gives a row with NaN estimates (and a warning). Each row
    carries the stepwise (or ``method``) estimate and the model-averaged one
    beside it, and the warnings of both, joined by "; ". A table of more than ``max_lists``
    lists is such a row, its reason given, without a model search (it grows with 2^lists).
    """
    if isinstance(capture_tables, pd.DataFrame):
        capture_tables = tables_from_long(capture_tables)
    rows = []
    for iso3, year, table in capture_tables:
        try:
            n_lists = len([c for c in table.columns if c != COUNT])
            if max_lists is not None and n_lists > max_lists:
                # the model search and its bootstrap grow with 2^lists: one table must not hold the run
                raise ValueError(f"{n_lists} lists: a run estimates tables of at most {max_lists} lists; `ctip mse` estimates it on its own")
            res = estimate_population(table, method=method, p_threshold=p_threshold, n_boot=n_boot, seed=seed, alpha=alpha)
            avg = estimate_population(table, method="model-average", seed=seed, alpha=alpha)
            warned = list(dict.fromkeys([*res.warnings, *avg.warnings]))
            rows.append(
                [
                    iso3,
                    year,
                    res.observed,
                    res.estimate,
                    res.ci_lower,
                    res.ci_upper,
                    ",".join(res.lists),
                    ",".join(res.model),
                    avg.estimate,
                    avg.ci_lower,
                    avg.ci_upper,
                    "; ".join(warned),
                ]
            )
        except ValueError as err:
            log.warning("MSE for %s %s not estimable: %s", iso3, year, err)
            observed = int(pd.to_numeric(table[COUNT], errors="coerce").fillna(0).sum())
            lists = ",".join(str(c) for c in table.columns if c != COUNT)
            rows.append([iso3, year, observed, math.nan, math.nan, math.nan, lists, "", math.nan, math.nan, math.nan, f"not estimable: {err}"])
    out = pd.DataFrame(rows, columns=HIDDEN_VICTIMS_COLUMNS)
    return out.astype(
        {
            "country_iso3": str,
            "year": "int64",
            "observed": "int64",
            "estimate": float,
            "ci_lower": float,
            "ci_upper": float,
            "lists": str,
            "model": str,
            "averaged_estimate": float,
            "averaged_ci_lower": float,
            "averaged_ci_upper": float,
            "warnings": str,
        }
    )


# --------------------------------------------------------------------------
# Command line: ctip mse FILE.csv [--method ...] [--json] [--n-boot N] [--seed S]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="CSV with one 0/1 column per list and a 'count' column")
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="stepwise",
        help="model: stepwise interaction selection (default), main effects only, or the average over models (interval carries the choice of model)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates for the interval (0 = none; default 1000)")
    parser.add_argument("--seed", type=int, default=2021, help="bootstrap random seed (default 2021)")
    parser.add_argument("--p-threshold", type=float, default=0.02, help="stepwise p-value threshold (default 0.02)")
    parser.add_argument("--alpha", type=float, default=0.05, help="1 - confidence level of the interval (default 0.05)")


def _summary(res: MSEResult, args: argparse.Namespace) -> str:
    level = round(100 * (1 - args.alpha), 1)
    model = "main effects" + "".join(f" + {term}" for term in res.model)
    lines = [
        f"Multiple systems estimation: {args.file}",
        f"  {'lists (%d):' % len(res.lists):<17}{', '.join(res.lists)}",
        f"  {'method:':<17}{res.method}" + (f" (p < {args.p_threshold:g})" if res.method == "stepwise" else ""),
        f"  {'model:':<17}{model}",
        f"  {'observed:':<17}{res.observed:,}",
        f"  {'estimated total:':<17}{res.estimate:,.0f}  (hidden: {res.hidden:,.0f})",
    ]
    if res.method == "model-average":
        lines.append(f"  {'%g%% interval:' % level:<17}{res.ci_lower:,.0f} - {res.ci_upper:,.0f}  (mixture over models)")
    elif math.isfinite(res.ci_lower) or math.isfinite(res.ci_upper):
        lines.append(f"  {'%g%% BCa CI:' % level:<17}{res.ci_lower:,.0f} - {res.ci_upper:,.0f}  ({args.n_boot} bootstrap replicates, seed {args.seed})")
    lines += [f"  warning: {w}" for w in res.warnings]
    return "\n".join(lines)


def run_mse(args: argparse.Namespace) -> int:
    """Handler for parsed ``mse`` arguments; returns the exit code."""
    try:
        res = estimate_population(args.file, method=args.method, p_threshold=args.p_threshold, n_boot=args.n_boot, seed=args.seed, alpha=args.alpha)
    except (OSError, ValueError) as err:
        print(f"ctip mse: error: {err}", file=sys.stderr)
        return 2
    print(json.dumps(res.to_dict(), indent=2) if args.json else _summary(res, args))
    return 0


def add_mse_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``mse`` subcommand on an argparse subparsers object."""
    parser = subparsers.add_parser(
        "mse",
        help="estimate hidden victims by multiple systems estimation",
        description="Estimate the total number of victims, seen and unseen, from a capture table (stepwise Poisson log-linear model, BCa bootstrap interval).",
    )
    _add_arguments(parser)
    parser.set_defaults(func=run_mse)
    return parser


def mse_command(argv: Sequence[str] | None = None) -> int:
    """Run ``ctip mse`` on its own argument list (without the ``mse`` word)."""
    parser = argparse.ArgumentParser(prog="ctip mse")
    _add_arguments(parser)
    return run_mse(parser.parse_args(argv))


main = mse_command

if __name__ == "__main__":
    sys.exit(mse_command())

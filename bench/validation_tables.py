"""The validation and calibration tables of docs/methodology.md, generated (never typed by hand).

    .venv/bin/python -m bench.validation_tables docs/methodology.md

Rewrites the part of the file between `<!-- generated:validation -->` and
`<!-- /generated:validation -->`; without a file argument, prints it. Reads the facts of the
published warehouse (`make run` first) and the population it holds (World Bank, and the census
series of Anguilla and Montserrat), runs `public_estimate_tables` and `public_validation_tables`
(the pipeline's own calls: the facts as the public exports show them, given the previous release)
with the settings of schemas/estimation.yaml, the synthetic calibration of
tests/estimate/test_calibration_drift.py and
the reporting sensitivity, and times them."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from ctip.estimate.sensitivity import reporting_sensitivity
from ctip.estimate.tables import estimation_settings
from ctip.paths import warehouse_path
from ctip.pipeline import ESTIMATE_INPUTS, _previous_release, public_estimate_tables, public_validation_tables

START, END = "<!-- generated:validation -->", "<!-- /generated:validation -->"


def _inputs() -> dict[str, pd.DataFrame]:
    """The tables the estimates read, from the published warehouse (as ctip.pipeline does)."""
    with duckdb.connect(str(warehouse_path()), read_only=True) as con:
        have = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        return {name: con.execute(f'select * from "{name}"').df() for name in ESTIMATE_INPUTS if name in have}


def _range(mean: float, low: float, high: float, fmt: str) -> str:
    return f"{mean:{fmt}}" if abs(high - low) < 1e-12 else f"{mean:{fmt}} ({low:{fmt}}–{high:{fmt}})"


def validation_markdown(table: pd.DataFrame) -> str:
    lines = [
        "| indicator | design | held out | MAE (range over repetitions) | baseline MAE | ratio | CRPS | "
        "interval score 95% | coverage 50% | 80% | 95% (range) |",
        "|" + "---|" * 11,
    ]
    for r in table.itertuples(index=False):
        lines.append(
            f"| {r.indicator} | {r.design} | {r.n_held_out} | {_range(r.mean_abs_error, r.mean_abs_error_min, r.mean_abs_error_max, '.1f')} "
            f"| {r.mean_abs_error_baseline:.1f} | {r.mae_ratio_to_baseline:.2f}{'' if r.beats_baseline else ' **worse**'} "
            f"| {r.crps:.1f} | {r.interval_score_95:.0f} | {r.coverage_50:.0%} | {r.coverage_80:.0%} "
            f"| {_range(r.coverage_95, r.coverage_95_min, r.coverage_95_max, '.0%')} |"
        )
    return "\n".join(lines)


def _plain_words(table: pd.DataFrame, indicator: str = "victims_detected") -> list[str]:
    """The headline indicator's results in sentences, against the targets of issue 11."""
    rows = table[table["indicator"] == indicator].set_index("design")
    if rows.empty:
        return []
    out = [f"**{indicator}, in plain words.**"]
    targets = {"random_years": ("target 90–97%", 0.90, 0.97), "leave_country_out": ("target ≥ 85%", 0.85, 1.0)}
    for design in ("random_years", "leave_country_out", "last_years"):
        if design not in rows.index:
            continue
        r = rows.loc[design]
        verdict = ("beats" if r.beats_baseline else "does **not** beat") + f" {BASELINE_WORDS[design]}"
        target = ""
        if design in targets:
            words, low, high = targets[design]
            target = f" ({words}: {'met' if low <= r.coverage_95 <= high else '**not met**'})"
        out.append(
            f"- {design}: 95% coverage {r.coverage_95:.0%}{target}"
            + f"; the published mean {verdict}: MAE {r.mean_abs_error:.1f} against {r.mean_abs_error_baseline:.1f}"
            f" ({r.mae_ratio_to_baseline - 1:+.0%})."
        )
    return out


BASELINE_WORDS = {
    "random_years": "two-sided interpolation",
    "last_years": "the last value carried forward",
    "leave_country_out": "the regional median rate per head",
}


def generate() -> str:
    s = estimation_settings()
    tables = _inputs()
    fact, members = tables["fact_observation"], list(tables["dim_country"]["country_iso3"])
    # The same calls the pipeline makes, timed: the estimates and their validation read the facts
    # as the public exports show them (a withheld count as censored <5), given the previous release.
    previous, _ = _previous_release(warehouse_path())
    t0 = time.perf_counter()
    published = public_estimate_tables(tables, previous=previous)
    estimates, regional = published["mart_estimates"], published["mart_regional_estimates"]
    t_estimates = time.perf_counter() - t0
    t0 = time.perf_counter()
    table = public_validation_tables(tables, previous=previous)["mart_estimate_validation"]
    t_validation = time.perf_counter() - t0
    from tests.estimate.test_calibration_drift import calibration

    c = calibration()
    worse = table[(~table["beats_baseline"]) & (table["indicator"] != "all")]
    sens = reporting_sensitivity(estimates, members)
    head = regional[(regional["indicator"] == "victims_detected") & (regional["sex"] == "total") & (regional["exploitation"] == "total")].set_index("year")
    out = [
        f"Generated by `python -m bench.validation_tables docs/methodology.md` on the GLOTIP export "
        f"({len(fact):,} facts, {len(members)} members, {s['first_year']}–{int(estimates['year'].max())}), "
        f"seed {s['seed']}, {s['validation_repetitions']} repetitions of the random deal into "
        f"{s['validation_folds']} folds, last {s['validation_last_k']} years, {s['validation_draws']} draws per prediction.",
        "",
        "### Validation on the real data (mart_estimate_validation)",
        "",
        validation_markdown(table),
        "",
        "Where the model does **not** beat the baseline (mean absolute error of the published mean): "
        + (
            "none."
            if worse.empty
            else "; ".join(
                f"{r.indicator} / {r.design} ({r.mean_abs_error:.1f} vs {r.mean_abs_error_baseline:.1f}, {(r.mae_ratio_to_baseline - 1):+.0%})"
                for r in worse.itertuples()
            )
        ),
        "",
        *_plain_words(table),
        "",
        "### Calibration on a synthetic region that is not the model's family",
        "",
        f"Three seeded regions of tests/estimate/synthetic_drift.py ({c['n_hidden']} hidden totals, "
        f"{c['n_never_reporting']} of them of never-reporting members):",
        "",
        "| check | measured | pass band |",
        "|---|---|---|",
        f"| 95% coverage, all hidden totals | {c['coverage_95']:.1%} (by region {', '.join(f'{v:.1%}' for v in c['coverage_95_by_seed'])}) | 88–97% |",
        f"| 95% coverage, never-reporting members (M) | {c['coverage_95_never_reporting']:.1%} | ≥ 85% |",
        f"| MAE of the mean / two-sided interpolation ({c['n_compared']} cells) | {c['ratio_mean']:.2f} "
        f"({c['mae_mean']:.2f} vs {c['mae_interpolation']:.2f}) | ≤ 0.90{' — **not met** by the mean' if c['ratio_mean'] > 0.9 else ''} |",
        f"| MAE of the median / two-sided interpolation | {c['ratio_median']:.2f} ({c['mae_median']:.2f} vs {c['mae_interpolation']:.2f}) | ≤ 0.90 |",
        f"| mean signed error of the mean / of interpolation (reporting in big years) | {c['bias_mean']:+.2f} / "
        f"{c['bias_interpolation']:+.2f} | (not a band) |",
        "",
        "### Reporting that is not at random: regional victims detected",
        "",
        "The regional total if every imputed member-year held 0.8 or 0.6 times its estimate (members reporting in their big years), beside the model's (1.0):",
        "",
        "| year | model (1.0) | 0.8 | 0.6 | imputed share | publishable |",
        "|---|---|---|---|---|---|",
        *[
            f"| {int(r.year)} | {r.factor_1:.0f} | {r._3:.0f} | {r._4:.0f} | {r.imputed_share:.0%} | "
            f"{'yes' if head.loc[int(r.year), 'publishable'] else 'no'} |"
            for r in sens.itertuples()
        ],
        "",
        "### Time",
        "",
        f"Measured here (2 shared cores): estimates and regional totals of the full region {t_estimates:.1f} s "
        f"(target under 30 s); "
        f"validation {t_validation:.1f} s (its own asset, `estimate_validation`).",
    ]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    text = generate()
    if not argv:
        print(text)
        return 0
    path = Path(argv[0])
    doc = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(doc):
        raise SystemExit(f"{path}: no {START} ... {END} block")
    path.write_text(pattern.sub(lambda _: f"{START}\n{text}\n{END}", doc), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

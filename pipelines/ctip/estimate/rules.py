"""The rules of the estimates: schemas/estimation.yaml with the operator's settings on top, and
the regional publishable rule in words. Read by the estimates, the run summary and the report
without importing any model."""

from __future__ import annotations

from ctip.paths import SCHEMAS_DIR
from ctip.yamlio import parse_yaml

# A column of the facts the estimates read (ctip.export.model_inputs): where the public files
# withhold a value the country reported, the most it can be as they show it (4 for a small count,
# inf for a complement); NaN where they show it. panel.py carries it to the series cells.
WITHHELD = "withheld_up_to"
# A column of the facts the estimates read (ctip.export.model_inputs): True where the warehouse
# flagged the row inconsistent_total and the public files show it withheld (its flag then reads
# `suppressed`). The public mart_country_year says so too (has_inconsistency), so the estimates may
# use it: a `<5` total whose withheld parts are flagged is contradicted by them (attack6 K-N).
FLAGGED_INCONSISTENT = "flagged_inconsistent"
INCONSISTENT_FLAG = "inconsistent_total"
FAST = {"n_draws": 100, "validation_draws": 50, "validation_folds": 2, "validation_repetitions": 1, "mse_bootstrap": 100}


def estimation_settings() -> dict:
    """schemas/estimation.yaml with the operator's settings on top (years, publishable threshold); the
    quick setting swaps in few draws and folds, for trial runs that test the plumbing, not the model."""
    settings = parse_yaml((SCHEMAS_DIR / "estimation.yaml").read_text(encoding="utf-8"))
    from ctip import settings as operator_settings

    if operator_settings.get("estimate_quick"):  # trial runs and tests of the plumbing, not of the model
        settings.update(FAST)
    for key in ("first_year", "last_year", "publishable_threshold"):
        name = key if key == "publishable_threshold" else f"estimate_{key}"
        value = operator_settings.get(name)
        if value is not None:
            settings[key] = value
    return settings


def publishable_rule(settings: dict | None = None) -> str:
    """The regional publishable rule in words, with the thresholds of schemas/estimation.yaml (or of
    this run's environment overrides)."""
    s = settings or estimation_settings()
    return f"members reporting hold >= {s['publishable_threshold']:.0%} of the population and <= {s['max_imputed_share']:.0%} of the total is imputed"

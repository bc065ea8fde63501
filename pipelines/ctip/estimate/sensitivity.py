"""Sensitivity of the regional totals to reporting that is not at random.

The model assumes that whether a member reported a year says nothing about the count beyond the
member's level and the year (missing at random given them). Members may rather report in years
with more cases (a campaign, a big operation), so that their unreported years hold fewer cases
than their reported ones suggest. The alternative shown: every imputed member-year (nature E or
M, not a suppressed `<5`, which was reported) holds `factor` times its estimate. The regional
total is then the reported part plus factor times the imputed part."""

from __future__ import annotations

import pandas as pd

from ctip.estimate.regional import SUPPRESSED_METHOD
from ctip.schema import load_schema
from ctip.warehouse.cells import is_total_row

FACTORS = (1.0, 0.8, 0.6)


def reporting_sensitivity(estimates: pd.DataFrame, members: list[str], indicator: str | None = None, factors: tuple[float, ...] = FACTORS) -> pd.DataFrame:
    """One row per year: the regional total of the indicator (default: the headline) under each factor (columns
    `factor_<f>`), and the imputed share under the model (factor 1)."""
    indicator = indicator or load_schema().role("headline")
    rows = estimates[(estimates["indicator"] == indicator) & is_total_row(estimates, ("sex", "exploitation")) & estimates["country_iso3"].isin(members)]
    reported = (rows["nature"] == "C") | (rows["method"] == SUPPRESSED_METHOD)
    parts = rows.assign(reported=rows["estimate"].where(reported, 0.0), imputed=rows["estimate"].where(~reported, 0.0))
    by_year = parts.groupby("year")[["reported", "imputed"]].sum()
    out = pd.DataFrame(index=by_year.index)
    for f in factors:
        out[f"factor_{f:g}"] = by_year["reported"] + f * by_year["imputed"]
    out["imputed_share"] = by_year["imputed"] / (by_year["reported"] + by_year["imputed"])
    return out.reset_index()

"""Reference data carried with the project: population (World Bank SP.POP.TOTL, CC BY 4.0), filled
for members without a World Bank series from their census counts (data/reference/SOURCE.md), and
overridable by a user file with the same columns (iso3, year, population)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ctip.contracts import columns
from ctip.paths import REFERENCE_DIR

POPULATION_SOURCE = "World Bank, World Development Indicators, SP.POP.TOTL (CC BY 4.0)"
CENSUS_YEARS = range(2000, 2025)


def census_series(census: pd.DataFrame, years: range = CENSUS_YEARS) -> pd.DataFrame:
    """A yearly series per iso3 from its census counts: geometric interpolation between censuses;
    outside them, the growth rate of the nearest intercensal period (constant with one census)."""
    rows = []
    for iso3, g in census.sort_values("year").groupby("iso3"):
        cy, cp = g["year"].to_numpy(float), np.log(g["population"].to_numpy(float))
        for year in years:
            if len(cy) == 1:
                log_pop, how = cp[0], "held at the census count"
            else:
                j = int(np.clip(np.searchsorted(cy, year) - 1, 0, len(cy) - 2))  # segment used
                log_pop = cp[j] + (cp[j + 1] - cp[j]) * (year - cy[j]) / (cy[j + 1] - cy[j])
                inside = cy[0] <= year <= cy[-1]
                how = "interpolated between censuses" if inside else f"extrapolated at the {int(cy[j])}–{int(cy[j + 1])} growth rate"
            exact = year in set(cy.astype(int))
            how = "census count" if exact else how
            censuses = ", ".join(str(int(y)) for y in cy)
            rows.append((iso3, year, float(round(np.exp(log_pop))), f"census counts ({censuses}), {how}"))
    return pd.DataFrame(rows, columns=columns("ref_population"))


def load_population(reference: Path | None = None, override: Path | None = None, census: Path | None = None) -> pd.DataFrame:
    """Population by iso3 and year: the World Bank's; for an iso3 it lacks, the census series
    (census_population.csv beside the reference file); rows of the override file replace either."""
    reference = Path(reference or REFERENCE_DIR / "population.csv")
    override = Path(override) if override else REFERENCE_DIR / "population_override.csv"
    census = Path(census) if census else reference.parent / "census_population.csv"
    pop = pd.read_csv(reference, dtype={"iso3": str, "year": "int64", "population": "float64"})
    pop["source"] = POPULATION_SOURCE
    if census.exists():
        counts = pd.read_csv(census, dtype={"iso3": str, "year": "int64", "population": "float64"})
        counts = counts[~counts["iso3"].isin(pop["iso3"])]
        if len(counts):
            pop = pd.concat([pop, census_series(counts)])
    if override.exists():
        user = pd.read_csv(override, dtype={"iso3": str, "year": "int64", "population": "float64"})
        user["source"] = f"user file {override.name}"
        pop = pd.concat([pop, user]).drop_duplicates(["iso3", "year"], keep="last")
    return pop[columns("ref_population")].sort_values(["iso3", "year"]).reset_index(drop=True)

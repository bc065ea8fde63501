"""Reference data carried with the project: population (World Bank SP.POP.TOTL, CC BY 4.0),
overridable by a user file with the same columns (iso3, year, population)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ctip.paths import REFERENCE_DIR

POPULATION_SOURCE = "World Bank, World Development Indicators, SP.POP.TOTL (CC BY 4.0)"


def load_population(reference: Path | None = None, override: Path | None = None) -> pd.DataFrame:
    """Population by iso3 and year; rows of the override file replace the reference's."""
    reference = Path(reference or REFERENCE_DIR / "population.csv")
    override = Path(override) if override else REFERENCE_DIR / "population_override.csv"
    pop = pd.read_csv(reference, dtype={"iso3": str, "year": "int64", "population": "float64"})
    pop["source"] = POPULATION_SOURCE
    if override.exists():
        user = pd.read_csv(override, dtype={"iso3": str, "year": "int64", "population": "float64"})
        user["source"] = f"user file {override.name}"
        pop = pd.concat([pop, user]).drop_duplicates(["iso3", "year"], keep="last")
    return pop[["iso3", "year", "population", "source"]].sort_values(["iso3", "year"]).reset_index(drop=True)

"""A count larger than the member's population is not a count (attack4 I-D).

Every indicator counts persons or cases (schemas/indicators.yaml `unit`), and no member detects,
investigates, prosecutes or convicts more persons — or opens more cases — in a year than it has
inhabitants. A larger figure is a phone number typed without its hyphen (Jamaica's 555-0142 as
5,550,142 victims: 196% of the population), an identifier or an amount in a count cell, and once
published it made every estimate of the region absurd. Intake's bound (`counts.max` in
schemas/dimensions.yaml, ten million) is the same for every member and is above the population of
all but four of them; this is the member's own.

The rule lives here, in validation, so `ctip check`, the portal and a run refuse the same cells
with the same reason before anything is staged. The population is the warehouse's `ref_population`
(`ctip.reference.load_population`, the same function builds that table): the member's figure for
the year, else its nearest year's (the World Bank series ends before the latest year a ministry
reports; a population moves by a few per cent in a few years, and a real count is orders of
magnitude below it), else, for a member without any population figure, `counts.max`. Real counts
are far below the bound: the largest national figure in UNODC's export is a fraction of a per cent
of the population."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ctip import reference
from ctip.intake.values import max_count

# The English reason stored in quarantine; the sender reads the sentence of kind 'above_population'
# in their language (schemas/lang/<language>.yaml feedback.problems, ctip.feedback.problems).
REASON = (
    "the count is more than the population of {iso3} in {year} ({population:,}): "
    "not a count of persons or cases (a phone number or an identifier in a count cell?)"
)


def _reference_files() -> tuple[tuple[str, int], ...]:
    """The files `load_population` reads, with their modification times: the cache's key."""
    folder = reference.REFERENCE_DIR
    out = []
    for name in ("population.csv", "population_override.csv", "census_population.csv"):
        p = folder / name
        out.append((str(p), p.stat().st_mtime_ns if p.exists() else 0))
    return tuple(out)


@lru_cache(maxsize=4)
def _bounds(files: tuple[tuple[str, int], ...]) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], int]:
    """({iso3: (years, population) sorted by year}, the fallback bound). `files` keys the cache."""
    pop = reference.load_population()
    by_member = {
        iso3: (g["year"].to_numpy("int64"), g["population"].to_numpy("float64"))
        for iso3, g in pop.dropna(subset=["population"]).sort_values("year").groupby("iso3", sort=False)
    }
    return by_member, max_count()


def population_bound(iso3: str, year: int) -> tuple[int, int | None]:
    """(the largest count `iso3` may report for `year`, the year of the population used; None when
    the member has no population figure and `counts.max` is the bound)."""
    by_member, fallback = _bounds(_reference_files())
    series = by_member.get(iso3)
    if series is None:
        return fallback, None
    years, population = series
    i = int(np.argmin(np.abs(years - int(year))))  # the year itself, else the nearest (the earlier on a tie)
    return int(population[i]), int(years[i])


def over_population(obs: pd.DataFrame) -> pd.Series:
    """The reason for each row whose value is above its member's population (indexed like `obs`;
    empty when none is). Rows without a value, country or year are left to the other checks. The
    reason does not repeat the value: it may be a phone number."""
    if obs.empty or "value" not in obs.columns:
        return pd.Series([], dtype=object)
    by_member, _ = _bounds(_reference_files())
    smallest = min((float(p.min()) for _, p in by_member.values()), default=float(max_count()))
    value = pd.to_numeric(obs["value"], errors="coerce").to_numpy("float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        candidates = np.flatnonzero(value > smallest)  # nearly always none: no lookup at all
    bad, reasons = [], []
    for i in candidates.tolist():
        iso3, year = obs["country_iso3"].iat[i], obs["year"].iat[i]
        if pd.isna(iso3) or pd.isna(year):
            continue
        bound, pop_year = population_bound(str(iso3), int(year))
        if value[i] > bound:
            bad.append(obs.index[i])
            reasons.append(REASON.format(iso3=iso3, year=pop_year if pop_year is not None else int(year), population=bound))
    return pd.Series(reasons, index=bad, dtype=object)

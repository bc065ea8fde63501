"""The smallest revision that made a release refuse (before held-back revisions existed), with
known truth, on top of the synthetic warehouse of tests/export/conftest.py.

JAM 2019, victims detected by sex, in three releases:

    release   total  female  male  unknown
    1            20      12     8        0    every cell published (no count from 1 to 4)
    2            20      12     4        4    the revision: male and unknown become small
    3            26      12    10        4    a later revision: male no longer small

Release 2 alone would withhold male and unknown (1-4) and female as their complement. Against
release 1, total 20 and female 12 are unchanged and were published, so they cannot be withheld
again: male + unknown = 20 - 12 = 8 with both from 0 to 4 gives male = unknown = 4. Nothing of
release 2 can be withheld to prevent it; the revision of male and unknown is held back (the
public tables keep release 1's 8 and 0, marked held_back). Release 3 can be published: unknown
4 is withheld, male 10 as its complement, the new total 26 published."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from ctip.contracts import columns
from ctip.region import dim_country
from ctip.warehouse.build import build_marts, carry_over, dim_indicator, write_tables
from tests.export.conftest import _row, synthetic_fact, synthetic_population

COUNTRY, YEAR, INDICATOR = "JAM", 2019, "victims_detected"
RELEASES = {
    1: {"total": 20, "female": 12, "male": 8, "unknown": 0},
    2: {"total": 20, "female": 12, "male": 4, "unknown": 4},
    3: {"total": 26, "female": 12, "male": 10, "unknown": 4},
}
REVISED = ("male", "unknown")  # the cells release 2 revises


def block(release: int, country: str = COUNTRY, year: int = YEAR) -> pd.DataFrame:
    """The block of a release (JAM 2019 unless said), as fact_observation rows."""
    rows = [_row(country, year, INDICATOR, sex, "total", "total", "total", v, cell=f"B{i + 2}") for i, (sex, v) in enumerate(RELEASES[release].items())]
    return pd.DataFrame(rows)


def fact(release: int, country: str = COUNTRY, year: int = YEAR) -> pd.DataFrame:
    """The synthetic fact table with the block of a release (JAM 2019 unless said)."""
    frame = pd.concat([synthetic_fact(), block(release, country, year)], ignore_index=True)
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    frame["year"] = frame["year"].astype("int64")
    return frame


def build_warehouse(path: Path, release: int) -> Path:
    """A warehouse of the release at `path` (replacing any), as a build publishes it: with a copy
    of the release cells the exports recorded beside it (releases.duckdb)."""
    path = Path(path)
    countries = dim_country()
    tables = {
        "submissions": pd.DataFrame(columns=columns("submissions")).astype("string"),
        "fact_observation": fact(release),
        "fact_observation_history": pd.DataFrame(columns=columns("fact_observation_history")).astype("string"),
        "quarantine": pd.DataFrame(columns=columns("quarantine")).astype("string"),
        "dim_country": countries,
        "dim_indicator": dim_indicator(),
        "ref_population": synthetic_population(countries["country_iso3"].tolist()),
    }
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    with duckdb.connect(str(building)) as con:
        write_tables(con, tables)
        build_marts(con)
        # what the exports published so far, as a build copies it (the report reads this copy)
        carry_over(con, path.with_name("releases.duckdb"), ("release_cells",))
        con.execute("checkpoint")
    building.replace(path)
    return path
